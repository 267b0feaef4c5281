/* supervise: the notification loop (see supervise.c). */
#ifndef UNOTIFY_SUPERVISE_H
#define UNOTIFY_SUPERVISE_H

#include <stdbool.h>

#include "policy.h"

#define SUP_HUP	    1 /* no task uses the filter any more */
#define SUP_STOPPED 2 /* a `stop` rule matched */

struct slot;

struct supervisor {
	const struct unotify_policy *p;
	const struct unotify_options *opts;
	int listener;
	struct slot *cur;     /* the notification being received */
	struct slot *pending; /* delayed answers */
	struct seccomp_notif *unused_req;
	struct seccomp_notif_resp *resp;
	bool stopped;
	void (*on_stop)(void *ctx); /* called once when a `stop` rule matched */
};

/* Called when the extra fd is readable: 0 to go on, 1 to end the loop, or
 * -errno. */
typedef int (*sup_extra_fn)(void *ctx);

/* Prepares SUP and unshares the calling thread's fs attributes.  0 or -errno. */
int sup_init(struct supervisor *sup, const struct unotify_policy *p, int listener,
	     const struct unotify_options *opts);
void sup_fini(struct supervisor *sup);

/* Serves until the listener hangs up (and, with EXTRA, until EXTRA says
 * so).  Returns 0, SUP_STOPPED (only without EXTRA) or -errno. */
int sup_loop(struct supervisor *sup, int extra_fd, sup_extra_fn extra, void *ctx);

#endif
