#!/bin/bash
# NULL and empty paths that name the fd's own object are judged as that
# object, per each call's rules: futimens (utimensat with NULL),
# newfstatat and statx with NULL and AT_EMPTY_PATH (6.11+), readlinkat of
# "" on an O_PATH symlink fd.
. "$(dirname "$0")/lib.sh"
scratch
plan 4
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
done_testing
