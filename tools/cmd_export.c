/* unotify export: a policy as an OCI linux.seccomp object, for runc and
 * crun, with the calls the filter cannot decide alone sent to an agent
 * (`unotify agent`) as SCMP_ACT_NOTIFY.
 *
 * The policy is compiled as the agent compiles it (UNOTIFY_P_AGENT:
 * nothing in Landlock; a container gets no domain).  A call is written as
 * a plain action only where the filter decides it, and where libseccomp,
 * which has no order between a call's rules, gives exactly the policy's
 * first-match meaning:
 *   - one rule matching every call: its action;
 *   - conditioned rules all of one action, before nothing but the default:
 *     one entry each, their args AND'd on distinct indices; an `=` on a
 *     32-bit argument becomes SCMP_CMP_MASKED_EQ on the low 32 bits
 *     (libseccomp compares 64), a `!=` or an ordering only on an argument
 *     of 64 bits (unsigned, for orderings).
 * Every other call with a rule goes to the agent, which decides it with
 * the whole policy.  What cannot be said (a `return` default, NOTIFY on
 * write, which runc refuses) is an error: nothing is printed. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "policy.h"
#include "syscalls.h"
#include "tool.h"
#include "variant.h"

static void _usage(FILE *f)
{
	fprintf(f, "Usage: unotify export [-p FILE]... [--profile NAME]... [-e RULE]...\n"
		   "                      [--listener-path PATH] [--listener-metadata TEXT]\n"
		   "Print the policy as an OCI linux.seccomp object (config.json), for runc\n"
		   "and crun: what the filter decides as plain actions, every other call\n"
		   "with a rule as SCMP_ACT_NOTIFY for `unotify agent` at PATH.\n"
		   "TEXT is handed to the agent: policy=NAME picks NAME.policy there.\n"
		   "Exit status: 0, 1 when the policy cannot be expressed, 2 on a usage error.\n");
}

/* The OCI action of a kernel decision, into an entry or the top object. */
static int _set_action(json_t *o, enum action a, int64_t value, const char *key,
		       const char *errno_key)
{
	switch (a) {
	case ACT_ALLOW:
		json_object_set_new(o, key, json_string("SCMP_ACT_ALLOW"));
		return 0;
	case ACT_ERRNO:
		json_object_set_new(o, key, json_string("SCMP_ACT_ERRNO"));
		json_object_set_new(o, errno_key, json_integer(value));
		return 0;
	case ACT_KILL:
		json_object_set_new(o, key, json_string("SCMP_ACT_KILL_PROCESS"));
		return 0;
	default: /* return, continue, emulate: the supervisor's */
		return -EINVAL;
	}
}

/* One condition as an OCI arg, or NULL where libseccomp would compare
 * otherwise than the policy. */
static json_t *_arg(const struct cond *c)
{
	static const char *const ops[] = { [OP_EQ] = "SCMP_CMP_EQ", [OP_NE] = "SCMP_CMP_NE",
					   [OP_LT] = "SCMP_CMP_LT", [OP_LE] = "SCMP_CMP_LE",
					   [OP_GT] = "SCMP_CMP_GT", [OP_GE] = "SCMP_CMP_GE" };
	unsigned bits = arg_type_bits(c->type);
	uint64_t mask = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;

	if (c->is_arch || c->glob || c->net || c->rt) /* (no launch-time value for an agent) */
		return NULL;
	if (c->op == OP_EQ && bits < 64)
		return json_pack("{sIsIsIss}", "index", (json_int_t)c->arg, "value", (json_int_t)mask,
				 "valueTwo", (json_int_t)(c->value & mask), "op",
				 "SCMP_CMP_MASKED_EQ");
	if (c->op == OP_MASK_EQ && (c->value & ~(c->mask & mask)))
		return NULL; /* matches nothing here; libseccomp would mask the value */
	if (c->op == OP_MASK_EQ)
		return json_pack("{sIsIsIss}", "index", (json_int_t)c->arg, "value",
				 (json_int_t)(c->mask & mask), "valueTwo", (json_int_t)c->value,
				 "op", "SCMP_CMP_MASKED_EQ");
	if (bits < 64 || c->op == OP_MASK_NE || (c->op != OP_EQ && c->op != OP_NE && c->type != TYPE_U64))
		return NULL;
	return json_pack("{sIsIss}", "index", (json_int_t)c->arg, "value", (json_int_t)c->value,
			 "op", ops[c->op]);
}

static const uint32_t scmp[ARCH_COUNT] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32 };

/* The bits an `=` or `&M=` condition C compares as the filter compares
 * them, and its value there (*VALUE); 0 for any other condition. */
static uint64_t _eq_mask(const struct cond *c, uint64_t *value)
{
	uint64_t m = arg_type_mask(c->type);

	if (c->is_arch || c->glob || c->net || c->rt || (c->op != OP_EQ && c->op != OP_MASK_EQ))
		return 0;
	if (c->op == OP_MASK_EQ)
		m &= c->mask;
	*value = c->value & m;
	return m;
}

/* Whether no call matches both A and B: each asks for another value of
 * the same bits of one argument.  Their order then does not matter, and
 * libseccomp, which has none, gives the same answers. */
static bool _disjoint(const struct inst *a, const struct inst *b)
{
	for (size_t i = 0; i < a->ncond; i++)
		for (size_t k = 0; k < b->ncond; k++) {
			uint64_t va, vb, ma = _eq_mask(&a->conds[i], &va), mb = _eq_mask(&b->conds[k], &vb);

			if (ma && ma == mb && a->conds[i].arg == b->conds[k].arg && va != vb)
				return true;
		}
	return false;
}

/* Whether IN's conditions mean the same to libseccomp on every arch: S is
 * the same call under its own name (not an i386 legacy call judged as S,
 * not a socketcall or ipc sub-call), and each condition's argument is the
 * register of its index, whole (on i386: 32 bits, not split, not swapped
 * as clone's are). */
static bool _same_everywhere(const struct unotify_policy *p, const struct sysent *s,
			     const struct inst *in)
{
	for (size_t k = 0; k < s->nvars; k++) {
		const struct variant *v = &s->vars[k];
		char *n;
		bool same;

		if (!policy_admits(p, v->arch))
			continue;
		if (v->sel_reg >= 0)
			return false;
		n = seccomp_syscall_resolve_num_arch(scmp[v->arch], v->nr & ~0x40000000);
		same = !n || strcmp(n, s->name) == 0;
		free(n);
		if (!same)
			return false;
		for (size_t c = 0; c < in->ncond; c++) {
			const struct cond *cd = &in->conds[c];
			struct arg_layout lay = var_layout(v, cd->arg, cd->raw);

			if (lay.lo != cd->arg || (lay.kind != LAY_32 && lay.kind != LAY_64))
				return false;
			/* (libseccomp compares 32 bits there, cutting the value) */
			if (v->arch == ARCH_I386 && arg_type_bits(cd->type) > 32 &&
			    (cd->type != TYPE_U64 || cd->value > UINT32_MAX ||
			     (cd->op != OP_EQ && cd->op != OP_MASK_EQ) ||
			     (cd->op == OP_MASK_EQ && cd->mask > UINT32_MAX)))
				return false;
		}
	}
	return true;
}

/* Whether S is made through socketcall or ipc on an arch the policy
 * admits: libseccomp names those sub-calls otherwise (send, recv...). */
static bool _multiplexed(const struct unotify_policy *p, const struct sysent *s)
{
	for (size_t k = 0; k < s->nvars; k++)
		if (s->vars[k].sel_reg >= 0 && policy_admits(p, s->vars[k].arch))
			return true;
	return false;
}

/* The names libseccomp knows S by, on the policy's arches (an i386 name
 * of its own: fstatat64 beside newfstatat). */
static json_t *_names(const struct unotify_policy *p, const struct sysent *s)
{
	json_t *names = json_array();

	json_array_append_new(names, json_string(s->name));
	for (size_t k = 0; k < s->nvars; k++) {
		const struct variant *v = &s->vars[k];
		char *n;
		size_t i;
		json_t *have;
		bool dup = false;

		if (!policy_admits(p, v->arch))
			continue;
		/* (a sub-call: its multiplexer, socketcall or ipc, whole) */
		n = seccomp_syscall_resolve_num_arch(scmp[v->arch], v->nr & ~0x40000000);
		if (!n)
			continue;
		json_array_foreach(names, i, have)
		dup |= strcmp(json_string_value(have), n) == 0;
		if (!dup)
			json_array_append_new(names, json_string(n));
		free(n);
	}
	return names;
}

/* S's entries as plain actions, appended to SYS; -EINVAL where the agent
 * must decide it (nothing appended then). */
static int _plain(const struct unotify_policy *p, const struct sysent *s, json_t *sys, bool explicit)
{
	json_t *entries = json_array();
	const struct rule *cond_rule = NULL;
	const struct inst *conds[64];
	size_t i, nconds = 0;
	bool dflt;

	if (s->first_sup < s->ninst || s->force_sup || s->watch || s->landlock || _multiplexed(p, s))
		goto agent;
	for (i = 0; i < s->ninst; i++) {
		const struct inst *in = s->insts[i];
		json_t *e, *args;

		if (in->rule->when_first)
			goto agent;
		if (!in->ncond) {
			/* matches every call: alone, or after rules of the default's
			 * action only (libseccomp: a plain rule overrides them) */
			dflt = in->rule->action == p->dflt && in->rule->value == p->dflt_value;
			if (cond_rule && (!dflt || explicit))
				goto agent;
			if (dflt && !explicit)
				break;
			e = json_object();
			json_object_set_new(e, "names", _names(p, s));
			if (_set_action(e, in->rule->action, in->rule->value, "action", "errnoRet") < 0) {
				json_decref(e);
				goto agent;
			}
			json_array_append_new(entries, e);
			break;
		}
		if (!_same_everywhere(p, s, in) || nconds == sizeof(conds) / sizeof(conds[0]))
			goto agent;
		/* rules of another action: only where no call matches both */
		for (size_t k = 0; k < nconds; k++)
			if ((conds[k]->rule->action != in->rule->action ||
			     conds[k]->rule->value != in->rule->value) &&
			    !_disjoint(conds[k], in))
				goto agent;
		conds[nconds++] = in;
		cond_rule = in->rule;
		e = json_object();
		args = json_array();
		json_object_set_new(e, "names", _names(p, s));
		for (size_t c = 0; c < in->ncond; c++) {
			json_t *a = _arg(&in->conds[c]);

			for (size_t d = 0; a && d < c; d++)
				if (in->conds[d].arg == in->conds[c].arg) { /* runc would OR them */
					json_decref(a);
					a = NULL;
				}
			if (!a) {
				json_decref(args);
				json_decref(e);
				goto agent;
			}
			json_array_append_new(args, a);
		}
		json_object_set_new(e, "args", args);
		if (_set_action(e, in->rule->action, in->rule->value, "action", "errnoRet") < 0) {
			json_decref(e);
			goto agent;
		}
		json_array_append_new(entries, e);
	}
	/* (EXPLICIT: the profile's default is not the policy's, allow; what
	 * the conditioned rules leave would need a plain allow, which
	 * libseccomp lets override them) */
	if (explicit && i == s->ninst && nconds)
		goto agent;
	json_array_extend(sys, entries);
	json_decref(entries);
	return 0;
agent:
	json_decref(entries);
	return -EINVAL;
}

/* Drops NAMES' repeated names. */
static void _dedup(json_t *names)
{
	for (size_t i = 0; i < json_array_size(names); i++)
		for (size_t k = i + 1; k < json_array_size(names);)
			if (json_equal(json_array_get(names, i), json_array_get(names, k)))
				json_array_remove(names, k);
			else
				k++;
}

/* Whether libseccomp (runc's) knows NAME on x86_64 or i386. */
static bool _known(const char *name)
{
	return seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name) >= 0 ||
	       seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, name) >= 0;
}

/* Whether SYS's entries name a call libseccomp does not know (QUIET:
 * else each is said, runc skipping it under a default that refuses). */
static bool _unknown_names(json_t *sys, bool quiet)
{
	json_t *e, *n;
	size_t i, k;
	bool any = false;

	json_array_foreach(sys, i, e)
	json_array_foreach(json_object_get(e, "names"), k, n)
	if (!_known(json_string_value(n))) {
		any = true;
		if (!quiet)
			warnx_("%s: libseccomp does not know it: runc skips it, and the "
			       "default refuses it (ENOSYS)",
			       json_string_value(n));
	}
	return any;
}

/* Whether SYS sends write to the agent. */
static bool _write_notified(json_t *sys)
{
	json_t *e, *n;
	size_t i, k;

	json_array_foreach(sys, i, e)
	if (!strcmp(json_string_value(json_object_get(e, "action")), "SCMP_ACT_NOTIFY"))
		json_array_foreach(json_object_get(e, "names"), k, n)
		if (!strcmp(json_string_value(n), "write"))
			return true;
	return false;
}

/* Whether NAMES holds NAME. */
static bool _has(json_t *names, const char *name)
{
	json_t *n;
	size_t i;

	json_array_foreach(names, i, n)
	if (!strcmp(json_string_value(n), name))
		return true;
	return false;
}

/* The profile's syscalls[] for P; the count of calls for the agent in
 * *NNOTIFY.  EXPLICIT: the profile's default refuses (ENOSYS) where the
 * policy's allows, so every call allowed is listed. */
static json_t *_syscalls(const struct unotify_policy *p, bool explicit, size_t *nnotify)
{
	json_t *sys = json_array(), *notify = json_array(), *names, *e, *used, *allow;
	size_t i;

	/* execve and execveat last: with an agent they go to it, which lets
	 * runc's own init run until the container's first execve (dispatch.c) */
	for (int pass = 0; pass < 2; pass++)
		for (i = 0; i < p->nsys; i++) {
			const struct sysent *s = p->sys[i];
			bool exec = !strcmp(s->name, "execve") || !strcmp(s->name, "execveat");

			if (!s->ninst || exec != (pass == 1) ||
			    ((!exec || !json_array_size(notify)) && _plain(p, s, sys, explicit) == 0))
				continue;
			names = _names(p, s);
			json_array_extend(notify, names);
			json_decref(names);
		}
	if (json_array_size(notify)) {
		json_array_append_new(notify, json_string("execve"));
		json_array_append_new(notify, json_string("execveat"));
		_dedup(notify);
		json_array_append_new(sys, json_pack("{sOss}", "names", notify, "action",
						     "SCMP_ACT_NOTIFY"));
	}
	*nnotify = json_array_size(notify);
	json_decref(notify);
	if (!explicit)
		return sys;
	/* every other call libseccomp knows, on the admitted arches: allowed */
	used = json_array();
	json_array_foreach(sys, i, e)
	json_array_extend(used, json_object_get(e, "names"));
	allow = json_array();
	for (int a = 0; a < ARCH_COUNT; a++) {
		const struct nr_table *t = &arch_nr_tables[a];

		if (!policy_admits(p, a) || a == ARCH_X32)
			continue;
		for (unsigned v = 0; v < t->n; v++) {
			const char *name = t->v[v].name;

			if (_known(name) && !_has(used, name) && !_has(allow, name))
				json_array_append_new(allow, json_string(name));
		}
	}
	json_array_append_new(sys, json_pack("{soss}", "names", allow, "action", "SCMP_ACT_ALLOW"));
	json_decref(used);
	return sys;
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "rule", required_argument, NULL, 'e' },
		{ "profile", required_argument, NULL, 'P' },
		{ "seccomp-profile", required_argument, NULL, 'S' },
		{ "listener-path", required_argument, NULL, 'l' },
		{ "listener-metadata", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const arches[ARCH_COUNT] = { "SCMP_ARCH_X86_64", "SCMP_ARCH_X86",
							"SCMP_ARCH_X32" };
	struct policy_args pa = { 0 };
	const char *path = NULL, *meta = NULL;
	json_t *out, *sys, *archs;
	size_t nnotify;
	struct unotify_policy *p;
	int c, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+p:e:h", longopts, NULL)) != -1) {
		if (policy_arg(&pa, c, optarg))
			continue;
		if (c == 'l')
			path = optarg;
		else if (c == 'm')
			meta = optarg;
		else if (c == 'h') {
			_usage(stdout);
			return 0;
		} else {
			_usage(stderr);
			return 2;
		}
	}
	if (optind < argc || pa.nfiles + pa.nrules + nseccomp_profiles == 0) {
		_usage(stderr);
		return 2;
	}
	if (path && path[0] != '/')
		die(2, "--listener-path %s: an absolute path (runc connects to it)", path);
	p = load_policy(pa.files, pa.nfiles, pa.rules, pa.nrules, UNOTIFY_P_AGENT, 1);
	out = json_object();
	if (_set_action(out, p->dflt, p->dflt_value, "defaultAction", "defaultErrnoRet") < 0)
		die(1, "the default (%s) needs the supervisor for every call, and runc refuses "
		       "SCMP_ACT_NOTIFY as the default action",
		    p->dflt == ACT_RETURN ? "return" : "continue or emulate");
	archs = json_array();
	for (int a = 0; a < ARCH_COUNT; a++)
		if (policy_admits(p, a))
			json_array_append_new(archs, json_string(arches[a]));
	json_object_set_new(out, "architectures", archs);
	if (!policy_admits(p, ARCH_X86_64))
		die(1, "the policy does not admit x86_64, and runc's filter always does");
	sys = _syscalls(p, false, &nnotify);
	/* runc skips a name its libseccomp does not know, and the call then
	 * gets the default: under an allowing one, list every call allowed
	 * and give the rest ENOSYS, as runc's own stub gives newer calls */
	if (p->dflt == ACT_ALLOW && _unknown_names(sys, true)) {
		json_decref(sys);
		sys = _syscalls(p, true, &nnotify);
		json_object_set_new(out, "defaultAction", json_string("SCMP_ACT_ERRNO"));
		json_object_set_new(out, "defaultErrnoRet", json_integer(ENOSYS));
		_unknown_names(sys, false);
		warnx_("calls libseccomp does not know (runc skips them): the profile lists "
		       "every call allowed, the rest get ENOSYS");
	}
	if (nnotify) {
		if (!path) {
			warnx_("%zu calls need the agent: give --listener-path", nnotify);
			status = 1;
		}
		warnx_("%zu calls go to the agent (SCMP_ACT_NOTIFY); a container gets no lock "
		       "layer and no Landlock bound: what `run` places in Landlock, the agent "
		       "decides there",
		       nnotify);
	}
	if (_write_notified(sys)) {
		warnx_("write: its rules need the supervisor, and runc refuses SCMP_ACT_NOTIFY "
		       "on write");
		status = 1;
	}
	if (path)
		json_object_set_new(out, "listenerPath", json_string(path));
	if (meta)
		json_object_set_new(out, "listenerMetadata", json_string(meta));
	json_object_set_new(out, "syscalls", sys);
	if (status == 0) {
		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	}
	json_decref(out);
	unotify_policy_free(p);
	policy_args_free(&pa);
	return status;
}
