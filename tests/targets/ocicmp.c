/* ocicmp PROFILE.json RULES: compares, call by call, the filter unotify
 * compiles from RULES (what `unotify import PROFILE.json` printed) with the
 * filter runc installs for PROFILE: libseccomp's own, built here from the
 * profile as runc builds it (args AND'd, or all OR'd once an index
 * repeats; entries with the default action dropped; Docker's includes and
 * excludes judged as unotify judges them), behind runc's stub that answers
 * ENOSYS above the highest call the profile names.  Both run through the
 * project's BPF interpreter, on x86_64 and i386, for every call number and
 * argument values around every constant the profile names.  Calls unotify
 * decides by its own rules (the implicit ones) and i386's multiplexers
 * (socketcall, ipc) are left out.  Prints TAP lines. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <jansson.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../bpf_interp.h"
#include "policy.h"
#include "variant.h"
#include "unotify.h"

static uint64_t probes[64];
static size_t nprobes;

static void _probe(uint64_t v)
{
	for (size_t i = 0; i < nprobes; i++)
		if (probes[i] == v)
			return;
	if (nprobes < sizeof(probes) / sizeof(probes[0]))
		probes[nprobes++] = v;
}

static bool _in(json_t *list, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
		return true;
	return false;
}

static uint64_t _caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { 0 } };

	syscall(SYS_capget, &h, d);
	return d[0].effective | ((uint64_t)d[1].effective << 32);
}

static int _cap(const char *name)
{
	static const char *const names[] = {
		"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
		"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
		"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
		"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
		"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
		"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
		"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
		"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
		"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static bool _caps_match(json_t *list, uint64_t have, bool all)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		int c = _cap(json_string_value(v));
		bool has = c >= 0 && ((have >> c) & 1);

		if (all && !has)
			return false;
		if (!all && has)
			return true;
	}
	return all;
}

static bool _kernel(const char *want)
{
	struct utsname u;
	int a = 0, b = 0, x = 0, y = 0;

	uname(&u);
	sscanf(want, "%d.%d", &a, &b);
	sscanf(u.release, "%d.%d", &x, &y);
	return x > a || (x == a && y >= b);
}

/* runc's (libcontainer/seccomp + Docker's includes/excludes) reading. */
static bool _applies(json_t *e, uint64_t have)
{
	json_t *inc = json_object_get(e, "includes"), *exc = json_object_get(e, "excludes"), *v;

	if ((v = json_object_get(inc, "caps")) && json_array_size(v) && !_caps_match(v, have, true))
		return false;
	if ((v = json_object_get(inc, "arches")) && json_array_size(v) && !_in(v, "amd64"))
		return false;
	if ((v = json_object_get(inc, "minKernel")) && json_is_string(v) && !_kernel(json_string_value(v)))
		return false;
	if ((v = json_object_get(exc, "caps")) && json_array_size(v) && _caps_match(v, have, false))
		return false;
	if ((v = json_object_get(exc, "arches")) && json_array_size(v) && _in(v, "amd64"))
		return false;
	if ((v = json_object_get(exc, "minKernel")) && json_is_string(v) && _kernel(json_string_value(v)))
		return false;
	return true;
}

static uint32_t _act(const char *a, json_t *ret, int dflt)
{
	int e = json_is_integer(ret) ? (int)json_integer_value(ret) : dflt;

	if (!strcmp(a, "SCMP_ACT_ALLOW"))
		return SCMP_ACT_ALLOW;
	if (!strcmp(a, "SCMP_ACT_ERRNO"))
		return SCMP_ACT_ERRNO((uint16_t)e);
	return SCMP_ACT_KILL_PROCESS;
}

static enum scmp_compare _op(const char *op)
{
	return !strcmp(op, "SCMP_CMP_NE")	  ? SCMP_CMP_NE
	       : !strcmp(op, "SCMP_CMP_LT")	  ? SCMP_CMP_LT
	       : !strcmp(op, "SCMP_CMP_LE")	  ? SCMP_CMP_LE
	       : !strcmp(op, "SCMP_CMP_GT")	  ? SCMP_CMP_GT
	       : !strcmp(op, "SCMP_CMP_GE")	  ? SCMP_CMP_GE
	       : !strcmp(op, "SCMP_CMP_MASKED_EQ") ? SCMP_CMP_MASKED_EQ
						  : SCMP_CMP_EQ;
}

/* Whether an entry of SYS names NAME. */
static bool _named(json_t *sys, const char *name)
{
	size_t i;
	json_t *e;

	json_array_foreach(sys, i, e)
	if (_in(json_object_get(e, "names"), name))
		return true;
	return false;
}

int main(int argc, char **argv)
{
	json_t *root = argc == 3 ? json_load_file(argv[1], 0, NULL) : NULL, *sys, *e;
	uint64_t have = _caps();
	int dflt_errno, maxnr[2] = { -1, -1 };
	uint32_t dact, arches[2] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386 };
	uint32_t sarch[2] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86 };
	scmp_filter_ctx ctx;
	struct unotify_policy *p = NULL;
	struct unotify_error err;
	struct sock_filter *ref;
	size_t nref, i;
	FILE *rf;
	char *rules = NULL;
	size_t rsize = 0;
	int fd;

	if (!root) {
		fprintf(stderr, "usage: ocicmp PROFILE.json RULES\n");
		return 2;
	}
	/* unotify's filter */
	rf = fopen(argv[2], "r");
	if (!rf || getdelim(&rules, &rsize, '\0', rf) < 0 || unotify_policy_new(&p) < 0 ||
	    unotify_policy_add_text(p, argv[2], rules, &err) < 0 || unotify_policy_compile(p, &err) < 0) {
		printf("not ok 1 - unotify compiles the imported rules: %s\n", err.message);
		return 1;
	}
	/* runc's: libseccomp's, as runc builds it */
	dflt_errno = json_is_integer(json_object_get(root, "defaultErrnoRet"))
			     ? (int)json_integer_value(json_object_get(root, "defaultErrnoRet"))
			     : EPERM;
	dact = _act(json_string_value(json_object_get(root, "defaultAction")),
		    json_object_get(root, "defaultErrnoRet"), EPERM);
	ctx = seccomp_init(dact);
	seccomp_arch_add(ctx, SCMP_ARCH_X86);
	sys = json_object_get(root, "syscalls");
	json_array_foreach(sys, i, e)
	{
		json_t *names = json_object_get(e, "names"), *args = json_object_get(e, "args"), *n;
		uint32_t act = _act(json_string_value(json_object_get(e, "action")),
				    json_object_get(e, "errnoRet"), dflt_errno);
		struct scmp_arg_cmp cmp[6];
		size_t k, na = json_array_size(args);
		bool repeat = false;

		if (!_applies(e, have))
			continue;
		for (size_t a = 0; a < na && a < 6; a++) {
			json_t *arg = json_array_get(args, a);

			cmp[a] = (struct scmp_arg_cmp){
				(unsigned)json_integer_value(json_object_get(arg, "index")),
				_op(json_string_value(json_object_get(arg, "op"))),
				(uint64_t)json_integer_value(json_object_get(arg, "value")),
				(uint64_t)json_integer_value(json_object_get(arg, "valueTwo")),
			};
			for (size_t b = 0; b < a; b++)
				repeat |= cmp[a].arg == cmp[b].arg;
			_probe(cmp[a].datum_a);
			_probe(cmp[a].datum_a - 1);
			_probe(cmp[a].datum_a + 1);
			_probe(cmp[a].datum_b);
			_probe(cmp[a].datum_a | cmp[a].datum_b);
		}
		json_array_foreach(names, k, n)
		{
			int nr = seccomp_syscall_resolve_name(json_string_value(n));

			for (int a = 0; a < 2; a++) {
				int anr = seccomp_syscall_resolve_name_arch(sarch[a], json_string_value(n));

				if (anr > maxnr[a])
					maxnr[a] = anr;
			}
			if (act == dact || nr == __NR_SCMP_ERROR)
				continue;
			if (!na)
				seccomp_rule_add(ctx, act, nr, 0);
			else if (!repeat)
				seccomp_rule_add_array(ctx, act, nr, (unsigned)na, cmp);
			else
				for (size_t a = 0; a < na; a++)
					seccomp_rule_add_array(ctx, act, nr, 1, &cmp[a]);
		}
	}
	fd = memfd_create("bpf", 0);
	seccomp_export_bpf(ctx, fd);
	nref = (size_t)lseek(fd, 0, SEEK_END) / sizeof(*ref);
	ref = mmap(NULL, nref * sizeof(*ref), PROT_READ, MAP_PRIVATE, fd, 0);
	_probe(0);
	_probe(~0ull);
	_probe(0xffffffffull);
	_probe(0x100000000ull);
	for (int a = 0; a < 2; a++) {
		unsigned long probed = 0, differ = 0, family = 0;

		for (int nr = 0; nr <= maxnr[a] + 40; nr++) {
			char *name = seccomp_syscall_resolve_num_arch(sarch[a], nr);
			bool skip = !name || (a == 1 && (nr == 102 || nr == 117)), alias;

			/* the calls unotify's own rules decide */
			for (size_t r = 0; r < p->nrules && !skip; r++)
				for (size_t s = 0; p->rules[r]->implicit && s < p->rules[r]->ninst && !skip; s++) {
					const char *in = p->rules[r]->insts[s].sys->name;

					skip = name && (!strcmp(in, name) ||
							(strlen(name) > 2 && !strncmp(in, name, strlen(in)) &&
							 !strcmp(name + strlen(in), "32")));
				}
			/* i386's legacy and 64-bit-time calls are decided by their
			 * family's rules in unotify (rules.md, "What a name means on
			 * i386"): counted apart where the profile leaves them out */
			alias = !skip && a == 1 && var_alias_of(name) && !_named(sys, name);
			free(name);
			if (skip)
				continue;
			for (size_t v = 0; v < nprobes; v++) {
				struct seccomp_data d = { .nr = nr, .arch = arches[a] };
				uint32_t want, got;

				for (int k = 0; k < 6; k++)
					d.args[k] = a == 1 ? (uint32_t)probes[v] : probes[v];
				want = nr > maxnr[a] ? SECCOMP_RET_ERRNO | ENOSYS : bpf_run(ref, nref, &d, NULL);
				got = bpf_run(p->prog, p->prog_len, &d, NULL);
				probed++;
				if (want != got && alias) {
					family++;
					continue;
				}
				if (want != got && (differ++ < 5 || getenv("OCICMP_ALL")) && v == 0)
					printf("# %s nr %d arg %#llx: runc %#x, unotify %#x\n",
					       a ? "i386" : "x86_64", nr, (unsigned long long)probes[v], want, got);
			}
		}
		printf("%s %d - %s: %lu decisions (%zu argument values), %lu differ from runc's filter"
		       " (and %lu of i386 calls decided by their family's rules)\n",
		       differ ? "not ok" : "ok", a + 1, a ? "i386" : "x86_64", probed, nprobes, differ,
		       family);
	}
	munmap(ref, nref * sizeof(*ref));
	close(fd);
	seccomp_release(ctx);
	unotify_policy_free(p);
	free(rules);
	json_decref(root);
	return 0;
}
