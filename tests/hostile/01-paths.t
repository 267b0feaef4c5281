#!/bin/bash
# A hostile target: bad pointers, unterminated strings, page edges,
# symlinks, '..', magic links, and a thread racing the path buffer.
. "$(dirname "$0")/lib.sh"
scratch
plan 16
P=(-e "mkdir,mkdirat pathname=$TMP/ok* -> allow" -e 'mkdir,mkdirat -> deny')
run() { "$UNOTIFY" run "$@" 2>&1; }

is "$(run "${P[@]}" -- "$SYS" badptr)" "mkdir = -1 EFAULT" "an unreadable pointer gets EFAULT"
is "$(run "${P[@]}" -- "$SYS" longpath)" "mkdir = -1 ENAMETOOLONG" "no NUL within PATH_MAX gets ENAMETOOLONG"
is "$(run "${P[@]}" -- "$SYS" edgepath "$TMP/ok-edge")" "mkdir = 0" "a string that ends right before an unmapped page is read"
test -d "$TMP/ok-edge"; ok $? "and the directory was created"

ln -s /etc "$TMP/ok-link"
is "$(run "${P[@]}" -- "$SYS" mkdir "$TMP/ok-link/unotify-no")" "mkdir = -1 EPERM" "a symlink to /etc is resolved before matching"
ln -s /etc/unotify-dangling "$TMP/ok-dangling"
is "$(run "${P[@]}" -- "$SYS" mkdir "$TMP/ok-dangling")" "mkdir = -1 EEXIST" "mkdir does not follow a final symlink, emulated or not"
test ! -e /etc/unotify-dangling; ok $? "and nothing appeared at its target"
mkdir "$TMP/ok-a"
is "$(run "${P[@]}" -- "$SYS" mkdir "$TMP/ok-a/../no-dotdot")" "mkdir = -1 EPERM" "'..' cannot climb out of the allowed tree"
is "$(run "${P[@]}" -- "$SYS" mkdir "$TMP/ok-missing/x" mkdir "$TMP/no-missing/x")" "$(printf 'mkdir = -1 ENOENT\nmkdir = -1 ENOENT')" \
	"a path whose walk fails gets the kernel's own error, whatever the rules (no name to judge)"
is "$(run "${P[@]}" -- "$SYS" mkdirat "$TMP" ok-at)" "mkdirat = 0" "a dirfd-relative path resolves against the dirfd"
is "$(cd "$TMP" && run "${P[@]}" -- "$SYS" mkdir /proc/self/cwd/ok-magic mkdir /proc/self/cwd/../no-magic)" \
	"$(printf 'mkdir = 0\nmkdir = -1 EPERM')" \
	"the target's own /proc/self/cwd leads where it leads for the target, and is judged there"

F=(-e 'newfstatat pathname=/etc/** -> deny' -e 'newfstatat -> continue')
ln -s /etc/hostname "$TMP/ok-host"
is "$(run "${F[@]}" -- "$SYS" stat "$TMP/ok-host" lstat "$TMP/ok-host")" "$(printf 'stat = -1 EPERM\nlstat = 0')" \
	"stat follows a final symlink into /etc, lstat (AT_SYMLINK_NOFOLLOW) does not"
is "$(run "${F[@]}" -- "$SYS" open-fstat /etc/hostname open-fstat "$TMP")" "$(printf 'fstat = -1 EPERM\nfstat = 0')" \
	"an empty path with AT_EMPTY_PATH (glibc's fstat) is the fd's own object"
is "$(run "${F[@]}" -- "$SYS" raw 262 -100 0x0 0 0)" "raw 262 = -1 EFAULT" "a NULL path is EFAULT, not a match"

out=$(run "${P[@]}" -- "$SYS" race "$TMP/ok-race" "$TMP/bad" 1000)
like "$out" '^race = [0-9]+$' "the racing target ran"
test ! -e "$TMP/bad"; ok $? "a thread flipping the path never gets the denied directory made"
done_testing
