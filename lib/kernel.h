/* kernel: seccomp(2) and the listener's ioctls, the feature probes, and
 * the notification buffers sized by SECCOMP_GET_NOTIF_SIZES. */
#ifndef UNOTIFY_KERNEL_H
#define UNOTIFY_KERNEL_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

/* Missing from Debian 12's headers (Linux 6.6). */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

struct kernel_features {
	bool probed;
	bool user_notif;    /* 5.0 */
	bool wait_killable; /* 5.19 */
	bool sync_wakeup;   /* 6.6: probed on a live listener */
	/* 6.11: RECV ends with ENOENT by itself once the filter's last task
	 * has exited (wait queue from 6.6, tasks released at exit from 6.11). */
	bool recv_wakes_on_orphan;
	bool listener_probed;
	bool pidfd_getfd;		  /* 5.6 */
	uint16_t sizes_notif, sizes_resp; /* SECCOMP_GET_NOTIF_SIZES */
};

/* Probes once (process-wide) and returns the result. */
const struct kernel_features *kernel_probe(void);

/* Probes what needs a live listener FD (once).  Returns the features. */
const struct kernel_features *kernel_probe_listener(int fd);

/* seccomp(2). */
int kernel_seccomp(unsigned op, unsigned flags, void *args);

/* Loads PROG (LEN instructions) on the calling thread with a new listener.
 * Returns the listener fd or -errno.  Makes no system call but seccomp(2). */
int kernel_load_filter(const struct sock_filter *prog, unsigned short len, unsigned flags);

/* Loads PROG with no listener (a policy the kernel decides alone).  0 or
 * -errno.  Makes no system call but seccomp(2). */
int kernel_load_plain_filter(const struct sock_filter *prog, unsigned short len);

/* Notification buffers, zeroed, each at least as big as the kernel and
 * the header say.  NULL on ENOMEM; the caller frees them. */
struct seccomp_notif *kernel_req_alloc(void);
struct seccomp_notif_resp *kernel_resp_alloc(void);

/* RECV into REQ, zeroed first.  0 or -errno (-EINTR: a signal came;
 * -ENOENT: the notification vanished, or on 6.11+ no task uses the filter). */
int kernel_recv(int fd, struct seccomp_notif *req);

/* SEND.  0, -ENOENT (the call was interrupted or the task died: not an
 * error for the caller), or another -errno. */
int kernel_send(int fd, struct seccomp_notif_resp *resp);

/* Installs our fd FD in the target of notification ID (the lowest free
 * number there; O_CLOEXEC when CLOEXEC) and, with SEND (Linux 5.14),
 * answers the call with that number at once.  Returns the target's fd
 * number, or -errno: -EINVAL for SEND on a kernel without it, -ENOENT
 * when the call is gone, the target's own -EMFILE. */
int kernel_addfd(int listener, uint64_t id, int fd, bool cloexec, bool send);

/* True if notification ID is still pending (the task waits in the call). */
bool kernel_id_valid(int fd, uint64_t id);

/* Asks for synchronous wake-ups.  0 or -errno. */
int kernel_set_sync_wakeup(int fd);

#endif
