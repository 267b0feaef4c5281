/* call: the state of one notification while the supervisor serves it.
 * Everything here is the supervisor's own copy; the target's memory is
 * read once per argument. */
#ifndef UNOTIFY_CALL_H
#define UNOTIFY_CALL_H

#include <limits.h>
#include <linux/seccomp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "creds.h"
#include "memory.h"
#include "policy.h"
#include "world.h"

struct path_arg {
	bool fetched;
	int fetch_err;	    /* -EFAULT, -ENAMETOOLONG */
	char str[PATH_MAX]; /* as the target passed it */
	size_t len;
	bool null; /* a NULL pointer the call reads as an empty path */

	bool resolved;
	int resolve_err;    /* what the kernel's walk would fail with, or 0 */
	int unnamed;	    /* WN_* (world.h): the object cannot be judged: refuse */
	char abs[PATH_MAX]; /* its name in the reference world ("" when
			     * resolve_err is set: the call fails with it) */
	size_t abslen;
	bool by_supervisor; /* walked with unotify's credentials: decides only */
	bool proc_self;	    /* named through /proc/self as the target's own
			     * entry: the object reached is unotify's, never
			     * to act on */
	int dirfd;		 /* O_PATH fd of the directory holding the object */
	char base[NAME_MAX + 1]; /* the object's name in dirfd ("." for dirfd itself) */
	int objfd; /* O_PATH fd of the object a final symlink led to, when the
		    * walk followed one and was made to act (c->acting); else -1 */
	bool followed; /* the walk followed the last component (the call acts
			* on the object, not the entry) */
};

/* The target's filesystem context, read on first need, never kept
 * across calls (another thread may change it at any time). */
struct target_env {
	int root_state;	 /* 0: not read; 1: read; < 0: -errno */
	bool same_root;	 /* the target's root is the reference root, same mount */
	bool world_root; /* the same, in a foreign world (a container's root):
			  * its /proc is not unotify's, so never same_root */
	int rootfd;	 /* the target's root when it is another, else -1 */
	int cwd_state;	 /* as root_state */
	int cwdfd;	 /* the target's cwd (O_PATH), when read */
	int creds_state; /* as root_state */
	struct creds creds;
	bool entered;
	struct creds_saved saved;
};

struct call {
	struct target_ref t;
	const struct world *world;
	const struct seccomp_notif *req;
	int arch;
	struct sysent *sys;
	const struct variant *var;
	uint64_t args[SYS_MAX_ARGS];	     /* registers, or the socketcall block's words */
	bool block_read;		     /* the decision read the block */
	struct path_arg *path[SYS_MAX_ARGS]; /* supervisor-owned buffers */
	struct target_env env;
	const char *refused; /* why the call was refused without a rule, for records */
	bool acting;	     /* paths are walked to be acted on: no shortcut */
	bool unchecked;	     /* target memory was read since the last ID check */

	/* An emulation's own copies of what arguments point at (times, an
	 * xattr name and value), read once by the checks before the walk;
	 * buf is the heap's (call_end frees it). */
	_Alignas(8) unsigned char scratch[64];
	bool scratch_read;
	char xname[256];
	void *buf;
	size_t buflen;
	atomic_uint *blocked; /* the listener's count of workers in a call
			       * that may block (l->blocked), or NULL */
	bool scope_abstract;  /* the run keeps the target from abstract sockets
			       * outside (--scope-abstract-unix): so does unotify */
	int sock_domain;      /* the socket argument's domain once read (net.c), 0 */
	struct timespec run_start; /* when the listener began (CLOCK_REALTIME): made=before */
	bool may_create; /* an open with O_CREAT: a followed name may be missing */
	bool answered;	/* an emulation answered the call itself (ADDFD|SEND) */
	bool continued; /* an emulation let the call continue instead (O_PATH) */
	int validated; /* the kernel's checks before the walk: 0 not made yet,
			* 1 passed, else the -errno the call fails with */

	/* bind: the supervisor's copy of the address (call_read_addr), and
	 * an AF_UNIX path once resolved for judging: the object judged */
	bool addr_read;
	int addrlen; /* -1: the call carries no address (sendto without one) */
	unsigned char addr[128];
	struct path_arg *sock_path;
	/* sendmsg's header, read once (net.c) */
	bool msg_read;
	struct net_msg {
		uint64_t name, namelen, iov, iovlen, control, controllen;
		bool compat;
	} msg;
};

/* Prepares C for REQ, which meets variant V, with paths named in WORLD;
 * PATHS are SYS_MAX_ARGS reusable buffers. */
void call_begin(struct call *c, const struct world *world, int listener,
		const struct seccomp_notif *req, const struct variant *v, struct path_arg *paths);

/* Reads the argument block of a socketcall sub-call once.  0, -EFAULT, or
 * -ESRCH (drop the call).  A no-op for other calls. */
int call_read_block(struct call *c);

/* bind's address (arguments 1 and 2), read once as the kernel reads it:
 * 0, -EINVAL (a length past 128 or below 0), -EFAULT or -ESRCH. */
int call_read_addr(struct call *c);

/* The file name an AF_UNIX address holds, into OUT (108 bytes and a NUL:
 * sizeof(sun_path) + 1), or false: another family, an abstract or an
 * unnamed address, or one longer than struct sockaddr_un. */
bool call_unix_path(const struct call *c, char *out);

/* Puts NAME (unotify's own copy, cut at PATH_MAX) in c->path[ARG] as if
 * read from the target there, for call_resolve_own or a judgement. */
void call_set_path(struct call *c, int arg, const char *name);

/* Resolves the path already in c->path[ARG] (not read from the target) as
 * a call relative to the cwd would: one that makes the name and does not
 * follow its last component (mknodat(AT_FDCWD, ...)), or with FOLLOW one
 * that follows it (connect), into c->path[ARG].  As call_resolve_path. */
int call_resolve_own(struct call *c, int arg, bool follow);

/* True if a path of C was walked by unotify for a decision only
 * (p->by_supervisor).  call_rewalk then forgets every walk, so that the
 * next decision walks with the target's credentials (c->acting): what a
 * verdict acts on must be what the target's own walk reaches. */
bool call_walked_for_decision(const struct call *c);
void call_rewalk(struct call *c);

/* Whether the target's credentials, once read, are unotify's own (the
 * serving thread's): a walk as unotify is then the target's own walk. */
bool call_creds_ours(struct call *c);

/* The kernel's checks of the call's arguments before its walk (the
 * sysent's validate), made once: 0, the -errno the call fails with, or
 * -ESRCH. */
int call_validate(struct call *c);

/* Whether what was read of the target is still the calling task's: the
 * notification's ID, checked when memory was read since the last check.
 * A decision is trusted, and an effect made, only after this. */
bool call_checked(struct call *c);

/* Argument ARG of the call as an unsigned value of its width on this arch
 * (a pointer, a 32-bit int zero-extended, a split 64-bit value joined). */
uint64_t call_arg(const struct call *c, int arg);

/* Releases fds and gives back the credentials the call took on. */
void call_end(struct call *c);

/* The string of path argument ARG, read once.  0, -EFAULT, -ENAMETOOLONG
 * or -ESRCH (drop the call). */
int call_fetch_path(struct call *c, int arg);

/* Resolves path argument ARG as the call would: from the target's root and
 * cwd or dirfd, under its credentials, with the call's own rules for a
 * final symlink and an empty or NULL path; then names the object in the
 * reference world.  Returns 0 (then p->resolve_err may say why the
 * kernel's walk would fail, p->abs then being the lexical path; and
 * p->unnamed why the object cannot be judged), or a negative errno the
 * call must fail with, or -ESRCH (drop the call). */
int call_resolve_path(struct call *c, int arg);

/* The target's root: sets c->env.same_root (the reference root, same
 * mount: one statx) or c->env.rootfd.  0, -ESRCH or -EPERM. */
int call_root(struct call *c);

/* The target's cwd, as c->env.cwdfd (O_PATH).  0, -ESRCH or -EPERM. */
int call_cwd(struct call *c);

/* The target's directory fd DIRFD, opened through /proc (O_PATH; the
 * caller closes it).  fd, -EBADF or -ESRCH. */
int call_dirfd(struct call *c, int dirfd);

/* A copy (O_CLOEXEC) of the target's fd FD, taken with pidfd_getfd(2):
 * the very open file the target holds.  fd, -EBADF, -EPERM or -ESRCH. */
int call_take_fd(struct call *c, int fd);

/* The thread group of the calling task (for records), or 0. */
pid_t call_tgid(struct call *c);

/* The calling task's umask (022 when it cannot be read). */
mode_t call_umask(struct call *c);

/* Takes on the target's credentials; call_leave_creds gives them back.
 * Scoped around one walk or one emulated call, never held across calls. */
int call_enter_creds(struct call *c);

/* The target's credentials (read once per call), for a call that must
 * change what it acts with (access(2): the real ids).  NULL when they
 * cannot be read (-ESRCH in *err, or -EPERM). */
struct creds *call_creds(struct call *c, int *err);
void call_leave_creds(struct call *c);

#endif
