/* creds: acting with a target's credentials (see creds.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "proc.h"
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

/* The Nth (from 0) number of a whitespace-separated list in BASE, or
 * false. */
static bool _nth(const char *s, int n, int base, unsigned long long *out)
{
	char *end;

	for (int i = 0;; i++) {
		*out = strtoull(s, &end, base);
		if (end == s)
			return false;
		if (i == n)
			return true;
		s = end;
	}
}

/* The text after KEY ("\nUid:") in the status text BUF, or NULL. */
static const char *_field(const char *buf, const char *key)
{
	const char *at = strstr(buf, key);

	return at ? at + strlen(key) : NULL;
}

/* The fields of /proc/PID/status an act needs, each found by its key
 * (no scan of every line).  0, or -ESRCH when one is missing, -E2BIG. */
static int _parse_status(const char *buf, struct creds *c)
{
	const char *tgid = _field(buf, "\nTgid:"), *uid = _field(buf, "\nUid:"),
		   *gid = _field(buf, "\nGid:"), *groups = _field(buf, "\nGroups:"),
		   *cap = _field(buf, "\nCapEff:"), *prm = _field(buf, "\nCapPrm:"),
		   *um = _field(buf, "\nUmask:");
	unsigned long long v[8];

	/* Umask appeared in Linux 4.7; without it we cannot apply it. */
	if (!tgid || !uid || !gid || !groups || !cap || !prm || !um)
		return -ESRCH;
	if (!_nth(tgid, 0, 10, &v[0]) || !_nth(uid, 3, 10, &v[1]) || !_nth(gid, 3, 10, &v[2]) ||
	    !_nth(cap, 0, 16, &v[4]) || !_nth(um, 0, 8, &v[3]) || !_nth(uid, 0, 10, &v[5]) ||
	    !_nth(gid, 0, 10, &v[6]) || !_nth(prm, 0, 16, &v[7]))
		return -ESRCH;
	c->tgid = (pid_t)v[0];
	c->fsuid = (uid_t)v[1];
	c->fsgid = (gid_t)v[2];
	c->umask = (mode_t)v[3];
	c->cap_eff = v[4];
	c->ruid = (uid_t)v[5];
	c->rgid = (gid_t)v[6];
	c->cap_prm = v[7];
	return _parse_groups(groups, c);
}

/* The caller's user namespace ("user:[inode]": every namespace is an
 * inode of the one nsfs), read once: a process cannot leave its own
 * (setns and unshare of a user namespace need a single thread, and
 * unotify's supervisor never does either). */
static char own_userns[64];
static pthread_once_t own_userns_once = PTHREAD_ONCE_INIT;

static void _read_own_userns(void)
{
	ssize_t n = readlink("/proc/self/ns/user", own_userns, sizeof(own_userns) - 1);

	own_userns[n > 0 ? n : 0] = '\0';
}

/* True if task PID is in the caller's user namespace (false when unsure).
 * One readlink: cheaper than a stat, which opens the namespace. */
static bool _same_userns(pid_t pid)
{
	char path[64], ns[64];
	ssize_t n;

	pthread_once(&own_userns_once, _read_own_userns);
	proc_path(path, pid, "ns/user");
	n = readlink(path, ns, sizeof(ns) - 1);
	if (n <= 0 || !own_userns[0])
		return false;
	ns[n] = '\0';
	return strcmp(ns, own_userns) == 0;
}

/* /proc/PID/status whole into BUF (NUL-terminated): one open, one read
 * (more only if it filled BUF), one close.  0, -ESRCH (gone), -E2BIG or -errno. */
static int _read_status(pid_t pid, char *buf, size_t size)
{
	char path[64];
	size_t n = 0;
	int fd;

	proc_path(path, pid, "status");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	for (;;) {
		ssize_t r = read(fd, buf + n, size - 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = r < 0 ? -errno : 0;

			close(fd);
			buf[n] = '\0';
			return e == -ESRCH || e == -ENOENT ? -ESRCH : e;
		}
		n += (size_t)r;
		if (n == size - 1) {
			close(fd);
			return -E2BIG;
		}
		/* procfs makes the whole file at once: a short read is its end. */
		if ((size_t)r < size - 1 - (n - (size_t)r)) {
			close(fd);
			buf[n] = '\0';
			return 0;
		}
	}
}

int creds_read(pid_t pid, struct creds *c)
{
	char buf[8192];
	int ret = _read_status(pid, buf, sizeof(buf));

	if (ret < 0)
		return ret;
	ret = _parse_status(buf, c);
	if (ret < 0)
		return ret;
	/* Capabilities held in another user namespace are worth nothing in
	 * ours: a target in a child namespace is root only there.  (A
	 * target without any needs no look.) */
	if ((c->cap_eff || c->cap_prm) && !_same_userns(pid))
		c->cap_eff = c->cap_prm = 0;
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

/* The serving thread's own credentials and umask, read once: they change
 * only inside creds_enter/creds_leave, which restore them exactly. */
static __thread struct {
	bool loaded;
	struct creds own;
	uint64_t prm, inh;
	mode_t umask;
} self;

static int _load_own(void)
{
	int n;

	if (self.loaded)
		return 0;
	self.own.fsuid = (uid_t)setfsuid((uid_t)-1);
	self.own.fsgid = (gid_t)setfsgid((gid_t)-1);
	n = getgroups(CREDS_MAX_GROUPS, self.own.groups);
	if (n < 0 || _capget(&self.own.cap_eff, &self.prm, &self.inh) < 0)
		return -EPERM;
	self.own.ngroups = n;
	self.umask = umask(0);
	umask(self.umask);
	self.loaded = true;
	return 0;
}

static int _own(struct creds_saved *s)
{
	if (_load_own() < 0)
		return -EPERM;
	s->own = self.own;
	s->own_prm = self.prm;
	s->own_inh = self.inh;
	s->own_umask = self.umask;
	return 0;
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
	if (_own(s) < 0)
		return -EPERM;
	s->umasked = t->umask != s->own_umask;
	if (s->umasked)
		umask(t->umask);
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

bool creds_are_own(const struct creds *t)
{
	return _load_own() == 0 && _same(t, &self.own);
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
	if (s->umasked)
		umask(s->own_umask);
	s->umasked = false;
}
