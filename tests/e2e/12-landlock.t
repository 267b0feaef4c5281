#!/bin/bash
# Path rules placed in Landlock: the kernel decides them, with exactly the
# policy's results (the kernel's own errors first where it fails a call
# anyway), and no notification.  Compared case by case with the native
# call and, where the supervisor can also take the family, with
# --landlock=off.
. "$(dirname "$0")/lib.sh"
scratch
abi=$("$SYS" landlock-abi | sed -n 's/^landlock-abi = //p')
[ "${abi:-0}" -ge 2 ] 2>/dev/null || skip_all "needs Landlock ABI 2 (Linux 5.19); this kernel has ${abi:-none}"
plan 20

# The granted tree ROOT/w, and ROOT/o outside it.  The policy: MAKE_DIR,
# REMOVE_DIR, REMOVE_FILE and MAKE_SYM beneath w and EACCES elsewhere;
# renames and links only within w (the supervisor continues them, Landlock
# enforces).
policy() { # policy ROOT: writes ROOT.policy
	local W=$1/w
	cat >"$1.policy" <<POLICY
mkdir,mkdirat pathname=$W/** -> allow
mkdir,mkdirat -> errno EACCES
rmdir,unlinkat pathname=$W/** -> allow
rmdir,unlinkat -> errno EACCES
unlink pathname=$W/** -> allow
unlink -> errno EACCES
symlink,symlinkat linkpath=$W/** -> allow
symlink,symlinkat -> errno EACCES
rename,renameat,renameat2 oldpath=$W/** newpath=$W/** -> continue
rename,renameat,renameat2 -> errno EACCES
link,linkat oldpath=$W/** newpath=$W/** -> continue
link,linkat -> errno EACCES
POLICY
}
W=$TMP/l/w
mkdir -p "$W"
policy "$TMP/l"
out=$("$UNOTIFY" check "$TMP/l.policy" 2>&1)
like "$out" "mkdir +landlock +allow" "check: mkdir is decided by Landlock"
like "$out" "unlinkat +landlock" "check: so is unlinkat (REMOVE_DIR and REMOVE_FILE both placed)"
like "$out" "rename +supervisor +continue" "check: renames stay with the supervisor"
like "$out" "granted beneath: $W" "check: the granted tree"

# A fresh tree in ROOT: W and O each with a directory, a non-empty one, a
# file, a second file.
fresh() { # fresh ROOT
	rm -rf "$1"; mkdir -p "$1/w/d" "$1/w/full/x" "$1/o/d" "$1/o/full/x"
	touch "$1/w/f" "$1/w/f2" "$1/w/f3" "$1/o/f"
	ln -s "$1/o" "$1/w/out"
}
# The case matrix: OP ARGS, with @ for the tree's root.
cases() {
	cat <<'CASES'
mkdir @/w/a
mkdir @/w/missing/a
mkdir @/w/d
mkdir @/w/f/x
mkdir @/w
mkdir @/o/a
mkdir @/o/d
mkdir @/o/missing/a
mkdir @/w/out/a
rmdir @/w/d
rmdir @/w/full
rmdir @/w/none
rmdir @/o/d
rmdir @/o/full
rmdir @/w
unlink @/w/f
unlink @/w/d
unlink @/w/none
unlink @/o/f
unlink @/o/d
unlinkat-dir @/w/full/x
unlinkat @/w/f2
unlinkat-dir @/o/full/x
symlink /etc @/w/l
symlink /etc @/w/f3
symlink /etc @/o/l
rename @/w/f3 @/w/g
rename @/w/f3 @/o/g
rename @/o/f @/w/h
link @/w/f2 @/w/h
link @/w/f2 @/o/h
creat @/o/new
CASES
}
run_cases() { # run_cases ROOT [unotify ARGS...]: each case's result, each on a fresh tree
	local root=$1
	shift
	cases | sed "s|@|$root|g" | while read -r op a b; do
		fresh "$root"
		"$@" "$SYS" $op $a $b 2>&1
	done
}

native=$(run_cases "$TMP/n")
placed=$(run_cases "$TMP/l" "$UNOTIFY" run -p "$TMP/l.policy" --)
# What the policy says, case by case: the native result inside
# W (renames and links with both paths inside), EACCES outside, except where
# the kernel fails the call before Landlock looks (EEXIST, ENOENT, ENOTDIR).
expected=$(paste -d'|' <(cases) <(echo "$native") | while IFS='|' read -r c res; do
	read -r op a b <<<"$c"
	inside=1
	for p in $a $b; do
		case $p in @/w/out/*) inside=0 ;; @/w/*) ;; /*) ;; *) inside=0 ;; esac
	done
	case $op in symlink) case $b in @/w/*) inside=1 ;; *) inside=0 ;; esac ;; esac
	if [ $inside = 1 ] || echo "$res" | grep -Eq ' (EEXIST|ENOENT|ENOTDIR)$'; then
		echo "$res"
	elif [ "$op" = creat ]; then
		echo "$res" # MAKE_REG is not handled: creat is not governed
	else
		echo "$op = -1 EACCES"
	fi
done)
is "$placed" "$expected" "every case under Landlock: the native result inside the tree, EACCES outside, the kernel's own error first"
# The precedence differences with the supervisor, named: Landlock (like the
# native call) answers EEXIST for mkdir of the granted tree itself and of an
# existing directory outside it, where the supervisor's rule says EACCES.
is "$(echo "$placed" | sed -n '5p;7p')" "$(printf 'mkdir = -1 EEXIST\nmkdir = -1 EEXIST')" \
	"precedence: mkdir of the tree itself, and of an existing name outside it, is EEXIST"
fresh "$TMP/l"
"$UNOTIFY" run -p "$TMP/l.policy" -- "$SYS" mkdir "$TMP/l/o/new" rmdir "$TMP/l/o/d" unlink "$TMP/l/o/f" \
	symlink /etc "$TMP/l/o/l" mkdir "$TMP/l/w/out/x" >/dev/null
is "$(ls "$TMP/l/o" | tr '\n' ' ')" "d f full " "nothing was made or removed outside the tree"

# No notification for what Landlock decides.
out=$("$UNOTIFY" run -v -p "$TMP/l.policy" -- "$SYS" mkdir "$TMP/l/w/v1" mkdir "$TMP/l/o/v1" 2>&1 >/dev/null |
	grep -v '^unotify: -v/--log: ')
is "$out" "" "placed calls never reach the supervisor (-v prints no call)"

# With the supervisor instead (--landlock=off) for the family it can take
# (mkdir: emulated).  The same cases, but the named precedence ones.
mkpolicy() { # mkpolicy ROOT: ROOT.mk, rules on mkdir alone, renames and removals refused
	printf '%s\n' "mkdir,mkdirat pathname=$1/w/** -> allow" 'mkdir,mkdirat -> errno EACCES' \
		'rename,renameat,renameat2 -> errno EACCES' 'rmdir,unlinkat,unlink -> errno EACCES' >"$1.mk"
}
mkcases() { cases | grep '^mkdir ' | sed "s|@|$1|g"; }
mkpolicy "$TMP/a"; mkpolicy "$TMP/b"
ll=$(mkcases "$TMP/a" | while read -r op a; do fresh "$TMP/a"; "$UNOTIFY" run -p "$TMP/a.mk" -- "$SYS" $op $a; done)
off=$(mkcases "$TMP/b" | while read -r op a; do fresh "$TMP/b"; "$UNOTIFY" run --landlock=off -p "$TMP/b.mk" -- "$SYS" $op $a; done)
fresh "$TMP/a"
like "$("$UNOTIFY" check "$TMP/a.mk" 2>&1)" "mkdir +landlock" "check: a mkdir-only policy with renames refused is placed"
is "$(diff <(echo "$ll") <(echo "$off") | grep '^[<>]' | tr '\n' ' ')" \
	"< mkdir = -1 EEXIST < mkdir = -1 EEXIST > mkdir = -1 EACCES > mkdir = -1 EACCES " \
	"Landlock and the supervisor agree on every mkdir case but the two named precedence ones"

# A bound refuses nothing the policy allows: the supervisor's rules (mkdir
# continued beneath w, EPERM elsewhere) with the bound and without it
# (--landlock=off), on every case of the matrix.
bpolicy() { # bpolicy ROOT: ROOT.b
	printf '%s\n' "mkdir,mkdirat pathname=$1/w/** -> continue" 'mkdir,mkdirat -> errno EPERM' \
		'rename,renameat,renameat2 -> errno EPERM' 'rmdir,unlinkat -> errno EPERM' >"$1.b"
}
bpolicy "$TMP/c"; bpolicy "$TMP/e"; fresh "$TMP/c"
like "$("$UNOTIFY" check "$TMP/c.b" 2>&1)" "MAKE_DIR +supervisor, bounded by Landlock" "check: these rules get a bound"
bound=$(run_cases "$TMP/c" "$UNOTIFY" run -p "$TMP/c.b" --)
nobound=$(run_cases "$TMP/e" "$UNOTIFY" run --landlock=off -p "$TMP/e.b" --)
is "$bound" "$nobound" "every case gets the same answer with the bound as without it"

# What cannot be placed stays with the supervisor, and says why.
out=$("$UNOTIFY" check -e "mkdir pathname=$W/secret/** -> deny" -e "mkdir pathname=$W/** -> allow" -e 'mkdir -> errno EACCES' 2>&1)
like "$out" "MAKE_DIR +supervisor: .*a refusal inside an allowed tree: Landlock only grants" \
	"check: deny inside an allowed tree is not placed, and says why"
out=$("$UNOTIFY" check -e "mkdir pathname=$W/** -> allow" -e 'mkdir -> deny' 2>&1)
like "$out" "Landlock answers EACCES: write .errno EACCES." "check: deny (EPERM) is not Landlock's answer"
out=$("$UNOTIFY" run --landlock=require -e "mkdir pathname=$W/** -> allow" -e 'mkdir -> deny' -- true 2>&1)
st=$?
is "$st" 125 "--landlock=require exits 125 when a rule set cannot be placed"
like "$out" "cannot be placed in Landlock" "and says why"
# A granted tree the policy lets be removed loses its grant with its inode.
out=$("$UNOTIFY" check -e "mkdir,mkdirat pathname=$W/** -> allow" -e 'mkdir,mkdirat -> errno EACCES' \
	-e 'rename,renameat,renameat2 -> errno EACCES' 2>&1)
like "$out" "MAKE_DIR +supervisor: .*(remove or rename $W|lets)" "check: a tree the policy lets be removed is not granted"
# Opens that cannot create or truncate (flags&...=0) do not keep MAKE_REG
# and TRUNCATE off Landlock; ones that can, do.
M=(-e "mknod,mknodat pathname=$W/** -> allow" -e 'mknod,mknodat -> errno EACCES'
	-e 'rename,renameat,renameat2,link,linkat,rmdir,unlinkat -> errno EACCES'
	-e "open,openat,creat,openat2 pathname=$W/** -> allow")
like "$("$UNOTIFY" check "${M[@]}" -e 'open,openat flags&O_CREAT=0 -> allow' -e 'open,openat,creat,openat2 -> errno EACCES' 2>&1)" \
	"MAKE_REG +placed" "check: an open rule without O_CREAT does not keep MAKE_REG off Landlock"
like "$("$UNOTIFY" check "${M[@]}" -e 'open,openat flags&O_TRUNC=0 -> allow' -e 'open,openat,creat,openat2 -> errno EACCES' 2>&1)" \
	"MAKE_REG +supervisor: open,openat flags&O_TRUNC=0 -> allow lets open through" \
	"check: one that may carry O_CREAT does"

# Two trees: each is granted.
mkdir -p "$TMP/t1" "$TMP/t2"
out=$("$UNOTIFY" run -e "mkdir,mkdirat pathname=$TMP/t1/** -> allow" -e "mkdir,mkdirat pathname=$TMP/t2/** -> allow" \
	-e 'mkdir,mkdirat -> errno EACCES' -e 'rename,renameat,renameat2,rmdir,unlinkat -> errno EACCES' -- \
	"$SYS" mkdir "$TMP/t1/a" mkdir "$TMP/t2/b" mkdir "$TMP/t3" 2>&1)
is "$out" "$(printf 'mkdir = 0\nmkdir = 0\nmkdir = -1 EACCES')" "two allowed trees: a directory is made in each, not beside them"
done_testing
