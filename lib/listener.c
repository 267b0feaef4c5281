/* listener: one listener's state (see listener.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "kernel.h"
#include "listener.h"

/* A pool grows past its size only while calls block; this is how far. */
#define MAX_WORKERS_MIN 64

uint64_t listener_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool _timed(const struct unotify_policy *p, const struct unotify_options *o)
{
	bool timed = (o->flags & UNOTIFY_F_VERBOSE) || o->log_fd >= 0;

	for (size_t i = 0; i < p->nrules; i++)
		timed |= p->rules[i]->log || p->rules[i]->delay_ms;
	return timed;
}

static unsigned _cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}

int listener_new(const struct unotify_policy *p, int fd, const char *name,
		 const struct unotify_options *opts, int kick_fd, struct listener **out)
{
	struct listener *l = calloc(1, sizeof(*l));
	pthread_condattr_t ca;
	int ret;

	*out = NULL;
	if (!l) {
		close(fd);
		return -ENOMEM;
	}
	l->fd = fd;
	l->kick_fd = kick_fd;
	l->p = p;
	l->opts = *opts;
	/* (the clock file systems stamp inodes with: a socket made after
	 * this is born at this tick or later) */
	clock_gettime(CLOCK_REALTIME_COARSE, &l->started);
	if (p->scope_abstract) /* `scope abstract-unix` in the policy */
		l->opts.flags |= UNOTIFY_F_SCOPE_ABSTRACT_UNIX;
	snprintf(l->name, sizeof(l->name), "%s", name ? name : "");
	l->timed = _timed(p, opts);
	l->workers = opts->workers ? opts->workers : _cpus();
	l->max_workers = l->workers * 4 > MAX_WORKERS_MIN ? l->workers * 4 : MAX_WORKERS_MIN;
	l->world.root = -1;
	for (size_t i = 0; i < p->nsys; i++)
		if (p->sys[i]->watch)
			l->restrict_self = p->sys[i];
	atomic_init(&l->state, L_SERVING);
	atomic_init(&l->exec_seen, false);
	atomic_init(&l->receivers, 1);
	atomic_init(&l->in_recv, 0);
	pthread_mutex_init(&l->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* deadlines are monotonic */
	pthread_cond_init(&l->cond, &ca);
	pthread_cond_init(&l->follow, &ca);
	pthread_condattr_destroy(&ca);
	/* The world paths are named in: this thread's root, as it is now,
	 * or the caller's (a container's root). */
	ret = world_open(&l->world, opts->flags & UNOTIFY_F_ROOT_FD ? opts->root_fd : -1);
	if (ret < 0) {
		listener_free(l);
		return ret;
	}
	if (!(opts->flags & UNOTIFY_F_NO_SYNC_WAKEUP))
		kernel_set_sync_wakeup(fd); /* absent before Linux 6.6: fine */
	*out = l;
	return 0;
}

void listener_free(struct listener *l)
{
	if (!l)
		return;
	_cleanup_close_fn(&l->fd);
	world_close(&l->world);
	pthread_cond_destroy(&l->cond);
	pthread_cond_destroy(&l->follow);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

bool listener_end(struct listener *l, enum listener_state why)
{
	int serving = L_SERVING;
	uint64_t one = 1;

	if (!atomic_compare_exchange_strong(&l->state, &serving, (int)why))
		return false;
	pthread_mutex_lock(&l->lock);
	pthread_cond_broadcast(&l->cond);
	pthread_cond_broadcast(&l->follow);
	pthread_mutex_unlock(&l->lock);
	if (write(l->kick_fd, &one, sizeof(one)) < 0) {
		/* The counter is full: the server is being told already. */
	}
	return true;
}

bool listener_wait(struct listener *l, uint64_t deadline_ns, unsigned poll_ms)
{
	uint64_t now = listener_now_ns(), until;
	struct timespec ts;

	if (now >= deadline_ns || listener_state(l) != L_SERVING)
		return true;
	until = deadline_ns - now > (uint64_t)poll_ms * 1000000u ? now + (uint64_t)poll_ms * 1000000u
								 : deadline_ns;
	ts.tv_sec = (time_t)(until / 1000000000u);
	ts.tv_nsec = (long)(until % 1000000000u);
	pthread_mutex_lock(&l->lock);
	if (listener_state(l) == L_SERVING)
		pthread_cond_timedwait(&l->cond, &l->lock, &ts);
	pthread_mutex_unlock(&l->lock);
	return listener_now_ns() >= deadline_ns || listener_state(l) != L_SERVING;
}
