/* The public API alone, as an embedding program uses it: a child installs
 * the policy and passes the listener over a UNIX socket (SCM_RIGHTS), and
 * the parent serves it with unotify_serve(). */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "unotify.h"

static int _send_fd(int sock, int fd)
{
	char c = 'x', buf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { &c, 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf)
	};
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);

	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &fd, sizeof(int));
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int _recv_fd(int sock)
{
	char c, buf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf)
	};
	struct cmsghdr *h;
	int fd;

	if (recvmsg(sock, &m, 0) != 1 || !(h = CMSG_FIRSTHDR(&m)))
		return -1;
	memcpy(&fd, CMSG_DATA(h), sizeof(int));
	return fd;
}

int main(void)
{
	struct unotify_policy *p = NULL;
	struct unotify_error err;
	int sv[2], listener, status = 0, r;
	pid_t child;

	tap_plan(5);
	ok(unotify_policy_new(&p) == 0, "unotify_policy_new");
	r = unotify_policy_add_text(p, "api", "getppid -> return 77\nmkdir -> deny", &err);
	ok(r == 0 && unotify_policy_compile(p, &err) == 0, "a policy compiles");
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	child = fork();
	if (child == 0) {
		int fd = unotify_policy_install(p, 0);

		if (fd < 0 || _send_fd(sv[1], fd) < 0)
			_exit(100);
		close(fd);
		_exit((int)syscall(SYS_getppid) == 77 && mkdir("/", 0) < 0 && errno == EPERM ? 0
											     : 101);
	}
	listener = _recv_fd(sv[0]);
	ok(listener >= 0, "the parent receives the listener");
	r = unotify_serve(p, listener, NULL, &err);
	ok(r == 0, "unotify_serve returns 0 when the child is gone (%s)", r ? err.message : "ok");
	waitpid(child, &status, 0);
	is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
	       "the child saw getppid() = 77 from the supervisor and EPERM from the kernel");
	unotify_policy_free(p);
	return tap_done();
}
