/* eval: rule evaluation shared by the supervisor and the tests. */
#include "bpf.h"
#include "eval.h"

/* The argument as its C type sees it, as a 64-bit pattern: 32-bit types
 * keep only the low half, because the kernel ignores the upper one. */
static uint64_t _arg_value(const struct cond *c, uint64_t arg)
{
	return c->type == TYPE_S32 || c->type == TYPE_U32 ? arg & 0xffffffffu : arg;
}

/* a < b in C's ordering for TYPE. */
static bool _less(enum arg_type type, uint64_t a, uint64_t b)
{
	switch (type) {
	case TYPE_S32:
		return (int32_t)(uint32_t)a < (int32_t)(uint32_t)b;
	case TYPE_S64:
		return (int64_t)a < (int64_t)b;
	default:
		return a < b;
	}
}

bool cond_int_match(const struct cond *c, uint64_t raw)
{
	uint64_t a = _arg_value(c, raw), v = c->value;

	switch (c->op) {
	case OP_EQ:
		return a == v;
	case OP_NE:
		return a != v;
	case OP_LT:
		return _less(c->type, a, v);
	case OP_LE:
		return !_less(c->type, v, a);
	case OP_GT:
		return _less(c->type, v, a);
	case OP_GE:
		return !_less(c->type, a, v);
	case OP_MASK_EQ:
		return (a & c->mask) == v;
	case OP_MASK_NE:
		return (a & c->mask) != v;
	default:
		return false;
	}
}

static bool _kernel_inst_match(const struct inst *in, const struct seccomp_data *d)
{
	for (size_t i = 0; i < in->ncond; i++)
		if (!cond_int_match(&in->conds[i], d->args[in->conds[i].arg]))
			return false;
	return true;
}

uint32_t eval_kernel(const struct unotify_policy *p, const struct seccomp_data *d)
{
	int arch = arch_by_audit(d->arch);
	const struct sysent *s;

	if (arch < 0)
		return SECCOMP_RET_KILL_PROCESS;
	if (d->nr == -1)
		return SECCOMP_RET_ALLOW;
	if ((uint32_t)d->nr >= arch_table[arch].x32_bit)
		return SECCOMP_RET_KILL_PROCESS;
	s = policy_lookup(p, arch, d->nr);
	if (!s)
		return bpf_ret_value(p->dflt, p->dflt_value);
	for (size_t i = 0; i < s->first_sup; i++)
		if (_kernel_inst_match(s->insts[i], d))
			return bpf_ret_value(s->insts[i]->rule->action, s->insts[i]->rule->value);
	if (s->first_sup < s->ninst)
		return SECCOMP_RET_USER_NOTIF;
	return bpf_ret_value(p->dflt, p->dflt_value);
}
