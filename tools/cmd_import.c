/* unotify import, and run/check --seccomp-profile: an OCI linux.seccomp
 * profile (Docker's and Podman's are that format, with a few extensions)
 * made ordered unotify rules with the same meaning, as libseccomp and runc
 * give it:
 *   - each entry of syscalls[] decides its names under its conditions;
 *     args on one index each, AND'd; once an index repeats, runc makes
 *     every arg of the entry a rule of its own: OR'd;
 *   - an entry whose action is the default's is dropped;
 *   - includes/excludes (Docker): caps judged against the capabilities the
 *     command will have (unotify's own), arches against this machine's
 *     (amd64), minKernel against the running kernel;
 *   - names neither libseccomp nor unotify knows are skipped, with a
 *     warning; an i386 alias named beside its call is left to it;
 *   - calls numbered above the highest the profile names get ENOSYS, as
 *     runc's filter gives them, so that newer libcs fall back (clone3);
 *   - conditioned entries of a call come before its plain ones.
 * What the profile asks and unotify cannot give exactly (SCMP_ACT_TRAP,
 * SCMP_ACT_NOTIFY, flags) is an error: nothing runs half-configured. */
#include <errno.h>
#include <jansson.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "arch.h"
#include "tool.h"
#include "variant.h"

static const struct {
	const char *name;
	int cap;
} caps[] = {
	{ "CAP_CHOWN", 0 },	      { "CAP_DAC_OVERRIDE", 1 },   { "CAP_DAC_READ_SEARCH", 2 },
	{ "CAP_FOWNER", 3 },	      { "CAP_FSETID", 4 },	   { "CAP_KILL", 5 },
	{ "CAP_SETGID", 6 },	      { "CAP_SETUID", 7 },	   { "CAP_SETPCAP", 8 },
	{ "CAP_LINUX_IMMUTABLE", 9 }, { "CAP_NET_BIND_SERVICE", 10 }, { "CAP_NET_BROADCAST", 11 },
	{ "CAP_NET_ADMIN", 12 },      { "CAP_NET_RAW", 13 },	   { "CAP_IPC_LOCK", 14 },
	{ "CAP_IPC_OWNER", 15 },      { "CAP_SYS_MODULE", 16 },	   { "CAP_SYS_RAWIO", 17 },
	{ "CAP_SYS_CHROOT", 18 },     { "CAP_SYS_PTRACE", 19 },	   { "CAP_SYS_PACCT", 20 },
	{ "CAP_SYS_ADMIN", 21 },      { "CAP_SYS_BOOT", 22 },	   { "CAP_SYS_NICE", 23 },
	{ "CAP_SYS_RESOURCE", 24 },   { "CAP_SYS_TIME", 25 },	   { "CAP_SYS_TTY_CONFIG", 26 },
	{ "CAP_MKNOD", 27 },	      { "CAP_LEASE", 28 },	   { "CAP_AUDIT_WRITE", 29 },
	{ "CAP_AUDIT_CONTROL", 30 },  { "CAP_SETFCAP", 31 },	   { "CAP_MAC_OVERRIDE", 32 },
	{ "CAP_MAC_ADMIN", 33 },      { "CAP_SYSLOG", 34 },	   { "CAP_WAKE_ALARM", 35 },
	{ "CAP_BLOCK_SUSPEND", 36 },  { "CAP_AUDIT_READ", 37 },	   { "CAP_PERFMON", 38 },
	{ "CAP_BPF", 39 },	      { "CAP_CHECKPOINT_RESTORE", 40 },
};

/* The effective capabilities the command will have: unotify's own. */
static uint64_t _my_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { 0 } };

	if (syscall(SYS_capget, &h, d) < 0)
		return 0;
	return d[0].effective | ((uint64_t)d[1].effective << 32);
}

static bool _has_caps(json_t *list, uint64_t have, bool all)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		bool has = false;

		for (size_t k = 0; k < sizeof(caps) / sizeof(caps[0]); k++)
			if (json_is_string(v) && strcmp(json_string_value(v), caps[k].name) == 0)
				has = (have >> caps[k].cap) & 1;
		if (all && !has)
			return false;
		if (!all && has)
			return true;
	}
	return all;
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

/* "4.8" against the running kernel's release. */
static bool _kernel_at_least(const char *want)
{
	struct utsname u;
	int a = 0, b = 0, x = 0, y = 0;

	if (uname(&u) < 0 || sscanf(want, "%d.%d", &a, &b) < 1 || sscanf(u.release, "%d.%d", &x, &y) < 1)
		return false;
	return x > a || (x == a && y >= b);
}

/* Whether entry E applies here (Docker's includes and excludes). */
static bool _applies(json_t *e, uint64_t have)
{
	json_t *inc = json_object_get(e, "includes"), *exc = json_object_get(e, "excludes");
	json_t *v;

	if ((v = json_object_get(inc, "caps")) && json_array_size(v) && !_has_caps(v, have, true))
		return false;
	if ((v = json_object_get(inc, "arches")) && json_array_size(v) && !_in(v, "amd64"))
		return false;
	if ((v = json_object_get(inc, "minKernel")) && json_is_string(v) &&
	    !_kernel_at_least(json_string_value(v)))
		return false;
	if ((v = json_object_get(exc, "caps")) && json_array_size(v) && _has_caps(v, have, false))
		return false;
	if ((v = json_object_get(exc, "arches")) && json_array_size(v) && _in(v, "amd64"))
		return false;
	if ((v = json_object_get(exc, "minKernel")) && json_is_string(v) &&
	    _kernel_at_least(json_string_value(v)))
		return false;
	return true;
}

/* ACTION (with ERRNO_RET, else DFLT_ERRNO) as a unotify action, into OUT.
 * -EINVAL when unotify cannot give it exactly. */
static int _action(const char *a, json_t *errno_ret, long dflt_errno, char *out, size_t size)
{
	long e = json_is_integer(errno_ret) ? (long)json_integer_value(errno_ret) : dflt_errno;

	if (!a)
		return -EINVAL;
	if (!strcmp(a, "SCMP_ACT_ALLOW") || !strcmp(a, "SCMP_ACT_LOG"))
		snprintf(out, size, "allow");
	else if (!strcmp(a, "SCMP_ACT_ERRNO"))
		snprintf(out, size, "errno %ld", e);
	else if (!strcmp(a, "SCMP_ACT_TRACE")) /* no tracer attached: ENOSYS */
		snprintf(out, size, "errno %d", ENOSYS);
	else if (!strcmp(a, "SCMP_ACT_KILL") || !strcmp(a, "SCMP_ACT_KILL_THREAD") ||
		 !strcmp(a, "SCMP_ACT_KILL_PROCESS"))
		snprintf(out, size, "kill");
	else
		return -EINVAL;
	return 0;
}

/* ARG's condition: argN OP VALUE, into OUT. */
static int _cond(json_t *arg, char *out, size_t size)
{
	static const struct {
		const char *op, *text;
	} ops[] = { { "SCMP_CMP_EQ", "=" },  { "SCMP_CMP_NE", "!=" }, { "SCMP_CMP_LT", "<" },
		    { "SCMP_CMP_LE", "<=" }, { "SCMP_CMP_GT", ">" },  { "SCMP_CMP_GE", ">=" } };
	json_int_t index = json_integer_value(json_object_get(arg, "index"));
	unsigned long long value = (unsigned long long)json_integer_value(json_object_get(arg, "value"));
	unsigned long long two = (unsigned long long)json_integer_value(json_object_get(arg, "valueTwo"));
	const char *op = json_string_value(json_object_get(arg, "op"));

	/* (absent: 0, as runc reads it; anything but a number: runc refuses) */
	for (const char *const *k = (const char *const[]){ "index", "value", "valueTwo", NULL }; *k; k++)
		if (json_object_get(arg, *k) && !json_is_null(json_object_get(arg, *k)) &&
		    !json_is_integer(json_object_get(arg, *k)))
			return -EINVAL;
	if (!json_is_object(arg) || index < 0 || index > 5 || !op)
		return -EINVAL;
	if (!strcmp(op, "SCMP_CMP_MASKED_EQ")) {
		/* (libseccomp masks the value too) */
		snprintf(out, size, "arg%d&%#llx=%#llx", (int)index, value, two & value);
		return 0;
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(op, ops[i].op)) {
			snprintf(out, size, "arg%d%s%#llx", (int)index, ops[i].text, value);
			return 0;
		}
	return -EINVAL;
}

/* The unotify arch list for the profile: the native x86_64, always in a
 * libseccomp filter, and i386 where the profile's architectures or the
 * subArchitectures its archMap gives x86_64 name it (Docker's brings x86
 * and x32).  x32 is left out: the filter would pass the kernel's 4096
 * instructions; an x32 call is then killed, as one the profile does not
 * admit.  Other architectures cannot run here. */
static const char *_arches(json_t *root, char *err, size_t errsize)
{
	json_t *m, *v;
	bool x86 = false;
	size_t i, k;

	json_array_foreach(json_object_get(root, "architectures"), k, v)
	{
		if (!json_is_string(v)) {
			snprintf(err, errsize, "architectures[%zu]: not a name", k);
			return NULL;
		}
		x86 |= !strcmp(json_string_value(v), "SCMP_ARCH_X86");
	}
	json_array_foreach(json_object_get(root, "archMap"), i, m)
	{
		const char *a = json_string_value(json_object_get(m, "architecture"));

		if (!a) {
			snprintf(err, errsize, "archMap[%zu]: no architecture", i);
			return NULL;
		}
		if (strcmp(a, "SCMP_ARCH_X86_64") != 0)
			continue;
		json_array_foreach(json_object_get(m, "subArchitectures"), k, v)
		x86 |= json_is_string(v) && !strcmp(json_string_value(v), "SCMP_ARCH_X86");
	}
	return x86 ? "x86_64 i386" : "x86_64";
}

/* Whether libseccomp knows NAME on x86_64, i386 or x32. */
static bool _known(const char *name)
{
	static const uint32_t arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32 };

	/* (libseccomp's pseudo numbers, its recv and send, name no call on
	 * these arches: i386 has them as socketcall's) */
	for (size_t i = 0; i < 3; i++)
		if (seccomp_syscall_resolve_name_arch(arches[i], name) >= 0)
			return true;
	return false;
}

/* Whether an entry of SYS that applies here names NAME. */
/* An entry's names: "names", or the deprecated "name". */
static bool _names_has(json_t *e, const char *name)
{
	json_t *one = json_object_get(e, "name");

	return _in(json_object_get(e, "names"), name) ||
	       (json_is_string(one) && !strcmp(json_string_value(one), name));
}

/* Whether entry E applies here and is kept: its action is not the
 * default's DACT (runc drops those before libseccomp sees them).  Its
 * action into ACT. */
static bool _kept(json_t *e, uint64_t have, const char *dact, char *act, size_t size)
{
	return _applies(e, have) &&
	       _action(json_string_value(json_object_get(e, "action")), json_object_get(e, "errnoRet"),
		       EPERM, act, size) == 0 &&
	       strcmp(act, dact) != 0;
}

/* Whether a kept entry of SYS names NAME: PLAIN, one without args (which
 * libseccomp lets decide the call whole, over any conditioned entry), or
 * any. */
static bool _named_anywhere(json_t *sys, const char *name, uint64_t have, const char *dact,
			    bool plain)
{
	char act[64];
	size_t i;
	json_t *e;

	json_array_foreach(sys, i, e)
	if (_kept(e, have, dact, act, sizeof(act)) && _names_has(e, name) &&
	    (!plain || !json_array_size(json_object_get(e, "args"))))
		return true;
	return false;
}

/* The value an arg asks of its index's bits, and those bits (0: it asks
 * no single value: an ordering, !=). */
static uint64_t _arg_eq(json_t *a, uint64_t *value)
{
	const char *op = json_string_value(json_object_get(a, "op"));
	uint64_t v = (uint64_t)json_integer_value(json_object_get(a, "value"));
	uint64_t two = (uint64_t)json_integer_value(json_object_get(a, "valueTwo"));

	if (op && !strcmp(op, "SCMP_CMP_EQ")) {
		*value = v;
		return UINT64_MAX;
	}
	if (op && !strcmp(op, "SCMP_CMP_MASKED_EQ")) {
		*value = two & v;
		return v;
	}
	return 0;
}

/* Whether no call matches both conditioned entries A and B, whose args
 * are AND'd (no index repeated): one asks another value of the same bits
 * of an argument.  libseccomp orders a call's conditioned entries its
 * own way; only then does the order not matter. */
static bool _disjoint(json_t *a, json_t *b)
{
	json_t *x, *y;
	size_t i, k;

	json_array_foreach(json_object_get(a, "args"), i, x)
	json_array_foreach(json_object_get(b, "args"), k, y)
	{
		uint64_t vx, vy, mx = _arg_eq(x, &vx), my = _arg_eq(y, &vy);

		if (mx && mx == my && json_equal(json_object_get(x, "index"), json_object_get(y, "index")) &&
		    vx != vy)
			return true;
	}
	return false;
}

/* Whether ARGS repeats an index (runc then ORs every arg). */
static bool _repeats(json_t *args)
{
	for (size_t a = 0; a < json_array_size(args); a++)
		for (size_t b = 0; b < a; b++)
			if (json_integer_value(json_object_get(json_array_get(args, a), "index")) ==
			    json_integer_value(json_object_get(json_array_get(args, b), "index")))
				return true;
	return false;
}

/* Whether a conditioned entry of SYS before entry I names NAME with
 * another action and may match a call entry I matches. */
static bool _clashes(json_t *sys, size_t i, const char *name, uint64_t have, const char *dact,
		     const char *act)
{
	json_t *e = json_array_get(sys, i), *o;
	char other[64];
	size_t k;

	json_array_foreach(sys, k, o)
	{
		if (k >= i)
			break;
		if (!json_array_size(json_object_get(o, "args")) || !_names_has(o, name) ||
		    !_kept(o, have, dact, other, sizeof(other)) || !strcmp(other, act))
			continue;
		if (_repeats(json_object_get(o, "args")) || _repeats(json_object_get(e, "args")) ||
		    !_disjoint(o, e))
			return true;
	}
	return false;
}

#define FAIL(...)                                       \
	do {                                            \
		snprintf(err, errsize, __VA_ARGS__);    \
		goto fail;                              \
	} while (0)

char *oci_rules_of(json_t *root, const char *file, char *err, size_t errsize)
{
	json_t *sys, *e, *names = NULL;
	const char *dflt = json_string_value(json_object_get(root, "defaultAction"));
	uint64_t have = _my_caps();
	char act[64], dact[64], *text = NULL;
	const char *arches;
	size_t size = 0, i;
	int maxnr = -1;
	FILE *f = NULL;

	if (!json_is_object(root))
		FAIL("not a JSON object");
	if (_action(dflt, json_object_get(root, "defaultErrnoRet"), EPERM, dact, sizeof(dact)) < 0)
		FAIL("defaultAction %s: unotify cannot give it exactly", dflt ? dflt : "(none)");
	if (json_array_size(json_object_get(root, "flags")))
		FAIL("flags: unotify sets its filter's flags itself");
	arches = _arches(root, err, errsize);
	if (!arches)
		goto fail;
	f = open_memstream(&text, &size);
	if (!f)
		FAIL("out of memory");
	fprintf(f, "# From the OCI seccomp profile ");
	for (const char *c = file; *c; c++) /* (a name is no rule) */
		fputc((unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c, f);
	fprintf(f, ".\narch %s\n", arches);
	sys = json_object_get(root, "syscalls");
	/* conditioned entries first, then plain ones (pass 0, 1) */
	for (int pass = 0; pass < 2; pass++)
		json_array_foreach(sys, i, e)
		{
			json_t *args = json_object_get(e, "args"), *n;

			if (args && !json_is_null(args) && !json_is_array(args)) /* (null: none, as Go writes it) */
				FAIL("syscalls[%zu].args: not a list", i);
			size_t k;
			char list[16384] = "";
			bool repeat = false;

			names = json_object_get(e, "names");
			if (json_is_null(names))
				names = NULL;
			if (!names && json_is_string(json_object_get(e, "name"))) /* deprecated */
				names = json_pack("[O]", json_object_get(e, "name"));
			else if (json_is_array(names))
				json_incref(names);
			else
				FAIL("syscalls[%zu]: no names", i);
			if ((json_array_size(args) > 0) != (pass == 0) || !_applies(e, have)) {
				json_decref(names);
				names = NULL;
				continue;
			}
			/* (no errnoRet: EPERM, as runc gives it; defaultErrnoRet is the
			 * default action's alone) */
			if (_action(json_string_value(json_object_get(e, "action")),
				    json_object_get(e, "errnoRet"), EPERM, act, sizeof(act)) < 0)
				FAIL("syscalls[%zu]: action %s: unotify cannot give it exactly", i,
				     json_string_value(json_object_get(e, "action")));
			json_array_foreach(names, k, n)
			{
				const char *name = json_string_value(n), *plain;
				int nr;

				if (!name)
					FAIL("syscalls[%zu].names[%zu]: not a name", i, k);
				if (!_known(name)) {
					warnx_("%s: unknown system call '%s': skipped", file, name);
					continue;
				}
				nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name);
				if (nr > maxnr)
					maxnr = nr;
				/* an i386 alias named with its call: the call's rule decides it */
				plain = var_alias_of(name);
				if (plain && _named_anywhere(sys, plain, have, dact, false))
					continue;
				if (!strcmp(act, dact)) /* the default's own: dropped */
					continue;
				/* libseccomp: a plain entry decides the call whole */
				if (pass == 0 && _named_anywhere(sys, name, have, dact, true))
					continue;
				if (pass == 0 && _clashes(sys, i, name, have, dact, act))
					FAIL("syscalls[%zu]: %s: entries of other actions whose args may "
					     "match the same call, which libseccomp orders its own way",
					     i, name);
				if (strlen(list) + strlen(name) + 2 > sizeof(list))
					FAIL("syscalls[%zu]: too many names", i);
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 list[0] ? "," : "", name);
			}
			json_decref(names);
			names = NULL;
			if (!list[0])
				continue;
			for (size_t a = 0; a < json_array_size(args); a++)
				for (size_t b = 0; b < a; b++)
					repeat |= json_integer_value(json_object_get(json_array_get(args, a), "index")) ==
						  json_integer_value(json_object_get(json_array_get(args, b), "index"));
			if (!json_array_size(args)) {
				fprintf(f, "%s -> %s\n", list, act);
				continue;
			}
			/* runc: no index repeated, AND'd; else every arg its own rule */
			fprintf(f, "%s", list);
			for (size_t a = 0; a < json_array_size(args); a++) {
				char c[96];

				if (_cond(json_array_get(args, a), c, sizeof(c)) < 0)
					FAIL("syscalls[%zu].args[%zu]: not a condition unotify knows", i, a);
				if (repeat && a)
					fprintf(f, " -> %s\n%s", act, list);
				fprintf(f, " %s", c);
			}
			fprintf(f, " -> %s\n", act);
		}
	/* runc's stub: calls above the highest the profile names, ENOSYS */
	if (strcmp(dact, "allow") != 0) {
		const struct nr_table *t = &arch_nr_tables[ARCH_X86_64];

		fprintf(f, "# Calls newer than every call the profile names (> %d): ENOSYS, as runc's filter\n"
			   "# gives them, so that a newer libc falls back.\n",
			maxnr);
		for (unsigned k = 0; k < t->n; k++)
			if (t->v[k].nr > maxnr && (k == 0 || strcmp(t->v[k].name, t->v[k - 1].name)))
				fprintf(f, "%s -> errno %d\n", t->v[k].name, ENOSYS);
	}
	fprintf(f, "default %s\n", dact);
	if (fclose(f) != 0) {
		f = NULL;
		FAIL("out of memory");
	}
	return text;
fail:
	json_decref(names);
	if (f)
		fclose(f);
	free(text);
	return NULL;
}

char *oci_rules(const char *file, int fail_status)
{
	json_error_t je;
	json_t *root = json_load_file(file, 0, &je);
	char err[256], *text;

	if (!root)
		die(fail_status, "%s:%d:%d: %s", file, je.line, je.column, je.text);
	text = oci_rules_of(root, file, err, sizeof(err));
	json_decref(root);
	if (!text)
		die(fail_status, "%s: %s", file, err);
	return text;
}

int cmd_import(int argc, char **argv)
{
	char *text;

	if (argc != 2 || argv[1][0] == '-') {
		if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			printf("Usage: unotify import PROFILE.json\n"
			       "Print the rules equivalent to an OCI linux.seccomp profile (Docker's\n"
			       "and Podman's extensions included), in the order unotify decides them:\n"
			       "args on one index AND'd, an entry with a repeated index OR'd (as runc\n"
			       "does), entries whose action is the default's dropped, unknown names\n"
			       "skipped with a warning, Docker's includes/excludes judged against the\n"
			       "capabilities the command would have here, calls newer than every call\n"
			       "named ENOSYS.  `unotify run --seccomp-profile FILE` uses the same.\n");
			return 0;
		}
		fprintf(stderr, "Usage: unotify import PROFILE.json\n");
		return 2;
	}
	text = oci_rules(argv[1], 1);
	fputs(text, stdout);
	free(text);
	return 0;
}
