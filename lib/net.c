/* net: address conditions, and connect, sendto and sendmsg performed by
 * the supervisor on its own copy of the address (see net.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "call.h"
#include "cleanup.h"
#include "emulate_int.h"
#include "glob.h"
#include "kernel.h"
#include "net.h"
#include "variant.h"

/* The most a sendto or sendmsg carries through the supervisor: the
 * kernel's own limit for one datagram is smaller; a stream write past it
 * sends this much, as a short write. */
#define NET_SEND_MAX (1u << 20)

bool net_cond_name(const char *name)
{
	return strcmp(name, "addr") == 0 || strcmp(name, "port") == 0 ||
	       strcmp(name, "family") == 0;
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
		ret = glob_compile(text[0] == '/' ? text : text + 1, &n->glob, &errpos, msg);
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
		ptr = c->msg.name;
		len = ptr ? (int64_t)c->msg.namelen : 0;
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

/* The IP address (as IPv6, IPv4 mapped) and port, or false. */
static bool _ip(const struct call *c, uint8_t ip[16], uint16_t *port)
{
	int f = _family(c);

	if (f == AF_INET && c->addrlen >= (int)sizeof(struct sockaddr_in)) {
		struct sockaddr_in s;

		memcpy(&s, c->addr, sizeof(s));
		memset(ip, 0, 10);
		ip[10] = ip[11] = 0xff;
		memcpy(ip + 12, &s.sin_addr, 4);
		*port = ntohs(s.sin_port);
		return true;
	}
	if (f == AF_INET6 && c->addrlen >= (int)sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 s;

		memcpy(&s, c->addr, sizeof(s));
		memcpy(ip, &s.sin6_addr, 16);
		*port = ntohs(s.sin6_port);
		return true;
	}
	return false;
}

static bool _in_prefix(const uint8_t *a, const uint8_t *net, unsigned prefix)
{
	unsigned full = prefix / 8, rest = prefix % 8;

	if (memcmp(a, net, full) != 0)
		return false;
	return !rest || ((a[full] ^ net[full]) & (0xff << (8 - rest))) == 0;
}

/* The abstract name (without its leading NUL) into OUT, or false. */
static bool _abstract(const struct call *c, char *out, size_t size)
{
	const size_t at = offsetof(struct sockaddr_un, sun_path);
	size_t n;

	if (_family(c) != AF_UNIX || (size_t)c->addrlen <= at + 1 || c->addr[at] != '\0')
		return false;
	n = (size_t)c->addrlen - at - 1;
	if (n >= size)
		return false;
	memcpy(out, c->addr + at + 1, n);
	out[n] = '\0';
	return memchr(out, '\0', n) == NULL;
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

int net_cond_match(struct call *c, const struct cond *cd)
{
	const struct netcond *n = cd->net;
	char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
	struct path_arg *p;
	uint8_t ip[16];
	uint16_t port;
	bool m = false;
	int ret = net_read_addr(c);

	if (ret < 0)
		return ret;
	if (c->addrlen < 0)
		return 0; /* no address: no condition on it holds */
	switch (n->kind) {
	case NET_FAMILY:
		m = _family(c) == n->family;
		break;
	case NET_PORT:
		m = _ip(c, ip, &port) && port >= n->lo && port <= n->hi;
		break;
	case NET_ADDR:
		m = _ip(c, ip, &port) && _in_prefix(ip, n->ip, n->prefix);
		break;
	case NET_ABSTRACT:
		m = _abstract(c, name, sizeof(name)) && glob_match(n->glob, name, strlen(name));
		break;
	case NET_UNIX:
		if (!call_unix_path(c, name))
			break;
		ret = _unix_object(c, name, &p);
		if (ret == -EACCES)
			c->refused = "the socket's path has no name in unotify's world";
		if (ret < 0)
			return ret;
		m = glob_match(n->glob, p->abs, p->abslen);
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
 * taken on.  0 (then *SOCK), 1 with *RESULT, or -ESRCH. */
static int _prepare(struct call *c, int *sock, struct sockaddr_un *sun, const void **addr,
		    int *addrlen, int64_t *result)
{
	int ret = net_read_addr(c);

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

static long _do_connect(void *arg)
{
	struct connect_args *a = arg;
	struct pollfd pfd = { a->sock, POLLOUT, 0 };
	int err = 0;
	socklen_t len = sizeof(err);

	if (!a->again) {
		if (connect(a->sock, a->addr, (socklen_t)a->len) == 0)
			return 0;
		if (errno != EINTR)
			return -1;
		a->again = true;
	}
	/* Interrupted (the server woke this worker): the kernel connects on;
	 * wait for it as the call would have, and take its answer. */
	if (poll(&pfd, 1, -1) < 0)
		return -1;
	if (getsockopt(a->sock, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return -1;
	errno = err;
	return err ? -1 : 0;
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
};

static long _do_send(void *arg)
{
	struct send_args *a = arg;

	return sendto(a->sock, a->buf, a->len, a->flags, a->addr, (socklen_t)a->addrlen);
}

/* Sends BUF (LEN bytes, the supervisor's copy) as the call would. */
static int _send(struct call *c, const void *buf, size_t len, int flags, int64_t *result)
{
	struct send_args a = { -1, flags, buf, len, NULL, 0 };
	struct sockaddr_un sun;
	int ret = _prepare(c, &a.sock, &sun, &a.addr, &a.addrlen, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	*result = _blocking(c, _do_send, &a);
	call_leave_creds(c);
	close(a.sock);
	return *result == -ESRCH ? -ESRCH : 0;
}

int emu_sendto(struct call *c, int64_t *result)
{
	size_t len = call_arg(c, 2);
	_cleanup_free_ void *buf = NULL;
	int ret;

	if (len > NET_SEND_MAX)
		len = NET_SEND_MAX;
	buf = malloc(len ? len : 1);
	if (!buf)
		return *result = -ENOMEM, 0;
	c->unchecked = true;
	ret = len ? mem_read(&c->t, call_arg(c, 1), buf, len) : 0;
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	return _send(c, buf, len, (int)call_arg(c, 3), result);
}

/* sendmsg: the iovecs gathered into one buffer.  Control data (file
 * descriptors, credentials) cannot be passed on for the target: refused
 * (a rule's explicit `continue` lets such a call through instead). */
int emu_sendmsg(struct call *c, int64_t *result)
{
	bool compat = arch_table[c->arch].regs32 || c->arch == ARCH_X32;
	size_t isz = compat ? 8 : 16, total = 0, at = 0;
	_cleanup_free_ unsigned char *iov = NULL;
	_cleanup_free_ unsigned char *buf = NULL;
	int ret = net_read_addr(c);

	if (ret == 0)
		ret = _read_msghdr(c);
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	if (c->msg.controllen) {
		c->refused = "sendmsg with control data (fds, credentials): it cannot be sent "
			     "for the target; write `continue` to let it through";
		return *result = -EPERM, 0;
	}
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
	if (total > NET_SEND_MAX)
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
	return _send(c, buf, total, (int)call_arg(c, 2), result);
}
