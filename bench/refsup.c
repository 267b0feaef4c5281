/* refsup [-s] [-w WORKERS] [-m MODE] PROG [ARG...]: reference supervisors,
 * the floors unotify is measured against.
 *
 * Forks a child that installs a raw BPF filter and then execs PROG.  The
 * parent serves the listener with WORKERS threads (default 1), each a
 * plain loop of RECV, the least work MODE needs, and SEND.  Nothing here
 * is general: each mode is what a supervisor that does only what safety
 * needs must do for that one kind of call, so that the time per call it
 * yields is a floor for unotify doing the same.
 *
 * Modes:
 *   ret      getppid(2) goes to the supervisor, which answers 1 (the raw
 *            RECV/SEND round trip).  The default.
 *   path     mkdir(2) goes to the supervisor, which decides on the path as
 *            safety needs: one process_vm_readv of the path, one ID_VALID,
 *            one statx of the target's root (compared with its own), one
 *            openat2 of the parent without symlinks from its own root, a
 *            prefix check, and answers EACCES under /tmp, else EPERM.
 *   openat   openat(2) goes to the supervisor, which names the path as
 *            safety needs and continues it: the path read, the start
 *            opened (the target's cwd or dirfd for a relative path), one
 *            ID_VALID, one statx of the root, one openat2 without symlinks
 *            (named by its text when absolute), or, where it meets one,
 *            one following them and a readlink of the result; a path that
 *            does not resolve is answered with its error.
 *   emulate  mkdir(2) is emulated: the path read, the target's credentials
 *            and umask read from /proc/TID/status, one ID_VALID, one
 *            statx of the root, the parent opened as the target (fsuid,
 *            fsgid, umask taken on where they differ), mkdirat, and the
 *            result answered.
 *   open     openat(2) is emulated: the path read, the credentials read, one
 *            ID_VALID, one statx of the root, the file opened as the target
 *            from its root (or its cwd or dirfd for a relative path;
 *            symlinks followed, magic links not) with its flags and mode,
 *            and handed over with ADDFD and SEND (Linux 5.14): no SEND of
 *            its own.
 *
 * -s sets SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6) on the listener,
 * as unotify does by default, so the fair comparison uses it too.
 *
 * Prints nothing on stdout: the child's stdout (PROG's result) is the
 * output.  Exits with the child's status. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

/* Missing from Debian 12's headers (Linux 6.6). */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

enum mode { M_RET, M_PATH, M_OPENAT, M_EMULATE, M_OPEN };

/* Shared between parent and child across fork.  The child publishes its
 * listener fd number; the parent says when it holds its own copy. */
struct handoff {
	int state; /* 0 pending, 1 child published fd, -1 child failed */
	int fd;	   /* the listener's number in the child */
	int taken; /* parent has duplicated the listener */
};

static enum mode mode = M_RET;
static int listener, rootfd;
static pid_t child_pid;
static int child_status, reaped;
static struct statx own_root;
static struct seccomp_notif_sizes sizes;

static void die(const char *what)
{
	fprintf(stderr, "refsup: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Only there to make a blocking RECV return EINTR when the child exits,
 * for kernels before 6.11 where RECV does not fail with ENOENT then. */
static void on_sigchld(int sig)
{
	(void)sig;
}

static void child(struct handoff *h, pid_t parent, char **argv)
{
	int nr = mode == M_RET				? SYS_getppid
		 : mode == M_OPENAT || mode == M_OPEN ? SYS_openat
						      : SYS_mkdir;
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fprog = { .len = sizeof(prog) / sizeof(prog[0]), .filter = prog };
	int fd;

	/* The child spins without system calls below; if the parent dies it
	 * must not spin forever. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		goto fail;
	if (getppid() != parent) {
		errno = ESRCH; /* the parent died before PDEATHSIG was armed */
		goto fail;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		goto fail;
	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER, &fprog);
	if (fd < 0)
		goto fail;

	h->fd = fd;
	__atomic_store_n(&h->state, 1, __ATOMIC_RELEASE);
	/* No system call until the parent holds the listener. */
	while (!__atomic_load_n(&h->taken, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();

	close(fd); /* O_CLOEXEC already; PROG must never see it */
	execvp(argv[0], argv);
	fprintf(stderr, "refsup: exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
fail:
	fprintf(stderr, "refsup: child setup: %s\n", strerror(errno));
	__atomic_store_n(&h->state, -1, __ATOMIC_RELEASE);
	_exit(1);
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

static bool id_valid(uint64_t id)
{
	return ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

/* The path argument, read once from the target (no page-crossing care:
 * the benchmark's paths are string literals). */
static int read_path(const struct seccomp_notif *req, int arg, char *buf, size_t size)
{
	struct iovec local = { buf, size - 1 }, remote = { (void *)req->data.args[arg], size - 1 };

	if (syscall(SYS_process_vm_readv, req->pid, &local, 1, &remote, 1, 0) <= 0)
		return -1;
	buf[size - 1] = '\0';
	return memchr(buf, '\0', size - 1) ? 0 : -1;
}

/* The target's root is ours (one statx, inode and mount). */
static bool same_root(pid_t pid)
{
	char p[64];
	struct statx st;

	snprintf(p, sizeof(p), "/proc/%d/root", (int)pid);
	return syscall(SYS_statx, AT_FDCWD, p, 0, STATX_INO | STATX_MNT_ID, &st) == 0 &&
	       st.stx_ino == own_root.stx_ino && st.stx_mnt_id == own_root.stx_mnt_id;
}

/* PATH's parent, opened from our root without symlinks; *BASE its name. */
static int open_parent(char *path, const char **base)
{
	struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
				.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	char *slash = strrchr(path, '/');
	int fd;

	if (path[0] != '/' || !slash)
		return -1;
	*slash = '\0';
	fd = (int)syscall(SYS_openat2, rootfd, slash == path ? "/" : path, &how, sizeof(how));
	*slash = '/';
	*base = slash + 1;
	return fd;
}

/* The decision: EACCES under /tmp/, EPERM elsewhere; or -1 (refuse). */
static int decide_path(const struct seccomp_notif *req)
{
	char path[4096];
	const char *base;
	int fd, err;

	if (read_path(req, 0, path, sizeof(path)) < 0 || !id_valid(req->id) || !same_root(req->pid))
		return EPERM;
	fd = open_parent(path, &base);
	if (fd < 0)
		return errno;
	err = strncmp(path, "/tmp/", 5) == 0 ? EACCES : EPERM;
	close(fd);
	return err;
}

/* openat: 0 (continue) or the errno its path fails with. */
static int decide_openat(const struct seccomp_notif *req)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC,
				.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	char path[4096], name[4096], p[64];
	int dirfd = (int)req->data.args[0], start = rootfd, fd, err = 0;

	if (read_path(req, 1, path, sizeof(path)) < 0)
		return EFAULT;
	if (path[0] != '/') {
		if (dirfd == AT_FDCWD)
			snprintf(p, sizeof(p), "/proc/%d/cwd", (int)req->pid);
		else
			snprintf(p, sizeof(p), "/proc/%d/fd/%d", (int)req->pid, dirfd);
		start = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (start < 0)
			return EBADF;
	}
	if (!id_valid(req->id) || !same_root(req->pid)) {
		err = EPERM;
		goto out;
	}
	fd = (int)syscall(SYS_openat2, start, path, &how, sizeof(how));
	if (fd < 0 && errno == ELOOP) {
		how.resolve = RESOLVE_NO_MAGICLINKS;
		fd = (int)syscall(SYS_openat2, start, path, &how, sizeof(how));
		how.resolve = 0; /* symlinks met: named by the object */
	}
	if (fd < 0 && errno == ENOENT && (req->data.args[2] & O_CREAT)) {
		char *slash = strrchr(path, '/'); /* O_CREAT: its directory */

		if (slash)
			*slash = '\0';
		fd = (int)syscall(SYS_openat2, start, slash ? (slash == path ? "/" : path) : ".",
				  &how, sizeof(how));
	}
	if (fd < 0) {
		err = errno;
		goto out;
	}
	if (path[0] != '/' || how.resolve == 0) {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		if (readlink(p, name, sizeof(name)) < 0)
			err = EPERM;
	}
	close(fd);
out:
	if (start != rootfd)
		close(start);
	return err;
}

struct tcreds {
	uid_t fsuid;
	gid_t fsgid;
	mode_t umask;
};

/* The fields an act needs, from /proc/TID/status in one read. */
static int read_creds(pid_t pid, struct tcreds *c)
{
	char p[64], buf[4096], *s;
	ssize_t n;
	int fd;
	unsigned long a, b, d, fs;

	snprintf(p, sizeof(p), "/proc/%d/status", (int)pid);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (!(s = strstr(buf, "\nUmask:")) || sscanf(s, "\nUmask: %lo", &a) != 1)
		return -1;
	c->umask = (mode_t)a;
	if (!(s = strstr(buf, "\nUid:")) || sscanf(s, "\nUid: %lu %lu %lu %lu", &a, &b, &d, &fs) != 4)
		return -1;
	c->fsuid = (uid_t)fs;
	if (!(s = strstr(buf, "\nGid:")) || sscanf(s, "\nGid: %lu %lu %lu %lu", &a, &b, &d, &fs) != 4)
		return -1;
	c->fsgid = (gid_t)fs;
	return 0;
}

/* The emulation: mkdirat as the target; the result, or -errno. */
static int emulate(const struct seccomp_notif *req)
{
	char path[4096];
	const char *base;
	struct tcreds c;
	uid_t ou = (uid_t)setfsuid((uid_t)-1);
	gid_t og = (gid_t)setfsgid((gid_t)-1);
	mode_t om;
	int fd, ret;

	if (read_path(req, 0, path, sizeof(path)) < 0 || read_creds(req->pid, &c) < 0 ||
	    !id_valid(req->id) || !same_root(req->pid))
		return -EPERM;
	if (c.fsuid != ou)
		setfsuid(c.fsuid);
	if (c.fsgid != og)
		setfsgid(c.fsgid);
	om = umask(c.umask);
	fd = open_parent(path, &base);
	ret = fd < 0 ? -errno : mkdirat(fd, base, 0755) < 0 ? -errno : 0;
	if (fd >= 0)
		close(fd);
	umask(om);
	if (c.fsgid != og)
		setfsgid(og);
	if (c.fsuid != ou)
		setfsuid(ou);
	return ret;
}

/* The open emulated: the fd handed over with the answer (1), or -errno
 * to answer with. */
static int emulate_open(const struct seccomp_notif *req)
{
	struct open_how how = { .flags = (uint64_t)(uint32_t)req->data.args[2] | O_CLOEXEC,
				.mode = req->data.args[3] & 07777,
				.resolve = RESOLVE_NO_MAGICLINKS };
	struct seccomp_notif_addfd a = { .id = req->id, .flags = SECCOMP_ADDFD_FLAG_SEND };
	char path[4096], p[64];
	struct tcreds c;
	uid_t ou = (uid_t)setfsuid((uid_t)-1);
	gid_t og = (gid_t)setfsgid((gid_t)-1);
	int dirfd = (int)req->data.args[0], start = rootfd, fd, r;

	if (read_path(req, 1, path, sizeof(path)) < 0)
		return -EFAULT;
	if (path[0] != '/') { /* from the target's cwd or dirfd */
		if (dirfd == AT_FDCWD)
			snprintf(p, sizeof(p), "/proc/%d/cwd", (int)req->pid);
		else
			snprintf(p, sizeof(p), "/proc/%d/fd/%d", (int)req->pid, dirfd);
		start = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (start < 0)
			return -EBADF;
	}
	if (read_creds(req->pid, &c) < 0 || !id_valid(req->id) || !same_root(req->pid)) {
		if (start != rootfd)
			close(start);
		return -EPERM;
	}
	if (c.fsuid != ou)
		setfsuid(c.fsuid);
	if (c.fsgid != og)
		setfsgid(c.fsgid);
	fd = (int)syscall(SYS_openat2, start, path, &how, sizeof(how));
	r = fd < 0 ? -errno : 0;
	if (start != rootfd)
		close(start);
	if (c.fsgid != og)
		setfsgid(og);
	if (c.fsuid != ou)
		setfsuid(ou);
	if (fd < 0)
		return r;
	a.srcfd = (uint32_t)fd;
	a.newfd_flags = (uint32_t)req->data.args[2] & O_CLOEXEC;
	r = ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a) < 0 ? -errno : 1;
	close(fd);
	return r == -ENOENT ? 1 : r; /* gone: nothing to answer */
}

/* One worker: RECV, the mode's work, SEND, until the filter is gone. */
static void *serve(void *arg)
{
	size_t req_size = sizes.seccomp_notif > sizeof(struct seccomp_notif)
				  ? sizes.seccomp_notif
				  : sizeof(struct seccomp_notif);
	size_t resp_size = sizes.seccomp_notif_resp > sizeof(struct seccomp_notif_resp)
				   ? sizes.seccomp_notif_resp
				   : sizeof(struct seccomp_notif_resp);
	struct seccomp_notif *req = calloc(1, req_size);
	struct seccomp_notif_resp *resp = calloc(1, resp_size);

	(void)arg;
	if (!req || !resp)
		die("calloc");
	/* Own fs attributes, so that umask is this thread's. */
	if (mode == M_EMULATE && unshare(CLONE_FS) < 0)
		die("unshare");
	for (;;) {
		int r;

		memset(req, 0, req_size);
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
			/* SIGCHLD reaches the first worker only: before 6.11 RECV
			 * does not end by itself when the child is gone. */
			if (errno == EINTR && waitpid(child_pid, &child_status, WNOHANG) == child_pid) {
				reaped = 1;
				break;
			}
			if (errno == EINTR)
				continue;
			break; /* ENOENT (6.11+: no task uses the filter) or closed */
		}
		resp->id = req->id;
		resp->val = 0;
		resp->error = 0;
		resp->flags = 0;
		if (mode == M_RET) {
			resp->val = 1;
		} else if (mode == M_PATH) {
			resp->error = -decide_path(req);
		} else if (mode == M_OPENAT) {
			r = decide_openat(req);
			resp->error = -r;
			resp->flags = r ? 0 : SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		} else if (mode == M_OPEN) {
			r = emulate_open(req);
			if (r == 1)
				continue; /* answered by ADDFD */
			resp->error = r;
		} else {
			r = emulate(req);
			resp->error = r < 0 ? r : 0;
		}
		/* ENOENT: the target was killed or its call interrupted after
		 * RECV; nothing to answer, keep serving. */
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0 && errno != ENOENT)
			die("SECCOMP_IOCTL_NOTIF_SEND");
	}
	free(req);
	free(resp);
	return NULL;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: refsup [-s] [-w WORKERS] [-m ret|path|openat|emulate|open] PROG [ARG...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	struct handoff *h;
	int sync_wakeup = 0, workers = 1, opt, pidfd, status = 0;
	pthread_t th[64];
	char *end;
	pid_t pid, self, w;

	while ((opt = getopt(argc, argv, "+sw:m:")) != -1) {
		if (opt == 's') {
			sync_wakeup = 1;
		} else if (opt == 'w') {
			workers = (int)strtol(optarg, &end, 10);
			if (*end || workers < 1 || workers > 64)
				usage();
		} else if (opt == 'm') {
			if (strcmp(optarg, "ret") == 0)
				mode = M_RET;
			else if (strcmp(optarg, "path") == 0)
				mode = M_PATH;
			else if (strcmp(optarg, "openat") == 0)
				mode = M_OPENAT;
			else if (strcmp(optarg, "emulate") == 0)
				mode = M_EMULATE;
			else if (strcmp(optarg, "open") == 0)
				mode = M_OPEN;
			else
				usage();
		} else {
			usage();
		}
	}
	if (optind >= argc)
		usage();

	/* The kernel's structs may be larger than the headers' (they grow at
	 * the end); RECV writes the kernel's size, so size for the larger. */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		die("SECCOMP_GET_NOTIF_SIZES");
	rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0 || syscall(SYS_statx, rootfd, "", AT_EMPTY_PATH, STATX_INO | STATX_MNT_ID,
				  &own_root) < 0)
		die("/");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld;
	if (sigemptyset(&sa.sa_mask) < 0)
		die("sigemptyset");
	/* No SA_RESTART: the point is to interrupt a blocked RECV. */
	if (sigaction(SIGCHLD, &sa, NULL) < 0)
		die("sigaction");

	h = mmap(NULL, sizeof(*h), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (h == MAP_FAILED)
		die("mmap");

	/* stdio must not carry buffered bytes into the child. */
	fflush(NULL);
	self = getpid();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		child(h, self, argv + optind);

	/* Wait for the child's listener.  The parent may make system calls;
	 * yielding lets a child pinned to the same CPU make progress. */
	while (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) == 0) {
		w = waitpid(pid, &status, WNOHANG);
		if (w < 0)
			die("waitpid");
		if (w == pid) {
			fprintf(stderr, "refsup: child exited during setup\n");
			return 1;
		}
		if (sched_yield() < 0)
			die("sched_yield");
	}
	if (h->state < 0) {
		if (waitpid(pid, &status, 0) < 0)
			die("waitpid");
		return 1;
	}

	child_pid = pid;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		die("pidfd_open");
	listener = (int)syscall(SYS_pidfd_getfd, pidfd, h->fd, 0);
	if (listener < 0)
		die("pidfd_getfd");
	if (close(pidfd) < 0)
		die("close pidfd");
	if (sync_wakeup &&
	    ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
		  (unsigned long)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) < 0)
		die("SECCOMP_IOCTL_NOTIF_SET_FLAGS");
	__atomic_store_n(&h->taken, 1, __ATOMIC_RELEASE);

	/* Workers beyond the first are threads; the first is this one, which
	 * also reaps the child when RECV ends. */
	for (int i = 1; i < workers; i++) {
		sigset_t block, old;

		sigemptyset(&block);
		sigaddset(&block, SIGCHLD);
		pthread_sigmask(SIG_BLOCK, &block, &old);
		if (pthread_create(&th[i], NULL, serve, NULL) != 0)
			die("pthread_create");
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	serve(NULL);
	if (reaped)
		return exit_code(child_status);
	while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (w < 0)
		die("waitpid");
	/* Other workers still in RECV end with the process. */
	return exit_code(status);
}
