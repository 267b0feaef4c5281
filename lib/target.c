/* target: everything about the target of one call: its arguments and the
 * supervisor's copies of what they point at (read once), its root, cwd,
 * dirfds, credentials and fds, each read through /proc/TID or a pidfd
 * and trusted only while the notification is still valid (ID check). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "call.h"
#include "cleanup.h"
#include "proc.h"
#include "kernel.h"

void call_begin(struct call *c, const struct world *world, int listener,
		const struct seccomp_notif *req, const struct variant *v, struct path_arg *paths)
{
	c->t = (struct target_ref){ listener, req->id, (pid_t)req->pid };
	c->world = world;
	c->req = req;
	c->arch = v->arch;
	c->sys = v->sys;
	c->var = v;
	c->block_read = false;
	c->refused = NULL;
	c->acting = false;
	c->unchecked = false;
	c->addr_read = false;
	c->msg_read = false;
	c->sock_path = NULL;
	c->scratch_read = false;
	c->xname[0] = '\0';
	c->buf = NULL;
	c->buflen = 0;
	c->blocked = NULL;
	c->scope_abstract = false;
	c->sock_domain = 0;
	c->may_create = false;
	c->answered = false;
	c->continued = false;
	c->validated = 0;
	memcpy(c->args, req->data.args, sizeof(c->args));
	for (int i = 0; i < SYS_MAX_ARGS; i++) {
		c->path[i] = &paths[i];
		paths[i].fetched = false;
		paths[i].resolved = false;
		paths[i].dirfd = -1;
		paths[i].objfd = -1;
	}
	memset(&c->env, 0, sizeof(c->env));
	c->env.rootfd = c->env.cwdfd = -1;
}

void call_end(struct call *c)
{
	call_leave_creds(c);
	free(c->buf);
	c->buf = NULL;
	_cleanup_close_fn(&c->env.rootfd);
	_cleanup_close_fn(&c->env.cwdfd);
	c->env.rootfd = c->env.cwdfd = -1;
	for (int i = 0; i < SYS_MAX_ARGS; i++) {
		_cleanup_close_fn(&c->path[i]->dirfd);
		_cleanup_close_fn(&c->path[i]->objfd);
		c->path[i]->dirfd = c->path[i]->objfd = -1;
	}
}

void call_set_path(struct call *c, int arg, const char *name)
{
	struct path_arg *p = c->path[arg];

	snprintf(p->str, sizeof(p->str), "%s", name);
	p->len = strlen(p->str);
	p->fetched = true;
	p->fetch_err = 0;
	p->null = false;
}

bool call_walked_for_decision(const struct call *c)
{
	for (int i = 0; i < SYS_MAX_ARGS; i++)
		if (c->path[i]->resolved && c->path[i]->by_supervisor)
			return true;
	return false;
}

void call_rewalk(struct call *c)
{
	c->acting = true;
	for (int i = 0; i < SYS_MAX_ARGS; i++) {
		_cleanup_close_fn(&c->path[i]->dirfd);
		_cleanup_close_fn(&c->path[i]->objfd);
		c->path[i]->dirfd = c->path[i]->objfd = -1;
		c->path[i]->resolved = false;
	}
}

int call_read_block(struct call *c)
{
	uint32_t words[SYS_MAX_ARGS];
	const struct variant *v = c->var;
	int ret;

	if (!v->block_words || c->block_read)
		return 0;
	c->unchecked = true;
	ret = mem_read(&c->t, c->req->data.args[1] & 0xffffffffu, words, v->block_words * 4u);
	if (ret < 0)
		return ret;
	for (int i = 0; i < SYS_MAX_ARGS; i++)
		c->args[i] = i < v->block_words ? words[i] : 0;
	c->block_read = true;
	return 0;
}

int call_read_addr(struct call *c)
{
	int32_t len = (int32_t)call_arg(c, 2);
	int ret;

	if (c->addr_read)
		return 0;
	if (len < 0 || len > (int32_t)sizeof(c->addr))
		return -EINVAL;
	c->unchecked = true;
	ret = len ? mem_read(&c->t, call_arg(c, 1), c->addr, (size_t)len) : 0;
	if (ret < 0)
		return ret;
	c->addrlen = len;
	c->addr_read = true;
	return 0;
}

bool call_unix_path(const struct call *c, char *out)
{
	const size_t at = offsetof(struct sockaddr_un, sun_path);
	const char *path = (const char *)c->addr + at;
	sa_family_t family;
	size_t room;

	/* The kernel refuses a length past struct sockaddr_un (EINVAL,
	 * unix_validate_addr): not a file name, and the bind says so. */
	if (!c->addr_read || (size_t)c->addrlen <= at ||
	    (size_t)c->addrlen > sizeof(struct sockaddr_un))
		return false;
	memcpy(&family, c->addr, sizeof(family));
	if (family != AF_UNIX || path[0] == '\0')
		return false;
	/* The kernel ends the name at the address's length (unix_mkname_bsd). */
	room = strnlen(path, (size_t)c->addrlen - at);
	memcpy(out, path, room);
	out[room] = '\0';
	return true;
}

uint64_t call_arg(const struct call *c, int arg)
{
	struct arg_layout l = var_layout(c->var, arg, false);

	switch (l.kind) {
	case LAY_32:
		return c->args[l.lo] & 0xffffffffu;
	case LAY_SPLIT:
		return (c->args[l.lo] & 0xffffffffu) | (c->args[l.hi] << 32);
	case LAY_64:
		return c->args[l.lo];
	default:
		return 0;
	}
}

int call_fetch_path(struct call *c, int arg)
{
	struct path_arg *p = c->path[arg];

	if (!p->fetched) {
		p->null = false;
		c->unchecked = true;
		p->fetch_err =
			mem_read_string(&c->t, call_arg(c, arg), p->str, sizeof(p->str), &p->len);
		p->fetched = p->fetch_err != -ESRCH;
		if (!p->fetched)
			return -ESRCH;
	}
	return p->fetch_err;
}

static int _open_proc(pid_t pid, const char *what, int flags)
{
	char path[PROC_PATH_MAX];
	int fd;

	proc_path(path, pid, what);
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return fd;
}

/* What a /proc lookup through the TID gave is the calling task's only
 * while the notification is still valid. */
static int _valid(struct call *c, int ret)
{
	if (!kernel_id_valid(c->t.listener, c->t.id))
		return -ESRCH;
	c->unchecked = false; /* what was read before is the task's */
	return ret;
}

bool call_checked(struct call *c)
{
	return !c->unchecked || _valid(c, 0) == 0;
}

/* A part of the target's context is read once per call; STATE keeps how
 * it went (0: not yet).  _settle records RET and returns 0, -ESRCH (the
 * call vanished) or -EPERM (refuse it). */
static int _settled(int state)
{
	return state < 0 ? state : 0;
}

static int _settle(int *state, int ret)
{
	*state = ret == 0 ? 1 : ret == -ESRCH ? -ESRCH : -EPERM;
	return _settled(*state);
}

/* Reads whether the target's root is the reference root, on the same
 * mount: one statx through the magic link.  Only when it is another is it
 * opened.  0, -ESRCH or -EPERM.  What it read is checked with the next
 * ID check (c->unchecked): before any verdict (call_checked) or act (the
 * credentials' read comes first), a walk from it decides nothing. */
int call_root(struct call *c)
{
	struct target_env *e = &c->env;
	struct ident id;
	char path[64];
	int ret;

	if (e->root_state)
		return _settled(e->root_state);
	proc_path(path, c->t.pid, "root");
	ret = world_ident(AT_FDCWD, path, 0, &id);
	if (ret == 0) {
		/* (a world not rooted at unotify's own root, a container's:
		 * every walk scoped in the target's root, never a plain one) */
		e->world_root = world_same(&id, &c->world->id, true);
		e->same_root = !c->world->foreign && e->world_root;
		if (!e->same_root)
			e->rootfd = _open_proc(c->t.pid, "root", O_PATH | O_DIRECTORY);
		ret = e->same_root || e->rootfd >= 0 ? 0 : e->rootfd;
	}
	c->unchecked = true;
	return _settle(&e->root_state, ret == -ENOENT ? -ESRCH : ret);
}

int call_cwd(struct call *c)
{
	struct target_env *e = &c->env;

	if (e->cwd_state)
		return _settled(e->cwd_state);
	e->cwdfd = _open_proc(c->t.pid, "cwd", O_PATH | O_DIRECTORY);
	return _settle(&e->cwd_state, _valid(c, e->cwdfd < 0 ? e->cwdfd : 0));
}

static int _env_creds(struct call *c)
{
	struct target_env *e = &c->env;

	if (e->creds_state)
		return _settled(e->creds_state);
	return _settle(&e->creds_state, _valid(c, creds_read(c->t.pid, &e->creds)));
}

bool call_creds_ours(struct call *c)
{
	return c->env.creds_state && _settled(c->env.creds_state) == 0 &&
	       creds_are_own(&c->env.creds);
}

struct creds *call_creds(struct call *c, int *err)
{
	*err = _env_creds(c);
	return *err < 0 ? NULL : &c->env.creds;
}

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL /* Linux 6.9 */
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

int call_take_fd(struct call *c, int fd)
{
	_cleanup_close_ int pidfd = (int)syscall(SYS_pidfd_open, c->t.pid, PIDFD_THREAD);
	int copy;

	if (pidfd < 0 && call_tgid(c) > 0)
		pidfd = (int)syscall(SYS_pidfd_open, call_tgid(c), 0);
	if (pidfd < 0)
		return _valid(c, -EPERM);
	copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (copy < 0)
		return _valid(c, errno == EBADF ? -EBADF : -EPERM);
	if (_valid(c, 0) < 0) {
		close(copy);
		return -ESRCH;
	}
	return copy;
}

pid_t call_tgid(struct call *c)
{
	return _env_creds(c) == 0 ? c->env.creds.tgid : 0;
}

mode_t call_umask(struct call *c)
{
	return _env_creds(c) == 0 ? c->env.creds.umask : 022;
}

int call_enter_creds(struct call *c)
{
	int ret = _env_creds(c);

	if (ret < 0 || c->env.entered)
		return ret;
	ret = creds_enter(&c->env.creds, &c->env.saved);
	if (ret < 0)
		return ret;
	c->env.entered = true;
	return 0;
}

void call_leave_creds(struct call *c)
{
	if (c->env.entered)
		creds_leave(&c->env.saved);
	c->env.entered = false;
}

int call_dirfd(struct call *c, int dirfd)
{
	char what[32];
	int fd;

	snprintf(what, sizeof(what), "fd/%d", dirfd);
	fd = _open_proc(c->t.pid, what, O_PATH);
	if (fd == -ESRCH)
		fd = -EBADF;
	if (_valid(c, 0) < 0) {
		_cleanup_close_fn(&fd);
		return -ESRCH;
	}
	return fd;
}
