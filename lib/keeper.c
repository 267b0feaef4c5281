/* keeper: keeping the supervised tree together (see keeper.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "keeper.h"

/* After the grace period, SIGKILL again this often until nothing is left
 * (a process may fork while the tree is being killed). */
#define KILL_AGAIN_MS 100

struct proc {
	pid_t pid, ppid;
	unsigned long long start; /* since boot: a reused pid has another */
	bool in_tree;
};

/* The parent and start time of PID, from /proc/PID/stat.  0 or -1. */
static int _stat(pid_t pid, pid_t *ppid, unsigned long long *start)
{
	char path[64], buf[1024], *p;
	_cleanup_close_ int fd = -1;
	ssize_t n;
	int pp;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
		return -1;
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: fields follow the
	 * last ')'.  ppid is field 4, starttime field 22. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2,
			 "%*c %d %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s "
			 "%*s %llu",
			 &pp, start) != 2)
		return -1;
	*ppid = pp;
	return 0;
}

/* Every process /proc shows, into *OUT (N of them).  0 or -1. */
static int _scan(struct proc **out, size_t *n)
{
	DIR *d = opendir("/proc");
	size_t cap = 0;
	struct dirent *e;

	*out = NULL;
	*n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		struct proc pr = { .pid = (pid_t)pid };

		if (*end || pid <= 0 || _stat(pr.pid, &pr.ppid, &pr.start) < 0)
			continue;
		if (*n == cap) {
			struct proc *bigger =
				realloc(*out, (cap ? cap * 2 : 256) * sizeof(*bigger));

			if (!bigger)
				break;
			*out = bigger;
			cap = cap ? cap * 2 : 256;
		}
		(*out)[(*n)++] = pr;
	}
	closedir(d);
	return 0;
}

int keeper_signal_tree(pid_t root, int sig)
{
	struct proc *ps;
	size_t n;
	bool grew = true;
	int count = 0;

	if (_scan(&ps, &n) < 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		ps[i].in_tree = ps[i].ppid == root;
	while (grew) {
		grew = false;
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; !ps[i].in_tree && j < n; j++)
				if (ps[j].in_tree && ps[j].pid == ps[i].ppid)
					grew = ps[i].in_tree = true;
	}
	for (size_t i = 0; i < n; i++) {
		_cleanup_close_ int pidfd = -1;
		unsigned long long start;
		pid_t ppid;

		if (!ps[i].in_tree)
			continue;
		/* The pidfd pins the process; the start time says it is still
		 * the one the scan found, not a reused pid. */
		pidfd = (int)syscall(SYS_pidfd_open, ps[i].pid, 0);
		if (pidfd >= 0 && _stat(ps[i].pid, &ppid, &start) == 0 && start == ps[i].start &&
		    syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) == 0)
			count++;
	}
	free(ps);
	return count;
}

static long long _now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reaps every child that exited; notes the command's status.  Exits the
 * keeper once none is left.  Returns true when the command exited now. */
static bool _reap(const struct keeper *k)
{
	pid_t cmd = atomic_load(k->cmd_pid);
	bool ended = false;

	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid < 0 && errno == ECHILD)
			_exit(0);
		if (pid <= 0)
			return ended;
		if (pid == cmd) {
			atomic_store(k->cmd_status, status);
			atomic_store(k->cmd_done, 1);
			ended = true;
		}
	}
}

/* Reaps; when the command has just exited and the rest of the tree is to
 * end with it, starts ending it.  Returns the new deadline for SIGKILL. */
static long long _reaped(const struct keeper *k, long long deadline)
{
	if (!_reap(k) || !k->end_with_command)
		return deadline;
	keeper_signal_tree(getpid(), SIGTERM);
	return deadline ? deadline : _now_ms() + k->grace_ms;
}

/* Acts on one signal; returns the new deadline for SIGKILL (0: none). */
static long long _on_signal(const struct keeper *k, int sig, long long deadline)
{
	long long now = _now_ms();

	if (sig == SIGCHLD)
		return _reaped(k, deadline);
	if (sig == KEEPER_KILL_NOW) {
		keeper_signal_tree(getpid(), SIGKILL);
		return now + KILL_AGAIN_MS;
	}
	keeper_signal_tree(getpid(), sig);
	return deadline ? deadline : now + k->grace_ms;
}

noreturn void keeper_run(const struct keeper *k, void (*child)(void *arg), void *arg)
{
	int sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, KEEPER_KILL_NOW };
	struct pollfd fds[2];
	long long deadline = 0;
	sigset_t set;
	pid_t pid;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&set, sigs[i]);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fds[0] = (struct pollfd){ signalfd(-1, &set, SFD_CLOEXEC), POLLIN, 0 };
	/* unotify's death is seen through its pidfd: no pid to be reused. */
	fds[1] = (struct pollfd){ (int)syscall(SYS_pidfd_open, k->supervisor, 0), POLLIN, 0 };
	if (fds[0].fd < 0 || fds[1].fd < 0 || prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		_exit(125);
	/* Out of reach of a target of the same uid (the command makes itself
	 * dumpable again for the hand-over). */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	atomic_store(k->keeper_pid, getpid());
	pid = fork();
	if (pid == 0) {
		close(fds[0].fd);
		close(fds[1].fd);
		child(arg);
	}
	if (pid < 0)
		_exit(125);
	atomic_store(k->cmd_pid, pid);
	for (;;) {
		long long now = _now_ms();
		int timeout = deadline ? (int)(deadline > now ? deadline - now : 0) : -1;
		struct signalfd_siginfo si;

		if (poll(fds, fds[1].fd >= 0 ? 2 : 1, timeout) < 0 && errno != EINTR)
			_exit(125);
		if (fds[1].fd >= 0 && fds[1].revents) {
			/* unotify is gone: unsupervised, the tree must not run on. */
			close(fds[1].fd);
			fds[1].fd = -1;
			deadline = _on_signal(k, KEEPER_KILL_NOW, deadline);
		}
		if ((fds[0].revents & POLLIN) && read(fds[0].fd, &si, sizeof(si)) == sizeof(si))
			deadline = _on_signal(k, (int)si.ssi_signo, deadline);
		if (deadline && _now_ms() >= deadline) {
			keeper_signal_tree(getpid(), SIGKILL);
			deadline = _now_ms() + KILL_AGAIN_MS;
		}
		deadline = _reaped(k, deadline);
	}
}
