#!/bin/bash
# NULL and empty paths that name the fd's own object are judged as that
# object, per each call's rules: futimens (utimensat with NULL),
# newfstatat and statx with NULL and AT_EMPTY_PATH (6.11+), readlinkat of
# "" on an O_PATH symlink fd.
. "$(dirname "$0")/lib.sh"
scratch
plan 5
touch "$TMP/f"
P=(-e 'utimensat,newfstatat,statx,readlinkat pathname=/etc/** -> deny'
	-e 'utimensat,newfstatat,statx,readlinkat -> continue')
out=$("$UNOTIFY" run "${P[@]}" -- "$SYS" futimens "$TMP/f" fstat-null "$TMP/f" statx-null "$TMP/f" 2>&1)
is "$out" "$(printf 'futimens = 0\nfstat-null = 0\nstatx-null = 0')" "NULL paths name the fd's object: allowed outside /etc"
out=$("$UNOTIFY" run "${P[@]}" -- "$SYS" futimens /etc/hostname fstat-null /etc/hostname statx-null /etc/hostname 2>&1)
is "$out" "$(printf 'futimens = -1 EPERM\nfstat-null = -1 EPERM\nstatx-null = -1 EPERM')" "and judged by its name: denied in /etc"
ln -s "$TMP/f" "$TMP/l"
like "$("$UNOTIFY" run "${P[@]}" -- "$SYS" readlink-empty "$TMP/l" 2>&1)" '^readlink-empty = [0-9]+$' \
	"readlinkat(fd, \"\") reads the fd's symlink"
is "$("$UNOTIFY" run "${P[@]}" -- "$SYS" readlink-empty "$TMP/f" readlink-empty /etc/hostname 2>&1)" \
	"$(printf 'readlink-empty = -1 ENOENT\nreadlink-empty = -1 EPERM')" \
	"of a file that is no symlink: the kernel's own ENOENT, or the rule's refusal in /etc"
if [ "$(id -u)" -eq 0 ]; then
	as_nobody_setup
	chmod 666 "$TMP/f"
	is "$("${NOBODY[@]}" "$NUNOTIFY" run -e "utimensat pathname=$TMP/f -> deny" -e 'utimensat -> continue' -- \
		"$TMP/bin/sys" undumpable futimens "$TMP/f" 2>&1)" "$(printf 'undumpable = 0\nfutimens = -1 EACCES')" \
		"an fd unotify cannot look at (an undumpable target of its uid) is refused, not let through"
else
	skip 1 "running as another user needs root"
fi
done_testing
