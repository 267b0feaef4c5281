#!/bin/bash
# The example policies as boundaries, attacked where the supervisor
# emulates: opens, renames and links raced by a thread that swaps a
# symlink for a directory or moves a directory out from under a "..",
# fds reopened through /proc, O_TMPFILE, chroot, namespaces, another
# process's memory, calls on an fd the rules never see, a FIFO that
# holds an open, bad pointers.  Each test checks what reached outside.
#
#   build.policy        writes only beneath ${PWD} (here $WORK, under
#                       /var/tmp) and /tmp: $OUT is outside both
#   etc-readonly.policy nothing beneath /etc changes (run with /etc an
#                       overlay in a mount namespace of the test's own)
#   no-secrets.policy   nothing of ${HOME}/.ssh is read or stat'ed
. "$(dirname "$0")/lib.sh"
scratch
RACER="$BUILD/targets/racer"
EX=$(cd "$(dirname "$0")/../../examples" && pwd)
VT=$(mktemp -d /var/tmp/unotify-emul.XXXXXX)
chmod 755 "$VT"
MOVED=/tmp/$(basename "$TMP")-moved
trap 'rm -rf "$TMP" "$VT" "$MOVED"' EXIT
root=false
[ "$(id -u)" -eq 0 ] && root=true
abi=$(landlock_abi)
plan 50

WORK=$VT/work OUT=$VT/out
mkdir -p "$WORK" "$OUT"
chmod 777 "$OUT"
NB=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if $root; then
	mkdir -p "$TMP/bin"
	cp "$RACER" "$TMP/bin/"
	chmod 755 "$TMP/bin"
	NRACER="$TMP/bin/racer"
fi
# build.policy, from the work tree; the target's stdout (unotify's own
# messages to $TMP/err).
B() { (cd "$WORK" && "$UNOTIFY" run -p "$EX/build.policy" -- "$@" 2>>"$TMP/err"); }
# no-secrets.policy with HOME=$VT/home.
S() { HOME=$VT/home "$UNOTIFY" run -p "$EX/no-secrets.policy" -- "$@" 2>>"$TMP/err"; }
mkdir -p "$VT/home/.ssh"
echo SECRET-KEY >"$VT/home/.ssh/id_rsa"
chmod 755 "$VT/home" "$VT/home/.ssh"
chmod 644 "$VT/home/.ssh/id_rsa"
SECRET_INO=$(stat -c %i "$VT/home/.ssh/id_rsa")

# The ".." race: D/a/b/c/d/./././.../../../../REST, where REST is TARGET
# (absolute) without its leading "/".  As the text says, that is
# D/a/REST (made, a decoy, so the check passes); the racer swaps c with
# /tmp/NAME (which has a d too), and a walk that went down into d before
# the swap climbs c, /tmp, / after it, and reaches TARGET.  Sets DD (the
# path, to which the racer adds a name) and DD_FROM (c).
dd_setup() { # dd_setup DIR TARGET-DIR [DECOY-FILE]
	rm -rf "$1" "$MOVED"
	mkdir -p "$1/a/b/c/d" "$1/a$2" "$MOVED/d"
	[ -n "${3:-}" ] && echo decoy >"$1/a$2/$3"
	DD_FROM=$1/a/b/c
	DD=$DD_FROM/d/$(printf './%.0s' $(seq 1500))../../../${2#/}
}
# The swap race: DIR/l a directory, DIR/alt a symlink to OUTSIDE, DIR/sl a
# symlink to DIR itself (so that every walk meets a symlink); the racer
# swaps l and alt while it works on DIR/sl/l/NAME.
fl_setup() { # fl_setup DIR OUTSIDE
	rm -rf "$1"
	mkdir -p "$1/l"
	ln -s "$2" "$1/alt"
	ln -s "$1" "$1/sl"
}

# ---- build.policy: opens and renames raced ----
dd_setup "$TMP/dd" "$OUT"
is "$(B "$RACER" dotdot open "$DD_FROM" "$MOVED" "$DD/f1" "$OUT/f1" 1000)" "dotdot = 0" \
	"build: an open whose \"..\" climbs out of a directory moved meanwhile never lands outside"
test ! -e "$OUT/f1"; ok $? "build: nothing was created outside by the \"..\" race"
dd_setup "$TMP/dd" "$OUT"
is "$(B "$RACER" dotdot "rename:$TMP/src" "$DD_FROM" "$MOVED" "$DD/r1" "$OUT/r1" 1000)" "dotdot = 0" \
	"build: a rename into a path whose \"..\" is raced never lands outside"
fl_setup "$TMP/fl" "$OUT"
is "$(B "$RACER" flip "$TMP/fl/l" "$TMP/fl/alt" open "$TMP/fl/sl/l/f2" "$OUT/f2" 1500)" "flip = 0" \
	"build: an open through a component swapped between a directory and a symlink out never lands outside"
test ! -e "$OUT/f2"; ok $? "build: nothing was created outside by the swap race"
fl_setup "$TMP/fl" "$OUT"
is "$(B "$RACER" flip "$TMP/fl/l" "$TMP/fl/alt" rename "$TMP/fl/sl/l/r2" "$OUT/r2" 1500 "$TMP/fl/sl/src")" \
	"flip = 0" "build: a rename into a swapped component never lands outside"
fl_setup "$TMP/fl" "$OUT"
is "$(B "$RACER" flip "$TMP/fl/l" "$TMP/fl/alt" link "$TMP/fl/sl/l/k2" "$OUT/k2" 1500 "$TMP/fl/sl/src")" \
	"flip = 0" "build: a link into a swapped component never lands outside"
if $root; then
	mkdir -p "$TMP/nb"
	chown 65534:65534 "$TMP/nb"
	fl_setup "$TMP/nb/fl" "$OUT"
	chown -h -R 65534:65534 "$TMP/nb/fl"
	is "$(B "${NB[@]}" "$NRACER" flip "$TMP/nb/fl/l" "$TMP/nb/fl/alt" open "$TMP/nb/fl/sl/l/f3" "$OUT/f3" 1500)" \
		"flip = 0" "build, as nobody: the swap race never lands outside"
	dd_setup "$TMP/nb/dd" "$OUT"
	chown -R 65534:65534 "$TMP/nb/dd" "$MOVED"
	is "$(B "${NB[@]}" "$NRACER" dotdot open "$DD_FROM" "$MOVED" "$DD/f4" "$OUT/f4" 1500)" "dotdot = 0" \
		"build, as nobody: the \"..\" race never lands outside"
else
	skip 2 "running the target as another user needs root"
fi

# A name that does not exist when the supervisor walks it, and is a
# symlink out when it acts: truncate, setxattr and linkat's
# AT_SYMLINK_FOLLOW, emulated on the name, would follow it.
mkdir -p "$TMP/pl"
echo VICTIM >"$OUT/victim"
is "$(B "$RACER" plant "$TMP/pl/x" "$OUT/victim" truncate "$OUT/victim" 1000)" "plant = 0" \
	"build: a truncate of a name a thread keeps making a symlink out never truncates the file outside"
is "$(stat -c %s "$OUT/victim")" 7 "build: the file outside kept its size"
is "$(B "$RACER" plant "$TMP/pl/x" "$OUT/victim" setxattr "$OUT/victim" 1500)" "plant = 0" \
	"build: nor does a setxattr set an attribute on it"
is "$(B "$RACER" plant "$TMP/pl/x" "$OUT/victim" link "$TMP/pl/hl" 1000)" "plant = 0" \
	"build: nor does a linkat(AT_SYMLINK_FOLLOW) link it into the tree (to be written there)"

# ---- build.policy: single calls that try to reach outside ----
mkdir -p "$TMP/in"
echo orig >"$OUT/existing"
ln -s "$OUT/dangling" "$TMP/in/dl"
expect='open = -1 EACCES
openat = -1 EACCES
open = -1 EACCES
open = -1 EACCES
open = -1 EACCES
open = -1 EACCES
tmpfile = 0
linkat-empty = -1 EACCES
linkat-proc = -1 EACCES
link = -1 EACCES
rename = -1 EACCES
openat2 = -1 ENOSYS'
is "$(B "$RACER" open "$TMP/in/dl" openat 3 f-dirfd open /proc/self/fd/3/f-procfd \
	open "/proc/self/root$OUT/f-root" open /proc/self/fd/4 1 open "/proc/self/cwd/../out/f-cwd" \
	tmpfile "$TMP/in" "$OUT/f-tmpfile" link "$OUT/existing" "$TMP/in/hl" \
	rename "$OUT/existing" "$TMP/in/moved" openat2 "$OUT/f-openat2" 0 3<"$OUT" 4<"$OUT/existing")" \
	"$expect" "build: a dangling symlink out, a dirfd and fds from before, /proc/self/{fd,root,cwd}, O_TMPFILE linked out, links and renames from outside, openat2: refused"
is "$(ls "$OUT" | grep -e '^f-' -e '^dangling$' | tr '\n' ' ')$(cat "$OUT/existing")" "orig" \
	"build: and nothing outside was made or changed"
if $root; then
	mkdir -p "$TMP/jail/sub"
	is "$(B "$RACER" chroot "$TMP/jail" open /f-jail chdir / open "../../..$OUT/f-chroot")" \
		"$(printf 'chroot = 0\nopen = 0\nchdir = 0\nopen = -1 ENOENT')" \
		"build, chrooted (root): / and .. are the jail's"
	is "$(B "$RACER" chdir "$TMP/jail" chroot "$TMP/jail/sub" open "../../../../../..$OUT/f-outside-root")" \
		"$(printf 'chdir = 0\nchroot = 0\nopen = -1 EACCES')" \
		"build, chrooted with the cwd left outside the new root: a relative name is refused"
	echo keep >"$TMP/in/nobodys"
	chown 65534 "$TMP/in/nobodys"
	chmod 600 "$TMP/in/nobodys"
	is "$(B setpriv --bounding-set=-all --inh-caps=-all "$RACER" open "$TMP/in/nobodys" 1)" "open = -1 EACCES" \
		"build: a root target without capabilities gets none back for an emulated open"
	dd_setup "$TMP/dd" "$OUT"
	is "$(B "$RACER" unshare 0x20000 dotdot open "$DD_FROM" "$MOVED" "$DD/f5" "$OUT/f5" 1000)" \
		"$(printf 'unshare = 0\ndotdot = 0')" \
		"build, in a mount namespace of its own (root): the \"..\" race never lands outside either"
else
	skip 4 "chroot, capabilities and mount namespaces need root"
fi

is "$(B "$RACER" chdir "$TMP/in" deep 25 open f-deep)" "$(printf 'chdir = 0\ndeep = 0\nopen = -1 EACCES')" \
	"build: from a cwd deeper than PATH_MAX, a relative open has no name to judge: refused (security.md)"

# An fd the rules never see: opened read-only (allowed, in the kernel),
# then its mode, owner, xattrs and flags changed.
echo data >"$OUT/fdops"
chmod 644 "$OUT/fdops"
[ "$(id -u)" -eq 0 ] && chown 65534:65534 "$OUT/fdops"
before=$(stat -c '%a %u %g' "$OUT/fdops")
B "$RACER" fdops "$OUT/fdops" >/dev/null
flags=$(lsattr -d "$OUT/fdops" 2>/dev/null | cut -d' ' -f1)
todo "calls on an fd (fchmod, fchown, fsetxattr, ioctl) are not judged by the fd's object yet (security.md)"
is "$(stat -c '%a %u %g' "$OUT/fdops")${flags//[!d]/}" "$before" \
	"build: fchmod, fchown and FS_IOC_SETFLAGS (nodump) on a read-only fd change nothing outside the trees"
core=$(cat /proc/sys/kernel/core_pattern)
case $core in
'|'* | /*) skip 1 "core_pattern is $core: no core file in the cwd" ;;
*)
	B "$RACER" core "$OUT" >/dev/null
	is "$(ls "$OUT" | grep -c '^core')" 0 "build: a core dump is not written in a cwd outside the trees"
	;;
esac

# ---- the supervisor held up ----
mkfifo "$TMP/in/fifo"
out=$(timeout 20 bash -c "cd '$WORK' && '$UNOTIFY' run -p '$EX/build.policy' -- '$RACER' fifo-hold '$TMP/in/fifo' '$TMP/in/other' 2>>'$TMP/err'")
rc=$?
like "$out" '^other = 0' "an emulated open blocked on a FIFO does not hold up the target's other opens"
like "$(echo "$out" | sed -n 's/^ms = //p')" '^[0-9]{1,3}$' "(they are served in under a second)"
is "$rc" 0 "and unotify ends with the target, the blocked open given up"
mkdir -p "$TMP/fifos"
for i in $(seq 0 99); do mkfifo "$TMP/fifos/p$i"; done
t0=$(date +%s%N)
out=$(timeout 20 bash -c "cd '$WORK' && '$UNOTIFY' run -p '$EX/build.policy' -- '$RACER' fifo-flood '$TMP/fifos' 100 '$TMP/in/other2' 2>>'$TMP/err'")
rc=$?
like "$out" '^other = 0' "100 opens blocked on FIFOs: the next open is still served"
is "$rc:$(( ($(date +%s%N) - t0) / 1000000000 < 5 ))" "0:1" "and unotify ends with the target at once"
is "$(B "$RACER" badptr open "$TMP/in/after")" "$(printf 'open-unmapped = -1 EFAULT\nopen-unterminated = -1 ENAMETOOLONG\nopenat2-badhow = -1 EFAULT\nopenat2-hugesize = -1 E2BIG\nopen = 0')" \
	"opens on unmapped or unterminated paths and a bad open_how fail as in the kernel, and the next open is served"

# ---- what an emulated open differs in ----
mkdir -p "$TMP/in/d"
is "$(B "$RACER" open /proc/self/fd/5/f-own open /proc/self/cwd/f-own-cwd 5<"$TMP/in/d")" \
	"$(printf 'open = 0\nopen = 0')" "the target's own /proc/self/fd/N and /proc/self/cwd lead where they lead for it (rules.md)"
like "$(B "$RACER" tmpfile "$TMP/in/d" "$TMP/in/d/t1")" 'linkat-proc = 0' \
	"an O_TMPFILE file is linked into the tree through /proc/self/fd/N, AT_SYMLINK_FOLLOW, as in the kernel"
if command -v script >/dev/null; then
	out=$(cd "$WORK" && script -qec "'$UNOTIFY' run -p '$EX/build.policy' -- '$RACER' setsid-tty" /dev/null 2>&1 </dev/null | tr -d '\r')
	is "$(echo "$out" | grep '^tty')" "tty = -1 ENXIO" \
		"a target that left the terminal's session (setsid) opens no /dev/tty: not unotify's terminal"
else
	skip 1 "script(1) is not installed: no terminal to test with"
fi

# ---- other processes' memory: the lock layer is not widened ----
if [ "${abi:-0}" -ge 6 ] 2>/dev/null; then
	"$RACER" victim "$VT/victim" 5 >"$VT/victim.out" &
	vpid=$!
	for _ in $(seq 100); do [ -s "$VT/victim" ] && break; sleep 0.05; done
	pid= addr=
	read -r pid addr <"$VT/victim"
	HOME=$VT/home "$UNOTIFY" run -p "$EX/no-secrets.policy" -- "$RACER" poke "$pid" "$addr" >/dev/null 2>>"$TMP/err"
	sleep 0.1
	rm -f "$VT/victim"
	wait "$vpid"
	is "${pid:+started: }$(cat "$VT/victim.out")" "started: victim = 0" \
		"no-secrets: an emulated open of /proc/PID/mem (O_RDWR) writes no memory of a process outside the sandbox"
	like "$(HOME=$VT/home "$UNOTIFY" run -p "$EX/no-secrets.policy" -- "$RACER" poke-parent 2>>"$TMP/err")" \
		"^poke-parent = -1 " "no-secrets: nor opens unotify's keeper's memory for writing (the lock layer refuses it)"
	if $root; then
		chmod 777 "$VT"
		"${NB[@]}" "$NRACER" victim "$VT/victim2" 5 >"$VT/victim2.out" &
		vpid=$!
		for _ in $(seq 100); do [ -s "$VT/victim2" ] && break; sleep 0.05; done
		pid= addr=
		read -r pid addr <"$VT/victim2"
		S "${NB[@]}" "$NRACER" poke "$pid" "$addr" >/dev/null
		sleep 0.1
		rm -f "$VT/victim2"
		wait "$vpid"
		chmod 755 "$VT"
		is "${pid:+started: }$(cat "$VT/victim2.out")" "started: victim = 0" \
			"no-secrets, as nobody: no write to the memory of the same user's process outside the sandbox"
	else
		skip 1 "running the target as another user needs root"
	fi
else
	skip 3 "the lock layer needs Landlock ABI 6 (Linux 6.12)"
fi

# ---- no-secrets.policy ----
is "$(S "$RACER" read "$VT/home/.ssh/id_rsa")" "read = -1 EACCES" "no-secrets: the key itself is refused"
fl_setup "$TMP/fs" "$VT/home/.ssh"
echo decoy >"$TMP/fs/l/id_rsa"
is "$(S "$RACER" flip "$TMP/fs/l" "$TMP/fs/alt" read "$TMP/fs/sl/l/id_rsa" - 1500)" "flip = 0" \
	"no-secrets: an open through a component swapped with a symlink to ~/.ssh never reads the key"
fl_setup "$TMP/fs" "$VT/home/.ssh"
echo decoy >"$TMP/fs/l/id_rsa"
todo "ADDFD cannot pass an O_PATH file: such an open continues, and a race reaches the object's metadata (security.md)"
is "$(S "$RACER" flip "$TMP/fs/l" "$TMP/fs/alt" opath "$TMP/fs/sl/l/id_rsa" "$SECRET_INO" 1500)" "flip = 0" \
	"no-secrets: an O_PATH open (continued) raced so never gets an fd the key can be fstat'ed through"
dd_setup "$TMP/dds" "$VT/home/.ssh" id_rsa
is "$(S "$RACER" dotdot read "$DD_FROM" "$MOVED" "$DD/id_rsa" - 1000)" "dotdot = 0" \
	"no-secrets: an open whose \"..\" is raced never reads the key"
dd_setup "$TMP/dds" "$VT/home/.ssh" id_rsa
is "$(S "$RACER" dotdot stat "$DD_FROM" "$MOVED" "$DD/id_rsa" "$SECRET_INO" 1000)" "dotdot = 0" \
	"no-secrets: a stat whose \"..\" is raced never stats the key"
chmod 755 "$VT/home/.ssh/id_rsa"
fl_setup "$TMP/fs" "$VT/home/.ssh"
echo decoy >"$TMP/fs/l/id_rsa"
is "$(S "$RACER" flip "$TMP/fs/l" "$TMP/fs/alt" access "$TMP/fs/sl/l/id_rsa" - 1500)" "flip = 0" \
	"no-secrets: an access(X_OK) raced so never answers for the key (only it is executable)"
chmod 644 "$VT/home/.ssh/id_rsa"
mkdir -p "$TMP/ps"
if "$RACER" setxattr "$VT/home/.ssh/id_rsa" SECRET-XATTR | grep -q '= 0$'; then
	is "$(S "$RACER" plant "$TMP/ps/x" "$VT/home/.ssh/id_rsa" getxattr - 1000)" "plant = 0" \
		"no-secrets: a getxattr of a name a thread keeps making a symlink to the key never reads the key's attribute"
else
	skip 1 "no user extended attributes on $VT"
fi
if $root; then
	out=$(S "$RACER" rename "$VT/home" "$VT/home-moved" read "$VT/home-moved/.ssh/id_rsa")
	[ -d "$VT/home-moved" ] && mv "$VT/home-moved" "$VT/home"
	unlike=$(echo "$out" | grep -c 'read = SECRET')
	is "$unlike" 0 "no-secrets: renaming \${HOME} away does not make the key readable by its new name"
else
	skip 1 "renaming the home directory's parent entry needs root here"
fi

# ---- etc-readonly.policy, /etc an overlay in a mount namespace ----
if $root && unshare -m true 2>/dev/null; then
	mkdir -p "$VT/ov/u" "$VT/ov/w"
	E() { # E SETUP-SHELL-CODE RACER-ARGS...: racer under etc-readonly, /etc the overlay
		local setup=$1
		shift
		unshare -m sh -c 'mount --make-rprivate / &&
			mount -t overlay overlay -o "lowerdir=/etc,upperdir=$0/u,workdir=$0/w" /etc && eval "$1" &&
			shift && exec "$@"' "$VT/ov" "$setup" "$UNOTIFY" run -p "$EX/etc-readonly.policy" -- "$@" 2>>"$TMP/err"
	}
	fl_setup "$TMP/fe" /etc
	is "$(E : "$RACER" open /etc/racer-direct flip "$TMP/fe/l" "$TMP/fe/alt" open "$TMP/fe/sl/l/racer-flip" /etc/racer-flip 1500)" \
		"$(printf 'open = -1 EROFS\nflip = 0')" "etc-readonly: a direct open is refused; the swap race never creates a file in /etc"
	dd_setup "$TMP/dde" /etc
	is "$(E : "$RACER" dotdot open "$DD_FROM" "$MOVED" "$DD/racer-dotdot" /etc/racer-dotdot 1000)" "dotdot = 0" \
		"etc-readonly: the \"..\" race never creates a file in /etc"
	mkdir -p "$TMP/pe"
	is "$(E 'echo VICTIM >/etc/racer-victim' "$RACER" plant "$TMP/pe/x" /etc/racer-victim truncate /etc/racer-victim 1500)" \
		"plant = 0" "etc-readonly: a truncate raced with a symlink planted to a file of /etc never truncates it"
	E 'echo orig >/etc/racer-file && chmod 644 /etc/racer-file && chown 65534 /etc/racer-file' \
		"$RACER" fdops /etc/racer-file >/dev/null
	todo "calls on an fd (fchmod, fchown) are not judged by the fd's object yet (security.md)"
	is "$(stat -c '%a %u' "$VT/ov/u/racer-file")" "644 65534" \
		"etc-readonly: fchmod and fchown on a read-only fd of a file of /etc change nothing"
	case $core in
	'|'* | /*) skip 1 "core_pattern is $core: no core file in the cwd" ;;
	*)
		E : "$RACER" core /etc >/dev/null
		is "$(ls "$VT/ov/u" | grep -c '^core')" 0 "etc-readonly: a core dump is not written into /etc"
		;;
	esac
	if [ "${abi:-0}" -ge 6 ] 2>/dev/null; then
		# The keeper runs unconfined: code written into it runs as root
		# outside the filter once it wakes (when the command exits).
		E : "$RACER" hijack-keeper 'echo pwned >/etc/racer-keeper' >/dev/null
		sleep 0.2
		test ! -e "$VT/ov/u/racer-keeper"
		ok $? "etc-readonly, root: the keeper's code cannot be rewritten through /proc/PPID/mem (O_RDWR) to write /etc"
	else
		skip 1 "the lock layer needs Landlock ABI 6 (Linux 6.12)"
	fi
	is "$(ls "$VT/ov/u" | grep -v -e '^racer-file$' -e '^racer-victim$' | tr '\n' ' ')" "" "etc-readonly: nothing was made in /etc"
else
	skip 7 "an overlay over /etc in a mount namespace needs root"
fi

is "$(ls "$OUT" | grep -v -e '^existing$' -e '^fdops$' -e '^victim$' | tr '\n' ' ')" "" "build: in the end, nothing was made outside the trees"
done_testing
