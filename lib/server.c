/* server: workers and the event loop (see server.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cleanup.h"
#include "dispatch.h"
#include "error.h"
#include "kernel.h"
#include "listener.h"
#include "server.h"

/* How often the loop signals the workers of an ended listener again: one
 * may have been about to enter RECV when the first signal came. */
#define WAKE_RETRY_MS 10
/* How often the loop looks for calls waiting unreceived while calls are
 * served (_tick): the longest a slow call holds up another. */
#define TICK_MS 5
/* A worker that had nothing to do for this long leaves (one stays). */
#define FOLLOW_IDLE_S 10

#if defined(__SANITIZE_ADDRESS__)
#define WORKER_STACK (4u << 20)
#else
#define WORKER_STACK (512u << 10)
#endif

struct unotify_server {
	struct unotify_server_options o;
	int epfd, kick; /* kick: an eventfd, written when a listener ends or on stop */
	atomic_int stop;
	atomic_bool asleep; /* the loop waits without a tick: tell it of a call */
	pthread_mutex_t lock;
	struct listener *list; /* (lock) */
	int next_id;	       /* (lock) */
	sigset_t worker_mask;  /* all signals but the wake signal */
};

struct worker {
	pthread_t th;
	struct listener *l;
	struct unotify_server *srv;
	struct slot *slot;
	struct worker *next, **pprev; /* in l->wlist (l->lock) */
	atomic_uint seq;	      /* calls taken */
	_Atomic uint64_t id;	      /* the ID of the call it serves */
	atomic_bool busy;	      /* serving one */
	atomic_bool receiving;	      /* in RECV */
	unsigned seen;		      /* seq at the loop's last tick (l->lock) */
};

/* The wake signal's empty handler, installed while any server exists. */
static pthread_mutex_t handler_lock = PTHREAD_MUTEX_INITIALIZER;
static int handler_users;
static struct sigaction handler_old;

static void _on_wake(int sig)
{
	(void)sig;
}

static int _handler_get(int sig)
{
	struct sigaction sa = { .sa_handler = _on_wake }; /* no SA_RESTART: RECV returns EINTR */
	int ret = 0;

	sigemptyset(&sa.sa_mask);
	pthread_mutex_lock(&handler_lock);
	if (handler_users == 0 && sigaction(sig, &sa, &handler_old) < 0)
		ret = -errno;
	if (ret == 0)
		handler_users++;
	pthread_mutex_unlock(&handler_lock);
	return ret;
}

static void _handler_put(int sig)
{
	pthread_mutex_lock(&handler_lock);
	if (--handler_users == 0)
		sigaction(sig, &handler_old, NULL);
	pthread_mutex_unlock(&handler_lock);
}

static void _kick(int fd)
{
	uint64_t one = 1;

	if (write(fd, &one, sizeof(one)) < 0) {
		/* The counter is full: the loop is being told already. */
	}
}

/* True when no task uses L's filter any more (and no call waits). */
static bool _hung_up(const struct listener *l)
{
	struct pollfd pfd = { l->fd, POLLIN, 0 };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP) && !(pfd.revents & POLLIN);
}

static void _unlink(struct worker *w)
{
	*w->pprev = w->next;
	if (w->next)
		w->next->pprev = w->pprev;
}

static void _worker_free(struct worker *w)
{
	slot_free(w->slot);
	free(w);
}

/* W leaves its pool.  The last worker of an ended listener tells the
 * loop, which frees the listener: nothing of it is touched after that.
 * It tells it under the listener's lock, which the loop (and
 * unotify_server_free) take to see that no worker is left: the kick fd
 * is never written after they closed it (its number may be reused). */
static void _leave(struct worker *w)
{
	struct listener *l = w->l;

	pthread_mutex_lock(&l->lock);
	_unlink(w);
	if (--l->live == 0)
		_kick(l->kick_fd);
	pthread_mutex_unlock(&l->lock);
	_worker_free(w);
}

/* A turn to receive: at most l->receivers workers are in RECV at once.
 * Every worker in RECV is woken by every call (the kernel's wait there
 * is not exclusive), so one is best while calls come one at a time; the
 * loop allows more while calls wait unreceived (_tick). */
static bool _take_turn(struct listener *l)
{
	int in = atomic_load(&l->in_recv);

	while (in < atomic_load(&l->receivers))
		if (atomic_compare_exchange_weak(&l->in_recv, &in, in + 1))
			return true;
	return false;
}

/* Waits until the loop wants another receiver, or L ends.  False when W
 * has waited FOLLOW_IDLE_S for nothing and others remain: it leaves. */
static bool _follow(struct worker *w)
{
	struct listener *l = w->l;
	struct timespec ts;
	bool leave = false;
	int ret = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += FOLLOW_IDLE_S;
	pthread_mutex_lock(&l->lock);
	l->followers++;
	while (ret == 0 && listener_state(l) == L_SERVING && !l->called &&
	       atomic_load(&l->in_recv) >= atomic_load(&l->receivers))
		ret = pthread_cond_timedwait(&l->follow, &l->lock, &ts);
	l->called = false;
	l->followers--;
	if (ret == ETIMEDOUT && l->live > 1) {
		_unlink(w);
		l->live--;
		leave = true;
	}
	pthread_mutex_unlock(&l->lock);
	if (leave)
		_worker_free(w);
	return !leave;
}

/* W has a call: counted as busy (the loop looks for stuck calls and
 * sleeps only while none is served), and the loop woken if it sleeps. */
static void _busy(struct worker *w)
{
	struct unotify_server *srv = w->srv;

	/* Only W writes seq; busy and asleep pair up (seq_cst) with the
	 * loop's store of asleep and its look at every busy (_tick): one of
	 * the two sees the other. */
	atomic_store_explicit(&w->seq, atomic_load_explicit(&w->seq, memory_order_relaxed) + 1,
			      memory_order_relaxed);
	atomic_store_explicit(&w->id, w->slot->req->id, memory_order_relaxed);
	atomic_store(&w->busy, true);
	if (atomic_load(&srv->asleep) && atomic_exchange(&srv->asleep, false))
		_kick(srv->kick);
}

static void _idle(struct worker *w)
{
	atomic_store_explicit(&w->busy, false, memory_order_release);
}

/* One RECV and what it brought.  False when W must leave. */
static bool _receive(struct worker *w)
{
	struct listener *l = w->l;
	int ret;

	atomic_store_explicit(&w->receiving, true, memory_order_relaxed); /* a hint */
	ret = kernel_recv(l->fd, w->slot->req);
	atomic_store_explicit(&w->receiving, false, memory_order_relaxed);
	if (ret == 0)
		_busy(w);
	atomic_fetch_sub(&l->in_recv, 1);
	if (ret == -EINTR)
		return true; /* woken: look at the state again */
	if (ret == -ENOENT) {
		/* This call vanished, or (6.11+) the filter has no users. */
		if (_hung_up(l))
			listener_end(l, L_GONE);
		return true;
	}
	if (ret < 0) {
		l->error = ret;
		listener_end(l, L_ENDED);
		return false;
	}
	if (listener_state(l) != L_SERVING) {
		dispatch_refuse(l, w->slot); /* as a closed listener would */
		_idle(w);
		return true;
	}
	/* Busy while it decides and acts: from its answer on, the task runs
	 * again and may call at once, which is no call waiting for nobody. */
	if (dispatch(l, w->slot)) {
		_idle(w);
		dispatch_answer(l, w->slot);
	} else {
		_idle(w);
	}
	return true;
}

static void *_worker(void *arg)
{
	struct worker *w = arg;
	struct listener *l = w->l;

	/* Our own umask, cwd and root, so emulation can take the target's. */
	if (unshare(CLONE_FS) < 0) {
		l->error = -errno;
		listener_end(l, L_ENDED);
	}
	while (listener_state(l) == L_SERVING) {
		if (!_take_turn(l)) {
			if (!_follow(w))
				return NULL;
			continue;
		}
		if (!_receive(w))
			break;
	}
	_leave(w);
	return NULL;
}

/* Starts one worker for L (l->lock held).  It is started under the
 * server's mask, which it inherits: only the wake signal ever reaches it.
 * 0 or -errno. */
static int _spawn(struct unotify_server *srv, struct listener *l)
{
	struct worker *w = calloc(1, sizeof(*w));
	pthread_attr_t attr;
	sigset_t old;
	int ret;

	if (!w)
		return -ENOMEM;
	w->l = l;
	w->srv = srv;
	w->slot = slot_new();
	if (!w->slot) {
		free(w);
		return -ENOMEM;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, WORKER_STACK);
	pthread_sigmask(SIG_SETMASK, &srv->worker_mask, &old);
	w->next = l->wlist;
	w->pprev = &l->wlist;
	if (l->wlist)
		l->wlist->pprev = &w->next;
	l->wlist = w;
	l->live++;
	ret = -pthread_create(&w->th, &attr, _worker, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (ret < 0) {
		_unlink(w);
		l->live--;
		_worker_free(w);
	}
	return ret;
}

/* Interrupts the RECV of every worker of L (l->lock held). */
static void _wake(struct unotify_server *srv, struct listener *l)
{
	for (struct worker *w = l->wlist; w; w = w->next)
		pthread_kill(w->th, srv->o.wake_signal);
}

/* True if a call waits that no worker has received. */
static bool _pending(const struct listener *l)
{
	struct pollfd pfd = { l->fd, POLLIN, 0 };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

/* The pool's ceiling: max_workers, and one more for each worker blocked in
 * a call that may block (a FIFO open, a connect), up to as many again: a
 * target that blocks more than that makes its later calls wait, never
 * unotify grow without bound. */
static unsigned _ceiling(struct listener *l)
{
	unsigned b = atomic_load(&l->blocked);

	return l->max_workers + (b < l->max_workers ? b : l->max_workers);
}

/* One more worker may receive: a waiting one is called, or one started. */
static void _call_one(struct unotify_server *srv, struct listener *l)
{
	if (l->followers) {
		l->called = true;
		pthread_cond_signal(&l->follow);
	} else if (l->live < _ceiling(l)) {
		_spawn(srv, l); /* no thread: the pool serves as it was */
	}
}

/* Whether every call the tick saw served (w->seen) is still served, and
 * no worker has come to RECV: a call that waits then waits for nobody. */
static bool _all_held(struct listener *l)
{
	for (struct worker *w = l->wlist; w; w = w->next)
		if (atomic_load(&w->busy) && atomic_load(&w->seq) != w->seen)
			return false;
	return atomic_load(&l->in_recv) == 0;
}

/* Interrupts one worker's RECV: one fewer waits there. */
static void _evict_one(struct unotify_server *srv, struct listener *l)
{
	for (struct worker *w = l->wlist; w; w = w->next)
		if (atomic_load(&w->receiving)) {
			pthread_kill(w->th, srv->o.wake_signal);
			return;
		}
}

/* Looks at serving listener L once a tick (l->lock held).
 * - Where every worker serves a call and another call waits, one more
 *   worker may receive: at once when a worker's call outlasted a tick (a
 *   delay, a slow page: stuck), or when calls waited so at three ticks in
 *   a row (a burst; once could be a worker between SEND and its next
 *   RECV).  Up to l->workers at once, and past that one more for each
 *   stuck worker.
 * - Where several workers wait in RECV for three ticks in a row, one
 *   fewer may, and one is let out (every call wakes them all).
 * True while L needs the ticks to go on. */
static bool _tick_listener(struct unotify_server *srv, struct listener *l)
{
	int in = atomic_load(&l->in_recv), k = atomic_load(&l->receivers);
	unsigned stuck = 0;
	bool busy = false;

	for (struct worker *w = l->wlist; w; w = w->next) {
		unsigned seq = atomic_load(&w->seq);

		if (atomic_load(&w->busy)) {
			busy = true;
			stuck += seq == w->seen;
			/* A worker blocked in an emulated open for a call that
			 * is gone gives it up (EINTR); a worker that moved on
			 * meanwhile just looks at its state again. */
			if (seq == w->seen && atomic_load(&l->blocked) &&
			    !kernel_id_valid(l->fd, atomic_load_explicit(&w->id, memory_order_relaxed)))
				pthread_kill(w->th, srv->o.wake_signal);
		}
		w->seen = seq;
	}
	l->quiet = in >= 2 && k > 1 ? l->quiet + 1 : 0;
	if (in || busy)
		l->unmanned = 0;
	l->starved = in == 0 && busy && _pending(l) && _all_held(l) ? l->starved + 1 : 0;
	if (l->starved && (stuck || l->starved >= 3)) {
		if (k < (int)(l->workers + stuck) &&
		    k < (int)_ceiling(l))
			atomic_store(&l->receivers, ++k);
		_call_one(srv, l);
		l->starved = 0;
	} else if (in == 0 && !busy) {
		/* Nobody receives, nobody decides: a worker between two calls
		 * (it takes its turn again at once), or one held after its
		 * answer (a record to a slow pipe).  At the second such tick in
		 * a row another one receives. */
		if (++l->unmanned >= 2) {
			_call_one(srv, l);
			l->unmanned = 0;
		}
	} else if (l->quiet >= 3 || in > k) {
		if (l->quiet >= 3)
			atomic_store(&l->receivers, k - 1);
		_evict_one(srv, l);
		l->quiet = 0;
	}
	return busy || in == 0;
}

/* Whether a worker of any serving listener has a call (after asleep was
 * set: see _busy). */
static bool _any_busy(struct unotify_server *srv)
{
	bool busy = false;

	pthread_mutex_lock(&srv->lock);
	for (struct listener *l = srv->list; l && !busy; l = l->next) {
		pthread_mutex_lock(&l->lock);
		for (struct worker *w = l->wlist; w && !busy; w = w->next)
			busy = atomic_load(&w->busy);
		pthread_mutex_unlock(&l->lock);
	}
	pthread_mutex_unlock(&srv->lock);
	return busy;
}

/* One tick over every listener.  True while the ticks must go on; else
 * the loop sleeps, and the first worker to take a call wakes it (_busy). */
static bool _tick(struct unotify_server *srv)
{
	bool active = false;

	pthread_mutex_lock(&srv->lock);
	for (struct listener *l = srv->list; l; l = l->next) {
		if (listener_state(l) != L_SERVING)
			continue;
		pthread_mutex_lock(&l->lock);
		active |= _tick_listener(srv, l);
		pthread_mutex_unlock(&l->lock);
	}
	pthread_mutex_unlock(&srv->lock);
	if (active)
		return true;
	atomic_store(&srv->asleep, true);
	if (!_any_busy(srv))
		return false;
	atomic_store(&srv->asleep, false); /* a call came meanwhile */
	return true;
}

static int _why(enum listener_state s)
{
	return s == L_GONE ? UNOTIFY_END_GONE : s == L_STOPPED ? UNOTIFY_END_STOPPED
							 : UNOTIFY_END_REMOVED;
}

/* Frees the ended listeners whose workers have all left, and wakes the
 * workers of the others.  Returns true while some workers have yet to
 * leave (the loop then comes back after WAKE_RETRY_MS). */
static bool _reap(struct unotify_server *srv)
{
	struct listener *done = NULL, **pp;
	uint64_t now = listener_now_ns();
	bool waiting = false;

	pthread_mutex_lock(&srv->lock);
	for (pp = &srv->list; *pp;) {
		struct listener *l = *pp;
		unsigned live;

		if (listener_state(l) == L_SERVING) {
			pp = &l->next;
			continue;
		}
		pthread_mutex_lock(&l->lock);
		live = l->live;
		if (live && now - l->woken_ns >= WAKE_RETRY_MS * 1000000ull) {
			_wake(srv, l);
			l->woken_ns = now;
		}
		pthread_mutex_unlock(&l->lock);
		if (live) {
			waiting = true;
			pp = &l->next;
			continue;
		}
		*pp = l->next;
		if (!l->unwatched)
			epoll_ctl(srv->epfd, EPOLL_CTL_DEL, l->fd, NULL);
		l->next = done;
		done = l;
	}
	pthread_mutex_unlock(&srv->lock);
	while (done) {
		struct listener *l = done;
		int id = l->id, error = l->error, why = _why(listener_state(l));

		done = l->next;
		listener_free(l); /* closes the fd: later calls fail with ENOSYS */
		if (error)
			why = UNOTIFY_END_FAILED;
		if (srv->o.on_end)
			srv->o.on_end(srv->o.ctx, id, why, error);
	}
	return waiting;
}

static bool _done(const atomic_int *done)
{
	return done && atomic_load(done);
}

/* One wait of the loop: epoll, with SIGS let in only there (so that a
 * signal that sets *DONE cannot slip in between the check and the wait).
 * Handles what it saw.  0 or -errno. */
static int _wait(struct unotify_server *srv, int timeout, const atomic_int *done,
		 const sigset_t *sigs)
{
	struct epoll_event ev[16];
	sigset_t old;
	int n = 0;

	if (sigs)
		pthread_sigmask(SIG_BLOCK, sigs, &old);
	if (!_done(done))
		n = epoll_pwait(srv->epfd, ev, 16, timeout, sigs ? &old : NULL);
	if (n < 0)
		n = errno == EINTR ? 0 : -errno;
	if (sigs)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (int i = 0; i < n; i++) {
		struct listener *l = ev[i].data.ptr;
		uint64_t v;

		if (!l) {
			if (read(srv->kick, &v, sizeof(v)) < 0) {
				/* EAGAIN: another read took it */
			}
		} else if (ev[i].events & (EPOLLHUP | EPOLLERR)) {
			/* A hang-up stays: watched on, it would wake every wait. */
			epoll_ctl(srv->epfd, EPOLL_CTL_DEL, l->fd, NULL);
			l->unwatched = true;
			listener_end(l, L_GONE);
		}
	}
	return n < 0 ? n : 0;
}

static bool _empty(struct unotify_server *srv)
{
	bool empty;

	pthread_mutex_lock(&srv->lock);
	empty = srv->list == NULL;
	pthread_mutex_unlock(&srv->lock);
	return empty;
}

int server_run_until(struct unotify_server *srv, const atomic_int *done, const sigset_t *sigs)
{
	uint64_t last = 0;
	bool ticking = true;

	for (;;) {
		bool waiting = _reap(srv);
		uint64_t now = listener_now_ns();
		int timeout, ret;

		if (atomic_load(&srv->stop) || _done(done))
			return 0;
		if ((srv->o.flags & UNOTIFY_S_EXIT_WHEN_EMPTY) && _empty(srv))
			return 0;
		/* Ticks are TICK_MS apart whatever else wakes the loop: a call
		 * is stuck when it outlasts one.  Woken from a sleep by a call
		 * (_busy), the first tick comes a full TICK_MS later, so that
		 * calls one at a time wake the loop at most once a tick. */
		if (!ticking) {
			ticking = true;
			last = now;
		} else if (now - last >= TICK_MS * 1000000ull) {
			ticking = _tick(srv);
			last = now;
		}
		timeout = ticking ? (int)((last + TICK_MS * 1000000ull - now) / 1000000u) + 1
			  : waiting ? WAKE_RETRY_MS
				    : -1;
		ret = _wait(srv, timeout, done, sigs);
		atomic_store(&srv->asleep, false);
		if (ret < 0)
			return ret;
	}
}

API void unotify_server_options_init(struct unotify_server_options *opts)
{
	memset(opts, 0, sizeof(*opts));
}

API int unotify_server_new(struct unotify_server **server, const struct unotify_server_options *opts,
			   struct unotify_error *err)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	struct unotify_server *srv;
	int ret;

	err_clear(err);
	*server = NULL;
	if (!kernel_probe()->user_notif)
		return err_set(err, ENOSYS, NULL,
			       "the kernel lacks seccomp user notification (Linux 5.0)");
	srv = calloc(1, sizeof(*srv));
	if (!srv)
		return err_set(err, ENOMEM, NULL, "out of memory");
	if (opts)
		srv->o = *opts;
	if (srv->o.wake_signal == 0)
		srv->o.wake_signal = SIGRTMIN + 4;
	srv->epfd = srv->kick = -1;
	pthread_mutex_init(&srv->lock, NULL);
	if (srv->o.wake_signal < SIGRTMIN || srv->o.wake_signal > SIGRTMAX) {
		ret = err_set(err, EINVAL, NULL, "the wake signal must be a real-time signal");
		goto fail;
	}
	sigfillset(&srv->worker_mask);
	sigdelset(&srv->worker_mask, srv->o.wake_signal);
	srv->epfd = epoll_create1(EPOLL_CLOEXEC);
	srv->kick = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (srv->epfd < 0 || srv->kick < 0 || epoll_ctl(srv->epfd, EPOLL_CTL_ADD, srv->kick, &ev) < 0) {
		ret = err_set(err, errno, NULL, "cannot start the event loop: %s", strerror(errno));
		goto fail;
	}
	ret = _handler_get(srv->o.wake_signal);
	if (ret < 0) {
		ret = err_set(err, -ret, NULL, "cannot handle the wake signal: %s", strerror(-ret));
		goto fail;
	}
	*server = srv;
	return 0;
fail:
	_cleanup_close_fn(&srv->epfd);
	_cleanup_close_fn(&srv->kick);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
	return ret;
}

API int unotify_server_add(struct unotify_server *srv, const struct unotify_policy *p, int fd,
			   const char *name, const struct unotify_options *opts,
			   struct unotify_error *err)
{
	struct epoll_event ev = { .events = 0 }; /* hang-ups only: workers RECV */
	struct unotify_options dflt;
	struct listener *l;
	int ret, id;

	err_clear(err);
	if (!p->compiled) {
		close(fd);
		return err_set(err, EINVAL, NULL, "policy not compiled");
	}
	if (!opts) {
		unotify_options_init(&dflt);
		opts = &dflt;
	}
	/* Holding a listener, this process must be out of reach of a target
	 * of the same uid: no ptrace, pidfd_getfd or /proc/PID/mem of it. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	kernel_probe_listener(fd);
	ret = listener_new(p, fd, name, opts, srv->kick, &l);
	if (ret < 0)
		return err_set(err, -ret, NULL, "cannot serve the listener: %s", strerror(-ret));
	ev.data.ptr = l;
	pthread_mutex_lock(&srv->lock);
	if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		ret = -errno;
		pthread_mutex_unlock(&srv->lock);
		listener_free(l);
		return err_set(err, -ret, NULL, "cannot watch the listener: %s", strerror(-ret));
	}
	id = l->id = ++srv->next_id;
	/* One worker to start: the loop adds more as calls wait for them. */
	pthread_mutex_lock(&l->lock);
	ret = _spawn(srv, l);
	pthread_mutex_unlock(&l->lock);
	if (ret < 0) {
		/* Not one worker: nothing serves it; the loop frees it. */
		l->error = ret;
		listener_end(l, L_ENDED);
	}
	l->next = srv->list;
	srv->list = l;
	/* (L is the loop's from here: it frees it once its tasks are gone,
	 * which may be at once) */
	pthread_mutex_unlock(&srv->lock);
	if (ret < 0)
		return err_set(err, -ret, NULL, "cannot start a worker: %s", strerror(-ret));
	return id;
}

API int unotify_server_remove(struct unotify_server *srv, int id)
{
	int ret = -ENOENT;

	pthread_mutex_lock(&srv->lock);
	for (struct listener *l = srv->list; l; l = l->next)
		if (l->id == id && listener_end(l, L_ENDED))
			ret = 0;
	pthread_mutex_unlock(&srv->lock);
	return ret;
}

API int unotify_server_run(struct unotify_server *srv, struct unotify_error *err)
{
	int ret;

	err_clear(err);
	ret = server_run_until(srv, NULL, NULL);
	if (ret < 0)
		return err_set(err, -ret, NULL, "event loop: %s", strerror(-ret));
	atomic_store(&srv->stop, 0);
	return 0;
}

API void unotify_server_stop(struct unotify_server *srv)
{
	atomic_store(&srv->stop, 1);
	_kick(srv->kick);
}

API void unotify_server_free(struct unotify_server *srv)
{
	if (!srv)
		return;
	pthread_mutex_lock(&srv->lock);
	for (struct listener *l = srv->list; l; l = l->next)
		listener_end(l, L_ENDED);
	pthread_mutex_unlock(&srv->lock);
	/* The last worker of each listener writes kick as it leaves. */
	while (_reap(srv)) {
		struct pollfd pfd = { srv->kick, POLLIN, 0 };
		uint64_t v;

		if (poll(&pfd, 1, WAKE_RETRY_MS) == 1 && read(srv->kick, &v, sizeof(v)) < 0) {
			/* EAGAIN: taken already */
		}
	}
	_handler_put(srv->o.wake_signal);
	close(srv->epfd);
	close(srv->kick);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
}

API void unotify_options_init(struct unotify_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->verbose_fd = -1;
	opts->log_fd = -1;
	opts->grace_ms = 5000;
}

/* unotify_serve's listener: how it ended. */
struct serve_end {
	int why, error;
};

static void _serve_ended(void *ctx, int id, int why, int error)
{
	struct serve_end *e = ctx;

	(void)id;
	e->why = why;
	e->error = error;
}

API int unotify_serve(const struct unotify_policy *p, int listener,
		      const struct unotify_options *opts, struct unotify_error *err)
{
	struct unotify_server_options so;
	struct unotify_server *srv;
	struct serve_end end = { 0, 0 };
	int fd, ret;

	err_clear(err);
	if (!p->compiled)
		return err_set(err, EINVAL, NULL, "policy not compiled");
	unotify_server_options_init(&so);
	so.flags = UNOTIFY_S_EXIT_WHEN_EMPTY;
	so.on_end = _serve_ended;
	so.ctx = &end;
	ret = unotify_server_new(&srv, &so, err);
	if (ret < 0)
		return ret;
	fd = fcntl(listener, F_DUPFD_CLOEXEC, 0); /* the caller keeps LISTENER */
	if (fd < 0) {
		ret = err_set(err, errno, NULL, "cannot serve the listener: %s", strerror(errno));
		unotify_server_free(srv);
		return ret;
	}
	ret = unotify_server_add(srv, p, fd, NULL, opts, err);
	if (ret > 0)
		ret = unotify_server_run(srv, err);
	unotify_server_free(srv);
	if (ret < 0)
		return ret;
	if (end.why == UNOTIFY_END_FAILED)
		return err_set(err, -end.error, NULL, "listener: %s", strerror(-end.error));
	return end.why == UNOTIFY_END_STOPPED ? 1 : 0;
}
