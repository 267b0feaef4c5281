/* arch: the architectures a policy is compiled for; syscall numbers come
 * from libseccomp, never from tables of ours. */
#include <linux/audit.h>
#include <seccomp.h>
#include <stddef.h>

#include "arch.h"

const struct arch_info arch_table[ARCH_COUNT] = {
	[ARCH_X86_64] = { "x86_64", AUDIT_ARCH_X86_64, SCMP_ARCH_X86_64, 0x40000000u },
};

int arch_by_audit(uint32_t audit)
{
	for (int i = 0; i < ARCH_COUNT; i++)
		if (arch_table[i].audit == audit)
			return i;
	return -1;
}

int arch_syscall_nr(int arch, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch_table[arch].scmp, name);

	return nr < 0 ? -1 : nr;
}

char *arch_syscall_name(int arch, int nr)
{
	return seccomp_syscall_resolve_num_arch(arch_table[arch].scmp, nr);
}
