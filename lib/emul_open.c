/* emul_open: open, openat, openat2 and creat, opened by unotify with the
 * target's credentials and umask and handed over with
 * SECCOMP_IOCTL_NOTIF_ADDFD (emulate_int.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "call.h"
#include "cleanup.h"
#include "emulate_int.h"
#include "kernel.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef __O_TMPFILE
#define __O_TMPFILE 020000000
#endif
/* The kernel's own __O_TMPFILE bit: glibc's __O_TMPFILE holds O_DIRECTORY
 * too, and a mode goes with O_DIRECTORY alone nowhere. */
#define O_TMPFILE_BIT_ 020000000
#define O_LARGEFILE_ 0100000
/* The flags open and openat keep (the kernel's VALID_OPEN_FLAGS); O_PATH
 * keeps only O_PATH_FLAGS. */
#define VALID_OPEN_FLAGS_                                                                       \
	(O_RDONLY | O_WRONLY | O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND |       \
	 O_NONBLOCK | O_SYNC | O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE_ | O_DIRECTORY |        \
	 O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH | __O_TMPFILE)
#define O_PATH_FLAGS_ (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

/* What the call asks: its flags, mode and resolve flags, read once by the
 * checks before the walk (openat2's struct in memory). */
struct open_args {
	uint64_t flags, mode, resolve;
};

static struct open_args *_args(struct call *c)
{
	return (struct open_args *)(void *)c->scratch;
}

/* The kernel's own verdict on the flags: the same call with an empty path
 * fails with EINVAL (or the like) when build_open_flags refuses them, else
 * with ENOENT (no empty path without AT_EMPTY_PATH), before any walk. */
static int _probe(const struct open_args *a)
{
	/* The verdict depends on the three values alone: the ones that
	 * passed lately are not asked again (a program opens with a few). */
	static __thread struct open_how passed[8];
	struct open_how how = { .flags = a->flags, .mode = a->mode, .resolve = a->resolve };
	struct open_how *slot = &passed[(a->flags ^ (a->flags >> 6) ^ a->mode) & 7];
	long r;

	/* (an empty slot holds O_RDONLY, 0, 0: which pass) */
	if (slot->flags == how.flags && slot->mode == how.mode && slot->resolve == how.resolve)
		return 0;
	r = syscall(SYS_openat2, -1, "", &how, sizeof(how));
	if (r >= 0) { /* cannot open "": never here */
		close((int)r);
		r = -1;
		errno = ENOENT;
	}
	if (errno != ENOENT && errno != EBADF)
		return -errno;
	*slot = how;
	return 0;
}

/* open, openat, creat: flags and mode from registers.  Their flags are an
 * int: openat2's refusals of unknown bits and of a mode without O_CREAT
 * or O_TMPFILE do not apply (build_open_how strips both). */
static int _val_plain(struct call *c, uint64_t flags, uint64_t mode)
{
	struct open_args *a = _args(c);

	a->flags = (uint32_t)flags & VALID_OPEN_FLAGS_;
	if (a->flags & O_PATH)
		a->flags &= O_PATH_FLAGS_;
	a->mode = (a->flags & (O_CREAT | O_TMPFILE_BIT_)) ? mode & 07777 : 0;
	a->resolve = 0;
	c->scratch_read = true;
	c->may_create = (a->flags & O_CREAT) != 0;
	return _probe(a);
}

int val_open(struct call *c)
{
	return _val_plain(c, call_arg(c, 1), call_arg(c, 2));
}

int val_openat(struct call *c)
{
	return _val_plain(c, call_arg(c, 2), call_arg(c, 3));
}

int val_creat(struct call *c)
{
	return _val_plain(c, O_CREAT | O_WRONLY | O_TRUNC, call_arg(c, 1));
}

/* openat2: the struct was read by the walk's own reading (resolve.c);
 * here again for flags and mode, once: the size first, as the kernel. */
int val_openat2(struct call *c)
{
	struct open_args *a = _args(c);
	uint64_t size = call_arg(c, 3);
	struct open_how how;
	int ret;

	if (size < sizeof(how))
		return -EINVAL;
	ret = emu_read(c, 2, &how, sizeof(how));
	if (ret < 0)
		return ret == -ESRCH ? ret : -EFAULT;
	a->flags = how.flags;
	a->mode = how.mode;
	a->resolve = how.resolve;
	c->scratch_read = true;
	c->may_create = (a->flags & O_CREAT) != 0;
	/* Bytes past the struct (E2BIG) and the resolve flags: resolve.c. */
	return _probe(a);
}

/* Opens path argument ARG as the target's call would, with its flags:
 * - an object the walk reached (following a final symlink where the call
 *   does) is reopened through /proc/self/fd: the very inode matched, its
 *   permission checked again by the kernel;
 * - else the entry in the matched directory (to create, or as itself
 *   with O_NOFOLLOW), never following a symlink planted since the walk.
 * Where unotify leads a session (and so could take a controlling terminal
 * by opening one), O_NOCTTY is added; it then shows in F_GETFL.  Returns
 * our fd or -errno. */
static int _open_object(const struct path_arg *p, const struct open_args *a)
{
	static int leader = -1;
	int lead = __atomic_load_n(&leader, __ATOMIC_RELAXED), flags;
	char path[32], name[NAME_MAX + 2];
	struct open_how how = { .mode = a->mode };
	long fd;

	if (lead < 0) {
		lead = getsid(0) == getpid();
		__atomic_store_n(&leader, lead, __ATOMIC_RELAXED);
	}
	/* (openat2 takes nothing but O_PATH_FLAGS with O_PATH) */
	flags = (int)a->flags | (lead && !(a->flags & O_PATH) ? O_NOCTTY : 0) | O_CLOEXEC;

	if (p->objfd >= 0) {
		/* The walk followed or not as the call asked; the link in
		 * /proc/self/fd is magic, which O_NOFOLLOW would refuse. */
		struct stat st;

		/* A directory ("link-to-dir/" with O_NOFOLLOW) is opened as its
		 * "." so that the file keeps O_NOFOLLOW, as the kernel's does. */
		if ((flags & O_NOFOLLOW) && fstat(p->objfd, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(path, sizeof(path), "/proc/self/fd/%d/.", p->objfd);
			how.flags = (uint64_t)flags;
		} else {
			snprintf(path, sizeof(path), "/proc/self/fd/%d", p->objfd);
			how.flags = (uint64_t)flags & ~(uint64_t)O_NOFOLLOW;
		}
		fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	} else {
		/* The entry: with O_CREAT it did not exist, or it is not to be
		 * followed; what a racing thread plants there is not followed
		 * either (ELOOP, as a race deserves) -- by the walk's rule, not
		 * O_NOFOLLOW, which would show in F_GETFL. */
		how.flags = (uint64_t)flags;
		how.resolve = (flags & O_CREAT) ? RESOLVE_NO_SYMLINKS : 0;
		fd = syscall(SYS_openat2, p->dirfd, emu_name(p, name), &how, sizeof(how));
	}
	return fd < 0 ? -errno : (int)fd;
}

/* The controlling terminal of process PID (tty_nr of /proc/PID/stat: 0
 * for none), or -errno. */
static int _tty_nr(pid_t pid)
{
	char path[64], buf[1024], *p;
	_cleanup_close_ int fd = -1;
	ssize_t n;
	int tty = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ESRCH;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	/* "PID (COMM) STATE PPID PGRP SESSION TTY_NR ...": COMM may hold
	 * anything, the last ')' ends it. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %d", &tty) != 1)
		return -ESRCH;
	return tty;
}

/* /dev/tty is the caller's controlling terminal: unotify's own open of it
 * would reach unotify's.  So the target's is looked up: none is ENXIO,
 * as for the kernel; unotify's is opened as usual; another pseudo
 * terminal is reopened as its /dev/pts entry (the permission check then
 * the kernel's, with the target's credentials), anything else ENXIO.  0
 * (P's object now the terminal), or -errno. */
static int _ctty(struct call *c, struct path_arg *p)
{
	static int ours = -1;
	int mine = __atomic_load_n(&ours, __ATOMIC_RELAXED), tty, fd;
	unsigned maj, min;
	struct stat st;
	char path[48];

	if (p->objfd < 0 || fstat(p->objfd, &st) < 0 || !S_ISCHR(st.st_mode) ||
	    st.st_rdev != makedev(5, 0))
		return 0;
	tty = _tty_nr(c->t.pid);
	if (tty < 0 || !kernel_id_valid(c->t.listener, c->t.id))
		return -ESRCH;
	if (mine < 0) {
		mine = _tty_nr(getpid());
		mine = mine < 0 ? 0 : mine;
		__atomic_store_n(&ours, mine, __ATOMIC_RELAXED);
	}
	if (tty == 0)
		return -ENXIO;
	if (tty == mine)
		return 0;
	maj = major((dev_t)(unsigned)tty);
	min = minor((dev_t)(unsigned)tty);
	if (maj < 136 || maj > 143)
		return -ENXIO;
	snprintf(path, sizeof(path), "/dev/pts/%u", (maj - 136) * 256 + min);
	fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_rdev != (dev_t)makedev(maj, min)) {
		if (fd >= 0)
			close(fd);
		return -ENXIO;
	}
	close(p->objfd);
	p->objfd = fd;
	return 0;
}

/* Hands FD over: the target's lowest free number, O_CLOEXEC if it asked,
 * and the call answered with it at once (Linux 5.14).  Before 5.14 the
 * fd is installed first and the answer sent after: a call interrupted
 * between the two leaves the fd in the target. */
static int _hand_over(struct call *c, int fd, bool cloexec, int64_t *result)
{
	static int no_send; /* the kernel refused SECCOMP_ADDFD_FLAG_SEND */
	int r = -EINVAL;

	if (!__atomic_load_n(&no_send, __ATOMIC_RELAXED)) {
		r = kernel_addfd(c->t.listener, c->t.id, fd, cloexec, true);
		if (r >= 0) {
			c->answered = true;
			*result = r;
			return 0;
		}
		if (r == -EINVAL)
			__atomic_store_n(&no_send, 1, __ATOMIC_RELAXED);
	}
	if (r == -EINVAL)
		r = kernel_addfd(c->t.listener, c->t.id, fd, cloexec, false);
	if (r == -ENOENT) /* the call is gone: nothing was installed */
		return -ESRCH;
	*result = r;
	return 0;
}

/* An i386 (or x32) open without O_LARGEFILE of a regular file past 2 GiB
 * fails with EOVERFLOW before anything else (generic_file_open); unotify,
 * a 64-bit opener, always has O_LARGEFILE, so it looks first. */
static bool _too_large(const struct call *c, const struct path_arg *p, const struct open_args *a)
{
	struct stat st;

	if (!arch_table[c->arch].regs32 || (a->flags & O_LARGEFILE_) || p->objfd < 0)
		return false;
	return fstat(p->objfd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0x7fffffff;
}

static int _open_at(struct call *c, int arg, int64_t *result)
{
	const struct open_args *a = _args(c);
	_cleanup_close_ int fd = -1;
	int ret = call_validate(c);

	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	/* ADDFD cannot pass an O_PATH fd (the kernel takes no O_PATH file
	 * there): such an open continues.  An O_PATH fd reads and writes
	 * nothing; every later use of it is judged again, as the object it
	 * names. */
	if (a->flags & O_PATH) {
		c->continued = true;
		return 0;
	}
	ret = emu_paths(c, 1u << arg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	if (_too_large(c, c->path[arg], a)) {
		call_leave_creds(c);
		*result = -EOVERFLOW;
		return 0;
	}
	ret = _ctty(c, c->path[arg]);
	if (ret < 0) {
		call_leave_creds(c);
		if (ret == -ESRCH)
			return ret;
		*result = ret;
		return 0;
	}
	/* An open may block (a FIFO with no peer, a tty): this worker is then
	 * not counted against the pool (server.c starts another), and the
	 * loop interrupts it (EINTR) once the target's call is gone. */
	if (c->blocked)
		atomic_fetch_add(c->blocked, 1);
	while ((fd = _open_object(c->path[arg], a)) == -EINTR)
		if (!kernel_id_valid(c->t.listener, c->t.id)) {
			fd = -ESRCH;
			break;
		}
	if (c->blocked)
		atomic_fetch_sub(c->blocked, 1);
	call_leave_creds(c);
	if (fd == -ESRCH)
		return fd;
	if (fd < 0) {
		*result = fd;
		return 0;
	}
	/* A file opened for writing stays unotify's until closed: a target
	 * that closes its copy and runs the file at once would meet ETXTBSY.
	 * So it is installed, closed here, and only then answered. */
	if ((a->flags & O_ACCMODE) != O_RDONLY) {
		ret = kernel_addfd(c->t.listener, c->t.id, fd, a->flags & O_CLOEXEC, false);
		close(TAKE_FD(fd));
		if (ret == -ENOENT)
			return -ESRCH;
		*result = ret;
		return 0;
	}
	return _hand_over(c, fd, a->flags & O_CLOEXEC, result);
}

int emu_open(struct call *c, int64_t *result)
{
	return _open_at(c, 0, result);
}

int emu_openat(struct call *c, int64_t *result)
{
	return _open_at(c, 1, result);
}

int emu_openat2(struct call *c, int64_t *result)
{
	return _open_at(c, 1, result);
}

int emu_creat(struct call *c, int64_t *result)
{
	return _open_at(c, 0, result);
}
