/* call: the state of one notification while the supervisor serves it.
 * Everything here is the supervisor's own copy; the target's memory is
 * read once per argument. */
#ifndef UNOTIFY_CALL_H
#define UNOTIFY_CALL_H

#include <limits.h>
#include <linux/seccomp.h>
#include <stdbool.h>

#include "creds.h"
#include "memory.h"
#include "policy.h"

struct path_arg {
	bool fetched;
	int fetch_err;	    /* -EFAULT, -ENAMETOOLONG */
	char str[PATH_MAX]; /* as the target passed it */
	size_t len;

	bool resolved;
	int resolve_err;    /* what the kernel's walk would fail with, or 0 */
	char abs[PATH_MAX]; /* the absolute path the call acts on */
	size_t abslen;
	int dirfd;		 /* O_PATH fd of the directory holding the object */
	char base[NAME_MAX + 1]; /* the object's name in dirfd */
};

/* The target's filesystem context, read on first need. */
struct target_env {
	bool loaded;
	int err;
	int rootfd, cwdfd;
	bool same_root;		 /* the target's root is the supervisor's */
	char rootpath[PATH_MAX]; /* the target's root as the supervisor sees it */
	struct creds creds;
	bool entered;
	struct creds_saved saved;
};

struct call {
	struct target_ref t;
	const struct seccomp_notif *req;
	int arch;
	struct sysent *sys;
	const struct variant *var;
	uint64_t args[SYS_MAX_ARGS];	     /* registers, or the socketcall block's words */
	bool block_read;		     /* the decision read the block */
	struct path_arg *path[SYS_MAX_ARGS]; /* supervisor-owned buffers */
	struct target_env env;
};

/* Prepares C for REQ, which meets variant V; PATHS are SYS_MAX_ARGS
 * reusable buffers. */
void call_begin(struct call *c, int listener, const struct seccomp_notif *req,
		const struct variant *v, struct path_arg *paths);

/* Reads the argument block of a socketcall sub-call once.  0, -EFAULT, or
 * -ESRCH (drop the call).  A no-op for other calls. */
int call_read_block(struct call *c);

/* Argument ARG of the call as an unsigned value of its width on this arch
 * (a pointer, a 32-bit int zero-extended, a split 64-bit value joined). */
uint64_t call_arg(const struct call *c, int arg);

/* Releases fds and gives back the credentials the call took on. */
void call_end(struct call *c);

/* The string of path argument ARG, read once.  0, -EFAULT, -ENAMETOOLONG
 * or -ESRCH (drop the call). */
int call_fetch_path(struct call *c, int arg);

/* Resolves path argument ARG as the call would, under the target's
 * credentials, root and cwd.  Returns 0 (then p->resolve_err may still say
 * why the kernel's walk would fail, and p->abs holds the lexical path), or
 * a negative errno the call must fail with, or -ESRCH (drop the call). */
int call_resolve_path(struct call *c, int arg);

/* Takes on the target's credentials; call_leave_creds gives them back.
 * Scoped around one walk or one emulated call, never held across calls. */
int call_enter_creds(struct call *c);
void call_leave_creds(struct call *c);

#endif
