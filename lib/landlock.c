/* landlock: the Landlock system calls, probed at run time (see landlock.h). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

#include "landlock.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule	    445
#define SYS_landlock_restrict_self  446
#endif

#define LL_CREATE_RULESET_VERSION (1u << 0)
#define LL_SCOPE_ABSTRACT_UNIX	  (1ull << 0)
#define LL_SCOPE_SIGNAL		  (1ull << 1)
#define LL_RULE_PATH_BENEATH	  1

/* struct landlock_path_beneath_attr: packed, as the uapi header has it. */
struct ll_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

/* struct landlock_ruleset_attr as of ABI 6: Debian 12's header lacks the
 * scoped field (Linux 6.12). */
struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

#define LL_NET_CONNECT_TCP (1ull << 1) /* ABI 4 */
#define LL_RULE_NET_PORT 2

struct ll_net_port {
	uint64_t allowed_access;
	uint64_t port;
} __attribute__((packed));

void ll_layout_clear(struct ll_layout *l)
{
	for (size_t i = 0; i < l->ndirs; i++)
		free(l->dirs[i]);
	free(l->dirs);
	for (int i = 0; i < LL_NRIGHTS; i++)
		free(l->why_owned[i]);
	free(l->ports);
	free(l->net_why);
	memset(l, 0, sizeof(*l));
}

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

/* Grants ACCESS beneath DIR in RULESET.  0 or -errno. */
static int _grant(int ruleset, const char *dir, uint64_t access)
{
	struct ll_path_beneath pb = { .allowed_access = access };
	_cleanup_close_ int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	pb.parent_fd = fd;
	return syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb, 0) < 0 ? -errno
											    : 0;
}

int landlock_ruleset(uint64_t handled, uint64_t granted, char *const *dirs, size_t ndirs,
		     bool signals, bool abstract, const uint16_t *ports, size_t nports,
		     bool net_connect)
{
	struct ll_ruleset_attr attr = { .handled_access_fs = handled ? handled | LL_REFER : 0,
					.handled_access_net = net_connect ? LL_NET_CONNECT_TCP : 0 };
	size_t size = sizeof(attr);
	int fd, ret = 0;

	if (signals)
		attr.scoped |= LL_SCOPE_SIGNAL;
	if (abstract)
		attr.scoped |= LL_SCOPE_ABSTRACT_UNIX;
	if (attr.scoped && landlock_abi() < 6)
		return -EOPNOTSUPP;
	if ((handled && landlock_abi() < 2) || (net_connect && landlock_abi() < 4))
		return -EOPNOTSUPP;
	if (!attr.scoped) /* the struct as ABI 4 knows it */
		size = offsetof(struct ll_ruleset_attr, scoped);
	fd = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
	if (fd < 0)
		return -errno;
	for (size_t i = 0; i < ndirs && ret == 0 && handled; i++)
		ret = _grant(fd, dirs[i], granted & handled);
	if (ret == 0 && handled)
		ret = _grant(fd, "/", LL_REFER);
	for (size_t i = 0; i < nports && ret == 0 && net_connect; i++) {
		struct ll_net_port np = { .allowed_access = LL_NET_CONNECT_TCP, .port = ports[i] };

		if (syscall(SYS_landlock_add_rule, fd, LL_RULE_NET_PORT, &np, 0) < 0)
			ret = -errno;
	}
	if (ret < 0) {
		close(fd);
		return ret;
	}
	return fd;
}

int landlock_restrict(int ruleset)
{
	return syscall(SYS_landlock_restrict_self, ruleset, 0) < 0 ? -errno : 0;
}
