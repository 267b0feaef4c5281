/* policy_parse_int: the parser's pieces that policy_class.c builds on. */
#ifndef UNOTIFY_POLICY_PARSE_INT_H
#define UNOTIFY_POLICY_PARSE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "classes.h"
#include "policy.h"
#include "policy_lex.h"

#define MAX_CONDS 16

struct glob;

/* One pattern of a path condition, compiled into *OUT. */
int pp_pattern(struct lexer *lx, struct glob **out);
/* ACTION (with its value). */
int pp_action(struct lexer *lx, enum action *a, int64_t *value, bool default_only);
/* One modifier of rule R. */
int pp_modifier(struct lexer *lx, struct rule *r, bool *seen_delay);
/* The end of the line (a comment allowed). */
int pp_expect_eol(struct lexer *lx);
/* A rule, once per combination of its alternatives, added to the policy. */
int pp_rule(struct lexer *lx);
/* A rule on access class K: one rule per member group (policy_class.c). */
int pp_class(struct lexer *lx, const struct access_class *k);

#endif
