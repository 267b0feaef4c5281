/* landlock: the Landlock LSM (Linux 5.13), probed at run time.  Today it
 * gives the lock layer: a domain that handles no filesystem or network
 * right, so it changes no file semantics and keeps mounts working, scoped
 * with LANDLOCK_SCOPE_SIGNAL (ABI 6, Linux 6.12).  A process in it cannot
 * signal, ptrace, pidfd_getfd or process_vm_* a process outside it (unotify
 * itself), whatever its uid and capabilities. */
#ifndef UNOTIFY_LANDLOCK_H
#define UNOTIFY_LANDLOCK_H

/* The ABI version the running kernel offers: 0 when Landlock is absent or
 * disabled. */
int landlock_abi(void);

/* Whether the lock layer can be applied here (ABI >= 6). */
int landlock_lock_available(void);

/* Creates the lock layer's ruleset.  Returns its fd (O_CLOEXEC) or -errno
 * (-EOPNOTSUPP below ABI 6). */
int landlock_lock_ruleset(void);

/* Puts the calling thread (and, through fork and exec, its descendants)
 * in RULESET's domain.  Needs no_new_privs or CAP_SYS_ADMIN.  Makes no
 * system call but landlock_restrict_self(2).  0 or -errno. */
int landlock_restrict(int ruleset);

#endif
