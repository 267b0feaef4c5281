/* emul_fs: the calls that make, remove, rename and link names, and change
 * modes, owners, sizes, times and extended attributes (emulate_int.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "call.h"
#include "cleanup.h"
#include "emulate_int.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE	 (1 << 1)
#define RENAME_WHITEOUT	 (1 << 2)
#endif
#define XATTR_SIZE_MAX_ 65536

/* The result of a plain call: its value or -errno. */
static int64_t _ret(long r)
{
	return r < 0 ? -errno : r;
}

/* Where an act on path argument P lands: the object a followed symlink led
 * to (through /proc/self/fd), else P's entry in p->dirfd.  For calls with
 * no *at form (xattrs) the entry is reached as /proc/self/fd/DIRFD/NAME,
 * its last component not followed. */
static const char *_entry_path(const struct path_arg *p, char *buf, size_t size)
{
	char name[NAME_MAX + 2];

	if (p->objfd >= 0)
		snprintf(buf, size, "/proc/self/fd/%d", p->objfd);
	else
		snprintf(buf, size, "/proc/self/fd/%d/%s", p->dirfd, emu_name(p, name));
	return buf;
}

/* ---- make ---- */

int val_mknod(struct call *c)
{
	switch ((mode_t)call_arg(c, 1) & S_IFMT) {
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK: case 0:
		return 0;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

int val_mknodat(struct call *c)
{
	switch ((mode_t)call_arg(c, 2) & S_IFMT) {
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK: case 0:
		return 0;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

/* mknod(pathname, mode, dev): the kernel decodes dev as an unsigned int;
 * a device needs the target's CAP_MKNOD, which the kernel checks. */
static int _mknod_at(struct call *c, int arg, int64_t *result)
{
	char name[NAME_MAX + 2];
	const struct path_arg *p;
	int ret = emu_paths(c, 1u << arg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[arg];
	*result = _ret(syscall(SYS_mknodat, p->dirfd, emu_name(p, name),
			       (unsigned)call_arg(c, arg + 1), (unsigned)call_arg(c, arg + 2)));
	call_leave_creds(c);
	return 0;
}

int emu_mknod(struct call *c, int64_t *result)
{
	return _mknod_at(c, 0, result);
}

int emu_mknodat(struct call *c, int64_t *result)
{
	return _mknod_at(c, 1, result);
}

/* symlink(target, linkpath): the target is a string, never resolved:
 * read once (the kernel's getname: EFAULT, ENAMETOOLONG, "" is ENOENT)
 * before the link path is walked. */
static int _val_symlink(struct call *c)
{
	int ret = call_fetch_path(c, 0);

	if (ret == 0 && c->path[0]->len == 0)
		ret = -ENOENT;
	return ret;
}

int val_symlink(struct call *c)
{
	return _val_symlink(c);
}

int val_symlinkat(struct call *c)
{
	return _val_symlink(c);
}

static int _symlink_at(struct call *c, int arg, int64_t *result)
{
	char name[NAME_MAX + 2];
	const struct path_arg *p;
	int ret = emu_paths(c, 1u << arg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[arg];
	*result = _ret(symlinkat(c->path[0]->str, p->dirfd, emu_name(p, name)));
	call_leave_creds(c);
	return 0;
}

int emu_symlink(struct call *c, int64_t *result)
{
	return _symlink_at(c, 1, result);
}

int emu_symlinkat(struct call *c, int64_t *result)
{
	return _symlink_at(c, 2, result);
}

/* ---- remove ---- */

/* The kernel refuses to remove "." (EINVAL for rmdir, EISDIR for
 * unlink), ".." (ENOTEMPTY, EISDIR) and "/" (EBUSY, EISDIR) after the
 * walk to their parent; the walk made them all "." in their directory. */
static int _remove(struct call *c, int arg, bool dir, int64_t *result)
{
	static const int rmdir_err[] = { [LAST_DOT] = EINVAL, [LAST_DOTDOT] = ENOTEMPTY,
					 [LAST_ROOT] = EBUSY };
	char name[NAME_MAX + 2];
	const struct path_arg *p;
	enum emu_last last;
	int ret = emu_paths(c, 1u << arg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[arg];
	last = emu_last(p);
	if (last != LAST_NORM)
		*result = dir ? -rmdir_err[last] : -EISDIR;
	else
		*result = _ret(unlinkat(p->dirfd, emu_name(p, name), dir ? AT_REMOVEDIR : 0));
	call_leave_creds(c);
	return 0;
}

int emu_unlink(struct call *c, int64_t *result)
{
	return _remove(c, 0, false, result);
}

int emu_rmdir(struct call *c, int64_t *result)
{
	return _remove(c, 0, true, result);
}

int val_unlinkat(struct call *c)
{
	return ((uint32_t)call_arg(c, 2) & ~(uint32_t)AT_REMOVEDIR) ? -EINVAL : 0;
}

int emu_unlinkat(struct call *c, int64_t *result)
{
	return _remove(c, 1, (uint32_t)call_arg(c, 2) & AT_REMOVEDIR, result);
}

/* ---- rename ---- */

int val_renameat2(struct call *c)
{
	uint32_t f = (uint32_t)call_arg(c, 4);

	if (f & ~(uint32_t)(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((f & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (f & RENAME_EXCHANGE))
		return -EINVAL;
	return 0;
}

/* Both paths walked and matched; the kernel refuses "." and ".." on
 * either side (EBUSY; EEXIST for the new one with RENAME_NOREPLACE). */
static int _rename_at(struct call *c, int from, int to, unsigned flags, int64_t *result)
{
	char oname[NAME_MAX + 2], nname[NAME_MAX + 2];
	const struct path_arg *o, *n;
	int ret = emu_paths(c, 1u << from | 1u << to, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	o = c->path[from];
	n = c->path[to];
	if (emu_last(o) != LAST_NORM)
		*result = -EBUSY;
	else if (emu_last(n) != LAST_NORM)
		*result = flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
	else
		*result = _ret(syscall(SYS_renameat2, o->dirfd, emu_name(o, oname), n->dirfd,
				       emu_name(n, nname), flags));
	call_leave_creds(c);
	return 0;
}

int emu_rename(struct call *c, int64_t *result)
{
	return _rename_at(c, 0, 1, 0, result);
}

int emu_renameat(struct call *c, int64_t *result)
{
	return _rename_at(c, 1, 3, 0, result);
}

int emu_renameat2(struct call *c, int64_t *result)
{
	return _rename_at(c, 1, 3, (uint32_t)call_arg(c, 4), result);
}

/* ---- link ---- */

int val_linkat(struct call *c)
{
	return ((uint32_t)call_arg(c, 4) & ~(uint32_t)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) ? -EINVAL
											    : 0;
}

/* The old path as the walk found it: the object a followed symlink led
 * to, the dirfd's own object for "" (AT_EMPTY_PATH: the kernel checks the
 * target's CAP_DAC_READ_SEARCH), else the entry; the new one never
 * follows. */
static int _link_at(struct call *c, int from, int to, unsigned flags, int64_t *result)
{
	char oname[NAME_MAX + 2], nname[NAME_MAX + 2], obj[32];
	const struct path_arg *o, *n;
	int ret = emu_paths(c, 1u << from | 1u << to, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	o = c->path[from];
	n = c->path[to];
	if (emu_last(n) != LAST_NORM)
		*result = -EEXIST;
	else if (emu_obj(o, obj))
		*result = _ret(linkat(AT_FDCWD, obj, n->dirfd, emu_name(n, nname),
				      AT_SYMLINK_FOLLOW));
	else if (o->len == 0)
		*result = _ret(linkat(o->dirfd, "", n->dirfd, emu_name(n, nname), AT_EMPTY_PATH));
	else
		*result = _ret(linkat(o->dirfd, emu_name(o, oname), n->dirfd, emu_name(n, nname),
				      flags & AT_SYMLINK_FOLLOW));
	call_leave_creds(c);
	return 0;
}

int emu_link(struct call *c, int64_t *result)
{
	return _link_at(c, 0, 1, 0, result);
}

int emu_linkat(struct call *c, int64_t *result)
{
	return _link_at(c, 1, 3, (uint32_t)call_arg(c, 4), result);
}

/* ---- mode and owner ---- */

int val_fchmodat2(struct call *c)
{
	return ((uint32_t)call_arg(c, 3) & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		       ? -EINVAL
		       : 0;
}

/* The object of path argument ARG as the act reaches it: (fd, name, flags)
 * for an *at call that takes AT_EMPTY_PATH and AT_SYMLINK_NOFOLLOW. */
struct at {
	int fd;
	const char *name;
	int flags;
	char buf[NAME_MAX + 32];
};

static void _at(const struct path_arg *p, struct at *a)
{
	if (p->objfd >= 0) {
		a->fd = p->objfd;
		a->name = "";
		a->flags = AT_EMPTY_PATH;
	} else if (strcmp(p->base, ".") == 0) { /* the directory itself */
		a->fd = p->dirfd;
		a->name = "";
		a->flags = AT_EMPTY_PATH;
	} else {
		a->fd = p->dirfd;
		a->name = emu_name(p, a->buf);
		a->flags = AT_SYMLINK_NOFOLLOW;
	}
}

static int _chmod_at(struct call *c, int arg, int64_t *result)
{
	mode_t mode = (mode_t)call_arg(c, arg + 1);
	struct at a;
	int ret = emu_paths(c, 1u << arg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	_at(c->path[arg], &a);
	*result = _ret(syscall(SYS_fchmodat2, a.fd, a.name, mode, a.flags));
	call_leave_creds(c);
	return 0;
}

int emu_chmod(struct call *c, int64_t *result)
{
	return _chmod_at(c, 0, result);
}

int emu_fchmodat(struct call *c, int64_t *result)
{
	return _chmod_at(c, 1, result);
}

int emu_fchmodat2(struct call *c, int64_t *result)
{
	return _chmod_at(c, 1, result);
}

int val_fchownat(struct call *c)
{
	return ((uint32_t)call_arg(c, 4) & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		       ? -EINVAL
		       : 0;
}

/* An owner argument as the call's variant passes it: i386's chown and
 * lchown take 16-bit ids, 0xffff meaning -1. */
static uint32_t _id(const struct call *c, int arg)
{
	if (var_layout(c->var, arg, false).kind == LAY_NONE) {
		uint32_t v = (uint32_t)c->args[arg] & 0xffff;

		return v == 0xffff ? (uint32_t)-1 : v;
	}
	return (uint32_t)call_arg(c, arg);
}

static int _chown_at(struct call *c, int arg, int64_t *result)
{
	struct at a;
	int ret = emu_paths(c, 1u << arg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	_at(c->path[arg], &a);
	*result = _ret(fchownat(a.fd, a.name, _id(c, arg + 1), _id(c, arg + 2), a.flags));
	call_leave_creds(c);
	return 0;
}

int emu_chown(struct call *c, int64_t *result)
{
	return _chown_at(c, 0, result);
}

int emu_lchown(struct call *c, int64_t *result)
{
	return _chown_at(c, 0, result);
}

int emu_fchownat(struct call *c, int64_t *result)
{
	return _chown_at(c, 1, result);
}

/* ---- size and times ---- */

int val_truncate(struct call *c)
{
	return emu_long(c, 1) < 0 ? -EINVAL : 0;
}

int emu_truncate(struct call *c, int64_t *result)
{
	char path[NAME_MAX + 64];
	int ret = emu_paths(c, 1u << 0, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	*result = _ret(truncate(_entry_path(c->path[0], path, sizeof(path)), emu_long(c, 1)));
	call_leave_creds(c);
	return 0;
}

/* The times of a utime* call, read once (before the walk, as the kernel)
 * into c->scratch as struct timespec[2], and whether there are any. */
struct times {
	bool given;
	struct timespec ts[2];
};

static struct times *_times(struct call *c)
{
	return (struct times *)(void *)c->scratch;
}

/* Reads N words of SIZE bytes (4 or 8, signed) at argument ARG. */
static int _read_words(struct call *c, int arg, int size, int n, int64_t *out)
{
	unsigned char raw[32];
	int ret = emu_read(c, arg, raw, (size_t)(size * n));

	for (int i = 0; ret == 0 && i < n; i++) {
		if (size == 4) {
			int32_t w;

			memcpy(&w, raw + 4 * i, 4);
			out[i] = w;
		} else {
			memcpy(&out[i], raw + 8 * i, 8);
		}
	}
	return ret == -ESRCH ? ret : ret < 0 ? -EFAULT : 0;
}

/* utimensat's times: struct timespec[2] (i386's utimensat: 32-bit), read
 * first; both UTIME_OMIT: the kernel returns 0 at once, before the flags
 * and without reading the path.  The nanoseconds are checked by the act
 * itself (the kernel checks them after its walk: ENOENT first). */
int val_utimensat(struct call *c)
{
	struct times *t = _times(c);
	int64_t w[4];
	int size = emu_compat(c) && strcmp(c->var->name, "utimensat_time64") != 0 ? 4 : 8, ret;

	t->given = call_arg(c, 2) != 0;
	if (t->given) {
		ret = _read_words(c, 2, size, 4, w);
		if (ret < 0)
			return ret;
		for (int i = 0; i < 2; i++)
			t->ts[i] = (struct timespec){ (time_t)w[2 * i], (long)w[2 * i + 1] };
		if (t->ts[0].tv_nsec == UTIME_OMIT && t->ts[1].tv_nsec == UTIME_OMIT)
			return VAL_NOTHING;
	}
	if ((uint32_t)call_arg(c, 3) & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return 0;
}

/* utimes and futimesat: struct timeval[2], microseconds checked. */
static int _val_timeval(struct call *c, int arg)
{
	struct times *t = _times(c);
	int64_t w[4];
	int ret;

	t->given = call_arg(c, arg) != 0;
	if (!t->given)
		return 0;
	ret = _read_words(c, arg, emu_compat(c) ? 4 : 8, 4, w);
	if (ret < 0)
		return ret;
	for (int i = 0; i < 2; i++) {
		if (w[2 * i + 1] < 0 || w[2 * i + 1] >= 1000000)
			return -EINVAL;
		t->ts[i] = (struct timespec){ (time_t)w[2 * i], (long)w[2 * i + 1] * 1000 };
	}
	return 0;
}

int val_utimes(struct call *c)
{
	return _val_timeval(c, 1);
}

int val_futimesat(struct call *c)
{
	return _val_timeval(c, 2);
}

/* utime: struct utimbuf (two longs, seconds). */
int val_utime(struct call *c)
{
	struct times *t = _times(c);
	int64_t w[2];
	int ret;

	t->given = call_arg(c, 1) != 0;
	if (!t->given)
		return 0;
	ret = _read_words(c, 1, emu_compat(c) ? 4 : 8, 2, w);
	if (ret < 0)
		return ret;
	t->ts[0] = (struct timespec){ (time_t)w[0], 0 };
	t->ts[1] = (struct timespec){ (time_t)w[1], 0 };
	return 0;
}

/* A NULL path with a dirfd (utimensat, futimesat): the kernel sets the
 * times of the open file itself (do_utimes_fd: any flag is EINVAL, an
 * O_PATH fd EBADF), so this does so on the very file the target holds. */
static int _utimes_fd(struct call *c, int fdarg, int flagsarg, int64_t *result)
{
	const struct times *t = _times(c);
	_cleanup_close_ int fd = -1;
	int ret;

	if (flagsarg >= 0 && (uint32_t)call_arg(c, flagsarg))
		return *result = -EINVAL, 0;
	fd = call_take_fd(c, (int)(uint32_t)call_arg(c, fdarg));
	if (fd == -ESRCH)
		return fd;
	if (fd < 0)
		return *result = fd, 0;
	ret = call_enter_creds(c);
	if (ret == 0 && !call_checked(c)) { /* as emu_paths: nothing stale acted on */
		call_leave_creds(c);
		ret = -ESRCH;
	}
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	*result = _ret(syscall(SYS_utimensat, fd, NULL, t->given ? t->ts : NULL, 0));
	call_leave_creds(c);
	return 0;
}

/* Sets the times the checks read on path argument ARG's object (FLAGSARG:
 * utimensat's flags, or -1).  An object reached by its fd (AT_EMPTY_PATH,
 * a followed link) is reached through /proc/self/fd, as the kernel takes
 * the file's own path. */
static int _utimes_at(struct call *c, int arg, int flagsarg, int64_t *result)
{
	const struct times *t = _times(c);
	const struct path_arg *p;
	struct at a;
	char self[32];
	int ret = call_validate(c);

	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	if (ret == VAL_NOTHING)
		return *result = 0, 0;
	if (arg > 0 && call_arg(c, arg) == 0 &&
	    (int)(uint32_t)call_arg(c, arg - 1) != AT_FDCWD)
		return _utimes_fd(c, arg - 1, flagsarg, result);
	ret = emu_paths(c, 1u << arg, result);
	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[arg];
	_at(p, &a);
	if (a.flags == AT_EMPTY_PATH) { /* utimensat takes no AT_EMPTY_PATH fd of O_PATH */
		snprintf(self, sizeof(self), "/proc/self/fd/%d", a.fd);
		a.fd = AT_FDCWD;
		a.name = self;
		a.flags = 0;
	}
	*result = _ret(utimensat(a.fd, a.name, t->given ? t->ts : NULL, a.flags));
	call_leave_creds(c);
	return 0;
}

int emu_utimensat(struct call *c, int64_t *result)
{
	return _utimes_at(c, 1, 3, result);
}

int emu_utimes(struct call *c, int64_t *result)
{
	return _utimes_at(c, 0, -1, result);
}

int emu_futimesat(struct call *c, int64_t *result)
{
	return _utimes_at(c, 1, -1, result);
}

int emu_utime(struct call *c, int64_t *result)
{
	return _utimes_at(c, 0, -1, result);
}

/* ---- extended attributes ---- */

/* setxattr(path, name, value, size, flags): flags, name, size, then the
 * value, copied once. */
int val_setxattr(struct call *c)
{
	size_t size = (size_t)call_arg(c, 3);
	int ret;

	if ((uint32_t)call_arg(c, 4) & ~(uint32_t)(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	ret = emu_xname(c);
	if (ret < 0 || size == 0)
		return ret;
	if (size > XATTR_SIZE_MAX_)
		return -E2BIG;
	c->buf = malloc(size);
	if (!c->buf)
		return -ENOMEM;
	c->buflen = size;
	ret = emu_read(c, 2, c->buf, size);
	return ret == -ESRCH ? ret : ret < 0 ? -EFAULT : 0;
}

int val_removexattr(struct call *c)
{
	return emu_xname(c);
}

static int _setxattr(struct call *c, bool follow, int64_t *result)
{
	char path[NAME_MAX + 64];
	const char *at;
	int ret = emu_paths(c, 1u << 0, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	at = _entry_path(c->path[0], path, sizeof(path));
	if (follow || c->path[0]->objfd >= 0)
		*result = _ret(setxattr(at, c->xname, c->buf, c->buflen, (int)call_arg(c, 4)));
	else
		*result = _ret(lsetxattr(at, c->xname, c->buf, c->buflen, (int)call_arg(c, 4)));
	call_leave_creds(c);
	return 0;
}

int emu_setxattr(struct call *c, int64_t *result)
{
	return _setxattr(c, true, result);
}

int emu_lsetxattr(struct call *c, int64_t *result)
{
	return _setxattr(c, false, result);
}

static int _removexattr(struct call *c, bool follow, int64_t *result)
{
	char path[NAME_MAX + 64];
	const char *at;
	int ret = emu_paths(c, 1u << 0, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	at = _entry_path(c->path[0], path, sizeof(path));
	*result = _ret(follow || c->path[0]->objfd >= 0 ? removexattr(at, c->xname)
							: lremovexattr(at, c->xname));
	call_leave_creds(c);
	return 0;
}

int emu_removexattr(struct call *c, int64_t *result)
{
	return _removexattr(c, true, result);
}

int emu_lremovexattr(struct call *c, int64_t *result)
{
	return _removexattr(c, false, result);
}
