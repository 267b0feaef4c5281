/* bpf: compiling a placed policy into one classic BPF program for
 * seccomp(2), first-match order kept, arch checked first on every call. */
#ifndef UNOTIFY_BPF_H
#define UNOTIFY_BPF_H

#include <stdint.h>

#include "policy.h"

/* A comparison with a launch-time value: instruction AT of the program is
 * JEQ once patched, and jumps to its failure branch until then. */
struct bpf_patch {
	uint32_t at;
	uint8_t rt; /* enum rt_value */
	struct sock_filter jeq;
};

/* Compiles P (already placed) into p->prog and p->patches.  Returns 0, or
 * -EINVAL when the program would pass BPF_MAXINSNS, or -ENOMEM; err is set. */
int bpf_compile(struct unotify_policy *p, struct unotify_error *err);

/* A copy of P's program with RT's values in its launch-time comparisons
 * (as compiled when RT is NULL or unknown).  NULL on ENOMEM; the caller
 * frees it. */
struct sock_filter *bpf_patch_prog(const struct unotify_policy *p, const struct rt_values *rt);

#endif
