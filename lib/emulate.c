/* emulate: the table of calls with a path argument, the handlers' shared
 * prologue, mkdir and bind (see emulate.h, emulate_int.h). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "call.h"
#include "cleanup.h"
#include "emulate_int.h"
#include "net.h"

/* Whether a decision's walk of C went through unotify's own /proc/self:
 * as the target's, it goes through the target's (resolve.c: _own_proc). */
static bool _walked_own_proc(const struct call *c)
{
	for (int i = 0; i < SYS_MAX_ARGS; i++)
		if (c->path[i] && c->path[i]->resolved && c->path[i]->proc_self)
			return true;
	return false;
}

/* The /proc/PID entries the kernel opens only for a tracer
 * (ptrace_may_access): another process's, opened by unotify, would pass
 * its check, not the target's -- and unotify is outside the target's
 * Landlock domain, which keeps it from processes outside. */
static const char *const traced_entries[] = {
	"mem",	   "environ", "auxv",	 "maps",	  "smaps",	   "smaps_rollup",
	"numa_maps", "pagemap", "stack", "syscall", "personality", "io",
	"timers",	   "timerslack_ns", "map_files", "patch_state", NULL,
};

/* Whether NAME is such an entry of a process other than C's target's. */
static bool _foreign_traced(struct call *c, const char *name)
{
	unsigned long pid;
	struct creds cr;
	char *end;

	if (strncmp(name, "/proc/", 6) != 0)
		return false;
	pid = strtoul(name + 6, &end, 10);
	if (end == name + 6 || *end != '/')
		return false;
	if (strncmp(end, "/task/", 6) == 0) { /* /proc/PID/task/TID/ENTRY */
		pid = strtoul(end + 6, &end, 10);
		if (*end != '/')
			return false;
	}
	for (const char *const *e = traced_entries; *e; e++) {
		size_t n = strlen(*e);

		if (strncmp(end + 1, *e, n) == 0 && (end[1 + n] == '\0' || end[1 + n] == '/'))
			return creds_read((pid_t)pid, &cr) < 0 || cr.tgid != call_tgid(c);
	}
	return false;
}

int emu_paths(struct call *c, unsigned args, int64_t *result)
{
	int ret = 0;

	/* Acting: walked as the target (a decision's walk as unotify is
	 * forgotten; one made as the target stays, but for one named through
	 * unotify's own /proc/self).  Every path first: each walk takes on
	 * and gives back the target's credentials itself. */
	if (!c->acting && (call_walked_for_decision(c) || _walked_own_proc(c)))
		call_rewalk(c);
	c->acting = true;
	for (int i = 0; i < SYS_MAX_ARGS && ret == 0; i++) {
		const struct path_arg *p;

		if (!(args & (1u << i)))
			continue;
		ret = call_resolve_path(c, i);
		if (ret < 0)
			break;
		p = c->path[i];
		/* Never act on what only a decision walked, on unotify's own
		 * /proc entry, or where the walk could not be made as the
		 * target's (a magic link, a cwd outside its root): EACCES.  An
		 * object reached but without a name in unotify's world is what
		 * the target's own call reaches: a rule that needed its name
		 * refused it already. */
		if (p->proc_self || p->by_supervisor || p->unnamed == WN_MAGIC ||
		    p->unnamed == WN_OUTSIDE || p->unnamed == WN_NO_WALK ||
		    (p->dirfd < 0 && !p->resolve_err))
			ret = -EACCES;
		else if (p->resolve_err)
			ret = -p->resolve_err;
		else if (_foreign_traced(c, p->abs))
			ret = -EACCES;
		/* A call on the object (not the entry) whose walk found no
		 * object: the name was missing then, and that is the answer;
		 * acting by the name now would follow what a racing thread
		 * planted there since.  (An open with O_CREAT makes it.) */
		else if (p->followed && p->objfd < 0 && strcmp(p->base, ".") != 0 &&
			 !c->may_create)
			ret = -ENOENT;
	}
	if (ret == 0)
		ret = call_enter_creds(c);
	/* Nothing read from /proc or the target's memory is acted on before
	 * its notification is known to be alive (a reused TID reads another). */
	if (ret == 0 && !call_checked(c)) {
		call_leave_creds(c);
		ret = -ESRCH;
	}
	if (ret == -ESRCH)
		return ret;
	if (ret < 0) {
		*result = ret;
		return 1;
	}
	return 0;
}

const char *emu_obj(const struct path_arg *p, char *buf)
{
	if (p->objfd < 0)
		return NULL;
	snprintf(buf, 32, "/proc/self/fd/%d", p->objfd);
	return buf;
}

const char *emu_name(const struct path_arg *p, char *buf)
{
	size_t n = strlen(p->base);

	memcpy(buf, p->base, n + 1);
	if (p->len > 1 && p->str[p->len - 1] == '/' && strcmp(p->base, ".") != 0) {
		buf[n] = '/';
		buf[n + 1] = '\0';
	}
	return buf;
}

enum emu_last emu_last(const struct path_arg *p)
{
	size_t n = p->len, start;

	while (n > 1 && p->str[n - 1] == '/')
		n--;
	if (n == 1 && p->str[0] == '/')
		return LAST_ROOT;
	start = n;
	while (start > 0 && p->str[start - 1] != '/')
		start--;
	if (n - start == 1 && p->str[start] == '.')
		return LAST_DOT;
	if (n - start == 2 && p->str[start] == '.' && p->str[start + 1] == '.')
		return LAST_DOTDOT;
	return LAST_NORM;
}

bool emu_compat(const struct call *c)
{
	return arch_table[c->arch].regs32;
}

int64_t emu_long(const struct call *c, int arg)
{
	uint64_t v = call_arg(c, arg);

	return emu_compat(c) && var_layout(c->var, arg, false).kind != LAY_SPLIT ? (int32_t)v
										 : (int64_t)v;
}

int emu_write(struct call *c, int arg, const void *buf, size_t len)
{
	return mem_write(&c->t, call_arg(c, arg), buf, len);
}

int emu_xname(struct call *c)
{
	size_t len = 0;
	int ret = mem_read_string(&c->t, call_arg(c, 1), c->xname, sizeof(c->xname), &len);

	c->unchecked = true;
	if (ret == -ESRCH)
		return ret;
	if (ret == -ENAMETOOLONG || (ret == 0 && (len == 0 || len > 255)))
		return -ERANGE; /* "" or past XATTR_NAME_MAX */
	return ret < 0 ? -EFAULT : 0;
}

int emu_read(struct call *c, int arg, void *buf, size_t len)
{
	int ret = mem_read(&c->t, call_arg(c, arg), buf, len);

	c->unchecked = true;
	return ret;
}

/* mkdir(pathname, mode) and mkdirat(dirfd, pathname, mode).  The umask is
 * the target's, applied by the kernel (so default ACLs work as they would). */
static int _mkdir_at(struct call *c, int arg, int64_t *result)
{
	mode_t mode = (mode_t)call_arg(c, arg + 1);
	const struct path_arg *p;
	char name[NAME_MAX + 2];
	int ret = emu_paths(c, 1u << arg, result);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	p = c->path[arg];
	*result = mkdirat(p->dirfd, emu_name(p, name), mode) < 0 ? -errno : 0;
	call_leave_creds(c);
	return 0;
}

static int _mkdir(struct call *c, int64_t *result)
{
	return _mkdir_at(c, 0, result);
}

static int _mkdirat(struct call *c, int64_t *result)
{
	return _mkdir_at(c, 1, result);
}

/* Binds SOCK to the file name P (already judged) in P's directory, by
 * its last component: no rename can move the place between the check
 * and the bind.  Runs with the target's credentials (fchdir checks its
 * search right there, as its own walk would); the thread's cwd is its own
 * (unshare(CLONE_FS)). */
static int _bind_here(int sock, const struct path_arg *p)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = strlen(p->base);

	if (len >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	memcpy(sun.sun_path, p->base, len + 1);
	if (fchdir(p->dirfd) < 0)
		return -errno;
	return bind(sock, (struct sockaddr *)&sun,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1)) < 0
		       ? -errno
		       : 0;
}

/* The AF_UNIX file name of the call's address, resolved: the object the
 * decision judged, or now.  0 with it in *P, or the call's -errno in
 * *result (returning 1), or -ESRCH. */
static int _sock_path(struct call *c, const char *name, struct path_arg **p, int64_t *result)
{
	int ret;

	if (!c->sock_path) {
		struct path_arg *slot = c->path[1]; /* bind's address: no path */

		call_set_path(c, 1, name);
		c->acting = true;
		ret = call_resolve_own(c, 1, false);
		if (ret < 0)
			return ret == -ESRCH ? ret : (*result = ret, 1);
		c->sock_path = slot;
	}
	*p = c->sock_path;
	ret = (*p)->unnamed || (*p)->proc_self || (*p)->by_supervisor ? -EACCES
								      : -(*p)->resolve_err;
	if (ret < 0)
		*result = ret;
	return ret < 0;
}

/* bind(sockfd, addr, addrlen), on the supervisor's own copy of the
 * address: the target's very socket (pidfd_getfd), bound with its
 * credentials and capabilities (a port below 1024 needs its own
 * CAP_NET_BIND_SERVICE).  An AF_UNIX file name is bound in the directory
 * judged, by its last component: getsockname(2) then reports that
 * component only. */
static int _bind(struct call *c, int64_t *result)
{
	char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
	struct path_arg *p = NULL;
	_cleanup_close_ int sock = -1;
	bool is_path;
	int ret = call_read_block(c);

	if (ret == 0)
		ret = call_read_addr(c);
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	is_path = call_unix_path(c, name);
	if (is_path) {
		ret = _sock_path(c, name, &p, result);
		if (ret != 0)
			return ret < 0 ? ret : 0;
	}
	sock = call_take_fd(c, (int)(uint32_t)call_arg(c, 0));
	if (sock == -ESRCH)
		return sock;
	if (sock < 0)
		return *result = sock, 0;
	ret = call_enter_creds(c);
	if (ret < 0)
		return ret == -ESRCH ? ret : (*result = ret, 0);
	if (is_path)
		ret = _bind_here(sock, p);
	else
		ret = bind(sock, (struct sockaddr *)c->addr, (socklen_t)c->addrlen) < 0 ? -errno
											: 0;
	call_leave_creds(c);
	*result = ret;
	return 0;
}

#define E(n, grp, note) { #n, EMU_EMULATED, emu_##n, NULL, grp, note }
#define EV(n, grp, note) { #n, EMU_EMULATED, emu_##n, val_##n, grp, note }
#define EVV(n, val, grp, note) { #n, EMU_EMULATED, emu_##n, val_##val, grp, note }
#define C(n, grp, note) { #n, EMU_CONTINUE, NULL, NULL, grp, note }
#define R(n, grp, note) { #n, EMU_REFUSED, NULL, NULL, grp, note }

/* Every call with a path argument (and bind), by name. */
static const struct emu_entry table[] = {
	{ "mkdir", EMU_EMULATED, _mkdir, NULL, "make", "umask and default ACLs by the kernel" },
	{ "mkdirat", EMU_EMULATED, _mkdirat, NULL, "make", "" },
	EV(mknod, "make", "devices only with the target's CAP_MKNOD, as the kernel checks"),
	EV(mknodat, "make", ""),
	{ "bind", EMU_EMULATED, _bind, NULL, "make",
	  "the target's socket, bound with its credentials; an AF_UNIX name by its last "
	  "component" },
	E(connect, "network",
	  "the target's socket, connected with its credentials; an AF_UNIX name to the "
	  "object judged; EINPROGRESS as the kernel answers"),
	E(sendto, "network", "the supervisor's copy of the data (up to 1 MiB a call)"),
	E(sendmsg, "network",
	  "the data gathered; control data (fds, credentials) refused unless `continue`"),
	E(unlink, "remove", ""),
	EV(unlinkat, "remove", "AT_REMOVEDIR"),
	E(rmdir, "remove", ""),
	E(rename, "rename", "both paths matched"),
	E(renameat, "rename", ""),
	EV(renameat2, "rename", "RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT"),
	E(link, "link", ""),
	EV(linkat, "link", "AT_SYMLINK_FOLLOW (the old path's), AT_EMPTY_PATH"),
	EV(symlink, "symlink", "the target string is data, never resolved"),
	EV(symlinkat, "symlink", ""),
	E(chmod, "mode", ""),
	E(fchmodat, "mode", ""),
	EV(fchmodat2, "mode", "AT_SYMLINK_NOFOLLOW"),
	E(chown, "owner", "i386's 16-bit ids too"),
	E(lchown, "owner", ""),
	EV(fchownat, "owner", ""),
	EV(truncate, "size and times", "i386's truncate64 too"),
	EV(utimensat, "size and times", "a NULL path: the dirfd's own object"),
	EV(utimes, "size and times", ""),
	EV(futimesat, "size and times", ""),
	EV(utime, "size and times", ""),
	EVV(setxattr, setxattr, "xattr writes", ""),
	EVV(lsetxattr, setxattr, "xattr writes", ""),
	EVV(removexattr, removexattr, "xattr writes", ""),
	EVV(lremovexattr, removexattr, "xattr writes", ""),
	EV(open, "open", "opened by unotify, given to the target with SECCOMP_IOCTL_NOTIF_ADDFD"),
	EV(openat, "open", ""),
	EV(openat2, "open", "RESOLVE_* flags on the walk"),
	EV(creat, "open", ""),
	E(stat, "read-only", "the result written in the target's layout (i386: stat, stat64, oldstat)"),
	E(lstat, "read-only", ""),
	EV(newfstatat, "read-only", "i386's fstatat64 too"),
	EV(statx, "read-only", ""),
	EV(readlink, "read-only", ""),
	EV(readlinkat, "read-only", ""),
	EV(access, "read-only", "as the kernel: with the target's real uid and gid"),
	EVV(faccessat, access, "read-only", ""),
	EV(faccessat2, "read-only", "AT_EACCESS"),
	EV(statfs, "read-only", "i386's statfs64 too"),
	EVV(getxattr, getxattr, "read-only", ""),
	EVV(lgetxattr, getxattr, "read-only", ""),
	E(listxattr, "read-only", ""),
	E(llistxattr, "read-only", ""),
	C(chdir, "the caller's own cwd",
	  "continue is safe: it only moves where the process stands, and every later call "
	  "is judged on its own"),
	C(chroot, "the caller's own root",
	  "continue is safe: paths are judged in unotify's world whatever the root"),
	R(execve, "the caller's program",
	  "continue races: the program run may not be the one judged"),
	R(execveat, "the caller's program", "as execve"),
	R(mount, "the mount tree", "continue races; a root target reshapes unotify's world"),
	R(umount2, "the mount tree", "as mount"),
	R(pivot_root, "the mount tree", "as mount"),
	R(open_tree, "the mount tree", "as mount"),
	R(open_tree_attr, "the mount tree", "as mount"),
	R(move_mount, "the mount tree", "as mount"),
	R(fspick, "the mount tree", "as mount"),
	R(mount_setattr, "the mount tree", "as mount"),
	R(swapon, "the kernel", "continue races"),
	R(swapoff, "the kernel", "continue races"),
	R(acct, "the kernel", "continue races"),
	R(quotactl, "the kernel", "continue races"),
	R(uselib, "the caller's memory", "continue races"),
	R(inotify_add_watch, "a watch", "continue races"),
	R(fanotify_mark, "a watch", "continue races"),
	R(name_to_handle_at, "a handle", "continue races"),
	R(getxattrat, "read-only", "newer than unotify's emulation: continue races"),
	R(listxattrat, "read-only", "as getxattrat"),
	R(setxattrat, "xattr writes", "as getxattrat"),
	R(removexattrat, "xattr writes", "as getxattrat"),
	R(file_getattr, "read-only", "as getxattrat"),
	R(file_setattr, "mode", "as getxattrat"),
};

#undef E
#undef EV
#undef EVV
#undef C
#undef R

const struct emu_entry *emulate_entry(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

emulate_fn emulate_find(const char *name)
{
	const struct emu_entry *e = emulate_entry(name);

	return e ? e->fn : NULL;
}

const struct emu_entry *emulate_table(size_t *n)
{
	*n = ARRAY_SIZE(table);
	return table;
}

const char *emulate_list(void)
{
	static char list[2048];

	if (!list[0])
		for (size_t i = 0; i < ARRAY_SIZE(table); i++)
			if (table[i].class == EMU_EMULATED)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 list[0] ? ", " : "", table[i].name);
	return list;
}
