/* logfile: the audit log out of the target's reach.
 *
 * --log FILE: the records go to an O_TMPFILE in FILE's directory, which no
 * name reaches while the command runs; FILE's earlier records are copied
 * into it first.  When the tree has ended it is linked under a temporary
 * name in that directory and renamed over FILE: whatever the target left
 * at FILE (an emptied file, a forged line, a symlink, nothing) is
 * replaced.  Readers see FILE's earlier content until then.
 *
 * --log-fd N: the caller's own fd (a pipe, a file outside the sandbox),
 * taken from the command (close-on-exec) and made non-blocking where it is
 * a pipe or a socket: a reader that stops costs records, never a worker. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logfile.h"
#include "tool.h"

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

int logfile_open(struct logfile *l, const char *path)
{
	char copy[PATH_MAX], base[NAME_MAX + 1];
	int old;

	*l = (struct logfile){ .fd = -1, .dirfd = -1 };
	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy))
		return -ENAMETOOLONG;
	snprintf(base, sizeof(base), "%s", basename(copy));
	snprintf(copy, sizeof(copy), "%s", path);
	l->dirfd = open(dirname(copy), O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (l->dirfd < 0)
		return -errno;
	snprintf(l->base, sizeof(l->base), "%s", base);
	l->fd = openat(l->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	if (l->fd < 0) {
		/* no O_TMPFILE here: FILE itself, where the target may reach it */
		warnx_("--log %s: this file system has no O_TMPFILE: the records go to the file "
		       "itself, within the command's reach",
		       path);
		l->fd = openat(l->dirfd, l->base, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		l->direct = true;
		return l->fd < 0 ? -errno : 0;
	}
	/* the earlier records first: --log appends */
	old = openat(l->dirfd, l->base, O_RDONLY | O_CLOEXEC);
	if (old >= 0) {
		struct stat st;
		off_t off = 0;

		if (fstat(old, &st) == 0 && S_ISREG(st.st_mode))
			while (off < st.st_size &&
			       sendfile(l->fd, old, &off, (size_t)(st.st_size - off)) > 0)
				;
		close(old);
	}
	return 0;
}

int logfile_fd(struct logfile *l, const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);
	struct stat st;
	int fl;

	*l = (struct logfile){ .fd = -1, .dirfd = -1, .direct = true, .borrowed = true };
	if (end == arg || *end || n < 0 || n > INT_MAX)
		return -EINVAL;
	fl = fcntl((int)n, F_GETFL);
	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	/* the command must not get it */
	if (fcntl((int)n, F_SETFD, FD_CLOEXEC) < 0)
		return -errno;
	if (fstat((int)n, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		fcntl((int)n, F_SETFL, fl | O_NONBLOCK);
	l->fd = (int)n;
	return 0;
}

int logfile_close(struct logfile *l)
{
	char proc[64], tmp[NAME_MAX + 64];
	int ret = 0;

	if (l->fd >= 0 && !l->direct) {
		/* a name of its own in the directory, then over FILE at once */
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", l->fd);
		for (int i = 0; i < 100; i++) {
			snprintf(tmp, sizeof(tmp), ".%s.unotify.%d.%d", l->base, (int)getpid(), i);
			if (linkat(AT_FDCWD, proc, l->dirfd, tmp, AT_SYMLINK_FOLLOW) == 0)
				break;
			if (errno != EEXIST) {
				ret = -errno;
				break;
			}
		}
		if (ret == 0 && renameat(l->dirfd, tmp, l->dirfd, l->base) < 0) {
			ret = -errno;
			unlinkat(l->dirfd, tmp, 0);
		}
	}
	if (l->fd >= 0 && !l->borrowed)
		close(l->fd);
	if (l->dirfd >= 0)
		close(l->dirfd);
	l->fd = l->dirfd = -1;
	return ret;
}
