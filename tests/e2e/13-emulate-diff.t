#!/bin/bash
# Every emulated filesystem call, differentially: each case of the driver
# (tests/targets/fsdiff.c: one call on a fresh fixture, its result, what
# it wrote and the files' state afterwards, normalised) runs natively and
# under unotify's emulation, and the two lines must be equal, case by case:
#   - root, umask 022, every call `-> emulate` (no path condition);
#   - root, umask 022, path conditions on every call (each walked for the
#     decision first, then `default allow` emulated);
#   - uid 65534 (setpriv between unotify and the driver), umask 027;
#   - the i386 build of the driver, umask 002.
# A case names what it tests; a failure prints both lines.  The one known
# difference (O_LARGEFILE in an i386 file's F_GETFL) is a TODO test.
# FSDIFF_KEEP=DIR keeps the runs' outputs there.
. "$(dirname "$0")/lib.sh"
need_root
FSD="$BUILD/targets/fsdiff"
FSD32="$BUILD/targets/fsdiff32"
[ -x "$FSD" ] || skip_all "no fsdiff target (make test builds it)"
command -v setpriv >/dev/null || skip_all "no setpriv (util-linux)"
scratch
B=$TMP/b
cleanup() {
	for m in "$B/mnt" "$B/ro"; do
		mountpoint -q "$m" && umount -l "$m"
	done
	[ -n "$FSDIFF_KEEP" ] && cp -r "$TMP/out" "$FSDIFF_KEEP" # the runs, to look at
	rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p "$B"

CALLS=open,openat,openat2,creat,unlink,unlinkat,rmdir,rename,renameat,renameat2,link,linkat
CALLS=$CALLS,symlink,symlinkat,mknod,mknodat,chmod,fchmodat,fchmodat2,chown,fchownat,lchown
CALLS=$CALLS,truncate,utimensat,utimes,utime,futimesat,stat,lstat,newfstatat,statx,readlink
CALLS=$CALLS,readlinkat,access,faccessat,faccessat2,statfs,getxattr,lgetxattr,listxattr
CALLS=$CALLS,llistxattr,setxattr,lsetxattr,removexattr,lremovexattr,mkdir,mkdirat
EMU=(-e "$CALLS -> emulate")
# Path conditions that match nothing the cases touch, on each call's own
# path arguments: every call is walked for the decision, then emulated.
NX=/nonexistent-unotify/**
PATHS=(-e "open,openat,openat2,creat,unlink,unlinkat,rmdir,mknod,mknodat,chmod,fchmodat,fchmodat2,chown,fchownat,lchown,utimensat,futimesat,stat,lstat,newfstatat,statx,readlink,readlinkat,access,faccessat,faccessat2,mkdir,mkdirat pathname=$NX -> deny"
	-e "truncate,statfs,getxattr,lgetxattr,listxattr,llistxattr,setxattr,lsetxattr,removexattr,lremovexattr path=$NX -> deny"
	-e "utime,utimes filename=$NX -> deny"
	-e "rename,renameat,renameat2,link,linkat oldpath=$NX -> deny"
	-e "rename,renameat,renameat2,link,linkat newpath=$NX -> deny"
	-e "symlink,symlinkat linkpath=$NX -> deny")
AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# Fresh fixtures: BASE/w (owned by OWNER) for the cases, a tmpfs BASE/mnt
# (EXDEV), a read-only tmpfs BASE/ro, and BASE/foreign, root's.
fresh() { # fresh OWNER
	if ! mountpoint -q "$B/mnt"; then
		mkdir -p "$B/mnt"
		mount -t tmpfs -o mode=1777,size=64m fsdiff-mnt "$B/mnt" || return 1
	fi
	if ! mountpoint -q "$B/ro"; then
		mkdir -p "$B/ro"
		mount -t tmpfs -o mode=755,size=1m fsdiff-ro "$B/ro" || return 1
		echo ro >"$B/ro/f" && mkdir "$B/ro/d" && ln -s f "$B/ro/ln" &&
			mount -o remount,ro "$B/ro" || return 1
	fi
	rm -rf "$B/w" "$B/foreign" "${B:?}"/mnt/*
	mkdir -p "$B/w" "$B/foreign/sticky" "$B/foreign/dir0700" &&
		chown "$1:$1" "$B/w" && chmod 755 "$B/w" "$B/foreign" &&
		chmod 1777 "$B/foreign/sticky" && chmod 700 "$B/foreign/dir0700" &&
		for f in u r o; do echo r >"$B/foreign/sticky/$f" && chmod 666 "$B/foreign/sticky/$f"; done &&
		echo p >"$B/foreign/priv" && chmod 600 "$B/foreign/priv" &&
		echo p >"$B/foreign/pub" && chmod 644 "$B/foreign/pub" &&
		echo p >"$B/foreign/pub2" && chmod 644 "$B/foreign/pub2" &&
		echo i >"$B/foreign/dir0700/inner"
}

fresh 0 || skip_all "cannot mount the tmpfs fixtures"

# Runs DRIVER on every case, in chunks (no process may take a second of
# CPU here, unotify included), each under PREFIX..., into FILE.
# drive FILE UMASK OWNER DRIVER [PREFIX...]
drive() {
	local file=$1 um=$2 owner=$3 drv=$4 names
	shift 4
	fresh "$owner" || return 1
	mapfile -t names < <("$drv" list)
	: >"$file"
	for ((i = 0; i < ${#names[@]}; i += 60)); do
		(umask "$um" && "$@" "$drv" "$B" "${names[@]:i:60}") >>"$file" 2>>"$file.err"
	done
}

# The one known difference: on i386 the file an emulated open leaves
# has O_LARGEFILE in F_GETFL, which unotify's 64-bit open forces (and
# F_SETFL cannot clear).  Prints the reason when that is all that differs.
flags_only() { # flags_only NATIVE EMULATED
	local re=' fl=0([0-7]*) ' fn fe
	[[ $1 =~ $re ]] && fn=${BASH_REMATCH[1]:-0} || return 1
	[[ $2 =~ $re ]] && fe=${BASH_REMATCH[1]:-0} || return 1
	[ "${1/ fl=0$fn / }" = "${2/ fl=0$fe / }" ] || return 1
	[ $((8#$fn ^ 8#$fe)) -eq $((8#100000)) ] || return 1
	echo "emul_open.c: i386: the file gets O_LARGEFILE from unotify's 64-bit open (F_GETFL)"
}

# Compares two runs case by case: one test per case of the native run.
# compare LABEL NATIVE EMULATED [count]: with `count`, prints only the
# number of differing cases (for the check that a difference is seen).
compare() {
	local label=$1 name why
	awk -F'\t' 'NR == FNR { e[$1] = $0; next }
		{ print $1 "\t" $0 "\t" (($1 in e) ? e[$1] : $1 "\t(missing)") }' \
		"$3" "$2" >"$TMP/pairs"
	if [ "$4" = count ]; then
		awk -F'\t' '$3 != $5' "$TMP/pairs" | wc -l
		return
	fi
	while IFS=$'\t' read -r name _ native _ emulated; do
		if [ "$label" = i386 ] && [ "$emulated" != "$native" ] &&
			why=$(flags_only "$native" "$emulated"); then
			todo "$why"
		fi
		is "$emulated" "$native" "$label: $name"
	done <"$TMP/pairs"
}

O=$TMP/out
mkdir -p "$O"

# 1. root, every call `-> emulate`
drive "$O/n1" 022 0 "$FSD"
drive "$O/e1" 022 0 "$FSD" "$UNOTIFY" run "${EMU[@]}" --
n=$(wc -l <"$O/n1")
[ "$n" -gt 600 ]; ok $? "the driver ran every case natively ($n)"

# The comparison sees a difference: one case's result perturbed.
sed '0,/\t= 0 /s//\t= 1 /' "$O/n1" >"$O/n1.bad"
is "$(compare x "$O/n1.bad" "$O/n1" count)" 1 "a perturbed line is one difference"
is "$(compare x "$O/n1" "$O/n1" count)" 0 "a run is equal to itself"
drive "$O/n1b" 022 0 "$FSD"
is "$(compare x "$O/n1" "$O/n1b" count)" 0 "two native runs are equal (the normalising works)"

compare "root emulate" "$O/n1" "$O/e1"

# 2. root, path conditions: the decision walks, the act walks again
drive "$O/e2" 022 0 "$FSD" "$UNOTIFY" run "${PATHS[@]}" --
compare "root path rules" "$O/n1" "$O/e2"

# 3. uid 65534, umask 027: EACCES, EPERM, the sticky and foreign fixtures
drive "$O/n3" 027 65534 "$FSD" "${AS_USER[@]}"
drive "$O/e3" 027 65534 "$FSD" "$UNOTIFY" run "${EMU[@]}" -- "${AS_USER[@]}"
compare "uid 65534" "$O/n3" "$O/e3"

# 4. i386
if [ ! -x "$FSD32" ]; then
	skip 1 "no i386 build of the driver (gcc-multilib)"
elif ! err=$("$FSD32" list 2>&1 >/dev/null); then
	skip 1 "this kernel cannot run i386 binaries: ${err:-exit status $?}"
else
	drive "$O/n4" 002 0 "$FSD32"
	drive "$O/e4" 002 0 "$FSD32" "$UNOTIFY" run "${EMU[@]}" --
	compare "i386" "$O/n4" "$O/e4"
fi

plan "$_n"
done_testing
