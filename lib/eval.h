/* eval: the rules evaluated against one call, as the kernel filter and as
 * the supervisor see it.  The tests run every compiled program through a
 * BPF interpreter and check it against eval_kernel(). */
#ifndef UNOTIFY_EVAL_H
#define UNOTIFY_EVAL_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "policy.h"

/* True if integer condition C holds for the raw register value ARG. */
bool cond_int_match(const struct cond *c, uint64_t arg);

/* What the compiled filter must answer for D: a SECCOMP_RET_* value. */
uint32_t eval_kernel(const struct unotify_policy *p, const struct seccomp_data *d);

#endif
