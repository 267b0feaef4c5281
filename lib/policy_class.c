/* policy_class: a rule on an access class (@write, @read, @exec) made one
 * rule per member group of the class, and `@write stdio`
 * (policy_parse_int.h). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classes.h"
#include "cleanup.h"
#include "error.h"
#include "glob.h"
#include "policy.h"
#include "policy_lex.h"
#include "policy_parse_int.h"

/* The text of one member group's rule, from a class line's conditions
 * (each `pathname` made the member's own path arguments) and outcome;
 * malloc'd, or NULL. */
static char *_member_text(const struct lexer *lx, const struct class_member *m, const char *args,
			  const size_t (*cs)[3], size_t ncs, size_t outcome_at, size_t mods_at,
			  size_t eol, bool through, size_t *out)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	long at;

	if (!f)
		return NULL;
	fputs(m->calls, f);
	for (size_t c = 0; c < ncs; c++) {
		char copy[64], *save = NULL;

		snprintf(copy, sizeof(copy), "%s", args);
		for (char *a = strtok_r(copy, " ", &save); a; a = strtok_r(NULL, " ", &save))
			fprintf(f, " %s%s%.*s", a, cs[c][0] == OP_NE ? "!=" : "=",
				(int)(cs[c][2] - cs[c][1]), lx->s + cs[c][1]);
	}
	if (m->extra)
		fprintf(f, " %s", m->extra);
	fputs(" -> ", f);
	at = ftell(f);
	*out = at < 0 ? 0 : (size_t)at;
	if (m->refuse_enosys && !through)
		fprintf(f, "errno ENOSYS%.*s", (int)(eol - mods_at), lx->s + mods_at);
	else
		fprintf(f, "%.*s", (int)(eol - outcome_at), lx->s + outcome_at);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* A lexer for a rule made from LX's line (starting at START) for class K,
 * reading TEXT. */
static struct lexer _sub(const struct lexer *lx, const struct access_class *k, size_t start,
			 const char *text)
{
	return (struct lexer){ .p = lx->p,
			       .err = lx->err,
			       .origin = lx->origin,
			       .line = lx->line,
			       .implicit = lx->implicit,
			       .frame = lx->frame,
			       .cls = k->name,
			       .cls_col = lex_col(lx, start),
			       .s = text };
}

/* RET from a rule made from LX's line (starting at START): its error,
 * which names a place in the made rule's text, moved to the line's.  A
 * place in the made rule's outcome (which starts at offset OUT, copied
 * from the line's at OUTCOME_AT when VERBATIM) is put in the line's
 * outcome, any other at the class's name. */
static int _at_line(struct lexer *lx, int ret, size_t start, size_t out, size_t outcome_at,
		    size_t eol, bool verbatim)
{
	char msg[sizeof(lx->err->message)];
	const char *c;
	size_t col, pos = start;

	if (ret != -EINVAL || !lx->err || !(c = strrchr(lx->err->where, ':')))
		return ret;
	col = strtoul(c + 1, NULL, 10); /* from 1 */
	if (col > out) {
		pos = outcome_at;
		if (verbatim && outcome_at + (col - 1 - out) < eol)
			pos += col - 1 - out;
	}
	snprintf(msg, sizeof(msg), "%s", lx->err->message);
	return lex_error(lx, pos, "%s", msg);
}

/* NAME as a quoted pattern that matches it alone, into F: each glob
 * special escaped (\c), each $ doubled ($$), then quoted (\\ and \").
 * Returns false where the pattern would be longer than a pattern may be
 * (the parser's PATH_MAX, once unquoted). */
static bool _put_literal(FILE *f, const char *name)
{
	size_t n = 0;

	for (const char *c = name; *c; c++)
		n += 1 + (strchr("*?[]\\$", *c) != NULL);
	if (n > PATH_MAX)
		return false;
	fputc('"', f);
	for (const char *c = name; *c; c++) {
		if (strchr("*?[]\\", *c))
			fputs("\\\\", f);
		if (*c == '$')
			fputc('$', f);
		if (*c == '"' || *c == '\\')
			fputc('\\', f);
		fputc(*c, f);
	}
	fputc('"', f);
	return true;
}

/* The rules that grant an fd's object, as NAME, only the access the fd
 * has (its flags FL): malloc'd, one per line, or NULL (out of memory).
 * Sets *SKIP where the name cannot be written as a pattern. */
static char *_stdio_rules(const char *name, int fl, bool *skip)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return NULL;
	/* open's own flags: the fd's access mode where it only writes (a
	 * write-only fd's object is not read through it), O_APPEND and never
	 * O_TRUNC where it appends */
	fputs("open,openat pathname=", f);
	*skip = !_put_literal(f, name);
	if ((fl & O_ACCMODE) == O_WRONLY)
		fputs((fl & O_APPEND) ? " flags&O_ACCMODE|O_TRUNC|O_APPEND=O_WRONLY|O_APPEND"
				      : " flags&O_ACCMODE=O_WRONLY",
		      f);
	else if (fl & O_APPEND)
		fputs(" flags&O_TRUNC|O_APPEND=O_APPEND", f);
	fputs(" -> allow\n", f);
	/* creat: O_WRONLY|O_CREAT|O_TRUNC */
	if (!(fl & O_APPEND)) {
		fputs("creat pathname=", f);
		_put_literal(f, name);
		fputs(" -> allow\n", f);
	}
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* @write stdio -> allow: the objects of fds 0-2 as unotify has them (so as
 * the command inherits them), each reopened only with the access its fd
 * already has: a write-only fd's object for writing only, an append-only
 * fd's only with O_APPEND and never O_TRUNC; a read-only fd's (or one
 * opened with O_ACCMODE, neither), not at all.  Pipes and sockets by their names (pipe:[N]).  So `echo
 * >/dev/stdout` works into a CI log outside every allowed tree, and `sort
 * </dev/stdin` cannot reopen its input for writing. */
static int _parse_stdio(struct lexer *lx, const struct access_class *k, size_t start)
{
	struct rule dummy = { 0 };
	size_t at;
	int ret;

	lx->pos += strlen("stdio");
	if (strcmp(k->name, "@write") != 0)
		return lex_error(lx, start, "stdio goes with @write only");
	/* (an agent's fds 0-2 are not a container's) */
	if (lx->p->flags & UNOTIFY_P_AGENT)
		return lex_error(lx, start, "stdio names this process's fds 0-2: no container's "
					    "(an agent's or an exported policy)");
	if (!lex_accept(lx, "->"))
		return lex_error(lx, lx->pos, "expected '->' after stdio");
	lex_skip_ws(lx);
	at = lx->pos;
	ret = pp_action(lx, &dummy.action, &dummy.value, false);
	if (ret == 0 && dummy.action != ACT_ALLOW)
		ret = lex_error(lx, at, "@write stdio only grants: write `-> allow`");
	if (ret == 0)
		ret = pp_expect_eol(lx);
	for (int fd = 0; fd <= 2 && ret == 0; fd++) {
		char proc[32], name[PATH_MAX];
		int fl = fcntl(fd, F_GETFL);
		bool skip = false;
		ssize_t len;
		_cleanup_free_ char *text = NULL;
		struct lexer sub;

		if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY || (fl & O_ACCMODE) == O_ACCMODE)
			continue;
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		len = readlink(proc, name, sizeof(name) - 1);
		if (len <= 0)
			continue;
		name[len] = '\0';
		if (strchr(name, '\n') || strstr(name, " (deleted)") ||
		    strncmp(name, "anon_inode:", 11) == 0)
			continue;
		text = _stdio_rules(name, fl, &skip);
		if (!text)
			return err_set(lx->err, ENOMEM, NULL, "out of memory");
		if (skip) /* (not granted: refused as any other object) */
			continue;
		sub = _sub(lx, k, start, text);
		/* a line at a time, each its own rule */
		for (char *line = text, *nl; ret == 0 && (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = '\0';
			sub.s = line;
			sub.pos = sub.line_start = 0;
			ret = _at_line(lx, pp_rule(&sub), start, SIZE_MAX, 0, 0, false);
		}
	}
	return ret;
}

/* @CLASS [pathname=PATTERNS | pathname!=PATTERNS]... -> OUTCOME: one rule
 * per member group of the class, in its order, each on the member's own
 * path arguments.  The line is checked here first, so that a mistake is
 * reported at its place in the line. */
int pp_class(struct lexer *lx, const struct access_class *k)
{
	size_t start = lx->pos, cs[MAX_CONDS][3], ncs = 0, outcome_at, mods_at, eol;
	struct rule dummy = { 0 };
	bool seen_delay = false, through;
	int ret;

	lx->pos += strlen(k->name);
	lex_skip_ws(lx);
	if (strncmp(lx->s + lx->pos, "stdio", 5) == 0 && !lex_is_ident_char(lx->s[lx->pos + 5]))
		return _parse_stdio(lx, k, start);
	if (lex_peek(lx) == ',')
		return lex_error(lx, lx->pos, "%s stands alone: name other calls in a rule of "
					      "their own",
				 k->name);
	while (!lex_accept(lx, "->")) {
		char name[64];
		enum cond_op op;
		size_t at;

		if (lex_at_eol(lx))
			return lex_error(lx, lx->pos, "expected a condition or '->'");
		if (ncs == MAX_CONDS)
			return lex_error(lx, lx->pos, "too many conditions in one rule");
		lex_skip_ws(lx);
		at = lx->pos;
		ret = lex_ident(lx, name, sizeof(name), "pathname or '->'");
		if (ret < 0)
			return ret;
		if (strcmp(name, "pathname") != 0)
			return lex_error(lx, at, "%s takes pathname= conditions only (each of its "
						 "calls' own path arguments)",
					 k->name);
		ret = lex_op(lx, &op);
		if (ret < 0)
			return ret;
		if (op != OP_EQ && op != OP_NE)
			return lex_error(lx, at, "a path argument takes = or != and a pattern");
		lex_skip_ws(lx);
		cs[ncs][0] = op;
		cs[ncs][1] = lx->pos;
		for (;;) { /* each pattern checked here, at its place */
			struct glob *g = NULL;

			ret = pp_pattern(lx, &g);
			glob_free(g);
			if (ret < 0)
				return ret;
			if (lex_peek(lx) != ',' || strchr(" \t\r\n#", lex_peek_at(lx, lx->pos + 1)))
				break;
			lx->pos++;
		}
		cs[ncs++][2] = lx->pos;
	}
	lex_skip_ws(lx);
	outcome_at = lx->pos;
	ret = pp_action(lx, &dummy.action, &dummy.value, false);
	mods_at = lx->pos;
	while (ret == 0 && lex_accept(lx, ","))
		ret = pp_modifier(lx, &dummy, &seen_delay);
	if (ret == 0)
		ret = pp_expect_eol(lx);
	if (ret < 0)
		return ret;
	if (dummy.when_first)
		return lex_error(lx, mods_at, "`when` counts the matches of one rule, and %s is "
					      "several: name its calls instead",
				 k->name);
	through = dummy.action == ACT_ALLOW || dummy.action == ACT_EMULATE ||
		  dummy.action == ACT_CONTINUE;
	if (k->refuse_only && ncs && (dummy.action == ACT_ALLOW || dummy.action == ACT_EMULATE))
		return lex_error(lx, outcome_at, "unotify cannot emulate %s's calls: after a path "
						 "check they can only be refused, or let through "
						 "with `continue` (not a boundary)",
				 k->name);
	eol = lx->pos;
	while (eol > outcome_at && isspace((unsigned char)lx->s[eol - 1]))
		eol--;
	for (size_t i = 0; i < k->nmembers; i++) {
		const struct class_member *m = &k->members[i];
		struct lexer sub = _sub(lx, k, start, NULL);

		char args[64], *save = NULL;

		/* Nothing to judge it by (a call newer than unotify): where the
		 * class refuses anything it is refused (ENOSYS), callers then
		 * taking the calls above; where it lets through, the later rules
		 * decide. */
		if (!m->args && ncs && through)
			continue;
		/* Some members differ by the outcome (classes.h): an allowing
		 * rule lets through only what is its class's access alone. */
		if ((m->use == M_THROUGH && !through) || (m->use == M_REFUSE && through))
			continue;
		/* Letting a call through needs every name it changes to meet the
		 * conditions (one rule on all its path arguments); refusing it
		 * needs one to (a rule per argument): rename(A, B) out of a tree
		 * or into it. */
		snprintf(args, sizeof(args), "%s", m->args ? m->args : "");
		bool whole = through || !ncs || !m->args;

		for (char *a = whole ? args : strtok_r(args, " ", &save); a;
		     a = whole ? NULL : strtok_r(NULL, " ", &save)) {
			size_t out = 0;
			_cleanup_free_ char *text =
				_member_text(lx, m, a, (const size_t(*)[3])cs, m->args ? ncs : 0,
					     outcome_at, mods_at, eol, through, &out);

			if (!text)
				return err_set(lx->err, ENOMEM, NULL, "out of memory");
			sub.s = text;
			sub.pos = sub.line_start = 0;
			ret = _at_line(lx, pp_rule(&sub), start, out, outcome_at, eol,
				       through || !m->refuse_enosys);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

