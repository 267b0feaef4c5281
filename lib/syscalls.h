/* syscalls: argument signatures of system calls, and name <-> number through
 * libseccomp.  The signatures are data (syscall_table.c); numbers are never
 * kept here, they come from libseccomp for each architecture. */
#ifndef UNOTIFY_SYSCALLS_H
#define UNOTIFY_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What an argument is.  The kind decides the C type used for comparisons
 * (width and signedness), which constants may be named in a condition, and
 * how the argument is shown in logs. */
enum arg_kind {
	ARG_NONE = 0,
	ARG_INT,	   /* int: low 32 bits, signed */
	ARG_UINT,	   /* unsigned int: low 32 bits, unsigned */
	ARG_LONG,	   /* long, off_t, ssize_t: 64 bits, signed */
	ARG_ULONG,	   /* unsigned long, size_t: 64 bits, unsigned */
	ARG_PTR,	   /* a pointer the supervisor does not follow */
	ARG_PATH,	   /* const char *, a path; the last component is followed */
	ARG_PATH_NOFOLLOW, /* const char *, a path whose last component is not followed */
	ARG_DIRFD,	   /* int, a directory fd or AT_FDCWD */
	ARG_FD,		   /* int, a file descriptor */
	ARG_MODE,	   /* umode_t: unsigned 16 bits, S_I* constants */
	ARG_OPEN_FLAGS,	   /* int, O_* constants */
	ARG_AT_FLAGS,	   /* int, AT_* constants */
	ARG_PID,	   /* pid_t: int */
	ARG_UID,	   /* uid_t/gid_t: unsigned 32 bits */
	ARG_SIGNAL,	   /* int, SIG* constants */
	ARG_PRIO_WHICH,	   /* int, PRIO_* constants */
	ARG_SOCK_DOMAIN,   /* int, AF_* constants */
	ARG_SOCK_TYPE,	   /* int, SOCK_* constants */
	ARG_CLONE_FLAGS,   /* unsigned long, CLONE_* constants */
	ARG_PRCTL_OP,	   /* int, PR_* constants */
	ARG_MMAP_PROT,	   /* int, PROT_* constants */
	ARG_MMAP_FLAGS,	   /* int, MAP_* constants */
	ARG_KIND_MAX
};

#define SYS_MAX_ARGS 6

struct sys_arg {
	const char *name; /* as in the syscall's man page */
	enum arg_kind kind;
};

/* One system call's signature.  A NULL args[i].name ends the list. */
struct sys_sig {
	const char *name;
	struct sys_arg args[SYS_MAX_ARGS];
};

/* The type an argument is compared in: the kernel's own (SYSCALL_DEFINE),
 * which decides how many bits it looks at.  umode_t is 16 bits. */
enum arg_type { TYPE_S32, TYPE_U32, TYPE_S64, TYPE_U64, TYPE_U16 };

/* The bits an argument of type T has: 16, 32 or 64. */
static inline unsigned arg_type_bits(enum arg_type t)
{
	return t == TYPE_U16 ? 16 : t == TYPE_S64 || t == TYPE_U64 ? 64 : 32;
}

/* All ones over T's bits. */
static inline uint64_t arg_type_mask(enum arg_type t)
{
	return arg_type_bits(t) == 64 ? UINT64_MAX : (UINT64_C(1) << arg_type_bits(t)) - 1;
}

/* Signature of NAME, or NULL when the table has none (the call may still
 * exist: then only argN conditions can be written for it). */
const struct sys_sig *sys_sig_find(const char *name);

/* Index of argument NAME in SIG, or -1. */
int sys_sig_arg(const struct sys_sig *sig, const char *name);

enum arg_type arg_kind_type(enum arg_kind kind);
bool arg_kind_is_path(enum arg_kind kind);

/* Every signature, for tests and tools. */
extern const struct sys_sig sys_sig_table[];
extern const size_t sys_sig_count;

/* How a call reads one of its path arguments: where a relative path
 * starts, whether the last component is followed, and what an empty or
 * NULL path means (fs/namei.c: getname_flags, getname_maybe_null,
 * LOOKUP_EMPTY; each call's own flags).  Kept as data, one row per path
 * argument that differs from the default; the default is: a relative path
 * starts at the DIRFD argument just before it (else the cwd), the last
 * component is followed for ARG_PATH and not for ARG_PATH_NOFOLLOW, no
 * flags change that, "" is ENOENT and NULL is EFAULT. */
enum path_null {
	NULL_FAULT,    /* NULL is EFAULT */
	NULL_AS_EMPTY, /* with the empty flag, NULL is "" (getname_maybe_null, 6.11+) */
	NULL_IS_FD,    /* NULL names the dirfd itself when the flags are 0 and the
			* dirfd is not AT_FDCWD (else EINVAL / EFAULT): utimensat */
};

struct path_spec {
	const char *call;
	int8_t arg, dirfd, flags; /* argument indexes; -1: none (the cwd; no flags) */
	int8_t how;		  /* openat2: the struct open_how, else -1 */
	uint32_t follow;	  /* flag bits that make the last component followed */
	uint32_t nofollow;	  /* flag bits that make it not followed */
	uint32_t empty;		  /* flag bit: "" names the dirfd's (or the cwd's) object */
	uint8_t null;		  /* enum path_null */
	bool empty_always;	  /* "" names the dirfd's object whatever the flags */
	bool open;		  /* open(2) flags: O_NOFOLLOW, and O_CREAT|O_EXCL */
	bool follows;		  /* by default (filled in from the argument's kind) */
	bool entry;		  /* the call makes or removes the name itself (mkdir,
				   * unlink, rename, ...): a trailing '/' does not
				   * follow a final symlink, as it does for others */
};

/* How SIG's call (named NAME) reads path argument ARG, into OUT. */
void sys_path_spec(const char *name, const struct sys_sig *sig, int arg, struct path_spec *out);

/* Named constants.  Each kind has its own table; a name is looked up in the
 * table of the argument's kind. */
struct sys_const {
	const char *name;
	int64_t value;
};

/* Looks NAME up among the constants of KIND.  Returns true and sets *value
 * when found. */
bool sys_const_find(enum arg_kind kind, const char *name, int64_t *value);

/* The constants of KIND into *OUT (for printing values by name): their
 * number. */
size_t sys_const_list(enum arg_kind kind, const struct sys_const **out);

#endif
