/* listener: one seccomp listener's state while a server serves it (see
 * server.h for the workers and the event loop that drive it).
 *
 * A listener has its own policy, options, audit identity and reference
 * world.  Its workers block in RECV on it; it lives until its tasks are
 * gone, a `stop` rule matched, or the server ends it, and is freed once
 * its last worker has left.
 *
 * Threads: everything set by listener_new is read-only afterwards.  The
 * state and the receiver counts are atomic; the worker list and counts
 * are under lock; delayed calls wait on cond, idle workers on follow. */
#ifndef UNOTIFY_LISTENER_H
#define UNOTIFY_LISTENER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "policy.h"
#include "world.h"

enum listener_state {
	L_SERVING,
	L_STOPPED, /* a `stop` rule matched: later calls fail with ENOSYS */
	L_GONE,	   /* no task uses the filter any more */
	L_ENDED,   /* the server ends it (removed, freed, or failed) */
};

struct worker;

struct listener {
	struct listener *next; /* in the server's list (the server's lock) */
	int kick_fd;	       /* the server's eventfd: told when L ends */
	int id;
	int fd;
	const struct unotify_policy *p;
	struct unotify_options opts;
	struct timespec started; /* CLOCK_REALTIME_COARSE when made: made=before */
	char name[64]; /* audit identity; "" for none */
	struct world world;
	bool timed;	  /* records or delays need each call's arrival time */
	unsigned workers; /* how many may serve at once, stuck calls aside */
	unsigned max_workers;
	int error; /* why it ended with L_ENDED, as a -errno, or 0 */
	const struct sysent *restrict_self; /* landlock_restrict_self's, or NULL */
	/* The event loop's own: */
	bool unwatched;	   /* out of epoll (it hung up) */
	uint64_t woken_ns; /* when its workers were last signalled */
	unsigned quiet;	   /* ticks in a row with receivers to spare */
	unsigned starved;  /* ticks in a row with calls waiting for a receiver */
	unsigned unmanned; /* ticks in a row with no worker receiving or deciding */

	atomic_int state;     /* enum listener_state */
	atomic_int receivers; /* how many workers may be in RECV at once */
	atomic_int in_recv;   /* how many are */
	atomic_bool landlocked; /* a target entered a Landlock domain of its own:
				 * nothing is emulated from then on */
	atomic_bool exec_seen;	/* an agent's: the container's first execve came
				 * (dispatch.c: runc's own calls before it) */
	atomic_uint blocked;	/* workers in an emulated call that may block (a
				 * FIFO's open): not counted against max_workers */

	pthread_mutex_t lock;
	pthread_cond_t cond;   /* delayed calls wait here; an end wakes them */
	pthread_cond_t follow; /* workers without a turn to receive wait here */
	unsigned live;	       /* running workers (lock) */
	unsigned followers;    /* of them, waiting on follow (lock) */
	bool called;	       /* the loop wants one more receiver (lock) */
	struct worker *wlist;  /* (lock) */
};

/* A new listener for FD (taken: closed by listener_free), served under
 * POLICY with OPTS (copied) and NAME (copied; NULL for none), naming paths
 * as the calling thread's root names them now; KICK_FD (an eventfd) is
 * written when it ends.  0 or -errno. */
int listener_new(const struct unotify_policy *policy, int fd, const char *name,
		 const struct unotify_options *opts, int kick_fd, struct listener **out);
void listener_free(struct listener *l);

static inline enum listener_state listener_state(struct listener *l)
{
	return (enum listener_state)atomic_load(&l->state);
}

/* Ends L's service for WHY (L_STOPPED, L_GONE, L_ENDED) unless it already
 * ended; wakes delayed calls and tells the server, which wakes the
 * workers and frees L once they have left.  True if this call ended it. */
bool listener_end(struct listener *l, enum listener_state why);

/* Waits until DEADLINE_NS (CLOCK_MONOTONIC) or until L ends, at most
 * POLL_MS at a time (so that the caller can check on its call).  Returns
 * true when the deadline passed or L ended. */
bool listener_wait(struct listener *l, uint64_t deadline_ns, unsigned poll_ms);

uint64_t listener_now_ns(void);

#endif
