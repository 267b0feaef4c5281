/* emulate: one handler per syscall family (see emulate.h). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "call.h"
#include "cleanup.h"
#include "emulate.h"

/* Resolves path argument ARG and takes on the target's credentials (the
 * caller gives them back).  Returns 0 with the object in c->path[arg], or
 * the call's -errno in *result (returning 1), or -ESRCH. */
static int _object(struct call *c, int arg, int64_t *result)
{
	int ret = call_resolve_path(c, arg);

	if (ret == -ESRCH)
		return ret;
	/* Never act on what only a decision walked (nor on unotify's own
	 * /proc entry): an emulated call's paths are walked with the
	 * target's credentials (call_rewalk). */
	if (ret == 0 && (c->path[arg]->unnamed || c->path[arg]->proc_self ||
			 c->path[arg]->by_supervisor))
		ret = -EACCES;
	if (ret == 0 && c->path[arg]->resolve_err)
		ret = -c->path[arg]->resolve_err;
	if (ret == 0)
		ret = call_enter_creds(c);
	if (ret == -ESRCH)
		return ret;
	if (ret < 0) {
		*result = ret;
		return 1;
	}
	return 0;
}

/* mkdir(pathname, mode) and mkdirat(dirfd, pathname, mode).  The umask is
 * the target's, applied by the kernel (so default ACLs work as they would). */
static int _mkdir_at(struct call *c, int patharg, int modearg, int64_t *result)
{
	mode_t mode = (mode_t)call_arg(c, modearg);
	const struct path_arg *p;
	int ret = _object(c, patharg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[patharg];
	*result = mkdirat(p->dirfd, p->base, mode) < 0 ? -errno : 0;
	call_leave_creds(c);
	return 0;
}

static int _mkdir(struct call *c, int64_t *result)
{
	return _mkdir_at(c, 0, 1, result);
}

static int _mkdirat(struct call *c, int64_t *result)
{
	return _mkdir_at(c, 1, 2, result);
}

/* Binds SOCK to the file name P (already judged) in P's directory, by
 * its last component: no rename can move the place between the check
 * and the bind.  Runs with the target's credentials (fchdir checks its
 * search right there, as its own walk would); the thread's cwd is its own
 * (unshare(CLONE_FS)), and the caller takes it back to the reference
 * root once it has its own credentials again. */
static int _bind_here(int sock, const struct path_arg *p)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = strlen(p->base);

	if (len >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	memcpy(sun.sun_path, p->base, len + 1);
	if (fchdir(p->dirfd) < 0)
		return -errno;
	return bind(sock, (struct sockaddr *)&sun,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1)) < 0
		       ? -errno
		       : 0;
}

/* The AF_UNIX file name of the call's address, resolved: the object the
 * decision judged, or now.  0 with it in *P, or the call's -errno in
 * *result (returning 1), or -ESRCH. */
static int _sock_path(struct call *c, const char *name, struct path_arg **p, int64_t *result)
{
	int ret;

	if (!c->sock_path) {
		struct path_arg *slot = c->path[1]; /* bind's address: no path */

		call_set_path(c, 1, name);
		c->acting = true;
		ret = call_resolve_own(c, 1);
		if (ret < 0)
			return ret == -ESRCH ? ret : (*result = ret, 1);
		c->sock_path = slot;
	}
	*p = c->sock_path;
	ret = (*p)->unnamed || (*p)->proc_self || (*p)->by_supervisor ? -EACCES
								      : -(*p)->resolve_err;
	if (ret < 0)
		*result = ret;
	return ret < 0;
}

/* bind(sockfd, addr, addrlen), on the supervisor's own copy of the
 * address: the target's very socket (pidfd_getfd), bound with its
 * credentials and capabilities (a port below 1024 needs its own
 * CAP_NET_BIND_SERVICE).  An AF_UNIX file name is bound in the directory
 * judged, by its last component: getsockname(2) then reports that
 * component only. */
static int _bind(struct call *c, int64_t *result)
{
	char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
	struct path_arg *p = NULL;
	_cleanup_close_ int sock = -1;
	bool is_path;
	int ret = call_read_block(c);

	if (ret == 0)
		ret = call_read_addr(c);
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	is_path = call_unix_path(c, name);
	if (is_path) {
		ret = _sock_path(c, name, &p, result);
		if (ret != 0)
			return ret < 0 ? ret : 0;
	}
	sock = call_take_fd(c, (int)(uint32_t)call_arg(c, 0));
	if (sock == -ESRCH)
		return sock;
	if (sock < 0)
		return *result = sock, 0;
	ret = call_enter_creds(c);
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	if (is_path)
		ret = _bind_here(sock, p);
	else
		ret = bind(sock, (struct sockaddr *)c->addr, (socklen_t)c->addrlen) < 0 ? -errno
											: 0;
	call_leave_creds(c);
	*result = ret;
	return 0;
}

static const struct {
	const char *name;
	emulate_fn fn;
} handlers[] = {
	{ "bind", _bind },
	{ "mkdir", _mkdir },
	{ "mkdirat", _mkdirat },
};

emulate_fn emulate_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(handlers); i++)
		if (strcmp(handlers[i].name, name) == 0)
			return handlers[i].fn;
	return NULL;
}

const char *emulate_list(void)
{
	return "bind, mkdir, mkdirat";
}
