/* unotify check: validate policies and show where each rule is decided. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulate.h"
#include "eval.h"
#include "glob.h"
#include "landlock.h"
#include "llplace.h"
#include "net.h"
#include "policy.h"
#include "syscalls.h"
#include "tool.h"

/* Calls that do the same thing, so that a rule on one and not the others
 * leaves a way around it. */
static const char *const siblings[][8] = {
	{ "mkdir", "mkdirat" },
	{ "open", "openat", "openat2", "creat" },
	{ "rmdir", "unlinkat" },
	{ "unlink", "unlinkat" },
	{ "rename", "renameat", "renameat2" },
	{ "link", "linkat" },
	{ "symlink", "symlinkat" },
	{ "chmod", "fchmodat", "fchmodat2" },
	{ "chown", "lchown", "fchownat" },
	{ "access", "faccessat", "faccessat2" },
	{ "stat", "lstat", "newfstatat", "statx" },
	{ "readlink", "readlinkat" },
	{ "mknod", "mknodat" },
	{ "execve", "execveat" },
	{ "sendto", "sendmsg", "sendmmsg" },
	{ "dup2", "dup3" },
	{ "fork", "vfork", "clone", "clone3" },
	{ "kill", "tkill", "tgkill", "pidfd_send_signal", "rt_sigqueueinfo", "rt_tgsigqueueinfo" },
	{ "utime", "utimes", "utimensat", "futimesat" },
	{ "truncate", "ftruncate" },
	{ "getdents", "getdents64" },
	{ "getxattr", "lgetxattr", "getxattrat" },
	{ "setxattr", "lsetxattr", "setxattrat" },
	{ "listxattr", "llistxattr", "listxattrat" },
	{ "removexattr", "lremovexattr", "removexattrat" },
	{ "open_tree", "open_tree_attr", "fspick" },
	{ "mount", "move_mount", "fsmount", "mount_setattr" },
	{ "chroot", "pivot_root" },
};

static void _usage(FILE *f)
{
	fprintf(f, "Usage: unotify check [--landlock=auto|require|off] [-p FILE]... [--profile NAME]...\n"
		   "                     [-e RULE]... [FILE]...\n"
		   "Validate policies; print, for each rule and call, whether the kernel\n"
		   "filter, Landlock or the supervisor decides it (on this kernel), the\n"
		   "Landlock bound, and the filter's size.\n"
		   "Exit status: 0 when valid, 1 when not, 2 on a usage error.\n");
}

/* Whether the user's rules (not unotify's implicit ones) name S. */
static bool _user_named(const struct sysent *s)
{
	for (size_t i = 0; i < s->ninst; i++)
		if (!s->insts[i]->rule->implicit)
			return true;
	return false;
}

static const struct sysent *_named(const struct unotify_policy *p, const char *name)
{
	for (size_t i = 0; i < p->nsys; i++)
		if (strcmp(p->sys[i]->name, name) == 0 && _user_named(p->sys[i]))
			return p->sys[i];
	return NULL;
}

static bool _has_glob(const struct inst *in)
{
	for (size_t c = 0; c < in->ncond; c++)
		if (in->conds[c].glob)
			return true;
	return false;
}

/* Whether every user rule on S is `errno ENOSYS` (the call made to look
 * absent, so callers use its siblings), or has a path condition (HAS_PATH). */
static bool _all_rules(const struct sysent *s, bool has_path)
{
	for (size_t i = 0; i < s->ninst; i++) {
		const struct inst *in = s->insts[i];

		if (in->rule->implicit)
			continue;
		if (has_path ? !_has_glob(in)
			     : in->rule->action != ACT_ERRNO || in->rule->value != ENOSYS)
			return false;
	}
	return true;
}

/* Whether call NAME takes a path. */
static bool _takes_path(const char *name)
{
	const struct sys_sig *sig = sys_sig_find(name);

	for (int a = 0; sig && a < SYS_MAX_ARGS && sig->args[a].name; a++)
		if (arg_kind_is_path(sig->args[a].kind))
			return true;
	return false;
}

static void _warn_siblings(const struct unotify_policy *p)
{
	for (size_t g = 0; g < sizeof(siblings) / sizeof(siblings[0]); g++) {
		const struct sysent *have = NULL;

		for (int i = 0; i < 8 && siblings[g][i]; i++)
			if (_named(p, siblings[g][i]) && !_all_rules(_named(p, siblings[g][i]), false))
				have = _named(p, siblings[g][i]);
		if (!have)
			continue;
		for (int i = 0; i < 8 && siblings[g][i]; i++)
			if (!_named(p, siblings[g][i]) &&
			    arch_syscall_nr(ARCH_X86_64, siblings[g][i]) >= 0 &&
			    /* a call on an fd opened before: judged when it was opened */
			    !(_all_rules(have, true) && !_takes_path(siblings[g][i])))
				warnx_("warning: rules on %s but none on %s, which can do the same",
				       have->name, siblings[g][i]);
	}
}

static void _warn_io_uring(const struct unotify_policy *p)
{
	const char *call = implicit_io_uring_restricted(p);
	struct seccomp_data d = { .arch = arch_table[ARCH_X86_64].audit };

	d.nr = arch_syscall_nr(ARCH_X86_64, "io_uring_setup");
	if (call && eval_kernel(p, NULL, &d) == SECCOMP_RET_ALLOW)
		warnx_("warning: rules restrict %s, but io_uring_setup is allowed by a rule: "
		       "io_uring makes calls that seccomp never sees (unotify refuses it "
		       "unless a rule names it)",
		       call);
}

/* The calls that reshape the mount tree paths are named in. */
static const char *const mount_family[] = {
	"mount",  "umount2", "move_mount", "open_tree",	    "open_tree_attr", "fspick",
	"fsopen", "fsmount", "fsconfig",   "mount_setattr", "pivot_root",
};

static bool _any_path(const struct unotify_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t j = 0; j < p->rules[i]->ninst; j++) {
			const struct inst *in = &p->rules[i]->insts[j];

			for (size_t c = 0; c < in->ncond; c++)
				if (in->conds[c].glob ||
				    (in->conds[c].net && in->conds[c].net->kind == NET_UNIX))
					return true;
		}
	return false;
}

static void _warn_mounts(const struct unotify_policy *p)
{
	struct seccomp_data d = { .arch = arch_table[ARCH_X86_64].audit };
	char allowed[256] = "";

	if (!_any_path(p) || p->ll.placed || p->ll.bound)
		return; /* a Landlock domain that handles file rights refuses mounts */
	for (size_t i = 0; i < sizeof(mount_family) / sizeof(mount_family[0]); i++) {
		uint32_t action;

		d.nr = arch_syscall_nr(ARCH_X86_64, mount_family[i]);
		action = eval_kernel(p, NULL, &d) & SECCOMP_RET_ACTION_FULL;
		if (d.nr >= 0 && action != SECCOMP_RET_ERRNO && action != SECCOMP_RET_KILL_PROCESS)
			snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed),
				 "%s%s", allowed[0] ? "," : "", mount_family[i]);
	}
	if (allowed[0])
		warnx_("warning: path rules name objects as unotify's mount namespace does, and "
		       "%s may run: a root target in that namespace can reshape it (add `%s -> "
		       "deny`)",
		       allowed, allowed);
}

/* A pattern is matched on the real path of the object a call reaches: a
 * fixed part that goes through a symlink (a ${PWD} under a symlinked
 * home) names nothing. */
static void _warn_symlinked(const struct unotify_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = p->rules[i];

		for (size_t g = 0; g < r->nglobs && !r->implicit; g++) {
			const char *pat = glob_pattern(r->globs[g]);
			char dir[PATH_MAX], real[PATH_MAX];
			size_t lit = strcspn(pat, "*?[\\"), cut = 0;

			for (size_t k = 0; k < lit && pat[0] == '/'; k++)
				if (pat[k] == '/')
					cut = k;
			if (cut == 0 || cut >= sizeof(dir))
				continue;
			memcpy(dir, pat, cut);
			dir[cut] = '\0';
			if (realpath(dir, real) && strcmp(dir, real) != 0)
				warnx_("warning: %s: %s is not a real path (it leads to %s); paths "
				       "are matched as the object's real path, so the pattern matches "
				       "nothing there",
				       r->text, dir, real);
		}
	}
}

/* What unotify does beyond rules: bind judged as mknodat. */
static void _print_judged(const struct unotify_policy *p)
{
	for (size_t i = 0; i < p->nsys; i++)
		if (p->sys[i]->judge_as)
			printf("    %s: every call goes to the supervisor; an AF_UNIX file name is "
			       "judged by the rules on %s (S_IFSOCK)\n",
			       p->sys[i]->name, p->sys[i]->judge_as->name);
		else if (p->sys[i]->watch)
			printf("    %s: every call goes to the supervisor, as the rules decide; once "
			       "a target restricts itself so, unotify emulates nothing more (EACCES)\n",
			       p->sys[i]->name);
}

static void _warn_rule(const struct rule *r)
{
	char where[300];

	src_loc_str(&r->loc, where, sizeof(where));
	for (size_t i = 0; i < r->ninst; i++) {
		const struct inst *in = &r->insts[i];

		if (r->action == ACT_CONTINUE && in->has_path) {
			warnx_("warning: %s: `continue` after a path check is not a security "
			       "boundary: the target can change the path after the check",
			       where);
			return;
		}
		/* `open pathname=/etc/... -> deny` then `open -> continue`: the
		 * continued call is read again by the kernel, after the check */
		for (size_t k = 0; r->action == ACT_CONTINUE && k < in->sys->ninst; k++) {
			const struct inst *e = in->sys->insts[k];
			char first[300];

			if (e == in)
				break;
			if (!e->has_path || e->rule->implicit || e->rule->action == ACT_CONTINUE)
				continue;
			src_loc_str(&e->rule->loc, first, sizeof(first));
			warnx_("warning: %s: `continue` lets %s through after the path rule at %s "
			       "did not match: a racing thread can change the path after that "
			       "check, so that rule is not a security boundary (emulate with "
			       "`allow`, or refuse)",
			       where, in->sys->name, first);
			return;
		}
	}
}

static void _warn_unreachable(const struct sysent *s)
{
	for (size_t i = 0; i + 1 < s->ninst; i++) {
		char first[300], later[300];

		/* (a class's members overlap by design: its ENOSYS for calls
		 * newer than unotify comes with each rule that refuses) */
		if (!inst_matches_all(s->insts[i]) ||
		    (s->insts[i]->rule->cls && s->insts[i + 1]->rule->cls))
			continue;
		src_loc_str(&s->insts[i]->rule->loc, first, sizeof(first));
		src_loc_str(&s->insts[i + 1]->rule->loc, later, sizeof(later));
		warnx_("warning: %s: never matches %s: the rule at %s matches every %s call", later,
		       s->name, first, s->name);
		return;
	}
}

static void _print_inst(const struct inst *in)
{
	const struct rule *r = in->rule;
	const struct emu_entry *e;

	if (in->sys->landlock) {
		printf("    %-16s landlock    %s\n", in->sys->name, action_name(r->action));
		return;
	}
	if (!in->supervised) {
		printf("    %-16s kernel      %s\n", in->sys->name, action_name(r->action));
		return;
	}
	printf("    %-16s supervisor  %s%s%s", in->sys->name, verdict_name(in->verdict),
	       !in->has_path ? ""
	       : r->nnets    ? " (address condition)"
			     : " (path condition)",
	       r->action != ACT_ALLOW || in->verdict != V_EMULATE ? ""
	       : r->nnets					  ? " (allow after an address check)"
								  : " (allow after a path check)");
	if (in->has_path && (e = emulate_entry(in->sys->name)) && e->class != EMU_EMULATED)
		printf(" [%s: %s]", emu_class_name(e->class), e->note);
	printf("\n");
}

/* What each named call means on each admitted arch: its own names there
 * (aliases, socketcall and ipc sub-calls), or that it is skipped. */
static void _print_calls(const struct unotify_policy *p)
{
	printf("calls:\n");
	for (size_t i = 0; i < p->nsys; i++) {
		const struct sysent *s = p->sys[i];

		if (!_user_named(s))
			continue;
		printf("    %-16s", s->name);
		for (int a = 0, first = 1; a < ARCH_COUNT; a++) {
			int n = 0;

			if (!policy_admits(p, a))
				continue;
			printf("%s%s:", first ? " " : "; ", arch_table[a].name);
			first = 0;
			for (size_t k = 0; k < s->nvars; k++) {
				const struct variant *v = &s->vars[k];

				if (v->arch != a)
					continue;
				printf("%s %s", n++ ? "," : "", v->name);
				if (v->sel_reg >= 0)
					printf("(%u)", v->sel_val);
				if (v->kill_at < s->ninst) {
					char at[300];

					printf(" [killed from %s on: its arguments cannot be judged]",
					       src_loc_str(&s->insts[v->kill_at]->rule->loc, at,
							   sizeof(at)));
				}
			}
			if (!n)
				printf(" none (its rules are skipped there)");
		}
		printf("\n");
	}
}

/* Where each Landlock right went: placed (decided by Landlock), bound
 * (the supervisor decides; Landlock keeps it within the trees), or why
 * neither; and what Landlock reports. */
static void _print_landlock(const struct unotify_policy *p)
{
	const struct ll_layout *l = &p->ll;
	bool any = l->placed || l->bound || l->net_connect || l->net_why;

	for (int i = 0; i < ll_nrights_shown && !any; i++)
		any = l->why[__builtin_ctzll(ll_rights_shown[i])] != NULL;
	if (!any)
		return;
	printf("landlock (ABI %d on this kernel):\n", l->abi);
	for (int i = 0; i < ll_nrights_shown; i++) {
		uint64_t bit = ll_rights_shown[i];
		const char *why = l->why[__builtin_ctzll(bit)];

		if (l->placed & bit)
			printf("    %-12s placed: the kernel decides it\n", ll_right_name(bit));
		else if (l->bound & bit)
			printf("    %-12s supervisor, bounded by Landlock (%s)\n", ll_right_name(bit),
			       why ? why : "not exact");
		else if (why)
			printf("    %-12s supervisor: %s\n", ll_right_name(bit), why);
	}
	if (l->net_connect) {
		printf("    %-12s placed: the kernel decides TCP connects; granted ports:",
		       "CONNECT_TCP");
		for (size_t i = 0; i < l->nports; i++)
			printf(" %u", (unsigned)l->ports[i]);
		printf("%s\n", l->nports ? "" : " none");
	} else if (l->net_why) {
		printf("    %-12s supervisor: %s\n", "CONNECT_TCP", l->net_why);
	}
	if (l->ndirs) {
		printf("    granted beneath:");
		for (size_t i = 0; i < l->ndirs; i++)
			printf(" %s", l->dirs[i]);
		printf("\n");
	}
	if (l->placed || l->bound)
		printf("    mounts, umounts and pivot_root fail with EPERM in the sandbox (Landlock "
		       "handles file rights); Landlock's refusals leave no record (audit is "
		       "root's)\n");
}

/* unotify's own rules, first in every decision. */
static void _print_implicit(const struct unotify_policy *p)
{
	bool any = false;

	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = p->rules[i];

		if (!r->implicit)
			continue;
		if (!any)
			printf("implicit rules (unotify's own, before every rule; kernel):\n");
		any = true;
		printf("    %s\n        %s\n", r->text, r->why);
	}
	_print_judged(p);
}

/* "expanded: ARG=PATTERN ..." for R's first call. */
static void _print_expanded(const struct rule *r)
{
	const struct inst *in = &r->insts[0];
	size_t n = 0;

	for (size_t c = 0; c < in->ncond; c++)
		n += in->conds[c].glob != NULL;
	if (!n)
		return;
	printf("    expanded:");
	for (size_t c = 0; c < in->ncond; c++) {
		const struct cond *cd = &in->conds[c];
		const char *name = in->sys->sig ? in->sys->sig->args[cd->arg].name : NULL;

		if (cd->glob)
			printf(" %s%s%s", name ? name : "path", cd->op == OP_NE ? "!=" : "=",
			       glob_pattern(cd->glob));
	}
	printf("\n");
}

static void _report(const struct unotify_policy *p)
{
	char where[300];

	_print_implicit(p);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = p->rules[i];

		if (r->implicit)
			continue;
		printf("%s: %s%s%s\n", src_loc_str(&r->loc, where, sizeof(where)),
		       r->cls ? r->cls : "", r->cls ? ": " : "", r->text);
		/* ${NAME}, alternatives and classes as loaded: the path
		 * conditions this rule (of those its line made) matches with */
		if (strstr(r->text, "${") || r->expanded)
			_print_expanded(r);
		for (size_t j = 0; j < r->ninst; j++)
			_print_inst(&r->insts[j]);
	}
	printf("default: %s (kernel)", action_name(p->dflt));
	for (size_t i = 0; i < p->nsys; i++)
		if (_user_named(p->sys[i]) && p->sys[i]->first_sup < p->sys[i]->ninst &&
		    !p->sys[i]->landlock)
			printf("%s %s: %s", i ? "," : ";", p->sys[i]->name,
			       verdict_name(p->sys[i]->dflt));
	printf("\n");
	if (p->scope_abstract)
		printf("scope: abstract-unix: no abstract AF_UNIX socket outside the sandbox is "
		       "reached (Landlock ABI 6; this kernel has %d)\n",
		       landlock_abi());
	_print_calls(p);
	_print_landlock(p);
	for (int a = 0; a < ARCH_COUNT; a++)
		if (policy_admits(p, a))
			printf("filter: %s %zu instructions\n", arch_table[a].name, p->arch_len[a]);
	printf("filter: total %zu of %d instructions\n", p->prog_len, BPF_MAXINSNS);
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "landlock", required_argument, NULL, 'L' },
		{ "policy", required_argument, NULL, 'p' },
		{ "rule", required_argument, NULL, 'e' },
		{ "profile", required_argument, NULL, 'P' },
		{ "seccomp-profile", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct policy_args pa = { 0 };
	int c;
	unsigned flags = 0;
	struct unotify_policy *p;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+p:e:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			_usage(stdout);
			return 0;
		}
		if (c == 'L') {
			flags = landlock_mode(optarg, "check");
			continue;
		}
		if (!policy_arg(&pa, c, optarg)) {
			_usage(stderr);
			return 2;
		}
	}
	for (; optind < argc; optind++) /* FILE...: as -p */
		policy_arg(&pa, 'p', argv[optind]);
	if (pa.nfiles == 0 && pa.nrules == 0 && nseccomp_profiles == 0) {
		_usage(stderr);
		return 2;
	}
	p = load_policy(pa.files, pa.nfiles, pa.rules, pa.nrules, flags, 1);
	_report(p);
	for (size_t i = 0; i < p->nrules; i++)
		_warn_rule(p->rules[i]);
	for (size_t i = 0; i < p->nsys; i++)
		_warn_unreachable(p->sys[i]);
	_warn_siblings(p);
	_warn_io_uring(p);
	_warn_mounts(p);
	_warn_symlinked(p);
	unotify_policy_free(p);
	policy_args_free(&pa);
	return 0;
}
