/* emul_stat: the read-only calls (stat, statx, readlink, access, statfs,
 * getxattr, listxattr), answered by writing the result into the target's
 * memory in its architecture's layout, whole, once (emulate_int.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "call.h"
#include "cleanup.h"
#include "emulate_int.h"

#define XATTR_SIZE_MAX_ 65536
#define XATTR_LIST_MAX_ 65536
#ifndef STATX__RESERVED
#define STATX__RESERVED 0x80000000U
#endif

static int64_t _ret(long r)
{
	return r < 0 ? -errno : r;
}

/* Where a read-only act lands on path argument P: (fd, name, flags) for
 * an *at call that takes AT_EMPTY_PATH and AT_SYMLINK_NOFOLLOW. */
struct at {
	int fd;
	const char *name;
	int flags;
	char buf[NAME_MAX + 2];
};

static void _at(const struct path_arg *p, struct at *a)
{
	if (p->objfd >= 0 || strcmp(p->base, ".") == 0) {
		a->fd = p->objfd >= 0 ? p->objfd : p->dirfd;
		a->name = "";
		a->flags = AT_EMPTY_PATH;
	} else {
		a->fd = p->dirfd;
		a->name = emu_name(p, a->buf);
		a->flags = AT_SYMLINK_NOFOLLOW;
	}
}

/* ---- stat ---- */

/* i386's struct stat (compat_stat), struct stat64 (packed) and
 * struct __old_kernel_stat, as the kernel fills them. */
struct compat_stat {
	uint32_t st_dev, st_ino;
	uint16_t st_mode, st_nlink, st_uid, st_gid;
	uint32_t st_rdev, st_size, st_blksize, st_blocks;
	uint32_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
	uint32_t unused4, unused5;
};

struct stat64_i386 {
	uint64_t st_dev;
	unsigned char pad0[4];
	uint32_t st_ino32;
	uint32_t st_mode, st_nlink, st_uid, st_gid;
	uint64_t st_rdev;
	unsigned char pad3[4];
	int64_t st_size;
	uint32_t st_blksize;
	uint64_t st_blocks;
	uint32_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
	uint64_t st_ino;
} __attribute__((packed));

struct old_kernel_stat {
	uint16_t st_dev, st_ino, st_mode, st_nlink, st_uid, st_gid, st_rdev;
	uint32_t st_size, st_atime_, st_mtime_, st_ctime_;
};

/* The kernel's encodings of a device number. */
static uint32_t _new_encode(dev_t d)
{
	unsigned ma = major(d), mi = minor(d);

	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}

static bool _old_valid(dev_t d)
{
	return major(d) < 256 && minor(d) < 256;
}

static uint16_t _old_encode(dev_t d)
{
	return (uint16_t)((major(d) << 8) | minor(d));
}

static uint64_t _huge_encode(dev_t d)
{
	return _new_encode(d); /* new_encode_dev widened: huge_encode_dev */
}

/* A 32-bit id as 16 bits: the overflow id (65534) past 65535. */
static uint16_t _low(uint32_t id)
{
	return id > 65535 ? 65534 : (uint16_t)id;
}

#define MAX_NON_LFS ((1ul << 31) - 1)

/* S written at argument ARG as i386's cp_stat64 writes it: a field at a
 * time, in its order, up to the first that faults.  0, -EFAULT, -ESRCH. */
static int _put_stat64_fields(struct call *c, int arg, const struct stat64_i386 *s)
{
#define F(field) { offsetof(struct stat64_i386, field), sizeof(s->field) }
	static const struct {
		size_t off, len;
	} order[] = {
		F(st_dev),	     F(st_ino32),	F(st_ino),	   F(st_mode),
		F(st_nlink),	     F(st_uid),		F(st_gid),	   F(st_rdev),
		F(st_size),	     F(st_atime_),	F(st_atime_nsec),  F(st_mtime_),
		F(st_mtime_nsec),    F(st_ctime_),	F(st_ctime_nsec),  F(st_blksize),
		F(st_blocks),
	};
#undef F
	uint64_t base = call_arg(c, arg);

	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		int ret = mem_write(&c->t, base + order[i].off, (const char *)s + order[i].off,
				    order[i].len);

		if (ret < 0)
			return ret;
	}
	return 0;
}

/* Writes ST at argument ARG in the layout of the call's variant.  0,
 * -EOVERFLOW (as the kernel: it fits only the bigger structs), -EFAULT,
 * -ESRCH. */
static int _put_stat(struct call *c, int arg, const struct stat *st)
{
	const char *v = c->var->name;

	if (!emu_compat(c))
		return emu_write(c, arg, st, sizeof(*st));
	if (strstr(v, "64")) { /* stat64, lstat64, fstatat64 */
		struct stat64_i386 s = {
			.st_dev = _huge_encode(st->st_dev),
			.st_ino32 = (uint32_t)st->st_ino,
			.st_mode = st->st_mode,
			.st_nlink = (uint32_t)st->st_nlink,
			.st_uid = st->st_uid,
			.st_gid = st->st_gid,
			.st_rdev = _huge_encode(st->st_rdev),
			.st_size = st->st_size,
			.st_blksize = (uint32_t)st->st_blksize,
			.st_blocks = (uint64_t)st->st_blocks,
			.st_atime_ = (uint32_t)st->st_atim.tv_sec,
			.st_atime_nsec = (uint32_t)st->st_atim.tv_nsec,
			.st_mtime_ = (uint32_t)st->st_mtim.tv_sec,
			.st_mtime_nsec = (uint32_t)st->st_mtim.tv_nsec,
			.st_ctime_ = (uint32_t)st->st_ctim.tv_sec,
			.st_ctime_nsec = (uint32_t)st->st_ctim.tv_nsec,
			.st_ino = st->st_ino,
		};
		unsigned char now[sizeof(s)];
		int ret;

		/* The kernel writes the fields one by one and leaves the padding
		 * as it was: so does this, with the padding read back, in one
		 * write; where that faults, field by field in the kernel's order
		 * (cp_stat64), so that a buffer cut short holds what it would. */
		ret = emu_read(c, arg, now, sizeof(now));
		if (ret == -ESRCH)
			return ret;
		if (ret == 0) {
			memcpy(s.pad0, now + offsetof(struct stat64_i386, pad0), sizeof(s.pad0));
			memcpy(s.pad3, now + offsetof(struct stat64_i386, pad3), sizeof(s.pad3));
			ret = emu_write(c, arg, &s, sizeof(s));
			if (ret != -EFAULT)
				return ret;
		}
		return _put_stat64_fields(c, arg, &s);
	}
	if (strncmp(v, "old", 3) == 0) { /* oldstat, oldlstat */
		struct old_kernel_stat s = { 0 };

		if (!_old_valid(st->st_dev) || !_old_valid(st->st_rdev))
			return -EOVERFLOW;
		s.st_ino = (uint16_t)st->st_ino;
		if (s.st_ino != st->st_ino)
			return -EOVERFLOW;
		s.st_nlink = (uint16_t)st->st_nlink;
		if (s.st_nlink != st->st_nlink)
			return -EOVERFLOW;
		if ((uint64_t)st->st_size > MAX_NON_LFS)
			return -EOVERFLOW;
		s.st_dev = _old_encode(st->st_dev);
		s.st_mode = (uint16_t)st->st_mode;
		s.st_uid = _low(st->st_uid);
		s.st_gid = _low(st->st_gid);
		s.st_rdev = _old_encode(st->st_rdev);
		s.st_size = (uint32_t)st->st_size;
		s.st_atime_ = (uint32_t)st->st_atim.tv_sec;
		s.st_mtime_ = (uint32_t)st->st_mtim.tv_sec;
		s.st_ctime_ = (uint32_t)st->st_ctim.tv_sec;
		return emu_write(c, arg, &s, sizeof(s));
	}
	{ /* stat, lstat: struct compat_stat */
		struct compat_stat s = { 0 };

		s.st_ino = (uint32_t)st->st_ino;
		if (s.st_ino != st->st_ino)
			return -EOVERFLOW;
		s.st_nlink = (uint16_t)st->st_nlink;
		if (s.st_nlink != st->st_nlink)
			return -EOVERFLOW;
		if ((uint64_t)st->st_size > MAX_NON_LFS)
			return -EOVERFLOW;
		s.st_dev = _new_encode(st->st_dev);
		s.st_mode = (uint16_t)st->st_mode;
		s.st_uid = _low(st->st_uid);
		s.st_gid = _low(st->st_gid);
		s.st_rdev = _new_encode(st->st_rdev);
		s.st_size = (uint32_t)st->st_size;
		s.st_blksize = (uint32_t)st->st_blksize;
		s.st_blocks = (uint32_t)st->st_blocks;
		s.st_atime_ = (uint32_t)st->st_atim.tv_sec;
		s.st_atime_nsec = (uint32_t)st->st_atim.tv_nsec;
		s.st_mtime_ = (uint32_t)st->st_mtim.tv_sec;
		s.st_mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
		s.st_ctime_ = (uint32_t)st->st_ctim.tv_sec;
		s.st_ctime_nsec = (uint32_t)st->st_ctim.tv_nsec;
		return emu_write(c, arg, &s, sizeof(s));
	}
}

/* stat-like: path argument ARG, the result at argument OUT. */
static int _stat_at(struct call *c, int arg, int out, int extra, int64_t *result)
{
	struct stat st;
	struct at a;
	int ret = emu_paths(c, 1u << arg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	_at(c->path[arg], &a);
	ret = fstatat(a.fd, a.name, &st, a.flags | extra) < 0 ? -errno : 0;
	call_leave_creds(c);
	if (ret == 0)
		ret = _put_stat(c, out, &st);
	if (ret == -ESRCH)
		return ret;
	*result = ret;
	return 0;
}

int emu_stat(struct call *c, int64_t *result)
{
	return _stat_at(c, 0, 1, 0, result);
}

int emu_lstat(struct call *c, int64_t *result)
{
	return _stat_at(c, 0, 1, 0, result);
}

int val_newfstatat(struct call *c)
{
	uint32_t f = (uint32_t)call_arg(c, 3);

	return (f & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) ? -EINVAL
											   : 0;
}

int emu_newfstatat(struct call *c, int64_t *result)
{
	return _stat_at(c, 1, 2, (int)((uint32_t)call_arg(c, 3) & AT_NO_AUTOMOUNT), result);
}

int val_statx(struct call *c)
{
	uint32_t f = (uint32_t)call_arg(c, 2), mask = (uint32_t)call_arg(c, 3);

	if (f & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
			     AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((f & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	return (mask & STATX__RESERVED) ? -EINVAL : 0;
}

int emu_statx(struct call *c, int64_t *result)
{
	uint32_t f = (uint32_t)call_arg(c, 2);
	struct statx stx;
	struct at a;
	int ret = emu_paths(c, 1u << 1, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	_at(c->path[1], &a);
	ret = statx(a.fd, a.name, a.flags | (int)(f & (AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE)),
		    (unsigned)call_arg(c, 3), &stx) < 0
		      ? -errno
		      : 0;
	call_leave_creds(c);
	if (ret == 0)
		ret = emu_write(c, 4, &stx, sizeof(stx));
	if (ret == -ESRCH)
		return ret;
	*result = ret;
	return 0;
}

/* ---- readlink ---- */

static int _val_bufsiz(struct call *c, int arg)
{
	return (int32_t)call_arg(c, arg) <= 0 ? -EINVAL : 0;
}

int val_readlink(struct call *c)
{
	return _val_bufsiz(c, 2);
}

int val_readlinkat(struct call *c)
{
	return _val_bufsiz(c, 3);
}

static int _readlink_at(struct call *c, int arg, int64_t *result)
{
	size_t size = (uint32_t)call_arg(c, arg + 2);
	const struct path_arg *p;
	char name[NAME_MAX + 2], buf[4096];
	ssize_t n;
	int ret = emu_paths(c, 1u << arg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[arg];
	if (size > sizeof(buf))
		size = sizeof(buf); /* no link is longer than PATH_MAX */
	if (p->objfd >= 0 && p->len > 0) /* followed ("link/"): not a link */
		n = -1, errno = EINVAL;
	else
		n = readlinkat(p->objfd >= 0 ? p->objfd : p->dirfd,
			       p->objfd >= 0 || p->len == 0 ? "" : emu_name(p, name), buf, size);
	ret = n < 0 ? -errno : 0;
	call_leave_creds(c);
	if (ret == 0)
		ret = emu_write(c, arg + 1, buf, (size_t)n);
	if (ret == -ESRCH)
		return ret;
	*result = ret < 0 ? ret : n;
	return 0;
}

int emu_readlink(struct call *c, int64_t *result)
{
	return _readlink_at(c, 0, result);
}

int emu_readlinkat(struct call *c, int64_t *result)
{
	return _readlink_at(c, 1, result);
}

/* ---- access ---- */

static int _val_mode(uint32_t mode)
{
	return (mode & ~(uint32_t)(R_OK | W_OK | X_OK)) ? -EINVAL : 0;
}

/* access(2) checks with the target's real uid and gid, and with no
 * capabilities unless that uid is 0 (then its permitted ones), unless
 * AT_EACCESS: the walk too.  The checks come before any walk, a decision's
 * included: from here on the call acts as those ids. */
static int _real_ids(struct call *c)
{
	struct creds *cr;
	int ret;

	cr = call_creds(c, &ret);
	if (!cr)
		return ret;
	cr->fsuid = cr->ruid;
	cr->fsgid = cr->rgid;
	cr->cap_eff = cr->ruid == 0 ? cr->cap_prm : 0;
	return 0;
}

int val_access(struct call *c)
{
	int arg = strcmp(c->sys->name, "access") == 0 ? 1 : 2;
	int ret = _val_mode((uint32_t)call_arg(c, arg));

	return ret < 0 ? ret : _real_ids(c);
}

int val_faccessat2(struct call *c)
{
	uint32_t f = (uint32_t)call_arg(c, 3);
	int ret;

	if (f & ~(uint32_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	ret = _val_mode((uint32_t)call_arg(c, 2));
	return ret < 0 || (f & AT_EACCESS) ? ret : _real_ids(c);
}

/* The ids were chosen by the checks (val_access, val_faccessat2) */
static int _access_at(struct call *c, int arg, int mode, bool eaccess, int64_t *result)
{
	struct at a;
	int ret;

	(void)eaccess;
	ret = emu_paths(c, 1u << arg, result);
	if (ret != 0)
		return ret < 0 ? ret : 0;
	_at(c->path[arg], &a);
	*result = _ret(faccessat(a.fd, a.name, mode, a.flags | AT_EACCESS));
	call_leave_creds(c);
	return 0;
}

int emu_access(struct call *c, int64_t *result)
{
	return _access_at(c, 0, (int)call_arg(c, 1), false, result);
}

int emu_faccessat(struct call *c, int64_t *result)
{
	return _access_at(c, 1, (int)call_arg(c, 2), false, result);
}

int emu_faccessat2(struct call *c, int64_t *result)
{
	return _access_at(c, 1, (int)call_arg(c, 2), (uint32_t)call_arg(c, 3) & AT_EACCESS,
			  result);
}

/* ---- statfs ---- */

struct compat_statfs {
	uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};

struct compat_statfs64 {
	uint32_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed, aligned(4)));

/* The fields of ST the compat structs carry, in order. */
#define STATFS_FIELDS(s, st)                                                             \
	do {                                                                             \
		(s).f_type = (uint32_t)(st)->f_type;                                     \
		(s).f_bsize = (uint32_t)(st)->f_bsize;                                   \
		(s).f_blocks = (st)->f_blocks;                                           \
		(s).f_bfree = (st)->f_bfree;                                             \
		(s).f_bavail = (st)->f_bavail;                                           \
		(s).f_files = (st)->f_files;                                             \
		(s).f_ffree = (st)->f_ffree;                                             \
		memcpy((s).f_fsid, &(st)->f_fsid, sizeof((s).f_fsid));                   \
		(s).f_namelen = (uint32_t)(st)->f_namelen;                               \
		(s).f_frsize = (uint32_t)(st)->f_frsize;                                 \
		(s).f_flags = (uint32_t)(st)->f_flags;                                   \
	} while (0)

static int _put_statfs(struct call *c, const struct statfs *st)
{
	if (!emu_compat(c))
		return emu_write(c, 1, st, sizeof(*st));
	if (strcmp(c->var->name, "statfs64") == 0) {
		struct compat_statfs64 s = { 0 };

		if (c->args[1] != sizeof(s))
			return -EINVAL;
		STATFS_FIELDS(s, st);
		return mem_write(&c->t, c->args[2] & 0xffffffffu, &s, sizeof(s));
	}
	{
		struct compat_statfs s = { 0 };
		uint64_t wide = (uint64_t)st->f_blocks | st->f_bfree | st->f_bavail |
				(uint64_t)st->f_bsize | (uint64_t)st->f_frsize;

		if (wide >> 32)
			return -EOVERFLOW;
		if ((st->f_files != (fsfilcnt_t)-1 && (st->f_files >> 32)) ||
		    (st->f_ffree != (fsfilcnt_t)-1 && (st->f_ffree >> 32)))
			return -EOVERFLOW;
		STATFS_FIELDS(s, st);
		return emu_write(c, 1, &s, sizeof(s));
	}
}

int emu_statfs(struct call *c, int64_t *result)
{
	char path[48];
	struct statfs st;
	const struct path_arg *p;
	int ret = emu_paths(c, 1u << 0, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[0];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p->objfd >= 0 ? p->objfd : p->dirfd);
	/* statfs follows: an entry the walk could not follow (missing, or
	 * a dangling link) is no object, only its directory is */
	if (p->objfd < 0 && strcmp(p->base, ".") != 0)
		ret = -ENOENT;
	else
		ret = statfs(path, &st) < 0 ? -errno : 0;
	call_leave_creds(c);
	if (ret == 0)
		ret = _put_statfs(c, &st);
	if (ret == -ESRCH)
		return ret;
	*result = ret;
	return 0;
}

/* ---- xattr reads ---- */

/* getxattr(path, name, value, size) and listxattr(path, list, size):
 * into our buffer (the size the target gave, at most the kernel's), then
 * the bytes at its address. */
static int _xattr_read(struct call *c, bool list, bool follow, int64_t *result)
{
	int sizearg = list ? 2 : 3, outarg = list ? 1 : 2;
	size_t size = (size_t)call_arg(c, sizearg), cap = list ? XATTR_LIST_MAX_ : XATTR_SIZE_MAX_;
	char path[NAME_MAX + 64], entry[NAME_MAX + 2];
	const struct path_arg *p;
	_cleanup_free_ char *buf = NULL;
	ssize_t n;
	int ret;

	ret = emu_paths(c, 1u << 0, result);
	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[0];
	if (p->objfd >= 0)
		snprintf(path, sizeof(path), "/proc/self/fd/%d", p->objfd);
	else
		snprintf(path, sizeof(path), "/proc/self/fd/%d/%s", p->dirfd, emu_name(p, entry));
	if (size > cap)
		size = cap;
	buf = size ? malloc(size) : NULL;
	if (size && !buf) {
		call_leave_creds(c);
		*result = -ENOMEM;
		return 0;
	}
	if (list)
		n = follow || p->objfd >= 0 ? listxattr(path, buf, size) : llistxattr(path, buf, size);
	else
		n = follow || p->objfd >= 0 ? getxattr(path, c->xname, buf, size)
					    : lgetxattr(path, c->xname, buf, size);
	ret = n < 0 ? -errno : 0;
	call_leave_creds(c);
	if (ret == 0 && size)
		ret = emu_write(c, outarg, buf, (size_t)n);
	if (ret == -ESRCH)
		return ret;
	*result = ret < 0 ? ret : n;
	return 0;
}

int val_getxattr(struct call *c)
{
	return emu_xname(c);
}

/* i386's statfs64(path, sz, buf) insists on its struct's size first. */
int val_statfs(struct call *c)
{
	return strcmp(c->var->name, "statfs64") == 0 && c->args[1] != 84 ? -EINVAL : 0;
}

int emu_getxattr(struct call *c, int64_t *result)
{
	return _xattr_read(c, false, true, result);
}

int emu_lgetxattr(struct call *c, int64_t *result)
{
	return _xattr_read(c, false, false, result);
}

int emu_listxattr(struct call *c, int64_t *result)
{
	return _xattr_read(c, true, true, result);
}

int emu_llistxattr(struct call *c, int64_t *result)
{
	return _xattr_read(c, true, false, result);
}
