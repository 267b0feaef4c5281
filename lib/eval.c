/* eval: rule evaluation shared by the supervisor and the tests. */
#include <string.h>

#include "eval.h"

static bool _signed(enum arg_type t)
{
	return t == TYPE_S32 || t == TYPE_S64;
}

/* The argument of integer condition C as variant V holds it in REGS (the
 * registers, or the words of a socketcall block), widened to 64 bits as
 * its C type would be. */
static uint64_t _arg_value(const struct cond *c, const struct variant *v, const uint64_t *regs)
{
	struct arg_layout l = var_layout(v, c->arg, c->raw);
	uint64_t lo = regs[l.lo] & 0xffffffffu;

	switch (l.kind) {
	case LAY_32:
		if (c->type == TYPE_U16)
			return lo & 0xffff;
		return _signed(c->type) ? (uint64_t)(int64_t)(int32_t)(uint32_t)lo : lo;
	case LAY_SPLIT:
		return lo | (regs[l.hi] << 32);
	case LAY_ZERO:
		return 0;
	default:
		return regs[l.lo];
	}
}

/* a < b in the order of C's type. */
static bool _less(const struct cond *c, uint64_t a, uint64_t b)
{
	return _signed(c->type) ? (int64_t)a < (int64_t)b : a < b;
}

bool cond_int_match(const struct cond *c, const struct variant *v, const uint64_t *regs,
		    const struct rt_values *rt)
{
	uint64_t a, bits;

	if (c->is_arch)
		return ((c->value >> v->arch) & 1) == (c->op == OP_EQ);
	if (c->rt != RT_NONE) { /* always `=` on 32 bits (policy_parse.c) */
		uint32_t arg = (uint32_t)_arg_value(c, v, regs);

		/* An argument a variant holds at 0 is folded when compiled,
		 * before any launch-time value is known: never a match. */
		if (var_layout(v, c->arg, c->raw).kind == LAY_ZERO)
			return false;
		return (rt_applies(rt, c->rt) && arg == rt_value(rt, c->rt)) ||
		       (c->rt == RT_SUP_PID && rt_applies(rt, RT_KEEPER_PID) &&
			arg == rt_value(rt, RT_KEEPER_PID));
	}
	a = _arg_value(c, v, regs);
	/* Masks look at the bits the argument has on this arch. */
	bits = var_layout(v, c->arg, c->raw).kind == LAY_32 ? a & 0xffffffffu : a;
	switch (c->op) {
	case OP_EQ:
		return a == c->value;
	case OP_NE:
		return a != c->value;
	case OP_LT:
		return _less(c, a, c->value);
	case OP_LE:
		return !_less(c, c->value, a);
	case OP_GT:
		return _less(c, c->value, a);
	case OP_GE:
		return !_less(c, a, c->value);
	case OP_MASK_EQ:
		return (bits & c->mask) == c->value;
	case OP_MASK_NE:
		return (bits & c->mask) != c->value;
	default:
		return false;
	}
}

bool inst_int_match(const struct inst *in, const struct variant *v, const uint64_t *regs,
		    const struct rt_values *rt)
{
	for (size_t i = 0; i < in->ncond; i++)
		if (!in->conds[i].glob && !cond_int_match(&in->conds[i], v, regs, rt))
			return false;
	return true;
}

uint32_t eval_ret_value(enum action action, int64_t value)
{
	switch (action) {
	case ACT_ALLOW:
		return SECCOMP_RET_ALLOW;
	case ACT_ERRNO:
		return SECCOMP_RET_ERRNO | ((uint32_t)value & SECCOMP_RET_DATA);
	case ACT_KILL:
		return SECCOMP_RET_KILL_PROCESS;
	default:
		return SECCOMP_RET_USER_NOTIF;
	}
}

int eval_arch(const struct unotify_policy *p, uint32_t audit, int nr)
{
	int arch = arch_of(audit, nr);

	if (arch < 0 || !policy_admits(p, arch))
		return -1;
	return arch;
}

/* Does the filter have a section for calls with this AUDIT_ARCH value? */
static bool _section(const struct unotify_policy *p, uint32_t audit)
{
	if (audit == arch_table[ARCH_I386].audit)
		return policy_admits(p, ARCH_I386);
	if (audit == arch_table[ARCH_X86_64].audit)
		return policy_admits(p, ARCH_X86_64) || policy_admits(p, ARCH_X32);
	return false;
}

uint32_t eval_kernel(const struct unotify_policy *p, const struct rt_values *rt,
		     const struct seccomp_data *d)
{
	const struct variant *v;
	uint64_t regs[SYS_MAX_ARGS];
	int arch;

	memcpy(regs, d->args, sizeof(regs));
	/* The arch first; then nr -1 (a tracer skipping the call, which the
	 * kernel does not perform) is let through. */
	if (!_section(p, d->arch))
		return SECCOMP_RET_KILL_PROCESS;
	if (d->nr == -1)
		return SECCOMP_RET_ALLOW;
	arch = eval_arch(p, d->arch, d->nr);
	if (arch < 0)
		return SECCOMP_RET_KILL_PROCESS;
	v = policy_lookup(p, arch, d->nr, regs);
	if (!v)
		return eval_ret_value(p->dflt, p->dflt_value);
	if (v->sys->landlock)
		return SECCOMP_RET_ALLOW;
	for (size_t i = 0; i < v->kernel_end; i++)
		if (inst_int_match(v->sys->insts[i], v, regs, rt))
			return eval_ret_value(v->sys->insts[i]->rule->action,
					      v->sys->insts[i]->rule->value);
	if (v->kernel_end == v->kill_at && v->kill_at < v->sys->ninst)
		return SECCOMP_RET_KILL_PROCESS;
	if (v->to_sup)
		return SECCOMP_RET_USER_NOTIF;
	return eval_ret_value(p->dflt, p->dflt_value);
}
