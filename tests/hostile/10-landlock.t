#!/bin/bash
# Rules Landlock decides, and the bound: a target that chroots, enters its
# own namespaces, goes through a symlink or an fd opened earlier, removes
# and remakes a granted directory, races a `continue`, or puts itself in a
# Landlock domain of its own, gets no further than the rules allow.
. "$(dirname "$0")/lib.sh"
scratch
abi=$(landlock_abi)
[ "${abi:-0}" -ge 2 ] 2>/dev/null || skip_all "needs Landlock ABI 2 (Linux 5.19); this kernel has ${abi:-none}"
plan 17
W=$TMP/w O=$TMP/o
mkdir -p "$W" "$O/jail"
P=(-e "mkdir,mkdirat pathname=$W/** -> allow" -e 'mkdir,mkdirat -> errno EACCES'
	-e 'rename,renameat,renameat2 -> errno EACCES' -e 'rmdir,unlinkat,unlink -> errno EACCES')
like "$("$UNOTIFY" check "${P[@]}" 2>&1)" "mkdir +landlock" "the policy is placed in Landlock"
run() { "$UNOTIFY" run "$@" 2>&1 | grep -Ev '^unotify: '; }

ln -s "$O" "$W/out"
is "$(run "${P[@]}" -- "$SYS" mkdir "$W/out/x")" "mkdir = -1 EACCES" "a symlink out of the tree: the object's real place decides"
is "$(run "${P[@]}" -- "$SYS" mkdirat /proc/self/fd/3 x 3<"$O")" "mkdirat = -1 EACCES" \
	"a directory fd of the outside, opened before the sandbox and reopened through /proc/self/fd: refused"
if [ "$(id -u)" -eq 0 ]; then
	is "$(run "${P[@]}" -- "$HOSTILE" chroot "$O/jail" mkdir /x)" "$(printf 'chroot = 0\nmkdir = -1 EACCES')" \
		"a chrooted target: the check walks to the real root"
	is "$(run "${P[@]}" -- "$HOSTILE" mountns bind "$W" "$O/jail" mkdir "$O/jail/y")" \
		"$(printf 'mountns = 0\nprivate = -1 EPERM\nbind = -1 EPERM\nmkdir = -1 EACCES')" \
		"in a mount namespace of its own, no mount (Landlock handles file rights), and no way in"
else
	skip 2 "chroot and mount namespaces need root here"
fi
is "$(run "${P[@]}" -- "$HOSTILE" userns mountns tmpfs "$O" 2>&1 | tail -1)" "tmpfs = -1 EPERM" \
	"an unprivileged user and mount namespace: no mount either"
is "$(run "${P[@]}" -- "$SYS" rmdir "$W" rename "$W" "$TMP/w2")" "$(printf 'rmdir = -1 EACCES\nrename = -1 EACCES')" \
	"the granted directory cannot be removed or renamed (its grant sits on its inode)"
is "$(ls "$O" | tr '\n' ' ')" "jail " "nothing was made outside the tree"

# The bound: mkdir continued by the supervisor beneath W (a race by
# definition), bounded by Landlock there.
B=(-e "mkdir,mkdirat pathname=$W/** -> continue" -e 'mkdir,mkdirat -> errno EPERM'
	-e 'rename,renameat,renameat2 -> errno EPERM' -e 'rmdir,unlinkat,unlink -> errno EPERM')
like "$("$UNOTIFY" check "${B[@]}" 2>&1)" "MAKE_DIR +supervisor, bounded by Landlock" "check: the supervisor's rules get a bound"
out=$(run "${B[@]}" -- "$SYS" race "$W/ok" "$O/bad" 5000)
like "$out" '^race = [0-9]+$' "a thread flipping the path of a continued mkdir ran"
test ! -e "$O/bad"; ok $? "and never got the directory made outside the bound"

# Rights the policy refuses everywhere are granted nowhere, whatever
# trees another right has; a tree named //** is not a grant of /.
R=(-e 'mkdir,mkdirat -> errno EACCES' -e "rmdir,unlinkat,unlink pathname=$W/** -> continue"
	-e 'rmdir,unlinkat,unlink -> errno EACCES' -e 'rename,renameat,renameat2 -> errno EACCES')
is "$(run "${R[@]}" -- "$SYS" mkdir "$W/refused")" "mkdir = -1 EACCES" \
	"mkdir refused everywhere stays refused in a tree where removals are granted"
R=(-e 'mkdir,mkdirat pathname=//** -> allow' -e 'mkdir,mkdirat -> errno EACCES'
	-e 'rename,renameat,renameat2 -> errno EACCES' -e 'rmdir,unlinkat,unlink -> errno EPERM')
is "$(run "${R[@]}" -- "$SYS" mkdir "$O/slashes")" "mkdir = -1 EACCES" "//** matches nothing, and grants nothing"
if [ "$(id -u)" -eq 0 ]; then
	# A clone of a tree made in the sandbox would be a new mount.
	is "$(run "${P[@]}" -- "$HOSTILE" tree "$TMP" mkdirat-tree o/cloned 2>&1)" \
		"$(printf 'tree = -1 EPERM\nmkdirat = -1 EBADF')" "open_tree(OPEN_TREE_CLONE) is refused in the sandbox"
	# A mount inside W showing W's parent would let a rename move W out by
	# another name: such a tree is not granted.
	mkdir -p "$W/up" && mount --bind "$TMP" "$W/up"
	like "$("$UNOTIFY" check "${P[@]}" 2>&1)" "MAKE_DIR +supervisor: .*bind mount" \
		"a tree with a mount of its parent inside it is left to the supervisor"
	umount "$W/up"; rmdir "$W/up"
else
	skip 2 "open_tree and bind mounts need root here"
fi

# A target that restricts itself: unotify emulates nothing more for it.
is "$(run -e "mkdir pathname=$TMP/** -> emulate" -- "$SYS" landlock-nomkdir mkdir "$W/self")" \
	"$(printf 'landlock-nomkdir = 0\nmkdir = -1 EACCES')" \
	"after its own landlock_restrict_self, an emulated mkdir fails as natively"
is "$(run -e "mkdir pathname=$TMP/** -> emulate" -e 'landlock_restrict_self -> allow' -- \
	"$SYS" landlock-nomkdir mkdir "$W/self2")" "$(printf 'landlock-nomkdir = 0\nmkdir = -1 EACCES')" \
	"and so when the policy names landlock_restrict_self itself"
done_testing
