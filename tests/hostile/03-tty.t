#!/bin/bash
# Terminal injection: TIOCSTI (and TIOCLINUX) push input into the
# controlling terminal, which a shell runs once the sandbox has ended.
# Every policy refuses them unless --allow-tiocsti; tested under a pty.
. "$(dirname "$0")/lib.sh"
scratch
plan 3
command -v script >/dev/null || skip_all "needs script(1) for a pty"
pty() { script -qec "$1" /dev/null </dev/null | tr -d '\r'; }

out=$(pty "'$UNOTIFY' run -e 'getpid -> allow' -- '$HOSTILE' tiocsti x")
like "$out" 'tiocsti = -1 EPERM' "TIOCSTI is refused, even under a policy the kernel decides alone"
out=$(pty "'$UNOTIFY' run -e 'mkdir pathname=/x/** -> deny' -- '$SYS' raw 16 0 0x10000541c 0")
like "$out" 'raw 16 = -1 EPERM' "TIOCLINUX too, with high bits set in the request"
out=$(pty "'$UNOTIFY' run --allow-tiocsti -e 'getpid -> allow' -- '$HOSTILE' tiocsti x")
if printf '%s' "$out" | grep -q 'tiocsti = -1 EIO'; then
	skip 1 "TIOCSTI is off in this kernel (dev.tty.legacy_tiocsti=0)"
else
	like "$out" 'tiocsti = 0' "--allow-tiocsti lets it through (the test can see an injection)"
fi
done_testing
