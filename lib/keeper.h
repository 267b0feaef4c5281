/* keeper: the process between unotify and the command, which keeps the
 * supervised tree together.
 *
 * It is the tree's subreaper, so every descendant stays below it however
 * it forks or calls setsid(); it ends the tree on request (a signal
 * forwarded by unotify: the signal to every process, then SIGKILL after a
 * grace period, as timeout -k does), when the command exits if asked, and
 * when unotify dies: the tree is then killed, since it could no longer be
 * supervised.  It forks before the command restricts itself, so the lock
 * layer keeps the command from signalling it. */
#ifndef UNOTIFY_KEEPER_H
#define UNOTIFY_KEEPER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include <sys/types.h>

/* What unotify asks of its keeper: SIGUSR1 ends the tree at once (the
 * supervisor failed); SIGINT, SIGTERM, SIGHUP, SIGQUIT are forwarded to
 * the whole tree, and SIGKILL follows after the grace period. */
#define KEEPER_KILL_NOW SIGUSR1

struct keeper {
	pid_t supervisor;
	unsigned grace_ms;
	bool end_with_command; /* end the rest of the tree when the command exits */
	/* shared with the supervisor and the command (a MAP_SHARED page): */
	atomic_int *keeper_pid, *cmd_pid, *cmd_status, *cmd_done;
};

/* In the keeper, just forked: makes itself undumpable, forks the command,
 * which runs CHILD(ARG) and never returns, then keeps the tree until none
 * of it is left, and exits.  Never returns. */
noreturn void keeper_run(const struct keeper *k, void (*child)(void *arg), void *arg);

/* Sends SIG to every descendant of ROOT (ROOT excluded).  Returns how
 * many were signalled. */
int keeper_signal_tree(pid_t root, int sig);

#endif
