#!/bin/bash
# The target attacks its supervisor: takes the listener, signals, starves
# or outlives it.  unotify is undumpable, its filter refuses what names its
# own pid, and (Landlock 6.12+) the lock layer fences it off in the kernel.
. "$(dirname "$0")/lib.sh"
scratch
plan 20
P=(-e "mkdir pathname=$TMP/deny/** -> deny")
abi=$(landlock_abi)

steal_refused='pidfd_open = -1 EPERM
ptrace = -1 EPERM
process_vm_readv = -1 EPERM
open_mem = -1 EACCES
open_fd = -1 EACCES'
signals_refused='kill = -1 EPERM
tgkill = -1 EPERM
tkill = -1 EPERM
rt_sigqueueinfo = -1 EPERM'
starve_refused='prlimit = -1 EPERM
setpriority_process = -1 EPERM
setpriority_pgrp = -1 EPERM
setpriority_user = -1 EPERM
sched_setscheduler = -1 EPERM
sched_setaffinity = -1 EPERM
ioprio_set = -1 EPERM
ioprio_set_user = -1 EPERM'

# Without the lock layer: the filter and an undumpable unotify.
out=$("$UNOTIFY" run --no-lock-layer "${P[@]}" -- "$HOSTILE" steal 2>&1)
like "$out" "$(printf 'pidfd_open = -1 EPERM\nptrace = -1 EPERM\nprocess_vm_readv = -1 EPERM')" \
	"no lock layer: pidfd_open, ptrace and process_vm_readv of unotify are refused by the filter"
is "$("$UNOTIFY" run --no-lock-layer "${P[@]}" -- "$HOSTILE" signal 19 2>&1)" "$signals_refused" \
	"no lock layer: kill, tgkill, tkill, rt_sigqueueinfo of unotify (SIGSTOP) are refused"
is "$("$UNOTIFY" run --no-lock-layer "${P[@]}" -- "$HOSTILE" starve 2>&1)" "$starve_refused" \
	"no lock layer: prlimit, setpriority, sched_*, ioprio_set on unotify or the user are refused"
out=$("$UNOTIFY" run --no-lock-layer "${P[@]}" -- "$HOSTILE" group 10 2>&1); st=$?
is "$out" "$(printf 'kill0 = -1 EPERM\nkillpg = -1 EPERM\nparent_alive = 0')" \
	"no lock layer: kill(0) and kill(-pgrp) are refused"
is $st 0 "and unotify lives on to report the command's status"

if [ "$(id -u)" -eq 0 ]; then
	as_nobody_setup
	out=$("${NOBODY[@]}" "$NUNOTIFY" run --no-lock-layer "${P[@]}" -- "$NHOSTILE" steal 2>&1)
	is "$out" "$steal_refused" "same uid, no lock layer: unotify is undumpable (its memory and fds stay closed)"
else
	skip 1 "running as another user needs root"
fi

if [ "$abi" -ge 6 ]; then
	is "$("$UNOTIFY" run "${P[@]}" -- "$HOSTILE" steal 2>&1)" "$steal_refused" \
		"lock layer: even root cannot take the listener, trace or read unotify"
	is "$("$UNOTIFY" run "${P[@]}" -- "$HOSTILE" signal 9 2>&1)" "$signals_refused" \
		"lock layer: no signal reaches unotify"
	is "$("$UNOTIFY" run "${P[@]}" -- "$HOSTILE" starve 2>&1)" "$starve_refused" \
		"lock layer: the filter still refuses the calls Landlock does not govern"
	out=$("$UNOTIFY" run "${P[@]}" -- "$HOSTILE" group 10 2>&1); st=$?
	is "$out" "$(printf 'kill0 = 0\nkillpg = 0\nparent_alive = 0')" \
		"lock layer: group signals work and skip unotify"
	is $st 0 "and unotify lives on"
	if [ "$(id -u)" -eq 0 ]; then
		out=$("${NOBODY[@]}" "$NUNOTIFY" run "${P[@]}" -- "$NHOSTILE" steal 2>&1)
		is "$out" "$steal_refused" "lock layer, same uid: nothing reaches unotify"
	else
		skip 1 "running as another user needs root"
	fi
	out=$("$UNOTIFY" run "${P[@]}" -- sh -c 'sleep 5 & kill $!; wait $!; echo $?' 2>/dev/null)
	is "$out" 143 "lock layer: the command still signals its own children"
	out=$("$UNOTIFY" run "${P[@]}" -- unshare -Urm sh -c 'mount -t tmpfs t /mnt && echo mounted' 2>&1)
	is "$out" mounted "lock layer: mounts in the command's own namespaces still work"
else
	skip 8 "the lock layer needs Landlock ABI 6 (Linux 6.12); this kernel has $abi"
fi

# After a `stop` rule closed the listener, the target runs on: no
# supervised call succeeds, and it cannot install a listener of its own.
for lock in "" --no-lock-layer; do
	rm -rf "$TMP/deny"; mkdir "$TMP/deny"
	out=$("$UNOTIFY" run $lock -e 'mq_notify -> errno EMSGSIZE, stop' "${P[@]}" -- "$HOSTILE" mq_notify own-listener "$TMP/deny/x" 2>&1)
	is "$out" "$(printf 'mq_notify = -1 EMSGSIZE\nmkdir = -1 ENOSYS\nlistener = -1 EBUSY')" \
		"${lock:-lock layer}: once the listener is closed, supervised calls get ENOSYS and no second listener is allowed"
	test ! -e "$TMP/deny/x"; ok $? "${lock:-lock layer}: and the denied directory was never made"
done

# unotify's keeper and the command's own tree.
is "$("$UNOTIFY" run --no-lock-layer "${P[@]}" -- "$HOSTILE" at-keeper signal 19 2>&1)" "$signals_refused" \
	"no lock layer: the keeper is out of reach too"
is "$("$UNOTIFY" run -e 'reboot -> deny' -- "$HOSTILE" at-keeper signal 19 2>&1)" "$signals_refused" \
	"and so is it under a policy the kernel decides alone"
done_testing
