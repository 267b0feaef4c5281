#!/bin/bash
# A policy's paths name objects as unotify's world at launch names them.
# A target that bind-mounts, mounts a tmpfs, chroots, walks a detached
# mount or a magic link, scopes openat2, or sits deeper than PATH_MAX is
# judged by that name, or refused (EACCES) when there is none.
. "$(dirname "$0")/lib.sh"
scratch
plan 23
mkdir -p "$TMP/allowed/sub" "$TMP/denied" "$TMP/jail/d"
A=(-e "mkdir pathname=$TMP/allowed/** -> allow" -e 'mkdir -> deny')
run() { "$UNOTIFY" run "$@" 2>&1 | grep -E '^(mkdir|mkdirat|openat2|deep|lchown) '; }
clean() { rm -rf "$TMP/denied"/* "$TMP/jail/evil"; }

if [ "$(id -u)" -eq 0 ]; then
	is "$(run "${A[@]}" -- "$HOSTILE" mountns bind "$TMP/denied" "$TMP/allowed/sub" mkdir "$TMP/allowed/sub/x")" \
		"mkdir = -1 EACCES" "a bind mount over an allowed path, in the target's own mount namespace, is refused"
	test -z "$(ls "$TMP/denied")"; ok $? "and nothing was made in the denied tree"
	is "$(run "${A[@]}" -- "$HOSTILE" mountns tmpfs "$TMP/allowed/sub" mkdir "$TMP/allowed/sub/x")" \
		"mkdir = -1 EACCES" "a tmpfs only the target's namespace has: no name, refused"
	is "$(run -e 'mkdir pathname=/evil -> allow' -e 'mkdir -> deny' -- "$HOSTILE" chroot "$TMP/jail" mkdir /evil)" \
		"mkdir = -1 EPERM" "a chrooted /evil is $TMP/jail/evil: an allow-list of /evil does not match"
	is "$(run -e "mkdir pathname=$TMP/jail/** -> deny" -e 'mkdir -> continue' -- "$HOSTILE" chroot "$TMP/jail" mkdir /evil)" \
		"mkdir = -1 EPERM" "and a deny-list of the jail does"
	test ! -e "$TMP/jail/evil"; ok $? "nothing was made"
	is "$(run -e "mkdir pathname=$TMP/jail/** -> allow" -e 'mkdir -> deny' -- "$HOSTILE" chroot "$TMP/jail" mkdir /ok cd /d mkdir ../ok2)" \
		"$(printf 'mkdir = 0\nmkdir = 0')" "emulation acts in the chrooted target's own view"
	test -d "$TMP/jail/ok" && test -d "$TMP/jail/ok2"; ok $? "at the paths the target named"
	is "$(run -e "mkdirat pathname=$TMP/denied/** -> deny" -e 'mkdirat -> allow' -- "$HOSTILE" tree "$TMP/denied" mkdirat-tree x)" \
		"mkdirat = -1 EACCES" "a detached mount (open_tree clone) reads as /: refused"
	clean
else
	skip 9 "mount namespaces, chroot and open_tree need root here"
fi

if "$HOSTILE" userns >/dev/null 2>&1 && [ "$("$HOSTILE" userns)" = "userns = 0" ]; then
	is "$(run "${A[@]}" -- "$HOSTILE" userns mountns bind "$TMP/denied" "$TMP/allowed/sub" mkdir "$TMP/allowed/sub/y")" \
		"mkdir = -1 EACCES" "an unprivileged user and mount namespace: the bind mount is refused too"
	is "$(run "${A[@]}" -- "$HOSTILE" userns mountns mkdir "$TMP/allowed/ok")" "mkdir = 0" \
		"a namespace's copy of unotify's mounts names objects as unotify's does"
else
	skip 2 "unprivileged user namespaces are off here"
fi

D=(-e "mkdir pathname=$TMP/denied/** -> deny" -e 'mkdir -> continue')
is "$(cd "$TMP/denied" && run "${D[@]}" -- "$SYS" mkdir /proc/self/cwd/x mkdir "/proc/self/root$TMP/denied/y")" \
	"$(printf 'mkdir = -1 EPERM\nmkdir = -1 EACCES')" "/proc/self/cwd is named as the target's own cwd (denied there); /proc/self/root is refused even under continue"
is "$(run -e "openat2 pathname=$TMP/denied/** -> deny" -e 'openat2 -> continue' -- "$HOSTILE" openat2 "$TMP/denied" /f 0x10)" \
	"openat2 = -1 EPERM" "openat2's RESOLVE_IN_ROOT is read: /f under the denied dirfd is denied"
test -z "$(ls "$TMP/denied")"; ok $? "and nothing was made"
if [ "$(id -u)" -eq 0 ]; then
	as_nobody_setup
	mkdir -m 700 "$TMP/private"
	is "$("${NOBODY[@]}" "$NUNOTIFY" run -e "mkdir pathname=$TMP/private/** -> errno ENOENT" -e 'mkdir -> continue' -- \
		"$TMP/bin/sys" mkdir "$TMP/private/sub/x" 2>&1)" "mkdir = -1 EACCES" \
		"a path the target cannot walk has no name to judge: EACCES, as the kernel says"
else
	skip 1 "running as another user needs root"
fi
O=(-e 'openat pathname=/proc/*/status -> errno EMSGSIZE' -e "openat pathname=$TMP/denied/** -> deny" -e 'openat -> continue')
is "$("$UNOTIFY" run "${O[@]}" -- "$SYS" open-fstat /proc/self/status 2>&1)" "open = -1 EMSGSIZE" \
	"/proc/self is named as the target's own /proc entry"
like "$("$UNOTIFY" run "${O[@]}" -- "$SYS" open-fstat /proc/self/comm 2>&1)" '^fstat = 0' \
	"and the target reads its own"
touch "$TMP/denied/s"
is "$(cd "$TMP/denied" && "$UNOTIFY" run "${O[@]}" -- "$SYS" open-fstat /proc/self/cwd/s 2>&1)" "open = -1 EPERM" \
	"the target's own cwd link on the way names the object it leads to, where unotify's own walk of it would fail"
is "$(cd "$TMP/denied" && "$UNOTIFY" run "${O[@]}" -- "$SYS" open-fstat /proc/1/cwd 2>&1)" "open = -1 EACCES" \
	"another process's magic link on the way is refused"
rm "$TMP/denied/s"
ln -s "$TMP/denied" "$TMP/l"
L=(-e "lchown pathname=$TMP/denied -> deny" -e 'lchown -> continue')
is "$(run "${L[@]}" -- "$SYS" lchown "$TMP/l" 0 lchown "$TMP/l/" 0 2>&1 | grep lchown)" \
	"$(printf 'lchown = 0\nlchown = -1 EPERM')" "lchown judges the link itself, but \"link/\" is what it points to, as for the kernel"
is "$(run -e "mkdir pathname=$TMP/l -> errno EROFS" -e 'mkdir -> continue' -- "$SYS" mkdir "$TMP/l/" 2>&1 | grep mkdir)" \
	"mkdir = -1 EROFS" "while mkdir makes the name itself, slash or not"
mkdir "$TMP/deep"
is "$(cd "$TMP/deep" && run -e "mkdir pathname=$TMP/deep/** -> deny" -e 'mkdir -> continue' -- "$HOSTILE" deep 25 mkdir x)" \
	"$(printf 'deep = 0\nmkdir = -1 EACCES')" "a relative path from a cwd deeper than PATH_MAX has no name: refused"
is "$(find "$TMP/deep" -name x | wc -l)" 0 "and was not made"
done_testing
