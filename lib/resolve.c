/* resolve: turning a path argument into the object the call acts on, as
 * the target's own call would: from its root and cwd (or dirfd), with its
 * credentials, `..` and symlinks resolved by the kernel (openat2), the
 * call's own rules for a final symlink and an empty or NULL path
 * (syscalls.h: path_spec).  Then the object is named in the reference
 * world (world.h): the policy judges that name.
 *
 * Magic links (/proc/self/cwd, /proc/PID/fd/N, ...) and /proc/self would
 * resolve in the supervisor's context, not the target's: the walk runs
 * with RESOLVE_NO_MAGICLINKS, and a path that needs one is refused. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "call.h"
#include "cleanup.h"
#include "emulate_int.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/* The target's RESOLVE_ flags unotify's walk takes over. */
#define TARGET_RESOLVE                                                                     \
	(RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | \
	 RESOLVE_IN_ROOT)
#define KNOWN_RESOLVE (TARGET_RESOLVE | RESOLVE_CACHED)
#define SCOPED	      (RESOLVE_BENEATH | RESOLVE_IN_ROOT)
#define MAX_LINKS     40      /* the kernel's MAXSYMLINKS */
#define WALK_MAGIC    (-4096) /* a walk that needs a magic link */
#define WALK_TOO_LONG (-4097) /* a path unotify cannot hold, the kernel could walk */

/* ---- how the call reads the path ---- */

/* What the call's flags make of a path argument. */
struct lookup {
	bool follow;	  /* the last component is followed */
	bool empty;	  /* "" names the start directory's object */
	uint64_t resolve; /* the target's own RESOLVE_ flags (openat2) */
	int err;	  /* the call fails before its walk with this, or 0 */
	bool nothing;	  /* the call returns 0 before it reads the path */
};

/* openat2's struct open_how, read as the kernel reads it (fs/open.c):
 * the size first, then the copy, then the resolve flags. */
static int _read_how(struct call *c, const struct path_spec *sp, struct open_how *how,
		     struct lookup *lk)
{
	uint64_t size = call_arg(c, sp->how + 1);
	unsigned char buf[4096];
	int ret;

	memset(how, 0, sizeof(*how));
	if (size < sizeof(*how))
		return lk->err = EINVAL, 0;
	if (size > sizeof(buf))
		return lk->err = E2BIG, 0;
	c->unchecked = true;
	ret = mem_read(&c->t, call_arg(c, sp->how), buf, size);
	if (ret == -ESRCH)
		return ret;
	if (ret < 0)
		return lk->err = EFAULT, 0;
	for (size_t i = sizeof(*how); i < size; i++)
		if (buf[i])
			return lk->err = E2BIG, 0;
	memcpy(how, buf, sizeof(*how));
	if ((how->resolve & ~(uint64_t)KNOWN_RESOLVE) || (how->resolve & SCOPED) == SCOPED)
		lk->err = EINVAL;
	return 0;
}

/* A validator's VAL_NOTHING (emulate_int.h) is kept as is: positive, it
 * fails nothing, and _lookup reads it. */
int call_validate(struct call *c)
{
	if (c->validated == 0)
		c->validated = c->sys->validate ? c->sys->validate(c) : 0;
	if (c->validated == 0)
		c->validated = 1;
	return c->validated == 1 ? 0 : c->validated;
}

/* The lookup the call's flags ask for path argument SP->arg. */
static int _lookup(struct call *c, const struct path_spec *sp, struct lookup *lk)
{
	uint64_t oflags = 0;
	struct open_how how;
	int ret;

	*lk = (struct lookup){ .follow = sp->follows };
	/* The kernel checks the call's other arguments before its walk. */
	ret = call_validate(c);
	if (ret == -ESRCH)
		return -ESRCH;
	if (ret < 0) {
		lk->err = -ret;
		return 0;
	}
	lk->nothing = ret == VAL_NOTHING;
	if (sp->flags >= 0) {
		uint32_t f = (uint32_t)call_arg(c, sp->flags);

		lk->follow = (lk->follow || (f & sp->follow)) && !(f & sp->nofollow);
		lk->empty = (f & sp->empty) != 0;
		oflags = f;
	}
	if (sp->how >= 0) {
		ret = _read_how(c, sp, &how, lk);
		if (ret < 0)
			return ret;
		oflags = how.flags;
		lk->resolve = how.resolve & TARGET_RESOLVE;
	}
	if (sp->open &&
	    ((oflags & O_NOFOLLOW) || (oflags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)))
		lk->follow = false;
	lk->empty |= sp->empty_always;
	return 0;
}

/* ---- the walk ---- */

/* Where a walk starts and how. */
struct plan {
	int start;	  /* borrowed */
	uint64_t resolve; /* RESOLVE_ flags */
	bool fast;	  /* from the reference root itself: names need no check */
	char path[PATH_MAX];
	char base[PATH_MAX]; /* the start's name, for a lexical path */
};

/* openat2 O_PATH from START.  A walk refused for a magic link that the
 * target itself would follow gives WALK_MAGIC.  fd or -errno. */
static int _walk(int start, const char *path, uint64_t resolve, uint64_t target, int oflags)
{
	struct open_how how = {
		.flags = (uint64_t)(oflags | O_PATH | O_CLOEXEC),
		.resolve = resolve | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, start, path, &how, sizeof(how));

	if (fd >= 0)
		return (int)fd;
	if (errno != ELOOP || (target & RESOLVE_NO_MAGICLINKS))
		return -errno;
	/* A symlink loop, or a magic link?  Without RESOLVE_NO_MAGICLINKS a
	 * loop stays ELOOP; anything else (a magic link followed in unotify's
	 * context, or refused there) means a magic link was in the way. */
	how.resolve &= ~(uint64_t)RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, start, path, &how, sizeof(how));
	if (fd >= 0)
		close((int)fd);
	return fd < 0 && errno == ELOOP ? -ELOOP : WALK_MAGIC;
}

/* _walk, again while a scoped walk races with renames (EAGAIN: the
 * target's own walk would not fail so).  fd, -errno, or -EAGAIN. */
static int _walk_retry(int start, const char *path, uint64_t resolve, uint64_t target, int oflags)
{
	int fd = -EAGAIN;

	for (int i = 0; i < 8 && fd == -EAGAIN; i++)
		fd = _walk(start, path, resolve, target, oflags);
	return fd;
}

/* SRC into OUT (SIZE bytes): 0, or -ENAMETOOLONG (OUT then cut). */
static int _copy(char *out, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		memcpy(out, src, size - 1);
		out[size - 1] = '\0';
		return -ENAMETOOLONG;
	}
	memcpy(out, src, n + 1);
	return 0;
}

/* What a walk needs of plan SRC (not the start's name), into OUT. */
static void _plan_copy(struct plan *out, const struct plan *src)
{
	out->start = src->start;
	out->resolve = src->resolve;
	out->fast = src->fast;
	_copy(out->path, sizeof(out->path), src->path);
}

/* Joins DIR and NAME into OUT. */
static int _join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* /proc/self and /proc/thread-self name the process that reads them: a
 * walk in unotify's context reaches unotify's own entry.  The target's
 * own walk reaches its: the name in OUT (at offset AT: "/PID[/task/TID]")
 * is made the target's, and P marked: the object reached is not the one
 * named, so it is judged, never acted on.  0, or -EACCES (P unnamed). */
static int _self_name(struct call *c, struct path_arg *p, char *out, size_t size, int at)
{
	char rest[PATH_MAX], tail[64];
	const char *r = out + at + strlen(c->world->self);
	pid_t tgid = call_tgid(c);

	snprintf(tail, sizeof(tail), "/task/%d", (int)gettid());
	if (strncmp(r, tail, strlen(tail)) == 0 && (r[strlen(tail)] == '/' || !r[strlen(tail)])) {
		r += strlen(tail);
		snprintf(tail, sizeof(tail), "/task/%d", (int)c->t.pid);
	} else {
		tail[0] = '\0';
	}
	snprintf(rest, sizeof(rest), "%s", r);
	if (tgid <= 0 || snprintf(out + at, size - (size_t)at, "/%d%s%s", (int)tgid, tail, rest) >=
				 (int)(size - (size_t)at)) {
		p->unnamed = WN_TOO_LONG;
		return -EACCES;
	}
	p->proc_self = true;
	return 0;
}

/* PATH made canonical by text: `.`, `..` and repeated slashes resolved.
 * Exactly the kernel's name only for a walk that met no symlink, from the
 * reference root (the decision shortcut).  0 or -ENAMETOOLONG. */
static int _canonical(const char *path, char *out, size_t size)
{
	char tmp[PATH_MAX];
	size_t n = 0;

	_copy(tmp, sizeof(tmp), path);
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
			return -ENAMETOOLONG;
		out[n++] = '/';
		memcpy(out + n, comp, strlen(comp));
		n += strlen(comp);
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

/* Names our fd FD in the reference world; a failure to name marks P
 * unnamed.  0, or -EACCES (P unnamed), or -errno. */
static int _name(struct call *c, struct path_arg *p, int fd, bool verify, char *out, size_t size)
{
	int ret = world_name(c->world, fd, verify, out, size, &p->unnamed), at;

	if (ret == 0 && (at = world_ours(c->world, fd, out)) >= 0)
		return _self_name(c, p, out, size, at);
	return ret;
}

/* The fd a relative path starts from: the dirfd argument, or the cwd.
 * Borrowed (*own set when the caller must close it), or -errno: -EBADF for
 * a dirfd the target does not have. */
static int _start_fd(struct call *c, const struct path_spec *sp, bool *own)
{
	int dirfd, fd, ret;

	*own = false;
	dirfd = sp->dirfd < 0 ? AT_FDCWD : (int)(uint32_t)call_arg(c, sp->dirfd);
	if (dirfd == AT_FDCWD) {
		ret = call_cwd(c);
		return ret < 0 ? ret : c->env.cwdfd;
	}
	if (dirfd < 0)
		return -EBADF;
	fd = call_dirfd(c, dirfd);
	*own = fd >= 0;
	return fd;
}

/* Whether INNER, walked from the target's root, is START itself, its very
 * mount included: else the walk by name would start elsewhere than the
 * kernel's (a mount over the cwd in the target's namespace).  0, or
 * -EACCES with P unnamed. */
static int _same_start(struct call *c, struct path_arg *p, const char *inner, int start)
{
	struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	_cleanup_close_ int fd = -1;
	struct ident a, b;
	int tries = 0;

	do /* EAGAIN: a rename raced the scoped walk */
		fd = (int)syscall(SYS_openat2, c->env.rootfd, inner, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN && ++tries < 8);
	if (fd >= 0 && world_ident(fd, "", AT_EMPTY_PATH, &a) == 0 &&
	    world_ident(start, "", AT_EMPTY_PATH, &b) == 0 && world_same(&a, &b, true))
		return 0;
	p->unnamed = WN_OTHER_OBJECT;
	return -EACCES;
}

/* Plans a relative walk from START for a target whose root is another
 * than the reference root: made absolute below that root, so that `..`
 * stops at it as it does for the target; START's name there must lead to
 * START itself.  0, or -EACCES (P unnamed). */
static int _plan_foreign(struct call *c, struct path_arg *p, int start, struct plan *w)
{
	char root[PATH_MAX];
	size_t rl;
	int ret = _name(c, p, c->env.rootfd, true, root, sizeof(root));

	if (ret == 0)
		ret = _name(c, p, start, true, w->base, sizeof(w->base));
	if (ret < 0)
		return ret;
	rl = strcmp(root, "/") == 0 ? 0 : strlen(root);
	if (strncmp(w->base, root, rl) != 0 || (w->base[rl] != '/' && w->base[rl] != '\0')) {
		p->unnamed = WN_OUTSIDE; /* the cwd is outside the target's own root */
		return -EACCES;
	}
	ret = _same_start(c, p, w->base[rl] ? w->base + rl : "/", start);
	if (ret < 0)
		return ret;
	w->start = c->env.rootfd;
	w->resolve |= RESOLVE_IN_ROOT;
	return _join(w->path, sizeof(w->path), w->base[rl] ? w->base + rl : "/", p->str);
}

/* PATH for an act of a target whose root is unotify's (and so its /proc):
 * /proc/self and /proc/thread-self made the target's own entry, which a
 * walk in unotify's context would not reach.  0 or -ENAMETOOLONG. */
static int _own_proc(struct call *c, const char *path, char *out, size_t size)
{
	static const char self[] = "/proc/self", thread[] = "/proc/thread-self";
	const char *rest = NULL;
	bool is_thread = false;
	pid_t tgid;
	int n;

	if (strncmp(path, self, sizeof(self) - 1) == 0 &&
	    (path[sizeof(self) - 1] == '/' || path[sizeof(self) - 1] == '\0'))
		rest = path + sizeof(self) - 1;
	else if (strncmp(path, thread, sizeof(thread) - 1) == 0 &&
		 (path[sizeof(thread) - 1] == '/' || path[sizeof(thread) - 1] == '\0')) {
		rest = path + sizeof(thread) - 1;
		is_thread = true;
	}
	if (!rest || (tgid = call_tgid(c)) <= 0)
		return _copy(out, size, path);
	if (is_thread)
		n = snprintf(out, size, "/proc/%d/task/%d%s", (int)tgid, (int)c->t.pid, rest);
	else
		n = snprintf(out, size, "/proc/%d%s", (int)tgid, rest);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Where the walk of P starts.  0, -errno the call fails with (resolve_err),
 * -EACCES with P unnamed, or -ESRCH. */
static int _plan(struct call *c, struct path_arg *p, const struct path_spec *sp,
		 const struct lookup *lk, int *startfd, struct plan *w)
{
	bool own;
	int start, ret;

	w->start = -1;
	w->base[0] = '\0';
	w->fast = false;
	w->resolve = lk->resolve;
	if (p->str[0] == '/' && !(lk->resolve & SCOPED)) {
		ret = call_root(c);
		if (ret < 0)
			return ret;
		/* The same root as this thread's: a plain walk stops `..` at it
		 * and never fails with EAGAIN; another root needs scoping. */
		w->start = c->env.same_root ? c->world->root : c->env.rootfd;
		w->resolve |= c->env.same_root ? 0 : RESOLVE_IN_ROOT;
		w->fast = c->env.same_root;
		if (c->acting && c->env.same_root)
			return _own_proc(c, p->str, w->path, sizeof(w->path));
		return _copy(w->path, sizeof(w->path), p->str);
	}
	start = _start_fd(c, sp, &own);
	if (start < 0)
		return start;
	if (own)
		*startfd = start;
	ret = call_root(c);
	if (ret < 0)
		return ret;
	if (!c->env.same_root && !(lk->resolve & SCOPED))
		return _plan_foreign(c, p, start, w);
	w->start = start;
	_copy(w->path, sizeof(w->path), p->str);
	return 0;
}

/* Names P's object: the object itself (FD >= 0: it was followed), else its
 * name in P->dirfd.  Unless the walk was FAST (from the reference root),
 * the name must lead to the very object: the object when it exists, else
 * its directory.  0, -EACCES (P unnamed) or -errno. */
static int _name_object(struct call *c, struct path_arg *p, int fd, bool fast)
{
	char dir[PATH_MAX];
	struct ident id;
	int ret;

	if (fd >= 0)
		return _name(c, p, fd, !fast, p->abs, sizeof(p->abs));
	ret = _name(c, p, p->dirfd, false, dir, sizeof(dir));
	if (ret == 0 && strcmp(p->base, ".") == 0)
		_copy(p->abs, sizeof(p->abs), dir);
	else if (ret == 0)
		ret = _join(p->abs, sizeof(p->abs), dir, p->base);
	if (ret == -ENAMETOOLONG) {
		p->unnamed = WN_TOO_LONG;
		return -EACCES;
	}
	if (ret < 0 || fast)
		return ret;
	if (world_ident(p->dirfd, p->base, AT_SYMLINK_NOFOLLOW, &id) == 0)
		return world_check(c->world, p->abs, &id, &p->unnamed);
	ret = world_ident(p->dirfd, "", AT_EMPTY_PATH, &id);
	return ret < 0 ? ret : world_check(c->world, dir, &id, &p->unnamed);
}

/* Splits W's path into its directory (DIR) and last component (P->base).
 * Returns 0, 1 when the path names a directory itself ("/", ".", ".."),
 * or -ENAMETOOLONG for a last component past NAME_MAX. */
static int _split(struct plan *w, struct path_arg *p, char *dir, size_t size)
{
	size_t n = strlen(w->path);
	char *slash, *last;

	while (n > 1 && w->path[n - 1] == '/')
		w->path[--n] = '\0';
	slash = strrchr(w->path, '/');
	last = slash ? slash + 1 : w->path;
	if (strcmp(w->path, "/") == 0 || strcmp(last, ".") == 0 || strcmp(last, "..") == 0)
		return 1;
	if (strlen(last) > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(p->base, last, strlen(last) + 1);
	if (!slash) {
		_copy(dir, size, ".");
	} else {
		size_t len = slash == w->path ? 1 : (size_t)(slash - w->path);

		memcpy(dir, w->path, len); /* (shorter than w->path: it fits) */
		dir[len] = '\0';
	}
	return 0;
}

/* Whether P's string ends with a slash: the object must be a directory
 * (the kernel's LOOKUP_DIRECTORY), whatever a final symlink leads to. */
static bool _wants_dir(const struct path_arg *p)
{
	return p->len > 1 && p->str[p->len - 1] == '/';
}

/* Walks to P's object: its directory as p->dirfd, its name as p->base;
 * when FOLLOW, a final symlink is followed (a dangling one too, as the
 * kernel does to create its target) and *OBJ is the object reached.  0 or
 * the walk's -errno. */
static int _walk_object(struct path_arg *p, struct plan *w, uint64_t target, bool follow, int *obj)
{
	char dir[PATH_MAX], link[PATH_MAX];
	struct stat st;
	/* _split drops the trailing slashes: "file/" must still fail */
	int oflags = _wants_dir(p) ? O_DIRECTORY : 0;

	*obj = -1;
	for (int links = 0;; links++) {
		ssize_t n;
		int ret;

		_cleanup_close_fn(&p->dirfd);
		p->dirfd = -1;
		ret = _split(w, p, dir, sizeof(dir));
		if (ret < 0)
			return ret;
		if (ret == 1) {
			p->dirfd = _walk_retry(w->start, w->path, w->resolve, target, O_DIRECTORY);
			if (p->dirfd < 0)
				return p->dirfd;
			snprintf(p->base, sizeof(p->base), ".");
			return 0;
		}
		p->dirfd = _walk_retry(w->start, dir, w->resolve, target, O_DIRECTORY);
		if (p->dirfd < 0)
			return p->dirfd;
		/* A removed directory (reached from a cwd or dirfd: never by a
		 * walk from the root) holds nothing new. */
		if (!w->fast && fstat(p->dirfd, &st) == 0 && st.st_nlink == 0)
			return -ENOENT;
		if (!follow)
			return 0;
		ret = _walk_retry(w->start, w->path, w->resolve, target, oflags);
		if (ret >= 0)
			*obj = ret;
		if (ret != -ENOENT)
			return ret < 0 ? ret : 0;
		/* A dangling symlink is followed to create its target: walked
		 * again from the start, as DIR/LINK or LINK. */
		n = readlinkat(p->dirfd, p->base, link, sizeof(link) - 1);
		if (n < 0)
			return 0;
		if (links == MAX_LINKS || (target & RESOLVE_NO_SYMLINKS))
			return -ELOOP;
		link[n] = '\0';
		if (link[0] == '/')
			snprintf(w->path, sizeof(w->path), "%s", link);
		else if (_join(w->path, sizeof(w->path), dir, link) < 0)
			return WALK_TOO_LONG; /* the kernel has no such limit */
	}
}

/* P names the object FD refers to itself (taken when OWN, else copied):
 * named by it, and, for an act, also its followed object (an open of a
 * file reached so reopens it). */
static int _self_object(struct call *c, struct path_arg *p, int fd, bool own)
{
	p->dirfd = own ? fd : fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (p->dirfd < 0)
		return -errno;
	snprintf(p->base, sizeof(p->base), ".");
	/* (also for a decision: a walk made as the target is acted on as it
	 * stands, and "." of a file is no entry to open) */
	p->objfd = fcntl(p->dirfd, F_DUPFD_CLOEXEC, 0);
	if (p->objfd < 0)
		return -errno;
	return _name(c, p, p->dirfd, true, p->abs, sizeof(p->abs));
}

/* P names the start directory's object (an empty path the call
 * accepts, or utimensat's NULL). */
static int _self(struct call *c, struct path_arg *p, const struct path_spec *sp)
{
	bool own;
	int fd = _start_fd(c, sp, &own);

	if (fd < 0)
		return fd;
	return _self_object(c, p, fd, own);
}

/* "/proc/N" or "/proc/N/task/M" where N is the calling task's thread group
 * or the task itself (and M the task): the length of that prefix in
 * PATH, or 0. */
/* The length of PATH's "/proc/self" or "/proc/thread-self", or 0. */
static size_t _own_self_dir(const char *path)
{
	if (strncmp(path, "/proc/self", 10) == 0 && (path[10] == '/' || path[10] == '\0'))
		return 10;
	if (strncmp(path, "/proc/thread-self", 17) == 0 && (path[17] == '/' || path[17] == '\0'))
		return 17;
	return 0;
}

static size_t _own_proc_dir(struct call *c, const char *path)
{
	char *end;
	unsigned long n, m;
	size_t len;

	if (strncmp(path, "/proc/", 6) != 0)
		return 0;
	/* (a decision's plan keeps /proc/self as written: _plan) */
	if (_own_self_dir(path))
		return _own_self_dir(path);
	n = strtoul(path + 6, &end, 10);
	if (end == path + 6 || (*end != '/' && *end != '\0'))
		return 0;
	if ((pid_t)n != c->t.pid && (pid_t)n != call_tgid(c))
		return 0;
	len = (size_t)(end - path);
	if (strncmp(end, "/task/", 6) == 0) {
		m = strtoul(end + 6, &end, 10);
		if ((pid_t)m != c->t.pid || (*end != '/' && *end != '\0'))
			return 0;
		len = (size_t)(end - path);
	}
	return len;
}

/* A path through the target's own magic links (/proc/self/fd/N, its cwd:
 * programs reopen their fds so, glibc's fchmodat among them) starts at the
 * object the link leads to for the target, which unotify takes as it
 * takes a dirfd: what the target's own walk would reach.  Only for a
 * target whose root (so /proc) is unotify's, or a container's root in
 * its world (/proc/self and /proc/thread-self there).  Returns 0 (W now starts
 * there; *START owns the fd), 1 (P names that object itself: resolved),
 * 2 (no such link: walk as usual), or -errno. */
static int _own_magic(struct call *c, struct path_arg *p, const struct lookup *lk,
		      struct plan *w, int *startfd)
{
	size_t at;
	const char *link, *rest;
	int fd;

	/* (a fast plan has not read the root yet) */
	if (strncmp(w->path, "/proc/", 6) != 0 || call_root(c) < 0)
		return 2;
	/* (in a container's world, its /proc/self and /proc/thread-self:
	 * its pids are not unotify's) */
	at = c->env.same_root					 ? _own_proc_dir(c, w->path)
	     : c->world->foreign && c->env.world_root ? _own_self_dir(w->path)
							 : 0;
	link = w->path + at;

	/* The target's own RESOLVE_ flags say how its walk meets the magic
	 * link (ELOOP, EXDEV) or that "/proc" is not /proc at all (a scoped
	 * walk): the walk as usual says it too. */
	if (!at || (lk->resolve & (RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV |
				   SCOPED)))
		return 2;
	if (strncmp(link, "/fd/", 4) == 0 && link[4] >= '0' && link[4] <= '9') {
		char *end;
		long n = strtol(link + 4, &end, 10);

		if (*end != '/' && *end != '\0')
			return 2;
		rest = end;
		fd = call_dirfd(c, (int)n);
	} else if (strncmp(link, "/cwd", 4) == 0 && (link[4] == '/' || link[4] == '\0')) {
		rest = link + 4;
		fd = call_cwd(c);
		fd = fd < 0 ? fd : fcntl(c->env.cwdfd, F_DUPFD_CLOEXEC, 0);
	} else {
		return 2;
	}
	while (*rest == '/')
		rest++;
	if (!*rest && !lk->follow) { /* the link itself, not followed: an entry */
		if (fd >= 0)
			close(fd);
		return fd == -ESRCH ? fd : 2;
	}
	if (fd < 0)
		return fd == -EBADF ? -ENOENT : fd; /* as a dangling link */
	if (!*rest && _wants_dir(p)) { /* "/proc/self/fd/N/": a directory's */
		struct stat st;

		if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
			close(fd);
			return -ENOTDIR;
		}
	}
	if (!*rest)
		return _self_object(c, p, fd, true) < 0 ? -EACCES : 1;
	*startfd = fd;
	w->start = fd;
	w->fast = false;
	w->resolve &= ~(uint64_t)RESOLVE_IN_ROOT;
	memmove(w->path, rest, strlen(rest) + 1);
	return 0;
}

/* A path whose walk met a magic link: the symlinks on its way are read
 * (as the target: a directory it cannot search stops it) and expanded
 * from the left, as the kernel follows them, until the path goes through
 * the target's own /proc entry (/dev/stdout and /dev/fd/N lead to
 * /proc/self/fd/N), which _own_magic then takes.  0 (W's path is now
 * that), or -1 (left as it was: refused). */
static int _magic_rewrite(struct call *c, struct plan *w)
{
	char path[PATH_MAX], link[PATH_MAX], next[PATH_MAX];
	int ret = -1, links = 0;

	if (w->resolve || call_root(c) < 0 || !c->env.same_root || call_enter_creds(c) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s", w->path);
	while (links <= MAX_LINKS) {
		size_t i = 0;
		bool more = false;

		if (_own_proc_dir(c, path)) {
			ret = 0;
			break;
		}
		while (path[i]) { /* the first component that is a symlink */
			size_t end;
			ssize_t n;
			char save;
			int n2;

			while (path[i] == '/')
				i++;
			end = i + strcspn(path + i, "/");
			if (end == i)
				break;
			save = path[end];
			path[end] = '\0';
			n = readlinkat(w->start, path, link, sizeof(link) - 1);
			path[end] = save;
			if (n < 0 && errno != EINVAL)
				break; /* not there, or not to be searched: refused */
			if (n > 0) {
				link[n] = '\0';
				n2 = link[0] == '/'
					     ? snprintf(next, sizeof(next), "%s%s", link, path + end)
					     : snprintf(next, sizeof(next), "%.*s%s%s", (int)i, path, link,
							path + end);
				if (n2 < 0 || (size_t)n2 >= sizeof(next))
					break;
				memcpy(path, next, (size_t)n2 + 1);
				links++;
				more = true;
				break;
			}
			i = end;
		}
		if (!more)
			break;
	}
	call_leave_creds(c);
	if (ret == 0)
		snprintf(w->path, sizeof(w->path), "%s", path);
	return ret;
}

/* Reads path argument ARG as the call does: a NULL pointer may mean an
 * empty path, or the dirfd itself (utimensat).  0, the -errno the call
 * fails with, or -ESRCH.  *SELF: P names the start directory's object. */
static int _string(struct call *c, int arg, const struct path_spec *sp, const struct lookup *lk,
		   bool *self)
{
	struct path_arg *p = c->path[arg];
	int ret;

	*self = false;
	if (call_arg(c, arg) == 0 && sp->null == NULL_IS_FD) {
		int dirfd = (int)(uint32_t)call_arg(c, sp->dirfd);

		if (dirfd == AT_FDCWD)
			return -EFAULT;
		if (sp->flags >= 0 && (uint32_t)call_arg(c, sp->flags))
			return -EINVAL;
		p->fetched = p->null = *self = true;
		p->fetch_err = 0;
		p->len = 0;
		p->str[0] = '\0';
		return 0;
	}
	if (call_arg(c, arg) == 0 && sp->null == NULL_AS_EMPTY && lk->empty) {
		p->fetched = p->null = *self = true;
		p->fetch_err = 0;
		p->len = 0;
		p->str[0] = '\0';
		return 0;
	}
	ret = call_fetch_path(c, arg);
	if (ret < 0)
		return ret;
	if (p->len == 0 && !lk->empty)
		return -ENOENT;
	*self = p->len == 0;
	return 0;
}

/* Walks to P's object as plan W says, as the target (with its
 * credentials) or, for a decision only, as unotify.  A walk that follows
 * no symlink is tried first: it is all unotify's walk may do, and from
 * the reference root it lets the object be named by its text.  The
 * target's walk meeting a symlink walks again, following it.  *LINKFREE
 * says which walk it was.  0 or the walk's -errno (-ESRCH, -EPERM: the
 * credentials could not be taken on). */
static int _walk_as(struct call *c, struct path_arg *p, const struct plan *w,
		    const struct lookup *lk, bool as_target, int *obj, bool *linkfree)
{
	struct plan copy;
	int ret = as_target ? call_enter_creds(c) : 0;

	if (ret < 0)
		return ret;
	*linkfree = !as_target || w->fast;
	if (*linkfree) {
		_plan_copy(&copy, w);
		copy.resolve |= RESOLVE_NO_SYMLINKS;
		ret = _walk_object(p, &copy, lk->resolve | RESOLVE_NO_SYMLINKS, lk->follow, obj);
		if (ret == -ELOOP && as_target) {
			_cleanup_close_fn(obj);
			*obj = -1;
			*linkfree = false;
		}
	}
	if (!*linkfree) {
		_plan_copy(&copy, w);
		ret = _walk_object(p, &copy, lk->resolve, lk->follow, obj);
	}
	if (as_target)
		call_leave_creds(c);
	return ret;
}

/* Whether PATH has a ".." component. */
static bool _has_dotdot(const char *path)
{
	for (const char *s = strstr(path, ".."); s; s = strstr(s + 1, ".."))
		if ((s == path || s[-1] == '/') && (s[2] == '/' || s[2] == '\0'))
			return true;
	return false;
}

/* Names what _walk reached.  From the reference root, with no symlink on
 * the way, the kernel's name is the path's canonical text (`.`, `..` and
 * repeated slashes resolved); otherwise the object's own (_name_object).
 * 0 or -EACCES (P unnamed). */
static int _name_walked(struct call *c, struct path_arg *p, const struct plan *w, int obj,
			bool linkfree)
{
	/* A ".." is the parent of where the walk stands when it gets there,
	 * which a rename racing the walk moves: such a path is named by what
	 * the walk reached, never by its text. */
	if (!w->fast || !linkfree || _has_dotdot(p->str))
		return _name_object(c, p, obj, w->fast);
	if (_canonical(p->str, p->abs, sizeof(p->abs)) == 0)
		return 0;
	p->unnamed = WN_TOO_LONG;
	return -EACCES;
}

/* The decision's shortcut: a walk with unotify's own credentials that
 * follows no symlink.  Without symlinks the tree alone decides the walk:
 * where it succeeds, or fails with ENOENT or ENOTDIR, it reaches what the
 * target's own walk reaches (which may yet fail for permission, as the
 * call then does).  It only decides: a verdict that acts walks again with
 * the target's credentials (call_rewalk; the emulation refuses what
 * p->by_supervisor marks).  0 (P named, or its resolve_err set), 1 (take
 * the target's walk), -EACCES (P unnamed) or -ESRCH. */
static int _shortcut(struct call *c, struct path_arg *p, const struct plan *w,
		     const struct lookup *lk)
{
	_cleanup_close_ int obj = -1;
	bool linkfree;
	int ret = _walk_as(c, p, w, lk, false, &obj, &linkfree);

	if (ret == -ENOENT || ret == -ENOTDIR) {
		p->by_supervisor = true;
		p->resolve_err = -ret;
		return 0;
	}
	if (ret < 0) {
		_cleanup_close_fn(&p->dirfd);
		p->dirfd = -1;
		return 1;
	}
	p->by_supervisor = true;
	return _name_walked(c, p, w, obj, linkfree);
}

/* Walks to P's object and names it; a walk that fails is what the call
 * fails with (resolve_err), the path then named lexically from where it
 * starts.  0, -EACCES (P unnamed) or -ESRCH. */
static int _resolve(struct call *c, struct path_arg *p, const struct path_spec *sp,
		    const struct lookup *lk)
{
	_cleanup_close_ int startfd = -1;
	struct plan w;
	bool rewritten = false;
	int ret = _plan(c, p, sp, lk, &startfd, &w);

	if (ret == -ESRCH || (ret == -EACCES && p->unnamed))
		return ret;
	if (ret == 0 && startfd < 0) {
		ret = _own_magic(c, p, lk, &w, &startfd);
		if (ret == 1 || ret == -ESRCH || (ret == -EACCES && p->unnamed))
			return ret == 1 ? 0 : ret;
		ret = ret == 2 ? 0 : ret;
	}
walk:
	/* Where the target's credentials are ours the shortcut is its own
	 * walk: walked once, as it, for the decision and the act. */
	if (ret == 0 && !c->acting && !c->sys->acts_always && !call_creds_ours(c)) {
		ret = _shortcut(c, p, &w, lk);
		if (ret <= 0)
			return ret;
		ret = 0;
	}
	if (ret == 0) {
		_cleanup_close_ int obj = -1;
		bool linkfree;

		/* The walk with the target's credentials, exactly as its own;
		 * naming (a decision, never an act) with unotify's. */
		ret = _walk_as(c, p, &w, lk, true, &obj, &linkfree);
		if (ret == 0) {
			ret = _name_walked(c, p, &w, obj, linkfree);
			if (ret == 0 && obj >= 0) /* what an act follows to */
				p->objfd = TAKE_FD(obj);
			return ret;
		}
	}
	if (ret == WALK_MAGIC && !rewritten && startfd < 0) {
		char was[PATH_MAX];

		/* /dev/stdout and the like: symlinks to the target's own magic
		 * links, taken as those are (once). */
		rewritten = true;
		snprintf(was, sizeof(was), "%s", w.path);
		if (_magic_rewrite(c, &w) == 0) {
			int r2 = _own_magic(c, p, lk, &w, &startfd);

			if (r2 == 1 || r2 == -ESRCH || (r2 == -EACCES && p->unnamed))
				return r2 == 1 ? 0 : r2;
			if (r2 == 0) {
				ret = 0;
				goto walk;
			}
			snprintf(w.path, sizeof(w.path), "%s", was);
			if (r2 < 0 && r2 != -EACCES) {
				p->resolve_err = -r2; /* a dangling fd link: as the kernel */
				return 0;
			}
		}
	}
	if (ret == WALK_MAGIC || ret == WALK_TOO_LONG || ret == -EACCES || ret == -EPERM ||
	    ret == -EAGAIN) {
		/* Refused on the way (EACCES, EPERM: what the kernel says too
		 * when unotify's walk is the target's; where they could differ,
		 * as with capabilities in the target's own user namespace,
		 * nothing else is safe), or a walk unotify cannot make as the
		 * target would: the object has no name to judge. */
		p->unnamed = ret == WALK_MAGIC	    ? WN_MAGIC
			     : ret == WALK_TOO_LONG ? WN_TOO_LONG
						    : WN_NO_WALK;
		return -EACCES;
	}
	if (ret == -ESRCH)
		return ret;
	/* The walk fails as the kernel's would (ENOENT, ENOTDIR, ELOOP,
	 * EBADF, ...): the call fails with it, and no rule judges a name. */
	p->resolve_err = -ret;
	return 0;
}

static int _resolve_with(struct call *c, int arg, const struct path_spec *spec)
{
	struct path_arg *p = c->path[arg];
	struct path_spec sp = *spec;
	struct lookup lk;
	bool self;
	int ret;

	if (p->resolved)
		return 0;
	ret = _lookup(c, &sp, &lk);
	if (ret < 0)
		return ret;
	p->resolve_err = lk.err;
	p->unnamed = WN_OK;
	p->proc_self = false;
	p->by_supervisor = false;
	if (lk.nothing) {
		/* The kernel returns 0 without reading the path (utimensat
		 * with both times UTIME_OMIT): no object, so no name, which no
		 * glob of an object matches; the emulation does nothing. */
		p->fetched = p->resolved = true;
		p->followed = false;
		p->fetch_err = 0;
		p->null = false;
		p->len = p->abslen = 0;
		p->str[0] = p->abs[0] = '\0';
		return 0;
	}
	ret = _string(c, arg, &sp, &lk, &self);
	if (ret < 0)
		return ret;
	/* "link/" names what the link points to, as a directory, but where
	 * the call makes or removes the name itself. */
	if (!sp.entry && p->len > 1 && p->str[p->len - 1] == '/')
		lk.follow = true;
	p->abs[0] = '\0';
	if (lk.err) /* the call fails before its walk */
		ret = 0;
	else if (self)
		ret = _self(c, p, &sp);
	else
		ret = _resolve(c, p, &sp, &lk);
	if (ret == -ESRCH)
		return ret;
	if (ret == -EBADF) /* a dirfd the target does not have: as the kernel */
		p->resolve_err = EBADF;
	else if (ret < 0 && !p->unnamed) /* nothing fails open */
		p->unnamed = WN_NO_WALK;
	p->abslen = strlen(p->abs);
	p->followed = lk.follow;
	p->resolved = true;
	return 0;
}

int call_resolve_path(struct call *c, int arg)
{
	return _resolve_with(c, arg, &c->sys->paths[arg]);
}

int call_resolve_own(struct call *c, int arg, bool follow)
{
	struct path_spec sp = { "", (int8_t)arg, -1,	-1,    -1,    0,   0,
				0,  NULL_FAULT,	 false, false, follow, !follow };

	return _resolve_with(c, arg, &sp);
}
