/* server: the workers and the event loop that serve listeners (the public
 * unotify_server_* API, unotify_serve, and unotify_run's supervisor).
 *
 * Workers: each listener has its own pool.  A worker blocks in RECV on its
 * listener (the kernel hands each notification to one of them) and serves
 * the call itself, so that a call costs one RECV and one SEND and no
 * hand-over between threads.  A pool starts with opts.workers workers (one
 * per CPU by default).  When a worker takes a call and none is left
 * waiting, it starts another (up to max_workers): a slow or stuck call (a
 * delay, a page of a FUSE file, a FIFO) never holds up the others.  A
 * worker beyond the pool's size leaves once two others wait.  Each worker
 * has its own filesystem attributes (unshare(CLONE_FS)), credentials and
 * umask, taken on and given back around each act.
 *
 * Event loop: the thread that calls server_run waits in epoll on every
 * listener (for its hang-up: no task uses the filter any more) and on an
 * eventfd (a listener ended, or stop).  It wakes an ended listener's
 * workers with the wake signal (RECV can only be interrupted by a signal),
 * and frees the listener once the last has left, while the others go on. */
#ifndef UNOTIFY_SERVER_H
#define UNOTIFY_SERVER_H

#include <signal.h>
#include <stdatomic.h>

#include "unotify.h"

/* Serves until unotify_server_stop, until *DONE (when DONE is not NULL:
 * SIGS are the signals that set it, let in only while the loop waits), or,
 * with UNOTIFY_S_EXIT_WHEN_EMPTY, until no listener is left.  0 or -errno. */
int server_run_until(struct unotify_server *srv, const atomic_int *done, const sigset_t *sigs);

#endif
