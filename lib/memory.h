/* memory: reading a target's memory, the one place that does it.
 * Reads go page by page (one read across an unmapped page fails even when
 * the string ends before it) with process_vm_readv, falling back to
 * /proc/PID/mem.  The bytes are the task's only while the notification is
 * still valid: the caller checks its ID (SECCOMP_IOCTL_NOTIF_ID_VALID)
 * after its reads and before it trusts them (one check may cover several
 * reads and /proc lookups), so a reused PID or an interrupted call is
 * never trusted.  The bytes are hostile: the caller gets its own copy,
 * and decides and acts only on it. */
#ifndef UNOTIFY_MEMORY_H
#define UNOTIFY_MEMORY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The call being served: whose memory, and the ID that vouches for it. */
struct target_ref {
	int listener;
	uint64_t id;
	pid_t pid;
};

/* Copies LEN bytes at ADDR.  Returns 0, -EFAULT (unreadable), or -ESRCH
 * when the task is gone (drop the call). */
int mem_read(const struct target_ref *t, uint64_t addr, void *buf, size_t len);

/* Copies the NUL-terminated string at ADDR into BUF (SIZE bytes, NUL
 * included) and sets *len.  Returns 0, -EFAULT, -ENAMETOOLONG when no NUL
 * comes within SIZE bytes, or -ESRCH as above. */
int mem_read_string(const struct target_ref *t, uint64_t addr, char *buf, size_t size, size_t *len);

/* Writes LEN bytes of BUF at ADDR, in one process_vm_writev (the result of
 * an emulated call, complete), checking the ID first.  Returns 0, -EFAULT
 * (not all of it writable: what was written is the kernel's business, as
 * for its own copy_to_user), or -ESRCH (the call is gone). */
int mem_write(const struct target_ref *t, uint64_t addr, const void *buf, size_t len);

#endif
