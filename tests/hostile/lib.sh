# The hostile suite: targets that attack the policy and unotify itself.
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
HOSTILE="$BUILD/targets/hostile"

# The Landlock ABI the kernel offers (0: none); the lock layer needs 6.
landlock_abi() { "$HOSTILE" landlock-abi; }

# Copies unotify and the targets where another user can run them, and
# sets NOBODY to a command prefix that runs as uid/gid 65534 (root only).
as_nobody_setup() {
	mkdir -p "$TMP/bin"
	cp "$UNOTIFY" "$SYS" "$HOSTILE" "$TMP/bin/"
	chmod 755 "$TMP/bin"
	NOBODY=(setpriv --reuid 65534 --regid 65534 --clear-groups)
	NUNOTIFY="$TMP/bin/unotify"
	NHOSTILE="$TMP/bin/hostile"
}
