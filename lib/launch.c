/* launch: starting a command under a policy and serving it to the end.
 *
 * The child installs the filter itself.  From that moment its own system
 * calls go through the user's policy, and a call sent to a supervisor that
 * does not yet hold the listener would deadlock, so the hand-over makes no
 * system call at all: the child publishes the fd number in a shared page
 * and spins; the parent takes the fd with pidfd_getfd(2) (Linux 5.6) and
 * lets it go on to execve.  The listener is O_CLOEXEC, so exec drops the
 * child's copy. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bpf.h"
#include "cleanup.h"
#include "error.h"
#include "keeper.h"
#include "kernel.h"
#include "landlock.h"
#include "llplace.h"
#include "server.h"

extern char **environ;

enum { H_INIT, H_PUBLISHED, H_GO, H_FAILED };

/* What the child was doing when it failed. */
enum { S_NONE, S_NO_NEW_PRIVS, S_LOCK, S_FILTER };

/* The page unotify, its keeper and the command share across fork. */
struct handoff {
	atomic_int state;
	atomic_int fd;
	atomic_int err;
	atomic_int stage;
	atomic_int exec_failed;
	atomic_int keeper_pid, cmd_pid, cmd_status, cmd_done; /* written by the keeper */
};

/* The signals unotify_run handles: SIGCHLD reaps the keeper, the others
 * are forwarded to the whole tree (through the keeper). */
static const int run_signals[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define NSIG_RUN ((int)(sizeof(run_signals) / sizeof(run_signals[0])))

struct run {
	const struct unotify_policy *p;
	const struct unotify_options *opts;
	struct handoff *h;
	struct rt_values rt; /* unotify's pid and group, for the filter */
	int lock;	     /* the lock layer's ruleset, or -1 */
	const char *path;    /* the command */
	char *const *argv;
	pid_t keeper;
	int pidfd; /* the keeper's */
	int listener, was_dumpable;
	atomic_int keeper_done, all_gone;
	struct unotify_server *srv; /* serving the listener */
	int failed;		    /* the listener failed: -errno */
	sigset_t sigs, oldmask;
	struct sigaction oldact[NSIG_RUN];
};

/* The run the signal handler serves: one unotify_run at a time. */
static struct run *_Atomic active_run;

/* Finds NAME as execvp would.  0 with the path in OUT, -ENOENT or -EACCES. */
static int _find_command(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	int ret = -ENOENT;

	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		struct stat st;

		if (stat(name, &st) < 0)
			return -errno;
		if (S_ISDIR(st.st_mode) || access(name, X_OK) < 0)
			return -EACCES;
		snprintf(out, size, "%s", name);
		return 0;
	}
	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	for (const char *p = path;; p++) {
		const char *end = strchrnul(p, ':');
		int n = end == p ? snprintf(out, size, "./%s", name)
				 : snprintf(out, size, "%.*s/%s", (int)(end - p), p, name);
		struct stat st;

		if (n > 0 && (size_t)n < size && stat(out, &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (access(out, X_OK) == 0)
				return 0;
			ret = -EACCES;
		}
		if (*end == '\0')
			return ret;
		p = end;
	}
}

/* no_new_privs, the lock layer (LOCK >= 0), then PROG as the filter, in
 * that order: Landlock needs no_new_privs (or CAP_SYS_ADMIN), and once the
 * filter is in, every call goes through the policy.  With a LISTENER,
 * returns it; else 0 (a policy the kernel decides alone has no listener:
 * none to protect, and one may still be made below it).  -errno, with
 * *STAGE saying which step failed. */
static int _install(const struct sock_filter *prog, size_t len, unsigned int flags, int lock,
		    bool listener, int *stage)
{
	unsigned sflags = 0;
	int ret;

	if (kernel_probe()->wait_killable && !(flags & UNOTIFY_F_INTERRUPTIBLE))
		sflags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	*stage = S_NO_NEW_PRIVS;
	if (!(flags & UNOTIFY_F_NO_NEW_PRIVS_OFF) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	*stage = S_LOCK;
	if (lock >= 0 && (ret = landlock_restrict(lock)) < 0)
		return ret;
	*stage = S_FILTER;
	if (!listener)
		return kernel_load_plain_filter(prog, (unsigned short)len);
	return kernel_load_filter(prog, (unsigned short)len, sflags);
}

API int unotify_policy_install(const struct unotify_policy *p, unsigned int flags)
{
	_cleanup_close_ int lock = -1;
	bool signals;
	int stage;

	if (!p->compiled)
		return -EINVAL;
	lock = llplace_ruleset(p, !(flags & UNOTIFY_F_NO_LOCK_LAYER),
			       (flags & UNOTIFY_F_SCOPE_ABSTRACT_UNIX) || p->scope_abstract, &signals);
	if (lock == -ENODATA)
		lock = -1;
	else if (lock < 0)
		return lock;
	return _install(p->prog, p->prog_len, flags, lock, true, &stage);
}

/* Whether the kernel hands core dumps to a helper ("|..." in
 * core_pattern) rather than writing a file. */
static bool _core_piped(void)
{
	char c = 0;
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = 0;
		close(fd);
	}
	return c == '|';
}

/* The command, forked by the keeper: NO_NEW_PRIVS, the lock layer, the
 * filter, the hand-over, exec.  Never returns. */
static void _command(void *arg)
{
	struct run *r = arg;
	struct sock_filter *prog;
	sigset_t all;
	int fd, stage = S_FILTER;

	/* Every signal waits until the listener is handed over: a handler
	 * returning makes a system call (rt_sigreturn) that the policy could
	 * send to a supervisor that does not hold the listener yet. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (int i = 0; i < NSIG_RUN; i++)
		sigaction(run_signals[i], &r->oldact[i], NULL);
	/* Without its keeper the command must not run on (and not spin forever
	 * below).  The keeper dies only after killing the tree, or by a kill
	 * the lock layer did not keep from it.  No getppid() check for a
	 * parent that died before this: under an outer supervisor getppid may
	 * well be spoofed; the keeper waits for this child in any case. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		_exit(125);
	/* A core file is written by the kernel, as the target, where
	 * core_pattern says (its cwd, for "core"): a write no rule sees.  A
	 * policy that judges paths therefore gets none (a core_pattern that
	 * pipes to a helper writes nothing as the target and is kept).  A
	 * target with CAP_SYS_RESOURCE can raise the limit again. */
	if ((r->p->supervised || r->p->ll.placed || r->p->ll.bound) && !_core_piped())
		setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	/* The keeper made itself undumpable before the fork: unotify must be
	 * able to take the listener from here. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	/* The filter names unotify's pid and the keeper's, now known. */
	r->rt.keeper = atomic_load(&r->h->keeper_pid);
	prog = bpf_patch_prog(r->p, &r->rt);
	fd = prog ? _install(prog, r->p->prog_len, r->opts->flags, r->lock, r->p->supervised, &stage)
		  : -ENOMEM;
	if (fd < 0) {
		atomic_store(&r->h->err, -fd);
		atomic_store(&r->h->stage, stage);
		atomic_store(&r->h->state, H_FAILED);
		_exit(125);
	}
	/* From here on: no system call until the parent holds the listener
	 * (with none, the parent takes nothing). */
	atomic_store(&r->h->fd, r->p->supervised ? fd : -1);
	atomic_store_explicit(&r->h->state, H_PUBLISHED, memory_order_release);
	while (r->p->supervised &&
	       atomic_load_explicit(&r->h->state, memory_order_acquire) != H_GO)
		__builtin_ia32_pause();
	sigprocmask(SIG_SETMASK, &r->oldmask, NULL);
	execve(r->path, r->argv, environ);
	atomic_store(&r->h->err, errno);
	atomic_store(&r->h->exec_failed, 1);
	_exit(errno == ENOENT ? 127 : 126);
}

/* Waits until the signal handler has reaped the keeper: the whole tree
 * is gone. */
static void _await_exit(struct run *r)
{
	sigset_t old;

	pthread_sigmask(SIG_BLOCK, &r->sigs, &old);
	while (!atomic_load(&r->keeper_done))
		sigsuspend(&old);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Ends the whole tree at once (unsupervised, it must not run on) and
 * waits for it. */
static void _kill_tree(struct run *r)
{
	if (r->pidfd >= 0)
		syscall(SYS_pidfd_send_signal, r->pidfd, KEEPER_KILL_NOW, NULL, 0);
	else
		kill(r->keeper, KEEPER_KILL_NOW);
	_await_exit(r);
}

/* Waits for the command to publish the listener (and the keeper its pid,
 * which it may store after the command ran this far) or fail. */
static int _await_child(struct run *r)
{
	struct timespec pause = { 0, 20000 };

	for (unsigned spins = 0;; spins++) {
		int st = atomic_load_explicit(&r->h->state, memory_order_acquire);

		if (st == H_FAILED || (st != H_INIT && atomic_load(&r->h->cmd_pid)))
			return st;
		if (atomic_load(&r->keeper_done))
			return H_FAILED;
		if (spins > 1000)
			nanosleep(&pause, NULL);
	}
}

static int _filter_error(struct run *r, struct unotify_error *err)
{
	int e = atomic_load(&r->h->err), stage = atomic_load(&r->h->stage);

	_await_exit(r);
	if (stage == S_NO_NEW_PRIVS)
		return err_set(err, e, NULL, "cannot set no_new_privs: %s", strerror(e));
	if (stage == S_LOCK)
		return err_set(err, e, NULL,
			       "cannot apply the lock layer (Landlock): %s; "
			       "--no-lock-layer runs without it",
			       strerror(e));
	if (e == EBUSY)
		return err_set(err, EBUSY, NULL,
			       "cannot create a seccomp listener: another supervisor already "
			       "listens (nested unotify, or a container with a seccomp agent)");
	if (e == EACCES)
		return err_set(
			err, EACCES, NULL,
			"cannot install the filter without no_new_privs: that needs CAP_SYS_ADMIN");
	if (e == 0)
		return err_set(err, ECHILD, NULL, "the child died before installing the filter");
	return err_set(err, e, NULL, "cannot install the seccomp filter: %s", strerror(e));
}

/* Takes the listener from the command and lets it exec. */
static int _take_listener(struct run *r, struct unotify_error *err)
{
	_cleanup_close_ int cmd = (int)syscall(SYS_pidfd_open, atomic_load(&r->h->cmd_pid), 0);

	if (cmd >= 0)
		r->listener = (int)syscall(SYS_pidfd_getfd, cmd, atomic_load(&r->h->fd), 0);
	if (cmd < 0 || r->listener < 0) {
		int e = errno;

		_kill_tree(r);
		return err_set(err, e, NULL, "cannot take the listener from the command: %s",
			       strerror(e));
	}
	if (!(r->opts->flags & UNOTIFY_F_NO_SYNC_WAKEUP))
		kernel_set_sync_wakeup(r->listener); /* absent before Linux 6.6: fine */
	/* Holding the listener, unotify must be out of reach of a target of
	 * the same uid: no ptrace, pidfd_getfd, process_vm_readv or
	 * /proc/PID/fd of it.  The child stays dumpable: it was forked
	 * before, and exec sets its own. */
	r->was_dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	atomic_store_explicit(&r->h->state, H_GO, memory_order_release);
	return 0;
}

/* Reaps the keeper once it exited: the tree is gone.  Only the keeper:
 * the caller's other children are its own.  Async-signal-safe. */
static void _reap(struct run *r)
{
	int status;

	if (r->keeper > 0 && waitpid(r->keeper, &status, WNOHANG) == r->keeper) {
		atomic_store(&r->keeper_done, 1);
		atomic_store(&r->all_gone, 1);
	}
}

/* SIGCHLD reaps.  The other signals, when sent with kill(2) or the like
 * (si_code <= 0: a CI job cancelled), go to the keeper, which forwards
 * them to the whole tree and kills what is left after the grace period;
 * a terminal's (SI_KERNEL) already reached the foreground process group,
 * as it would without unotify. */
static void _on_signal(int sig, siginfo_t *si, void *uc)
{
	struct run *r = atomic_load(&active_run);
	int saved = errno;

	(void)uc;
	if (!r)
		return;
	if (sig == SIGCHLD)
		_reap(r);
	else if (si->si_code <= 0 && !atomic_load(&r->keeper_done) && r->pidfd >= 0)
		syscall(SYS_pidfd_send_signal, r->pidfd, sig, NULL, 0);
	errno = saved;
}

static int _check_ready(const struct unotify_policy *p, struct unotify_error *err)
{
	const struct kernel_features *f = kernel_probe();

	if (!p->compiled)
		return err_set(err, EINVAL, NULL, "policy not compiled");
	if (!f->user_notif)
		return err_set(err, ENOSYS, NULL,
			       "the kernel lacks seccomp user notification (Linux 5.0)");
	if (!f->pidfd_getfd)
		return err_set(err, ENOSYS, NULL, "the kernel lacks pidfd_getfd (Linux 5.6)");
	return 0;
}

/* The listener failed (not ended by a `stop` or by its tasks' end):
 * the tree must not run on unsupervised. */
static void _on_end(void *ctx, int id, int why, int error)
{
	struct run *r = ctx;

	(void)id;
	if (why == UNOTIFY_END_FAILED) {
		r->failed = error;
		unotify_server_stop(r->srv);
	}
}

/* Serves the listener until the whole tree is gone.  A `stop` rule ends
 * the listener (the server closes it: later supervised calls fail with
 * ENOSYS) but not the wait. */
static int _serve(struct run *r, struct unotify_error *err)
{
	struct unotify_server_options so;
	int fd = r->listener, ret;

	if (!r->p->supervised) { /* no listener: nothing to serve */
		_await_exit(r);
		return 0;
	}
	unotify_server_options_init(&so);
	so.on_end = _on_end;
	so.ctx = r;
	r->listener = -1; /* the server's now */
	ret = unotify_server_new(&r->srv, &so, err);
	if (ret < 0) {
		close(fd);
		_kill_tree(r);
		return ret;
	}
	ret = unotify_server_add(r->srv, r->p, fd, NULL, r->opts, err);
	while (ret > 0 && !atomic_load(&r->all_gone) && !r->failed)
		ret = server_run_until(r->srv, &r->all_gone, &r->sigs) < 0 ? -1 : 1;
	unotify_server_free(r->srv);
	r->srv = NULL;
	if (ret < 0 || r->failed) {
		_kill_tree(r);
		if (r->failed)
			return err_set(err, -r->failed, NULL, "supervisor: %s", strerror(-r->failed));
		return ret == -1 ? err_set(err, EIO, NULL, "supervisor: the event loop failed") : ret;
	}
	return 0;
}

static int _exit_status(struct run *r, char *const argv[], int *exit_status,
			struct unotify_error *err)
{
	int st = atomic_load(&r->h->cmd_status);

	if (!atomic_load(&r->h->cmd_done))
		return err_set(err, ECHILD, NULL, "the command's keeper died before the command");
	if (atomic_load(&r->h->exec_failed)) {
		int e = atomic_load(&r->h->err);

		*exit_status = e == ENOENT ? 127 : 126;
		err_set(err, e, NULL, "%s: %s", argv[0], strerror(e));
		return 0;
	}
	*exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 125;
	return 0;
}

/* Installs the handlers (SA_RESTART: a blocked RECV is restarted, and
 * still ends by itself when the filter loses its last task) and lets the
 * signals in.  Undone by _signals_restore. */
static void _signals_install(struct run *r)
{
	struct sigaction sa = { .sa_sigaction = _on_signal, .sa_flags = SA_SIGINFO | SA_RESTART };

	sigemptyset(&r->sigs);
	for (int i = 0; i < NSIG_RUN; i++)
		sigaddset(&r->sigs, run_signals[i]);
	sa.sa_mask = r->sigs;
	atomic_store(&active_run, r);
	for (int i = 0; i < NSIG_RUN; i++)
		sigaction(run_signals[i], &sa, &r->oldact[i]);
	pthread_sigmask(SIG_UNBLOCK, &r->sigs, &r->oldmask);
}

static void _signals_restore(struct run *r)
{
	pthread_sigmask(SIG_BLOCK, &r->sigs, NULL);
	for (int i = 0; i < NSIG_RUN; i++)
		sigaction(run_signals[i], &r->oldact[i], NULL);
	atomic_store(&active_run, NULL);
	pthread_sigmask(SIG_SETMASK, &r->oldmask, NULL);
}

/* unotify's own pid and process group for the filter's implicit rules
 * (the keeper's pid is known only in the command), and the lock layer
 * where the policy has a supervisor to protect and the kernel has
 * Landlock's signal scope (6.12).  Without it, the filter also refuses
 * group and broadcast signals. */
static int _prepare(struct run *r, struct unotify_error *err)
{
	bool signals;

	r->rt = (struct rt_values){ .known = true, .pid = getpid(), .pgid = getpgrp() };
	r->lock = llplace_ruleset(r->p, !(r->opts->flags & UNOTIFY_F_NO_LOCK_LAYER),
				  (r->opts->flags & UNOTIFY_F_SCOPE_ABSTRACT_UNIX) ||
					  r->p->scope_abstract,
				  &signals);
	if (r->lock == -ENODATA) {
		r->lock = -1;
		return 0;
	}
	if (r->lock == -EOPNOTSUPP &&
	    ((r->opts->flags & UNOTIFY_F_SCOPE_ABSTRACT_UNIX) || r->p->scope_abstract))
		return err_set(err, EOPNOTSUPP, NULL,
			       "--scope-abstract-unix needs Landlock's scopes (ABI 6, Linux 6.12); "
			       "this kernel has ABI %d",
			       landlock_abi());
	if (r->lock < 0)
		return err_set(err, -r->lock, NULL, "cannot create the Landlock layer: %s",
			       strerror(-r->lock));
	r->rt.locked = signals;
	return 0;
}

/* Forks the keeper, which forks the command, and takes the listener. */
static int _start(struct run *r, struct unotify_error *err)
{
	const struct keeper k = {
		.supervisor = getpid(),
		.grace_ms = r->opts->grace_ms,
		.end_with_command = r->opts->flags & UNOTIFY_F_END_WITH_COMMAND,
		.keeper_pid = &r->h->keeper_pid,
		.cmd_pid = &r->h->cmd_pid,
		.cmd_status = &r->h->cmd_status,
		.cmd_done = &r->h->cmd_done,
	};

	_signals_install(r);
	/* SIGCHLD waits until r->keeper is known, or the handler could miss it. */
	pthread_sigmask(SIG_BLOCK, &r->sigs, NULL);
	r->keeper = fork();
	if (r->keeper == 0)
		keeper_run(&k, _command, r);
	pthread_sigmask(SIG_UNBLOCK, &r->sigs, NULL);
	if (r->keeper < 0)
		return err_set(err, errno, NULL, "fork: %s", strerror(errno));
	r->pidfd = (int)syscall(SYS_pidfd_open, r->keeper, 0);
	if (_await_child(r) != H_PUBLISHED)
		return _filter_error(r, err);
	return r->p->supervised ? _take_listener(r, err) : 0;
}

API int unotify_run(const struct unotify_policy *p, char *const argv[],
		    const struct unotify_options *opts, int *exit_status, struct unotify_error *err)
{
	struct unotify_options dflt;
	char path[PATH_MAX];
	struct run r = {
		.p = p, .pidfd = -1, .listener = -1, .lock = -1, .was_dumpable = -1, .path = path
	};
	int ret;

	err_clear(err);
	ret = _check_ready(p, err);
	if (ret < 0)
		return ret;
	if (!opts) {
		unotify_options_init(&dflt);
		opts = &dflt;
	}
	r.opts = opts;
	r.argv = argv;
	ret = _find_command(argv[0], path, sizeof(path));
	if (ret < 0) {
		*exit_status = ret == -ENOENT ? 127 : 126;
		err_set(err, -ret, NULL, "%s: %s", argv[0],
			ret == -ENOENT ? "command not found" : strerror(-ret));
		return 0;
	}
	r.h = mmap(NULL, sizeof(*r.h), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r.h == MAP_FAILED)
		return err_set(err, errno, NULL, "mmap: %s", strerror(errno));
	ret = _prepare(&r, err);
	if (ret == 0)
		ret = _start(&r, err);
	if (ret == 0)
		ret = _serve(&r, err);
	if (ret == 0)
		ret = _exit_status(&r, argv, exit_status, err);
	if (atomic_load(&active_run) == &r)
		_signals_restore(&r);
	_cleanup_close_fn(&r.listener);
	_cleanup_close_fn(&r.pidfd);
	_cleanup_close_fn(&r.lock);
	if (r.was_dumpable >= 0) /* the listener is closed: nothing left to take */
		prctl(PR_SET_DUMPABLE, r.was_dumpable, 0, 0, 0);
	munmap(r.h, sizeof(*r.h));
	return ret;
}
