/* bpf: compiling a placed policy into one classic BPF program for
 * seccomp(2), first-match order kept, arch checked first on every call. */
#ifndef UNOTIFY_BPF_H
#define UNOTIFY_BPF_H

#include <stdint.h>

#include "policy.h"

/* Compiles P (already placed) into p->prog.  Returns 0, or -EINVAL when the
 * program would pass BPF_MAXINSNS, or -ENOMEM; err is set. */
int bpf_compile(struct unotify_policy *p, struct unotify_error *err);

/* The seccomp return value of a kernel-decided ACTION. */
uint32_t bpf_ret_value(enum action action, int64_t value);

#endif
