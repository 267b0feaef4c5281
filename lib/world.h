/* world: the reference world a listener's policy names paths in.
 *
 * A policy's paths mean what they mean to unotify when it starts serving
 * (unotify run: its root and mount namespace at launch).  A call's object
 * is judged by its name there, whatever root, mount namespace or detached
 * mount the target reaches it through.  The kernel's d_path (readlink of
 * /proc/self/fd/N) gives a string built up to the top of whatever tree
 * the object lives in, with no mark for another namespace or a detached
 * mount, so a name is trusted only once walking it from the reference
 * root leads to the very same object. */
#ifndef UNOTIFY_WORLD_H
#define UNOTIFY_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What makes an object itself: its inode and, for a place in a mount
 * tree, its mount (the unique id from Linux 6.8, else the old one). */
struct ident {
	uint64_t ino, mnt;
	uint32_t dev_major, dev_minor;
};

struct world {
	int root; /* O_PATH: "/" as unotify saw it at start */
	struct ident id;
	char self[16]; /* "/PID": unotify's own /proc entry, which /proc/self
			* and /proc/thread-self name for it, not the target */
	bool foreign;  /* the root is not this process's own (a container's) */
};

/* Where NAME (of our fd FD) lies in unotify's own /proc/PID, reached
 * through /proc/self or /proc/thread-self, the offset of "/PID" in it;
 * else -1. */
int world_ours(const struct world *w, int fd, const char *name);

/* Opens the reference world: the directory ROOT (dup'ed), or with ROOT -1
 * the calling thread's root.  0 or -errno. */
int world_open(struct world *w, int root);
void world_close(struct world *w);

/* The identity of PATH (relative to DIRFD, statx flags FLAGS: AT_EMPTY_PATH
 * for DIRFD itself).  0 or -errno. */
int world_ident(int dirfd, const char *path, int flags, struct ident *id);

/* Same inode (and, when MOUNT, same mount). */
bool world_same(const struct ident *a, const struct ident *b, bool mount);

/* Why an object cannot be judged; NULL when it can. */
extern const char *const world_unnamed[];
enum {
	WN_OK,
	WN_NO_NAME,
	WN_OTHER_OBJECT,
	WN_TOO_LONG,
	WN_DELETED,
	WN_MAGIC,
	WN_OUTSIDE,
	WN_NO_WALK,
};

/* 0 when NAME, walked from W's root following nothing, reaches the object
 * ID (same inode); else -EACCES with *why set to a WN_ reason. */
int world_check(const struct world *w, const char *name, const struct ident *id, int *why);

/* The name of our fd FD in W into BUF (SIZE bytes).  VERIFY: check that the
 * name leads to FD's object (skip only when FD was reached through W's
 * own mount tree).  Returns 0, or -EACCES with *why set to a WN_ reason
 * when FD has no trustworthy name, or another -errno. */
int world_name(const struct world *w, int fd, bool verify, char *buf, size_t size, int *why);

#endif
