/* world: names in the reference world (see world.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "world.h"

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x00001000U
#endif
#ifndef STATX_MNT_ID_UNIQUE
#define STATX_MNT_ID_UNIQUE 0x00004000U /* Linux 6.8 */
#endif

#define DELETED " (deleted)"

const char *const world_unnamed[] = {
	[WN_OK] = NULL,
	[WN_NO_NAME] = "the object has no name in unotify's world",
	[WN_OTHER_OBJECT] = "the object's name leads to another object in unotify's world",
	[WN_TOO_LONG] = "the object's name is longer than PATH_MAX",
	[WN_DELETED] = "the object was deleted from a place unotify's world does not have",
	[WN_MAGIC] = "the path goes through a magic link (/proc/self/...), which would "
		     "resolve in unotify's context",
	[WN_OUTSIDE] = "the target's directory lies outside its own root",
	[WN_NO_WALK] = "the path cannot be walked with the target's credentials",
};

int world_ident(int dirfd, const char *path, int flags, struct ident *id)
{
	struct statx x;

	if (statx(dirfd, path, flags, STATX_INO | STATX_MNT_ID_UNIQUE, &x) < 0)
		return -errno;
	id->ino = x.stx_ino;
	id->dev_major = x.stx_dev_major;
	id->dev_minor = x.stx_dev_minor;
	/* Before 6.8 the kernel gives the old id instead: one kind per kernel. */
	id->mnt = x.stx_mask & (STATX_MNT_ID_UNIQUE | STATX_MNT_ID) ? x.stx_mnt_id : 0;
	return 0;
}

bool world_same(const struct ident *a, const struct ident *b, bool mount)
{
	return a->ino == b->ino && a->dev_major == b->dev_major && a->dev_minor == b->dev_minor &&
	       (!mount || a->mnt == b->mnt);
}

int world_ours(const struct world *w, int fd, const char *name)
{
	const char *at = strstr(name, w->self);
	size_t n = strlen(w->self);
	struct statfs fs;

	while (at && at[n] != '/' && at[n] != '\0')
		at = strstr(at + 1, w->self);
	if (!at || fstatfs(fd, &fs) < 0 || fs.f_type != PROC_SUPER_MAGIC)
		return -1;
	return (int)(at - name);
}

int world_open(struct world *w, int root)
{
	int ret;

	snprintf(w->self, sizeof(w->self), "/%d", (int)getpid());
	w->root = root >= 0 ? fcntl(root, F_DUPFD_CLOEXEC, 3) : open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->root < 0)
		return -errno;
	ret = world_ident(w->root, "", AT_EMPTY_PATH, &w->id);
	if (ret == 0 && root >= 0) {
		struct ident own;

		ret = world_ident(AT_FDCWD, "/", 0, &own);
		w->foreign = ret == 0 && !world_same(&own, &w->id, true);
	}
	if (ret < 0)
		world_close(w);
	return ret;
}

void world_close(struct world *w)
{
	_cleanup_close_fn(&w->root);
	w->root = -1;
}

/* Walks NAME (absolute, from d_path: no symlink, no "..") from W's root
 * without following anything, and tells its identity. */
static int _walk_ident(const struct world *w, const char *name, struct ident *id)
{
	struct open_how how = {
		.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	_cleanup_close_ int fd = (int)syscall(SYS_openat2, w->root, name, &how, sizeof(how));

	if (fd < 0)
		return -errno;
	return world_ident(fd, "", AT_EMPTY_PATH, id);
}

/* A deleted object is named by its former name, marked " (deleted)",
 * when its former directory is still there, on the very same mount, in
 * W: the object lived in W's tree.  NAME ends with DELETED. */
static int _deleted(const struct world *w, const struct ident *obj, char *name, int *why)
{
	size_t n = strlen(name) - strlen(DELETED);
	char *slash;
	struct ident dir;

	name[n] = '\0';
	slash = strrchr(name, '/');
	if (slash)
		*slash = '\0';
	if (!slash || _walk_ident(w, slash == name ? "/" : name, &dir) < 0 || dir.mnt != obj->mnt) {
		*why = WN_DELETED;
		return -EACCES;
	}
	*slash = '/';
	name[n] = ' ';
	*why = WN_OK;
	return 0;
}

int world_check(const struct world *w, const char *name, const struct ident *id, int *why)
{
	struct ident there;
	int ret = _walk_ident(w, name, &there);

	if (ret == 0 && world_same(id, &there, false))
		return 0;
	*why = ret < 0 ? WN_NO_NAME : WN_OTHER_OBJECT;
	return -EACCES;
}

int world_name(const struct world *w, int fd, bool verify, char *buf, size_t size, int *why)
{
	char proc[64];
	struct ident obj;
	size_t dl = strlen(DELETED);
	ssize_t n;
	int ret;

	*why = WN_OK;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, size);
	if (n < 0 && errno != ENAMETOOLONG)
		return -errno;
	if (n < 0 || (size_t)n >= size) {
		*why = WN_TOO_LONG;
		return -EACCES;
	}
	buf[n] = '\0';
	/* A pipe, socket or anonymous inode (pipe:[N], socket:[N],
	 * anon_inode:[eventfd]) lies in no directory: that text is its name,
	 * and no absolute pattern matches it.  Nothing on a filesystem gets
	 * a name without its leading '/'. */
	if (buf[0] != '/')
		return 0;
	ret = world_ident(fd, "", AT_EMPTY_PATH, &obj);
	if (ret < 0)
		return ret;
	/* " (deleted)": the object's last name was removed (st_nlink 0), or
	 * this name was while another stays (an O_TMPFILE linked elsewhere,
	 * one of two hard links); either way its name is the one it had.  A
	 * real name that ends so is named as it is. */
	if ((size_t)n > dl && strcmp(buf + n - dl, DELETED) == 0) {
		struct stat st;

		if (fstat(fd, &st) == 0 && st.st_nlink == 0)
			return _deleted(w, &obj, buf, why);
		if (verify && world_check(w, buf, &obj, why) < 0)
			return _deleted(w, &obj, buf, why);
		return 0;
	}
	return verify ? world_check(w, buf, &obj, why) : 0;
}
