/* policy: the rule language's model.  A policy is an ordered list of rules;
 * each rule is expanded into one instance per syscall it names, with its
 * conditions resolved against that syscall's signature.  compile.c turns
 * the instances into BPF and a table for the supervisor. */
#ifndef UNOTIFY_POLICY_H
#define UNOTIFY_POLICY_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "glob.h"
#include "syscalls.h"
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

struct src_loc {
	const char *origin; /* file name or "-e:N"; owned by the policy */
	unsigned line, col;
};

/* One condition, resolved for one syscall. */
struct cond {
	uint8_t arg; /* 0..5 */
	enum cond_op op;
	enum arg_type type; /* integer conditions */
	enum arg_kind kind;
	const struct glob *glob; /* path conditions: owned by the rule */
	bool absolute;		 /* glob starts with '/': matched on the resolved path */
	uint64_t mask, value;	 /* integer conditions, already in the argument's width */
};

/* What the supervisor does with a call a rule decided. */
enum verdict {
	V_KERNEL, /* not supervised: decided by the filter */
	V_ERRNO,
	V_KILL,
	V_RETURN,
	V_CONTINUE, /* SECCOMP_USER_NOTIF_FLAG_CONTINUE */
	V_EMULATE,
};

struct rule;

/* A rule as it applies to one syscall. */
struct inst {
	struct rule *rule;
	struct sysent *sys;
	struct cond *conds;
	size_t ncond;
	bool has_path;
	bool supervised;      /* decided by the supervisor, not the filter */
	enum verdict verdict; /* for supervised instances */
};

struct rule {
	struct src_loc loc;
	enum action action;
	int64_t value;
	bool log, stop;
	unsigned delay_ms;
	struct glob **globs; /* owned */
	size_t nglobs;
	struct inst *insts; /* one per syscall named, in the order named */
	size_t ninst;
	char *text; /* the rule's source text, for messages */
};

/* Emulation handler: performs the call for the target (see emulate.h).
 * Stores the call's result (a value, or -errno) in *result and returns 0,
 * or returns -ESRCH when the call vanished and must be dropped. */
struct call;
typedef int (*emulate_fn)(struct call *c, int64_t *result);

/* Every syscall a policy names. */
struct sysent {
	const char *name;	   /* from the signature table or libseccomp */
	const struct sys_sig *sig; /* may be NULL */
	int nr[ARCH_COUNT];	   /* -1 where the arch lacks it */
	struct inst **insts;	   /* in policy order */
	size_t ninst, cap;
	size_t first_sup;   /* index of the first supervised instance */
	enum verdict dflt;  /* supervisor's answer when no rule matches */
	int64_t dflt_value; /* its errno, for V_ERRNO */
	emulate_fn emulate; /* NULL when unotify cannot emulate it */
	char *owned_name;
};

struct unotify_policy {
	struct rule **rules;
	size_t nrules, rcap;
	struct sysent **sys;
	size_t nsys, scap;
	enum action dflt;
	int64_t dflt_value;
	struct src_loc dflt_loc; /* origin NULL when not given */
	char **origins;		 /* owned origin strings */
	size_t norigins;
	unsigned e_count; /* -e rules seen */
	bool compiled, broken;

	/* compiled */
	struct sock_filter *prog;
	size_t prog_len;
	size_t arch_len[ARCH_COUNT]; /* instructions of each arch's section */
	struct sysent **by_nr[ARCH_COUNT];
	int max_nr[ARCH_COUNT];
};

/* Parser (policy_parse.c).  Appends the rules of TEXT.  Returns 0 or
 * -EINVAL/-ENOMEM with err set. */
int policy_parse(struct unotify_policy *p, const char *origin, const char *text,
		 struct unotify_error *err);

/* Model (policy.c). */
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

/* Placement and verdicts (policy.c); called by unotify_policy_compile. */
int policy_place(struct unotify_policy *p, struct unotify_error *err);

/* The instance lookup for a notification: NULL when the policy does not
 * name the call. */
static inline struct sysent *policy_lookup(const struct unotify_policy *p, int arch, int nr)
{
	if (nr < 0 || nr > p->max_nr[arch])
		return NULL;
	return p->by_nr[arch][nr];
}

#endif
