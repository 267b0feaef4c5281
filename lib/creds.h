/* creds: taking on a target's filesystem credentials, capabilities and
 * umask on the calling thread only, and giving them back.
 * setgroups goes through the raw syscall, because glibc's wrapper changes
 * every thread of the process; setfsuid/setfsgid and capset are per
 * thread; umask is per thread once the thread has unshare(CLONE_FS). */
#ifndef UNOTIFY_CREDS_H
#define UNOTIFY_CREDS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define CREDS_MAX_GROUPS 256

struct creds {
	pid_t tgid;
	uid_t fsuid;
	gid_t fsgid;
	uid_t ruid; /* the real ids and permitted capabilities: access(2) */
	gid_t rgid;
	int ngroups;
	gid_t groups[CREDS_MAX_GROUPS];
	uint64_t cap_eff, cap_prm;
	mode_t umask;
};

/* Reads the credentials of task PID from /proc/PID/status (capabilities
 * count as none when PID is in another user namespace).  Returns 0,
 * -ESRCH when the task is gone, -E2BIG past CREDS_MAX_GROUPS groups, or
 * another -errno. */
int creds_read(pid_t pid, struct creds *c);

struct creds_saved {
	bool switched, umasked;
	struct creds own;
	uint64_t own_prm, own_inh;
	mode_t own_umask;
};

/* Makes the calling thread act as T for filesystem access.  Returns 0 or
 * -EPERM when it cannot (it then changed nothing). */
int creds_enter(const struct creds *t, struct creds_saved *saved);

/* Whether T's filesystem ids, groups and effective capabilities are the
 * calling thread's own: a walk as unotify is then a walk as T. */
bool creds_are_own(const struct creds *t);

/* Restores what creds_enter changed.  Aborts the process if it cannot:
 * a supervisor thread left with a target's credentials must not serve on. */
void creds_leave(struct creds_saved *saved);

#endif
