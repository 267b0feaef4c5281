#!/bin/bash
# Address conditions against a target that shapes its addresses to slip
# past them (AF_UNSPEC read as IPv4, a 24-byte IPv6 address, the
# unspecified address that reaches loopback, abstract names with NULs and
# slashes), that relies on the supervisor's identity (SO_PEERCRED), the
# abstract scope, MSG_ZEROCOPY, or the kernel's SIGPIPE; that reaches a
# TCP port with no plain connect (MPTCP, TCP Fast Open), or through
# i386's socketcall(2) with a racing thread; that counts on made=during
# meaning its own.
. "$(dirname "$0")/lib.sh"
scratch
plan 27
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

# A socket an outside process binds after the start is made during the run.
todo "made= says when a socket was made, not who made it (rules.md)"
( sleep 0.2; exec "$SYS" listen "unix:$TMP/late.sock" 2 >/dev/null 2>&1 ) &
lpid=$!
is "$(r "${M[@]}" -- sh -c "sleep 0.5; exec '$SYS' connect-unix '$TMP/late.sock'")" "connect = -1 EACCES" \
	"made=before: a socket an outside process bound after the start is not the target's own"
kill "$lpid" 2>/dev/null
wait "$lpid" 2>/dev/null

# TCP to a port the rules refuse, with no plain connect: an MPTCP socket
# (a TCP connection to its peer), TCP Fast Open (sendto, sendmsg,
# sendmmsg with MSG_FASTOPEN), io_uring; the supervisor decides
# (--landlock=off), or the rules cannot be placed at all.
T=(-e 'connect proto=tcp port=443 -> allow' -e 'connect proto=tcp -> errno EACCES')
cat >"$TMP/tcpx.c" <<'EOF'
/* tcpx: routes to a TCP connection with no plain connect, and i386's
 * socketcall(2) route (glibc's there); results as sys prints them.
 *   mptcp IP PORT     a non-blocking connect of an MPTCP socket
 *   fo-msg IP PORT    sendmsg with MSG_FASTOPEN on a TCP socket
 *   fo-mmsg IP PORT   sendmmsg with MSG_FASTOPEN on a TCP socket
 *   sc-socket DOMAIN TYPE PROTO   SYS_SOCKET: the socket's SO_PROTOCOL,
 *                     and nonblock, cloexec as its fd has them
 *   sc-udp            SYS_SENDTO of "ud" from a UDP socket to one on
 *                     127.0.0.1, then what came
 *   sc-race N         N SYS_SOCKET(AF_INET, SOCK_STREAM, 0) while a thread
 *                     flips the block's protocol to MPTCP and back: how
 *                     many MPTCP sockets came */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/net.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "report.h"


static socklen_t sa(const char *ip, const char *port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	in->sin_family = AF_INET;
	in->sin_port = htons((uint16_t)atoi(port));
	inet_pton(AF_INET, ip, &in->sin_addr);
	return sizeof(*in);
}

#ifdef __i386__
static volatile unsigned long blk[6];
static volatile int stop;

static void *flip(void *arg)
{
	while (!stop)
		blk[2] = blk[2] ? 0 : 262;
	return arg;
}
#endif

static int op(char **a)
{
	struct sockaddr_storage ss;
	struct iovec iov = { "f", 1 };
	struct mmsghdr mm = { .msg_hdr = { .msg_name = &ss, .msg_iov = &iov, .msg_iovlen = 1 } };
	int fd, proto = 0;
	socklen_t len = sizeof(proto);

	if (!strcmp(a[0], "mptcp")) {
		len = sa(a[1], a[2], &ss);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 262);
		report(fd < 0 ? "socket" : "connect",
		       fd < 0 ? fd : connect(fd, (struct sockaddr *)&ss, len));
		return 3;
	}
	if (!strcmp(a[0], "fo-msg") || !strcmp(a[0], "fo-mmsg")) {
		mm.msg_hdr.msg_namelen = sa(a[1], a[2], &ss);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (!strcmp(a[0], "fo-msg"))
			report("sendmsg", sendmsg(fd, &mm.msg_hdr, MSG_FASTOPEN));
		else
			report("sendmmsg", sendmmsg(fd, &mm, 1, MSG_FASTOPEN));
		return 3;
	}
#ifdef __i386__
	if (!strcmp(a[0], "sc-socket")) {
		unsigned long b[3] = { strtoul(a[1], NULL, 0), strtoul(a[2], NULL, 0),
				       strtoul(a[3], NULL, 0) };

		fd = (int)syscall(SYS_socketcall, SYS_SOCKET, b);
		if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) < 0)
			report("socket", -1);
		else
			printf("socket = %d%s%s\n", proto,
			       fcntl(fd, F_GETFL) & O_NONBLOCK ? " nonblock" : "",
			       fcntl(fd, F_GETFD) & FD_CLOEXEC ? " cloexec" : "");
		return 4;
	}
	if (!strcmp(a[0], "sc-udp")) {
		int srv = socket(AF_INET, SOCK_DGRAM, 0);
		char buf[4] = "";
		long r;

		len = sa("127.0.0.1", "0", &ss);
		bind(srv, (struct sockaddr *)&ss, len);
		getsockname(srv, (struct sockaddr *)&ss, &len);
		blk[0] = (unsigned long)socket(AF_INET, SOCK_DGRAM, 0);
		blk[1] = (unsigned long)"ud";
		blk[2] = 2;
		blk[3] = 0;
		blk[4] = (unsigned long)&ss;
		blk[5] = len;
		report("sendto", r = syscall(SYS_socketcall, SYS_SENDTO, blk));
		if (r == 2 && recv(srv, buf, 2, MSG_DONTWAIT) == 2)
			printf("recv = %s\n", buf);
		return 1;
	}
	if (!strcmp(a[0], "sc-race")) {
		pthread_t t;
		int mptcp = 0;

		blk[0] = AF_INET;
		blk[1] = SOCK_STREAM;
		pthread_create(&t, NULL, flip, NULL);
		for (int i = 0; i < atoi(a[1]); i++) {
			fd = (int)syscall(SYS_socketcall, SYS_SOCKET, blk);
			len = sizeof(proto);
			if (fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) == 0)
				mptcp += proto == 262;
			close(fd);
		}
		stop = 1;
		pthread_join(t, NULL);
		printf("mptcp = %d\n", mptcp);
		return 2;
	}
#endif
	fprintf(stderr, "tcpx: unknown op %s\n", a[0]);
	exit(99);
}

int main(int argc, char **argv)
{
	(void)argc;
	for (char **a = argv + 1; *a;)
		a += op(a);
	return 0;
}
EOF
TCPX_CC=(cc -std=gnu11 -O1 -Wall -Wextra -Werror -pthread -I"$(dirname "$0")/../targets")
if command -v cc >/dev/null && "${TCPX_CC[@]}" -o "$TMP/tcpx" "$TMP/tcpx.c"; then
	mp=$("$TMP/tcpx" mptcp 127.0.0.1 81)
	if [ "${mp#socket = -1 }" != "$mp" ]; then
		skip 1 "no MPTCP socket here ($mp: net.mptcp.enabled=0?)"
	else
		is "$(r --landlock=off "${T[@]}" -- "$TMP/tcpx" mptcp 127.0.0.1 81 mptcp 127.0.0.1 443 | tr '\n' ' ')" \
			"connect = -1 EACCES connect = -1 EINPROGRESS " \
			"an MPTCP connect is judged as TCP: refused to a port proto=tcp refuses, let through to one it allows"
	fi
	is "$(r --landlock=off "${T[@]}" -- "$TMP/tcpx" fo-msg 127.0.0.1 81 fo-mmsg 127.0.0.1 81 | tr '\n' ' ')" \
		"sendmsg = -1 EOPNOTSUPP sendmmsg = -1 EOPNOTSUPP " \
		"TCP Fast Open by sendmsg and sendmmsg is refused where the supervisor judges connect"
else
	skip 2 "needs cc for the MPTCP and Fast Open target"
fi
is "$(r --landlock=off "${T[@]}" -- "$SYS" fastopen 127.0.0.1 81 fastopen 127.0.0.1 443 | tr '\n' ' ')" \
	"sendto = -1 EOPNOTSUPP sendto = -1 EOPNOTSUPP " \
	"TCP Fast Open by sendto is refused, to any port, where the supervisor judges connect"
is "$(r -e 'connect -> errno EACCES' -- "$SYS" fastopen 127.0.0.1 81)" "sendto = -1 EOPNOTSUPP" \
	"and where a rule refuses connect outright"
is "$(r -e 'getppid -> deny' -- "$SYS" fastopen 127.0.0.1 1)" "$("$SYS" fastopen 127.0.0.1 1)" \
	"where nothing restricts connect, Fast Open is left alone (as natively)"
is "$(r --landlock=off "${T[@]}" -- "$HOSTILE" uring)" "io_uring_setup = -1 ENOSYS" \
	"io_uring, which connects no rule sees, is refused where connect is restricted"

# i386: glibc makes socket calls through socketcall(2), whose arguments
# the filter cannot read; unotify's rules above (Fast Open; MPTCP where
# Landlock judges TCP) send them to the supervisor, which must decide on
# its own copy of the block and perform what it lets through.
if ! command -v cc >/dev/null || ! "${TCPX_CC[@]}" -m32 -o "$TMP/tcpx32" "$TMP/tcpx.c" 2>/dev/null; then
	skip 6 "no i386 build of the target (gcc-multilib)"
elif ! "$TMP/tcpx32" 2>/dev/null; then
	skip 6 "this kernel cannot run i386 binaries"
else
	is "$(r --landlock=off "${T[@]}" -- "$TMP/tcpx32" sc-udp | tr '\n' ' ')" "sendto = 2 recv = ud " \
		"i386: a UDP sendto through socketcall is sent, Fast Open refused or not"
	if [ "$(landlock_abi)" -ge 4 ] 2>/dev/null; then
		is "$(r "${T[@]}" -- "$TMP/tcpx32" sc-udp | tr '\n' ' ')" "sendto = 2 recv = ud " \
			"i386: and so with TCP placed in Landlock"
		is "$(r "${T[@]}" -- "$TMP/tcpx32" sc-socket 2 1 0 sc-socket 1 0x80801 0 sc-socket 2 2 0 | tr '\n' ' ')" \
			"socket = 6 socket = 0 nonblock cloexec socket = 17 " \
			"i386: socketcall(SYS_SOCKET) makes the sockets the rules allow (TCP, AF_UNIX with its flags, UDP)"
		is "$(r "${T[@]}" -- "$TMP/tcpx32" sc-socket 2 1 262)" "socket = -1 EPROTONOSUPPORT" \
			"i386: and no MPTCP socket where Landlock judges TCP"
		is "$(r "${T[@]}" -- "$TMP/tcpx32" sc-race 300 sc-socket 2 1 0 | tr '\n' ' ')" "mptcp = 0 socket = 6 " \
			"i386: a thread flipping the block's protocol to MPTCP gets none: the socket is made from the copy judged"
		is "$(r "${T[@]}" -- "$TMP/tcpx32" sc-socket 99 1 0)" "socket = -1 EAFNOSUPPORT" \
			"i386: the kernel's own error for a socket it cannot make"
	else
		skip 5 "the MPTCP refusal needs TCP placed in Landlock (ABI 4, Linux 6.7)"
	fi
fi
done_testing
