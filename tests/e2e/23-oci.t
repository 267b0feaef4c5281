#!/bin/bash
# OCI seccomp profiles in: Docker's own default.json, imported, decides
# every probed call as runc's filter for it does (libseccomp's own filter
# behind runc's ENOSYS stub, both run through the project's BPF
# interpreter), with all capabilities and without CAP_SYS_ADMIN; run
# --seccomp-profile puts the -e rules first; a profile unotify cannot
# follow exactly is an error.
. "$(dirname "$0")/lib.sh"
scratch
SRC=$(cd "$(dirname "$0")/../.." && pwd)
D=$SRC/build/ext/docker-default.json
why=$("$SRC/scripts/docker-profile.sh" "$D" 2>&1) || skip_all "no Docker profile: $why"
[ -x "$BUILD/targets/ocicmp" ] || skip_all "no ocicmp target (make test builds it)"
plan 12
"$UNOTIFY" import "$D" >"$TMP/rules" 2>"$TMP/err"
is "$?:$(grep -c 'skipped' "$TMP/err")" "0:2" "unotify import reads Docker's profile (its recv and send, libseccomp's pseudo calls, skipped with a warning)"
while read -r line; do echo "$line"; done < <("$BUILD/targets/ocicmp" "$D" "$TMP/rules" | sed -E 's/^(ok|not ok) ([0-9]+) - /\1 __N__ - all capabilities, /') | grep -v '^#' >"$TMP/tap"
while read -r status _ rest; do
	if [ "$status" = ok ]; then ok 0 "$rest"; else ok 1 "$rest"; fi
done < <(sed 's/ __N__ / /' "$TMP/tap")
if [ "$(id -u)" -eq 0 ] && setpriv --bounding-set -sys_admin true 2>/dev/null; then
	NOADM=(setpriv --bounding-set -sys_admin --inh-caps -sys_admin)
	"${NOADM[@]}" "$UNOTIFY" import "$D" >"$TMP/rules2" 2>/dev/null
	like "$(grep '^clone ' "$TMP/rules2")" 'clone arg0&0x7e020000=0 -> allow' "without CAP_SYS_ADMIN, clone gets Docker's masked rule"
	"${NOADM[@]}" "$BUILD/targets/ocicmp" "$D" "$TMP/rules2" | grep -v '^#' | sed 's/^\(ok\|not ok\) [0-9]* - //' >"$TMP/tap2"
	while read -r line; do like "$line" '0 differ' "without CAP_SYS_ADMIN: $line"; done <"$TMP/tap2"
else
	skip 3 "dropping CAP_SYS_ADMIN needs root and setpriv"
fi
mkdir -p "$TMP/x"
is "$("$UNOTIFY" run -e "mkdir pathname=$TMP/x/** -> errno EROFS" --seccomp-profile "$D" -- "$SYS" mkdir "$TMP/x/y" raw 246 0 0 0 0 raw 451 0 0 0 0 raw 425 1 0 0 0 0 2>/dev/null | tr '\n' ' ')" \
	"mkdir = -1 EROFS raw 246 = -1 EPERM raw 451 = -1 ENOSYS raw 425 = -1 ENOSYS " \
	"--seccomp-profile: the -e rules first, then the profile (kexec_load EPERM), a call newer than it ENOSYS, io_uring_setup refused though the profile allows it"
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["getpid"],"action":"SCMP_ACT_ALLOW"}]}' >"$TMP/min.json"
is "$("$UNOTIFY" import "$TMP/min.json" | grep -E '^(arch|getpid|read|getppid|default) ' | tr '\n' ' ')" \
	"arch x86_64 getpid -> allow getppid -> errno 38 default errno 1 " \
	"no architectures: the native one alone; a call above the highest named ENOSYS, one below it the default; defaultErrnoRet unset: EPERM"
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":"getpid","action":"SCMP_ACT_ALLOW"}]}' >"$TMP/names.json"
like "$("$UNOTIFY" import "$TMP/names.json" 2>&1)" "names.json: syscalls\[0\]: no names" "names that are not a list: an error, not an entry skipped"
printf '{"defaultAction":"SCMP_ACT_TRAP","syscalls":[]}' >"$TMP/trap.json"
like "$("$UNOTIFY" import "$TMP/trap.json" 2>&1)" "defaultAction SCMP_ACT_TRAP: unotify cannot give it exactly" \
	"a profile unotify cannot follow exactly is an error"
printf '{"defaultAction":' >"$TMP/bad.json"
out=$("$UNOTIFY" run --seccomp-profile "$TMP/bad.json" -- true 2>&1)
is "$?" 125 "malformed JSON: nothing runs (125)"
like "$out" "bad.json:1:[0-9]+: " "and the error says where"
done_testing
