/* net: address conditions, and connect, sendto and sendmsg performed by
 * the supervisor on its own copy of the address (see net.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "call.h"
#include "cleanup.h"
#include "emulate_int.h"
#include "glob.h"
#include "kernel.h"
#include "net.h"
#include "proc.h"
#include "variant.h"

/* The most a sendto or sendmsg carries through the supervisor: the
 * kernel's own limit for one datagram is smaller; a stream write past it
 * sends this much, as a short write. */
#define NET_SEND_MAX (1u << 20)
/* '/' in an abstract name and its pattern, for matching ('*' crosses it) */
#define ABSTRACT_SLASH '\x01'
/* A cap on sendmsg's control data (the kernel's optmem_max is 20 KiB) */
#define NET_CONTROL_MAX 65536

bool net_cond_name(const char *name)
{
	return strcmp(name, "addr") == 0 || strcmp(name, "port") == 0 ||
	       strcmp(name, "family") == 0 || strcmp(name, "made") == 0 ||
	       strcmp(name, "proto") == 0;
}

int net_addr_arg(const char *sys)
{
	if (strcmp(sys, "connect") == 0 || strcmp(sys, "bind") == 0 || strcmp(sys, "sendmsg") == 0)
		return 1;
	return strcmp(sys, "sendto") == 0 ? 4 : -1;
}

static const struct {
	const char *name;
	int family;
} families[] = {
	{ "AF_UNIX", AF_UNIX },	  { "AF_LOCAL", AF_UNIX },     { "AF_INET", AF_INET },
	{ "AF_INET6", AF_INET6 }, { "AF_NETLINK", AF_NETLINK }, { "AF_PACKET", AF_PACKET },
	{ "AF_VSOCK", AF_VSOCK }, { "AF_UNSPEC", AF_UNSPEC },
};

static int _parse_port(const char *s, uint16_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > 65535 || s[0] == '-' || s[0] == '+')
		return -EINVAL;
	*out = (uint16_t)v;
	return 0;
}

static int _parse_ip(const char *text, struct netcond *n, const char **msg)
{
	char ip[64], *slash;
	struct in_addr a4;
	unsigned max;

	if (strlen(text) >= sizeof(ip))
		return *msg = "not an address", -EINVAL;
	snprintf(ip, sizeof(ip), "%s", text);
	slash = strchr(ip, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(AF_INET, ip, &a4) == 1) {
		memset(n->ip, 0, 10);
		n->ip[10] = n->ip[11] = 0xff;
		memcpy(n->ip + 12, &a4, 4);
		max = 32;
	} else if (inet_pton(AF_INET6, ip, n->ip) == 1) {
		max = 128;
	} else {
		return *msg = "not an IPv4 or IPv6 address (or a /path, @name)", -EINVAL;
	}
	n->prefix = max;
	if (slash) {
		char *end;
		unsigned long p;

		errno = 0;
		p = strtoul(slash, &end, 10);
		if (errno || end == slash || *end || p > max)
			return *msg = max == 32 ? "a prefix length is 0..32" : "a prefix length is 0..128",
			       -EINVAL;
		n->prefix = (unsigned)p;
	}
	if (max == 32)
		n->prefix += 96;
	n->kind = NET_ADDR;
	return 0;
}

int net_cond_parse(const char *name, const char *text, struct netcond **out, const char **msg)
{
	_cleanup_free_ struct netcond *n = calloc(1, sizeof(*n));
	size_t errpos;
	int ret = 0;

	if (!n)
		return -ENOMEM;
	if (strcmp(name, "port") == 0) {
		char lo[16];
		const char *dash = strchr(text, '-');

		n->kind = NET_PORT;
		if (dash && (size_t)(dash - text) < sizeof(lo)) {
			snprintf(lo, sizeof(lo), "%.*s", (int)(dash - text), text);
			ret = _parse_port(lo, &n->lo) < 0 || _parse_port(dash + 1, &n->hi) < 0 ? -EINVAL
												: 0;
		} else {
			ret = _parse_port(text, &n->lo);
			n->hi = n->lo;
		}
		if (ret < 0 || n->lo > n->hi)
			return *msg = "a port is 0..65535, or a range LOW-HIGH", -EINVAL;
	} else if (strcmp(name, "proto") == 0) {
		n->kind = NET_PROTO;
		n->proto = strcmp(text, "tcp") == 0	? PROTO_TCP
			   : strcmp(text, "udp") == 0	? PROTO_UDP
			   : strcmp(text, "mptcp") == 0 ? PROTO_MPTCP
							: 0;
		if (!n->proto)
			return *msg = "proto=tcp, proto=udp or proto=mptcp", -EINVAL;
	} else if (strcmp(name, "made") == 0) {
		n->kind = NET_MADE;
		if (strcmp(text, "before") != 0 && strcmp(text, "during") != 0)
			return *msg = "made=before or made=during (the run)", -EINVAL;
		n->before = strcmp(text, "before") == 0;
	} else if (strcmp(name, "family") == 0) {
		n->kind = NET_FAMILY;
		n->family = -1;
		for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
			if (strcmp(families[i].name, text) == 0)
				n->family = families[i].family;
		if (n->family < 0)
			return *msg = "unknown family (AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, ...)",
			       -EINVAL;
	} else if (text[0] == '/' || text[0] == '@') {
		n->kind = text[0] == '/' ? NET_UNIX : NET_ABSTRACT;
		if (n->kind == NET_ABSTRACT) {
			/* a name, not a path: '*' crosses '/' (matched with both
			 * made ABSTRACT_SLASH) */
			char pat[PATH_MAX];

			snprintf(pat, sizeof(pat), "%s", text + 1);
			for (char *c = pat; *c; c++)
				if (*c == '/')
					*c = ABSTRACT_SLASH;
			ret = glob_compile(pat, &n->glob, &errpos, msg);
		} else {
			ret = glob_compile(text, &n->glob, &errpos, msg);
		}
		if (ret < 0)
			return ret;
	} else {
		ret = _parse_ip(text, n, msg);
		if (ret < 0)
			return ret;
	}
	*out = TAKE_PTR(n);
	return 0;
}

void net_cond_free(struct netcond *n)
{
	if (!n)
		return;
	glob_free(n->glob);
	free(n);
}

/* The sendmsg header, in the arch's layout (a 32-bit one for i386 and
 * x32), into c->msg.  0, -EFAULT or -ESRCH. */
static int _read_msghdr(struct call *c)
{
	if (c->msg_read)
		return 0;
	if (arch_table[c->arch].regs32 || c->arch == ARCH_X32) {
		uint32_t m[7];
		int ret = emu_read(c, 1, m, sizeof(m));

		if (ret < 0)
			return ret;
		c->msg = (struct net_msg){ m[0], m[1], m[2], m[3], m[4], m[5], true };
	} else {
		struct msghdr m;
		int ret = emu_read(c, 1, &m, sizeof(m));

		if (ret < 0)
			return ret;
		c->msg = (struct net_msg){ (uint64_t)(uintptr_t)m.msg_name,
					   m.msg_namelen,
					   (uint64_t)(uintptr_t)m.msg_iov,
					   m.msg_iovlen,
					   (uint64_t)(uintptr_t)m.msg_control,
					   m.msg_controllen,
					   false };
	}
	c->msg_read = true;
	return 0;
}

/* The call's address into c->addr (c->addrlen; -1 when it carries none),
 * read once, as the kernel reads it.  0, -EINVAL, -EFAULT or -ESRCH. */
int net_read_addr(struct call *c)
{
	uint64_t ptr;
	int64_t len;
	int ret;

	if (c->addr_read)
		return 0;
	ret = call_read_block(c);
	if (ret < 0)
		return ret;
	if (strcmp(c->sys->name, "sendmsg") == 0) {
		ret = _read_msghdr(c);
		if (ret < 0)
			return ret;
		/* as __copy_msghdr: no name, or a 0 length, is no address; a
		 * negative length EINVAL; one past sockaddr_storage cut to it */
		ptr = c->msg.name;
		len = ptr ? (int32_t)c->msg.namelen : 0;
		if (len > (int64_t)sizeof(c->addr))
			len = sizeof(c->addr);
		if (len == 0)
			ptr = 0;
	} else if (strcmp(c->sys->name, "sendto") == 0) {
		/* i386's socketcall send(): sendto without an address */
		ptr = var_layout(c->var, 4, false).kind == LAY_NONE ? 0 : call_arg(c, 4);
		len = ptr ? (int32_t)call_arg(c, 5) : 0;
	} else {
		return call_read_addr(c);
	}
	if (!ptr) {
		c->addrlen = -1;
		c->addr_read = true;
		return 0;
	}
	if (len < 0 || len > (int64_t)sizeof(c->addr))
		return -EINVAL;
	c->unchecked = true;
	ret = len ? mem_read(&c->t, ptr, c->addr, (size_t)len) : 0;
	if (ret < 0)
		return ret;
	c->addrlen = (int)len;
	c->addr_read = true;
	return 0;
}

/* The address's family, or -1 when too short to hold one. */
static int _family(const struct call *c)
{
	sa_family_t f;

	if (c->addrlen < (int)sizeof(f))
		return -1;
	memcpy(&f, c->addr, sizeof(f));
	return f;
}

/* The domain of the call's socket (argument 0), read once through a copy
 * of it, or -errno. */
static int _sock_domain(struct call *c)
{
	int fd, dom = 0;
	socklen_t len = sizeof(dom);

	if (c->sock_domain)
		return c->sock_domain;
	fd = call_take_fd(c, (int)(uint32_t)call_arg(c, 0));
	if (fd < 0)
		return fd;
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len) < 0)
		dom = -errno;
	close(fd);
	if (dom > 0)
		c->sock_domain = dom;
	return dom;
}

/* The family the kernel reads the address as: AF_UNSPEC is IPv4 on an
 * IPv4 socket for sendto, sendmsg and bind (udp_sendmsg, raw_sendmsg,
 * inet_bind); elsewhere (connect: a disconnect; IPv6: no address) it
 * names no address: -1, as for one too short to hold a family.  Or
 * -ESRCH. */
static int _read_family(struct call *c)
{
	int f = _family(c), dom;

	if (f != AF_UNSPEC)
		return f;
	if (strcmp(c->sys->name, "connect") == 0 ||
	    c->addrlen < (int)sizeof(struct sockaddr_in))
		return -1;
	dom = _sock_domain(c);
	return dom == -ESRCH ? dom : dom == AF_INET ? AF_INET : -1;
}

/* The IP address (as IPv6, IPv4 mapped) and port of an address of family
 * F, or false.  Where a connect or a send goes, the unspecified address
 * (0.0.0.0, ::) is the loopback the kernel sends to. */
static bool _ip(const struct call *c, int f, uint8_t ip[16], uint16_t *port)
{
	static const uint8_t any[16], mapped_any[16] = { [10] = 0xff, [11] = 0xff };

	if (f == AF_INET && c->addrlen >= (int)sizeof(struct sockaddr_in)) {
		struct sockaddr_in s;

		memcpy(&s, c->addr, sizeof(s));
		memset(ip, 0, 10);
		ip[10] = ip[11] = 0xff;
		memcpy(ip + 12, &s.sin_addr, 4);
		*port = ntohs(s.sin_port);
	} else if (f == AF_INET6 && c->addrlen >= 24) { /* SIN6_LEN_RFC2133: no scope id */
		struct sockaddr_in6 s = { 0 };

		memcpy(&s, c->addr, 24);
		memcpy(ip, &s.sin6_addr, 16);
		*port = ntohs(s.sin6_port);
	} else {
		return false;
	}
	if (strcmp(c->sys->name, "bind") != 0) {
		if (memcmp(ip, mapped_any, 16) == 0)
			ip[12] = 127, ip[15] = 1; /* ::ffff:127.0.0.1 */
		else if (memcmp(ip, any, 16) == 0)
			ip[15] = 1; /* ::1 */
	}
	return true;
}

static bool _in_prefix(const uint8_t *a, const uint8_t *net, unsigned prefix)
{
	unsigned full = prefix / 8, rest = prefix % 8;

	if (memcmp(a, net, full) != 0)
		return false;
	return !rest || ((a[full] ^ net[full]) & (0xff << (8 - rest))) == 0;
}

/* Whether the address is an abstract AF_UNIX name. */
static bool _is_abstract(const struct call *c)
{
	const size_t at = offsetof(struct sockaddr_un, sun_path);

	return _family(c) == AF_UNIX && (size_t)c->addrlen > at && c->addr[at] == '\0';
}

/* The abstract name (without its leading NUL) into OUT, for matching: a
 * NUL in it shown as '@' (as /proc/net/unix does), a '/' as
 * ABSTRACT_SLASH; or false. */
static bool _abstract(const struct call *c, char *out, size_t size)
{
	const size_t at = offsetof(struct sockaddr_un, sun_path);
	size_t n;

	if (!_is_abstract(c))
		return false;
	n = (size_t)c->addrlen - at - 1;
	if (n >= size)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = (char)c->addr[at + 1 + i];

		out[i] = ch == '\0' ? '@' : ch == '/' ? ABSTRACT_SLASH : ch;
	}
	out[n] = '\0';
	return true;
}

/* Resolves the AF_UNIX file name as the call does (following a final
 * symlink) into the address's path slot.  0, -errno the call fails with,
 * -EACCES (no name in unotify's world), or -ESRCH. */
static int _unix_object(struct call *c, const char *name, struct path_arg **p)
{
	int arg = net_addr_arg(c->sys->name);
	int ret;

	*p = c->path[arg];
	if (!(*p)->resolved || strcmp((*p)->str, name) != 0) {
		call_set_path(c, arg, name);
		/* bind makes the name (a final symlink is not followed) */
		ret = call_resolve_own(c, arg, strcmp(c->sys->name, "bind") != 0);
		if (ret < 0)
			return ret;
	}
	if ((*p)->unnamed)
		return -EACCES;
	return -(*p)->resolve_err;
}

/* The protocol of the call's socket (enum net_proto), 0 for another
 * (not IPv4 or IPv6, or another protocol), or -ESRCH. */
static int _sock_proto(struct call *c)
{
	int fd, dom = 0, proto = 0;
	socklen_t len = sizeof(int);

	fd = call_take_fd(c, (int)(uint32_t)call_arg(c, 0));
	if (fd < 0)
		return fd == -ESRCH ? fd : 0;
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len) < 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) < 0)
		dom = 0;
	close(fd);
	if (dom != AF_INET && dom != AF_INET6)
		return 0;
	return proto == IPPROTO_TCP ? PROTO_TCP : proto == IPPROTO_UDP ? PROTO_UDP
		: proto == 262 /* IPPROTO_MPTCP */ ? PROTO_MPTCP : 0;
}

/* Whether P's socket file was made before the run started (its birth
 * time; one without a birth time counts as made before: refused rather
 * than taken for the target's own). */
static bool _made_before(const struct call *c, const struct path_arg *p)
{
	struct statx sx;
	int r = p->objfd >= 0 ? statx(p->objfd, "", AT_EMPTY_PATH, STATX_BTIME, &sx)
			      : statx(p->dirfd, p->base, AT_SYMLINK_NOFOLLOW, STATX_BTIME, &sx);

	if (r < 0 || !(sx.stx_mask & STATX_BTIME))
		return true;
	return sx.stx_btime.tv_sec < c->run_start.tv_sec ||
	       (sx.stx_btime.tv_sec == c->run_start.tv_sec &&
		sx.stx_btime.tv_nsec < (uint32_t)c->run_start.tv_nsec);
}

int net_cond_match(struct call *c, const struct cond *cd)
{
	const struct netcond *n = cd->net;
	char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
	struct path_arg *p;
	uint8_t ip[16];
	uint16_t port;
	bool m = false;
	int f, ret = net_read_addr(c);

	if (ret < 0)
		return ret;
	if (n->kind == NET_PROTO) { /* the socket's, address or not */
		ret = _sock_proto(c);
		if (ret < 0)
			return ret;
		/* An MPTCP socket is a TCP connection to its peer (a TCP listener
		 * takes it): proto=tcp is about it too, or it would reach every
		 * port a `proto=tcp` refusal closes. */
		m = ret == n->proto || (n->proto == PROTO_TCP && ret == PROTO_MPTCP);
		return m == (cd->op == OP_EQ);
	}
	if (c->addrlen <= 0)
		return 0; /* no address: no condition on it holds */
	f = _read_family(c);
	if (f == -ESRCH)
		return f;
	if (f < 0)
		return 0; /* read as no address (AF_UNSPEC) */
	switch (n->kind) {
	case NET_FAMILY:
		m = f == n->family;
		break;
	case NET_PORT:
		m = _ip(c, f, ip, &port) && port >= n->lo && port <= n->hi;
		break;
	case NET_ADDR:
		m = _ip(c, f, ip, &port) && _in_prefix(ip, n->ip, n->prefix);
		break;
	case NET_ABSTRACT:
		m = _abstract(c, name, sizeof(name)) && glob_match(n->glob, name, strlen(name));
		break;
	case NET_MADE:
	case NET_UNIX: /* the socket file, resolved */
		if (!call_unix_path(c, name))
			break;
		ret = _unix_object(c, name, &p);
		if (ret == -EACCES)
			c->refused = "the socket's path has no name in unotify's world";
		if (ret < 0)
			return ret;
		m = n->kind == NET_MADE ? _made_before(c, p) == n->before
					: glob_match(n->glob, p->abs, p->abslen);
		break;
	default:
		return -EINVAL;
	}
	return m == (cd->op == OP_EQ);
}

/* The address to give the kernel: the call's own, or for an AF_UNIX file
 * name the object judged, by its /proc/self/fd link (no rename or symlink
 * planted since can move it).  Its length, or -errno the call fails with
 * (then *RESULT set), or -ESRCH. */
static int _dest(struct call *c, struct sockaddr_un *sun, const void **addr)
{
	char name[sizeof(sun->sun_path) + 1];
	struct path_arg *p;
	int ret;

	*addr = c->addr;
	if (!call_unix_path(c, name))
		return c->addrlen;
	c->acting = true;
	if (c->path[net_addr_arg(c->sys->name)]->by_supervisor)
		call_rewalk(c);
	ret = _unix_object(c, name, &p);
	if (ret < 0)
		return ret;
	if (p->objfd < 0)
		return -EACCES;
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path, sizeof(sun->sun_path), "/proc/self/fd/%d", p->objfd);
	*addr = sun;
	return (int)(offsetof(struct sockaddr_un, sun_path) + strlen(sun->sun_path) + 1);
}

/* The target's socket (argument 0), its address, and its credentials
 * taken on.  0 (then *SOCK), 1 with *RESULT, or -ESRCH.
 *
 * What the supervisor cannot do as the target is refused:
 * - on an AF_UNIX or netlink socket the kernel records the sender's
 *   credentials (SO_PEERCRED, SCM_CREDENTIALS, a netlink message's): only
 *   unotify's own fs ids and capabilities are switched, never its real
 *   ids or pid, so such a call of a target whose credentials are not
 *   unotify's would be recorded as unotify's: refused (EACCES);
 * - an abstract name outside the sandbox, where the run scopes them
 *   (--scope-abstract-unix): unotify is outside that Landlock domain,
 *   so it refuses as Landlock would (EPERM). */
static int _prepare(struct call *c, int *sock, struct sockaddr_un *sun, const void **addr,
		    int *addrlen, int64_t *result)
{
	int ret = net_read_addr(c), dom = 0;
	socklen_t dlen = sizeof(dom);

	if (ret == 0 && c->scope_abstract && _is_abstract(c)) {
		c->refused = "an abstract socket, which the run's Landlock scope keeps the target "
			     "from (--scope-abstract-unix)";
		ret = -EPERM;
	}
	if (ret == 0 && c->addrlen >= 0)
		ret = *addrlen = _dest(c, sun, addr);
	else
		*addrlen = 0, *addr = NULL;
	if (ret == -ESRCH)
		return ret;
	if (ret < 0)
		return *result = ret, 1;
	*sock = call_take_fd(c, (int)(uint32_t)call_arg(c, 0));
	if (*sock == -ESRCH)
		return -ESRCH;
	if (*sock < 0)
		return *result = *sock, 1;
	ret = call_enter_creds(c);
	if (ret == 0 && getsockopt(*sock, SOL_SOCKET, SO_DOMAIN, &dom, &dlen) == 0 &&
	    (dom == AF_UNIX || dom == AF_NETLINK) && !call_creds_ours(c)) {
		c->refused = "an AF_UNIX or netlink call records its sender's credentials, and the "
			     "supervisor's are not the target's";
		ret = -EACCES;
	}
	if (ret == 0 && !call_checked(c))
		ret = -ESRCH;
	if (ret < 0) {
		call_leave_creds(c);
		_cleanup_close_fn(sock);
		return ret == -ESRCH ? ret : (*result = ret, 1);
	}
	return 0;
}

/* Runs ACT (which may block: a connect, a full buffer) with this worker
 * not counted against the pool; interrupted only when the call is gone
 * (then -ESRCH).  Its result, or -errno. */
static long _blocking(struct call *c, long (*act)(void *), void *arg)
{
	long r;

	if (c->blocked)
		atomic_fetch_add(c->blocked, 1);
	while ((r = act(arg)) < 0 && errno == EINTR)
		if (!kernel_id_valid(c->t.listener, c->t.id)) {
			r = -ESRCH;
			errno = ESRCH;
			break;
		}
	if (c->blocked)
		atomic_fetch_sub(c->blocked, 1);
	return r < 0 ? -errno : r;
}

struct connect_args {
	int sock;
	const void *addr;
	int len;
	bool again; /* interrupted once: the connect goes on in the background */
};

bool net_addr_text(const struct call *c, char *out, size_t size, int *port,
		   const char **family)
{
	const size_t at = offsetof(struct sockaddr_un, sun_path);
	int f = _family(c);

	*port = -1;
	*family = NULL;
	if (!c->addr_read || c->addrlen <= 0 || f < 0)
		return false;
	if (f == AF_INET && c->addrlen >= (int)sizeof(struct sockaddr_in)) {
		struct sockaddr_in s;

		memcpy(&s, c->addr, sizeof(s));
		inet_ntop(AF_INET, &s.sin_addr, out, (socklen_t)size);
		*port = ntohs(s.sin_port);
		*family = "AF_INET";
	} else if (f == AF_INET6 && c->addrlen >= 24) {
		struct sockaddr_in6 s = { 0 };

		memcpy(&s, c->addr, 24);
		inet_ntop(AF_INET6, &s.sin6_addr, out, (socklen_t)size);
		*port = ntohs(s.sin6_port);
		*family = "AF_INET6";
	} else if (f == AF_UNIX && (size_t)c->addrlen > at) {
		size_t n = (size_t)c->addrlen - at;
		const char *p = (const char *)c->addr + at;

		*family = "AF_UNIX";
		if (p[0] == '\0') { /* abstract: @name, a NUL shown as '@' */
			size_t k = 0;

			out[k++] = '@';
			for (size_t i = 1; i < n && k + 1 < size; i++)
				out[k++] = p[i] ? p[i] : '@';
			out[k] = '\0';
		} else {
			snprintf(out, size, "%.*s", (int)strnlen(p, n), p);
		}
	} else {
		return false;
	}
	return true;
}

/* Interrupted (the server woke this worker, and the call is still there),
 * the connect is made again, as the kernel restarts it: a TCP connect in
 * progress is waited for again, one that completed meanwhile answers
 * EISCONN (then 0), an AF_UNIX one tries again. */
static long _do_connect(void *arg)
{
	struct connect_args *a = arg;

	if (connect(a->sock, a->addr, (socklen_t)a->len) == 0)
		return 0;
	if (a->again && errno == EISCONN)
		return 0;
	if (errno == EINTR)
		a->again = true;
	return -1;
}

int emu_connect(struct call *c, int64_t *result)
{
	struct connect_args a = { -1, NULL, 0, false };
	struct sockaddr_un sun;
	int ret = _prepare(c, &a.sock, &sun, &a.addr, &a.len, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	*result = _blocking(c, _do_connect, &a);
	call_leave_creds(c);
	close(a.sock);
	return *result == -ESRCH ? -ESRCH : 0;
}

struct send_args {
	int sock, flags;
	const void *buf;
	size_t len;
	const void *addr;
	int addrlen;
	const void *control; /* native control data (fds are unotify's copies) */
	size_t controllen;
};

static long _do_send(void *arg)
{
	struct send_args *a = arg;
	struct iovec iov = { (void *)(uintptr_t)a->buf, a->len };
	struct msghdr m = { (void *)(uintptr_t)a->addr, (socklen_t)a->addrlen, &iov, 1,
			    (void *)(uintptr_t)a->control, a->controllen, 0 };

	return sendmsg(a->sock, &m, a->flags);
}

/* Sends BUF (LEN bytes, the supervisor's copy) and CONTROL as the call
 * would, with the target's FLAGS. */
static int _send(struct call *c, const void *buf, size_t len, const void *control,
		 size_t controllen, int flags, bool cut, int64_t *result)
{
	struct send_args a = { -1, flags | MSG_NOSIGNAL, buf, len, NULL, 0, control, controllen };
	struct sockaddr_un sun;
	int ret, type = 0;
	socklen_t tlen = sizeof(type);

	/* The kernel would pin unotify's copy for a zerocopy send, and send
	 * whatever it holds later: refused. */
	if (flags & MSG_ZEROCOPY) {
		c->refused = "MSG_ZEROCOPY: the kernel would send unotify's buffer after the call; "
			     "write `continue` to let it through";
		return *result = -EPERM, 0;
	}
	ret = _prepare(c, &a.sock, &sun, &a.addr, &a.addrlen, result);
	if (ret != 0)
		return ret < 0 ? ret : 0;
	/* A message past NET_SEND_MAX: a stream sends that much (a short
	 * write); a message the kernel keeps whole cannot be cut. */
	if (cut && getsockopt(a.sock, SOL_SOCKET, SO_TYPE, &type, &tlen) == 0 &&
	    type != SOCK_STREAM)
		*result = -EMSGSIZE;
	else
		*result = _blocking(c, _do_send, &a);
	call_leave_creds(c);
	close(a.sock);
	if (*result == -ESRCH)
		return -ESRCH;
	/* As the kernel: EPIPE without MSG_NOSIGNAL also raises SIGPIPE in
	 * the sending thread (pending when the call returns). */
	if (*result == -EPIPE && !(flags & MSG_NOSIGNAL) && call_tgid(c) > 0 &&
	    kernel_id_valid(c->t.listener, c->t.id))
		syscall(SYS_tgkill, call_tgid(c), c->t.pid, SIGPIPE);
	return 0;
}

int emu_sendto(struct call *c, int64_t *result)
{
	size_t len = call_arg(c, 2);
	_cleanup_free_ void *buf = NULL;
	int ret;

	bool cut = len > NET_SEND_MAX;

	if (cut)
		len = NET_SEND_MAX;
	buf = malloc(len ? len : 1);
	if (!buf)
		return *result = -ENOMEM, 0;
	c->unchecked = true;
	ret = len ? mem_read(&c->t, call_arg(c, 1), buf, len) : 0;
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	return _send(c, buf, len, NULL, 0, (int)call_arg(c, 3), cut, result);
}

/* The target's control data (in its arch's layout) made native, with
 * unotify's own copies of the fds SCM_RIGHTS passes (*FDS, *NFDS: closed
 * by the caller).  Credentials (SCM_CREDENTIALS, SCM_PIDFD) would be
 * unotify's to claim: refused.  Other messages are data.  0, or -errno
 * the call fails with, or -ESRCH. */
static int _control(struct call *c, bool compat, unsigned char **out, size_t *outlen, int *fds,
		    size_t *nfds, size_t maxfds)
{
	const size_t hsz = compat ? 12 : sizeof(struct cmsghdr), align = compat ? 4 : sizeof(long);
	size_t len = c->msg.controllen, at = 0, o = 0;
	_cleanup_free_ unsigned char *in = NULL;
	unsigned char *buf;
	int ret;

	if (len > NET_CONTROL_MAX)
		return -ENOBUFS;
	in = malloc(len);
	buf = calloc(1, 2 * len + 64);
	if (!in || !buf) {
		free(buf);
		return -ENOMEM;
	}
	*out = buf;
	c->unchecked = true;
	ret = mem_read(&c->t, c->msg.control, in, len);
	if (ret < 0)
		return ret;
	while (at + hsz <= len) {
		uint64_t clen;
		int level, type;
		struct cmsghdr h;
		size_t dlen;

		if (compat) {
			uint32_t l32;

			memcpy(&l32, in + at, 4);
			clen = l32;
			memcpy(&level, in + at + 4, 4);
			memcpy(&type, in + at + 8, 4);
		} else {
			memcpy(&h, in + at, sizeof(h));
			clen = h.cmsg_len;
			level = h.cmsg_level;
			type = h.cmsg_type;
		}
		if (clen < hsz || clen > len - at)
			return -EINVAL;
		dlen = (size_t)clen - hsz;
		if (level == SOL_SOCKET && type != SCM_RIGHTS) {
			c->refused = "sendmsg passing credentials: they would be unotify's; write "
				     "`continue` to let it through";
			return -EPERM;
		}
		h = (struct cmsghdr){ .cmsg_len = CMSG_LEN(dlen), .cmsg_level = level,
				      .cmsg_type = type };
		memcpy(buf + o, &h, sizeof(h));
		if (level == SOL_SOCKET) { /* SCM_RIGHTS: the fds, taken */
			for (size_t i = 0; i < dlen / sizeof(int); i++) {
				int tfd, mine;

				if (*nfds == maxfds)
					return -EINVAL;
				memcpy(&tfd, in + at + hsz + i * sizeof(int), sizeof(int));
				mine = call_take_fd(c, tfd);
				if (mine < 0)
					return mine;
				fds[(*nfds)++] = mine;
				memcpy(buf + o + CMSG_LEN(0) + i * sizeof(int), &mine, sizeof(int));
			}
		} else {
			memcpy(buf + o + CMSG_LEN(0), in + at + hsz, dlen);
		}
		o += CMSG_SPACE(dlen);
		at += (size_t)(clen + align - 1) / align * align;
	}
	*outlen = o;
	return 0;
}

/* sendmsg: the iovecs gathered into one buffer, the control data made
 * unotify's (_control: fds passed as unotify's copies, credentials
 * refused). */
int emu_sendmsg(struct call *c, int64_t *result)
{
	bool compat = arch_table[c->arch].regs32 || c->arch == ARCH_X32;
	size_t isz = compat ? 8 : 16, total = 0, at = 0, controllen = 0, nfds = 0;
	_cleanup_free_ unsigned char *iov = NULL;
	_cleanup_free_ unsigned char *buf = NULL;
	_cleanup_free_ unsigned char *control = NULL;
	int fds[253];
	bool cut;
	int ret = net_read_addr(c);

	if (ret == 0)
		ret = _read_msghdr(c);
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	if (c->msg.iovlen > 1024) /* UIO_MAXIOV */
		return *result = -EMSGSIZE, 0;
	iov = malloc(c->msg.iovlen * isz + 1);
	if (!iov)
		return *result = -ENOMEM, 0;
	c->unchecked = true;
	ret = c->msg.iovlen ? mem_read(&c->t, c->msg.iov, iov, c->msg.iovlen * isz) : 0;
	for (size_t i = 0; ret == 0 && i < c->msg.iovlen; i++) {
		uint64_t len = compat ? ((uint32_t *)iov)[2 * i + 1] : ((uint64_t *)iov)[2 * i + 1];

		if (len > SSIZE_MAX - total)
			return *result = -EINVAL, 0;
		total += len;
	}
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	cut = total > NET_SEND_MAX;
	if (cut)
		total = NET_SEND_MAX;
	buf = malloc(total ? total : 1);
	if (!buf)
		return *result = -ENOMEM, 0;
	for (size_t i = 0; i < c->msg.iovlen && at < total; i++) {
		uint64_t base = compat ? ((uint32_t *)iov)[2 * i] : ((uint64_t *)iov)[2 * i];
		uint64_t len = compat ? ((uint32_t *)iov)[2 * i + 1] : ((uint64_t *)iov)[2 * i + 1];

		if (len > total - at)
			len = total - at;
		ret = len ? mem_read(&c->t, base, buf + at, (size_t)len) : 0;
		if (ret < 0)
			return ret == -ESRCH ? ret : (*result = ret, 0);
		at += (size_t)len;
	}
	if (c->msg.controllen) {
		ret = _control(c, compat, &control, &controllen, fds, &nfds, 253 /* SCM_MAX_FD */);
		if (ret >= 0)
			ret = _send(c, buf, total, control, controllen, (int)call_arg(c, 2), cut,
				    result);
		else if (ret != -ESRCH)
			*result = ret, ret = 0;
		for (size_t i = 0; i < nfds; i++)
			close(fds[i]);
		return ret;
	}
	return _send(c, buf, total, NULL, 0, (int)call_arg(c, 2), cut, result);
}

/* Whether the calling task's network namespace is this thread's: a
 * socket made here lives in this one. */
static bool _same_netns(struct call *c)
{
	char path[PROC_PATH_MAX];
	struct stat mine, theirs;

	proc_path(path, c->t.pid, "ns/net");
	c->unchecked = true; /* read by pid: checked before the act */
	return stat("/proc/thread-self/ns/net", &mine) == 0 && stat(path, &theirs) == 0 &&
	       mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino;
}

/* Hands SOCK over (the target's lowest free number, O_CLOEXEC if it
 * asked) and answers the call with it at once; before Linux 5.14 (no
 * SECCOMP_ADDFD_FLAG_SEND) installed first, the answer sent after. */
static int _hand_over(struct call *c, int sock, bool cloexec, int64_t *result)
{
	int r = kernel_addfd(c->t.listener, c->t.id, sock, cloexec, true);

	if (r >= 0) {
		c->answered = true;
		return *result = r, 0;
	}
	if (r == -EINVAL)
		r = kernel_addfd(c->t.listener, c->t.id, sock, cloexec, false);
	if (r == -ENOENT) /* the call is gone: nothing was installed */
		return -ESRCH;
	return *result = r, 0;
}

int emu_socket(struct call *c, int64_t *result)
{
	int domain = (int)(uint32_t)call_arg(c, 0), type = (int)(uint32_t)call_arg(c, 1),
	    proto = (int)(uint32_t)call_arg(c, 2);
	_cleanup_close_ int sock = -1;
	int ret;

	if (!_same_netns(c)) {
		c->refused = "i386's socketcall(SYS_SOCKET) is made by the supervisor, and the "
			     "target is in another network namespace than unotify";
		return call_checked(c) ? (*result = -EACCES, 0) : -ESRCH;
	}
	ret = call_enter_creds(c);
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	/* (the target's SOCK_CLOEXEC is the new fd's; unotify's copy has it) */
	sock = socket(domain, type | SOCK_CLOEXEC, proto);
	ret = sock < 0 ? -errno : 0;
	call_leave_creds(c);
	if (!call_checked(c))
		return -ESRCH;
	if (ret < 0)
		return *result = ret, 0;
	return _hand_over(c, sock, (type & SOCK_CLOEXEC) != 0, result);
}
