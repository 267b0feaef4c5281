/* glob: path patterns of the rule language (see glob.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "glob.h"

#define GLOB_MAX_TOKENS 1023

enum gtok_kind {
	G_LIT,
	G_ANY,		/* ? */
	G_CLASS,	/* [...] */
	G_STAR,		/* * */
	G_GLOBSTAR,	/* the component sequence "**" followed by '/' */
	G_GLOBSTAR_END, /* a final "**" */
};

struct gtok {
	enum gtok_kind kind;
	unsigned char lit;
	uint8_t set[32]; /* G_CLASS: bit c is set when c is in the class */
};

struct glob {
	char *pattern;
	size_t n;
	struct gtok tok[];
};

/* A set of states 0..GLOB_MAX_TOKENS, as bits. */
struct gset {
	uint64_t w[(GLOB_MAX_TOKENS + 1 + 63) / 64];
};

static void _set_bit(uint8_t *set, unsigned char c)
{
	set[c >> 3] |= (uint8_t)(1u << (c & 7));
}

static bool _has_bit(const uint8_t *set, unsigned char c)
{
	return set[c >> 3] & (1u << (c & 7));
}

/* Parses the class starting after '[' at P[*i].  Advances *i past ']'.
 * Returns 0 or -EINVAL with *msg set. */
static int _parse_class(const char *p, size_t *i, struct gtok *t, const char **msg)
{
	bool neg = false, first = true;
	size_t j = *i;

	if (p[j] == '!') {
		neg = true;
		j++;
	}
	for (;; first = false) {
		unsigned char lo, hi;

		if (p[j] == '\0') {
			*msg = "unterminated '[' class";
			return -EINVAL;
		}
		if (p[j] == ']' && !first)
			break;
		if (p[j] == '\\' && p[j + 1] != '\0')
			j++;
		lo = hi = (unsigned char)p[j++];
		if (p[j] == '-' && p[j + 1] != ']' && p[j + 1] != '\0') {
			j++;
			if (p[j] == '\\' && p[j + 1] != '\0')
				j++;
			hi = (unsigned char)p[j++];
			if (hi < lo) {
				*msg = "reversed range in '[' class";
				return -EINVAL;
			}
		}
		if (lo <= '/' && '/' <= hi) {
			*msg = "a '[' class cannot match '/'";
			return -EINVAL;
		}
		for (unsigned c = lo; c <= hi; c++)
			_set_bit(t->set, (unsigned char)c);
	}
	if (neg)
		for (size_t k = 0; k < sizeof(t->set); k++)
			t->set[k] = (uint8_t)~t->set[k];
	t->set['/' >> 3] &= (uint8_t) ~(1u << ('/' & 7));
	t->set[0] &= (uint8_t)~1u; /* never NUL */
	*i = j + 1;
	return 0;
}

/* Parses "**" at P[*i] (P[*i] == P[*i+1] == '*'). */
static int _parse_globstar(const char *p, size_t *i, struct gtok *t, const char **msg)
{
	size_t j = *i;

	if ((j > 0 && p[j - 1] != '/') || (p[j + 2] != '/' && p[j + 2] != '\0')) {
		*msg = "'**' must be a whole path component";
		return -EINVAL;
	}
	if (p[j + 2] == '/') {
		t->kind = G_GLOBSTAR;
		*i = j + 3;
	} else {
		t->kind = G_GLOBSTAR_END;
		*i = j + 2;
	}
	return 0;
}

/* Parses one token at P[*i] into T. */
static int _parse_token(const char *p, size_t *i, struct gtok *t, const char **msg)
{
	memset(t, 0, sizeof(*t));
	switch (p[*i]) {
	case '\\':
		if (p[*i + 1] == '\0') {
			*msg = "trailing backslash";
			return -EINVAL;
		}
		t->kind = G_LIT;
		t->lit = (unsigned char)p[*i + 1];
		*i += 2;
		return 0;
	case '*':
		if (p[*i + 1] == '*')
			return _parse_globstar(p, i, t, msg);
		t->kind = G_STAR;
		*i += 1;
		return 0;
	case '?':
		t->kind = G_ANY;
		*i += 1;
		return 0;
	case '[':
		t->kind = G_CLASS;
		*i += 1;
		return _parse_class(p, i, t, msg);
	default:
		t->kind = G_LIT;
		t->lit = (unsigned char)p[*i];
		*i += 1;
		return 0;
	}
}

int glob_compile(const char *pattern, struct glob **out, size_t *errpos, const char **errmsg)
{
	size_t len = strlen(pattern), i = 0;
	_cleanup_free_ struct glob *g = NULL;

	*errpos = 0;
	if (len == 0) {
		*errmsg = "empty pattern";
		return -EINVAL;
	}
	if (len > GLOB_MAX_TOKENS) {
		*errmsg = "pattern longer than 1023 characters";
		return -EINVAL;
	}
	g = calloc(1, sizeof(*g) + len * sizeof(g->tok[0]));
	if (!g)
		return -ENOMEM;
	while (i < len) {
		size_t start = i;
		int r = _parse_token(pattern, &i, &g->tok[g->n], errmsg);

		if (r < 0) {
			*errpos = start;
			return r;
		}
		g->n++;
	}
	g->pattern = strdup(pattern);
	if (!g->pattern)
		return -ENOMEM;
	*out = TAKE_PTR(g);
	return 0;
}

void glob_free(struct glob *g)
{
	if (!g)
		return;
	free(g->pattern);
	free(g);
}

const char *glob_pattern(const struct glob *g)
{
	return g->pattern;
}

static bool _skippable(const struct glob *g, size_t i)
{
	return i < g->n && (g->tok[i].kind == G_STAR || g->tok[i].kind == G_GLOBSTAR ||
			    g->tok[i].kind == G_GLOBSTAR_END);
}

/* Adds state I and every state reachable from it without input. */
static void _add(const struct glob *g, struct gset *s, size_t i)
{
	for (;;) {
		s->w[i / 64] |= 1ull << (i % 64);
		if (!_skippable(g, i))
			return;
		i++;
	}
}

static bool _in(const struct gset *s, size_t i)
{
	return s->w[i / 64] & (1ull << (i % 64));
}

/* The states reachable from state I over character C, added to NEXT. */
static void _step(const struct glob *g, size_t i, unsigned char c, struct gset *next)
{
	const struct gtok *t = &g->tok[i];

	switch (t->kind) {
	case G_LIT:
		if (c == t->lit)
			_add(g, next, i + 1);
		break;
	case G_ANY:
		if (c != '/')
			_add(g, next, i + 1);
		break;
	case G_CLASS:
		if (_has_bit(t->set, c))
			_add(g, next, i + 1);
		break;
	case G_STAR:
		if (c != '/')
			_add(g, next, i);
		break;
	case G_GLOBSTAR:
		/* Stay inside the components without skipping ahead: the next
		 * token may only follow a '/'. */
		next->w[i / 64] |= 1ull << (i % 64);
		if (c == '/')
			_add(g, next, i + 1);
		break;
	case G_GLOBSTAR_END:
		_add(g, next, i);
		break;
	default:
		break;
	}
}

bool glob_match(const struct glob *g, const char *path, size_t len)
{
	struct gset cur = { { 0 } }, next;
	size_t words = g->n / 64 + 1;

	_add(g, &cur, 0);
	for (size_t k = 0; k < len; k++) {
		bool any = false;

		memset(&next, 0, sizeof(next));
		for (size_t w = 0; w < words; w++) {
			uint64_t bits = cur.w[w];

			while (bits) {
				size_t i = w * 64 + (size_t)__builtin_ctzll(bits);

				bits &= bits - 1;
				if (i < g->n)
					_step(g, i, (unsigned char)path[k], &next);
			}
		}
		for (size_t w = 0; w < words; w++)
			any |= next.w[w] != 0;
		if (!any)
			return false;
		cur = next;
	}
	return _in(&cur, g->n);
}
