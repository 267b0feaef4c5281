/* policy_lex: the rule language's tokens, read from a cursor over the
 * text: blanks and comments, names, numbers, quoted strings, unquoted
 * globs, operators.  Every error names origin:line:col. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "error.h"
#include "policy_lex.h"

unsigned lex_col(const struct lexer *lx, size_t pos)
{
	return (unsigned)(pos - lx->line_start) + 1;
}

static int _errorv(struct lexer *lx, size_t pos, const char *fmt, va_list ap)
{
	char where[256], msg[512];

	src_where(lx->origin, lx->line, lex_col(lx, pos), where, sizeof(where));
	vsnprintf(msg, sizeof(msg), fmt, ap);
	return err_set(lx->err, EINVAL, where, "%s", msg);
}

int lex_error(struct lexer *lx, size_t pos, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = _errorv(lx, pos, fmt, ap);
	va_end(ap);
	return r;
}

char lex_peek_at(const struct lexer *lx, size_t pos)
{
	return lx->s[pos];
}

char lex_peek(const struct lexer *lx)
{
	return lx->s[lx->pos];
}

/* Skips blanks and a comment; stops at the end of the line. */
void lex_skip_ws(struct lexer *lx)
{
	while (lex_peek(lx) == ' ' || lex_peek(lx) == '\t' || lex_peek(lx) == '\r')
		lx->pos++;
	if (lex_peek(lx) == '#')
		while (lex_peek(lx) != '\n' && lex_peek(lx) != '\0')
			lx->pos++;
}

bool lex_at_eol(struct lexer *lx)
{
	lex_skip_ws(lx);
	return lex_peek(lx) == '\n' || lex_peek(lx) == '\0';
}

bool lex_accept(struct lexer *lx, const char *tok)
{
	size_t n = strlen(tok);

	lex_skip_ws(lx);
	if (strncmp(lx->s + lx->pos, tok, n) != 0)
		return false;
	lx->pos += n;
	return true;
}

bool lex_is_ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

bool lex_is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Reads an identifier into BUF.  Returns 0 or -EINVAL (WHAT names what was
 * expected, for the message). */
int lex_ident(struct lexer *lx, char *buf, size_t size, const char *what)
{
	size_t start, n;

	lex_skip_ws(lx);
	start = lx->pos;
	if (!lex_is_ident_start(lex_peek(lx)))
		return lex_error(lx, start, "expected %s", what);
	while (lex_is_ident_char(lex_peek(lx)))
		lx->pos++;
	n = lx->pos - start;
	if (n >= size)
		return lex_error(lx, start, "name too long");
	memcpy(buf, lx->s + start, n);
	buf[n] = '\0';
	return 0;
}

/* Reads a number: decimal, 0x hex or leading-0 octal, with an optional '-'. */
int lex_number(struct lexer *lx, bool *negative, uint64_t *magnitude)
{
	size_t start;
	const char *p;
	char *end;
	int base = 10;

	lex_skip_ws(lx);
	start = lx->pos;
	*negative = false;
	if (lex_peek(lx) == '-') {
		*negative = true;
		lx->pos++;
	}
	p = lx->s + lx->pos;
	if (!isdigit((unsigned char)*p))
		return lex_error(lx, start, "expected a number");
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!isxdigit((unsigned char)*p))
			return lex_error(lx, start, "expected hex digits after 0x");
	} else if (p[0] == '0') {
		base = 8;
	}
	errno = 0;
	*magnitude = strtoull(p, &end, base);
	if (errno == ERANGE)
		return lex_error(lx, start, "number out of range");
	if (lex_is_ident_char(*end))
		return lex_error(lx, start, "malformed number");
	lx->pos = (size_t)(end - lx->s);
	if (*negative && *magnitude > (uint64_t)INT64_MAX + 1)
		return lex_error(lx, start, "number out of range");
	return 0;
}

/* Reads a quoted string with \\ \" \n \xHH escapes into BUF. */
int lex_quoted(struct lexer *lx, char *buf, size_t size)
{
	size_t start = lx->pos, n = 0;

	lx->pos++; /* the opening quote */
	for (;;) {
		char c = lex_peek(lx);

		if (c == '\0' || c == '\n')
			return lex_error(lx, start, "unterminated string");
		lx->pos++;
		if (c == '"')
			break;
		if (c == '\\') {
			char e = lex_peek(lx);

			lx->pos++;
			if (e == '\\' || e == '"') {
				c = e;
			} else if (e == 'n') {
				c = '\n';
			} else if (e == 'x' && isxdigit((unsigned char)lx->s[lx->pos]) &&
				   isxdigit((unsigned char)lx->s[lx->pos + 1])) {
				char hex[3] = { lx->s[lx->pos], lx->s[lx->pos + 1], 0 };

				c = (char)strtoul(hex, NULL, 16);
				lx->pos += 2;
				if (c == '\0')
					return lex_error(lx, lx->pos - 4,
							 "a path cannot hold \\x00");
			} else {
				return lex_error(
					lx, lx->pos - 2,
					"unknown escape (expected \\\\, \\\", \\n or \\xHH)");
			}
		}
		if (n + 1 >= size)
			return lex_error(lx, start, "string too long");
		buf[n++] = c;
	}
	buf[n] = '\0';
	return 0;
}

/* Replaces each ${NAME} in BUF (read from START) by the environment's
 * value, its glob characters escaped so that it stands for itself; $$ is
 * a literal $.  ${NAME:-DEFAULT} is DEFAULT (taken literally too) where
 * NAME is unset or empty.  An unset NAME without one, or a lone $, is an
 * error. */
static int _expand(struct lexer *lx, size_t start, char *buf, size_t size)
{
	_cleanup_free_ char *in = strdup(buf);
	size_t n = 0;

	if (!in)
		return err_set(lx->err, ENOMEM, NULL, "out of memory");
	for (const char *s = in; *s; s++) {
		const char *val = NULL, *end;
		char name[128], *dflt;

		if (*s != '$') {
			if (n + 1 >= size)
				return lex_error(lx, start, "path pattern too long");
			buf[n++] = *s;
			continue;
		}
		if (s[1] == '$') {
			if (n + 1 >= size)
				return lex_error(lx, start, "path pattern too long");
			buf[n++] = '$';
			s++;
			continue;
		}
		end = s[1] == '{' ? strchr(s + 2, '}') : NULL;
		if (!end || end == s + 2 || (size_t)(end - s - 2) >= sizeof(name))
			return lex_error(lx, start,
					 "a lone $ (write ${NAME} for a variable, $$ for a $)");
		memcpy(name, s + 2, (size_t)(end - s - 2));
		name[end - s - 2] = '\0';
		/* ${NAME:-DEFAULT}: DEFAULT where NAME is unset or empty */
		dflt = strstr(name, ":-");
		if (dflt) {
			*dflt = '\0';
			dflt += 2;
		}
		for (const char *c = name; *c; c++)
			if (!lex_is_ident_char(*c))
				return lex_error(lx, start, "'${%s}' is not a variable name", name);
		if (!*name)
			return lex_error(lx, start, "'${:-...}' names no variable");
		val = getenv(name);
		if (dflt && (!val || !*val))
			val = dflt;
		if (!val)
			return lex_error(lx, start, "${%s} is not set in the environment", name);
		for (; *val; val++) {
			bool meta = strchr("*?[]\\", *val) != NULL;

			if (n + 1 + meta >= size)
				return lex_error(lx, start, "path pattern too long after ${%s}",
						 name);
			if (meta)
				buf[n++] = '\\';
			buf[n++] = *val;
		}
		s = end;
	}
	buf[n] = '\0';
	return 0;
}

/* Reads a glob: a quoted string, or a word that ends at a blank, ',', '#'
 * or "->"; ${NAME} in either is replaced (_expand). */
int lex_glob_text(struct lexer *lx, char *buf, size_t size)
{
	size_t start, n;
	int ret;

	lex_skip_ws(lx);
	start = lx->pos;
	if (lex_peek(lx) == '"') {
		ret = lex_quoted(lx, buf, size);
		return ret < 0 ? ret : _expand(lx, start, buf, size);
	}
	for (;;) {
		char c = lex_peek(lx);

		if (c == '\0' || c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == ',' ||
		    c == '#' || (c == '-' && lx->s[lx->pos + 1] == '>'))
			break;
		lx->pos++;
	}
	n = lx->pos - start;
	if (n == 0)
		return lex_error(lx, start, "expected a path pattern");
	if (n >= size)
		return lex_error(lx, start, "path pattern too long");
	memcpy(buf, lx->s + start, n);
	buf[n] = '\0';
	return _expand(lx, start, buf, size);
}

int lex_op(struct lexer *lx, enum cond_op *op)
{
	static const struct {
		const char *tok;
		enum cond_op op;
	} ops[] = {
		{ "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE },
		{ "=", OP_EQ },	 { "<", OP_LT },  { ">", OP_GT },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (lex_accept(lx, ops[i].tok)) {
			*op = ops[i].op;
			return 0;
		}
	return lex_error(lx, lx->pos, "expected an operator (=, !=, <, <=, >, >=)");
}
