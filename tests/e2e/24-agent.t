#!/bin/bash
# The seccomp agent with real runc: `unotify export --listener-path` goes
# into a busybox container's config.json, `unotify agent` serves it.  An
# emulated mkdir under an allowed path appears in the container's rootfs,
# a denied one gets the rule's errno; `runc exec` gets the same policy;
# two containers with different policies at once; the containers exit
# cleanly; records carry the container id; a stranger's connection and
# malformed states are refused, and the agent goes on.
. "$(dirname "$0")/lib.sh"
need_root
command -v runc >/dev/null || skip_all "no runc (scripts/deps.sh installs it)"
BB=/bin/busybox
dpkg -s busybox-static >/dev/null 2>&1 && [ -x "$BB" ] || skip_all "no busybox-static (scripts/deps.sh installs it)"
scratch
STATE=$TMP/runc
# (container ids of this run's own: runc names cgroups after them, and
# another run of this test may be going on)
ID=ut$$
SOCK=$TMP/agent.sock
mkdir -p "$TMP/policies"
cat >"$TMP/policies/default.policy" <<'EOF'
mkdir,mkdirat pathname=/tmp/ok/** -> allow
mkdir,mkdirat -> errno EACCES
EOF
cat >"$TMP/policies/write.policy" <<'EOF'
@write pathname=/tmp/ok/** -> allow
@write -> errno EACCES
EOF
cat >"$TMP/policies/kern.policy" <<'EOF'
socket domain=AF_INET -> errno EAFNOSUPPORT
mkdir,mkdirat pathname=/tmp/ok/** -> allow
mkdir,mkdirat -> errno EACCES
EOF
cat >"$TMP/policies/other.policy" <<'EOF'
mkdir,mkdirat pathname=/tmp/ok/** -> errno EROFS
mkdir,mkdirat -> errno EPERM
EOF

# bundle NAME POLICY METADATA ARGS...: a busybox bundle whose seccomp is
# POLICY exported for the agent
bundle() {
	local b=$TMP/$1 pol=$2 meta=$3
	shift 3
	mkdir -p "$b/rootfs/bin" "$b/rootfs/tmp/ok" "$b/rootfs/proc" "$b/rootfs/dev"
	cp "$BB" "$b/rootfs/bin/busybox"
	for t in sh mkdir echo sleep ls cat; do ln -sf busybox "$b/rootfs/bin/$t"; done
	(cd "$b" && runc spec) || return 1
	"$UNOTIFY" export -p "$TMP/policies/$pol.policy" --listener-path "$SOCK" \
		${meta:+--listener-metadata "$meta"} >"$b/seccomp.json" 2>"$b/export.err" || return 1
	python3 - "$b" "$@" <<'EOF'
import json, sys
b = sys.argv[1]
c = json.load(open(b + "/config.json"))
c["process"]["terminal"] = False
c["process"]["args"] = sys.argv[2:]
c["root"]["readonly"] = False
c["linux"]["seccomp"] = json.load(open(b + "/seccomp.json"))
json.dump(c, open(b + "/config.json", "w"))
EOF
}

# can runc run a container here at all (cgroups, namespaces)?
mkdir -p "$TMP/probe/rootfs/bin"
cp "$BB" "$TMP/probe/rootfs/bin/busybox"
ln -sf busybox "$TMP/probe/rootfs/bin/true"
(cd "$TMP/probe" && runc spec && python3 -c '
import json; c = json.load(open("config.json")); c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/true"]; json.dump(c, open("config.json", "w"))') >/dev/null 2>&1
why=$(cd "$TMP/probe" && timeout 20 runc --root "$STATE" run "$ID-probe" 2>&1) ||
	skip_all "runc cannot run a container here: $(echo "$why" | tail -1)"

plan 23
bundle c1 default "" sh -c 'mkdir /tmp/ok/a; echo "a=$?"; mkdir /tmp/no; echo "no=$?"' 2>"$TMP/b.err"
ok $? "a bundle with the exported profile (export: $(tr '\n' ' ' <"$TMP/c1/export.err" 2>/dev/null))"
like "$(cat "$TMP/c1/seccomp.json")" '"SCMP_ACT_NOTIFY"' "export sends mkdir to the agent (SCMP_ACT_NOTIFY, listenerPath)"

"$UNOTIFY" agent --socket "$SOCK" --policies "$TMP/policies" --log-fd 3 \
	3>"$TMP/audit.jsonl" 2>"$TMP/agent.err" &
AGENT=$!
trap 'kill $AGENT 2>/dev/null; runc --root "$STATE" delete -f "$ID-c6" >/dev/null 2>&1; runc --root "$STATE" delete -f "$ID-c2" >/dev/null 2>&1; runc --root "$STATE" delete -f "$ID-c3" >/dev/null 2>&1; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
is "$(stat -c %a "$SOCK")" 600 "the agent's socket is 0600"

out=$(cd "$TMP/c1" && timeout 20 runc --root "$STATE" run "$ID-c1" 2>&1)
st=$?
is "$st:$(echo "$out" | grep -E '^(a|no)=' | tr '\n' ' ')" "0:a=0 no=1 " \
	"runc run: an allowed mkdir succeeds, a denied one fails, the container exits 0"
like "$out" "can't create directory '/tmp/no': Permission denied" "the denied mkdir gets the rule's errno (EACCES)"
ok "$([ -d "$TMP/c1/rootfs/tmp/ok/a" ] && [ ! -e "$TMP/c1/rootfs/tmp/no" ]; echo $?)" \
	"the emulated mkdir made the directory in the container's rootfs, and nothing else"
like "$(cat "$TMP/audit.jsonl")" '"listener":"'"$ID"'-c1".*"syscall":"mkdir"' "the audit records carry the container id"

bundle c2 default "" sleep 30 2>>"$TMP/b.err"
bundle c3 other "policy=other" sleep 30 2>>"$TMP/b.err"
(cd "$TMP/c2" && timeout 20 runc --root "$STATE" run -d "$ID-c2" >/dev/null 2>&1 </dev/null)
(cd "$TMP/c3" && timeout 20 runc --root "$STATE" run -d "$ID-c3" >/dev/null 2>&1 </dev/null)
x2=$(timeout 20 runc --root "$STATE" exec "$ID-c2" sh -c 'mkdir /tmp/ok/e; echo "e=$?"; mkdir /tmp/x 2>&1; echo "x=$?"' 2>&1)
x3=$(timeout 20 runc --root "$STATE" exec "$ID-c3" sh -c 'mkdir /tmp/ok/e 2>&1; echo "e=$?"; mkdir /tmp/x 2>&1; echo "x=$?"' 2>&1)
is "$(echo "$x2" | grep -E '^(e|x)=' | tr '\n' ' ')" "e=0 x=1 " "runc exec into a running container gets the same policy"
like "$x2" "Permission denied" "and its refusal is the policy's EACCES"
like "$(echo "$x3" | tr '\n' ' ')" "Read-only file system e=1 .*Operation not permitted x=1" \
	"a second container at once, with policy=other: its own rules (EROFS, EPERM)"
ok "$([ -d "$TMP/c2/rootfs/tmp/ok/e" ] && [ ! -e "$TMP/c3/rootfs/tmp/ok/e" ]; echo $?)" \
	"each container's effect in its own rootfs"
runc --root "$STATE" kill "$ID-c2" KILL 2>/dev/null
runc --root "$STATE" kill "$ID-c3" KILL 2>/dev/null
sleep 0.5
runc --root "$STATE" delete "$ID-c2" 2>/dev/null
runc --root "$STATE" delete "$ID-c3" 2>/dev/null
is "$(runc --root "$STATE" list -q 2>/dev/null | wc -l)" 0 "both containers ended and were deleted"

# hostile clients: a stranger's uid (the socket opened to it for the
# test: SO_PEERCRED still refuses), malformed JSON, no fd
chmod 711 "$TMP"
chmod 666 "$SOCK"
setpriv --reuid 65534 --regid 65534 --clear-groups /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.send(b"{}"); s.close()' "$SOCK" 2>/dev/null
chmod 600 "$SOCK"
chmod 700 "$TMP"
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.send(b"{\"ociVersion\": [1,2"); s.send(b"}}}}"); s.close()
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.send(b"{\"ociVersion\":\"1\",\"fds\":[\"seccompFd\"],\"pid\":1,\"state\":{\"id\":\"nofd\"}}"); s.close()
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.send(b"x" * 100); s.close()' "$SOCK"
sleep 0.3
like "$(cat "$TMP/agent.err")" "uid 65534 refused" "a connection from another uid is refused (SO_PEERCRED)"
like "$(cat "$TMP/agent.err")" "container nofd refused: no seccompFd" "a state without the listener is refused"
is "$(grep -c 'refused: the state is not JSON' "$TMP/agent.err")" 2 "malformed states are refused"
out=$(cd "$TMP/c1" && timeout 20 runc --root "$STATE" run "$ID-c1b" 2>&1)
is "$?:$(echo "$out" | grep -E '^(a|no)=' | tr '\n' ' ')" "0:a=1 no=1 " \
	"and the agent goes on serving (a second run: /tmp/ok/a exists now)"
# a state dripped in slowly: one deadline for it all (10 s), not one per read
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
for c in [b"{\"ociVersion\":", b"\"1\",", b"\"fds\":[],", b"\"pid\":1,", b"\"x\":1,", b"\"y\":2,", b"\"z\":3,"]:
    try: s.send(c)
    except OSError: break
    time.sleep(2)' "$SOCK" 2>/dev/null &
DRIP=$!
sleep 11
like "$(cat "$TMP/agent.err")" "refused: the state did not come in time" "a state dripped in slowly is refused after 10 s in all"
kill $DRIP 2>/dev/null
wait $DRIP 2>/dev/null

# an access class: open's writes go to the agent, runc's own init among
# them until the container's program runs (its exec fifo, /proc/self/fd)
bundle c4 write "policy=write" sh -c 'echo x >/tmp/ok/f && echo "f=$?"; echo y >/tmp/g; echo "g=$?"' 2>>"$TMP/b.err"
out=$(cd "$TMP/c4" && timeout 20 runc --root "$STATE" run "$ID-c4" 2>&1)
is "$?:$(echo "$out" | grep -E '^(f|g)=' | tr '\n' ' ')" "0:f=0 g=1 " \
	"@write in a container: it starts (runc's own calls before its execve run), a write inside the tree is made, one outside refused"
ok "$([ "$(cat "$TMP/c4/rootfs/tmp/ok/f")" = x ] && [ ! -e "$TMP/c4/rootfs/tmp/g" ]; echo $?)" \
	"the file written is in the container's rootfs, the refused one is nowhere"
# a rule the filter could decide alone, on a call export sends to the
# agent whole (socket: i386 makes it through socketcall too): the agent
# decides it by that rule, not by the default

bundle c5 kern "policy=kern" sh -c 'wget -q -O- http://127.0.0.1:1/ 2>&1; echo "w=$?"' 2>>"$TMP/b.err"
ln -sf busybox "$TMP/c5/rootfs/bin/wget"
like "$(cd "$TMP/c5" && timeout 20 runc --root "$STATE" run "$ID-c5" 2>&1 | tr '\n' ' ')" "Address family not supported.*w=1" \
	"a kernel rule on a call sent to the agent whole is the agent's decision (EAFNOSUPPORT, not the default)"
# a process `runc exec` puts into a created container before `runc start`
# drives runc's init (pid 1, waiting on its exec fifo, before its execve)
# with ptrace: what it makes it call is judged, as any call of the
# container's
bundle c6 default "" sleep 30 2>>"$TMP/b.err"
cp "$BUILD/targets/ptinject" "$TMP/c6/rootfs/bin/ptinject"
(cd "$TMP/c6" && timeout 20 runc --root "$STATE" create "$ID-c6" </dev/null >/dev/null 2>&1)
out=$(timeout 20 runc --root "$STATE" exec "$ID-c6" /bin/ptinject 1 83 /tmp/no 2>&1
	timeout 20 runc --root "$STATE" exec "$ID-c6" /bin/ptinject 1 83 /tmp/ok/inj 2>&1)
if echo "$out" | grep -q '^attach'; then
	skip 2 "ptrace of a container's init refused here: $(echo "$out" | head -1)"
else
	is "$(echo "$out" | tr '\n' ' ')" "83(/tmp/no) = -13 83(/tmp/ok/inj) = 0 " \
		"runc's init driven by another process before runc start: its calls judged (EACCES, and the allowed one made)"
	ok "$([ ! -e "$TMP/c6/rootfs/tmp/no" ] && [ -d "$TMP/c6/rootfs/tmp/ok/inj" ]; echo $?)" \
		"nothing made where the policy refuses"
fi
runc --root "$STATE" delete -f "$ID-c6" >/dev/null 2>&1
kill -TERM $AGENT
wait $AGENT
is "$?:$(tail -1 "$TMP/agent.err")" "0:unotify: agent: stopped" \
	"SIGTERM: the agent stops, its listeners ended and freed (no leak in the ASan build)"
done_testing
