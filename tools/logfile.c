/* logfile: the audit log out of the target's reach.
 *
 * --log FILE: the records go to an O_TMPFILE in FILE's directory, which no
 * name reaches while the command runs; FILE's earlier records are copied
 * into it first.  When the tree has ended it is linked under a temporary
 * name no one can guess and renamed over FILE: whatever the target left
 * at FILE (an emptied file, a forged line, a symlink, nothing) is
 * replaced.  Readers see FILE's earlier content until then.  A process
 * that races that (one the tree left behind) can still move names and
 * open the named records: a read lease shows the latter, a look at each
 * name after each step the former, and either ends it with 125 and the
 * place where the records are, never with FILE holding something else.
 *
 * --log-fd N: the caller's own fd (a pipe, a file outside the sandbox),
 * taken from the command (close-on-exec) and made non-blocking where it is
 * a pipe or a socket: a reader that stops costs records, never a worker.
 * The flag belongs to the open file description, which the command may
 * share (`3>&1`): a pipe is opened anew for unotify alone; a socket, which
 * cannot be, gets its flags back at the end, and is left as it is when it
 * is the command's stdio too.  0, 1 and 2 are the command's: refused. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logfile.h"
#include "tool.h"

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

static bool _same(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

int logfile_open(struct logfile *l, const char *path)
{
	char copy[PATH_MAX];
	struct stat st;
	int old;

	*l = (struct logfile){ .fd = -1, .dirfd = -1 };
	if (snprintf(l->path, sizeof(l->path), "%s", path) >= (int)sizeof(l->path))
		return -ENAMETOOLONG;
	snprintf(copy, sizeof(copy), "%s", path);
	if (snprintf(l->base, sizeof(l->base), "%s", basename(copy)) >= (int)sizeof(l->base))
		return -ENAMETOOLONG;
	snprintf(copy, sizeof(copy), "%s", path);
	l->dirfd = open(dirname(copy), O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (l->dirfd < 0)
		return -errno;
	/* nothing can be renamed over a directory: refused before the run,
	 * not found out after it */
	if (fstatat(l->dirfd, l->base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
		return -EISDIR;
	l->fd = openat(l->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	if (l->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR)) {
		/* no O_TMPFILE here: FILE itself, where the target may reach it */
		warnx_("--log %s: this file system has no O_TMPFILE: the records go to the file "
		       "itself, within the command's reach",
		       path);
		l->fd = openat(l->dirfd, l->base,
			       O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
		l->direct = true;
		return l->fd < 0 ? -errno : 0;
	}
	if (l->fd < 0)
		return -errno;
	/* the earlier records first: --log appends (O_NONBLOCK: a FIFO at
	 * FILE must not hold the start; O_NOFOLLOW: a symlink planted there
	 * would copy what it names into the log).  Every one of them or the
	 * run does not start: none is lost silently. */
	old = openat(l->dirfd, l->base, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (old < 0 && errno != ENOENT)
		return errno == ELOOP ? -ELOOP : -errno;
	if (old >= 0) {
		off_t off = 0;
		ssize_t n = 1;

		if (fstat(old, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(old);
			return -EINVAL;
		}
		while (off < st.st_size && n > 0)
			n = sendfile(l->fd, old, &off, (size_t)(st.st_size - off));
		close(old);
		if (off < st.st_size)
			return n < 0 ? -errno : -EIO;
		/* (the log keeps its mode: a private one stays private) */
		fchmod(l->fd, st.st_mode & 07777);
	}
	return 0;
}

static const char *const std_name[] = { "stdin", "stdout", "stderr" };

/* The fd of 0, 1, 2 (which the command gets) that is the same pipe,
 * socket or file as ST (`3>&1`, or the same file opened twice), or -1. */
static int _stdio_twin(const struct stat *st)
{
	struct stat s;

	if (!S_ISFIFO(st->st_mode) && !S_ISSOCK(st->st_mode) && !S_ISREG(st->st_mode))
		return -1;
	for (int i = 0; i <= 2; i++)
		if (fstat(i, &s) == 0 && _same(st, &s))
			return i;
	return -1;
}

int logfile_fd(struct logfile *l, const char *arg)
{
	char *end, proc[64];
	long n = strtol(arg, &end, 10);
	struct stat st;
	int fd, fl, twin;

	*l = (struct logfile){ .fd = -1, .dirfd = -1, .direct = true, .borrowed = true };
	if (end == arg || *end || n < 0 || n > INT_MAX)
		return -EINVAL;
	fd = (int)n;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	/* The command gets 0, 1 and 2: it would write among the records, and
	 * taking the fd from it (close-on-exec) would leave it without its
	 * stdout or stderr. */
	if (fd <= 2)
		die(EXIT_UNOTIFY,
		    "--log-fd %d: that is the command's %s: give the records an fd of their own "
		    "(--log-fd 3 3>FILE)",
		    fd, std_name[fd]);
	if (fstat(fd, &st) < 0)
		return -errno;
	twin = _stdio_twin(&st);
	if (twin >= 0)
		warnx_("--log-fd %d: the command's %s is the same %s: it can write lines among "
		       "the records",
		       fd, std_name[twin],
		       S_ISFIFO(st.st_mode)   ? "pipe"
		       : S_ISSOCK(st.st_mode) ? "socket"
					      : "file");
	/* the command must not get it */
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -errno;
	l->fd = fd;
	if (S_ISFIFO(st.st_mode)) {
		/* O_NONBLOCK belongs to the open file description, which the
		 * caller shares (and with `3>&1` the command, whose writes
		 * would then fail with EAGAIN): a pipe opened anew through
		 * /proc is a description of unotify's own. */
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		l->fd = open(proc, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (l->fd < 0 && errno == ENXIO)
			die(EXIT_UNOTIFY, "--log-fd %d: a FIFO no one reads", fd);
		if (l->fd < 0)
			return -errno;
		l->borrowed = false;
	} else if (S_ISSOCK(st.st_mode) && twin < 0) {
		/* A socket cannot be opened anew: the caller's description
		 * is made non-blocking for the run and given back its flags
		 * at the end.  One that is also the command's stdio stays as
		 * it is (a reader that stops holds the command's own output
		 * anyway). */
		if (!(fl & O_NONBLOCK) && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0) {
			l->fl = fl;
			l->restore = true;
		}
	}
	return 0;
}

/* True if NAME (at DIRFD, the last component not followed) is the records'
 * inode OWN. */
static bool _names(int dirfd, const char *name, const struct stat *own)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && _same(&st, own);
}

/* True if FILE's directory, looked up again, is still the one the records
 * were made in (not moved away, removed, or swapped for another). */
static bool _dir_kept(const struct logfile *l)
{
	char copy[PATH_MAX];
	struct stat a, b;

	snprintf(copy, sizeof(copy), "%s", l->path);
	return stat(dirname(copy), &a) == 0 && fstat(l->dirfd, &b) == 0 && _same(&a, &b);
}

/* Where NAME in the directory is now: the directory may have moved. */
static void _where(const struct logfile *l, const char *name, char *buf, size_t n)
{
	char proc[64], dir[PATH_MAX];
	ssize_t k;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", l->dirfd);
	k = readlink(proc, dir, sizeof(dir) - 1);
	dir[k > 0 ? k : 0] = '\0';
	snprintf(buf, n, "%s/%s", dir, name);
}

/* Links the records (RFD) into the directory under a new name that no
 * one can guess (unotify's pid is no secret), in TMP.  0 or -errno. */
static int _link_tmp(const struct logfile *l, int rfd, char *tmp, size_t n)
{
	char proc[64];
	uint64_t r;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", rfd);
	for (int i = 0; i < 8; i++) {
		if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return errno ? -errno : -EIO;
		snprintf(tmp, n, ".%.200s.unotify.%016" PRIx64, l->base, r);
		if (linkat(AT_FDCWD, proc, l->dirfd, tmp, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		if (errno != EEXIST)
			return -errno;
	}
	/* eight names no one could guess, all taken: never a name unotify
	 * did not make */
	return -EEXIST;
}

/* A copy of the records (RFD, OWN) in a new file of $TMPDIR (or /tmp),
 * named in WHERE: for a directory that is gone.  0 or -errno. */
static int _copy_out(int rfd, const struct stat *own, char *where, size_t n)
{
	const char *dir = getenv("TMPDIR");
	off_t off = 0;
	int fd;

	snprintf(where, n, "%s/unotify-log.XXXXXX", dir && dir[0] == '/' ? dir : "/tmp");
	fd = mkostemp(where, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (off < own->st_size && sendfile(fd, rfd, &off, (size_t)(own->st_size - off)) > 0)
		;
	if (close(fd) < 0 || off < own->st_size) {
		unlink(where);
		return -EIO;
	}
	return 0;
}

/* The records could not be put over FILE (WHY, ERR): they keep a name of
 * their own, never none, and it is said.  TMP if it still names them, or
 * FILE's name in the directory, else a new name there, else a copy
 * elsewhere; only a copy when COPY (the named inode may be written).
 * Returns ERR. */
static int _keep(const struct logfile *l, int rfd, const struct stat *own, const char *tmp,
		 bool copy, const char *why, int err)
{
	char where[PATH_MAX + NAME_MAX + 2], fresh[NAME_MAX + 1];

	if (!copy && tmp[0] && _names(l->dirfd, tmp, own))
		_where(l, tmp, where, sizeof(where));
	else if (!copy && _names(l->dirfd, l->base, own))
		_where(l, l->base, where, sizeof(where));
	else if (!copy && _link_tmp(l, rfd, fresh, sizeof(fresh)) == 0)
		_where(l, fresh, where, sizeof(where));
	else if (_copy_out(rfd, own, where, sizeof(where)) < 0)
		snprintf(where, sizeof(where), "nowhere: they are lost");
	warnx_("--log %s: %s: the records are at %s", l->path, why, where);
	return err;
}

/* The records (RFD, OWN), leased if LEASED, over FILE, each step
 * checked: a name moved by a racing process shows in the next look.
 * 0 or -errno. */
static int _settle(const struct logfile *l, int rfd, const struct stat *own, bool leased)
{
	char tmp[NAME_MAX + 1] = "";
	struct stat st;
	int r;

	if (!_dir_kept(l))
		return _keep(l, rfd, own, "", false, "its directory was moved or removed during the run",
			     -ESTALE);
	if ((r = _link_tmp(l, rfd, tmp, sizeof(tmp))) < 0)
		return _keep(l, rfd, own, "", false, strerror(-r), r);
	/* (renamed over FILE, another's file would be a forgery) */
	if (!_names(l->dirfd, tmp, own))
		return _keep(l, rfd, own, "", false, "their temporary name was taken over", -ESTALE);
	if (renameat(l->dirfd, tmp, l->dirfd, l->base) < 0) {
		r = -errno;
		return _keep(l, rfd, own, tmp, false, strerror(-r), r);
	}
	if (!_names(AT_FDCWD, l->path, own))
		return _keep(l, rfd, own, "", false, "replaced as it was put in place", -ESTALE);
	/* a writer waits for the lease: what it writes is not unotify's */
	if ((leased && fcntl(rfd, F_GETLEASE) != F_RDLCK) || fstat(rfd, &st) < 0 ||
	    st.st_size != own->st_size)
		return _keep(l, rfd, own, "", true,
			     "another process opened it for writing as it was put in place", -EBUSY);
	return 0;
}

/* The records (the O_TMPFILE, l->fd) over FILE.  0 or -errno. */
static int _put_in_place(struct logfile *l)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	char proc[64];
	struct stat own;
	bool leased;
	int rfd, r;

	/* From here on read-only: a read lease needs its holder to be the
	 * only writer.  Once named, the records can be opened by others;
	 * opening them for writing (or truncating them) breaks the lease
	 * and waits until unotify lets go.  The break's SIGIO must not kill
	 * unotify: F_GETLEASE tells. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", l->fd);
	rfd = open(proc, O_RDONLY | O_CLOEXEC);
	if (rfd < 0 || fstat(rfd, &own) < 0) {
		r = -errno;
		if (rfd >= 0)
			close(rfd);
		return r;
	}
	close(l->fd);
	l->fd = rfd;
	sigaction(SIGIO, &ign, &old);
	leased = fcntl(rfd, F_SETLEASE, F_RDLCK) == 0;
	/* EAGAIN: a writer of the nameless inode, through /proc/PID/fd (one
	 * that may trace unotify) */
	if (!leased && errno == EAGAIN)
		r = _keep(l, rfd, &own, "", false, "another process has them open for writing", -EBUSY);
	else /* (without leases on this file system: the names' checks only) */
		r = _settle(l, rfd, &own, leased);
	if (leased)
		fcntl(rfd, F_SETLEASE, F_UNLCK);
	sigaction(SIGIO, &old, NULL);
	return r;
}

int logfile_close(struct logfile *l)
{
	int ret = 0;

	if (l->fd >= 0 && !l->direct)
		ret = _put_in_place(l);
	if (l->restore)
		fcntl(l->fd, F_SETFL, l->fl);
	if (l->fd >= 0 && !l->borrowed)
		close(l->fd);
	if (l->dirfd >= 0)
		close(l->dirfd);
	l->fd = l->dirfd = -1;
	return ret;
}
