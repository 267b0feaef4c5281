/* arch: the architectures a policy is compiled for. */
#ifndef UNOTIFY_ARCH_H
#define UNOTIFY_ARCH_H

#include <stdint.h>

enum { ARCH_X86_64 = 0, ARCH_COUNT };

struct arch_info {
	const char *name;
	uint32_t audit;	  /* AUDIT_ARCH_* as seen in seccomp_data.arch */
	uint32_t scmp;	  /* libseccomp's SCMP_ARCH_* token */
	uint32_t x32_bit; /* syscall numbers with this bit set are a foreign ABI */
};

extern const struct arch_info arch_table[ARCH_COUNT];

/* Index of the arch whose AUDIT_ARCH value is AUDIT, or -1. */
int arch_by_audit(uint32_t audit);

/* Number of NAME on ARCH through libseccomp, or -1 when the arch lacks it. */
int arch_syscall_nr(int arch, const char *name);

/* Name of NR on ARCH through libseccomp, or NULL. Caller frees. */
char *arch_syscall_name(int arch, int nr);

#endif
