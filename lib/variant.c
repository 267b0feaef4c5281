/* variant: a syscall's appearances on each architecture (see variant.h).
 * Names only: every number comes from libseccomp. */
#include <errno.h>
#include <linux/ipc.h>
#include <linux/net.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "cleanup.h"
#include "variant.h"

#define MAX_NRS 4

/* clang-format off */
#define R(i) { LAY_32, i, 0 }
#define S(lo, hi) { LAY_SPLIT, lo, hi }
#define NONE { LAY_NONE, 0, 0 }
#define ZERO { LAY_ZERO, 0, 0 }
/* clang-format on */

/* i386 calls that a native name also means: the 32-bit-uid, 64-bit-file
 * and 64-bit-time versions glibc calls on i386, and the legacy calls that
 * do the same thing (oldstat, readdir, umount, nice, olduname, stime, the
 * old signal calls, waitpid, ugetrlimit): a rule on the family covers
 * them, or int 0x80 would get around it.  A name may have several. */
static const struct {
	const char *name, *i386;
} aliases[] = {
	{ "chown", "chown32" },
	{ "clock_adjtime", "clock_adjtime64" },
	{ "clock_getres", "clock_getres_time64" },
	{ "clock_gettime", "clock_gettime64" },
	{ "clock_nanosleep", "clock_nanosleep_time64" },
	{ "clock_settime", "clock_settime64" },
	{ "fadvise64", "fadvise64_64" },
	{ "fchown", "fchown32" },
	{ "fcntl", "fcntl64" },
	{ "fstat", "fstat64" },
	{ "fstat", "oldfstat" },
	{ "fstatfs", "fstatfs64" },
	{ "ftruncate", "ftruncate64" },
	{ "futex", "futex_time64" },
	{ "getegid", "getegid32" },
	{ "geteuid", "geteuid32" },
	{ "getgid", "getgid32" },
	{ "getdents", "readdir" },
	{ "getgroups", "getgroups32" },
	{ "getresgid", "getresgid32" },
	{ "getresuid", "getresuid32" },
	{ "getrlimit", "ugetrlimit" },
	{ "getuid", "getuid32" },
	{ "io_pgetevents", "io_pgetevents_time64" },
	{ "lchown", "lchown32" },
	{ "lseek", "_llseek" },
	{ "lstat", "lstat64" },
	{ "lstat", "oldlstat" },
	{ "mmap", "mmap2" },
	{ "mq_timedreceive", "mq_timedreceive_time64" },
	{ "mq_timedsend", "mq_timedsend_time64" },
	{ "newfstatat", "fstatat64" },
	{ "ppoll", "ppoll_time64" },
	{ "pselect6", "pselect6_time64" },
	{ "recvmmsg", "recvmmsg_time64" },
	{ "rt_sigaction", "sigaction" },
	{ "rt_sigaction", "signal" },
	{ "rt_sigpending", "sigpending" },
	{ "rt_sigprocmask", "sgetmask" },
	{ "rt_sigprocmask", "sigprocmask" },
	{ "rt_sigprocmask", "ssetmask" },
	{ "rt_sigreturn", "sigreturn" },
	{ "rt_sigsuspend", "sigsuspend" },
	{ "rt_sigtimedwait", "rt_sigtimedwait_time64" },
	{ "sched_rr_get_interval", "sched_rr_get_interval_time64" },
	{ "select", "_newselect" },
	{ "semtimedop", "semtimedop_time64" },
	{ "sendfile", "sendfile64" },
	{ "setfsgid", "setfsgid32" },
	{ "setfsuid", "setfsuid32" },
	{ "setgid", "setgid32" },
	{ "setgroups", "setgroups32" },
	{ "setpriority", "nice" },
	{ "setregid", "setregid32" },
	{ "setresgid", "setresgid32" },
	{ "setresuid", "setresuid32" },
	{ "setreuid", "setreuid32" },
	{ "settimeofday", "stime" },
	{ "setuid", "setuid32" },
	{ "stat", "oldstat" },
	{ "stat", "stat64" },
	{ "statfs", "statfs64" },
	{ "timer_gettime", "timer_gettime64" },
	{ "timer_settime", "timer_settime64" },
	{ "timerfd_gettime", "timerfd_gettime64" },
	{ "timerfd_settime", "timerfd_settime64" },
	{ "truncate", "truncate64" },
	{ "umount2", "umount" },
	{ "uname", "oldolduname" },
	{ "uname", "olduname" },
	{ "utimensat", "utimensat_time64" },
	{ "wait4", "waitpid" },
};

/* i386 calls whose arguments do not sit one per register, by the i386
 * name: 64-bit values split over two registers (low first, except
 * _llseek), and a page offset that is not the byte offset. */
static const struct {
	const char *name;
	struct arg_layout lay[SYS_MAX_ARGS];
} i386_layouts[] = {
	{ "_llseek", { R(0), S(2, 1), R(4) } },
	/* Legacy calls: an argument the family has and they lack is 0 where
	 * the kernel uses 0 (umount is umount2(target, 0)), else unjudgeable. */
	{ "nice", { ZERO, ZERO, NONE } },
	{ "sgetmask", { NONE, NONE, NONE, NONE } },
	{ "sigaction", { R(0), R(1), R(2), NONE } },
	{ "signal", { R(0), NONE, NONE, NONE } },
	{ "sigpending", { R(0), NONE } },
	{ "sigprocmask", { R(0), R(1), R(2), NONE } },
	{ "sigsuspend", { NONE, NONE } },
	{ "ssetmask", { NONE, NONE, NONE, NONE } },
	{ "stime", { NONE, NONE } },
	{ "umount", { R(0), ZERO } },
	{ "waitpid", { R(0), R(1), R(2), ZERO } },
	/* i386's clone takes tls before child_tid (CLONE_BACKWARDS). */
	{ "clone", { R(0), R(1), R(2), R(4), R(3) } },
	{ "fadvise64", { R(0), S(1, 2), R(3), R(4) } },
	{ "fadvise64_64", { R(0), S(1, 2), S(3, 4), R(5) } },
	{ "fallocate", { R(0), R(1), S(2, 3), S(4, 5) } },
	{ "ftruncate64", { R(0), S(1, 2) } },
	{ "mmap2", { R(0), R(1), R(2), R(3), R(4), NONE } },
	{ "pread64", { R(0), R(1), R(2), S(3, 4) } },
	{ "pwrite64", { R(0), R(1), R(2), S(3, 4) } },
	{ "readahead", { R(0), S(1, 2), R(3) } },
	{ "sync_file_range", { R(0), S(1, 2), S(3, 4), R(5) } },
	{ "truncate64", { R(0), S(1, 2) } },
};

/* i386 calls that take their arguments as a block in memory which unotify
 * does not read: a condition on them cannot be judged. */
static const char *const i386_opaque[] = { "mmap", "select" };

/* i386 multiplexer sub-calls.  socketcall(2): the block at register 1
 * holds the call's arguments in order (send and recv are sendto and
 * recvfrom without the address).  ipc(2): ipc(call, first, second, third,
 * ptr, fifth), arguments in registers, the call in the low 16 bits of its
 * register (the version in the upper). */
/* clang-format off */
#define SOCKETCALL(name, call, words, ...) \
	{ name, "socketcall", 0xffffffffu, call, words, { __VA_ARGS__ } }
#define IPC(name, call, ...) { name, "ipc", 0xffffu, call, 0, { __VA_ARGS__ } }
/* clang-format on */

static const struct {
	const char *name, *mux;
	uint32_t mask, call;
	uint8_t words;
	struct arg_layout lay[SYS_MAX_ARGS];
} subcalls[] = {
	SOCKETCALL("accept", SYS_ACCEPT, 3, R(0), R(1), R(2)),
	SOCKETCALL("accept4", SYS_ACCEPT4, 4, R(0), R(1), R(2), R(3)),
	SOCKETCALL("bind", SYS_BIND, 3, R(0), R(1), R(2)),
	SOCKETCALL("connect", SYS_CONNECT, 3, R(0), R(1), R(2)),
	SOCKETCALL("getpeername", SYS_GETPEERNAME, 3, R(0), R(1), R(2)),
	SOCKETCALL("getsockname", SYS_GETSOCKNAME, 3, R(0), R(1), R(2)),
	SOCKETCALL("getsockopt", SYS_GETSOCKOPT, 5, R(0), R(1), R(2), R(3), R(4)),
	SOCKETCALL("listen", SYS_LISTEN, 2, R(0), R(1)),
	SOCKETCALL("recvfrom", SYS_RECV, 4, R(0), R(1), R(2), R(3), NONE, NONE),
	SOCKETCALL("recvfrom", SYS_RECVFROM, 6, R(0), R(1), R(2), R(3), R(4), R(5)),
	SOCKETCALL("recvmmsg", SYS_RECVMMSG, 5, R(0), R(1), R(2), R(3), R(4)),
	SOCKETCALL("recvmsg", SYS_RECVMSG, 3, R(0), R(1), R(2)),
	SOCKETCALL("sendmmsg", SYS_SENDMMSG, 4, R(0), R(1), R(2), R(3)),
	SOCKETCALL("sendmsg", SYS_SENDMSG, 3, R(0), R(1), R(2)),
	SOCKETCALL("sendto", SYS_SEND, 4, R(0), R(1), R(2), R(3), NONE, NONE),
	SOCKETCALL("sendto", SYS_SENDTO, 6, R(0), R(1), R(2), R(3), R(4), R(5)),
	SOCKETCALL("setsockopt", SYS_SETSOCKOPT, 5, R(0), R(1), R(2), R(3), R(4)),
	SOCKETCALL("shutdown", SYS_SHUTDOWN, 2, R(0), R(1)),
	SOCKETCALL("socket", SYS_SOCKET, 3, R(0), R(1), R(2)),
	SOCKETCALL("socketpair", SYS_SOCKETPAIR, 4, R(0), R(1), R(2), R(3)),
	/* The compat ipc(2) strips IPC_64 from a ctl call's cmd: unjudgeable. */
	IPC("msgctl", MSGCTL, R(1), NONE, R(4)),
	IPC("msgget", MSGGET, R(1), R(2)),
	IPC("msgrcv", MSGRCV, R(1), NONE, R(2), NONE, R(3)),
	IPC("msgsnd", MSGSND, R(1), R(4), R(2), R(3)),
	IPC("semctl", SEMCTL, R(1), R(2), NONE, NONE),
	IPC("semget", SEMGET, R(1), R(2), R(3)),
	IPC("semop", SEMOP, R(1), R(4), R(2)),
	IPC("semtimedop", SEMTIMEDOP, R(1), R(4), R(2), R(5)),
	IPC("shmat", SHMAT, R(1), R(4), R(2)),
	IPC("shmctl", SHMCTL, R(1), NONE, R(4)),
	IPC("shmdt", SHMDT, R(4)),
	IPC("shmget", SHMGET, R(1), R(2), R(3)),
};

/* Whether NAME also covers an i386 *32 call (32-bit ids). */
static bool _has_alias32(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcmp(aliases[i].name, name) == 0 &&
		    strcmp(aliases[i].i386 + strlen(aliases[i].i386) - 2, "32") == 0)
			return true;
	return false;
}

static struct variant *_push(struct variant **vars, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 4;
		struct variant *bigger = realloc(*vars, c * sizeof(**vars));

		if (!bigger)
			return NULL;
		*vars = bigger;
		*cap = c;
	}
	memset(&(*vars)[*n], 0, sizeof(**vars));
	(*vars)[*n].sel_reg = -1;
	return &(*vars)[(*n)++];
}

/* One register per argument, as wide as the arch and the argument's type. */
static void _plain_layout(struct variant *v, const struct sys_sig *sig)
{
	for (int i = 0; i < SYS_MAX_ARGS; i++) {
		enum arg_type t =
			sig && sig->args[i].name ? arg_kind_type(sig->args[i].kind) : TYPE_U64;
		bool wide = !arch_table[v->arch].regs32 && arg_type_bits(t) == 64;

		v->lay[i] = (struct arg_layout){ wide ? LAY_64 : LAY_32, (uint8_t)i, 0 };
	}
}

static void _i386_specials(struct variant *v, const char *canonical, const struct sys_sig *sig)
{
	/* i386's own setuid, chown, ... take 16-bit ids (0xffff meaning -1)
	 * where the *32 calls take 32-bit ones: a 32-bit comparison would
	 * miss setuid(0x10000), which the kernel performs as setuid(0). */
	if (sig && _has_alias32(canonical) && strcmp(v->name, canonical) == 0)
		for (int i = 0; i < SYS_MAX_ARGS && sig->args[i].name; i++)
			if (sig->args[i].kind == ARG_UID)
				v->lay[i] = (struct arg_layout)NONE;
	for (size_t i = 0; i < ARRAY_SIZE(i386_layouts); i++)
		if (strcmp(i386_layouts[i].name, v->name) == 0)
			memcpy(v->lay, i386_layouts[i].lay, sizeof(v->lay));
	for (size_t i = 0; i < ARRAY_SIZE(i386_opaque); i++)
		if (strcmp(i386_opaque[i], v->name) == 0 && strcmp(canonical, v->name) == 0)
			v->opaque = true;
}

/* The variants of NAME (or its i386 alias CALLED) as plain calls. */
static int _plain(int arch, const char *name, const char *called, const struct sys_sig *sig,
		  struct variant **vars, size_t *n, size_t *cap)
{
	int nrs[MAX_NRS], k = arch_syscall_nrs(arch, called, nrs, MAX_NRS);

	for (int i = 0; i < k; i++) {
		struct variant *v = _push(vars, n, cap);

		if (!v)
			return -ENOMEM;
		v->name = called;
		v->arch = arch;
		v->nr = nrs[i];
		_plain_layout(v, sig);
		if (arch == ARCH_I386)
			_i386_specials(v, name, sig);
	}
	return 0;
}

/* i386 sub-calls of socketcall and ipc that NAME means. */
static int _multiplexed(const char *name, struct variant **vars, size_t *n, size_t *cap)
{
	for (size_t i = 0; i < ARRAY_SIZE(subcalls); i++) {
		int nr = arch_syscall_nr(ARCH_I386, subcalls[i].mux);
		struct variant *v;

		if (strcmp(subcalls[i].name, name) != 0 || nr < 0)
			continue;
		v = _push(vars, n, cap);
		if (!v)
			return -ENOMEM;
		*v = (struct variant){ .name = subcalls[i].mux,
				       .arch = ARCH_I386,
				       .nr = nr,
				       .sel_reg = 0,
				       .sel_mask = subcalls[i].mask,
				       .sel_val = subcalls[i].call,
				       .block_words = subcalls[i].words };
		memcpy(v->lay, subcalls[i].lay, sizeof(v->lay));
	}
	return 0;
}

const char *var_alias_of(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcmp(aliases[i].i386, name) == 0)
			return aliases[i].name;
	return NULL;
}

int var_build(const char *name, const struct sys_sig *sig, struct variant **vars, size_t *n,
	      size_t *cap)
{
	int ret = 0;

	for (int a = 0; a < ARCH_COUNT && ret == 0; a++)
		ret = _plain(a, name, name, sig, vars, n, cap);
	for (size_t i = 0; i < ARRAY_SIZE(aliases) && ret == 0; i++)
		if (strcmp(aliases[i].name, name) == 0)
			ret = _plain(ARCH_I386, name, aliases[i].i386, sig, vars, n, cap);
	if (ret == 0)
		ret = _multiplexed(name, vars, n, cap);
	return ret;
}

struct arg_layout var_layout(const struct variant *v, int arg, bool raw)
{
	if (!raw)
		return v->lay[arg];
	if (v->block_words)
		return (struct arg_layout){ arg < v->block_words ? LAY_32 : LAY_NONE, (uint8_t)arg,
					    0 };
	return (struct arg_layout){ arch_table[v->arch].regs32 ? LAY_32 : LAY_64, (uint8_t)arg, 0 };
}
