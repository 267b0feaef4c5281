/* implicit: unotify's own rules, put in front of every policy's.  They are
 * ordinary rules of the language, decided in the kernel filter, and they
 * close the ways a hostile target gets around a policy or its supervisor:
 * - a second listener: the target would serve its own calls;
 * - signals, tracing, scheduling and limits aimed at unotify's process;
 * - io_uring and Linux AIO, which perform calls that seccomp never sees;
 * - userfaultfd, whose faults could hold the supervisor's memory reads;
 * - open_by_handle_at, which opens without a path;
 * - TIOCSTI and TIOCLINUX, which push input into the terminal for a shell
 *   to run after the sandbox ended;
 * - a thread entering a Landlock domain of its own, which the supervisor
 *   must know of: acting for it outside that domain would widen it;
 * - TCP Fast Open, which connects from sendto/sendmsg where connect is
 *   restricted, and MPTCP where Landlock judges TCP connects.
 * `unotify check` lists them, each with its reason. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "error.h"
#include "net.h"
#include "policy.h"

/* When a rule applies. */
enum {
	W_ALWAYS,     /* every policy: unotify and its keeper run beside the
		       * command (rules on their pids cost it nothing); not
		       * an agent's (UNOTIFY_P_AGENT: a container does not
		       * run beside its agent, nor see its pid) */
	W_SUPERVISED, /* the filter sends some call to the supervisor */
	W_SELF_FB,    /* the same, for rules that keep unotify's own process
		       * group and user out of reach and also refuse the
		       * command's own (fallbacks of the lock layer) */
	W_IO_URING,   /* some rule restricts a call io_uring can make */
	W_AIO,	      /* some rule restricts a call Linux AIO can make */
	W_MEMORY,     /* the supervisor reads the target's memory */
	W_OPEN_PATHS, /* opens have path rules, and no rule names open_by_handle_at */
	W_TTY,	      /* unless UNOTIFY_P_ALLOW_TIOCSTI */
	W_ACTS,	      /* the supervisor acts for the target (emulation) */
	W_LANDLOCK,   /* rules are placed in or bounded by Landlock */
	W_CONNECT,    /* some rule refuses or supervises connect (or Landlock
		       * decides its TCP ports) */
	W_LL_TCP,     /* connect's TCP port rules are placed in Landlock */
};

static const struct {
	int when;
	const char *text, *why;
} rules[] = {
	/* TCP Fast Open connects (and sends) from sendto, sendmsg and
	 * sendmmsg (MSG_FASTOPEN 0x20000000), with no connect for the rules
	 * or Landlock to judge (facts: landlock.md): refused wherever connect
	 * is restricted, with the kernel's answer when client Fast Open is
	 * off (net.ipv4.tcp_fastopen), so that callers fall back to connect.
	 * On a connected socket the flag only fails (EISCONN). */
	{ W_CONNECT, "sendto,sendmsg flags&0x20000000=0x20000000 -> errno EOPNOTSUPP",
	  "TCP Fast Open connects without a connect for the rules to judge" },
	{ W_CONNECT, "sendmmsg arg3&0x20000000=0x20000000 -> errno EOPNOTSUPP",
	  "TCP Fast Open connects without a connect for the rules to judge" },
	/* An MPTCP socket (IPPROTO_MPTCP 262) connects to a TCP listener,
	 * and Landlock's TCP rights do not judge it; the supervisor does
	 * (proto=tcp holds for it: net.c). */
	{ W_LL_TCP, "socket protocol=262 -> errno EPROTONOSUPPORT",
	  "an MPTCP socket connects around Landlock's TCP port rules" },
	/* SECCOMP_SET_MODE_FILTER (1) with SECCOMP_FILTER_FLAG_NEW_LISTENER (8). */
	{ W_SUPERVISED, "seccomp operation=1 flags&8=8 -> errno EBUSY",
	  "a second listener would let the target answer its own calls" },
	{ W_ALWAYS,
	  "kill,pidfd_open,process_vm_readv,process_vm_writev,"
	  "prlimit64,sched_setaffinity,sched_setattr,sched_setparam,"
	  "sched_setscheduler pid=UNOTIFY_PID -> errno EPERM",
	  "nothing aimed at unotify's own process" },
	{ W_ALWAYS, "tgkill,rt_sigqueueinfo,rt_tgsigqueueinfo tgid=UNOTIFY_PID -> errno EPERM",
	  "no signal to unotify" },
	{ W_ALWAYS, "tkill tid=UNOTIFY_PID -> errno EPERM", "no signal to unotify" },
	{ W_ALWAYS, "ptrace pid=UNOTIFY_PID -> errno EPERM", "no tracing of unotify" },
	/* F_SETOWN 8: SIGIO (or F_SETSIG's signal) to the owner. */
	{ W_ALWAYS, "fcntl cmd=8 arg=UNOTIFY_PID -> errno EPERM", "no SIGIO to unotify" },
	{ W_SELF_FB, "fcntl cmd=8 arg=UNOTIFY_FB_NEG_PGID -> errno EPERM",
	  "no SIGIO to unotify's process group (without the lock layer)" },
	/* Group and broadcast signals reach unotify only where Landlock's
	 * signal scope (6.12) does not keep them from it: launch-time values
	 * that match nothing under the lock layer. */
	{ W_SELF_FB, "kill pid=UNOTIFY_FB_NEG_PGID -> errno EPERM",
	  "no signal to unotify's process group (without the lock layer)" },
	{ W_SELF_FB, "kill pid=UNOTIFY_FB_ZERO -> errno EPERM",
	  "no signal to a process group unotify may be in (without the lock layer)" },
	{ W_SELF_FB, "kill pid=UNOTIFY_FB_ALL -> errno EPERM",
	  "no signal to every process (without the lock layer)" },
	{ W_ALWAYS, "setpriority which=PRIO_PROCESS who=UNOTIFY_PID -> errno EPERM",
	  "no priority change of unotify" },
	{ W_SELF_FB, "setpriority which=PRIO_PGRP who=0 -> errno EPERM",
	  "no priority change of a process group unotify may be in" },
	{ W_SELF_FB, "setpriority which=PRIO_PGRP who=UNOTIFY_PGID -> errno EPERM",
	  "no priority change of unotify's process group" },
	{ W_SELF_FB, "setpriority which=PRIO_USER -> errno EPERM",
	  "no priority change of every process of a user" },
	/* IOPRIO_WHO_PROCESS 1, IOPRIO_WHO_PGRP 2, IOPRIO_WHO_USER 3. */
	{ W_ALWAYS, "ioprio_set which=1 who=UNOTIFY_PID -> errno EPERM",
	  "no I/O priority change of unotify" },
	{ W_SELF_FB, "ioprio_set which=2 who=0 -> errno EPERM",
	  "no I/O priority change of a process group unotify may be in" },
	{ W_SELF_FB, "ioprio_set which=2 who=UNOTIFY_PGID -> errno EPERM",
	  "no I/O priority change of unotify's process group" },
	{ W_SELF_FB, "ioprio_set which=3 -> errno EPERM",
	  "no I/O priority change of every process of a user" },
	{ W_IO_URING, "io_uring_setup,io_uring_enter,io_uring_register -> errno ENOSYS",
	  "io_uring performs calls the filter never sees; ENOSYS makes programs fall back" },
	{ W_AIO, "io_setup,io_submit -> errno ENOSYS",
	  "Linux AIO reads, writes and syncs without the calls the filter sees" },
	{ W_MEMORY, "userfaultfd -> errno EPERM",
	  "a fault nobody serves would hold the supervisor's read of the target's memory" },
	/* USERFAULTFD_IOC_NEW = _IO(0xAA, 0x00), on /dev/userfaultfd. */
	{ W_MEMORY, "ioctl request=0xaa00 -> errno EPERM",
	  "/dev/userfaultfd makes userfaultfds too" },
	{ W_OPEN_PATHS, "open_by_handle_at -> errno EPERM",
	  "opens by handle reach files without a path for the rules to judge" },
	/* TIOCSTI 0x5412, TIOCLINUX 0x541c. */
	{ W_TTY, "ioctl request=0x5412 -> errno EPERM",
	  "TIOCSTI pushes input a shell runs after the sandbox ended" },
	{ W_TTY, "ioctl request=0x541c -> errno EPERM",
	  "TIOCLINUX pastes input a shell runs after the sandbox ended" },
	/* OPEN_TREE_CLONE (1): the rest of the mount family Landlock refuses
	 * itself once it handles a file right. */
	{ W_LANDLOCK, "open_tree,open_tree_attr flags&1=1 -> errno EPERM",
	  "a detached copy of a granted tree would reach it by another name" },
};

/* The calls io_uring can perform (its opcodes, Linux 6.18, and its
 * socket commands: ioctl SIOCINQ/SIOCOUTQ, getsockopt, setsockopt; a fixed
 * fd installed as dup does), by the names a rule may use. */
static const char *const io_uring_calls[] = {
	"dup",
	"dup2",
	"dup3",
	"getsockopt",
	"ioctl",
	"setsockopt",
	"accept",
	"accept4",
	"bind",
	"close",
	"connect",
	"epoll_ctl",
	"epoll_pwait",
	"epoll_wait",
	"fadvise64",
	"fallocate",
	"fdatasync",
	"fgetxattr",
	"fsetxattr",
	"fsync",
	"ftruncate",
	"futex",
	"futex_waitv",
	"getxattr",
	"link",
	"linkat",
	"listen",
	"madvise",
	"mkdir",
	"mkdirat",
	"open",
	"openat",
	"openat2",
	"pipe",
	"pipe2",
	"poll",
	"ppoll",
	"pread64",
	"preadv",
	"preadv2",
	"pwrite64",
	"pwritev",
	"pwritev2",
	"read",
	"readv",
	"recvfrom",
	"recvmsg",
	"rename",
	"renameat",
	"renameat2",
	"rmdir",
	"sendmsg",
	"sendto",
	"setxattr",
	"shutdown",
	"socket",
	"splice",
	"statx",
	"symlink",
	"symlinkat",
	"sync_file_range",
	"tee",
	"unlink",
	"unlinkat",
	"waitid",
	"write",
	"writev",
	"creat",
};

/* The calls Linux AIO can perform (IOCB_CMD_*). */
static const char *const aio_calls[] = {
	"fdatasync", "fsync",	 "poll", "pread64", "preadv", "preadv2", "pwrite64",
	"pwritev",   "pwritev2", "read", "readv",   "write",  "writev",
};

/* Whether the user's own rules (not an imported profile's) name NAME. */
static bool _find(const struct unotify_policy *p, const char *name)
{
	for (size_t i = 0; i < p->nsys; i++)
		if (strcmp(p->sys[i]->name, name) == 0)
			for (size_t k = 0; k < p->sys[i]->ninst; k++)
				if (!p->sys[i]->insts[k]->rule->foreign)
					return true;
	return false;
}

/* Whether some call of NAME is refused or supervised by the user's rules
 * (or judged as another call: bind). */
static bool _restricted(const struct unotify_policy *p, const char *name)
{
	const struct sysent *s = NULL;

	for (size_t i = 0; i < p->nsys && !s; i++)
		if (strcmp(p->sys[i]->name, name) == 0)
			s = p->sys[i];
	if (s && s->force_sup)
		return true;
	if (!s || !s->ninst)
		return p->dflt != ACT_ALLOW;
	for (size_t k = 0; k < s->nvars; k++)
		if (place_variant_supervised(p, &s->vars[k]))
			return true;
	for (size_t i = 0; i < s->ninst; i++) {
		if (s->insts[i]->rule->implicit)
			continue;
		if (s->insts[i]->rule->action != ACT_ALLOW)
			return true;
		if (inst_matches_all(s->insts[i]))
			return false;
	}
	return p->dflt != ACT_ALLOW;
}

static bool _aio(const struct unotify_policy *p)
{
	if (_find(p, "io_setup") || _find(p, "io_submit"))
		return false; /* the user's rules decide */
	for (size_t i = 0; i < ARRAY_SIZE(aio_calls); i++)
		if (_restricted(p, aio_calls[i]))
			return true;
	return false;
}

const char *implicit_io_uring_restricted(const struct unotify_policy *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(io_uring_calls); i++)
		if (_restricted(p, io_uring_calls[i]))
			return io_uring_calls[i];
	return NULL;
}

static bool _io_uring(const struct unotify_policy *p)
{
	if (_find(p, "io_uring_setup") || _find(p, "io_uring_enter") ||
	    _find(p, "io_uring_register"))
		return false; /* the user's rules decide */
	/* (an agent's: a container's profile always refuses it) */
	return (p->flags & UNOTIFY_P_AGENT) || implicit_io_uring_restricted(p) != NULL;
}

static bool _has_path_arg(const struct sysent *s)
{
	for (int i = 0; s->sig && i < SYS_MAX_ARGS && s->sig->args[i].name; i++)
		if (arg_kind_is_path(s->sig->args[i].kind))
			return true;
	return false;
}

/* Whether the supervisor reads the target's memory for some call: a path
 * (to judge or to record it), a socketcall argument block, bind's address. */
static bool _memory(const struct unotify_policy *p)
{
	for (size_t i = 0; i < p->nsys; i++) {
		if (p->sys[i]->force_sup) /* bind's address */
			return true;
		for (size_t k = 0; k < p->sys[i]->nvars; k++)
			if (place_variant_supervised(p, &p->sys[i]->vars[k]) &&
			    (p->sys[i]->vars[k].block_words || _has_path_arg(p->sys[i]) ||
			     net_addr_arg(p->sys[i]->name) >= 0)) /* an address, its data */
				return true;
	}
	return false;
}

/* The first of NAMES that has a path rule, or NULL. */
static struct sysent *_path_rules(const struct unotify_policy *p, const char *const *names,
				  size_t n)
{
	for (size_t k = 0; k < n; k++)
		for (size_t s = 0; s < p->nsys; s++)
			for (size_t i = 0;
			     strcmp(p->sys[s]->name, names[k]) == 0 && i < p->sys[s]->ninst; i++)
				if (p->sys[s]->insts[i]->has_path)
					return p->sys[s];
	return NULL;
}

/* bind() of an AF_UNIX file name makes a socket inode, as mknodat(S_IFSOCK)
 * does: where mknod has path rules, every bind goes to the supervisor and
 * a file name is judged by them (supervise.c). */
static int _bind_as_mknod(struct unotify_policy *p, struct unotify_error *err)
{
	static const char *const mknods[] = { "mknodat", "mknod" };
	const struct src_loc loc = { "implicit", 0, 0 };
	struct sysent *as = _path_rules(p, mknods, ARRAY_SIZE(mknods)), *bind;

	if (!as)
		return 0;
	bind = policy_sysent(p, "bind", err, &loc);
	if (!bind)
		return -err->code;
	bind->force_sup = true;
	bind->judge_as = as;
	return 0;
}

/* Whether some rule refuses or supervises connect (or Landlock judges
 * its TCP ports): TCP Fast Open would connect around them. */
static bool _connect_restricted(const struct unotify_policy *p)
{
	return p->ll.net_connect || _restricted(p, "connect");
}

/* Whether the implicit rules on sendto, sendmsg, sendmmsg and socket
 * apply on i386: their conditions send its socketcall sub-calls to the
 * supervisor, which reads their argument blocks (and acts for what it
 * lets through, emu_socket). */
static bool _mux(const struct unotify_policy *p)
{
	return policy_admits(p, ARCH_I386) && _connect_restricted(p);
}

/* The calls whose i386 socketcall sub-call the supervisor performs once
 * a decision read its block and let it through without `continue`. */
static const char *const socketcall_acts[] = { "socket", "connect", "bind", "sendto", "sendmsg" };

/* Whether the filter sends S's i386 socketcall sub-call to the supervisor. */
static bool _block_supervised(const struct unotify_policy *p, const struct sysent *s)
{
	for (size_t v = 0; v < s->nvars; v++)
		if (s->vars[v].block_words && place_variant_supervised(p, &s->vars[v]))
			return true;
	return false;
}

/* Whether the supervisor acts for the target (emulation). */
static bool _acts(const struct unotify_policy *p)
{
	if (_mux(p))
		return true;
	for (size_t i = 0; i < p->nsys; i++)
		for (size_t k = 0; k < ARRAY_SIZE(socketcall_acts); k++)
			if (strcmp(p->sys[i]->name, socketcall_acts[k]) == 0 &&
			    _block_supervised(p, p->sys[i]))
				return true;
	for (size_t i = 0; i < p->nsys; i++) {
		const struct sysent *s = p->sys[i];

		if (s->landlock)
			continue;
		if (s->force_sup || s->dflt == V_EMULATE)
			return true;
		for (size_t k = s->first_sup; k < s->ninst; k++)
			if (s->insts[k]->verdict == V_EMULATE)
				return true;
	}
	return false;
}

static bool _open_paths(const struct unotify_policy *p)
{
	static const char *const opens[] = { "open", "openat", "openat2", "creat" };

	return !_find(p, "open_by_handle_at") && _path_rules(p, opens, ARRAY_SIZE(opens));
}

/* Moves the implicit rules (and instances) ahead of the user's, keeping
 * each group's order. */
static void _put_first(void **v, size_t n, bool (*implicit)(const void *))
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		void *x = v[i];

		if (!implicit(x))
			continue;
		memmove(&v[k + 1], &v[k], (i - k) * sizeof(*v));
		v[k++] = x;
	}
}

static bool _rule_implicit(const void *r)
{
	return ((const struct rule *)r)->implicit;
}

static bool _inst_implicit(const void *in)
{
	return ((const struct inst *)in)->rule->implicit;
}

/* Parses the rules that apply to P as unotify's own, ahead of the user's. */
static int _add_rules(struct unotify_policy *p, struct unotify_error *err)
{
	const bool when[] = {
		[W_ALWAYS] = !(p->flags & UNOTIFY_P_AGENT),
		/* (an agent's: export always writes these refusals) */
		[W_SUPERVISED] = p->supervised || _mux(p) || (p->flags & UNOTIFY_P_AGENT),
		[W_SELF_FB] = (p->supervised || _mux(p)) && !(p->flags & UNOTIFY_P_AGENT),
		[W_IO_URING] = _io_uring(p),
		[W_AIO] = _aio(p),
		[W_MEMORY] = _memory(p) || _mux(p) || (p->flags & UNOTIFY_P_AGENT),
		[W_OPEN_PATHS] = _open_paths(p),
		[W_TTY] = !(p->flags & UNOTIFY_P_ALLOW_TIOCSTI),
		[W_ACTS] = _acts(p),
		[W_LANDLOCK] = (p->ll.placed | p->ll.bound) != 0,
		[W_CONNECT] = _connect_restricted(p),
		[W_LL_TCP] = p->ll.net_connect,
	};
	_cleanup_free_ char *text = NULL;
	size_t size = 0, first = p->nrules, k;
	FILE *f = open_memstream(&text, &size);
	const char *o = policy_origin(p, "implicit");
	int ret;

	if (!f || !o) {
		if (f)
			fclose(f);
		return err_set(err, ENOMEM, NULL, "out of memory");
	}
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (when[rules[i].when])
			fprintf(f, "%s\n", rules[i].text);
	if (fclose(f) != 0)
		return err_set(err, ENOMEM, NULL, "out of memory");
	ret = policy_parse(p, o, text, true, err);
	if (ret < 0)
		return ret;
	k = first;
	for (size_t i = 0; i < ARRAY_SIZE(rules) && k < p->nrules; i++)
		if (when[rules[i].when])
			p->rules[k++]->why = rules[i].why;
	_put_first((void **)p->rules, p->nrules, _rule_implicit);
	for (size_t i = 0; i < p->nsys; i++)
		_put_first((void **)p->sys[i]->insts, p->sys[i]->ninst, _inst_implicit);
	return 0;
}

/* Where the supervisor acts for the target, it must see the target put
 * itself in a Landlock domain of its own (acting outside that domain would
 * widen it): landlock_restrict_self goes to the supervisor, whatever rule
 * decides it, which marks the listener before answering (dispatch.c). */
static int _watch_restrict(struct unotify_policy *p, struct unotify_error *err)
{
	const struct src_loc loc = { "implicit", 0, 0 };
	struct sysent *s;

	if (!_acts(p))
		return 0;
	s = policy_sysent(p, "landlock_restrict_self", err, &loc);
	if (!s)
		return -err->code;
	s->watch = true;
	return 0;
}

/* i386's socketcall(SYS_SOCKET): what the supervisor lets through after
 * reading its block is made by the supervisor from its copy (net.h). */
static void _socket_acts(struct unotify_policy *p)
{
	for (size_t i = 0; i < p->nsys; i++)
		if (strcmp(p->sys[i]->name, "socket") == 0 && !p->sys[i]->emulate)
			p->sys[i]->emulate = emu_socket;
}

int implicit_add(struct unotify_policy *p, struct unotify_error *err)
{
	int ret = _bind_as_mknod(p, err);

	if (ret == 0)
		ret = _watch_restrict(p, err);
	if (ret == 0)
		ret = _add_rules(p, err);
	if (ret == 0)
		_socket_acts(p);
	return ret;
}
