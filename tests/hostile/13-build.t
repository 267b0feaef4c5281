#!/bin/bash
# The build profile against a target that reaches a file outside the
# trees through the tree itself: a hard link, a symlink, a move, a chmod,
# an xattr, a linked O_TMPFILE; and against the network and abstract
# sockets outside.  Each test checks the outside file afterwards.
. "$(dirname "$0")/lib.sh"
scratch
plan 8
OUT=$(mktemp -d "$BUILD/hostile-out.XXXXXX")
trap 'rm -rf "$TMP" "$OUT"' EXIT
case $OUT in /tmp/* | /var/tmp/*)
	skip 8 "the build directory is in a temp directory: nothing is outside the trees"
	exit 0
	;;
esac
WT=$TMP/wt
mkdir -p "$WT"
echo secret >"$OUT/f"
chmod 644 "$OUT/f"
B() { (cd "$WT" && "$UNOTIFY" run --profile build -- "$@" 2>&1); }
state() { stat -c '%s %a %h %Y' "$OUT/f"; cat "$OUT/f"; }
before=$(state)

is "$(B sh -c "ln $OUT/f $WT/h; ln -P $OUT/f $WT/h2" | grep -c 'Permission denied')" 2 \
	"a hard link of an outside file into the work tree is refused"
ln -s "$OUT/f" "$WT/s"
is "$(B sh -c "echo x >$WT/s; echo y >>$WT/s; chmod 666 $WT/s; touch $WT/s; truncate -s 0 $WT/s" | grep -c 'Permission denied')" 5 \
	"a symlink in the tree to an outside file: write, append, chmod, touch, truncate through it are refused"
is "$(B sh -c "mv $OUT/f $WT/m; cp -al $OUT $WT/c" | grep -c 'Permission denied\|cannot')" 2 \
	"moving or hard-linking the outside file into the tree fails"
is "$(B python3 -c "import os; os.setxattr('$WT/s', 'user.x', b'1')" | grep -o 'Permission denied' | head -1)" \
	"Permission denied" "an xattr through the symlink is refused"
is "$(state)" "$before" "the outside file is unchanged: size, mode, links, time and bytes"
is "$(B "$BUILD/targets/racer" tmpfile "$OUT" "$OUT/t1" | head -1)" "tmpfile = -1 EACCES" \
	"an O_TMPFILE in an outside directory is refused"
is "$(B "$SYS" connect-nb 192.0.2.1 80 connect-nb ::ffff:192.0.2.1 80 send-unspec 192.0.2.1 9 | tr '\n' ' ')" \
	"connect = -1 ENETUNREACH connect = -1 ENETUNREACH sendto = -1 ENETUNREACH " \
	"no network: IPv4, mapped, and an AF_UNSPEC datagram"
is "$(ls -A "$OUT" | tr '\n' ' ')" "f " "nothing was made outside"
done_testing
