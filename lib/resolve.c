/* resolve: turning a path argument into the object the call acts on, as
 * the target's own call would: from its root and cwd (or dirfd), with its
 * credentials, `..` and symlinks resolved by the kernel (openat2).
 *
 * Magic links (/proc/PID/fd/N, /proc/self/cwd, ...) would resolve in the
 * supervisor's context, not the target's, so RESOLVE_NO_MAGICLINKS makes
 * such a walk fail with ELOOP rather than reach a different object. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "call.h"
#include "cleanup.h"
#include "kernel.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

void call_begin(struct call *c, int listener, const struct seccomp_notif *req,
		const struct variant *v, struct path_arg *paths)
{
	c->t = (struct target_ref){ listener, req->id, (pid_t)req->pid };
	c->req = req;
	c->arch = v->arch;
	c->sys = v->sys;
	c->var = v;
	c->block_read = false;
	memcpy(c->args, req->data.args, sizeof(c->args));
	for (int i = 0; i < SYS_MAX_ARGS; i++) {
		c->path[i] = &paths[i];
		paths[i].fetched = false;
		paths[i].resolved = false;
		paths[i].dirfd = -1;
	}
	c->env.loaded = false;
	c->env.entered = false;
	c->env.rootfd = c->env.cwdfd = -1;
}

void call_end(struct call *c)
{
	call_leave_creds(c);
	_cleanup_close_fn(&c->env.rootfd);
	_cleanup_close_fn(&c->env.cwdfd);
	c->env.rootfd = c->env.cwdfd = -1;
	for (int i = 0; i < SYS_MAX_ARGS; i++) {
		_cleanup_close_fn(&c->path[i]->dirfd);
		c->path[i]->dirfd = -1;
	}
}

int call_read_block(struct call *c)
{
	uint32_t words[SYS_MAX_ARGS];
	const struct variant *v = c->var;
	int ret;

	if (!v->block_words || c->block_read)
		return 0;
	ret = mem_read(&c->t, c->req->data.args[1] & 0xffffffffu, words, v->block_words * 4u);
	if (ret < 0)
		return ret;
	for (int i = 0; i < SYS_MAX_ARGS; i++)
		c->args[i] = i < v->block_words ? words[i] : 0;
	c->block_read = true;
	return 0;
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
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return fd;
}

static bool _same_object(int a, int b)
{
	struct statx x, y;

	if (statx(a, "", AT_EMPTY_PATH, STATX_INO | STATX_MNT_ID, &x) < 0 ||
	    statx(b, "", AT_EMPTY_PATH, STATX_INO | STATX_MNT_ID, &y) < 0)
		return false;
	if ((x.stx_mask & STATX_MNT_ID) && (y.stx_mask & STATX_MNT_ID) &&
	    x.stx_mnt_id != y.stx_mnt_id)
		return false;
	return x.stx_ino == y.stx_ino && x.stx_dev_major == y.stx_dev_major &&
	       x.stx_dev_minor == y.stx_dev_minor;
}

/* readlink of an fd of ours: the path as the supervisor sees it. */
static int _fd_link(int fd, char *buf, size_t size)
{
	char proc[64];
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, size);
	if (n < 0)
		return -errno;
	if ((size_t)n >= size)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 0;
}

/* Loads the target's root, cwd and credentials.  0, -ESRCH or -errno. */
static int _env_load(struct call *c)
{
	struct target_env *e = &c->env;
	_cleanup_close_ int ours = -1;
	int ret;

	if (e->loaded)
		return e->err;
	e->loaded = true;
	e->rootfd = _open_proc(c->t.pid, "root", O_PATH | O_DIRECTORY);
	e->cwdfd = _open_proc(c->t.pid, "cwd", O_PATH | O_DIRECTORY);
	ret = e->rootfd < 0 ? e->rootfd : e->cwdfd < 0 ? e->cwdfd : 0;
	if (ret == 0)
		ret = creds_read(c->t.pid, &e->creds);
	if (ret == 0)
		ret = _fd_link(e->rootfd, e->rootpath, sizeof(e->rootpath));
	/* The fds and the status must be those of the task that made the call. */
	if (!kernel_id_valid(c->t.listener, c->t.id))
		ret = -ESRCH;
	if (ret == 0) {
		ours = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		e->same_root = ours >= 0 && _same_object(ours, e->rootfd);
	}
	e->err = ret == -ESRCH ? -ESRCH : ret < 0 ? -EPERM : 0;
	return e->err;
}

int call_enter_creds(struct call *c)
{
	int ret = _env_load(c);

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

/* The path of our fd FD as the target sees it (below its root), into BUF.
 * Fails closed with -EPERM when FD lies outside the target's root. */
static int _target_path(const struct call *c, int fd, char *buf, size_t size)
{
	size_t rl = strlen(c->env.rootpath);
	int ret = _fd_link(fd, buf, size);

	if (ret < 0)
		return ret;
	if (buf[0] != '/')
		return -EPERM;
	if (c->env.same_root || strcmp(c->env.rootpath, "/") == 0)
		return 0;
	if (strncmp(buf, c->env.rootpath, rl) != 0 || (buf[rl] != '/' && buf[rl] != '\0'))
		return -EPERM;
	if (buf[rl] == '\0')
		snprintf(buf, size, "/");
	else
		memmove(buf, buf + rl, strlen(buf + rl) + 1);
	return 0;
}

/* The fd a relative path starts from: the cwd, or the dirfd argument. */
static int _start_fd(struct call *c, int arg)
{
	const struct sys_sig *sig = c->sys->sig;
	int dirfd, fd;
	char what[32];

	if (arg == 0 || !sig || sig->args[arg - 1].kind != ARG_DIRFD)
		return fcntl(c->env.cwdfd, F_DUPFD_CLOEXEC, 0);
	dirfd = (int)(uint32_t)call_arg(c, arg - 1);
	if (dirfd == AT_FDCWD)
		return fcntl(c->env.cwdfd, F_DUPFD_CLOEXEC, 0);
	if (dirfd < 0)
		return -EBADF;
	snprintf(what, sizeof(what), "fd/%d", dirfd);
	fd = _open_proc(c->t.pid, what, O_PATH);
	if (fd == -ESRCH)
		fd = -EBADF;
	if (!kernel_id_valid(c->t.listener, c->t.id)) {
		_cleanup_close_fn(&fd);
		return -ESRCH;
	}
	return fd;
}

static int _walk(int start, const char *path, bool in_root, int oflags)
{
	struct open_how how = {
		.flags = (uint64_t)(oflags | O_PATH | O_CLOEXEC),
		.resolve = RESOLVE_NO_MAGICLINKS | (in_root ? RESOLVE_IN_ROOT : 0),
	};
	long fd = syscall(SYS_openat2, start, path, &how, sizeof(how));

	return fd < 0 ? -errno : (int)fd;
}

/* Joins DIR and NAME into OUT. */
static int _join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* The path made absolute and normalised without touching the filesystem:
 * used for matching only when the walk fails (the call then fails too). */
static void _lexical(const char *base, const char *path, char *out, size_t size)
{
	char tmp[2 * PATH_MAX];
	size_t n = 0;

	snprintf(tmp, sizeof(tmp), "%s/%s", path[0] == '/' ? "" : base, path);
	for (char *save = NULL, *comp = strtok_r(tmp, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			while (n > 0 && out[--n] != '/')
				;
			continue;
		}
		if (n + 1 + strlen(comp) + 1 > size)
			break;
		out[n++] = '/';
		memcpy(out + n, comp, strlen(comp));
		n += strlen(comp);
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
}

struct walk_plan {
	int start; /* borrowed */
	bool in_root;
	char path[PATH_MAX];
	char base[PATH_MAX]; /* for the lexical path */
};

/* Where the walk starts: the root for an absolute path; the cwd or dirfd
 * for a relative one, or (target in another root) that directory made
 * absolute below the root. */
static int _plan(struct call *c, int arg, int *startfd, struct walk_plan *w)
{
	const struct path_arg *p = c->path[arg];
	int ret;

	w->base[0] = '\0';
	if (p->str[0] == '/') {
		w->start = c->env.rootfd;
		w->in_root = true;
		return snprintf(w->path, sizeof(w->path), "%s", p->str) >= (int)sizeof(w->path)
			       ? -ENAMETOOLONG
			       : 0;
	}
	*startfd = _start_fd(c, arg);
	if (*startfd < 0)
		return *startfd;
	ret = _target_path(c, *startfd, w->base, sizeof(w->base));
	if (ret == 0 && !c->env.same_root) {
		w->start = c->env.rootfd;
		w->in_root = true;
		return _join(w->path, sizeof(w->path), w->base, p->str);
	}
	if (ret < 0 && !c->env.same_root)
		return ret;
	w->start = *startfd;
	w->in_root = false;
	snprintf(w->path, sizeof(w->path), "%s", p->str);
	return 0;
}

/* Walks to the object: its directory as p->dirfd, its name as p->base. */
static int _walk_object(struct call *c, struct path_arg *p, struct walk_plan *w, bool follow)
{
	char *slash, *last, parent[PATH_MAX];
	size_t n = strlen(w->path);
	struct stat st;
	int fd, ret;

	while (n > 1 && w->path[n - 1] == '/')
		w->path[--n] = '\0';
	slash = strrchr(w->path, '/');
	last = slash ? slash + 1 : w->path;
	if (strcmp(w->path, "/") == 0 || strcmp(last, ".") == 0 || strcmp(last, "..") == 0) {
		fd = _walk(w->start, w->path, w->in_root, 0);
		if (fd < 0)
			return fd;
		p->dirfd = fd;
		snprintf(p->base, sizeof(p->base), ".");
		return _target_path(c, fd, p->abs, sizeof(p->abs));
	}
	if (strlen(last) > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(p->base, last, strlen(last) + 1);
	if (!slash)
		snprintf(parent, sizeof(parent), ".");
	else
		snprintf(parent, sizeof(parent), "%.*s",
			 slash == w->path ? 1 : (int)(slash - w->path), w->path);
	fd = _walk(w->start, parent, w->in_root, O_DIRECTORY);
	if (fd < 0)
		return fd;
	p->dirfd = fd;
	if (fstat(fd, &st) == 0 && st.st_nlink == 0)
		return -ENOENT; /* a removed directory */
	ret = _target_path(c, fd, parent, sizeof(parent));
	if (ret < 0)
		return ret;
	if (follow) {
		_cleanup_close_ int obj = _walk(w->start, w->path, w->in_root, 0);

		if (obj >= 0)
			return _target_path(c, obj, p->abs, sizeof(p->abs));
		if (obj != -ENOENT)
			return obj;
	}
	return _join(p->abs, sizeof(p->abs), parent, last);
}

/* The call's flags argument of KIND (AT_* or O_*), or 0 when it has none. */
static uint64_t _flags(const struct call *c, enum arg_kind kind)
{
	const struct sys_sig *sig = c->sys->sig;

	for (int i = 0; sig && i < SYS_MAX_ARGS && sig->args[i].name; i++)
		if (sig->args[i].kind == kind)
			return call_arg(c, i);
	return 0;
}

/* Whether the call follows a symlink in the last component of path
 * argument ARG: the argument's kind, unless the call's flags say. */
static bool _follows(const struct call *c, int arg)
{
	uint64_t at = _flags(c, ARG_AT_FLAGS), open = _flags(c, ARG_OPEN_FLAGS);
	bool follow = c->sys->sig && c->sys->sig->args[arg].kind == ARG_PATH;

	if (at & AT_SYMLINK_FOLLOW)
		follow = true;
	if ((at & AT_SYMLINK_NOFOLLOW) || (open & O_NOFOLLOW) ||
	    (open & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		follow = false;
	return follow;
}

/* An empty path with AT_EMPTY_PATH names the dirfd (or cwd) itself. */
static int _empty_path(struct call *c, int arg)
{
	struct path_arg *p = c->path[arg];
	int fd, ret;

	if (!(_flags(c, ARG_AT_FLAGS) & AT_EMPTY_PATH))
		return -ENOENT;
	fd = _start_fd(c, arg);
	if (fd < 0)
		return fd;
	p->dirfd = fd;
	snprintf(p->base, sizeof(p->base), ".");
	ret = _target_path(c, fd, p->abs, sizeof(p->abs));
	if (ret == -ESRCH || ret == -EPERM)
		return ret;
	p->resolve_err = ret < 0 ? -ret : 0;
	p->abslen = strlen(p->abs);
	p->resolved = true;
	return 0;
}

int call_resolve_path(struct call *c, int arg)
{
	struct path_arg *p = c->path[arg];
	_cleanup_close_ int startfd = -1;
	struct walk_plan w;
	bool follow = _follows(c, arg);
	int ret;

	if (p->resolved)
		return 0;
	ret = call_fetch_path(c, arg);
	if (ret < 0)
		return ret;
	ret = _env_load(c);
	if (ret < 0)
		return ret;
	if (p->len == 0)
		return _empty_path(c, arg);
	ret = _plan(c, arg, &startfd, &w);
	if (ret == -ESRCH || ret == -EPERM)
		return ret;
	if (ret < 0) {
		p->resolve_err = -ret;
	} else {
		ret = call_enter_creds(c);
		if (ret < 0)
			return ret;
		ret = _walk_object(c, p, &w, follow);
		call_leave_creds(c);
		p->resolve_err = ret < 0 ? -ret : 0;
	}
	if (p->resolve_err)
		_lexical(w.base, p->str, p->abs, sizeof(p->abs));
	p->abslen = strlen(p->abs);
	p->resolved = true;
	return 0;
}
