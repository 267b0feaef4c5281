#!/bin/bash
# Address conditions against a target that shapes its addresses to slip
# past them (AF_UNSPEC read as IPv4, a 24-byte IPv6 address, the
# unspecified address that reaches loopback, abstract names with NULs and
# slashes), that relies on the supervisor's identity (SO_PEERCRED), the
# abstract scope, MSG_ZEROCOPY, or the kernel's SIGPIPE.
. "$(dirname "$0")/lib.sh"
scratch
plan 14
r() { "$UNOTIFY" run "$@" 2>/dev/null; }

is "$(r -e 'sendto family=AF_INET addr!=127.0.0.0/8 -> errno ENETUNREACH' -- "$SYS" send-unspec 192.0.2.1 9)" \
	"sendto = -1 ENETUNREACH" "an AF_UNSPEC address on an IPv4 UDP socket is judged as the IPv4 address the kernel sends to"
is "$(r -e 'bind addr=127.0.0.0/8 -> allow' -e 'bind family=AF_INET -> errno EADDRNOTAVAIL' -- "$SYS" bind-unspec)" \
	"bind = -1 EADDRNOTAVAIL" "a bind to AF_UNSPEC 0.0.0.0 is judged as IPv4: no listening on every interface"
is "$(r -e 'connect addr=::1 -> errno EACCES' -- "$SYS" connect6-24 ::1 1)" "connect = -1 EACCES" \
	"a 24-byte sockaddr_in6 (no scope id), which the kernel takes, is judged too"
is "$(r -e 'connect addr=127.0.0.0/8,::1 -> errno EACCES' -- "$SYS" connect-nb 0.0.0.0 1 connect-nb :: 1 | tr '\n' ' ')" \
	"connect = -1 EACCES connect = -1 EACCES " "0.0.0.0 and :: reach loopback, and are judged as it"
is "$(r -e 'connect addr=@* -> errno EACCES' -- "$SYS" connect-abs 'a/b' connect-abs 'x%y' | tr '\n' ' ')" \
	"connect = -1 EACCES connect = -1 EACCES " "an abstract name with a '/' or a NUL is matched whole ('*' crosses both)"
is "$(r -e 'connect addr=@x@y -> errno EACCES' -- "$SYS" connect-abs 'x%y')" "connect = -1 EACCES" \
	"a NUL in an abstract name is matched as '@'"

if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$TMP/bin" "$TMP/pc"
	cp "$SYS" "$TMP/bin/"
	chmod 755 "$TMP" "$TMP/bin"
	chmod 777 "$TMP/pc"
	N=(setpriv --reuid=65534 --regid=65534 --clear-groups "$TMP/bin/sys")
	is "$(r -e "connect addr=$TMP/** -> allow" -e 'connect -> deny' -- "${N[@]}" peercred "unix:$TMP/pc/s")" \
		"connect = -1 EACCES" "an AF_UNIX connect of a target that is not unotify's user is refused: its peer would see unotify's credentials"
	rm -f "$TMP/pc/s"
	is "$(r -e "connect addr=$TMP/** -> allow" -e 'connect -> deny' -- "$SYS" peercred "unix:$TMP/pc/s")" \
		"peercred = 0" "and performed where they are the same"
else
	skip 2 "running the target as another user needs root"
fi

abi=$(landlock_abi)
if [ "${abi:-0}" -ge 6 ] 2>/dev/null; then
	"$SYS" listen-abs "unotify-out-$$" 3 >/dev/null 2>&1 &
	lpid=$!
	sleep 0.3
	is "$(r --scope-abstract-unix -e 'connect addr=127.0.0.1 -> allow' -- "$SYS" connect-abs "unotify-out-$$")" \
		"connect = -1 EPERM" "--scope-abstract-unix: a connect the supervisor performs is scoped as the target's would be"
	kill "$lpid" 2>/dev/null
	wait "$lpid" 2>/dev/null
else
	skip 1 "the abstract scope needs Landlock ABI 6 (Linux 6.12)"
fi

"$SYS" listen "unix:$TMP/old.sock" 5 >"$TMP/l.out" 2>&1 &
lpid=$!
for _ in $(seq 50); do [ -s "$TMP/l.out" ] && break; sleep 0.05; done
ln "$TMP/old.sock" "$TMP/hard.sock"
ln -s "$TMP/old.sock" "$TMP/sym.sock"
M=(-e 'connect,sendto,sendmsg made=before -> errno EACCES')
is "$(r "${M[@]}" -- "$SYS" connect-unix "$TMP/old.sock" connect-unix "$TMP/hard.sock" connect-unix "$TMP/sym.sock" | tr '\n' ' ')" \
	"connect = -1 EACCES connect = -1 EACCES connect = -1 EACCES " \
	"made=before: a socket made before the run is refused, by a hard link or a symlink too"
is "$(r "${M[@]}" -- "$SYS" echo "unix:$TMP/new.sock" | tr '\n' ' ')" "connect = 0 sendto = 2 read = hi " \
	"and the target's own socket, made during the run, is reached"
kill "$lpid" 2>/dev/null
wait "$lpid" 2>/dev/null
is "$(r -e 'connect addr=127.0.0.1 -> allow' -e 'sendto family=AF_INET -> allow' -- "$SYS" zerocopy)" "send = -1 EPERM" \
	"MSG_ZEROCOPY is refused: the kernel would send unotify's buffer later"
"$SYS" sigpipe >/dev/null
native=$?
r -e 'sendto family=AF_UNIX -> allow' -- "$SYS" sigpipe >/dev/null
is "$?" "$native" "a send to a closed peer raises SIGPIPE in the target, as natively ($native)"
is "$(r -e 'sendmsg family!=AF_UNIX -> errno EACCES' -- "$SYS" sendmsg-name0)" "sendmsg = 1" \
	"a msg_name with length 0 is no address, as for the kernel: no address condition holds"
done_testing
