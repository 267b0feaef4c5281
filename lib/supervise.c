/* supervise: the notification loop.  RECV, decode, evaluate the rules on
 * the supervisor's own copies, act (errno, return, continue, emulate,
 * kill), SEND, record.  Delayed answers wait in a list; the loop polls
 * their IDs and drops a call whose task was interrupted or died. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "call.h"
#include "cleanup.h"
#include "error.h"
#include "eval.h"
#include "kernel.h"
#include "supervise.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

/* How often a delayed call's ID is checked while it waits. */
#define DELAY_POLL_MS 20

struct slot {
	struct seccomp_notif *req;
	struct call call;
	struct path_arg paths[SYS_MAX_ARGS];
	const struct rule *rule; /* NULL: default */
	enum verdict verdict;
	int64_t value;
	uint64_t t0, deadline;
	pid_t tgid; /* for records: read while the call still waits */
	struct slot *next;
};

static uint64_t _now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct slot *_slot_new(void)
{
	struct slot *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->req = kernel_req_alloc();
	if (!s->req) {
		free(s);
		return NULL;
	}
	for (int i = 0; i < SYS_MAX_ARGS; i++)
		s->paths[i].dirfd = -1;
	return s;
}

static void _slot_free(struct slot *s)
{
	if (!s)
		return;
	free(s->req);
	free(s);
}

int sup_init(struct supervisor *sup, const struct unotify_policy *p, int listener,
	     const struct unotify_options *opts)
{
	int ret;

	memset(sup, 0, sizeof(*sup));
	sup->p = p;
	sup->opts = opts;
	sup->listener = listener;
	sigemptyset(&sup->sigs);
	sup->blocking_recv = kernel_probe_listener(listener)->recv_wakes_on_orphan;
	sup->timed = (opts->flags & UNOTIFY_F_VERBOSE) || opts->log_fd >= 0;
	for (size_t i = 0; i < p->nrules; i++)
		sup->timed |= p->rules[i]->log || p->rules[i]->delay_ms;
	sup->world.root = -1;
	sup->cur = _slot_new();
	sup->resp = kernel_resp_alloc();
	if (!sup->cur || !sup->resp) {
		sup_fini(sup);
		return -ENOMEM;
	}
	/* The world paths are named in: this thread's root, as it is now. */
	ret = world_open(&sup->world);
	if (ret < 0) {
		sup_fini(sup);
		return ret;
	}
	/* Our own umask, cwd and root, so emulation can take the target's umask. */
	if (unshare(CLONE_FS) < 0) {
		sup_fini(sup);
		return -errno;
	}
	return 0;
}

void sup_fini(struct supervisor *sup)
{
	_slot_free(sup->cur);
	sup->cur = NULL;
	while (sup->pending) {
		struct slot *s = sup->pending;

		sup->pending = s->next;
		call_end(&s->call);
		_slot_free(s);
	}
	free(sup->resp);
	sup->resp = NULL;
	world_close(&sup->world);
}

/* 1 if IN matches the call, 0 if not, or the -errno the call fails with
 * (-EFAULT, -ENAMETOOLONG), or -ESRCH (drop it). */
static int _match(struct call *c, const struct inst *in)
{
	for (size_t i = 0; i < in->ncond; i++) {
		const struct cond *cd = &in->conds[i];
		const struct path_arg *pa = c->path[cd->arg];
		bool m;
		int r;

		if (!cd->glob) {
			r = cd->is_arch ? 0 : call_read_block(c);
			if (r < 0)
				return r;
			if (!cond_int_match(cd, c->var, c->args, NULL))
				return 0;
			continue;
		}
		r = cd->absolute ? call_resolve_path(c, cd->arg) : call_fetch_path(c, cd->arg);
		if (r < 0)
			return r;
		if (cd->absolute && pa->unnamed) {
			/* Paths mean what they mean in unotify's world; what has
			 * no name there cannot be judged. */
			c->refused = world_unnamed[pa->unnamed];
			return -EACCES;
		}
		if (cd->absolute && pa->resolve_err) {
			c->refused = "the path does not resolve: the kernel's own error";
			return -pa->resolve_err;
		}
		m = cd->absolute ? glob_match(cd->glob, pa->abs, pa->abslen)
				 : glob_match(cd->glob, pa->str, pa->len);
		if (m != (cd->op == OP_EQ))
			return 0;
	}
	return 1;
}

/* A socketcall sub-call let through after its argument block was read
 * would race like any other memory check, and socket calls cannot be
 * emulated: refused, unless the rule says `continue` outright. */
static int _refuse_after_block(struct slot *s)
{
	if (s->call.block_read && s->verdict == V_CONTINUE &&
	    !(s->rule && s->rule->action == ACT_CONTINUE)) {
		s->verdict = V_ERRNO;
		s->value = EPERM;
	}
	return 0;
}

/* Finds the first supervised rule of the call's syscall that matches.
 * Returns 0 with the verdict in S, or -ESRCH (drop), or the -errno the call
 * must fail with (then S holds V_ERRNO). */
static int _decide(struct slot *s)
{
	const struct sysent *sys = s->call.sys;
	const struct variant *v = s->call.var;

	for (size_t i = v->kernel_end; i < sys->ninst; i++) {
		const struct inst *in = sys->insts[i];
		int m;

		if (i == v->kill_at) {
			/* A rule this variant cannot judge (its arguments sit in
			 * memory unotify does not read): never let it through. */
			s->rule = in->rule;
			s->verdict = V_KILL;
			return 0;
		}
		m = _match(&s->call, in);

		if (m == -ESRCH)
			return m;
		if (m < 0) {
			s->rule = in->rule;
			s->verdict = V_ERRNO;
			s->value = -m;
			return 0;
		}
		if (m) {
			s->rule = in->rule;
			s->verdict = in->verdict;
			s->value = in->rule->value;
			return _refuse_after_block(s);
		}
	}
	s->rule = NULL;
	s->verdict = sys->dflt;
	s->value = sys->dflt_value;
	return _refuse_after_block(s);
}

/* The plain variant of S on ARCH (no multiplexer), or NULL. */
static const struct variant *_plain_variant(const struct sysent *s, int arch)
{
	for (size_t k = 0; k < s->nvars; k++)
		if (s->vars[k].arch == arch && s->vars[k].sel_reg < 0)
			return &s->vars[k];
	return NULL;
}

/* Judges the AF_UNIX file name NAME of a bind as mknodat(AT_FDCWD, NAME,
 * S_IFSOCK | 0777 & ~umask, 0) (or mknod) would be, by every rule of
 * JUDGE_AS in order, into S.  0 or -ESRCH. */
static int _judge_as_mknod(struct slot *s, struct sysent *as, const char *name)
{
	struct call *c = &s->call;
	const struct variant *v = _plain_variant(as, c->arch);
	struct sysent *sys = c->sys;
	const struct variant *var = c->var;
	uint64_t args[SYS_MAX_ARGS];
	int at = strcmp(as->name, "mknodat") == 0, m = 0;
	struct path_arg *p = c->path[at];
	size_t i;

	if (!v) /* no such call on this arch: judged by bind's rules alone */
		return 0;
	memcpy(args, c->args, sizeof(args));
	memset(c->args, 0, sizeof(c->args));
	c->args[0] = (uint32_t)AT_FDCWD;
	c->args[at + 1] = S_IFSOCK | (0777 & ~(call_umask(c) & 0777));
	snprintf(p->str, sizeof(p->str), "%s", name);
	p->len = strlen(name);
	p->fetched = true;
	p->fetch_err = 0;
	p->null = false;
	c->sys = as;
	c->var = v;
	c->acting = true; /* the bind acts on what this judges */
	for (i = 0; i < as->ninst && (m = _match(c, as->insts[i])) == 0; i++)
		;
	c->sys = sys;
	c->var = var;
	memcpy(c->args, args, sizeof(args));
	c->sock_path = p->resolved ? p : NULL;
	if (m == -ESRCH)
		return m;
	if (m < 0) {
		s->rule = as->insts[i]->rule;
		s->verdict = V_ERRNO;
		s->value = -m;
	} else if (i < as->ninst) {
		s->rule = as->insts[i]->rule;
		s->verdict = as->insts[i]->verdict;
		s->value = s->rule->value;
	} else {
		s->verdict = as->dflt;
		s->value = as->dflt_value;
	}
	return 0;
}

/* bind where mknod has path rules (policy.h: judge_as).  What bind's own
 * rules let through is bound by the supervisor on its own copy of the
 * address, never continued: a racing thread could turn any address into a
 * file name after the check.  A file name makes a socket inode, and is
 * also judged as mknodat; only an explicit `continue` there continues.
 * 0 or -ESRCH. */
static int _judge_bind(struct slot *s)
{
	struct call *c = &s->call;
	char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
	/* bind's own explicit `continue` accepts the race. */
	bool cont = s->verdict == V_CONTINUE && s->rule && s->rule->action == ACT_CONTINUE;
	int ret = call_read_block(c);

	if (ret == 0)
		ret = call_read_addr(c);
	if (ret == -ESRCH)
		return ret;
	s->verdict = cont ? V_CONTINUE : V_EMULATE;
	if (ret < 0) {
		s->verdict = V_ERRNO;
		s->value = -ret;
		return 0;
	}
	if (!call_unix_path(c, name))
		return 0;
	ret = _judge_as_mknod(s, c->sys->judge_as, name);
	if (ret < 0)
		return ret;
	if (s->verdict == V_CONTINUE && !cont && !(s->rule && s->rule->action == ACT_CONTINUE))
		s->verdict = V_EMULATE;
	return 0;
}

/* SIGKILL for the whole process of the calling task.  A pidfd pins the
 * task before the ID check, so a reused PID is never signalled. */
/* Returns 0 when the process was killed or is gone, -errno when the
 * caller must still refuse the call. */
static int _kill_target(struct call *c)
{
	_cleanup_close_ int pidfd = (int)syscall(SYS_pidfd_open, c->t.pid, PIDFD_THREAD);
	struct creds cr;

	if (pidfd < 0 && creds_read(c->t.pid, &cr) == 0)
		pidfd = (int)syscall(SYS_pidfd_open, cr.tgid, 0);
	if (!kernel_id_valid(c->t.listener, c->t.id))
		return 0;
	if (pidfd < 0 || syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) < 0)
		return -EPERM;
	return 0;
}

/* A step of the supervisor's own failed as if the task were gone (a
 * /proc file missing, a read refused).  Only a notification the kernel no
 * longer holds may be dropped; a live one is refused, never left waiting
 * and never let through. */
static bool _gone(const struct call *c)
{
	return !kernel_id_valid(c->t.listener, c->t.id);
}

static void _record(struct supervisor *sup, struct slot *s, int64_t result, const char *outcome)
{
	struct audit_rec r = {
		.c = &s->call,
		.rule = s->rule,
		.verdict = s->verdict,
		.value = s->value,
		.result = result,
		.outcome = outcome,
		.latency_ns = s->t0 ? _now_ns() - s->t0 : 0,
	};

	if (!audit_wanted(sup->opts, s->rule))
		return;
	r.tgid = s->tgid;
	audit_emit(sup->opts, &r);
}

/* Reads the path arguments a record will show while the call still
 * waits: once answered, the task runs on and its memory is no longer the
 * call's. */
static void _prefetch_for_audit(struct supervisor *sup, struct slot *s)
{
	const struct sys_sig *sig = s->call.sys->sig;

	if (!audit_wanted(sup->opts, s->rule))
		return;
	s->tgid = call_tgid(&s->call);
	call_read_block(&s->call);
	for (int i = 0; sig && i < SYS_MAX_ARGS && sig->args[i].name; i++)
		if (arg_kind_is_path(sig->args[i].kind))
			call_fetch_path(&s->call, i);
	call_checked(&s->call); /* (a record of a vanished call shows what was read) */
}

/* Carries out S's verdict and answers.  Releases S's call state. */
static void _act(struct supervisor *sup, struct slot *s)
{
	struct seccomp_notif_resp *resp = sup->resp;
	int64_t result = 0;
	const char *outcome = NULL;
	int ret;

	_prefetch_for_audit(sup, s);
	memset(resp, 0, sizeof(*resp));
	resp->id = s->req->id;
	switch (s->verdict) {
	case V_ERRNO:
		resp->error = -(int32_t)s->value;
		break;
	case V_RETURN:
		resp->val = s->value;
		break;
	case V_CONTINUE:
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		break;
	case V_EMULATE:
		ret = s->call.sys->emulate(&s->call, &result);
		if (ret == -ESRCH && _gone(&s->call)) {
			outcome = "dropped";
			goto done;
		}
		if (ret == -ESRCH)
			result = -EPERM;
		if (result < 0)
			resp->error = (int32_t)result;
		else
			resp->val = result;
		break;
	case V_KILL:
		if (_kill_target(&s->call) == 0)
			goto done;
		resp->error = -EPERM;
		break;
	default:
		/* No other verdict exists; refuse rather than guess. */
		resp->error = -ENOSYS;
		break;
	}
	ret = kernel_send(sup->listener, resp);
	if (ret == -ENOENT)
		outcome = "interrupted";
done:
	call_end(&s->call);
	_record(sup, s, result, outcome);
	if (s->rule && s->rule->stop)
		sup->stopped = true;
}

/* A call the policy cannot place (unknown arch or number): refused. */
static void _refuse(struct supervisor *sup, const struct seccomp_notif *req)
{
	memset(sup->resp, 0, sizeof(*sup->resp));
	sup->resp->id = req->id;
	sup->resp->error = -ENOSYS;
	kernel_send(sup->listener, sup->resp);
}

static void _push_pending(struct supervisor *sup, struct slot *s)
{
	s->next = sup->pending;
	sup->pending = s;
}

/* Serves one notification.  Returns 0, SUP_HUP when no task uses the
 * filter any more, or -errno on a failure of the listener itself. */
static int _serve_one(struct supervisor *sup)
{
	struct slot *s = sup->cur;
	const struct variant *v = NULL;
	uint64_t regs[SYS_MAX_ARGS];
	int arch, ret;

	ret = kernel_recv(sup->listener, s->req);
	if (ret == -ENOENT) {
		struct pollfd pfd = { sup->listener, POLLIN, 0 };

		/* Either this call vanished, or (6.11+) the filter has no users. */
		if (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP) && !(pfd.revents & POLLIN))
			return SUP_HUP;
		return 0;
	}
	if (ret < 0)
		return ret;
	/* The clock is read only when a record or a delay may need it. */
	s->t0 = sup->timed ? _now_ns() : 0;
	memcpy(regs, s->req->data.args, sizeof(regs));
	arch = eval_arch(sup->p, s->req->data.arch, s->req->data.nr);
	if (arch >= 0)
		v = policy_lookup(sup->p, arch, s->req->data.nr, regs);
	if (!v || !v->to_sup) {
		_refuse(sup, s->req);
		return 0;
	}
	call_begin(&s->call, &sup->world, sup->listener, s->req, v, s->paths);
	ret = _decide(s);
	if (ret == 0 && s->verdict == V_EMULATE && call_walked_for_decision(&s->call)) {
		/* Acting: decided again on what the target's own walk reaches. */
		call_rewalk(&s->call);
		ret = _decide(s);
	}
	if (ret == 0 && (s->verdict == V_CONTINUE || s->verdict == V_EMULATE) && v->sys->force_sup)
		ret = _judge_bind(s);
	if (ret == 0 && !call_checked(&s->call))
		ret = -ESRCH; /* decided on the memory of a task that is gone */
	if (ret == -ESRCH) {
		if (_gone(&s->call)) {
			call_end(&s->call);
			return 0;
		}
		s->verdict = V_ERRNO;
		s->value = EPERM;
	}
	if (s->rule && s->rule->delay_ms) {
		struct slot *fresh = _slot_new();

		if (fresh) {
			s->deadline = s->t0 + (uint64_t)s->rule->delay_ms * 1000000u;
			_push_pending(sup, s);
			sup->cur = fresh;
			return 0;
		}
		/* No memory for a delay: answer now rather than never. */
	}
	_act(sup, s);
	return 0;
}

/* Answers the delayed calls that are due; drops those that vanished.
 * Returns the poll timeout (ms) until the next check, or -1. */
static int _run_pending(struct supervisor *sup)
{
	struct slot **pp = &sup->pending;
	uint64_t now = _now_ns();
	int timeout = -1;

	while (*pp) {
		struct slot *s = *pp;
		bool valid = kernel_id_valid(sup->listener, s->req->id);

		if (!valid || now >= s->deadline || sup->stopped) {
			*pp = s->next;
			if (!valid) {
				call_end(&s->call);
				_record(sup, s, 0, "dropped");
			} else {
				_act(sup, s);
			}
			_slot_free(s);
			continue;
		}
		{
			uint64_t left_ms = (s->deadline - now + 999999u) / 1000000u;
			int t = left_ms < DELAY_POLL_MS ? (int)left_ms : DELAY_POLL_MS;

			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		pp = &s->next;
	}
	return timeout;
}

/* True once the owner says the loop may end (all its tasks are gone). */
static bool _done(const struct supervisor *sup)
{
	return sup->done && atomic_load(sup->done);
}

/* Waits for the listener (when FD >= 0), a signal, or TIMEOUT ms.  The
 * owner's signals are blocked while _done() is checked and let in only
 * inside ppoll, so a signal that ends the loop cannot slip in between.
 * Returns poll's revents for FD, 0, or -errno. */
static int _wait(struct supervisor *sup, int fd, int timeout)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	struct timespec ts = { timeout / 1000, (long)(timeout % 1000) * 1000000 };
	sigset_t old;
	int n = 0;

	pthread_sigmask(SIG_BLOCK, &sup->sigs, &old);
	if (!_done(sup))
		n = ppoll(&pfd, fd >= 0 ? 1 : 0, timeout < 0 ? NULL : &ts, &old);
	if (n < 0)
		n = errno == EINTR ? 0 : -errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return n > 0 ? pfd.revents : n;
}

/* Serves one call when the listener is readable.  Returns 1 when the
 * listener hung up, 0, or -errno. */
static int _on_ready(struct supervisor *sup, int revents)
{
	if (revents & POLLIN) {
		int r = _serve_one(sup);

		if (r != 0)
			return r == SUP_HUP ? 1 : r;
	}
	return (revents & (POLLHUP | POLLERR | POLLNVAL)) && !(revents & POLLIN);
}

/* The listener is done (hung up or stopped): without an owner the loop
 * ends; with one, it waits for the owner's tasks to be gone. */
static int _idle(struct supervisor *sup)
{
	while (!_done(sup)) {
		int r = _wait(sup, -1, -1);

		if (r < 0)
			return r;
	}
	return 0;
}

int sup_loop(struct supervisor *sup)
{
	for (;;) {
		int timeout = _run_pending(sup), r;

		if (_done(sup))
			return 0;
		if (sup->stopped) {
			if (sup->on_stop) {
				sup->on_stop(sup->ctx);
				sup->listener = -1; /* closed by its owner */
			}
			return sup->done ? _idle(sup) : SUP_STOPPED;
		}
		/* The fast path: RECV blocks, and returns ENOENT by itself when
		 * the filter loses its last task (Linux 6.6+), so no poll is
		 * needed per call.  Delayed answers need the timed wait. */
		if (sup->blocking_recv && timeout < 0) {
			r = _serve_one(sup);
			if (r == SUP_HUP)
				return sup->done ? _idle(sup) : 0;
			if (r < 0)
				return r;
			continue;
		}
		r = _wait(sup, sup->listener, timeout);
		if (r > 0)
			r = _on_ready(sup, r);
		if (r == 1)
			return sup->done ? _idle(sup) : 0;
		if (r < 0)
			return r;
	}
}

API void unotify_options_init(struct unotify_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->verbose_fd = -1;
	opts->log_fd = -1;
	opts->grace_ms = 5000;
}

API int unotify_serve(const struct unotify_policy *p, int listener,
		      const struct unotify_options *opts, struct unotify_error *err)
{
	struct unotify_options dflt;
	struct supervisor sup;
	int ret;

	err_clear(err);
	if (!p->compiled)
		return err_set(err, EINVAL, NULL, "policy not compiled");
	if (!opts) {
		unotify_options_init(&dflt);
		opts = &dflt;
	}
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	ret = sup_init(&sup, p, listener, opts);
	if (ret < 0)
		return err_set(err, -ret, NULL, "cannot start the supervisor: %s", strerror(-ret));
	ret = sup_loop(&sup);
	sup_fini(&sup);
	if (ret < 0)
		return err_set(err, -ret, NULL, "listener: %s", strerror(-ret));
	return ret == SUP_STOPPED ? 1 : 0;
}
