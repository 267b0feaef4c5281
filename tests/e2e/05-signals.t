#!/bin/bash
# Delays, signals during a held call, a dying target, signal forwarding,
# and waiting for every descendant.
. "$(dirname "$0")/lib.sh"
scratch
plan 12
D="mkdir pathname=$TMP/** -> emulate, delay 0.6"

out=$("$UNOTIFY" run -e "$D" -- "$SYS" alarm 0.2 mkdir "$TMP/k" 2>&1)
is "$out" "$(printf 'handler\nmkdir = 0')" "killable wait: the call completes, then the handler runs"
test -d "$TMP/k"; ok $? "and the directory exists"

out=$("$UNOTIFY" run --interruptible -e "$D" -- "$SYS" alarm 0.2 mkdir "$TMP/i" mkdir "$TMP/i2" 2>&1)
is "$out" "$(printf 'handler\nmkdir = -1 EINTR\nmkdir = 0')" \
	"--interruptible: EINTR, and the supervisor goes on serving"
test ! -e "$TMP/i" && test -d "$TMP/i2"; ok $? "the interrupted call was dropped, the next one done"

"$UNOTIFY" run -e "mkdir pathname=$TMP/** -> emulate, delay 30" -- "$SYS" mkdir "$TMP/dead" &
upid=$!
tpid=$(command_pid $upid sys)
sleep 0.2
kill -KILL "$tpid"
wait $upid; is $? 137 "a target killed while its call waits: unotify reports 137"
test ! -e "$TMP/dead"; ok $? "and the dropped call did nothing"

"$UNOTIFY" run -e 'getppid -> allow' -- "$SYS" sleep 30 &
upid=$!
command_pid $upid sys >/dev/null
kill -TERM $upid
wait $upid; is $? 143 "SIGTERM sent to unotify is forwarded to the command"

"$UNOTIFY" run -e 'getppid -> allow' -- "$SYS" fork-touch 0.5 "$TMP/orphan"; st=$?
is $st 0 "the command's status, though a child outlived it"
test -e "$TMP/orphan"; ok $? "unotify waited for the orphaned descendant"

"$UNOTIFY" run -e 'getppid -> allow' -- "$SYS" sleep 30 &
upid=$!
tpid=$(command_pid $upid sys)
kill -KILL $upid
wait $upid 2>/dev/null
for _ in $(seq 100); do kill -0 "$tpid" 2>/dev/null || break; sleep 0.05; done
! kill -0 "$tpid" 2>/dev/null; ok $? "the command dies when unotify is killed"

out=$("$UNOTIFY" run -e "mkdir pathname=$TMP/** -> errno EROFS, delay 0.1" -- "$SYS" mkdir "$TMP/r" 2>&1)
is "$out" "mkdir = -1 EROFS" "a delayed errno answer"
out=$("$UNOTIFY" run -e "getppid -> return 9, delay 0.1" -e "mkdir -> return 3" -- "$SYS" getppid mkdir x 2>&1)
is "$out" "$(printf 'getppid = 9\nmkdir = 3')" "delays do not hold up later calls' answers"
done_testing
