/* net: conditions on a call's socket address (addr=, port=, family=) and
 * the calls the supervisor performs once they let a call through
 * (connect, sendto, sendmsg, i386's socketcall socket; bind is
 * emulate.c's).
 *
 *   addr=127.0.0.0/8   addr=::1   addr=2001:db8::/32   an IP address or
 *                      network (an IPv4-mapped IPv6 address is its IPv4
 *                      address: a socket of either family reaches it)
 *   addr=/run/user/...  an AF_UNIX file name (a glob): on the object's real
 *                      path, resolved as the call resolves it
 *   addr=@NAME         an abstract AF_UNIX name (a glob on NAME)
 *   port=443  port=1024-65535   an IP port or range
 *   family=AF_INET     the address's family
 *   made=before        an AF_UNIX socket file made before the run started
 *   made=during        (the inode's birth time); one made during it, by
 *                      anyone: when, not who
 *   proto=tcp          the socket's protocol (tcp, udp, mptcp): an IPv4 or
 *                      IPv6 socket of that protocol; tcp covers MPTCP too
 *                      (a TCP connection to its peer)
 *
 * A call that carries no address (sendto without one, on a connected
 * socket) matches no address condition, = or !=. */
#ifndef UNOTIFY_NET_H
#define UNOTIFY_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

enum net_kind { NET_ADDR, NET_UNIX, NET_ABSTRACT, NET_PORT, NET_FAMILY, NET_MADE, NET_PROTO };

enum net_proto { PROTO_TCP = 1, PROTO_UDP, PROTO_MPTCP };

struct netcond {
	enum net_kind kind;
	uint8_t ip[16]; /* NET_ADDR: IPv6, or IPv4 as ::ffff:a.b.c.d */
	unsigned prefix; /* bits of ip that must match (IPv4: 96 + its own) */
	uint16_t lo, hi; /* NET_PORT */
	int family;	 /* NET_FAMILY */
	bool before;	 /* NET_MADE: made=before (else made=during) */
	int proto;	 /* NET_PROTO: enum net_proto */
	struct glob *glob; /* NET_UNIX, NET_ABSTRACT */
};

/* Whether NAME (addr, port, family) is an address condition. */
bool net_cond_name(const char *name);

/* The argument that holds SYS's address (connect, bind: 1; sendto: 4;
 * sendmsg: 1, its struct msghdr), or -1 when SYS has none. */
int net_addr_arg(const char *sys);

/* Parses TEXT for condition NAME into a new *OUT (net_cond_free).  0, or
 * -EINVAL with *MSG saying why, or -ENOMEM. */
int net_cond_parse(const char *name, const char *text, struct netcond **out, const char **msg);
void net_cond_free(struct netcond *n);

struct call;

/* 1 if condition C (op = or !=) holds for the call's address, 0 if not,
 * or the -errno the call fails with (EFAULT, EINVAL), or -ESRCH. */
int net_cond_match(struct call *c, const struct cond *cd);

/* The call's address into c->addr, read once as the kernel reads it
 * (c->addrlen -1: none).  0, -EINVAL, -EFAULT or -ESRCH. */
int net_read_addr(struct call *c);

/* The call's address as read (net_read_addr), for records: "1.2.3.4",
 * "::1", "/path", "@abstract" into OUT, its port into *PORT (-1: none),
 * its family's name into *FAMILY ("AF_INET", ...; NULL for another).
 * False when the call read no address. */
bool net_addr_text(const struct call *c, char *out, size_t size, int *port,
		   const char **family);

/* The emulations (emulate.h's handlers). */
int emu_connect(struct call *c, int64_t *result);
int emu_sendto(struct call *c, int64_t *result);
int emu_sendmsg(struct call *c, int64_t *result);

/* i386's socketcall(SYS_SOCKET), which the filter cannot judge (its
 * arguments are in memory): decided on unotify's copy of the block, so
 * continuing it would let a racing thread change the block after the
 * check (an MPTCP protocol where the rules judged another).  The socket
 * is made from that copy, with the target's file system ids and
 * capabilities, and handed over (SECCOMP_IOCTL_NOTIF_ADDFD); a target in
 * another network namespace than unotify is refused (EACCES) rather than
 * given a socket in unotify's.  Not a rule's `emulate`: implicit.c makes
 * it the handler of `socket`, for what the supervisor lets through. */
int emu_socket(struct call *c, int64_t *result);

#endif
