/* landlock: the Landlock LSM (Linux 5.13), probed at run time.  It gives
 * the lock layer: a domain scoped with LANDLOCK_SCOPE_SIGNAL (ABI 6, Linux
 * 6.12), which a process in it cannot leave to signal, ptrace, pidfd_getfd
 * or process_vm_* a process outside it (unotify itself), whatever its uid
 * and capabilities; with no filesystem right handled it changes no file
 * semantics and keeps mounts working.  And it gives the rules placed in
 * Landlock and the bound (llplace.h), in the same layer. */
#ifndef UNOTIFY_LANDLOCK_H
#define UNOTIFY_LANDLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Landlock's filesystem rights (linux/landlock.h). */
enum {
	LL_EXECUTE = 1u << 0,
	LL_WRITE_FILE = 1u << 1,
	LL_READ_FILE = 1u << 2,
	LL_READ_DIR = 1u << 3,
	LL_REMOVE_DIR = 1u << 4,
	LL_REMOVE_FILE = 1u << 5,
	LL_MAKE_CHAR = 1u << 6,
	LL_MAKE_DIR = 1u << 7,
	LL_MAKE_REG = 1u << 8,
	LL_MAKE_SOCK = 1u << 9,
	LL_MAKE_FIFO = 1u << 10,
	LL_MAKE_BLOCK = 1u << 11,
	LL_MAKE_SYM = 1u << 12,
	LL_REFER = 1u << 13,
	LL_TRUNCATE = 1u << 14,
};

#define LL_NRIGHTS 15

/* Where each right went, and why not (for `check`). */
struct ll_layout {
	int abi;	      /* the running kernel's Landlock ABI, 0: none */
	bool off;	      /* --landlock=off */
	uint64_t placed;      /* rights decided by Landlock */
	uint64_t bound;	      /* rights the supervisor decides, bounded by Landlock */
	uint64_t granted;     /* of both, those granted beneath dirs (the rest
			       * are allowed nowhere: handled, granted nowhere) */
	char **dirs;	      /* the trees every placed and bound right is granted in */
	size_t ndirs;
	const char *why[LL_NRIGHTS]; /* a right with rules that is neither: why */
	char *why_owned[LL_NRIGHTS];
	/* connect's TCP port rules decided by Landlock (NET_CONNECT_TCP, ABI
	 * 4): the ports granted; else why not (NULL: no such rules) */
	bool net_connect;
	uint16_t *ports;
	size_t nports;
	char *net_why;
};

/* Frees what L holds and empties it. */
void ll_layout_clear(struct ll_layout *l);

/* The ABI version the running kernel offers: 0 when Landlock is absent or
 * disabled. */
int landlock_abi(void);

/* Whether the lock layer can be applied here (ABI >= 6). */
int landlock_lock_available(void);


/* A ruleset for the command: the filesystem rights HANDLED (none: a
 * scope-only layer), each of GRANTED beneath each of the NDIRS directories
 * DIRS, and REFER beneath "/" (renames and links across directories keep
 * working wherever they gain no right); scoped for signals when SIGNALS,
 * for abstract UNIX sockets when ABSTRACT.  Returns its fd (O_CLOEXEC) or
 * -errno: a directory that cannot be opened or a right the kernel lacks
 * is an error, never left out. */
int landlock_ruleset(uint64_t handled, uint64_t granted, char *const *dirs, size_t ndirs,
		     bool signals, bool abstract, const uint16_t *ports, size_t nports,
		     bool net_connect);

/* Puts the calling thread (and, through fork and exec, its descendants)
 * in RULESET's domain.  Needs no_new_privs or CAP_SYS_ADMIN.  Makes no
 * system call but landlock_restrict_self(2).  0 or -errno. */
int landlock_restrict(int ruleset);

#endif
