#!/bin/bash
# unotify trace: every call of a real program reported, its arguments
# decoded (flags by name, paths quoted, a relative path's object beside
# it), its result where unotify knows it (the emulated file calls) and `?`
# where the kernel ran it after the report; -e, -o, --json and -c.
. "$(dirname "$0")/lib.sh"
scratch
plan 11
cd "$TMP" || exit 1
out=$("$UNOTIFY" trace --emulate -e openat,write,close -- sh -c 'echo hi >f; cat f' 2>&1 >/dev/null)
like "$out" '\[pid +[0-9]+\] openat\(AT_FDCWD, "f" <"'"$TMP"'/f">, O_WRONLY\|O_CREAT\|O_TRUNC, 0666\) = [0-9]+' \
	"--emulate: an open performed by unotify, flags by name, the mode in octal, the relative path's object, the fd it returned"
like "$out" 'openat\(AT_FDCWD, "f" <"[^"]*">, O_RDONLY, 0\) = 3' "cat's open of it, O_RDONLY, fd 3"
like "$out" 'close\(3\) = \?' "a continued call's result is ? (the kernel ran it after the report)"
is "$(echo "$out" | grep -c '^\[pid ' )" "$(echo "$out" | grep -c '')" "every line is a call, nothing else (-e: only those calls)"
is "$(cat f)" "hi" "the traced program did its work"
"$UNOTIFY" trace --json -o "$TMP/j" -e openat -- cat f >/dev/null
is "$(perl -MJSON::PP -ne '$v = decode_json($_); print "$v->{syscall} " if $v->{args}{pathname} eq "f"' "$TMP/j")" \
	"openat " "--json -o writes the audit records to the file"
"$UNOTIFY" trace -c -o "$TMP/c" -- sh -c 'ls / >/dev/null'
like "$(tail -1 "$TMP/c")" '^ +[0-9]+ +[0-9]+ +100.00 .* total \(time in the supervisor\)$' "-c ends with the summary's total"
like "$(cat "$TMP/c")" ' +[0-9]+ +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+  execve' "with a row per call"
like "$("$UNOTIFY" trace -e openat -- cat f 2>&1 >/dev/null)" 'openat\(AT_FDCWD, "f", O_RDONLY, 0\) = \?' \
	"without --emulate every call is continued: its result is ?"
"$UNOTIFY" trace -o "$TMP/x" -- sh -c 'exit 7'
is "$?" 7 "the command's exit status is trace's"
# a name that would drive the terminal: C1 CSI, a bidi override, an
# overlong newline are escaped; a plain é is shown
name=$(printf 'x\302\233[2Jy\342\200\256z\300\212\303\251')
is "$("$UNOTIFY" trace -e mkdir -- "$SYS" mkdir "$TMP/$name" 2>&1 >/dev/null | grep -o '/x[^"]*' | head -1)" \
	"$(printf '/x\\xc2\\x9b[2Jy\\xe2\\x80\\xaez\\xc0\\x8a\303\251')" \
	"a path that would drive the terminal is escaped byte by byte; a plain é is not"
done_testing
