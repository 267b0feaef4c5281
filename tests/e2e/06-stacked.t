#!/bin/bash
# A target that stacks its own second filter: ERRNO beats USER_NOTIF (no
# notification), TRACE does not (the notification happens).
. "$(dirname "$0")/lib.sh"
plan 4
out=$("$UNOTIFY" run -v -e 'mkdir -> return 5' -- "$SYS" filter errno mkdir /x 2>&1)
like "$out" 'mkdir = -1 EACCES' "a stacked SECCOMP_RET_ERRNO wins"
! echo "$out" | grep -q 'unotify: \[pid'; ok $? "and no notification arrives"
out=$("$UNOTIFY" run -v -e 'mkdir -> return 5' -- "$SYS" filter trace mkdir /x 2>&1)
like "$out" 'mkdir = 5' "a stacked SECCOMP_RET_TRACE loses to the supervisor"
like "$out" 'unotify: \[pid [0-9]+ x86_64\] mkdir\("/x", 0777\) -> return = 5' "the notification happens"
done_testing
