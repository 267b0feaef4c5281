/* policy_parse: the rule language's parser, over policy_lex's tokens.
 * One function per statement kind; every diagnostic names origin:line:col
 * and says what was expected.  See docs/rules.md for the grammar. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classes.h"
#include "cleanup.h"
#include "emulate.h"
#include "error.h"
#include "groups.h"
#include "net.h"
#include "policy.h"
#include "policy_lex.h"
#include "policy_parse_int.h"
#include "variant.h"

#define MAX_TERMS	      32

/* An integer expression: terms joined with '|', resolved per syscall. */
struct term {
	bool is_name;
	bool negative;
	uint64_t magnitude;
	char name[64];
	unsigned col;
};

struct expr {
	struct term t[MAX_TERMS];
	size_t n;
};

/* A condition as written, before it is resolved for each syscall. */
struct raw_cond {
	char name[64];
	unsigned col;
	int argn; /* N for argN, else -1 */
	int arch; /* arch=NAME: the arch's index, else -1 */
	enum cond_op op;
	bool has_mask;
	struct expr mask, value;
	struct glob *glob; /* path conditions */
	struct glob *more[MAX_CONDS]; /* NAME!=A,B: B... (each its own condition) */
	unsigned nmore;
	struct netcond *more_net[MAX_CONDS]; /* the same for addr!=A,B */
	unsigned nmore_net;
	struct netcond *net; /* address conditions (addr=, port=, family=) */
	unsigned value_col;
};

/* Reads TERM ('|' TERM)* where TERM is a number or a constant's name. */
static int _expr(struct lexer *lx, struct expr *e)
{
	e->n = 0;
	do {
		struct term *t;
		int r;

		if (e->n == MAX_TERMS)
			return lex_error(lx, lx->pos, "too many terms joined with '|'");
		t = &e->t[e->n++];
		memset(t, 0, sizeof(*t));
		lex_skip_ws(lx);
		t->col = lex_col(lx, lx->pos);
		if (lex_is_ident_start(lex_peek(lx))) {
			t->is_name = true;
			r = lex_ident(lx, t->name, sizeof(t->name), "a constant");
		} else if (isdigit((unsigned char)lex_peek(lx)) || lex_peek(lx) == '-') {
			r = lex_number(lx, &t->negative, &t->magnitude);
		} else {
			r = lex_error(lx, lx->pos, "expected a number or a constant name");
		}
		if (r < 0)
			return r;
	} while (lex_accept(lx, "|"));
	return 0;
}

/* The argument kind of condition RC for syscall S, or ARG_NONE with an
 * error set. */
static int _cond_arg(struct lexer *lx, const struct raw_cond *rc, const struct sysent *s,
		     int *index, enum arg_kind *kind)
{
	size_t pos = lx->line_start + rc->col - 1;

	if (rc->argn >= 0) {
		*index = rc->argn;
		*kind = ARG_ULONG;
		return 0;
	}
	if (!s->sig)
		return lex_error(lx, pos, "no argument names are known for %s; use arg0..arg5",
				 s->name);
	*index = sys_sig_arg(s->sig, rc->name);
	if (*index < 0) {
		char names[256] = "";

		for (int i = 0; i < SYS_MAX_ARGS && s->sig->args[i].name; i++) {
			if (i)
				strncat(names, ", ", sizeof(names) - strlen(names) - 1);
			strncat(names, s->sig->args[i].name, sizeof(names) - strlen(names) - 1);
		}
		return lex_error(lx, pos, "%s has no argument '%s' (its arguments: %s)", s->name,
				 rc->name, names[0] ? names : "none");
	}
	*kind = s->sig->args[*index].kind;
	return 0;
}

/* Folds expression E for an argument of KIND into a bit pattern.  MASKED
 * admits any bit pattern of the argument's width. */
static int _eval_expr(struct lexer *lx, const struct expr *e, enum arg_kind kind, bool masked,
		      const char *sysname, uint64_t *out)
{
	enum arg_type type = arg_kind_type(kind);
	uint64_t bits = 0;
	bool negative = false;
	int64_t lo;
	uint64_t hi;

	for (size_t i = 0; i < e->n; i++) {
		const struct term *t = &e->t[i];
		size_t pos = lx->line_start + t->col - 1;

		if (t->is_name) {
			int64_t v;

			if (!sys_const_find(kind, t->name, &v))
				return lex_error(lx, pos,
						 "unknown constant '%s' for this argument of %s",
						 t->name, sysname);
			bits |= (uint64_t)v;
			negative |= v < 0;
		} else if (t->negative) {
			bits |= (uint64_t)0 - t->magnitude;
			negative = true;
		} else {
			bits |= t->magnitude;
		}
	}
	switch (type) {
	case TYPE_S32:
		lo = INT32_MIN;
		hi = masked ? UINT32_MAX : INT32_MAX;
		break;
	case TYPE_U32:
		lo = masked ? INT32_MIN : 0;
		hi = UINT32_MAX;
		break;
	case TYPE_U16:
		lo = masked ? INT16_MIN : 0;
		hi = UINT16_MAX;
		break;
	case TYPE_S64:
		lo = INT64_MIN;
		hi = masked ? UINT64_MAX : INT64_MAX;
		break;
	default:
		lo = masked ? INT64_MIN : 0;
		hi = UINT64_MAX;
		break;
	}
	if ((negative && (int64_t)bits < lo) || (!negative && bits > hi))
		return lex_error(lx, lx->line_start + e->t[0].col - 1,
				 "value does not fit the argument's type");
	/* Masks compare bit patterns of the argument's width; other values
	 * stay as the type widens them (negative ones sign-extended). */
	if (masked)
		bits &= arg_type_mask(type);
	*out = bits;
	return 0;
}

/* arch=NAME or arch!=NAME, after "arch". */
static int _parse_arch_cond(struct lexer *lx, struct raw_cond *rc)
{
	char name[32];
	size_t pos;
	int ret = lex_op(lx, &rc->op);

	if (ret < 0)
		return ret;
	if (rc->op != OP_EQ && rc->op != OP_NE)
		return lex_error(lx, lx->line_start + rc->col - 1, "arch takes = or !=");
	lex_skip_ws(lx);
	pos = lx->pos;
	ret = lex_ident(lx, name, sizeof(name), "an architecture (x86_64, i386, x32)");
	if (ret < 0)
		return ret;
	rc->arch = arch_by_name(name);
	if (rc->arch < 0)
		return lex_error(lx, pos,
				 "unknown architecture '%s' (expected x86_64, i386 or x32)", name);
	return 0;
}

/* addr=, port=, family= on a call with a socket address. */
static int _parse_net_cond(struct lexer *lx, struct raw_cond *rc)
{
	char text[PATH_MAX + 1];
	const char *msg = "";
	int ret;

	ret = lex_op(lx, &rc->op);
	if (ret < 0)
		return ret;
	if (rc->op != OP_EQ && rc->op != OP_NE)
		return lex_error(lx, lx->pos - 1, "an address condition takes = or !=");
	lex_skip_ws(lx);
	rc->value_col = lex_col(lx, lx->pos);
	/* VALUE[,VALUE...]: alternatives as a path condition's */
	for (unsigned n = 0, slot = lx->nalt;; n++) {
		struct netcond *nc = NULL;
		size_t at;

		lex_skip_ws(lx);
		at = lx->pos;
		ret = lex_glob_text(lx, text, sizeof(text));
		if (ret < 0)
			return ret;
		ret = net_cond_parse(rc->name, text, &nc, &msg);
		if (ret == -ENOMEM)
			return err_set(lx->err, ENOMEM, NULL, "out of memory");
		if (ret < 0)
			return lex_error(lx, at, "%s=%s: %s", rc->name, text, msg);
		if (rc->op == OP_NE && n > 0) {
			if (rc->nmore_net == MAX_CONDS) {
				net_cond_free(nc);
				return lex_error(lx, at, "too many values in one condition");
			}
			rc->more_net[rc->nmore_net++] = nc;
		} else if (n == 0 || (slot < LEX_MAX_ALTS && n == lx->alt_pick[slot])) {
			net_cond_free(rc->net);
			rc->net = nc;
		} else {
			net_cond_free(nc);
		}
		if (lex_peek(lx) != ',' || strchr(" \t\r\n#", lex_peek_at(lx, lx->pos + 1))) {
			if (rc->op == OP_EQ && n > 0) {
				if (slot == LEX_MAX_ALTS)
					return lex_error(lx, lx->pos, "too many conditions with "
								      "alternatives in one rule");
				lx->alt_count[slot] = n + 1;
				lx->nalt++;
			}
			return 0;
		}
		lx->pos++;
	}
}

/* One pattern of a path condition, compiled into *OUT. */
int pp_pattern(struct lexer *lx, struct glob **out)
{
	char text[PATH_MAX + 1];
	size_t errpos, start;
	const char *msg;
	int ret;

	lex_skip_ws(lx);
	start = lx->pos;
	ret = lex_glob_text(lx, text, sizeof(text));
	if (ret < 0)
		return ret;
	ret = glob_compile(text, out, &errpos, &msg);
	if (ret == -ENOMEM)
		return err_set(lx->err, ENOMEM, NULL, "out of memory");
	if (ret < 0)
		return lex_error(lx, start + (lex_peek_at(lx, start) == '"' ? 0 : errpos),
				 "malformed pattern: %s", msg);
	return 0;
}

/* PATTERN[,PATTERN...] of path condition RC.  NAME=A,B matches either:
 * the rule is parsed once per alternative (lx->alt_pick says which this
 * pass takes), so each is a rule of its own, in order.  NAME!=A,B matches
 * neither: one condition per pattern. */
static int _parse_alternatives(struct lexer *lx, struct raw_cond *rc)
{
	unsigned n = 0, slot = lx->nalt;
	int ret;

	for (;;) {
		struct glob *g = NULL;

		ret = pp_pattern(lx, &g);
		if (ret < 0)
			return ret;
		if (rc->op == OP_NE && n > 0) {
			if (rc->nmore == MAX_CONDS) {
				glob_free(g);
				return lex_error(lx, lx->pos, "too many patterns in one condition");
			}
			rc->more[rc->nmore++] = g;
		} else if (n == 0 || (slot < LEX_MAX_ALTS && n == lx->alt_pick[slot])) {
			glob_free(rc->glob);
			rc->glob = g;
		} else {
			glob_free(g); /* another pass takes it */
		}
		n++;
		/* (a ',' here cannot end the condition: modifiers come after "->") */
		if (lex_peek(lx) != ',' || strchr(" \t\r\n#", lex_peek_at(lx, lx->pos + 1)))
			break;
		lx->pos++;
	}
	if (rc->op == OP_EQ && n > 1) {
		if (slot == LEX_MAX_ALTS)
			return lex_error(lx, lx->pos, "too many conditions with alternatives in one rule");
		lx->alt_count[slot] = n;
		lx->nalt++;
	}
	return 0;
}

/* Reads one condition. */
static int _parse_cond(struct lexer *lx, struct rule *r, struct raw_cond *rc)
{
	int ret;

	memset(rc, 0, sizeof(*rc));
	lex_skip_ws(lx);
	rc->col = lex_col(lx, lx->pos);
	ret = lex_ident(lx, rc->name, sizeof(rc->name), "an argument name or '->'");
	if (ret < 0)
		return ret;
	rc->argn = -1;
	rc->arch = -1;
	if (strlen(rc->name) == 4 && strncmp(rc->name, "arg", 3) == 0 && rc->name[3] >= '0' &&
	    rc->name[3] <= '5')
		rc->argn = rc->name[3] - '0';
	if (strcmp(rc->name, "arch") == 0)
		return _parse_arch_cond(lx, rc);
	if (net_cond_name(rc->name) && net_addr_arg(r->insts[0].sys->name) >= 0)
		return _parse_net_cond(lx, rc);
	if (lex_accept(lx, "&")) {
		rc->has_mask = true;
		ret = _expr(lx, &rc->mask);
		if (ret < 0)
			return ret;
	}
	ret = lex_op(lx, &rc->op);
	if (ret < 0)
		return ret;
	if (rc->has_mask) {
		if (rc->op != OP_EQ && rc->op != OP_NE)
			return lex_error(lx, lx->pos - 1, "a masked condition takes = or !=");
		rc->op = rc->op == OP_EQ ? OP_MASK_EQ : OP_MASK_NE;
	}
	lex_skip_ws(lx);
	rc->value_col = lex_col(lx, lx->pos);

	/* Path or integer: decided by the first syscall; _expand checks the rest. */
	{
		int idx;
		enum arg_kind kind;

		ret = _cond_arg(lx, rc, r->insts[0].sys, &idx, &kind);
		if (ret < 0)
			return ret;
		if (!arg_kind_is_path(kind))
			return _expr(lx, &rc->value);
	}
	if (rc->has_mask || (rc->op != OP_EQ && rc->op != OP_NE))
		return lex_error(lx, lx->line_start + rc->col - 1,
				 "a path argument takes = or != and a pattern");
	return _parse_alternatives(lx, rc);
}

/* A launch-time value named by E (implicit rules only), or RT_NONE. */
static enum rt_value _rt_name(const struct lexer *lx, const struct expr *e)
{
	static const struct {
		const char *name;
		enum rt_value rt;
	} names[] = {
		{ "UNOTIFY_PID", RT_SUP_PID },
		{ "UNOTIFY_PGID", RT_SUP_PGID },
		{ "UNOTIFY_FB_NEG_PGID", RT_FB_NEG_PGID },
		{ "UNOTIFY_FB_ALL", RT_FB_ALL },
		{ "UNOTIFY_FB_ZERO", RT_FB_ZERO },
	};

	if (!lx->implicit || e->n != 1 || !e->t[0].is_name)
		return RT_NONE;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(e->t[0].name, names[i].name) == 0)
			return names[i].rt;
	return RT_NONE;
}

/* Resolves RC for every syscall of R into the instances' conditions. */
static int _expand(struct lexer *lx, struct rule *r, const struct raw_cond *rc)
{
	for (size_t i = 0; i < r->ninst; i++) {
		struct inst *in = &r->insts[i];
		struct cond *c = &in->conds[in->ncond];
		enum arg_kind kind;
		int idx, ret;

		if (rc->net) {
			int at = net_addr_arg(in->sys->name);

			if (at < 0)
				return lex_error(lx, lx->line_start + rc->col - 1,
						 "'%s' needs a call with a socket address (connect, "
						 "bind, sendto, sendmsg); %s has none",
						 rc->name, in->sys->name);
			memset(c, 0, sizeof(*c));
			*c = (struct cond){ .net = rc->net, .arg = (uint8_t)at, .op = rc->op };
			in->has_path = true; /* decided on the supervisor's copy */
			in->ncond++;
			continue;
		}
		if (rc->arch >= 0) {
			memset(c, 0, sizeof(*c));
			*c = (struct cond){ .is_arch = true,
					    .op = rc->op,
					    .value = 1u << rc->arch };
			in->ncond++;
			continue;
		}
		ret = _cond_arg(lx, rc, in->sys, &idx, &kind);
		if (ret < 0)
			return ret;
		if (arg_kind_is_path(kind) != (rc->glob != NULL))
			return lex_error(lx, lx->line_start + rc->col - 1,
					 "'%s' is a path in %s but not in %s", rc->name,
					 rc->glob ? r->insts[0].sys->name : in->sys->name,
					 rc->glob ? in->sys->name : r->insts[0].sys->name);
		memset(c, 0, sizeof(*c));
		c->arg = (uint8_t)idx;
		c->op = rc->op;
		c->kind = kind;
		c->type = arg_kind_type(kind);
		c->raw = rc->argn >= 0;
		if (rc->glob) {
			c->glob = rc->glob;
			/* an object's name: a path from the root, or a pipe's or a
			 * socket's pseudo name (pipe:[N]); else the text as written */
			c->absolute = glob_pattern(rc->glob)[0] == '/' ||
				      strncmp(glob_pattern(rc->glob), "pipe:", 5) == 0 ||
				      strncmp(glob_pattern(rc->glob), "socket:", 7) == 0;
			in->has_path = true;
		} else {
			c->mask = arg_type_mask(c->type);
			c->rt = _rt_name(lx, &rc->value);
			if (c->rt != RT_NONE &&
			    (rc->has_mask || rc->op != OP_EQ || arg_type_bits(c->type) != 32))
				return lex_error(
					lx, lx->line_start + rc->value_col - 1,
					"a launch-time value takes = on a 32-bit argument");
			if (rc->has_mask) {
				ret = _eval_expr(lx, &rc->mask, kind, true, in->sys->name,
						 &c->mask);
				if (ret < 0)
					return ret;
			}
			if (c->rt == RT_NONE)
				ret = _eval_expr(lx, &rc->value, kind, rc->has_mask, in->sys->name,
						 &c->value);
			if (ret < 0)
				return ret;
		}
		in->ncond++;
	}
	return 0;
}

/* errno by name (E...), through glibc's own table. */
static int _errno_by_name(const char *name)
{
	for (int e = 1; e < 4096; e++) {
		const char *n = strerrorname_np(e);

		if (n && strcmp(n, name) == 0)
			return e;
	}
	return -1;
}

static int _parse_errno(struct lexer *lx, int64_t *value)
{
	size_t pos;
	bool neg;
	uint64_t mag;
	char name[64];
	int ret;

	lex_skip_ws(lx);
	pos = lx->pos;
	if (lex_is_ident_start(lex_peek(lx))) {
		ret = lex_ident(lx, name, sizeof(name), "an errno name");
		if (ret < 0)
			return ret;
		*value = _errno_by_name(name);
		if (*value < 0)
			return lex_error(lx, pos, "unknown errno name '%s'", name);
		return 0;
	}
	ret = lex_number(lx, &neg, &mag);
	if (ret < 0)
		return lex_error(lx, pos, "expected an errno name or number");
	if (neg || mag < 1 || mag > 4095)
		return lex_error(lx, pos, "errno values are 1..4095");
	*value = (int64_t)mag;
	return 0;
}

static int _parse_return(struct lexer *lx, int64_t *value)
{
	size_t pos;
	bool neg;
	uint64_t mag;
	int ret;

	lex_skip_ws(lx);
	pos = lx->pos;
	ret = lex_number(lx, &neg, &mag);
	if (ret < 0)
		return ret;
	if (neg)
		return lex_error(lx, pos,
				 "return takes a value >= 0; write errno NAME for a failure");
	if (mag > INT64_MAX)
		return lex_error(lx, pos, "return value out of range");
	*value = (int64_t)mag;
	return 0;
}

/* Reads an action name and its operand.  DEFAULT_ONLY restricts it to the
 * actions the default may take. */
int pp_action(struct lexer *lx, enum action *a, int64_t *value, bool default_only)
{
	static const struct {
		const char *name;
		enum action a;
		int64_t value;
		bool for_default;
	} acts[] = {
		{ "allow", ACT_ALLOW, 0, true },      { "deny", ACT_ERRNO, EPERM, true },
		{ "errno", ACT_ERRNO, 0, true },      { "kill", ACT_KILL, 0, true },
		{ "return", ACT_RETURN, 0, false },   { "continue", ACT_CONTINUE, 0, false },
		{ "emulate", ACT_EMULATE, 0, false },
	};
	char name[32];
	size_t pos;
	int ret;

	lex_skip_ws(lx);
	pos = lx->pos;
	ret = lex_ident(lx, name, sizeof(name),
			"an action (allow, deny, errno, kill, return, continue, emulate)");
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < ARRAY_SIZE(acts); i++) {
		if (strcmp(name, acts[i].name) != 0)
			continue;
		if (default_only && !acts[i].for_default)
			return lex_error(lx, pos, "default takes allow, deny, errno or kill");
		*a = acts[i].a;
		*value = acts[i].value;
		if (strcmp(name, "errno") == 0)
			return _parse_errno(lx, value);
		if (*a == ACT_RETURN)
			return _parse_return(lx, value);
		return 0;
	}
	return lex_error(
		lx, pos,
		"unknown action '%s' (expected allow, deny, errno, kill, return, continue or emulate)",
		name);
}

/* Reads "delay SECONDS": decimal, at most 3 decimals, at most 3600. */
static int _parse_delay(struct lexer *lx, unsigned *ms)
{
	size_t pos;
	unsigned long whole = 0, frac = 0, scale = 1000;

	lex_skip_ws(lx);
	pos = lx->pos;
	if (!isdigit((unsigned char)lex_peek(lx)))
		return lex_error(lx, pos, "expected seconds after delay");
	while (isdigit((unsigned char)lex_peek(lx))) {
		whole = whole * 10 + (unsigned long)(lex_peek(lx) - '0');
		lx->pos++;
		if (whole > 3600)
			return lex_error(lx, pos, "delay is at most 3600 seconds");
	}
	if (lex_peek(lx) == '.') {
		lx->pos++;
		if (!isdigit((unsigned char)lex_peek(lx)))
			return lex_error(lx, pos, "expected digits after '.'");
		while (isdigit((unsigned char)lex_peek(lx))) {
			if (scale == 1)
				return lex_error(lx, pos, "delay has at most 3 decimals");
			scale /= 10;
			frac += scale * (unsigned long)(lex_peek(lx) - '0');
			lx->pos++;
		}
	}
	if (lex_is_ident_char(lex_peek(lx)))
		return lex_error(lx, pos, "malformed number of seconds");
	if (whole * 1000 + frac > 3600 * 1000)
		return lex_error(lx, pos, "delay is at most 3600 seconds");
	*ms = (unsigned)(whole * 1000 + frac);
	return 0;
}

/* A count of matches for `when`: 1 .. 2^32. */
static int _when_number(struct lexer *lx, uint64_t *out)
{
	size_t pos;
	char *end;

	lex_skip_ws(lx);
	pos = lx->pos;
	if (!isdigit((unsigned char)lex_peek(lx)))
		return lex_error(lx, pos, "expected a count (when FIRST[..LAST][+STEP])");
	errno = 0;
	*out = strtoull(lx->s + pos, &end, 10);
	lx->pos = (size_t)(end - lx->s);
	if (errno || *out == 0 || *out > UINT32_MAX)
		return lex_error(lx, pos, "a count is 1..4294967295");
	return 0;
}

/* when FIRST[..LAST][+[STEP]], as strace's inject when=: the FIRST match,
 * up to LAST, every STEP; "+" alone is every one from FIRST on. */
static int _parse_when(struct lexer *lx, struct rule *r)
{
	int ret = _when_number(lx, &r->when_first);

	r->when_last = r->when_first;
	r->when_step = 1;
	if (ret == 0 && lex_accept(lx, "..")) {
		ret = _when_number(lx, &r->when_last);
		if (ret == 0 && r->when_last < r->when_first)
			ret = lex_error(lx, lx->pos, "when: LAST is before FIRST");
	}
	if (ret == 0 && lex_accept(lx, "+")) {
		if (r->when_last == r->when_first)
			r->when_last = UINT64_MAX;
		if (isdigit((unsigned char)lex_peek(lx)))
			ret = _when_number(lx, &r->when_step);
	}
	return ret;
}

int pp_modifier(struct lexer *lx, struct rule *r, bool *seen_delay)
{
	char name[32];
	size_t pos;
	int ret;

	lex_skip_ws(lx);
	pos = lx->pos;
	ret = lex_ident(lx, name, sizeof(name), "a modifier (log, stop, delay, when)");
	if (ret < 0)
		return ret;
	if (strcmp(name, "log") == 0) {
		if (r->log)
			return lex_error(lx, pos, "log given twice");
		r->log = true;
	} else if (strcmp(name, "stop") == 0) {
		if (r->stop)
			return lex_error(lx, pos, "stop given twice");
		r->stop = true;
	} else if (strcmp(name, "delay") == 0) {
		if (*seen_delay)
			return lex_error(lx, pos, "delay given twice");
		*seen_delay = true;
		return _parse_delay(lx, &r->delay_ms);
	} else if (strcmp(name, "when") == 0) {
		if (r->when_first)
			return lex_error(lx, pos, "when given twice");
		return _parse_when(lx, r);
	} else {
		return lex_error(lx, pos,
				 "unknown modifier '%s' (expected log, stop, delay or when)", name);
	}
	return 0;
}

int pp_expect_eol(struct lexer *lx)
{
	if (!lex_at_eol(lx))
		return lex_error(lx, lx->pos, "expected the end of the line");
	return 0;
}

/* default ACTION */
static int _parse_default(struct lexer *lx)
{
	struct unotify_policy *p = lx->p;
	struct src_loc loc = { lx->origin, lx->line, lex_col(lx, lx->pos) };
	size_t pos = lx->pos;
	int ret;

	if (p->dflt_loc.origin) {
		char first[300];

		return lex_error(lx, pos, "default given twice (first at %s)",
				 src_loc_str(&p->dflt_loc, first, sizeof(first)));
	}
	lx->pos += strlen("default");
	ret = pp_action(lx, &p->dflt, &p->dflt_value, true);
	if (ret < 0)
		return ret;
	ret = pp_expect_eol(lx);
	if (ret < 0)
		return ret;
	p->dflt_loc = loc;
	return 0;
}

/* Adds an instance of NAME to R (from a group when GROUP: then a call no
 * arch knows is left out, as systemd does, and one already named is not
 * named again).  0 or -errno with the error set. */
static int _add_call(struct lexer *lx, struct rule *r, const char *name, size_t pos,
		     const char *group)
{
	struct src_loc loc = { lx->origin, lx->line, lex_col(lx, pos) };
	const char *plain = group ? var_alias_of(name) : NULL;
	struct sysent *s;
	bool unknown;

	if (plain) /* getuid32 in a group: the rule on getuid decides it */
		name = plain;
	for (size_t i = 0; i < r->ninst; i++)
		if (strcmp(r->insts[i].sys->name, name) == 0) {
			if (group || r->insts[i].from_group)
				return 0; /* a group's member named again: once is enough */
			return lex_error(lx, pos, "%s named twice in one rule", name);
		}
	if (r->ninst == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct inst *n = realloc(r->insts, cap * sizeof(*n));

		if (!n)
			return err_set(lx->err, ENOMEM, NULL, "out of memory");
		memset(n + r->cap, 0, (cap - r->cap) * sizeof(*n));
		r->insts = n;
		r->cap = cap;
	}
	s = policy_sysent_known(lx->p, name, lx->err, &loc, &unknown);
	if (!s && unknown && group)
		return 0;
	if (!s)
		return -lx->err->code;
	r->insts[r->ninst].rule = r;
	r->insts[r->ninst].sys = s;
	r->insts[r->ninst].from_group = group != NULL;
	r->insts[r->ninst].conds = calloc(MAX_CONDS, sizeof(struct cond));
	if (!r->insts[r->ninst].conds)
		return err_set(lx->err, ENOMEM, NULL, "out of memory");
	r->ninst++;
	return 0;
}

/* Adds every member of group NAME (and of the groups it holds) to R. */
static int _add_group(struct lexer *lx, struct rule *r, const char *name, size_t pos, int depth)
{
	const struct sys_group *g = group_find(name);
	int ret = 0;

	if (!g)
		return lex_error(lx, pos, "unknown group '%s' (`unotify groups` lists them)", name);
	if (depth > 8)
		return lex_error(lx, pos, "groups nested too deep");
	for (const char *const *m = g->members; *m && ret == 0; m++)
		ret = (*m)[0] == '@' ? _add_group(lx, r, *m, pos, depth + 1)
				     : _add_call(lx, r, *m, pos, name);
	return ret;
}

/* SYSCALL[,SYSCALL...]: creates one instance per syscall; @GROUP stands
 * for its members. */
static int _parse_syscalls(struct lexer *lx, struct rule *r)
{
	do {
		char name[64];
		size_t pos;
		int ret;

		lex_skip_ws(lx);
		pos = lx->pos;
		if (lex_peek(lx) == '@') {
			size_t n = 1;

			while (n < sizeof(name) - 1 &&
			       (lex_is_ident_char(lx->s[lx->pos + n]) || lx->s[lx->pos + n] == '-'))
				n++;
			memcpy(name, lx->s + lx->pos, n);
			name[n] = '\0';
			lx->pos += n;
			ret = n > 1 ? _add_group(lx, r, name, pos, 0)
				    : lex_error(lx, pos, "expected a group name after '@'");
		} else {
			ret = lex_ident(lx, name, sizeof(name), "a system call name");
			if (ret == 0)
				ret = _add_call(lx, r, name, pos, NULL);
		}
		if (ret < 0)
			return ret;
	} while (lex_accept(lx, ","));
	return 0;
}

/* Appends ITEM to the rule's owned array V (N items), or frees it with
 * FREE and fails: -ENOMEM with the error set. */
#define KEEP(lx, v, n, item, free_fn)                                                  \
	({                                                                             \
		__typeof__(v) _nv = realloc((v), ((n) + 1) * sizeof(*(v)));            \
		int _r = 0;                                                            \
		if (!_nv) {                                                            \
			free_fn(item);                                                 \
			_r = err_set((lx)->err, ENOMEM, NULL, "out of memory");        \
		} else {                                                               \
			(v) = _nv;                                                     \
			(v)[(n)++] = (item);                                           \
		}                                                                      \
		_r;                                                                    \
	})

static int _keep_net(struct lexer *lx, struct rule *r, struct netcond *n)
{
	return KEEP(lx, r->nets, r->nnets, n, net_cond_free);
}

static int _keep_glob(struct lexer *lx, struct rule *r, struct glob *g)
{
	return KEEP(lx, r->globs, r->nglobs, g, glob_free);
}

/* CONDITION... up to "->". */
static int _parse_conds(struct lexer *lx, struct rule *r)
{
	size_t ncond = 0;

	while (!lex_accept(lx, "->")) {
		struct raw_cond rc;
		int ret;

		if (lex_at_eol(lx))
			return lex_error(lx, lx->pos, "expected a condition or '->'");
		if (ncond == MAX_CONDS)
			return lex_error(lx, lx->pos, "too many conditions in one rule");
		ret = _parse_cond(lx, r, &rc);
		if (rc.glob && _keep_glob(lx, r, rc.glob) < 0)
			ret = -ENOMEM;
		for (unsigned k = 0; k < rc.nmore; k++)
			if (_keep_glob(lx, r, rc.more[k]) < 0)
				ret = -ENOMEM;
		if (rc.net && _keep_net(lx, r, rc.net) < 0)
			ret = -ENOMEM;
		for (unsigned k = 0; k < rc.nmore_net; k++)
			if (_keep_net(lx, r, rc.more_net[k]) < 0)
				ret = -ENOMEM;
		if (ret < 0)
			return ret;
		ret = _expand(lx, r, &rc);
		if (ret < 0)
			return ret;
		ncond++;
		for (unsigned k = 0; k < rc.nmore + rc.nmore_net; k++) { /* NAME!=A,B: one each */
			if (ncond == MAX_CONDS)
				return lex_error(lx, lx->pos, "too many conditions in one rule");
			if (k < rc.nmore)
				rc.glob = rc.more[k];
			else
				rc.net = rc.more_net[k - rc.nmore];
			ret = _expand(lx, r, &rc);
			if (ret < 0)
				return ret;
			ncond++;
		}
	}
	return 0;
}

/* ACTION[, MODIFIER...] */
static int _parse_outcome(struct lexer *lx, struct rule *r)
{
	bool seen_delay = false;
	size_t pos;
	int ret;

	lex_skip_ws(lx);
	pos = lx->pos;
	ret = pp_action(lx, &r->action, &r->value, false);
	if (ret < 0)
		return ret;
	if (r->action == ACT_EMULATE)
		for (size_t i = 0; i < r->ninst; i++)
			if (!r->insts[i].sys->emulate)
				return lex_error(lx, pos,
						 "unotify cannot emulate %s (it emulates: %s)",
						 r->insts[i].sys->name, emulate_list());
	while (lex_accept(lx, ",")) {
		ret = pp_modifier(lx, r, &seen_delay);
		if (ret < 0)
			return ret;
	}
	return pp_expect_eol(lx);
}

static int _parse_rule_once(struct lexer *lx)
{
	struct rule *r = calloc(1, sizeof(*r));
	size_t start = lx->pos, end;
	int ret;

	if (!r)
		return err_set(lx->err, ENOMEM, NULL, "out of memory");
	r->loc = (struct src_loc){ lx->origin, lx->line, lex_col(lx, start) };
	r->implicit = lx->implicit;
	r->foreign = lx->p->foreign;
	ret = _parse_syscalls(lx, r);
	if (ret == 0 && r->ninst == 0)
		ret = lex_error(lx, start, "the groups name no call these architectures have");
	if (ret == 0)
		ret = _parse_conds(lx, r);
	if (ret == 0)
		ret = _parse_outcome(lx, r);
	if (ret == 0) {
		end = lx->pos;
		while (end > start && isspace((unsigned char)lx->s[end - 1]))
			end--;
		r->text = strndup(lx->s + start, end - start);
		if (!r->text)
			ret = err_set(lx->err, ENOMEM, NULL, "out of memory");
	}
	r->expanded = lx->nalt > 0 || lx->cls;
	if (lx->cls) {
		r->cls = lx->cls;
		r->loc.col = lx->cls_col;
	}
	if (ret == 0 && r->when_first && lx->nalt)
		ret = lex_error(lx, start, "a rule with `when` takes one pattern per condition "
					   "(its matches are counted per rule)");
	if (ret == 0)
		ret = policy_add_rule(lx->p, r);
	if (ret < 0) {
		rule_free(r);
		return ret;
	}
	return 0;
}

/* A rule, once per combination of its conditions' alternatives (NAME=A,B):
 * the combinations in order, the last condition's varying fastest. */
int pp_rule(struct lexer *lx)
{
	size_t start = lx->pos, end;
	unsigned long total = 1;
	unsigned n, counted = 0;
	int ret;

	memset(lx->alt_pick, 0, sizeof(lx->alt_pick));
	lx->nalt = 0;
	ret = _parse_rule_once(lx);
	if (ret < 0)
		return ret;
	end = lx->pos;
	n = lx->nalt;
	for (; counted < n && total <= 256; counted++) /* (stops before it can wrap) */
		total *= lx->alt_count[counted];
	if (total > 256)
		return lex_error(lx, start, "%s%lu combinations of alternatives: at most 256 rules "
					    "from one line",
				 counted < n ? "at least " : "", total);
	for (unsigned long k = 1; k < total; k++) {
		unsigned long rest = k;

		for (unsigned i = n; i-- > 0;) {
			lx->alt_pick[i] = (unsigned)(rest % lx->alt_count[i]);
			rest /= lx->alt_count[i];
		}
		lx->nalt = 0;
		lx->pos = start;
		ret = _parse_rule_once(lx);
		if (ret < 0)
			return ret;
	}
	lx->pos = end;
	return 0;
}

/* scope abstract-unix: the run keeps the command from abstract AF_UNIX
 * sockets outside its sandbox (Landlock's scope), as --scope-abstract-unix
 * does. */
static int _parse_scope(struct lexer *lx)
{
	struct unotify_policy *p = lx->p;
	struct src_loc loc = { lx->origin, lx->line, lex_col(lx, lx->pos) };
	char what[32], where[300];
	size_t at, n;

	lx->pos += strlen("scope");
	lex_skip_ws(lx);
	at = lx->pos;
	n = 0;
	while (n < sizeof(what) - 1 && (lex_is_ident_char(lex_peek(lx)) || lex_peek(lx) == '-'))
		what[n++] = lx->s[lx->pos++];
	what[n] = '\0';
	if (!n)
		return lex_error(lx, at, "expected a scope (abstract-unix)");
	if (strcmp(what, "abstract-unix") != 0)
		return lex_error(lx, at, "unknown scope '%s' (expected abstract-unix)", what);
	if (p->scope_loc.origin)
		return lex_error(lx, loc.col - 1 + lx->line_start, "scope given twice (first at %s)",
				 src_loc_str(&p->scope_loc, where, sizeof(where)));
	p->scope_abstract = true;
	p->scope_loc = loc;
	return pp_expect_eol(lx);
}

/* arch ARCH... */
static int _parse_arch(struct lexer *lx)
{
	struct unotify_policy *p = lx->p;
	struct src_loc loc = { lx->origin, lx->line, lex_col(lx, lx->pos) };
	size_t pos = lx->pos;
	unsigned arches = 0;

	if (p->arch_loc.origin) {
		char first[300];

		return lex_error(lx, pos, "arch given twice (first at %s)",
				 src_loc_str(&p->arch_loc, first, sizeof(first)));
	}
	lx->pos += strlen("arch");
	while (!lex_at_eol(lx)) {
		char name[32];
		size_t at = lx->pos;
		int a, ret = lex_ident(lx, name, sizeof(name),
				       "an architecture (x86_64, i386, x32)");

		if (ret < 0)
			return ret;
		a = arch_by_name(name);
		if (a < 0)
			return lex_error(lx, at,
					 "unknown architecture '%s' (expected x86_64, i386 or x32)",
					 name);
		arches |= 1u << a;
	}
	if (!arches)
		return lex_error(lx, lx->pos, "expected an architecture (x86_64, i386, x32)");
	p->arches = arches;
	p->arch_loc = loc;
	return 0;
}

static int _parse_text(struct unotify_policy *p, const char *origin, const char *text,
		       bool implicit, const struct include_frame *frame, struct unotify_error *err);

/* include PATH: PATH's rules, here.  A relative PATH is taken from the
 * including file's directory (from the cwd for -e rules). */
static int _parse_include(struct lexer *lx)
{
	char path[PATH_MAX], full[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(lx->origin, '/');
	_cleanup_free_ char *text = NULL;
	struct include_frame frame;
	const char *o;
	size_t pos;
	int ret, e = 0;

	lx->pos += strlen("include");
	lex_skip_ws(lx);
	pos = lx->pos;
	if (lex_at_eol(lx))
		return lex_error(lx, pos, "include takes a policy file");
	ret = lex_glob_text(lx, path, sizeof(path)); /* quotes and ${NAME} as in a glob */
	if (ret < 0)
		return ret;
	ret = pp_expect_eol(lx);
	if (ret < 0)
		return ret;
	if (path[0] == '/' || !slash || lx->origin[0] == '-')
		snprintf(full, sizeof(full), "%s", path);
	else if (snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - lx->origin), lx->origin,
			  path) >= (int)sizeof(full))
		return lex_error(lx, pos, "include path too long");
	if (!realpath(full, real))
		return lex_error(lx, pos, "cannot include %s: %s", full, strerror(errno));
	for (const struct include_frame *f = lx->frame; f; f = f->up)
		if (strcmp(f->path, real) == 0)
			return lex_error(lx, pos, "include cycle: %s includes itself", full);
	text = policy_read_file(full, &e);
	if (!text)
		return lex_error(lx, pos, "cannot include %s: %s", full,
				 e == EINVAL ? "it holds a NUL byte" : strerror(e));
	o = policy_origin(lx->p, full);
	if (!o)
		return err_set(lx->err, ENOMEM, NULL, "out of memory");
	frame = (struct include_frame){ real, lx->frame };
	return _parse_text(lx->p, o, text, lx->implicit, &frame, lx->err);
}

static int _parse_statement(struct lexer *lx)
{
	const char *s = lx->s + lx->pos;

	if (strncmp(s, "include", 7) == 0 && !lex_is_ident_char(s[7]))
		return _parse_include(lx);
	if (strncmp(s, "arch", 4) == 0 && !lex_is_ident_char(s[4]))
		return _parse_arch(lx);
	if (strncmp(s, "scope", 5) == 0 && !lex_is_ident_char(s[5]))
		return _parse_scope(lx);
	if (strncmp(s, "default", 7) == 0 && !lex_is_ident_char(s[7]))
		return _parse_default(lx);
	if (s[0] == '@') {
		size_t n = 1;
		const struct access_class *k;

		while (lex_is_ident_char(s[n]) || s[n] == '-')
			n++;
		k = class_find(s, n);
		if (k)
			return pp_class(lx, k);
	}
	return pp_rule(lx);
}

/* Keeps ERR among P's errors (the first POLICY_MAX_ERRORS). */
static void _keep_error(struct unotify_policy *p, const struct unotify_error *err)
{
	char *e = NULL;

	if (p->nerrors == POLICY_MAX_ERRORS) {
		p->more_errors = true;
		return;
	}
	if (asprintf(&e, "%s%s%s", err->where, err->where[0] ? ": " : "", err->message) >= 0)
		p->errors[p->nerrors++] = e;
}

static int _parse_text(struct unotify_policy *p, const char *origin, const char *text,
		       bool implicit, const struct include_frame *frame, struct unotify_error *err)
{
	struct lexer lx = { .p = p,	.err = err,	       .origin = origin, .s = text,
			    .line = 1,	.implicit = implicit, .frame = frame };
	struct include_frame self;
	char real[PATH_MAX];
	struct unotify_error first = { 0 };
	int first_code = 0;

	/* A file names itself for cycles (-e rules and texts are no file). */
	if (!frame && origin[0] != '-' && realpath(origin, real)) {
		self = (struct include_frame){ real, NULL };
		lx.frame = &self;
	}

	for (;;) {
		if (!lex_at_eol(&lx)) {
			size_t before = p->nerrors;
			int ret = _parse_statement(&lx);

			/* An error: kept (one that an include already kept is not
			 * kept twice), and the reading goes on at the next line, so
			 * that every mistake of the text is told at once; the call
			 * then fails with the first. */
			if (ret < 0) {
				if (ret == -ENOMEM)
					return ret;
				if (p->nerrors == before)
					_keep_error(p, err);
				if (!first_code) {
					first = *err;
					first_code = ret;
				}
				while (lex_peek(&lx) != '\0' && lex_peek(&lx) != '\n')
					lx.pos++;
			}
		}
		if (lex_peek(&lx) == '\0')
			break;
		lx.pos++; /* '\n' */
		lx.line++;
		lx.line_start = lx.pos;
	}
	if (first_code) {
		*err = first;
		return first_code;
	}
	return 0;
}

int policy_parse(struct unotify_policy *p, const char *origin, const char *text, bool implicit,
		 struct unotify_error *err)
{
	return _parse_text(p, origin, text, implicit, NULL, err);
}
