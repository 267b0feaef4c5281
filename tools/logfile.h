/* logfile: where `run` writes the audit records (logfile.c). */
#ifndef UNOTIFY_LOGFILE_H
#define UNOTIFY_LOGFILE_H

#include <limits.h>
#include <stdbool.h>

struct logfile {
	int fd;	   /* the records' fd */
	int dirfd; /* --log FILE's directory */
	char base[NAME_MAX + 1];
	char path[PATH_MAX]; /* --log FILE, as given */
	int fl;		     /* --log-fd: its flags, given back at the end */
	bool restore;	     /* (when it had to be made non-blocking) */
	bool direct;	     /* written in place (--log-fd, or no O_TMPFILE) */
	bool borrowed;	     /* the caller's fd (--log-fd) */
};

/* --log PATH: an O_TMPFILE beside PATH holding PATH's records so far.
 * 0, -EISDIR (PATH is a directory) or -errno. */
int logfile_open(struct logfile *l, const char *path);

/* --log-fd ARG.  0, -EINVAL (no fd number), -EBADF (not open for
 * writing) or -errno; dies (125) on an fd the command would share
 * (0, 1, 2) or a FIFO no one reads. */
int logfile_fd(struct logfile *l, const char *arg);

/* Puts the records in place (over PATH) and closes.  0 or -errno; when
 * they could not be put over PATH, says first where they are. */
int logfile_close(struct logfile *l);

#endif
