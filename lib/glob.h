/* glob: path patterns of the rule language.
 *
 *   *      any run of characters other than '/'
 *   ?      one character other than '/'
 *   [...]  one character of a class ("a-z" ranges, "[!...]" negates); never '/'
 *   **     as a whole component: zero or more whole components
 *          (so "/tmp/" followed by "**" matches "/tmp/a/b" and "/tmp/", not "/tmp")
 *   \c     the character c itself
 *
 * A pattern is compiled once; matching is a state-set walk over the
 * compiled tokens, O(pattern x path), with no backtracking, so a hostile
 * path cannot make it slow. */
#ifndef UNOTIFY_GLOB_H
#define UNOTIFY_GLOB_H

#include <stdbool.h>
#include <stddef.h>

struct glob;

/* Compiles PATTERN.  On success returns 0 and *out (caller frees with
 * glob_free).  On a malformed pattern returns -EINVAL and sets *errpos to
 * the offset of the fault and *errmsg to a static description.  -ENOMEM on
 * allocation failure. */
int glob_compile(const char *pattern, struct glob **out, size_t *errpos, const char **errmsg);
void glob_free(struct glob *g);

/* True if the whole of PATH (LEN bytes) matches G. */
bool glob_match(const struct glob *g, const char *path, size_t len);

/* The pattern text G was compiled from. */
const char *glob_pattern(const struct glob *g);

#endif
