#!/bin/bash
# The ready-made profiles (profiles/, `--profile NAME`, `unotify
# profiles`): each runs a real program, and shows what it allows and what
# it refuses.
. "$(dirname "$0")/lib.sh"
scratch
plan 29
command -v make >/dev/null && command -v cc >/dev/null || { skip 29 "needs make and cc"; exit 0; }
# Outside the work tree and every temp directory: beside the build.
OUT=$(mktemp -d "$BUILD/profile-out.XXXXXX")
trap 'rm -rf "$TMP" "$OUT"' EXIT
case $OUT in /tmp/* | /var/tmp/* | "${TMPDIR:-/tmp}"/*)
	skip 29 "the build directory is in a temp directory, which the profiles let be written"
	exit 0
	;;
esac
chmod 755 "$OUT"
WT=$TMP/wt
mkdir -p "$WT"
printf 'int main(void) { return 0; }\n' >"$WT/m.c"
printf 'm: m.c\n\tcc -o m m.c\n' >"$WT/Makefile"
P() { # P NAME COMMAND...: COMMAND under profile NAME, in the work tree
	local name=$1
	shift
	(cd "$WT" && "$UNOTIFY" run --profile "$name" -- "$@" 2>&1)
}

out=$("$UNOTIFY" profiles)
is "$(echo "$out" | grep -Eo '^[a-z-]+' | tr '\n' ' ')" "agent build no-network readonly " \
	"unotify profiles lists the profiles"
like "$out" 'build +A compiler or build tool in the current directory' "each with its purpose"
"$UNOTIFY" run --profile nope -- true 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "125:unotify: no profile 'nope' (unotify profiles lists them)" \
	"an unknown profile is an error (125), before anything runs"
"$UNOTIFY" check --profile ../build 2>"$TMP/err" >/dev/null
is "$?" 1 "a profile name is no path (check: 1)"
like "$(cat "$TMP/err")" "a profile is named by lower-case letters" "and says what a name is"
plain=$UNOTIFY_PROFILE_PATH/../build/unotify
if [ -x "$plain" ]; then
	is "$(env -u UNOTIFY_PROFILE_PATH "$plain" profiles 2>&1 | grep -c '^[a-z]')" 4 \
		"without UNOTIFY_PROFILE_PATH, build/unotify finds the source tree's profiles (../profiles)"
else
	skip 1 "no build/unotify (the plain build)"
fi
other=$(mktemp -d "$TMP/pp.XXXXXX")
printf '# Mine.\nmkdir -> errno EROFS\n' >"$other/build.policy"
is "$(cd "$WT" && UNOTIFY_PROFILE_PATH=$other "$UNOTIFY" run --profile build -- "$SYS" mkdir x 2>&1)" "mkdir = -1 EROFS" \
	"UNOTIFY_PROFILE_PATH is looked in first"

# build
is "$(P build sh -c 'make -s --no-print-directory && ./m && echo built')" "built" \
	"build: make and cc build in the work tree"
is "$(P build sh -c "echo x >$OUT/f; mkdir $OUT/d; mv $WT/m $OUT/m; touch $OUT/t" | sed 's/.*: //' | sort | uniq -c | tr -s ' ' | tr '\n' ' ')" \
	" 4 Permission denied " "build: writing, making, moving into and touching outside the trees: EACCES"
is "$(ls -A "$OUT")" "" "build: nothing was made outside"
progs='set -e; mkdir -p p/d; echo a >p/d/f; cp -a p q; mv q r; ln -s d/f p/l; chmod -R go-w p; touch -d 2001-01-01 p/d/f
stat -c %s p/d/f >/dev/null; tar cf t.tar p; mkdir x; tar xf t.tar -C x; rm -r x r t.tar
git init -q g; cd g; echo m >m; git add m; git -c user.email=a@b -c user.name=n commit -qm m; cd ..
python3 -c "import json, sqlite3; json.dumps({})"; printf "int main(void){return 0;}\n" >c.c; cc -o c c.c; ./c; echo programs-ok'
is "$(P build bash -c "$progs" 2>&1 | tail -1)" "programs-ok" \
	"build: bash, coreutils (cp -a, mv, ln -s, chmod -R, touch, stat, rm -r), tar c/x, git, python3 and cc work in the tree"
is "$(P build sh -c "echo t >/tmp/unotify-profile-$$ && cat /tmp/unotify-profile-$$ && rm /tmp/unotify-profile-$$")" "t" \
	"build: /tmp is writable"
is "$(P build sh -c 'echo x >/dev/null && echo ok')" "ok" "build: /dev/null is writable"
is "$(P build "$SYS" echo 127.0.0.1 connect-nb 192.0.2.1 80 | tr '\n' ' ')" \
	"connect = 0 sendto = 2 read = hi connect = -1 ENETUNREACH " "build: loopback connects, the network does not"
is "$(P build "$SYS" raw 101 0 raw 165 0 0 0 0 0 | tr '\n' ' ')" "raw 101 = -1 EPERM raw 165 = -1 EPERM " \
	"build: no ptrace, no mount"

is "$(P build sh -c 'echo piped >/dev/stdout' | cat)" "piped" "build: /dev/stdout reopened into a pipe"
(cd "$WT" && "$UNOTIFY" run --profile build -- sh -c 'echo a >>/dev/stdout; echo b >/dev/stdout' >>"$OUT/ci.log" 2>"$TMP/e")
is "$(cat "$OUT/ci.log"):$(sed 's/.*: //' "$TMP/e")" "a:Permission denied" \
	"build: an append-only CI log outside the trees is appended to through /dev/stdout, never truncated"
rm -f "$OUT/ci.log"

abi=$("$SYS" landlock-abi | sed -n 's/^landlock-abi = //p')
if [ "${abi:-0}" -ge 6 ] 2>/dev/null; then
	"$SYS" listen-abs "unotify-prof-$$" 3 >/dev/null 2>&1 &
	lpid=$!
	sleep 0.3
	is "$(for p in build readonly no-network agent; do (cd "$WT" && HOME=$TMP/h "$UNOTIFY" run --profile $p -- "$SYS" connect-abs "unotify-prof-$$" 2>&1); done | tr '\n' ' ')" \
		"connect = -1 EPERM connect = -1 EPERM connect = -1 EPERM connect = -1 EPERM " \
		"every profile: an abstract socket outside the sandbox (a session bus, X11) is not reached"
	kill "$lpid" 2>/dev/null
	wait "$lpid" 2>/dev/null
else
	skip 1 "the abstract scope needs Landlock ABI 6 (Linux 6.12)"
fi

"$SYS" listen "unix:$TMP/svc.sock" 5 >"$TMP/svc.out" 2>&1 &
spid=$!
for _ in $(seq 50); do [ -s "$TMP/svc.out" ] && break; sleep 0.05; done
is "$(for p in build readonly no-network agent; do (cd "$WT" && HOME=$TMP/h "$UNOTIFY" run --profile $p -- "$SYS" connect-unix "$TMP/svc.sock" 2>&1); done | tr '\n' ' ')" \
	"connect = -1 EACCES connect = -1 EACCES connect = -1 EACCES connect = -1 EACCES " \
	"every profile: a socket that existed before the run (a bus, docker.sock) is not reached"
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null

# readonly
is "$(P readonly sh -c 'head -c 0 /etc/passwd && echo read')" "read" "readonly: files are read"
is "$(P readonly sh -c "echo x >$OUT/f; mkdir $OUT/d" | sed 's/.*: //' | tr '\n' ' ')" \
	"Permission denied Permission denied " "readonly: nothing is written or made outside the temp directories"
is "$(P readonly sh -c "echo t >$TMP/ro-ok && cat $TMP/ro-ok")" "t" "readonly: the temp directories are writable"
echo db >"$OUT/db"
is "$(cd "$WT" && "$UNOTIFY" run --profile readonly -- sh -c 'echo x >/dev/stdin' <"$OUT/db" 2>&1 | sed 's/.*: //'):$(cat "$OUT/db")" \
	"Permission denied:db" "readonly: a read-only stdin is not reopened for writing"
rm -f "$OUT/db"

# no-network
port=$(( (RANDOM % 20000) + 30000 ))
is "$(P no-network bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" | sed 's/.*: //' | sort -u)" \
	"Address family not supported by protocol" "no-network: bash's /dev/tcp gets no socket, loopback included"
is "$(P no-network "$SYS" echo "unix:$TMP/nn.sock" | tr '\n' ' ')" "connect = 0 sendto = 2 read = hi " \
	"no-network: AF_UNIX sockets work"

# agent
H=$TMP/home
mkdir -p "$H/.ssh" "$H/.aws" "$H/.config/gh" "$H/proj"
echo KEY >"$H/.ssh/id_ed25519"
echo AWS >"$H/.aws/credentials"
echo TOKEN >"$H/.config/gh/hosts.yml"
echo ok >"$H/.profile"
A() { (cd "$WT" && HOME=$H "$UNOTIFY" run --profile agent -- "$@" 2>&1); }
is "$(A sh -c "cat $H/.ssh/id_ed25519; cat $H/.aws/credentials; cat $H/.config/gh/hosts.yml; ls $H/.ssh" | sed 's/.*: //' | sort -u)" \
	"Permission denied" "agent: the keys and tokens are neither read nor listed"
is "$(A sh -c "cp -r $H $WT/copy; cat $WT/copy/.ssh/id_ed25519 2>/dev/null; cat $H/.profile" 2>/dev/null | grep -v 'Permission denied')" "ok" \
	"agent: the rest of the home is read, and a copy of it carries no key"
is "$(A sh -c 'make -s --no-print-directory -B && echo built')" "built" "agent: the build still runs"
is "$(A sh -c "echo x >$OUT/f" | sed 's/.*: //')" "Permission denied" "agent: and writes stay in the trees"
done_testing
