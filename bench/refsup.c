/* refsup [-s] N LOOP: the floor for a seccomp user-notification supervisor.
 *
 * Forks a child that installs a raw BPF filter sending getppid(2) to
 * SECCOMP_RET_USER_NOTIF and then execs `LOOP N`.  The parent answers every
 * notification with the plainest possible loop (RECV, SEND val=1), so the
 * time per call it yields is what the kernel round trip costs; a real
 * supervisor cannot be faster than this, only slower.
 *
 * -s sets SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6) on the listener,
 * as unotify does by default, so the fair comparison uses it too.
 *
 * Prints nothing on stdout: the child's stdout (LOOP's result) is the
 * output.  Exits with the child's status. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Missing from Debian 12's headers (Linux 6.6). */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* Shared between parent and child across fork.  The child publishes its
 * listener fd number; the parent says when it holds its own copy. */
struct handoff {
	int state; /* 0 pending, 1 child published fd, -1 child failed */
	int fd;    /* the listener's number in the child */
	int taken; /* parent has duplicated the listener */
};

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

static void child(struct handoff *h, pid_t parent, const char *count, const char *loop)
{
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fprog = { .len = sizeof(prog) / sizeof(prog[0]), .filter = prog };
	char *argv[] = { (char *)loop, (char *)count, NULL };
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
	/* No system call until the parent holds the listener: one getppid
	 * now would block with nobody to answer.  Only getppid is notified,
	 * but spinning keeps the handoff independent of the filter. */
	while (!__atomic_load_n(&h->taken, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();

	/* The listener is O_CLOEXEC already; close it anyway so LOOP never
	 * sees it, even if that changes. */
	close(fd);
	execv(loop, argv);
	fprintf(stderr, "refsup: exec %s: %s\n", loop, strerror(errno));
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

int main(int argc, char **argv)
{
	struct seccomp_notif_sizes sizes;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	struct sigaction sa;
	struct handoff *h;
	size_t req_size, resp_size;
	int sync_wakeup = 0, opt, pidfd, listener, status = 0, reaped = 0;
	char *end;
	pid_t pid, self, w;

	while ((opt = getopt(argc, argv, "+s")) != -1) {
		if (opt != 's') {
			fprintf(stderr, "usage: refsup [-s] N LOOP\n");
			return 2;
		}
		sync_wakeup = 1;
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: refsup [-s] N LOOP\n");
		return 2;
	}
	errno = 0;
	if (strtoul(argv[optind], &end, 10) == 0 || errno || *end) {
		fprintf(stderr, "refsup: bad count '%s'\n", argv[optind]);
		return 2;
	}

	/* The kernel's structs may be larger than the headers' (they grow at
	 * the end); RECV writes the kernel's size, so size for the larger. */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		die("SECCOMP_GET_NOTIF_SIZES");
	req_size = sizes.seccomp_notif > sizeof(*req) ? sizes.seccomp_notif : sizeof(*req);
	resp_size = sizes.seccomp_notif_resp > sizeof(*resp) ? sizes.seccomp_notif_resp
							      : sizeof(*resp);
	req = calloc(1, req_size);
	resp = calloc(1, resp_size);
	if (!req || !resp)
		die("calloc");

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
		child(h, self, argv[optind], argv[optind + 1]);

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

	/* The hot loop: RECV and SEND, nothing else on the common path. */
	for (;;) {
		memset(req, 0, req_size);
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
			if (errno == ENOENT)
				break; /* 6.11+: no task uses the filter any more */
			if (errno != EINTR)
				die("SECCOMP_IOCTL_NOTIF_RECV");
			w = waitpid(pid, &status, WNOHANG);
			if (w < 0)
				die("waitpid");
			if (w == pid) {
				reaped = 1;
				break;
			}
			continue;
		}
		/* Any tail beyond our struct stays zero from calloc. */
		resp->id = req->id;
		resp->val = 1;
		resp->error = 0;
		resp->flags = 0;
		/* ENOENT: the target was killed or its call interrupted after
		 * RECV; nothing to answer, keep serving. */
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0 && errno != ENOENT)
			die("SECCOMP_IOCTL_NOTIF_SEND");
	}

	if (!reaped) {
		while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
			;
		if (w < 0)
			die("waitpid");
	}
	if (close(listener) < 0)
		die("close listener");
	free(req);
	free(resp);
	return exit_code(status);
}
