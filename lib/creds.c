/* creds: acting with a target's credentials (see creds.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "creds.h"

static int _parse_groups(const char *s, struct creds *c)
{
	char *end;

	c->ngroups = 0;
	for (;;) {
		unsigned long g;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\n' || *s == '\0')
			return 0;
		if (c->ngroups == CREDS_MAX_GROUPS)
			return -E2BIG;
		g = strtoul(s, &end, 10);
		if (end == s)
			return -EINVAL;
		c->groups[c->ngroups++] = (gid_t)g;
		s = end;
	}
}

/* Applies one "Key:\tvalue" line of /proc/PID/status to C. */
static int _status_line(const char *line, struct creds *c, unsigned *seen)
{
	unsigned long a, b, d, fs;
	unsigned long long cap;

	if (sscanf(line, "Tgid: %lu", &a) == 1) {
		c->tgid = (pid_t)a;
		*seen |= 1;
	} else if (sscanf(line, "Uid: %lu %lu %lu %lu", &a, &b, &d, &fs) == 4) {
		c->fsuid = (uid_t)fs;
		*seen |= 2;
	} else if (sscanf(line, "Gid: %lu %lu %lu %lu", &a, &b, &d, &fs) == 4) {
		c->fsgid = (gid_t)fs;
		*seen |= 4;
	} else if (strncmp(line, "Groups:", 7) == 0) {
		*seen |= 8;
		return _parse_groups(line + 7, c);
	} else if (sscanf(line, "CapEff: %llx", &cap) == 1) {
		c->cap_eff = cap;
		*seen |= 16;
	} else if (sscanf(line, "Umask: %lo", &a) == 1) {
		c->umask = (mode_t)a;
		*seen |= 32;
	}
	return 0;
}

/* True if task PID is in the caller's user namespace (false when unsure). */
static bool _same_userns(pid_t pid)
{
	char path[64];
	struct stat a, b;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	return stat(path, &a) == 0 && stat("/proc/self/ns/user", &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

int creds_read(pid_t pid, struct creds *c)
{
	_cleanup_fclose_ FILE *f = NULL;
	char path[64], line[4096];
	unsigned seen = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	memset(c, 0, sizeof(*c));
	while (fgets(line, sizeof(line), f)) {
		int ret = _status_line(line, c, &seen);

		if (ret < 0)
			return ret;
	}
	/* Umask appeared in Linux 4.7; without it we cannot apply it. */
	if (seen != 63)
		return -ESRCH;
	/* Capabilities held in another user namespace are worth nothing in
	 * ours: a target in a child namespace is root only there. */
	if (!_same_userns(pid))
		c->cap_eff = 0;
	return 0;
}

static int _capget(uint64_t *eff, uint64_t *prm, uint64_t *inh)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	*eff = d[0].effective | (uint64_t)d[1].effective << 32;
	*prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	*inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return 0;
}

static int _capset(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (uint32_t)eff, (uint32_t)prm, (uint32_t)inh },
		{ (uint32_t)(eff >> 32), (uint32_t)(prm >> 32), (uint32_t)(inh >> 32) },
	};

	return syscall(SYS_capset, &h, d) < 0 ? -errno : 0;
}

static int _own(struct creds_saved *s)
{
	int n;

	s->own.fsuid = (uid_t)setfsuid((uid_t)-1);
	s->own.fsgid = (gid_t)setfsgid((gid_t)-1);
	n = getgroups(CREDS_MAX_GROUPS, s->own.groups);
	if (n < 0)
		return -errno;
	s->own.ngroups = n;
	return _capget(&s->own.cap_eff, &s->own_prm, &s->own_inh);
}

static bool _same(const struct creds *a, const struct creds *b)
{
	return a->fsuid == b->fsuid && a->fsgid == b->fsgid && a->ngroups == b->ngroups &&
	       memcmp(a->groups, b->groups, (size_t)a->ngroups * sizeof(gid_t)) == 0 &&
	       a->cap_eff == b->cap_eff;
}

/* Sets the thread's fs ids and groups to C's; true when all took. */
static bool _set_ids(const struct creds *c)
{
	if (syscall(SYS_setgroups, (size_t)c->ngroups, c->groups) < 0)
		return false;
	setfsgid(c->fsgid);
	setfsuid(c->fsuid);
	return (gid_t)setfsgid((gid_t)-1) == c->fsgid && (uid_t)setfsuid((uid_t)-1) == c->fsuid;
}

int creds_enter(const struct creds *t, struct creds_saved *s)
{
	memset(s, 0, sizeof(*s));
	s->own_umask = umask(t->umask);
	if (_own(s) < 0) {
		umask(s->own_umask);
		return -EPERM;
	}
	if (_same(t, &s->own))
		return 0;
	s->switched = true;
	/* A target may never gain a capability we lack, nor keep one it dropped. */
	if (!_set_ids(t) || _capset(t->cap_eff & s->own_prm, s->own_prm, s->own_inh) < 0) {
		creds_leave(s);
		return -EPERM;
	}
	return 0;
}

void creds_leave(struct creds_saved *s)
{
	if (s->switched) {
		/* Capabilities first: setgroups needs CAP_SETGID, which the
		 * target's set may lack.  A thread that cannot get its own
		 * credentials back would serve the next call with the wrong
		 * ones: stop the process rather than go on. */
		if (_capset(s->own.cap_eff, s->own_prm, s->own_inh) < 0 || !_set_ids(&s->own) ||
		    _capset(s->own.cap_eff, s->own_prm, s->own_inh) < 0)
			abort();
		s->switched = false;
	}
	umask(s->own_umask);
}
