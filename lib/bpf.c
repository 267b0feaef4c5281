/* bpf: compiling a placed policy into classic BPF.
 *
 * The program is generated backwards, from its last instruction to its
 * first, so that every jump target (always forward in BPF) is already
 * placed when the jump is emitted.  A conditional jump reaches only 255
 * instructions ahead; when a target is further, a JA trampoline (32-bit
 * offset) is emitted right after the jump.
 *
 * Layout, per call:
 *   load arch; one JEQ per admitted arch, else KILL_PROCESS
 *   arch section: load nr; nr == -1 -> ALLOW (a tracer skipping the call;
 *   the kernel performs nothing); nr >= x32 bit -> KILL_PROCESS; a binary
 *   search on nr to the syscall's block; other calls -> default
 *   syscall block: its kernel rules in order, each "conditions -> RET";
 *   then RET USER_NOTIF when it has supervised rules, else RET default.
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

#define OFF_NR	      offsetof(struct seccomp_data, nr)
#define OFF_ARCH      offsetof(struct seccomp_data, arch)
#define OFF_ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define OFF_ARG_HI(i) (OFF_ARG_LO(i) + 4)
#define SIGN32	      0x80000000u

/* Instructions in reverse: rev[0] is the program's last instruction.  A
 * label is the reverse index of the instruction it names. */
struct emitter {
	struct sock_filter *rev;
	size_t n, cap;
	bool nomem;
};

typedef size_t label;

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

uint32_t bpf_ret_value(enum action action, int64_t value)
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

/* Emits "A OP V" for a 32-bit comparison of the already-loaded word,
 * flipping the sign bit first for a signed order. */
static label _cmp32(struct emitter *e, const struct cond *c, label match, label fail)
{
	bool sign = c->type == TYPE_S32 &&
		    (c->op == OP_LT || c->op == OP_LE || c->op == OP_GT || c->op == OP_GE);
	uint32_t v = (uint32_t)c->value ^ (sign ? SIGN32 : 0);
	label start;

	switch (c->op) {
	case OP_EQ:
	case OP_MASK_EQ:
		start = _jmp(e, BPF_JEQ, v, match, fail);
		break;
	case OP_NE:
	case OP_MASK_NE:
		start = _jmp(e, BPF_JEQ, v, fail, match);
		break;
	case OP_GT:
		start = _jmp(e, BPF_JGT, v, match, fail);
		break;
	case OP_GE:
		start = _jmp(e, BPF_JGE, v, match, fail);
		break;
	case OP_LT:
		start = _jmp(e, BPF_JGE, v, fail, match);
		break;
	default: /* OP_LE */
		start = _jmp(e, BPF_JGT, v, fail, match);
		break;
	}
	if (c->op == OP_MASK_EQ || c->op == OP_MASK_NE)
		start = _alu(e, BPF_AND, (uint32_t)c->mask);
	if (sign)
		start = _alu(e, BPF_XOR, SIGN32);
	(void)start;
	return _ld(e, (uint32_t)OFF_ARG_LO(c->arg));
}

/* (a > v) when STRICT, else (a >= v), over 64 bits: high words first. */
static label _order64(struct emitter *e, const struct cond *c, bool strict, label t, label f)
{
	bool sign = c->type == TYPE_S64;
	uint32_t vhi = (uint32_t)(c->value >> 32) ^ (sign ? SIGN32 : 0);
	label lo, hi_eq;

	_jmp(e, strict ? BPF_JGT : BPF_JGE, (uint32_t)c->value, t, f);
	lo = _ld(e, (uint32_t)OFF_ARG_LO(c->arg));
	hi_eq = _jmp(e, BPF_JEQ, vhi, lo, f);
	_jmp(e, BPF_JGT, vhi, t, hi_eq);
	if (sign)
		_alu(e, BPF_XOR, SIGN32);
	return _ld(e, (uint32_t)OFF_ARG_HI(c->arg));
}

/* Equality of (a & mask) and v over 64 bits; to T when equal. */
static label _equal64(struct emitter *e, const struct cond *c, label t, label f)
{
	bool masked = c->op == OP_MASK_EQ || c->op == OP_MASK_NE;
	label lo;

	_jmp(e, BPF_JEQ, (uint32_t)c->value, t, f);
	if (masked)
		_alu(e, BPF_AND, (uint32_t)c->mask);
	lo = _ld(e, (uint32_t)OFF_ARG_LO(c->arg));
	_jmp(e, BPF_JEQ, (uint32_t)(c->value >> 32), lo, f);
	if (masked)
		_alu(e, BPF_AND, (uint32_t)(c->mask >> 32));
	return _ld(e, (uint32_t)OFF_ARG_HI(c->arg));
}

/* Emits condition C; control goes to MATCH when it holds, else FAIL. */
static label _cond(struct emitter *e, const struct cond *c, label match, label fail)
{
	if (c->type == TYPE_S32 || c->type == TYPE_U32)
		return _cmp32(e, c, match, fail);
	switch (c->op) {
	case OP_EQ:
	case OP_MASK_EQ:
		return _equal64(e, c, match, fail);
	case OP_NE:
	case OP_MASK_NE:
		return _equal64(e, c, fail, match);
	case OP_GT:
		return _order64(e, c, true, match, fail);
	case OP_GE:
		return _order64(e, c, false, match, fail);
	case OP_LT:
		return _order64(e, c, false, fail, match);
	default: /* OP_LE */
		return _order64(e, c, true, fail, match);
	}
}

/* Emits S's block: its kernel rules in order, then its fall-through. */
static label _sys_block(struct emitter *e, const struct unotify_policy *p, const struct sysent *s)
{
	label next;

	if (s->first_sup < s->ninst)
		next = _ret(e, SECCOMP_RET_USER_NOTIF);
	else
		next = _ret(e, bpf_ret_value(p->dflt, p->dflt_value));
	for (size_t i = s->first_sup; i-- > 0;) {
		const struct inst *in = s->insts[i];
		label start = _ret(e, bpf_ret_value(in->rule->action, in->rule->value));

		for (size_t c = in->ncond; c-- > 0;)
			start = _cond(e, &in->conds[c], start, next);
		next = start;
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

/* Emits ARCH's section; returns its first instruction. */
static label _arch_section(struct emitter *e, const struct unotify_policy *p, int arch, label kill)
{
	struct case_ *cases = calloc(p->nsys + 1, sizeof(*cases));
	size_t n = 0;
	label dflt, allow, tree, x32;

	if (!cases) {
		e->nomem = true;
		return 0;
	}
	for (size_t i = 0; i < p->nsys; i++) {
		if (p->sys[i]->nr[arch] < 0)
			continue;
		cases[n].nr = (uint32_t)p->sys[i]->nr[arch];
		cases[n].block = _sys_block(e, p, p->sys[i]);
		n++;
	}
	qsort(cases, n, sizeof(*cases), _case_cmp);
	dflt = _ret(e, bpf_ret_value(p->dflt, p->dflt_value));
	allow = _ret(e, SECCOMP_RET_ALLOW);
	tree = n ? _tree(e, cases, 0, n, dflt) : dflt;
	free(cases);
	x32 = _jmp(e, BPF_JGE, arch_table[arch].x32_bit, kill, tree);
	_jmp(e, BPF_JEQ, 0xffffffffu, allow, x32);
	return _ld(e, (uint32_t)OFF_NR);
}

int bpf_compile(struct unotify_policy *p, struct unotify_error *err)
{
	struct emitter e = { 0 };
	label kill, section[ARCH_COUNT], next;

	kill = _ret(&e, SECCOMP_RET_KILL_PROCESS);
	for (int a = ARCH_COUNT; a-- > 0;) {
		size_t before = e.n;

		section[a] = _arch_section(&e, p, a, kill);
		p->arch_len[a] = e.n - before;
	}
	next = kill;
	for (int a = ARCH_COUNT; a-- > 0;)
		next = _jmp(&e, BPF_JEQ, arch_table[a].audit, section[a], next);
	_ld(&e, (uint32_t)OFF_ARCH);
	if (e.nomem) {
		free(e.rev);
		return err_set(err, ENOMEM, NULL, "out of memory");
	}
	if (e.n > BPF_MAXINSNS) {
		free(e.rev);
		return err_set(
			err, EINVAL, NULL,
			"the policy compiles to %zu BPF instructions; the kernel takes at most %d",
			e.n, BPF_MAXINSNS);
	}
	p->prog = malloc(e.n * sizeof(*p->prog));
	if (!p->prog) {
		free(e.rev);
		return err_set(err, ENOMEM, NULL, "out of memory");
	}
	for (size_t i = 0; i < e.n; i++)
		p->prog[i] = e.rev[e.n - 1 - i];
	p->prog_len = e.n;
	free(e.rev);
	return 0;
}
