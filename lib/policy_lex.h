/* policy_lex: the rule language's tokens (see policy_lex.c).  Internal to
 * the parser. */
#ifndef UNOTIFY_POLICY_LEX_H
#define UNOTIFY_POLICY_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

#define LEX_MAX_ALTS 16

struct lexer {
	struct unotify_policy *p;
	struct unotify_error *err;
	const char *origin;
	const char *s;	   /* whole text */
	size_t pos;	   /* cursor */
	size_t line_start; /* offset of the current line */
	unsigned line;
	bool implicit; /* unotify's own rules (launch-time names allowed) */
	const struct include_frame *frame; /* the files being read, innermost first */
	/* A path condition `NAME=A,B` (alternatives): its rule is parsed once
	 * per combination of them; in this pass the Nth such condition takes
	 * alternative alt_pick[N], and alt_count[N] says how many it has. */
	unsigned alt_pick[LEX_MAX_ALTS], alt_count[LEX_MAX_ALTS];
	unsigned nalt;
	/* A rule made from an access class's line (classes.h): the class, and
	 * the column its line's rule starts at. */
	const char *cls;
	unsigned cls_col;
};

/* A policy file being read, for `include`: cycles are errors. */
struct include_frame {
	const char *path; /* its real path */
	const struct include_frame *up;
};

/* Column (from 1) of offset POS in the current line. */
unsigned lex_col(const struct lexer *lx, size_t pos);

/* Sets lx->err to "origin:line:col: MESSAGE" at POS; returns -EINVAL. */
int lex_error(struct lexer *lx, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

char lex_peek(const struct lexer *lx);
/* The character at offset POS (at most the text's end). */
char lex_peek_at(const struct lexer *lx, size_t pos);
/* Skips blanks and a comment; stops at the end of the line. */
void lex_skip_ws(struct lexer *lx);
/* True at the end of the line (after blanks and a comment). */
bool lex_at_eol(struct lexer *lx);
/* Consumes TOK if it comes next (after blanks). */
bool lex_accept(struct lexer *lx, const char *tok);
bool lex_is_ident_start(char c);
bool lex_is_ident_char(char c);

/* Each reads its token or returns -EINVAL with the error set. */
int lex_ident(struct lexer *lx, char *buf, size_t size, const char *what);
int lex_number(struct lexer *lx, bool *negative, uint64_t *magnitude);
int lex_quoted(struct lexer *lx, char *buf, size_t size);
int lex_glob_text(struct lexer *lx, char *buf, size_t size);
int lex_op(struct lexer *lx, enum cond_op *op);

#endif
