/* The compiled filter against the rules: every policy below is compiled,
 * and its BPF program is run through an interpreter for many calls and
 * compared with eval_kernel(), the supervisor's reading of the same rules.
 * Then the properties the kernel needs: size, no far jumps, and calls the
 * policy allows outright decided from arch and nr alone. */
#include <errno.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>

#include "bpf.h"
#include "bpf_interp.h"
#include "eval.h"
#include "policy.h"
#include "tap.h"

static const char *const policies[] = {
	"getpriority which=1 -> errno 1\ngetpriority who=2 -> errno 2",
	"getpriority which<0 -> errno 3\ngetpriority which<=5 -> errno 4\n"
	"getpriority which>100 -> errno 5\ngetpriority which>=50 -> errno 6\n"
	"getpriority which!=7 -> errno 7",
	"getpriority who<3 -> errno 3\ngetrandom flags>=0x80000000 -> errno 4\n"
	"getpriority who&0xff=0x10 -> errno 5\ngetpriority who&0xf0!=0 -> errno 6",
	"lseek offset<0 -> errno 3\nlseek offset<=0x100000000 -> errno 4\n"
	"lseek offset>0x7fffffffffffff00 -> errno 5\nlseek offset>=0x200000000 -> errno 6\n"
	"lseek offset=0x300000001 -> errno 7\nlseek offset!=0x400000000 -> errno 8",
	"getppid arg0<0x100000000 -> errno 3\ngetppid arg0>0xfffffffffffffffe -> errno 4\n"
	"getppid arg0&0xff00000000=0x1200000000 -> errno 5\n"
	"getppid arg0&0xff000000ff!=0x1200000034 -> errno 6",
	"close fd=3 -> errno 9\nclose fd=-1 -> kill\nclose -> allow\ndefault errno 38",
	"mkdir pathname=/tmp/** -> allow\nmkdir -> deny\ngetpid -> kill\ndefault kill",
	"getppid -> return 1\ngetpid arg0=1 -> deny",
	"read fd=0 -> allow\nread,write fd>2 -> errno 13\nwrite -> allow, log\nopenat flags&O_CREAT=O_CREAT -> errno EROFS",
	/* i386: aliases, split 64-bit arguments, 32-bit longs */
	"getuid -> errno 1\nfcntl cmd=4 -> errno 2\nstat -> errno 3\nclock_gettime clockid=1 -> errno 4\n"
	"setuid uid=0 -> errno 5\nchown owner=0 -> errno 6\nsemctl cmd=0 -> errno 7\nshmctl cmd=0 -> errno 8",
	"pread64 offset>0x100000000 -> errno 3\npread64 offset<0 -> errno 4\n"
	"truncate length=0x200000001 -> errno 5\nlseek offset<-1 -> errno 6\nlseek offset>=0x80000000 -> errno 7\n"
	"ftruncate length&0xff00000000=0x100000000 -> errno 8\nmmap offset=4096 -> errno 9",
	/* i386 multiplexers: socketcall (kernel on the sub-call; supervisor for
	 * conditions), ipc (sub-call in the low 16 bits, arguments in registers) */
	"connect -> errno 1\nsocket domain=AF_INET -> errno 2\nsendto -> allow, log\nsocketcall arg0=99 -> errno 3",
	"semop nsops>2 -> errno 1\nsemget -> errno 2\nshmat shmflg&0x1000=0x1000 -> errno 3\nmsgrcv msgtyp=1 -> errno 4\nipc -> errno 5",
	/* widths the kernel looks at: umode_t is 16 bits, ioctl's request and
	 * clone's flags 32 */
	"mkdir mode=0777 -> errno 3\nchmod mode&S_IWOTH=S_IWOTH -> errno 4\nopen mode>0700 -> errno 5\n"
	"umask mask<022 -> errno 6\nioctl request=0x5412 -> errno 7\nclone flags&CLONE_NEWUSER!=0 -> errno 8\n"
	"mknod mode&S_IFMT=S_IFSOCK -> errno 9\nfcntl arg=-1 -> errno 10",
	/* i386 legacy calls in their families: umount's flags and nice's
	 * which and who are 0, signal's handler cannot be judged */
	"umount2 flags=0 -> errno 1\nsetpriority which=0 who=0 -> errno 2\nwait4 rusage=0 -> errno 3\n"
	"uname -> errno 4\nrt_sigaction signum=10 -> errno 5\nrt_sigaction act=0 -> errno 6\n"
	"stat -> errno 7\ngetdents fd=3 -> errno 8",
	/* arch conditions and directives */
	"mq_notify arch=x86_64 -> errno 244\nmq_notify arch=i386 -> errno 281\nmq_notify arch!=x32 -> errno 9",
	"arch x86_64 x32\ngetppid -> errno 1\nclose fd=3 -> errno 2",
	"arch i386\ngetppid -> errno 1\nclose fd=3 -> errno 2\ndefault errno 38",
	"arch x32\ngetppid -> errno 1",
};

/* Argument values that sit on the edges the conditions care about. */
static const uint64_t edges[] = {
	0,
	1,
	2,
	3,
	5,
	7,
	0x10,
	0x34,
	50,
	100,
	101,
	0xff,
	0x7fffffff,
	0x80000000,
	0xffffffff,
	0x100000000,
	0x100000003,
	0x1200000000,
	0x1200000034,
	0x200000000,
	0x300000001,
	0x400000000,
	0x7fffffffffffff00,
	0x7fffffffffffffff,
	0x8000000000000000,
	0xfffffffffffffffe,
	0xffffffffffffffff,
	0xfffffffffffffffd,
	0xffffffff00000003,
	/* the launch-time values below, and their negations */
	4242,
	4241,
	4240,
	0xffffef6f,
	0xffffffffffffef6f,
	0x5412,
	0x100005412,
	0xaa00,
	0x1ff,
	0x101ff,
	0x1c000,
	0x110000000,
};

/* unotify's pid and process group in the patched programs. */
static const struct rt_values rt_unlocked = {
	.known = true, .pid = 4242, .pgid = 4241, .keeper = 4240
};
static const struct rt_values rt_locked = {
	.known = true, .locked = true, .pid = 4242, .pgid = 4241, .keeper = 4240
};

static uint64_t rng = 0x9e3779b97f4a7c15;

static uint64_t _rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t _arg(void)
{
	uint64_t r = _rand();

	return r & 1 ? edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))] : _rand();
}

static const uint32_t audits[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64 };

/* A call to check: every variant of every syscall the policy names (with
 * its sub-call selector set, and sometimes an ipc version in the upper
 * half), and random numbers on every arch. */
static void _pick(const struct unotify_policy *p, size_t s, size_t k, struct seccomp_data *d)
{
	for (int i = 0; i < 6; i++)
		d->args[i] = _arg();
	if (s < p->nsys && k < p->sys[s]->nvars) {
		const struct variant *v = &p->sys[s]->vars[k];

		d->arch = arch_table[v->arch].audit;
		d->nr = v->nr;
		if (v->sel_reg >= 0 && _rand() % 4)
			d->args[v->sel_reg] = v->sel_val | (_rand() & 1 ? 0x10000 : 0);
		return;
	}
	d->arch = audits[_rand() % 3];
	d->nr = (int)(_rand() % 500);
	if (_rand() % 8 == 0)
		d->nr |= (int)(0x40000000u << (_rand() % 2)); /* x32, and past it */
	if (_rand() % 50 == 0)
		d->nr = -1;
}

/* Compares the program with eval_kernel() over many calls: as compiled,
 * and with launch-time values patched in (with and without the lock
 * layer). */
static int _cross_check(const struct unotify_policy *p, size_t *checked)
{
	const struct rt_values *rts[] = { NULL, &rt_unlocked, &rt_locked };
	struct sock_filter *progs[3];
	int bad = 0;

	for (int i = 0; i < 3; i++)
		progs[i] = bpf_patch_prog(p, rts[i]);

	for (size_t s = 0; s <= p->nsys; s++) {
		size_t nv = s < p->nsys ? p->sys[s]->nvars : 1;

		for (int round = 0; round < 4000; round++) {
			struct seccomp_data d = { 0 };
			uint32_t want, got;

			int r = round % 3;

			_pick(p, s, (size_t)round % nv, &d);
			want = eval_kernel(p, rts[r], &d);
			got = bpf_run(r ? progs[r] : p->prog, p->prog_len, &d, NULL);
			if (want != got && bad++ < 3)
				diag("rt %d arch %x nr %d args %llx %llx: bpf %08x, eval %08x", r,
				     d.arch, d.nr, (unsigned long long)d.args[0],
				     (unsigned long long)d.args[1], got, want);
			(*checked)++;
		}
	}
	for (int i = 0; i < 3; i++)
		free(progs[i]);
	return bad;
}

static struct unotify_policy *_compile(const char *text, struct unotify_error *err)
{
	struct unotify_policy *p = NULL;

	unotify_policy_new(&p);
	if (unotify_policy_add_text(p, "t", text, err) < 0 || unotify_policy_compile(p, err) < 0) {
		unotify_policy_free(p);
		return NULL;
	}
	return p;
}

static void _check_policy(const char *text, const char *name)
{
	struct unotify_error err;
	struct unotify_policy *p = _compile(text, &err);
	size_t checked = 0;
	int bad;

	if (!ok(p != NULL, "%s compiles", name)) {
		diag("%s: %s", err.where, err.message);
		ok(false, "%s: filter matches the rules", name);
		return;
	}
	bad = _cross_check(p, &checked);
	ok(bad == 0, "%s: filter matches the rules (%zu calls)", name, checked);
	unotify_policy_free(p);
}

/* The frame around the rules: arch, x32, nr -1. */
static void _check_frame(void)
{
	struct unotify_error err;
	struct unotify_policy *p = _compile("arch x86_64\ngetppid -> deny\ndefault errno 5", &err);
	struct seccomp_data d = { .arch = AUDIT_ARCH_X86_64, .nr = 110 };

	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | EPERM,
	       "getppid (110) denied");
	d.nr = 39;
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | 5,
	       "others get the default");
	d.nr = 0x40000000 | 39;
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_KILL_PROCESS,
	       "x32 numbers kill");
	d.nr = -1;
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ALLOW,
	       "nr -1 is allowed (nothing runs)");
	d.nr = 39;
	d.arch = AUDIT_ARCH_I386;
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_KILL_PROCESS,
	       "an arch outside the policy kills");
	d.arch = AUDIT_ARCH_AARCH64;
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_KILL_PROCESS,
	       "so does aarch64");
	unotify_policy_free(p);

	p = _compile("getppid -> deny", &err);
	d = (struct seccomp_data){ .arch = AUDIT_ARCH_I386, .nr = 64 };
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | EPERM,
	       "i386 is admitted by default, and its getppid (64) denied");
	d.nr = 20;
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ALLOW, "i386 getpid allowed");
	d = (struct seccomp_data){ .arch = AUDIT_ARCH_X86_64, .nr = 0x40000000 | 110 };
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_KILL_PROCESS,
	       "x32 is not admitted by default");
	unotify_policy_free(p);
}

static char *_long_policy(int rules, int syscalls)
{
	size_t size = (size_t)(rules + syscalls) * 64 + 1;
	char *text = malloc(size), *t = text;
	static const char *const names[] = {
		"read",	 "write", "close",   "fstat",	 "lseek",   "mmap",   "mprotect", "munmap",
		"brk",	 "ioctl", "pread64", "pwrite64", "readv",   "writev", "access",	  "pipe",
		"dup",	 "dup2",  "getpid",  "socket",	 "connect", "accept", "bind",	  "listen",
		"clone", "fork",  "vfork",   "execve",	 "exit",    "wait4",  "kill",	  "uname",
		"fcntl", "flock", "fsync",   "truncate", "getcwd",  "chdir",  "fchdir",	  "rename"
	};

	for (int i = 0; i < rules; i++)
		t += sprintf(t, "getpriority which=%d who!=%d -> errno %d\n", i, i, i % 4000 + 1);
	for (int i = 0; i < syscalls && i < (int)(sizeof(names) / sizeof(names[0])); i++)
		t += sprintf(t, "%s arg0=%d -> errno %d\n", names[i], i, i + 1);
	t += sprintf(t, "default allow\n");
	return text;
}

/* Long chains need trampolines; every jump must land inside the program. */
static void _check_long(void)
{
	struct unotify_error err;
	char *text = _long_policy(280, 40);
	struct unotify_policy *p = _compile(text, &err);
	size_t checked = 0;
	bool in_range = true;
	int bad;

	ok(p != NULL, "a 320-rule policy compiles for two arches");
	if (!p) {
		diag("%s", err.message);
		free(text);
		return;
	}
	for (size_t i = 0; i < p->prog_len; i++) {
		const struct sock_filter *f = &p->prog[i];

		if (BPF_CLASS(f->code) != BPF_JMP)
			continue;
		if (BPF_OP(f->code) == BPF_JA
			    ? i + 1 + f->k >= p->prog_len
			    : i + 1 + f->jt >= p->prog_len || i + 1 + f->jf >= p->prog_len)
			in_range = false;
	}
	ok(in_range, "every jump lands inside the %zu-instruction program", p->prog_len);
	bad = _cross_check(p, &checked);
	ok(bad == 0, "the long chain matches the rules (%zu calls)", checked);
	unotify_policy_free(p);
	free(text);

	text = _long_policy(2100, 0);
	p = _compile(text, &err);
	ok(!p && err.code == EINVAL && strstr(err.message, "the kernel takes at most 4096"),
	   "a policy past BPF_MAXINSNS is refused: %s", err.message);
	unotify_policy_free(p);
	free(text);
}

/* Calls allowed outright are decided without looking at arguments, so
 * the kernel's action cache can hold them. */
static void _check_cache(void)
{
	struct unotify_error err;
	struct unotify_policy *p =
		_compile("getpriority which=1 -> deny\nclose -> allow\nmkdir -> deny", &err);
	bool read_args = false;

	for (int nr = 0; nr < 450; nr++) {
		struct seccomp_data d = { .arch = AUDIT_ARCH_X86_64, .nr = nr };
		bool conditional = false;

		/* getpriority and the calls unotify's implicit rules condition */
		for (size_t s = 0; s < p->nsys; s++)
			for (size_t i = 0; i < p->sys[s]->ninst; i++)
				conditional |=
					p->sys[s]->vars[0].nr == nr && p->sys[s]->insts[i]->ncond;
		if (conditional)
			continue;
		bpf_run(p->prog, p->prog_len, &d, &read_args);
	}
	ok(!read_args, "unconditionally decided calls never load an argument");
	unotify_policy_free(p);
}

/* Every argument the kernel narrows: a value with bits set above what the
 * kernel looks at must still meet a condition on its low bits, as the
 * kernel performs the call with those bits alone. */
static void _check_widths(void)
{
	static const struct {
		const char *call, *arg;
		unsigned bits;
	} narrowed[] = {
		{ "ioctl", "request", 32 },
		{ "personality", "persona", 32 },
		{ "clone", "flags", 32 },
		{ "setns", "nstype", 32 },
		{ "unshare", "flags", 32 },
		{ "mount", "mountflags", 32 },
		{ "getdents64", "count", 32 },
		{ "readlink", "bufsiz", 32 },
		{ "readlinkat", "bufsiz", 32 },
		{ "semop", "nsops", 32 },
		{ "semtimedop", "nsops", 32 },
		{ "sethostname", "len", 32 },
		{ "setdomainname", "len", 32 },
		{ "setgroups", "size", 32 },
		{ "kcmp", "idx1", 32 },
		{ "process_vm_readv", "liovcnt", 32 },
		{ "process_vm_writev", "liovcnt", 32 },
		{ "fcntl", "arg", 32 },
		{ "chmod", "mode", 16 },
		{ "creat", "mode", 16 },
		{ "fchmod", "mode", 16 },
		{ "fchmodat", "mode", 16 },
		{ "mkdir", "mode", 16 },
		{ "mkdirat", "mode", 16 },
		{ "mknod", "mode", 16 },
		{ "mknodat", "mode", 16 },
		{ "open", "mode", 16 },
		{ "openat", "mode", 16 },
		{ "umask", "mask", 16 },
	};
	int bad = 0;

	for (size_t i = 0; i < sizeof(narrowed) / sizeof(narrowed[0]); i++) {
		char text[128];
		struct unotify_error err;
		struct unotify_policy *p;
		const struct variant *v;
		struct seccomp_data d = { .arch = AUDIT_ARCH_X86_64 };
		int idx;

		snprintf(text, sizeof(text), "%s %s=5 -> errno 9", narrowed[i].call,
			 narrowed[i].arg);
		p = _compile(text, &err);
		if (!p) {
			diag("%s: %s", text, err.message);
			bad++;
			continue;
		}
		v = &p->sys[0]->vars[0];
		idx = sys_sig_arg(p->sys[0]->sig, narrowed[i].arg);
		d.nr = v->nr;
		d.args[idx] = 5 | (UINT64_C(1) << narrowed[i].bits);
		if (bpf_run(p->prog, p->prog_len, &d, NULL) != (SECCOMP_RET_ERRNO | 9) ||
		    eval_kernel(p, NULL, &d) != (SECCOMP_RET_ERRNO | 9)) {
			diag("%s: 5 | 1 << %u is not caught", text, narrowed[i].bits);
			bad++;
		}
		unotify_policy_free(p);
	}
	ok(bad == 0, "a condition on a narrowed argument ignores the bits the kernel ignores");
}

/* unotify's own rules: with the launch-time values patched in, the
 * target cannot reach unotify; without them (an embedder's install), the
 * pid conditions match nothing. */
static void _check_implicit(void)
{
	struct unotify_error err;
	struct unotify_policy *p = _compile("mkdir pathname=/x/** -> deny", &err);
	struct sock_filter *unlocked = bpf_patch_prog(p, &rt_unlocked);
	struct sock_filter *locked = bpf_patch_prog(p, &rt_locked);
	struct seccomp_data d = { .arch = AUDIT_ARCH_X86_64, .nr = 62 }; /* kill */

	d.args[0] = 4242;
	is_int(bpf_run(unlocked, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | EPERM,
	       "kill(unotify) is refused");
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ALLOW,
	       "unpatched, the pid matches nothing");
	d.args[0] = (uint32_t)-4241;
	is_int(bpf_run(unlocked, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | EPERM,
	       "kill(-pgrp) is refused without the lock layer");
	is_int(bpf_run(locked, p->prog_len, &d, NULL), SECCOMP_RET_ALLOW,
	       "and left to Landlock with it");
	d.args[0] = 0;
	is_int(bpf_run(unlocked, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | EPERM,
	       "kill(0) is refused without the lock layer");
	d.args[0] = 4240;
	is_int(bpf_run(locked, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | EPERM,
	       "kill(keeper) is refused, lock layer or not");
	d.args[0] = 4243;
	is_int(bpf_run(unlocked, p->prog_len, &d, NULL), SECCOMP_RET_ALLOW,
	       "kill of another process is not");
	d = (struct seccomp_data){ .arch = AUDIT_ARCH_X86_64, .nr = 16 }; /* ioctl */
	d.args[1] = 0x100005412;
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | EPERM,
	       "TIOCSTI is refused, high bits or not");
	d = (struct seccomp_data){ .arch = AUDIT_ARCH_X86_64, .nr = 425 }; /* io_uring_setup */
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | ENOSYS,
	       "io_uring_setup gets ENOSYS under a path rule");
	d = (struct seccomp_data){ .arch = AUDIT_ARCH_X86_64, .nr = 317 }; /* seccomp */
	d.args[0] = 1;
	d.args[1] = 8 | 1;
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ERRNO | EBUSY,
	       "no second listener");
	free(unlocked);
	free(locked);
	unotify_policy_free(p);
	p = _compile("getppid -> deny", &err);
	d = (struct seccomp_data){ .arch = AUDIT_ARCH_X86_64, .nr = 425 };
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ALLOW,
	       "io_uring stays when no rule restricts what it can do");
	d = (struct seccomp_data){ .arch = AUDIT_ARCH_X86_64, .nr = 317, .args = { 1, 8 } };
	is_int(bpf_run(p->prog, p->prog_len, &d, NULL), SECCOMP_RET_ALLOW,
	       "nor a listener when nothing is supervised");
	unotify_policy_free(p);
}

int main(void)
{
	char name[32];

	tap_plan((int)(2 * (sizeof(policies) / sizeof(policies[0]))) + 9 + 4 + 1 + 1 + 12);
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
		snprintf(name, sizeof(name), "policy %zu", i + 1);
		_check_policy(policies[i], name);
	}
	_check_frame();
	_check_long();
	_check_cache();
	_check_widths();
	_check_implicit();
	return tap_done();
}
