/* policy_class: a rule on an access class (@write, @read, @exec) made one
 * rule per member group of the class, and `@write stdio`
 * (policy_parse_int.h). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
			  size_t eol, bool through)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

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
	if (m->refuse_enosys && !through)
		fprintf(f, " -> errno ENOSYS%.*s", (int)(eol - mods_at), lx->s + mods_at);
	else
		fprintf(f, " -> %.*s", (int)(eol - outcome_at), lx->s + outcome_at);
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

/* @write stdio -> allow: the objects of fds 0-2 as unotify has them (so as
 * the command inherits them), each reopened for writing only as its fd
 * already writes: an append-only fd's object only with O_APPEND and never
 * O_TRUNC; a read-only fd's, not at all.  Pipes and sockets by their
 * names (pipe:[N]).  So `echo >/dev/stdout` works into a CI log outside
 * every allowed tree, and `sort </dev/stdin` cannot reopen its input for
 * writing. */
static int _parse_stdio(struct lexer *lx, const struct access_class *k, size_t start)
{
	struct rule dummy = { 0 };
	size_t at;
	int ret;

	lx->pos += strlen("stdio");
	if (strcmp(k->name, "@write") != 0)
		return lex_error(lx, start, "stdio goes with @write only");
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
		char proc[32], name[PATH_MAX], lit[2 * PATH_MAX], text[2 * PATH_MAX + 128];
		int fl = fcntl(fd, F_GETFL), n = 0;
		ssize_t len;
		struct lexer sub = _sub(lx, k, start, text);

		if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
			continue;
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		len = readlink(proc, name, sizeof(name) - 1);
		if (len <= 0 || strchr(name, '\n'))
			continue;
		name[len] = '\0';
		if (strstr(name, " (deleted)") || strncmp(name, "anon_inode:", 11) == 0)
			continue;
		/* a literal glob (\c for its specials), then quoted (\\ and \") */
		for (const char *c = name; *c && n < (int)sizeof(lit) - 4; c++) {
			if (strchr("*?[]\\", *c)) {
				lit[n++] = '\\';
				lit[n++] = '\\';
			}
			if (*c == '"' || *c == '\\')
				lit[n++] = '\\';
			lit[n++] = *c;
		}
		lit[n] = '\0';
		if (fl & O_APPEND)
			snprintf(text, sizeof(text),
				 "open,openat pathname=\"%s\" flags&O_TRUNC|O_APPEND=O_APPEND -> allow", lit);
		else
			snprintf(text, sizeof(text), "open,openat,creat pathname=\"%s\" -> allow", lit);
		ret = pp_rule(&sub);
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
		/* Letting a call through needs every name it changes to meet the
		 * conditions (one rule on all its path arguments); refusing it
		 * needs one to (a rule per argument): rename(A, B) out of a tree
		 * or into it. */
		snprintf(args, sizeof(args), "%s", m->args ? m->args : "");
		bool whole = through || !ncs || !m->args;

		for (char *a = whole ? args : strtok_r(args, " ", &save); a;
		     a = whole ? NULL : strtok_r(NULL, " ", &save)) {
			_cleanup_free_ char *text =
				_member_text(lx, m, a, (const size_t(*)[3])cs, m->args ? ncs : 0,
					     outcome_at, mods_at, eol, through);

			if (!text)
				return err_set(lx->err, ENOMEM, NULL, "out of memory");
			sub.s = text;
			sub.pos = sub.line_start = 0;
			ret = pp_rule(&sub);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

