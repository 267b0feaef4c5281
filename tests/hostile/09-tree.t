#!/bin/bash
# The supervised tree ends when it should: a daemon that called setsid()
# does not keep unotify waiting once it is told to stop (SIGTERM from a
# cancelled CI job), a process that ignores SIGTERM gets SIGKILL after the
# grace period, --end-with-command ends the rest with the command, and if
# unotify itself is killed, its keeper kills the whole tree.
. "$(dirname "$0")/lib.sh"
scratch
plan 11
P=(-e 'mq_notify -> errno EMSGSIZE, log')
now() { date +%s%N; }
alive() { pgrep -f "$1" >/dev/null; }
wait_for() { for _ in $(seq 100); do alive "$1" && return 0; sleep 0.05; done; return 1; }

"$UNOTIFY" run "${P[@]}" -- sh -c 'setsid sleep 317 & exit 4' &
upid=$!
wait_for '^sleep 317$'
t0=$(now); kill -TERM $upid; wait $upid; st=$?; t1=$(now)
is $st 4 "SIGTERM to unotify ends a setsid daemon: the command's status is kept"
ok $(( (t1 - t0) / 1000000 > 3000 )) "promptly ($(( (t1 - t0) / 1000000 )) ms)"
! alive '^sleep 317$'; ok $? "and the daemon is gone"

"$UNOTIFY" run --grace 1 "${P[@]}" -- sh -c 'setsid sh -c "trap \"\" TERM; sleep 318; :" & exit 5' &
upid=$!
wait_for '^sleep 318$'
t0=$(now); kill -TERM $upid; wait $upid; st=$?; t1=$(now)
ms=$(( (t1 - t0) / 1000000 ))
is $st 5 "a process that ignores SIGTERM ..."
ok $(( ms < 900 || ms > 4000 )) "... gets SIGKILL after the grace period (--grace 1: $ms ms)"

t0=$(now)
"$UNOTIFY" run --end-with-command "${P[@]}" -- sh -c 'setsid sleep 319 & exit 6'; st=$?
t1=$(now)
is $st 6 "--end-with-command: unotify returns the command's status"
ok $(( (t1 - t0) / 1000000 > 3000 )) "without waiting for the daemon"
! alive '^sleep 319$'; ok $? "which is gone"

"$UNOTIFY" run "${P[@]}" -- sh -c 'setsid sleep 320 & sleep 321' &
upid=$!
wait_for '^sleep 320$' && wait_for '^sleep 321$'
kill -KILL $upid
wait $upid 2>/dev/null
for _ in $(seq 60); do alive '^sleep 32[01]$' || break; sleep 0.05; done
! alive '^sleep 32[01]$'; ok $? "unotify killed: its keeper kills the whole tree, setsid daemons included"

out=$("$UNOTIFY" run --grace soon -e 'getpid -> allow' -- true 2>&1); st=$?
is $st 125 "a bad --grace is refused"
like "$out" "grace takes seconds" "and says why"
done_testing
