/* bpf: compiling a placed policy into classic BPF.
 *
 * The program is generated backwards, from its last instruction to its
 * first, so that every jump target (always forward in BPF) is already
 * placed when the jump is emitted.  A conditional jump reaches only 255
 * instructions ahead; when a target is further, a JA trampoline (32-bit
 * offset) is emitted right after the jump.
 *
 * Layout, per call:
 *   load arch; one JEQ per admitted AUDIT_ARCH value, else KILL_PROCESS
 *   section: load nr; nr == -1 -> ALLOW (a tracer skipping the call; the
 *   kernel performs nothing); on x86_64's value, nr >= X32_BIT goes to
 *   the x32 dispatch, or is killed unless x32 is admitted; the rest to
 *   the x86_64 dispatch, or killed unless x86_64 is admitted
 *   dispatch: a binary search on nr; other calls -> default
 *   number block: multiplexer sub-calls (i386 socketcall, ipc) tested on
 *   their selector register, then the plain call
 *   variant block: the rules the filter decides for it, in order, each
 *   "conditions -> RET"; then KILL where it cannot judge a rule,
 *   USER_NOTIF where the supervisor takes over, else the default.
 * A syscall with no conditional kernel rule is decided from arch and nr
 * alone, which keeps the kernel's action cache effective. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "error.h"
#include "eval.h"

#define OFF_NR	      offsetof(struct seccomp_data, nr)
#define OFF_ARCH      offsetof(struct seccomp_data, arch)
#define OFF_ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define OFF_ARG_HI(i) (OFF_ARG_LO(i) + 4)
#define SIGN32	      0x80000000u

/* Instructions in reverse: rev[0] is the program's last instruction.  A
 * label is the reverse index of the instruction it names. */
typedef size_t label;

/* A comparison with a launch-time value, by label until the program is
 * turned around. */
struct rt_site {
	label at;
	uint8_t rt;
};

struct emitter {
	struct sock_filter *rev;
	size_t n, cap;
	bool nomem;
	struct rt_site *sites;
	size_t nsites;
};

static label _emit(struct emitter *e, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 256;
		struct sock_filter *n = realloc(e->rev, cap * sizeof(*n));

		if (!n) {
			e->nomem = true;
			return e->n ? e->n - 1 : 0;
		}
		e->rev = n;
		e->cap = cap;
	}
	e->rev[e->n] = (struct sock_filter){ code, jt, jf, k };
	return e->n++;
}

/* Forward distance from the next instruction to be emitted to TARGET. */
static size_t _dist(const struct emitter *e, label target)
{
	return e->n - target - 1;
}

static label _ret(struct emitter *e, uint32_t value)
{
	return _emit(e, BPF_RET | BPF_K, 0, 0, value);
}

static label _ld(struct emitter *e, uint32_t off)
{
	return _emit(e, BPF_LD | BPF_W | BPF_ABS, 0, 0, off);
}

static label _alu(struct emitter *e, uint16_t op, uint32_t k)
{
	return _emit(e, BPF_ALU | op | BPF_K, 0, 0, k);
}

static label _ja(struct emitter *e, label target)
{
	return _emit(e, BPF_JMP | BPF_JA, 0, 0, (uint32_t)_dist(e, target));
}

/* A conditional jump OP (BPF_JEQ, BPF_JGT, BPF_JGE) against K, to T when
 * true and F when false, with trampolines for far targets. */
static label _jmp(struct emitter *e, uint16_t op, uint32_t k, label t, label f)
{
	if (_dist(e, f) > 255)
		f = _ja(e, f);
	if (_dist(e, t) > 255)
		t = _ja(e, t);
	return _emit(e, BPF_JMP | op | BPF_K, (uint8_t)_dist(e, t), (uint8_t)_dist(e, f), k);
}

static bool _signed(enum arg_type t)
{
	return t == TYPE_S32 || t == TYPE_S64;
}

/* Where an argument's words are: byte offsets into seccomp_data. */
struct words {
	uint32_t lo, hi;
};

/* Emits "A == value" for launch-time value RT (patched in by
 * bpf_patch_prog), to MATCH or FAIL, and notes where it is. */
static label _jeq_rt(struct emitter *e, uint8_t rt, label match, label fail)
{
	struct rt_site *n = realloc(e->sites, (e->nsites + 1) * sizeof(*n));

	if (!n) {
		e->nomem = true;
		return fail;
	}
	e->sites = n;
	e->sites[e->nsites] = (struct rt_site){ _jmp(e, BPF_JEQ, 0, match, fail), rt };
	return e->sites[e->nsites++].at;
}

/* A launch-time condition: unotify's pid is also its keeper's. */
static label _cmp_rt(struct emitter *e, const struct cond *c, struct words w, label match,
		     label fail)
{
	if (c->rt == RT_SUP_PID)
		fail = _jeq_rt(e, RT_KEEPER_PID, match, fail);
	_jeq_rt(e, c->rt, match, fail);
	return _ld(e, w.lo);
}

/* Emits "A OP V" for a 32-bit comparison of the word at W.lo, flipping
 * the sign bit first for a signed order. */
static label _cmp32(struct emitter *e, const struct cond *c, struct words w, label match,
		    label fail)
{
	bool sign = _signed(c->type) &&
		    (c->op == OP_LT || c->op == OP_LE || c->op == OP_GT || c->op == OP_GE);
	uint32_t v = (uint32_t)c->value ^ (sign ? SIGN32 : 0);

	switch (c->op) {
	case OP_EQ:
	case OP_MASK_EQ:
		_jmp(e, BPF_JEQ, v, match, fail);
		break;
	case OP_NE:
	case OP_MASK_NE:
		_jmp(e, BPF_JEQ, v, fail, match);
		break;
	case OP_GT:
		_jmp(e, BPF_JGT, v, match, fail);
		break;
	case OP_GE:
		_jmp(e, BPF_JGE, v, match, fail);
		break;
	case OP_LT:
		_jmp(e, BPF_JGE, v, fail, match);
		break;
	default: /* OP_LE */
		_jmp(e, BPF_JGT, v, fail, match);
		break;
	}
	if (c->op == OP_MASK_EQ || c->op == OP_MASK_NE)
		_alu(e, BPF_AND, (uint32_t)c->mask);
	else if (c->type == TYPE_U16)
		_alu(e, BPF_AND, 0xffff);
	if (sign)
		_alu(e, BPF_XOR, SIGN32);
	return _ld(e, w.lo);
}

/* (a > v) when STRICT, else (a >= v), over 64 bits: high words first. */
static label _order64(struct emitter *e, const struct cond *c, struct words w, bool strict, label t,
		      label f)
{
	bool sign = _signed(c->type);
	uint32_t vhi = (uint32_t)(c->value >> 32) ^ (sign ? SIGN32 : 0);
	label lo, hi_eq;

	_jmp(e, strict ? BPF_JGT : BPF_JGE, (uint32_t)c->value, t, f);
	lo = _ld(e, w.lo);
	hi_eq = _jmp(e, BPF_JEQ, vhi, lo, f);
	_jmp(e, BPF_JGT, vhi, t, hi_eq);
	if (sign)
		_alu(e, BPF_XOR, SIGN32);
	return _ld(e, w.hi);
}

/* Equality of (a & mask) and v over 64 bits; to T when equal. */
static label _equal64(struct emitter *e, const struct cond *c, struct words w, label t, label f)
{
	bool masked = c->op == OP_MASK_EQ || c->op == OP_MASK_NE;
	label lo;

	_jmp(e, BPF_JEQ, (uint32_t)c->value, t, f);
	if (masked)
		_alu(e, BPF_AND, (uint32_t)c->mask);
	lo = _ld(e, w.lo);
	_jmp(e, BPF_JEQ, (uint32_t)(c->value >> 32), lo, f);
	if (masked)
		_alu(e, BPF_AND, (uint32_t)(c->mask >> 32));
	return _ld(e, w.hi);
}

/* For an argument 32 bits wide on this arch (or 16, for umode_t): -1 when
 * C must be tested, else whether it always holds (the value lies outside
 * what those bits can hold). */
static int _const32(const struct cond *c)
{
	uint64_t umax = c->type == TYPE_U16 ? 0xffff : UINT32_MAX;
	bool sg = _signed(c->type), below, above;
	int64_t sv = (int64_t)c->value;

	if (c->op == OP_MASK_EQ || c->op == OP_MASK_NE)
		return c->value & ~umax ? c->op == OP_MASK_NE : -1;
	below = sg && sv < INT32_MIN;
	above = sg ? sv > INT32_MAX : c->value > umax;
	if (!below && !above)
		return -1;
	switch (c->op) {
	case OP_EQ:
		return 0;
	case OP_NE:
		return 1;
	case OP_LT:
	case OP_LE:
		return above;
	default: /* OP_GT, OP_GE */
		return below;
	}
}

/* Emits condition C as variant V holds it; control goes to MATCH when it
 * holds, else FAIL.  Conditions that hold or fail whatever the call
 * (arch=, values out of a 32-bit argument's reach) emit nothing. */
static label _cond(struct emitter *e, const struct cond *c, const struct variant *v, label match,
		   label fail)
{
	struct arg_layout l;
	struct words w;

	if (c->is_arch)
		return ((c->value >> v->arch) & 1) == (c->op == OP_EQ) ? match : fail;
	l = var_layout(v, c->arg, c->raw);
	w.lo = (uint32_t)OFF_ARG_LO(l.lo);
	w.hi = l.kind == LAY_SPLIT ? (uint32_t)OFF_ARG_LO(l.hi) : (uint32_t)OFF_ARG_HI(l.lo);
	if (l.kind == LAY_ZERO) {
		const uint64_t zero[SYS_MAX_ARGS] = { 0 };

		return cond_int_match(c, v, zero, NULL) ? match : fail;
	}
	if (c->rt != RT_NONE) /* `=` on a 32-bit argument (policy_parse.c) */
		return _cmp_rt(e, c, w, match, fail);
	if (l.kind == LAY_32) {
		int k = _const32(c);

		return k < 0 ? _cmp32(e, c, w, match, fail) : k ? match : fail;
	}
	switch (c->op) {
	case OP_EQ:
	case OP_MASK_EQ:
		return _equal64(e, c, w, match, fail);
	case OP_NE:
	case OP_MASK_NE:
		return _equal64(e, c, w, fail, match);
	case OP_GT:
		return _order64(e, c, w, true, match, fail);
	case OP_GE:
		return _order64(e, c, w, false, match, fail);
	case OP_LT:
		return _order64(e, c, w, false, fail, match);
	default: /* OP_LE */
		return _order64(e, c, w, true, fail, match);
	}
}

/* Emits V's block: the rules the filter decides for it, in order, then
 * its fall-through: kill where it cannot judge, the supervisor, or the
 * default DFLT. */
static label _var_block(struct emitter *e, const struct variant *v, label dflt)
{
	const struct sysent *s = v->sys;
	label next = dflt;

	if (s->landlock) /* Landlock decides it */
		return _ret(e, SECCOMP_RET_ALLOW);
	if (v->kernel_end == v->kill_at && v->kill_at < s->ninst)
		next = _ret(e, SECCOMP_RET_KILL_PROCESS);
	else if (v->to_sup)
		next = _ret(e, SECCOMP_RET_USER_NOTIF);
	for (size_t i = v->kernel_end; i-- > 0;) {
		const struct inst *in = s->insts[i];
		label start = _ret(e, eval_ret_value(in->rule->action, in->rule->value));

		for (size_t c = in->ncond; c-- > 0;)
			start = _cond(e, &in->conds[c], v, start, next);
		next = start;
	}
	return next;
}

/* Emits the block for one number: each multiplexer sub-call's selector,
 * then the plain call (or the default). */
static label _nr_block(struct emitter *e, const struct variant *chain, label dflt)
{
	const struct variant *sel[64];
	label blocks[64], next = dflt;
	size_t n = 0;

	for (const struct variant *v = chain; v; v = v->next_same_nr) {
		if (v->sel_reg < 0)
			next = _var_block(e, v, dflt);
		else if (n < 64)
			sel[n++] = v;
	}
	for (size_t i = 0; i < n; i++)
		blocks[i] = _var_block(e, sel[i], dflt);
	for (size_t i = n; i-- > 0;) {
		_jmp(e, BPF_JEQ, sel[i]->sel_val, blocks[i], next);
		if (sel[i]->sel_mask != 0xffffffffu)
			_alu(e, BPF_AND, sel[i]->sel_mask);
		next = _ld(e, (uint32_t)OFF_ARG_LO(sel[i]->sel_reg));
	}
	return next;
}

struct case_ {
	uint32_t nr;
	label block;
};

static int _case_cmp(const void *a, const void *b)
{
	const struct case_ *x = a, *y = b;

	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

/* A binary search over CASES[lo, hi) on the loaded nr; DFLT when absent. */
static label _tree(struct emitter *e, const struct case_ *cases, size_t lo, size_t hi, label dflt)
{
	label left, right;
	size_t mid;

	if (hi - lo <= 4) {
		label next = dflt;

		for (size_t i = hi; i-- > lo;)
			next = _jmp(e, BPF_JEQ, cases[i].nr, cases[i].block, next);
		return next;
	}
	mid = lo + (hi - lo) / 2;
	right = _tree(e, cases, mid, hi, dflt);
	left = _tree(e, cases, lo, mid, dflt);
	return _jmp(e, BPF_JGE, cases[mid].nr, right, left);
}

/* Emits ARCH's dispatch on the loaded nr (and the blocks it reaches);
 * returns its first instruction. */
static label _dispatch(struct emitter *e, const struct unotify_policy *p, int arch)
{
	size_t n = 0, max = (size_t)(p->max_nr[arch] + 1);
	struct case_ *cases = calloc(max + 1, sizeof(*cases));
	label dflt = _ret(e, eval_ret_value(p->dflt, p->dflt_value)), tree;

	if (!cases) {
		e->nomem = true;
		return dflt;
	}
	for (size_t i = 0; i < max; i++) {
		if (!p->by_nr[arch][i])
			continue;
		cases[n].nr = (uint32_t)i + arch_table[arch].nr_base;
		cases[n].block = _nr_block(e, p->by_nr[arch][i], dflt);
		n++;
	}
	qsort(cases, n, sizeof(*cases), _case_cmp);
	tree = n ? _tree(e, cases, 0, n, dflt) : dflt;
	free(cases);
	return tree;
}

/* The section for calls with x86_64's AUDIT_ARCH value: x86_64 numbers,
 * and x32 ones (X32_BIT set), each killed unless admitted. */
static label _x86_section(struct emitter *e, struct unotify_policy *p, label kill)
{
	size_t before = e->n;
	label x32 = kill, native = kill, allow, split;

	if (policy_admits(p, ARCH_X32))
		x32 = _dispatch(e, p, ARCH_X32);
	p->arch_len[ARCH_X32] = e->n - before;
	before = e->n;
	if (policy_admits(p, ARCH_X86_64))
		native = _dispatch(e, p, ARCH_X86_64);
	allow = _ret(e, SECCOMP_RET_ALLOW);
	split = _jmp(e, BPF_JGE, X32_BIT, x32, native);
	_jmp(e, BPF_JEQ, 0xffffffffu, allow, split);
	native = _ld(e, (uint32_t)OFF_NR);
	p->arch_len[ARCH_X86_64] = e->n - before;
	return native;
}

static label _i386_section(struct emitter *e, struct unotify_policy *p)
{
	size_t before = e->n;
	label tree = _dispatch(e, p, ARCH_I386), allow = _ret(e, SECCOMP_RET_ALLOW), start;

	_jmp(e, BPF_JEQ, 0xffffffffu, allow, tree);
	start = _ld(e, (uint32_t)OFF_NR);
	p->arch_len[ARCH_I386] = e->n - before;
	return start;
}

/* Turns E's program around into P.  Each launch-time comparison becomes
 * a jump to its failure branch, and is kept aside with its position so
 * that bpf_patch_prog can put it back with the value. */
static int _finish(struct emitter *e, struct unotify_policy *p)
{
	p->prog = malloc(e->n * sizeof(*p->prog));
	p->patches = calloc(e->nsites ? e->nsites : 1, sizeof(*p->patches));
	if (!p->prog || !p->patches)
		return -ENOMEM;
	for (size_t i = 0; i < e->n; i++)
		p->prog[i] = e->rev[e->n - 1 - i];
	p->prog_len = e->n;
	for (size_t i = 0; i < e->nsites; i++) {
		struct bpf_patch *pt = &p->patches[i];

		pt->at = (uint32_t)(e->n - 1 - e->sites[i].at);
		pt->rt = e->sites[i].rt;
		pt->jeq = p->prog[pt->at];
		p->prog[pt->at] = (struct sock_filter){ BPF_JMP | BPF_JA, 0, 0, pt->jeq.jf };
	}
	p->npatches = e->nsites;
	return 0;
}

int bpf_compile(struct unotify_policy *p, struct unotify_error *err)
{
	struct emitter e = { 0 };
	label kill, next;
	int ret = 0;

	memset(p->arch_len, 0, sizeof(p->arch_len));
	kill = _ret(&e, SECCOMP_RET_KILL_PROCESS);
	next = kill;
	if (policy_admits(p, ARCH_I386))
		next = _jmp(&e, BPF_JEQ, arch_table[ARCH_I386].audit, _i386_section(&e, p), next);
	if (policy_admits(p, ARCH_X86_64) || policy_admits(p, ARCH_X32))
		next = _jmp(&e, BPF_JEQ, arch_table[ARCH_X86_64].audit, _x86_section(&e, p, kill),
			    next);
	_ld(&e, (uint32_t)OFF_ARCH);
	if (e.nomem)
		ret = -ENOMEM;
	else if (e.n > BPF_MAXINSNS)
		ret = err_set(
			err, EINVAL, NULL,
			"the policy compiles to %zu BPF instructions; the kernel takes at most %d",
			e.n, BPF_MAXINSNS);
	else
		ret = _finish(&e, p);
	free(e.rev);
	free(e.sites);
	if (ret == -ENOMEM)
		return err_set(err, ENOMEM, NULL, "out of memory");
	return ret;
}

struct sock_filter *bpf_patch_prog(const struct unotify_policy *p, const struct rt_values *rt)
{
	struct sock_filter *prog = malloc(p->prog_len * sizeof(*prog));

	if (!prog)
		return NULL;
	memcpy(prog, p->prog, p->prog_len * sizeof(*prog));
	for (size_t i = 0; i < p->npatches; i++) {
		if (!rt_applies(rt, p->patches[i].rt))
			continue;
		prog[p->patches[i].at] = p->patches[i].jeq;
		prog[p->patches[i].at].k = rt_value(rt, p->patches[i].rt);
	}
	return prog;
}
