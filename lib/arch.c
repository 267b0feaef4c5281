/* arch: the admitted architectures; numbers come from libseccomp. */
#include <linux/audit.h>
#include <seccomp.h>
#include <string.h>

#include "arch.h"

const struct arch_info arch_table[ARCH_COUNT] = {
	[ARCH_X86_64] = { "x86_64", AUDIT_ARCH_X86_64, SCMP_ARCH_X86_64, 0, false },
	[ARCH_I386] = { "i386", AUDIT_ARCH_I386, SCMP_ARCH_X86, 0, true },
	[ARCH_X32] = { "x32", AUDIT_ARCH_X86_64, SCMP_ARCH_X32, X32_BIT, false },
};

/* The newest call scripts/gen-nrtable.c adds past libseccomp's own. */
const int arch_newest_nr = 469;

int arch_syscall_nrs(int arch, const char *name, int *out, int max)
{
	const struct nr_table *t = &arch_nr_tables[arch];
	size_t lo = 0, hi = t->n;
	int n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t->v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < t->n && strcmp(t->v[lo].name, name) == 0 && n < max; lo++)
		out[n++] = t->v[lo].nr;
	return n;
}

int arch_syscall_nr(int arch, const char *name)
{
	int nr;

	return arch_syscall_nrs(arch, name, &nr, 1) ? nr : -1;
}

int arch_of(uint32_t audit, int nr)
{
	if (audit == AUDIT_ARCH_I386)
		return ARCH_I386;
	if (audit != AUDIT_ARCH_X86_64)
		return -1;
	/* As the filter splits them: every number from X32_BIT up is x32's. */
	return (uint32_t)nr >= X32_BIT ? ARCH_X32 : ARCH_X86_64;
}

int arch_by_name(const char *name)
{
	if (strcmp(name, "x86") == 0)
		return ARCH_I386;
	for (int a = 0; a < ARCH_COUNT; a++)
		if (strcmp(arch_table[a].name, name) == 0)
			return a;
	return -1;
}
