/* landlock: the Landlock system calls, probed at run time (see landlock.h). */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landlock.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_restrict_self  446
#endif

#define LL_CREATE_RULESET_VERSION (1u << 0)
#define LL_SCOPE_SIGNAL		  (1ull << 1)

/* struct landlock_ruleset_attr as of ABI 6: Debian 12's header lacks the
 * scoped field (Linux 6.12). */
struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

int landlock_abi(void)
{
	static int abi = -1;

	if (abi < 0) {
		long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);

		abi = v < 0 ? 0 : (int)v;
	}
	return abi;
}

int landlock_lock_available(void)
{
	return landlock_abi() >= 6;
}

int landlock_lock_ruleset(void)
{
	struct ll_ruleset_attr attr = { .scoped = LL_SCOPE_SIGNAL };
	long fd;

	if (!landlock_lock_available())
		return -EOPNOTSUPP;
	fd = syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	return fd < 0 ? -errno : (int)fd;
}

int landlock_restrict(int ruleset)
{
	return syscall(SYS_landlock_restrict_self, ruleset, 0) < 0 ? -errno : 0;
}
