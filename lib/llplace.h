/* llplace: the third place a rule can be decided, Landlock (Linux 5.13).
 *
 * A right (MAKE_DIR, REMOVE_FILE, ...) is *placed* when the policy's rules
 * on the calls the right stands for (its defining calls: mkdir and mkdirat
 * for MAKE_DIR) are an allow-list of existing directory trees (`DIR/` and `**`)
 * and `errno EACCES` for the rest, and every other call the right also
 * gates (rename, link, open with O_CREAT, ...) is let through only beneath
 * those trees: then Landlock gives exactly the policy's result, except
 * where the kernel fails the call anyway first (EEXIST, ENOENT, ENOTDIR,
 * EROFS).  A defining call whose every right is placed is decided by
 * Landlock alone: the filter lets it through and no notification is made.
 *
 * A right that is not placed but whose every gated call is let through
 * only beneath some directories gets a *bound*: the same trees granted to
 * the target's domain, so that a raced `continue`, an io_uring submission
 * or a chroot can at worst reach what some rule allows.
 *
 * Both need the grants' directories to keep their inodes: the policy must
 * refuse removing or renaming them (and their ancestors).  And since a
 * directory moved to where it gains a right fails with EXDEV, all grants
 * share one set of directories, and every rename the policy allows keeps
 * both its paths beneath them. */
#ifndef UNOTIFY_LLPLACE_H
#define UNOTIFY_LLPLACE_H

#include <stdbool.h>
#include <stdint.h>

#include "landlock.h"
#include "policy.h"

/* Places what Landlock can decide exactly and bounds what it can bound,
 * on the running kernel, into P->ll; marks the syscalls Landlock decides
 * (sysent->landlock).  With P's flags UNOTIFY_P_LANDLOCK_OFF, places
 * nothing; with UNOTIFY_P_LANDLOCK_REQUIRE, a right whose calls have
 * rules and that cannot be placed is an error.  0 or -errno with ERR. */
int llplace(struct unotify_policy *p, struct unotify_error *err);

/* The Landlock layer a command of compiled P runs in: the placed and
 * bound rights, the lock layer's signal scope when LOCK (and P has a
 * supervisor to protect, and the kernel has scopes: *SIGNALS says), the
 * abstract UNIX socket scope when ABSTRACT.  Returns the ruleset's fd,
 * -ENODATA when no layer is needed, or -errno (-EOPNOTSUPP: ABSTRACT
 * without scopes in the kernel). */
int llplace_ruleset(const struct unotify_policy *p, bool lock, bool abstract, bool *signals);

/* The name of right BIT ("MAKE_DIR"), or NULL. */
const char *ll_right_name(uint64_t bit);

/* The rights whose placement was looked at, in the order `check` shows. */
extern const uint64_t ll_rights_shown[];
extern const int ll_nrights_shown;

#endif
