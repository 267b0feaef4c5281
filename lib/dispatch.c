/* dispatch: one notification from its receipt to its answer (see
 * dispatch.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "audit.h"
#include "cleanup.h"
#include "dispatch.h"
#include "eval.h"
#include "kernel.h"
#include "net.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

/* How often a delayed call's ID is checked while it waits. */
#define DELAY_POLL_MS 20

struct slot *slot_new(void)
{
	struct slot *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->req = kernel_req_alloc();
	s->resp = kernel_resp_alloc();
	if (!s->req || !s->resp) {
		slot_free(s);
		return NULL;
	}
	for (int i = 0; i < SYS_MAX_ARGS; i++)
		s->paths[i].dirfd = s->paths[i].objfd = -1;
	return s;
}

void slot_free(struct slot *s)
{
	if (!s)
		return;
	free(s->req);
	free(s->resp);
	free(s);
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

		if (cd->net) {
			r = net_cond_match(c, cd);
			if (r <= 0)
				return r;
			continue;
		}
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
 * would race like any other memory check: the supervisor performs it on
 * its copy of the block where it can (socket, connect, bind, sendto,
 * sendmsg), and refuses the others, unless the rule says `continue`
 * outright. */
static int _refuse_after_block(struct slot *s)
{
	if (s->call.block_read && s->verdict == V_CONTINUE &&
	    !(s->rule && s->rule->action == ACT_CONTINUE)) {
		if (s->call.sys->emulate) {
			s->verdict = V_EMULATE;
			return 0;
		}
		s->verdict = V_ERRNO;
		s->value = EPERM;
	}
	return 0;
}

/* Finds the first supervised rule of the call's syscall that matches.
 * Returns 0 with the verdict in S, or -ESRCH (drop), or the -errno the call
 * must fail with (then S holds V_ERRNO). */
/* Whether this match of `when` rule R is one it selects: R's count goes
 * up once per call (a call decided again after its walk keeps its turn);
 * a call past the memo's room is not selected. */
static bool _when_selects(struct slot *s, struct rule *r)
{
	uint64_t n;
	bool hit;

	for (int i = 0; i < s->nwhen; i++)
		if (s->when_rule[i] == r)
			return s->when_hit[i];
	if (s->nwhen == (int)(sizeof(s->when_rule) / sizeof(s->when_rule[0])))
		return false;
	n = atomic_fetch_add(&r->when_seen, 1) + 1;
	hit = n >= r->when_first && n <= r->when_last && (n - r->when_first) % r->when_step == 0;
	s->when_rule[s->nwhen] = r;
	s->when_hit[s->nwhen++] = hit;
	return hit;
}

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
		if (m && in->rule->when_first && !_when_selects(s, in->rule))
			continue; /* not this one of its matches: the later rules decide */
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
	call_set_path(c, at, name);
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

static void _record(struct listener *l, struct slot *s, int64_t result, const char *outcome)
{
	struct audit_rec r = {
		.c = &s->call,
		.rule = s->rule,
		.verdict = s->verdict,
		.value = s->value,
		.result = result,
		.outcome = outcome,
		.latency_ns = s->t0 ? listener_now_ns() - s->t0 : 0,
		.listener = l->name,
	};

	if (!audit_wanted(&l->opts, s->rule))
		return;
	r.tgid = s->tgid;
	audit_emit(&l->opts, &r);
}

/* Reads the path arguments a record will show while the call still
 * waits: once answered, the task runs on and its memory is no longer the
 * call's. */
static void _prefetch_for_audit(struct listener *l, struct slot *s)
{
	const struct sys_sig *sig = s->call.sys->sig;

	if (!audit_wanted(&l->opts, s->rule))
		return;
	s->tgid = call_tgid(&s->call);
	call_read_block(&s->call);
	for (int i = 0; sig && i < SYS_MAX_ARGS && sig->args[i].name; i++)
		if (arg_kind_is_path(sig->args[i].kind))
			call_fetch_path(&s->call, i);
	call_checked(&s->call); /* (a record of a vanished call shows what was read) */
}

/* Carries out S's verdict: the answer is then ready in s->resp.  False
 * when there is none to send (the call is gone, or its task killed):
 * then the call is recorded and its state released here. */
static bool _act(struct listener *l, struct slot *s)
{
	struct seccomp_notif_resp *resp = s->resp;
	int ret;

	_prefetch_for_audit(l, s);
	s->result = 0;
	s->outcome = NULL;
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
		if (atomic_load(&l->landlocked)) {
			/* Its own Landlock domain binds the target, not unotify:
			 * acting for it would widen it.  Fail closed. */
			s->result = -EACCES;
			resp->error = -EACCES;
			break;
		}
		ret = s->call.sys->emulate(&s->call, &s->result);
		if (ret == -ESRCH && _gone(&s->call)) {
			s->outcome = "dropped";
			break;
		}
		if (ret == -ESRCH)
			s->result = -EPERM;
		if (s->call.continued)
			resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		else if (s->result < 0)
			resp->error = (int32_t)s->result;
		else
			resp->val = s->result;
		break;
	case V_KILL:
		if (_kill_target(&s->call) == 0) {
			s->outcome = ""; /* killed: nothing to answer */
			break;
		}
		resp->error = -EPERM;
		break;
	default:
		/* No other verdict exists; refuse rather than guess. */
		resp->error = -ENOSYS;
		break;
	}
	if (!s->outcome)
		return true;
	call_end(&s->call);
	_record(l, s, s->result, s->outcome[0] ? s->outcome : NULL);
	return false;
}

void dispatch_answer(struct listener *l, struct slot *s)
{
	bool held = audit_wanted(&l->opts, s->rule);

	if (held)
		audit_hold();
	/* A `stop` ends the listener before its call returns: the task's
	 * next call, whichever worker takes it, is no longer served. */
	if (s->rule && s->rule->stop)
		listener_end(l, L_STOPPED);
	/* An open was answered with its fd already (ADDFD with SEND). */
	if (!s->call.answered && kernel_send(l->fd, s->resp) == -ENOENT)
		s->outcome = "interrupted";
	call_end(&s->call);
	_record(l, s, s->result, s->outcome);
	if (held)
		audit_release();
}

void dispatch_refuse(struct listener *l, struct slot *s)
{
	memset(s->resp, 0, sizeof(*s->resp));
	s->resp->id = s->req->id;
	s->resp->error = -ENOSYS;
	kernel_send(l->fd, s->resp);
}

/* Answers S as the kernel filter would have, in the registers alone:
 * ERROR (0 with CONTINUE: let it run). */
static void _answer_plain(struct listener *l, struct slot *s, int error, bool cont)
{
	memset(s->resp, 0, sizeof(*s->resp));
	s->resp->id = s->req->id;
	s->resp->error = error;
	s->resp->flags = cont ? SECCOMP_USER_NOTIF_FLAG_CONTINUE : 0;
	kernel_send(l->fd, s->resp);
}

/* Whether NR on ARCH is execve or execveat. */
static bool _is_exec(int arch, int nr)
{
	switch (arch) {
	case ARCH_X86_64:
		return nr == 59 || nr == 322;
	case ARCH_I386:
		return nr == 11 || nr == 358;
	case ARCH_X32:
		return nr == (0x40000000 | 520) || nr == (0x40000000 | 545);
	default:
		return false;
	}
}

/* Whether the task TID is a container's init alone in its pid namespace
 * and traced by no one: runc's own init before `runc start` has run the
 * container's program, which no container process can reach (nothing
 * else lives in that namespace: no process of the container's could
 * ptrace it, write its memory or see it).  Read from /proc: checked by
 * the caller's ID check. */
static bool _init_alone(pid_t tid)
{
	char path[64], buf[4096], ns[64], other[64];
	_cleanup_close_ int fd = -1;
	const char *line;
	ssize_t n;
	DIR *d;
	struct dirent *e;
	bool alone = true;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	line = strstr(buf, "\nTracerPid:\t");
	if (!line || strtol(line + 12, NULL, 10) != 0)
		return false;
	line = strstr(buf, "\nNStgid:");
	if (!line)
		return false;
	line = strchr(line + 1, '\n');
	/* its process's pid in the innermost namespace, the last of the
	 * line: 1 (any thread of it: Go's runtime may run the call on one) */
	if (!line || line - buf < 3 || line[-1] != '1' || (line[-2] != '\t' && line[-2] != ' '))
		return false;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)tid);
	n = readlink(path, ns, sizeof(ns) - 1);
	if (n <= 0)
		return false;
	ns[n] = '\0';
	d = opendir("/proc");
	if (!d)
		return false;
	while (alone && (e = readdir(d))) {
		long pid = strtol(e->d_name, NULL, 10);
		struct stat st;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/ns/pid", pid);
		n = readlink(path, other, sizeof(other) - 1);
		if (n <= 0)
			continue;
		other[n] = '\0';
		/* another process of that namespace (the init's threads share
		 * its /proc entry, listed once, as its tgid) */
		snprintf(path, sizeof(path), "/proc/%ld/task/%d", pid, (int)tid);
		if (strcmp(other, ns) == 0 && stat(path, &st) < 0)
			alone = false;
	}
	closedir(d);
	return alone;
}

/* An agent's listener (UNOTIFY_P_AGENT), before the rules: true when S
 * is answered here.  runc installs the filter before its own init has
 * started the container's program, and reopens its exec fifo (a file
 * outside the container) through /proc/self/fd: until the listener's
 * first execve or execveat (export sends those two here with any other
 * call), the calls of a container init alone in its pid namespace and
 * traced by no one are runc's and run; anyone else's are judged.  Every
 * call with rules is judged by all of them (the filter export wrote sent
 * it: its kernel rules too); one no rule names (a socketcall sent whole)
 * gets the policy's default. */
static bool _agent_first(struct listener *l, struct slot *s, const struct variant *v, int arch)
{
	const struct unotify_policy *p = l->p;

	if (!atomic_load(&l->exec_seen)) {
		if (_is_exec(arch, s->req->data.nr))
			atomic_store(&l->exec_seen, true);
		else if (_init_alone((pid_t)s->req->pid) &&
			 kernel_id_valid(l->fd, s->req->id)) {
			_answer_plain(l, s, 0, true);
			return true;
		}
	}
	if (v)
		return false;
	if (p->dflt == ACT_ALLOW)
		_answer_plain(l, s, 0, true);
	else if (p->dflt == ACT_ERRNO)
		_answer_plain(l, s, -(int)p->dflt_value, false);
	else
		dispatch_refuse(l, s);
	return true;
}

/* Decides S.  0, or -ESRCH: the call is gone (drop it). */
static int _judge(struct slot *s)
{
	const struct variant *v = s->call.var;
	int ret = _decide(s);

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
		if (_gone(&s->call))
			return ret;
		s->verdict = V_ERRNO;
		s->value = EPERM;
	}
	return 0;
}

/* A delayed call waits on its worker (the pool grows past a worker held
 * so), checking every DELAY_POLL_MS that its task still waits; a `stop`
 * or the end of the listener answers it at once.  False: it is gone. */
static bool _delay(struct listener *l, struct slot *s)
{
	uint64_t deadline = s->t0 + (uint64_t)s->rule->delay_ms * 1000000u;

	while (!listener_wait(l, deadline, DELAY_POLL_MS))
		if (_gone(&s->call))
			return false;
	return !_gone(&s->call);
}

bool dispatch(struct listener *l, struct slot *s)
{
	const struct variant *v = NULL;
	uint64_t regs[SYS_MAX_ARGS];
	int arch;

	/* The clock is read only when a record or a delay may need it. */
	s->t0 = l->timed ? listener_now_ns() : 0;
	memcpy(regs, s->req->data.args, sizeof(regs));
	arch = eval_arch(l->p, s->req->data.arch, s->req->data.nr);
	if (arch >= 0)
		v = policy_lookup(l->p, arch, s->req->data.nr, regs);
	if ((l->p->flags & UNOTIFY_P_AGENT) && arch >= 0 && _agent_first(l, s, v, arch))
		return false;
	if (!v || (!v->to_sup && !(l->p->flags & UNOTIFY_P_AGENT))) {
		/* A call the policy cannot place (unknown arch or number). */
		dispatch_refuse(l, s);
		return false;
	}
	call_begin(&s->call, &l->world, l->fd, s->req, v, s->paths);
	s->call.blocked = &l->blocked;
	s->call.scope_abstract = (l->opts.flags & UNOTIFY_F_SCOPE_ABSTRACT_UNIX) != 0;
	s->call.run_start = l->started;
	s->nwhen = 0;
	if (_judge(s) < 0) {
		call_end(&s->call);
		return false;
	}
	if (s->rule && s->rule->delay_ms && !_delay(l, s)) {
		call_end(&s->call);
		_record(l, s, 0, "dropped");
		return false;
	}
	/* A target entering a Landlock domain of its own: noted before its
	 * call returns, so that no act for it slips by. */
	if (v->sys == l->restrict_self && s->verdict == V_CONTINUE)
		atomic_store(&l->landlocked, true);
	return _act(l, s);
}
