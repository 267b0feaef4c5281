#!/bin/bash
# unotify export: a policy as an OCI linux.seccomp object.  What the
# filter decides alone is written as plain actions, and means the same:
# the exported profile, imported back, answers as the policy does; a
# 32-bit argument is compared on its low 32 bits; the rest goes to the
# agent (SCMP_ACT_NOTIFY) with unotify's own refusals beside it; what
# runc cannot be given is refused, not weakened.
. "$(dirname "$0")/lib.sh"
scratch
plan 17
RULES=(-e 'getpid -> errno 7' -e 'ioctl request=0x5401 -> errno 25' -e 'personality arg0=0xffffffff -> errno 22' -e 'default allow')
"$UNOTIFY" export "${RULES[@]}" >"$TMP/k.json" 2>"$TMP/k.err"
is "$?:$(cat "$TMP/k.err")" "0:" "a policy the filter decides alone: exported, no agent needed, nothing to say"
py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $1" "$TMP/k.json"; }
is "$(py 'print([(e["action"], a["op"], hex(a["value"]), hex(a["valueTwo"])) for e in d["syscalls"] if e["names"]==["ioctl"] for a in e.get("args",[]) if a["valueTwo"] in (0x5401,)])')" \
	"[('SCMP_ACT_ERRNO', 'SCMP_CMP_MASKED_EQ', '0xffffffff', '0x5401')]" \
	"ioctl's 32-bit request: SCMP_CMP_MASKED_EQ on the low 32 bits"
like "$(py 'print(d["syscalls"])')" "'names': \['seccomp'\].*'errnoRet': 16" "unotify's own refusals come with it: no second listener (EBUSY)"
like "$(py 'print(d["syscalls"])')" "0x5412|21522" "and no TIOCSTI"
# imported back, the profile answers as the policy does
"$UNOTIFY" import "$TMP/k.json" >"$TMP/back.policy" 2>/dev/null
for probe in "getpid" "raw 16 0 0x5401 0" "raw 16 0 0x100005401 0" "raw 16 0 0x5402 0" "raw 135 0xffffffff" "raw 135 0x1ffffffff" "raw 135 0"; do
	# shellcheck disable=SC2086
	a=$("$UNOTIFY" run "${RULES[@]}" -- "$SYS" $probe 2>&1)
	# shellcheck disable=SC2086
	b=$("$UNOTIFY" run -p "$TMP/back.policy" -- "$SYS" $probe 2>&1)
	[ "$a" = "$b" ] || echo "# $probe: policy '$a', exported and imported '$b'" >&2
	[ "$a" = "$b" ] || diff=1
done
ok "${diff:-0}" "the exported profile, imported back, answers every probe as the policy does (high bits of a 32-bit argument too)"
"$UNOTIFY" export -e 'mkdir pathname=/tmp/** -> errno EROFS' --listener-path /run/x.sock --listener-metadata policy=p >"$TMP/n.json" 2>"$TMP/n.err"
is "$?:$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["listenerPath"], d["listenerMetadata"], [e["names"] for e in d["syscalls"] if e["action"]=="SCMP_ACT_NOTIFY"])' "$TMP/n.json")" \
	"0:/run/x.sock policy=p [['mkdir', 'execve', 'execveat']]" \
	"a path rule: the call goes to the agent, with listenerPath and listenerMetadata (and execve: runc's own init runs until it)"
like "$(cat "$TMP/n.err")" "no lock layer and no Landlock bound" "and stderr says what a container does not get"
"$UNOTIFY" export -e 'mkdir pathname=/tmp/** -> errno EROFS' >"$TMP/o" 2>"$TMP/e"
is "$?:$(wc -c <"$TMP/o"):$(grep -c 'give --listener-path' "$TMP/e")" "1:0:1" "calls for the agent and no --listener-path: refused, nothing printed"
"$UNOTIFY" export -e 'write fd=3 -> return 1' --listener-path /x >"$TMP/o" 2>"$TMP/e"
is "$?:$(wc -c <"$TMP/o"):$(grep -c 'runc refuses SCMP_ACT_NOTIFY on write' "$TMP/e")" "1:0:1" "rules on write that need the agent: refused (runc refuses NOTIFY on write)"
"$UNOTIFY" export -e 'default return 0' --listener-path /x >"$TMP/o" 2>"$TMP/e"
is "$?:$(wc -c <"$TMP/o")" "1:0" "a default only the supervisor can give: refused"
"$UNOTIFY" export -e 'setxattrat -> errno EACCES' >"$TMP/o" 2>"$TMP/e"
is "$?:$(wc -c <"$TMP/o"):$(grep -c 'libseccomp does not know it' "$TMP/e")" "1:0:1" \
	"a call runc's libseccomp does not know, under a default that allows: refused (runc would skip it)"
"$UNOTIFY" export -e 'arch i386' -e 'getpid -> allow' -e 'default errno EPERM' >"$TMP/o" 2>"$TMP/e"
is "$?:$(wc -c <"$TMP/o")" "1:0" "a policy without x86_64: refused (runc's filter always admits it)"
"$UNOTIFY" export -e 'sendto -> errno EPERM' --listener-path /x >"$TMP/o" 2>/dev/null
like "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([e["names"] for e in d["syscalls"] if e["action"]=="SCMP_ACT_NOTIFY"])' "$TMP/o")" \
	"'sendto', 'socketcall'" "a call i386 also makes through socketcall: socketcall whole goes to the agent (libseccomp names SYS_SEND otherwise)"
"$UNOTIFY" export -e 'getpriority arg1&0xf0=0x1f -> errno EPERM' --listener-path /x >"$TMP/o" 2>/dev/null
is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([e["names"] for e in d["syscalls"] if e["action"]=="SCMP_ACT_NOTIFY"])' "$TMP/o")" \
	"[['getpriority', 'execve', 'execveat']]" \
	"a mask whose value has bits outside it (matching nothing here, masked by libseccomp): the agent decides"
"$UNOTIFY" export -e 'pread64 offset=5 -> errno EPERM' --listener-path /x >"$TMP/o" 2>/dev/null
is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([e["names"] for e in d["syscalls"] if e["action"]=="SCMP_ACT_NOTIFY"])' "$TMP/o")" \
	"[['pread64', 'execve', 'execveat']]" "a 64-bit argument split over two i386 registers: the agent decides"
like "$("$UNOTIFY" export -e '@write stdio -> allow' --listener-path /x 2>&1)" "stdio names this process's fds 0-2" \
	"@write stdio in an exported policy: an error (the exporter's fds are no container's)"
"$UNOTIFY" export --listener-path x -e 'getpid -> allow' >/dev/null 2>"$TMP/e"
is "$?" 2 "a relative --listener-path is a usage error"
done_testing
