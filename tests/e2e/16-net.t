#!/bin/bash
# Address conditions (addr=, port=, family=) on connect, sendto and
# sendmsg: decided on unotify's copy of the address, then performed by
# the supervisor through the target's own socket, with the kernel's
# answer; what cannot be performed so (SCM_RIGHTS) is refused unless the
# rule says continue.  And every diagnostic of the forms.
. "$(dirname "$0")/lib.sh"
scratch
plan 23
r() { "$UNOTIFY" run "$@" 2>&1; }
lines() { tr '\n' ' ' | sed 's/ $//'; }

L=(-e 'connect addr=127.0.0.0/8 -> allow' -e 'connect addr=::1 -> allow' -e 'connect -> errno ENETUNREACH')
is "$(r "${L[@]}" -- "$SYS" echo 127.0.0.1 echo ::1 | lines)" \
	"connect = 0 sendto = 2 read = hi connect = 0 sendto = 2 read = hi" \
	"localhost only: IPv4 and IPv6 loopback connect, and the connection carries data"
is "$(r "${L[@]}" -- "$SYS" echo ::ffff:127.0.0.1 | lines)" "connect = 0 sendto = 2 read = hi" \
	"an IPv4-mapped IPv6 address is its IPv4 address: 127.0.0.0/8 matches it"
is "$(r "${L[@]}" -- "$SYS" connect-nb 192.0.2.1 80 connect-nb ::ffff:192.0.2.1 80 connect-nb 2001:db8::1 80 | lines)" \
	"connect = -1 ENETUNREACH connect = -1 ENETUNREACH connect = -1 ENETUNREACH" \
	"other addresses are refused, mapped or not"
native=$("$SYS" connect-nb 127.0.0.1 1)
is "$(r "${L[@]}" -- "$SYS" connect-nb 127.0.0.1 1)" "$native" \
	"a non-blocking connect performed by the supervisor answers as the kernel does ($native)"
native=$("$SYS" connect-nb 127.0.0.1 1 connect-nb 127.0.0.1 1 | lines)
is "$(r -e 'connect addr=127.0.0.1 -> allow' -e 'connect -> deny' -- "$SYS" connect-nb 127.0.0.1 1 connect-nb 127.0.0.1 1 | lines)" \
	"$native" "and so does the next one"

P=(-e 'connect port=1-1023 -> errno EACCES' -e 'connect port=1024-65535 -> allow' -e 'connect -> deny')
is "$(r "${P[@]}" -- "$SYS" connect-nb 127.0.0.1 80 echo 127.0.0.1 | lines)" \
	"connect = -1 EACCES connect = 0 sendto = 2 read = hi" "port=1-1023 and port=1024-65535 split the ports"
is "$(r -e 'connect port=80 -> errno EACCES' -e 'connect -> allow' -- "$SYS" connect-nb 127.0.0.1 80 | lines)" \
	"connect = -1 EACCES" "port=N is one port"
is "$(r -e 'connect family=AF_INET6 -> errno EAFNOSUPPORT' -e 'connect -> allow' -- "$SYS" connect-nb ::1 80 echo 127.0.0.1 | lines)" \
	"connect = -1 EAFNOSUPPORT connect = 0 sendto = 2 read = hi" "family=AF_INET6 is the address's family"

mkdir -p "$TMP/ok" "$TMP/no"
U=(-e "connect addr=$TMP/ok/** -> allow" -e 'connect addr=@unotify-ok* -> allow' -e 'connect family=AF_UNIX -> errno EACCES')
is "$(r "${U[@]}" -- "$SYS" echo "unix:$TMP/ok/s" echo "unix:$TMP/no/s" | lines)" \
	"connect = 0 sendto = 2 read = hi connect = -1 EACCES" \
	"addr=/glob: an AF_UNIX socket file, by its path"
ln -s "$TMP/no" "$TMP/ok/link"
is "$(r "${U[@]}" -- "$SYS" echo "unix:$TMP/ok/link/s2" | head -1)" "connect = -1 EACCES" \
	"judged where the path leads: a symlink out of the tree is refused"
is "$(r "${U[@]}" -- "$SYS" echo "abstract:unotify-ok-$$" echo "abstract:other-$$" | lines)" \
	"connect = 0 sendto = 2 read = hi connect = -1 EACCES" \
	"addr=@glob: an abstract name"

S=(-e 'sendto,sendmsg addr=127.0.0.1 -> allow' -e 'sendto,sendmsg family=AF_INET -> errno ENETUNREACH')
is "$(r "${S[@]}" -- "$SYS" udp 127.0.0.1 | lines)" "sendto = 2 sendmsg = 2 recv = tt recv = mm" \
	"sendto and sendmsg (msg_name) to an allowed address: performed with unotify's copy of the data"
is "$(r "${S[@]}" -- "$SYS" udp 127.0.0.2 | lines)" "sendto = -1 ENETUNREACH sendmsg = -1 ENETUNREACH" \
	"and refused elsewhere"
is "$(r "${S[@]}" -- "$SYS" echo 127.0.0.1 | lines)" "connect = 0 sendto = 2 read = hi" \
	"a sendto with no address (a connected socket) matches no address condition"
is "$(r -e "sendmsg addr=$TMP/** -> allow" -e 'sendmsg -> deny' -- "$SYS" rights "unix:$TMP/dg")" \
	"sendmsg = 1" "sendmsg with SCM_RIGHTS is performed, the fds passed as the supervisor's copies"

B=(-e 'bind addr=127.0.0.1 -> allow' -e 'bind -> deny')
is "$(r "${B[@]}" -- "$SYS" bind-tcp 0 echo ::1 | lines)" "bind = 0 listen = -1 EPERM" \
	"bind: an allowed address is bound (by the supervisor, on the target's socket), another refused"
if [ "$(id -u)" -eq 0 ]; then
	as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	mkdir -p "$TMP/bin" && cp "$SYS" "$TMP/bin/" && chmod 755 "$TMP" "$TMP/bin"
	native=$("${as_nobody[@]}" "$TMP/bin/sys" bind-tcp 80 | lines)
	is "$(r "${B[@]}" -- "${as_nobody[@]}" "$TMP/bin/sys" bind-tcp 80 bind-tcp 0 | lines)" "$native bind = 0" \
		"a bind below 1024 checks the target's capabilities, not unotify's ($native)"
else
	skip 1 "running the target as another user needs root"
fi

# The forms' diagnostics, each with its place.
diag() { "$UNOTIFY" check -e "$1" 2>&1 >/dev/null | head -1; }
is "$(diag 'connect addr=300.1.1.1 -> allow')" \
	"unotify: -e:1:14: addr=300.1.1.1: not an IPv4 or IPv6 address (or a /path, @name)" "a bad address"
is "$(diag 'connect addr=1.2.3.4/33 -> allow')$(diag 'connect addr=::1/129 -> allow')" \
	"unotify: -e:1:14: addr=1.2.3.4/33: a prefix length is 0..32unotify: -e:1:14: addr=::1/129: a prefix length is 0..128" \
	"a prefix too long, IPv4 and IPv6"
is "$(diag 'connect port=70000 -> allow')$(diag 'connect port=5-3 -> allow')" \
	"unotify: -e:1:14: port=70000: a port is 0..65535, or a range LOW-HIGHunotify: -e:1:14: port=5-3: a port is 0..65535, or a range LOW-HIGH" \
	"a port out of range, a range upside down"
is "$(diag 'connect family=AF_BOGUS -> allow')" \
	"unotify: -e:1:16: family=AF_BOGUS: unknown family (AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, ...)" "an unknown family"
is "$(diag 'mkdir addr=1.2.3.4 -> allow')" "unotify: -e:1:7: mkdir has no argument 'addr' (its arguments: pathname, mode)" \
	"a call without a socket address has no addr="
is "$(diag 'connect addr>1.2.3.4 -> allow')$(diag 'connect addr=@ -> allow')" \
	"unotify: -e:1:13: an address condition takes = or !=unotify: -e:1:14: addr=@: empty pattern" \
	"an address takes = or != only, and an abstract name a pattern"
done_testing
