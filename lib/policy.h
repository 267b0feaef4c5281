/* policy: the rule language's model.  A policy is an ordered list of rules;
 * each rule is expanded into one instance per syscall it names, with its
 * conditions resolved against that syscall's signature.  place.c decides
 * where each instance is judged and bpf.c turns them into a filter. */
#ifndef UNOTIFY_POLICY_H
#define UNOTIFY_POLICY_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "glob.h"
#include "landlock.h"
#include "syscalls.h"
#include "variant.h"
#include "unotify.h"

enum action {
	ACT_ALLOW,
	ACT_ERRNO, /* value: the errno */
	ACT_KILL,
	ACT_RETURN, /* value: the return value */
	ACT_CONTINUE,
	ACT_EMULATE,
};

enum cond_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_MASK_EQ, OP_MASK_NE };

/* Values known only when a command is launched: unotify's own process.
 * Only implicit rules use them, in `=` conditions on 32-bit arguments.
 * The RT_FB_ ones apply only without the lock layer (Landlock's signal
 * scope), which keeps group and broadcast signals from unotify itself. */
enum rt_value {
	RT_NONE,
	RT_SUP_PID, /* unotify's pid, or its keeper's (one more comparison) */
	RT_SUP_PGID,
	RT_FB_NEG_PGID,
	RT_FB_ALL,
	RT_FB_ZERO,
	RT_KEEPER_PID, /* in programs only: the second comparison of RT_SUP_PID */
};

struct rt_values {
	bool known;  /* false: conditions on these never match */
	bool locked; /* the lock layer is on: RT_FB_ conditions never match */
	int32_t pid, pgid;
	int32_t keeper; /* the keeper's pid (launch.c, keeper.h), or 0: none */
};

/* Whether a condition on KIND can match under RT (NULL: never). */
static inline bool rt_applies(const struct rt_values *rt, int kind)
{
	if (!rt || !rt->known)
		return false;
	switch (kind) {
	case RT_SUP_PID:
	case RT_SUP_PGID:
		return true;
	case RT_KEEPER_PID:
		return rt->keeper != 0;
	case RT_FB_NEG_PGID:
	case RT_FB_ALL:
	case RT_FB_ZERO:
		return !rt->locked;
	default: /* an unknown kind never matches */
		return false;
	}
}

/* The 32-bit value of KIND under RT. */
static inline uint32_t rt_value(const struct rt_values *rt, int kind)
{
	switch (kind) {
	case RT_SUP_PID:
		return (uint32_t)rt->pid;
	case RT_SUP_PGID:
		return (uint32_t)rt->pgid;
	case RT_FB_NEG_PGID:
		return (uint32_t)-rt->pgid;
	case RT_FB_ALL:
		return 0xffffffffu;
	case RT_KEEPER_PID:
		return (uint32_t)rt->keeper;
	default: /* RT_FB_ZERO */
		return 0;
	}
}

struct src_loc {
	const char *origin; /* file name or "-e:N"; owned by the policy */
	unsigned line, col;
};

/* One condition, resolved for one syscall.  Where the argument sits on
 * each arch is the variant's business (variant.h); a condition names it
 * by its index in the syscall's own signature. */
struct cond {
	uint8_t arg; /* 0..5 */
	enum cond_op op;
	enum arg_type type; /* the argument's C type, for integer conditions */
	enum arg_kind kind;
	bool raw;		 /* argN: the raw register (or block word) N */
	bool is_arch;		 /* arch=NAME: value is a bit mask of arch indexes */
	const struct glob *glob; /* path conditions: owned by the rule */
	const struct netcond *net; /* address conditions (net.h): owned by the rule */
	bool absolute;		 /* glob starts with '/': matched on the resolved path */
	uint8_t rt;		 /* enum rt_value: compared with a launch-time value */
	/* Integer conditions.  Ordering and equality: the value as the C
	 * type widens it to 64 bits (sign-extended when signed).  Masked: the
	 * bit patterns, cut to 32 bits for 32-bit types. */
	uint64_t mask, value;
};

/* What the supervisor does with a call a rule decided. */
enum verdict {
	V_ERRNO,
	V_KILL,
	V_RETURN,
	V_CONTINUE, /* SECCOMP_USER_NOTIF_FLAG_CONTINUE */
	V_EMULATE,
};

struct rule;
struct bpf_patch;

/* A rule as it applies to one syscall. */
struct inst {
	struct rule *rule;
	struct sysent *sys;
	struct cond *conds;
	size_t ncond;
	bool has_path;
	bool from_group;      /* named by a @group, not by itself */
	bool supervised;      /* decided by the supervisor, not the filter */
	enum verdict verdict; /* for supervised instances */
};

/* Whether IN matches every call of its syscall (no condition, no `when`). */
#define inst_matches_all(in) ((in)->ncond == 0 && !(in)->rule->when_first)

struct rule {
	struct src_loc loc;
	enum action action;
	int64_t value;
	bool log, stop;
	unsigned delay_ms;
	/* when FIRST[..LAST][+STEP]: only those of the rule's matches count
	 * (from 1, over everything the policy supervises); 0: every match. */
	uint64_t when_first, when_last, when_step;
	_Atomic uint64_t when_seen; /* matches so far */
	struct glob **globs; /* owned */
	size_t nglobs;
	struct netcond **nets; /* owned */
	size_t nnets;
	struct inst *insts; /* one per syscall named, in the order named */
	size_t ninst, cap;
	char *text;	 /* the rule's source text, for messages */
	bool expanded;	 /* one of the rules its line made (alternatives, a class) */
	const char *cls; /* the access class its line named ("@write"), or NULL */
	bool implicit;	 /* added by unotify (implicit.c), ahead of the user's */
	bool foreign;	 /* imported from another format (an OCI profile) */
	const char *why; /* implicit rules: the reason, for `check` (static) */
};

/* Emulation handler: performs the call for the target (see emulate.h).
 * Stores the call's result (a value, or -errno) in *result and returns 0,
 * or returns -ESRCH when the call vanished and must be dropped. */
struct call;
typedef int (*emulate_fn)(struct call *c, int64_t *result);

/* The kernel's checks of a call's arguments before it walks a path:
 * the -errno the call fails with, 0, or -ESRCH (drop the call). */
typedef int (*validate_fn)(struct call *c);

/* Every syscall a policy names. */
struct sysent {
	const char *name;	   /* from the signature table or libseccomp */
	const struct sys_sig *sig; /* may be NULL */
	struct variant *vars;	   /* its appearances on every arch (variant.h) */
	size_t nvars, vcap;
	struct inst **insts; /* in policy order */
	size_t ninst, cap;
	size_t first_sup;   /* index of the first supervised instance */
	enum verdict dflt;  /* supervisor's answer when no rule matches */
	int64_t dflt_value; /* its errno, for V_ERRNO */
	emulate_fn emulate; /* NULL when unotify cannot emulate it */
	validate_fn validate; /* the kernel's checks before the walk, or NULL */
	/* bind under mknod path rules: every call goes to the supervisor, and
	 * an AF_UNIX path is judged by the rules of JUDGE_AS (mknodat, mknod) */
	bool force_sup;
	struct sysent *judge_as;
	/* landlock_restrict_self where the supervisor acts: every call goes
	 * to the supervisor, which notes it (implicit.c) */
	bool watch;
	char *owned_name;
	/* Landlock decides it alone (llplace): the filter lets it through. */
	bool landlock;
	/* Every verdict the supervisor may give emulates: a path is walked
	 * as the target at once, with no decision walk first (placement). */
	bool acts_always;
	/* How each argument is read as a path (sys_path_spec), looked up once
	 * at placement rather than on every call. */
	struct path_spec paths[SYS_MAX_ARGS];
};

#define POLICY_MAX_ERRORS 20

struct unotify_policy {
	struct rule **rules;
	size_t nrules, rcap;
	struct sysent **sys;
	size_t nsys;
	enum action dflt;
	int64_t dflt_value;
	struct src_loc dflt_loc; /* origin NULL when not given */
	unsigned arches;	 /* bit mask of admitted arch indexes */
	struct src_loc arch_loc; /* origin NULL when not given */
	char **origins;		 /* owned origin strings */
	size_t norigins;
	bool foreign;	  /* the rules being parsed are imported (add_foreign) */
	unsigned e_count; /* -e rules seen */
	bool compiled, broken;

	unsigned flags; /* UNOTIFY_P_* */
	bool scope_abstract;	 /* `scope abstract-unix`: as --scope-abstract-unix */
	/* Every error the text had, "WHERE: MESSAGE", in order (the first is
	 * also the call's error), at most POLICY_MAX_ERRORS. */
	char *errors[POLICY_MAX_ERRORS];
	size_t nerrors;
	bool more_errors; /* past those */
	struct src_loc scope_loc; /* origin NULL when not given */

	/* compiled */
	bool supervised;	  /* some call goes to the supervisor */
	struct sock_filter *prog; /* launch-time conditions never match */
	size_t prog_len;
	size_t arch_len[ARCH_COUNT];	    /* instructions of each arch's section */
	struct variant **by_nr[ARCH_COUNT]; /* by nr - nr_base: chains of variants */
	int max_nr[ARCH_COUNT];
	struct bpf_patch *patches; /* where launch-time values go (bpf.h) */
	size_t npatches;
	struct ll_layout ll; /* what Landlock decides and bounds (llplace.h) */
};

#define ARCHES_DEFAULT ((1u << ARCH_X86_64) | (1u << ARCH_I386))

/* Parser (policy_parse.c).  Appends the rules of TEXT.  IMPLICIT marks
 * unotify's own rules, which may name launch-time values (UNOTIFY_PID,
 * UNOTIFY_PGID, and without the lock layer UNOTIFY_FB_NEG_PGID,
 * UNOTIFY_FB_ALL and UNOTIFY_FB_ZERO).  Returns 0 or -EINVAL/-ENOMEM with err
 * set. */
int policy_parse(struct unotify_policy *p, const char *origin, const char *text, bool implicit,
		 struct unotify_error *err);

/* Model (policy.c). */
/* Keeps a copy of ORIGIN for the policy's lifetime.  NULL on ENOMEM. */
const char *policy_origin(struct unotify_policy *p, const char *origin);
/* Frees P and everything it owns. */
void policy_destroy(struct unotify_policy *p);

/* What a failed addition of rules puts back: the rules, calls, default
 * and arches as they were at policy_mark. */
struct policy_mark {
	size_t nrules, nsys;
	enum action dflt;
	int64_t dflt_value;
	struct src_loc dflt_loc;
	unsigned arches;
	struct src_loc arch_loc;
};
void policy_mark(const struct unotify_policy *p, struct policy_mark *m);
void policy_rollback(struct unotify_policy *p, const struct policy_mark *m);

/* PATH's whole text, NUL-terminated (free it), or NULL with *ERR: the
 * errno, EFBIG past POLICY_FILE_MAX, EINVAL for a NUL byte. */
char *policy_read_file(const char *path, int *err);
/* As policy_sysent, and *UNKNOWN says whether NAME is a call no arch
 * knows (the error is then set too). */
struct sysent *policy_sysent_known(struct unotify_policy *p, const char *name,
				   struct unotify_error *err, const struct src_loc *loc,
				   bool *unknown);
struct sysent *policy_sysent(struct unotify_policy *p, const char *name, struct unotify_error *err,
			     const struct src_loc *loc);
int policy_add_rule(struct unotify_policy *p, struct rule *r);
void rule_free(struct rule *r);
const char *action_name(enum action a);
const char *verdict_name(enum verdict v);
/* "origin:line" (or "-e:N", or "default") into BUF. */
const char *src_loc_str(const struct src_loc *loc, char *buf, size_t size);
/* "origin:line:col" (or "-e:N:col") into BUF. */
const char *src_where(const char *origin, unsigned line, unsigned col, char *buf, size_t size);

/* Placement and verdicts (place.c); called by unotify_policy_compile, and
 * again after the implicit rules went in.  Sets p->supervised. */
int policy_place(struct unotify_policy *p, struct unotify_error *err);

/* True when the filter sends some call of V to the supervisor (V on an
 * admitted arch).  Valid after policy_place. */
bool place_variant_supervised(const struct unotify_policy *p, const struct variant *v);

/* Adds unotify's own rules in front of P's (implicit.c): the refusals that
 * keep a hostile target from getting around the policy or its supervisor.
 * Needs P placed once.  0 or -errno with err set. */
int implicit_add(struct unotify_policy *p, struct unotify_error *err);

/* A call io_uring can make that P's rules refuse or supervise (so io_uring
 * would get around them), or NULL. */
const char *implicit_io_uring_restricted(const struct unotify_policy *p);

/* The instance lookup for a notification: NULL when the policy does not
 * name the call. */
static inline bool policy_admits(const struct unotify_policy *p, int arch)
{
	return p->arches & (1u << arch);
}

/* The variant a call (ARCH, NR, with registers ARGS) meets: a
 * multiplexer's sub-call when its selector matches, else the plain call;
 * NULL when the policy does not name it. */
static inline struct variant *policy_lookup(const struct unotify_policy *p, int arch, int nr,
					    const uint64_t *args)
{
	uint32_t i = (uint32_t)nr - arch_table[arch].nr_base;
	struct variant *v;

	if (p->max_nr[arch] < 0 || i > (uint32_t)p->max_nr[arch])
		return NULL;
	for (v = p->by_nr[arch][i]; v; v = v->next_same_nr)
		if (v->sel_reg < 0 || ((uint32_t)args[v->sel_reg] & v->sel_mask) == v->sel_val)
			return v;
	return NULL;
}

#endif
