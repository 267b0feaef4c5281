/* memory: reading a target's memory (see memory.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cleanup.h"
#include "proc.h"
#include "kernel.h"
#include "memory.h"

static size_t _page_size(void)
{
	static size_t size;

	if (!size)
		size = (size_t)sysconf(_SC_PAGESIZE);
	return size;
}

int mem_write(const struct target_ref *t, uint64_t addr, const void *buf, size_t len)
{
	struct iovec local = { (void *)(uintptr_t)buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t n;

	if (len == 0)
		return 0;
	if (!kernel_id_valid(t->listener, t->id))
		return -ESRCH;
	n = process_vm_writev(t->pid, &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return 0;
	return n < 0 && errno == ESRCH ? -ESRCH : -EFAULT;
}

/* Reads one chunk that does not cross a page, through /proc/PID/mem. */
static int _read_proc_mem(const struct target_ref *t, uint64_t addr, void *buf, size_t len)
{
	_cleanup_close_ int fd = -1;
	char path[PROC_PATH_MAX];
	ssize_t n;

	proc_path(path, t->pid, "mem");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -EFAULT;
	/* The file must belong to the task that made the call. */
	if (!kernel_id_valid(t->listener, t->id))
		return -ESRCH;
	do
		n = pread(fd, buf, len, (off_t)addr);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -EFAULT;
}

/* Reads one chunk that does not cross a page.  0, -EFAULT or -ESRCH. */
static int _read_chunk(const struct target_ref *t, uint64_t addr, void *buf, size_t len)
{
	static bool no_vm_readv;
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t n;

	if (!no_vm_readv) {
		n = process_vm_readv(t->pid, &local, 1, &remote, 1, 0);
		if (n == (ssize_t)len)
			return 0;
		if (n >= 0 || errno == EFAULT)
			return -EFAULT;
		if (errno == ESRCH)
			return -ESRCH;
		if (errno == ENOSYS)
			no_vm_readv = true;
		/* EPERM (a stricter LSM) and the like: try /proc/PID/mem. */
	}
	return _read_proc_mem(t, addr, buf, len);
}

static size_t _to_page_end(uint64_t addr, size_t want)
{
	size_t room = _page_size() - (size_t)(addr & (_page_size() - 1));

	return want < room ? want : room;
}

int mem_read(const struct target_ref *t, uint64_t addr, void *buf, size_t len)
{
	size_t done = 0;
	int ret = 0;

	while (done < len && ret == 0) {
		size_t n = _to_page_end(addr + done, len - done);

		ret = _read_chunk(t, addr + done, (char *)buf + done, n);
		done += n;
	}
	return ret;
}

int mem_read_string(const struct target_ref *t, uint64_t addr, char *buf, size_t size, size_t *len)
{
	size_t done = 0;
	int ret = -ENAMETOOLONG;

	while (done < size) {
		size_t n = _to_page_end(addr + done, size - done);
		char *nul;

		ret = _read_chunk(t, addr + done, buf + done, n);
		if (ret < 0)
			break;
		nul = memchr(buf + done, '\0', n);
		if (nul) {
			*len = (size_t)(nul - buf);
			break;
		}
		done += n;
		ret = -ENAMETOOLONG;
	}
	return ret;
}
