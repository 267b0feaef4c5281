/* eval: the rules evaluated against one call, as the kernel filter and as
 * the supervisor see it.  The tests run every compiled program through a
 * BPF interpreter and check it against eval_kernel(). */
#ifndef UNOTIFY_EVAL_H
#define UNOTIFY_EVAL_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "policy.h"

/* True if integer or arch condition C holds for a call of V with REGS.  A
 * condition on a launch-time value holds only when RT is known. */
bool cond_int_match(const struct cond *c, const struct variant *v, const uint64_t *regs,
		    const struct rt_values *rt);

/* True if every integer and arch condition of IN holds (path conditions
 * are the supervisor's: not looked at). */
bool inst_int_match(const struct inst *in, const struct variant *v, const uint64_t *regs,
		    const struct rt_values *rt);

/* The seccomp return value of a kernel-decided ACTION. */
uint32_t eval_ret_value(enum action action, int64_t value);

/* The arch a call (AUDIT, NR) is decided as under P, or -1 when the filter
 * kills it for its arch (not admitted, or an x32 number without x32). */
int eval_arch(const struct unotify_policy *p, uint32_t audit, int nr);

/* What the compiled filter must answer for D: a SECCOMP_RET_* value.  RT:
 * the launch-time values patched in (bpf_patch_prog), or NULL for the
 * program as compiled. */
uint32_t eval_kernel(const struct unotify_policy *p, const struct rt_values *rt,
		     const struct seccomp_data *d);

#endif
