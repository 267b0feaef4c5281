#!/bin/bash
# unotify record: a run made into a policy that lets the same run happen
# again (same output, same status) and refuses what it did not do; with a
# shell script that makes, writes and reads files, a small build, python3.
. "$(dirname "$0")/lib.sh"
scratch
plan 11
cd "$TMP" || exit 1
printf '#!/bin/sh\nmkdir -p out\necho hi >out/a\necho ho >out/b\ncat out/a out/b\nls out\nexit 3\n' >job.sh
chmod +x job.sh
want=$(./job.sh)
rm -rf out
"$UNOTIFY" record -o job.policy -- ./job.sh >"$TMP/rec.out" 2>"$TMP/rec.err"
is "$?:$(cat "$TMP/rec.out" | tr '\n' ' ')" "3:hi ho a b " "record: the command ran, with its output and status"
like "$(cat "$TMP/rec.err")" '^unotify: record: wrote job.policy \([0-9]+ calls; ' "and said what it wrote"
rm -rf out
is "$("$UNOTIFY" run -p job.policy -- ./job.sh; echo "status $?")" "$(printf '%s\nstatus 3' "$want")" \
	"the recorded policy runs the same command again: same output, same status"
like "$(grep -v '^#' job.policy)" '@write pathname="\$\{PWD\}/out/\*" -> allow' \
	"paths beneath the work tree are written with \${PWD}, two files of a directory folded into DIR/*"
is "$(grep -E 'pathname="(/\*\*|/tmp/\*\*|/\*)"' job.policy | wc -l | tr -d ' ')" 0 "no glob is / or a top-level tree"
is "$("$UNOTIFY" run -p job.policy -- sh -c "echo x >$TMP/other; cat /etc/hostname" 2>&1 | sed 's/.*: //' | tr '\n' ' ')" \
	"Permission denied Permission denied " "what the run did not do is refused: a write elsewhere, a file never read"
like "$(cat job.policy)" 'default errno EPERM' "calls never seen are refused (EPERM)"
like "$(cat job.policy)" 'clone3 -> errno ENOSYS|ENOSYS' "and newer ones ENOSYS, so that a program falls back"

# the network: the addresses reached, the rest refused
"$UNOTIFY" record -o net.policy -- "$SYS" echo 127.0.0.1 connect-nb 127.0.0.1 1 >/dev/null 2>&1
is "$("$UNOTIFY" run -p net.policy -- "$SYS" echo 127.0.0.1 connect-nb 127.0.0.1 1 connect-nb 127.0.0.1 2 connect-nb 192.0.2.1 1 2>&1 | tr '\n' ' ')" \
	"connect = 0 sendto = 2 read = hi connect = -1 EINPROGRESS connect = -1 ENETUNREACH connect = -1 ENETUNREACH " \
	"network calls are recorded by family, address and port: the same again, others refused"

# a small build, its temporary files in the work tree
mkdir -p b/tmp
printf 'int main(void) { return 0; }\n' >b/m.c
printf 'm: m.c\n\tcc -o m m.c\n' >b/Makefile
(cd b && TMPDIR=$TMP/b/tmp "$UNOTIFY" record -o ../build.policy -- make -s --no-print-directory) 2>/dev/null
rm -f b/m
(cd b && TMPDIR=$TMP/b/tmp "$UNOTIFY" run -p ../build.policy -- make -s --no-print-directory) 2>/dev/null
ok $? "a small build (make, cc) recorded, then built again under its policy"
# (Debian's python3 itself, isolated: no process here may take a second
# of CPU, and a python3 behind shims runs many)
py=/usr/bin/python3
if [ -x "$py" ]; then
	"$UNOTIFY" record -o py.policy -- "$py" -I -S -c 'import json; print(json.dumps([1]))' >/dev/null 2>&1
	is "$("$UNOTIFY" run -p py.policy -- "$py" -I -S -c 'import json; print(json.dumps([1]))' 2>&1)" "[1]" \
		"python3, recorded and run again"
else
	skip 1 "no /usr/bin/python3"
fi
done_testing
