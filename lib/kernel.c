/* kernel: seccomp(2), the listener's ioctls and the feature probes. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel.h"

#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

static struct kernel_features features;

int kernel_seccomp(unsigned op, unsigned flags, void *args)
{
	return (int)syscall(SYS_seccomp, op, flags, args);
}

/* A filter flag is known when seccomp(2) gets as far as reading the
 * (NULL) program: EFAULT, not EINVAL. */
static bool _filter_flags_known(unsigned flags)
{
	return kernel_seccomp(SECCOMP_SET_MODE_FILTER, flags, NULL) < 0 && errno == EFAULT;
}

const struct kernel_features *kernel_probe(void)
{
	struct seccomp_notif_sizes sizes = { 0 };
	uint32_t action = SECCOMP_RET_USER_NOTIF;

	if (features.probed)
		return &features;
	features.user_notif = kernel_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0 &&
			      kernel_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == 0;
	features.sizes_notif = sizes.seccomp_notif;
	features.sizes_resp = sizes.seccomp_notif_resp;
	features.wait_killable = _filter_flags_known(SECCOMP_FILTER_FLAG_NEW_LISTENER |
						     SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	features.pidfd_getfd = syscall(SYS_pidfd_getfd, -1, 0, 0) < 0 && errno != ENOSYS;
	/* sync_wakeup needs a live listener: kernel_set_sync_wakeup() tells. */
	features.probed = true;
	return &features;
}

/* True if the running kernel's release is at least MAJOR.MINOR. */
static bool _release_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return false;
	return ma > major || (ma == major && mi >= minor);
}

const struct kernel_features *kernel_probe_listener(int fd)
{
	kernel_probe();
	if (!features.listener_probed) {
		/* Setting no flag is a no-op where the ioctl exists (Linux 6.6,
		 * the same release that made RECV wait on the wait queue). */
		/* RECV waits on the wait queue from 6.6 (told by SET_FLAGS,
		 * which replaces the flags: never clear a sync wake-up that was
		 * asked for); the filter loses a task when it exits, not when
		 * it is reaped, from 6.11.  Both are needed. */
		features.recv_wakes_on_orphan =
			_release_at_least(6, 11) &&
			(features.sync_wakeup ||
			 ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 0UL) == 0);
		features.listener_probed = true;
	}
	return &features;
}

int kernel_load_filter(const struct sock_filter *prog, unsigned short len, unsigned flags)
{
	/* The kernel only reads the program; sock_fprog lacks the const. */
	struct sock_fprog fprog = { .len = len, .filter = (struct sock_filter *)(uintptr_t)prog };
	int fd = kernel_seccomp(SECCOMP_SET_MODE_FILTER, flags | SECCOMP_FILTER_FLAG_NEW_LISTENER,
				&fprog);

	return fd < 0 ? -errno : fd;
}

int kernel_load_plain_filter(const struct sock_filter *prog, unsigned short len)
{
	struct sock_fprog fprog = { .len = len, .filter = (struct sock_filter *)(uintptr_t)prog };

	return kernel_seccomp(SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0 ? -errno : 0;
}

static size_t _at_least(size_t kernel, size_t header)
{
	return kernel > header ? kernel : header;
}

struct seccomp_notif *kernel_req_alloc(void)
{
	return calloc(1, _at_least(kernel_probe()->sizes_notif, sizeof(struct seccomp_notif)));
}

struct seccomp_notif_resp *kernel_resp_alloc(void)
{
	return calloc(1, _at_least(kernel_probe()->sizes_resp, sizeof(struct seccomp_notif_resp)));
}

int kernel_recv(int fd, struct seccomp_notif *req)
{
	size_t size = _at_least(features.sizes_notif, sizeof(*req));

	memset(req, 0, size);
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, req) == 0 ? 0 : -errno;
}

int kernel_send(int fd, struct seccomp_notif_resp *resp)
{
	for (;;) {
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, resp) == 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

int kernel_addfd(int listener, uint64_t id, int fd, bool cloexec, bool send)
{
	struct seccomp_notif_addfd a = {
		.id = id,
		.flags = send ? SECCOMP_ADDFD_FLAG_SEND : 0,
		.srcfd = (uint32_t)fd,
		.newfd_flags = cloexec ? O_CLOEXEC : 0,
	};
	sigset_t all, old;
	int r, err;

	/* With SEND the kernel marks the call answered before it waits for
	 * the target to take the fd; a signal then (a worker woken by the
	 * server) takes the fd back and leaves the target's call returning 0.
	 * So no signal may interrupt it: the ioctl waits for the target only,
	 * which a fatal signal to it ends. */
	if (send) {
		sigfillset(&all);
		pthread_sigmask(SIG_BLOCK, &all, &old);
	}
	do
		r = ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
	while (r < 0 && errno == EINTR);
	err = errno;
	if (send)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r < 0 ? -err : r;
}

bool kernel_id_valid(int fd, uint64_t id)
{
	while (ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0)
		if (errno != EINTR)
			return false;
	return true;
}

int kernel_set_sync_wakeup(int fd)
{
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
		  (unsigned long)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) < 0)
		return -errno;
	features.sync_wakeup = true;
	return 0;
}
