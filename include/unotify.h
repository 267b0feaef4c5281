/* unotify.h - run a program under a policy of system-call rules.
 *
 * The only public header of libunotify.  A policy is text in unotify's rule
 * language (see docs/rules.md).  It is loaded, compiled into a seccomp BPF
 * filter plus a table of rules for a supervisor in user space, and then used
 * to launch and supervise a command.
 *
 * Errors: every function that can fail returns 0 on success or a negative
 * errno value, and, where an error struct is passed, fills it with a message
 * (and, for policy errors, the place: "file:line:col").  Nothing here prints
 * or exits.
 *
 * Threads: a policy is built by one thread; once compiled it is read-only and
 * may be shared by any number of listeners and threads.  unotify_run(),
 * unotify_serve() and unotify_server_run() serve with worker threads of
 * their own (see "Servers" below); the calling thread runs the event loop.
 */
#ifndef UNOTIFY_H
#define UNOTIFY_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UNOTIFY_VERSION "0.1.0"

/* Filled in by the functions that take one.  code is a positive errno value
 * (EINVAL for a bad policy), where is "file:line:col" or "", message is a
 * readable sentence without a trailing newline. */
struct unotify_error {
	int code;
	char where[256];
	char message[512];
};

struct unotify_policy;

/* Returns 0 or -ENOMEM.  The caller owns *policy. */
int unotify_policy_new(struct unotify_policy **policy);
void unotify_policy_free(struct unotify_policy *policy);

/* The three calls below append rules.  One that fails appends nothing,
 * sets *err, and leaves the policy as it was before the call: usable, so
 * that another file may be tried and the policy then compiled.
 *
 * `include FILE` lines in the rules read FILE there (relative to the
 * including file's directory); ${NAME} in a path pattern is replaced from
 * the environment when the rules are parsed.
 *
 * Parses the rules in the file PATH and appends them.  Returns 0, -EINVAL
 * for a syntax or meaning error, or the -errno of opening/reading PATH. */
int unotify_policy_add_file(struct unotify_policy *policy, const char *path,
			    struct unotify_error *err);

/* Parses TEXT, which may hold several lines, under the name ORIGIN (used in
 * diagnostics as ORIGIN:line:col) and appends its rules. */
int unotify_policy_add_text(struct unotify_policy *policy, const char *origin, const char *text,
			    struct unotify_error *err);

/* As unotify_policy_add_text(), for rules imported from another format
 * (an OCI seccomp profile, `unotify import`): they decide as any rule, but
 * never count as the user's own choice where unotify's implicit rules
 * defer to one (an allowed io_uring_setup or io_setup does not lift the
 * refusal of io_uring or Linux AIO). */
int unotify_policy_add_foreign(struct unotify_policy *policy, const char *origin,
			       const char *text, struct unotify_error *err);

/* Appends one rule given inline, as `unotify run -e` does.  The rules are
 * numbered from 1 and named "-e:N" in diagnostics. */
int unotify_policy_add_rule(struct unotify_policy *policy, const char *rule,
			    struct unotify_error *err);

/* Policy flags, for unotify_policy_set_flags(). */
enum {
	/* Let the command push input into its terminal with ioctl TIOCSTI or
	 * TIOCLINUX.  By default every policy refuses them (EPERM): a shell
	 * would run that input after the sandbox ended. */
	UNOTIFY_P_ALLOW_TIOCSTI = 1u << 0,
	/* Decide no rule in Landlock: everything Landlock could decide goes
	 * to the supervisor (--landlock=off).  By default (auto), a rule set
	 * Landlock gives exactly the same result for is placed there, on
	 * what the running kernel supports; anything else stays where it was. */
	UNOTIFY_P_LANDLOCK_OFF = 1u << 1,
	/* Fail to compile when a rule set on calls Landlock stands for cannot
	 * be placed there (--landlock=require). */
	UNOTIFY_P_LANDLOCK_REQUIRE = 1u << 2,
	/* Refusals the filter would decide (a rule's `errno`, `deny`) are
	 * answered by the supervisor instead, with the same answer, so that
	 * -v lines and audit records show them (`unotify run -v`, `--log`).
	 * A `kill` stays in the filter (its SIGSYS, exit status 159, cannot
	 * be sent uncatchably from outside), and so do rules placed in
	 * Landlock. */
	UNOTIFY_P_SHOW_REFUSALS = 1u << 3,
	/* The policy serves a listener whose filter it did not make: a
	 * container's, from `unotify export` (SCMP_ACT_NOTIFY for every call
	 * with a rule the filter could not decide alone).  The supervisor
	 * decides every rule of a call it receives, the filter's too, and
	 * nothing is placed in Landlock (a container gets no domain).  Until
	 * the first execve or execveat it receives, the calls of a container
	 * init alone in its pid namespace and traced by no one are let run:
	 * runc's own init's, before the container's program (export sends
	 * those two to the agent with any other). */
	UNOTIFY_P_AGENT = 1u << 4,
};

/* Sets FLAGS (UNOTIFY_P_*) on a policy not yet compiled.  Returns 0, or
 * -EINVAL for an unknown flag or a compiled policy. */
int unotify_policy_set_flags(struct unotify_policy *policy, unsigned int flags);

/* Checks the whole policy and compiles it.  Must be called once, after the
 * last add, before the policy is used.  Returns 0 or -EINVAL with err set.
 * After an error the policy cannot be used. */
int unotify_policy_compile(struct unotify_policy *policy, struct unotify_error *err);

/* Option flags. */
enum {
	/* Do not use SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: a signal may
	 * interrupt a call while the supervisor handles it. */
	UNOTIFY_F_INTERRUPTIBLE = 1u << 0,
	/* Do not ask for synchronous wake-ups (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP). */
	UNOTIFY_F_NO_SYNC_WAKEUP = 1u << 1,
	/* Install the filter without PR_SET_NO_NEW_PRIVS.  Needs CAP_SYS_ADMIN. */
	UNOTIFY_F_NO_NEW_PRIVS_OFF = 1u << 2,
	/* Write a readable line for every supervised call to verbose_fd. */
	UNOTIFY_F_VERBOSE = 1u << 3,
	/* unotify_run: no lock layer.  By default, where the policy has
	 * supervisor rules and the kernel has Landlock's signal scope (Linux
	 * 6.12), the command runs in a Landlock domain that handles no file
	 * or network right and keeps it from signalling, tracing or reading
	 * unotify (and any process outside the sandbox). */
	UNOTIFY_F_NO_LOCK_LAYER = 1u << 4,
	/* unotify_run: when the command exits, end every descendant still
	 * running (SIGTERM, then SIGKILL after grace_ms), rather than wait. */
	UNOTIFY_F_END_WITH_COMMAND = 1u << 5,
	/* Also keep the command from connecting to abstract UNIX sockets
	 * outside its sandbox (Landlock's scope, Linux 6.12; an error
	 * without it).  Off by default: X11 and D-Bus use them. */
	UNOTIFY_F_SCOPE_ABSTRACT_UNIX = 1u << 6,
	/* With UNOTIFY_F_VERBOSE: lines as `unotify trace` prints them,
	 * "[pid TID] call(args) = result" (`?` where the kernel ran the
	 * call after the report), a relative path's object beside it. */
	UNOTIFY_F_TRACE_LINES = 1u << 7,
	/* The listener's paths are named in the world of root_fd (an O_PATH
	 * or directory fd, dup'ed): a container's root, for an agent.
	 * Without it, the calling thread's root as it is when served. */
	UNOTIFY_F_ROOT_FD = 1u << 8,
};

struct unotify_options {
	unsigned int flags;
	int verbose_fd;	   /* readable lines (-v, and `log` rules); -1: stderr */
	int log_fd;	   /* JSON Lines audit records; -1: none */
	unsigned grace_ms; /* unotify_run: SIGKILL this long after ending the tree */
	unsigned workers;  /* threads waiting for the listener's calls; 0: one per
			    * CPU.  More are started while calls block. */
	int root_fd;	   /* with UNOTIFY_F_ROOT_FD: see there */
};

/* Initialises OPTS to the defaults: no flags, lines to stderr, no JSON,
 * a grace period of 5 seconds, one worker per CPU. */
void unotify_options_init(struct unotify_options *opts);

/* Runs ARGV (argv[0] is searched in PATH when it has no '/') under the
 * compiled POLICY, supervises it and every descendant until all have
 * exited, and stores in *exit_status what a shell would report: the
 * command's exit code, 128+N when it died of signal N, 127 when it was not
 * found and 126 when it could not be executed (err is then set too).
 * The command runs below a keeper process, the subreaper of its whole
 * tree (setsid() included).  SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to
 * the caller with kill(2) while this runs go to every process of the
 * tree, and whatever is left gets SIGKILL after opts->grace_ms.  If the
 * caller dies, the keeper kills the tree.  The caller handles SIGCHLD
 * while this runs and reaps only the keeper.  The process is undumpable
 * while it holds the listener.
 * Returns 0 when *exit_status is valid, or a negative errno when unotify
 * itself failed (-EBUSY: another supervisor already listens; -ENOSYS: the
 * kernel lacks a feature unotify needs). */
int unotify_run(const struct unotify_policy *policy, char *const argv[],
		const struct unotify_options *opts, int *exit_status, struct unotify_error *err);

/* Installs POLICY's filter on the calling thread (with PR_SET_NO_NEW_PRIVS
 * unless UNOTIFY_F_NO_NEW_PRIVS_OFF is in FLAGS; with
 * SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV unless UNOTIFY_F_INTERRUPTIBLE or
 * the kernel lacks it) and returns the new listener fd (O_CLOEXEC), or a
 * negative errno (-EBUSY: another supervisor already listens).
 * Where the policy has supervisor rules and the kernel has Landlock's
 * signal scope (6.12), the thread first enters the lock layer (unless
 * UNOTIFY_F_NO_LOCK_LAYER): from then on it cannot signal, trace or read
 * any process outside its domain, the supervising one included.  Where
 * the policy's rules are decided by Landlock (or bounded by it), the same
 * domain holds them; the filter then lets those calls through, so the
 * install fails rather than go on without the domain.  Before Landlock
 * ABI 8 a domain binds the calling thread only (and what it starts
 * later): install before any other thread or io_uring ring exists.  unotify's implicit rules that name the supervisor's own pid
 * match nothing here: that pid is not known.
 * From the moment it returns, the thread's own system calls go through the
 * policy: a call the policy sends to the supervisor blocks until someone
 * serves the listener.  Hand the fd to the supervising process (for
 * example over a UNIX socket with SCM_RIGHTS) with calls the policy lets
 * through.  unotify_run() does all this for a command. */
int unotify_policy_install(const struct unotify_policy *policy, unsigned int flags);

/* Serves the seccomp listener LISTENER, whose filter was built from POLICY,
 * until no task uses the filter any more (returns 0) or a `stop` rule
 * matched (returns 1: close LISTENER so that later supervised calls fail
 * with ENOSYS).  Paths are named as the calling thread's root names them
 * when this starts.  Makes the process undumpable (PR_SET_DUMPABLE 0): a
 * target of the same uid must not take LISTENER from it; it stays so.  Does not close LISTENER.  Returns a negative errno on
 * failure.  Before Linux 6.11 a task keeps the filter until it is reaped:
 * reap your exited children (SIGCHLD) while this runs, or it will not see
 * the filter lose its last task. */
int unotify_serve(const struct unotify_policy *policy, int listener,
		  const struct unotify_options *opts, struct unotify_error *err);

/* Servers: one process serving many listeners, each with its own policy,
 * options and audit identity (a seccomp agent serves every container of a
 * host so).
 *
 * Each listener has a pool of worker threads that block in RECV on it and
 * serve its calls; opts->workers of them wait when all is quiet, and more
 * are started while calls block (up to 4 times as many, at least 64), so
 * that no call, however slow, holds up the others.  The thread that calls
 * unotify_server_run() runs the event loop: it notices a listener whose
 * tasks are all gone (or that a `stop` rule ended), lets its workers go,
 * closes it and frees it, while the others go on.
 *
 * Signals: workers block every signal but the server's wake signal
 * (SIGRTMIN+4 unless told otherwise), with which the loop interrupts a
 * worker's RECV.  The server installs an empty handler for it while any
 * server exists; the process must not use that signal for anything else.
 * Other signals reach the application's own threads only.
 *
 * Ownership: the server takes each listener fd it is given and closes it
 * when the listener ends.  A policy must outlive the listeners that use
 * it.  unotify_server_add(), unotify_server_remove() and
 * unotify_server_stop() may be called from any thread, also while
 * unotify_server_run() runs; unotify_server_stop() also from a signal
 * handler.  unotify_server_free() must not race with any other call. */
struct unotify_server;

/* Why a listener ended, for on_end. */
enum {
	UNOTIFY_END_GONE = 1,	 /* no task uses its filter any more */
	UNOTIFY_END_STOPPED = 2, /* a `stop` rule matched */
	UNOTIFY_END_REMOVED = 3, /* unotify_server_remove(), or the server ended */
	UNOTIFY_END_FAILED = 4,	 /* the listener failed: error says why */
};

/* Server flags. */
enum {
	/* unotify_server_run() returns once no listener is left. */
	UNOTIFY_S_EXIT_WHEN_EMPTY = 1u << 0,
};

struct unotify_server_options {
	unsigned int flags; /* UNOTIFY_S_* */
	int wake_signal;    /* 0: SIGRTMIN+4 */
	/* Called on the thread of unotify_server_run() (or of
	 * unotify_server_free()) once listener ID has ended and is closed:
	 * WHY is UNOTIFY_END_*, ERROR a negative errno for
	 * UNOTIFY_END_FAILED, else 0.  May be NULL. */
	void (*on_end)(void *ctx, int id, int why, int error);
	void *ctx;
};

/* Initialises OPTS to the defaults: no flags, SIGRTMIN+4, no callback. */
void unotify_server_options_init(struct unotify_server_options *opts);

/* A new server (OPTS NULL: the defaults).  0, -EINVAL (a bad wake signal),
 * -ENOSYS (no seccomp user notification) or -errno; *SERVER is then NULL. */
int unotify_server_new(struct unotify_server **server, const struct unotify_server_options *opts,
		       struct unotify_error *err);

/* Serves LISTENER, whose filter was built from the compiled POLICY, with
 * OPTS (copied; NULL: the defaults) under the name NAME (copied; shown in
 * every audit record; NULL for none).  The server takes LISTENER, also on
 * failure.  Paths are named as the calling thread's root names them now
 * (with UNOTIFY_F_ROOT_FD in OPTS, in the world of that root).
 * Returns the listener's id (> 0) or a negative errno. */
int unotify_server_add(struct unotify_server *server, const struct unotify_policy *policy,
		       int listener, const char *name, const struct unotify_options *opts,
		       struct unotify_error *err);

/* Ends listener ID: its workers finish the calls they serve, later calls
 * fail with ENOSYS.  0 or -ENOENT (no such listener, or it ended). */
int unotify_server_remove(struct unotify_server *server, int id);

/* Runs the event loop on the calling thread until unotify_server_stop()
 * (or, with UNOTIFY_S_EXIT_WHEN_EMPTY, until no listener is left).  The
 * listeners are served meanwhile, and still after it returns, until
 * they end or the server is freed.  0 or a negative errno. */
int unotify_server_run(struct unotify_server *server, struct unotify_error *err);

/* Makes unotify_server_run() return.  Async-signal-safe. */
void unotify_server_stop(struct unotify_server *server);

/* Ends every listener, waits for every worker to leave, and frees the
 * server. */
void unotify_server_free(struct unotify_server *server);

#ifdef __cplusplus
}
#endif

#endif
