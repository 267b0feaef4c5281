/* arch: the architectures a policy may admit, and syscall name <-> number
 * for each from libseccomp (tables made from it at build time). */
#ifndef UNOTIFY_ARCH_H
#define UNOTIFY_ARCH_H

#include <stdbool.h>
#include <stdint.h>

/* x32 shares x86_64's AUDIT_ARCH value; its numbers carry X32_BIT. */
enum { ARCH_X86_64 = 0, ARCH_I386, ARCH_X32, ARCH_COUNT };

#define X32_BIT 0x40000000u

struct arch_info {
	const char *name;
	uint32_t audit;	  /* AUDIT_ARCH_* as seen in seccomp_data.arch */
	uint32_t scmp;	  /* libseccomp's SCMP_ARCH_* token */
	uint32_t nr_base; /* X32_BIT for x32, else 0 */
	bool regs32;	  /* arguments are 32 bits wide (i386) */
};

extern const struct arch_info arch_table[ARCH_COUNT];

/* The arch of a call seen as (AUDIT, NR), or -1. */
int arch_of(uint32_t audit, int nr);

/* Index of the arch named NAME ("x86" is i386), or -1. */
int arch_by_name(const char *name);

/* Every name and number of an arch, sorted by name (then number): made
 * at build time from libseccomp by scripts/gen-nrtable.c. */
struct nr_name {
	const char *name;
	int nr;
};
struct nr_table {
	const struct nr_name *v;
	unsigned n;
};
extern const struct nr_table arch_nr_tables[ARCH_COUNT];

/* Every number NAME has on ARCH, into OUT (at most MAX), from
 * arch_nr_tables.  Returns the count (0 when ARCH lacks NAME). */
int arch_syscall_nrs(int arch, const char *name, int *out, int max);

/* The highest syscall number (x86_64, i386) unotify knows a name for. */
extern const int arch_newest_nr;

/* The first number of NAME on ARCH, or -1. */
int arch_syscall_nr(int arch, const char *name);

#endif
