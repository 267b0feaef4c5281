/* supervise: the notification loop (see supervise.c). */
#ifndef UNOTIFY_SUPERVISE_H
#define UNOTIFY_SUPERVISE_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "policy.h"
#include "world.h"

#define SUP_HUP	    1 /* no task uses the filter any more */
#define SUP_STOPPED 2 /* a `stop` rule matched */

struct slot;

struct supervisor {
	const struct unotify_policy *p;
	const struct unotify_options *opts;
	int listener;
	struct world world;   /* where the policy's paths are named */
	struct slot *cur;     /* the notification being received */
	struct slot *pending; /* delayed answers */
	struct seccomp_notif_resp *resp;
	bool stopped;
	bool blocking_recv; /* RECV wakes when the filter loses its users */
	bool timed;	    /* records or delays need each call's arrival time */

	/* Set by an owner that runs the tasks (unotify_run), else zero: */
	const atomic_int *done;	    /* nonzero once all the owner's tasks are gone */
	sigset_t sigs;		    /* the signals that change *done */
	void (*on_stop)(void *ctx); /* called once when a `stop` rule matched */
	void *ctx;
};

/* Prepares SUP and unshares the calling thread's fs attributes.  0 or -errno. */
int sup_init(struct supervisor *sup, const struct unotify_policy *p, int listener,
	     const struct unotify_options *opts);
void sup_fini(struct supervisor *sup);

/* Serves until the listener hangs up or a `stop` rule matched, and then,
 * with an owner (sup->done), until *done.  Returns 0, SUP_STOPPED (only
 * without an owner) or -errno. */
int sup_loop(struct supervisor *sup);

#endif
