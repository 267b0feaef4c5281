#!/bin/bash
# Nothing invisible: with -v or --log, a refusal the filter would decide
# is answered by the supervisor, the same, so that it is seen; the exit
# status is the same as without; a kill stays in the kernel (159); a rule
# placed in Landlock stays there.
. "$(dirname "$0")/lib.sh"
scratch
plan 7
"$UNOTIFY" run -e 'uname -> errno EPERM' -- uname >/dev/null 2>&1
plain=$?
out=$("$UNOTIFY" run -v -e 'uname -> errno EPERM' -- uname 2>&1 >/dev/null)
st=$?
like "$out" 'unotify: \[pid [0-9]+ x86_64\] uname\(0x[0-9a-f]+\) -> errno = -1 EPERM \[-e:1\]' \
	"-v shows a refusal the filter would have decided alone"
is "$st" "$plain" "the exit status is the one without -v ($plain)"
like "$out" 'unotify: -v/--log: 1 refusal the filter would answer is answered by the supervisor' \
	"and says so at start"
"$UNOTIFY" run --log "$TMP/log" -e 'uname -> errno EPERM' -- uname >/dev/null 2>&1
like "$(cat "$TMP/log")" '"syscall":"uname".*"action":"errno","errno":"EPERM"' "--log records it"
"$UNOTIFY" run -v -e 'uname -> kill' -- uname >/dev/null 2>&1
is "$?" 159 "a kill stays in the kernel under -v: SIGSYS, 159, as without"
abi=$("$SYS" landlock-abi | sed -n 's/^landlock-abi = //p')
if [ "${abi:-0}" -ge 2 ] 2>/dev/null; then
	mkdir -p "$TMP/w"
	out=$("$UNOTIFY" run -v -e "mkdir,mkdirat pathname=$TMP/w/** -> allow" -e 'mkdir,mkdirat -> errno EACCES' \
		-e 'rename,renameat,renameat2 -> errno EACCES' -e 'rmdir,unlinkat,unlink -> errno EACCES' -- \
		"$SYS" mkdir "$TMP/w/a" mkdir "$TMP/o" 2>&1)
	is "$(echo "$out" | grep -c '^unotify: \[pid.*mkdir(')" 0 "-v moves no rule out of Landlock: placed mkdirs are not notified"
	like "$out" 'mkdir = -1 EACCES' "and Landlock still refuses"
else
	skip 2 "needs Landlock"
fi
done_testing
