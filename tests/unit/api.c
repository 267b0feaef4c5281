#define _GNU_SOURCE
/* The public API alone, as an embedding program uses it: a child installs
 * the policy and passes the listener over a UNIX socket (SCM_RIGHTS), and
 * the parent serves it with unotify_serve(); then one server serves two
 * children's listeners, each under its own policy, and goes on serving one
 * when the other's tasks are gone. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
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

/* A child under POLICY: sends its listener, then, each time it reads a
 * byte from GO, calls getppid() and writes back its value (a byte);
 * exits at EOF. */
static pid_t _child(const struct unotify_policy *p, int sock, int go, int back)
{
	pid_t pid;

	fflush(NULL); /* no buffered TAP output into the child */
	pid = fork();

	if (pid == 0) {
		int fd;
		char c;

		/* Only its own ends: the other child's pipe must see EOF. */
		for (int i = 3; i < 64; i++)
			if (i != sock && i != go && i != back)
				close(i);
		fd = unotify_policy_install(p, 0);
		if (fd < 0 || _send_fd(sock, fd) < 0)
			_exit(100);
		close(fd);
		while (read(go, &c, 1) == 1) {
			c = (char)syscall(SYS_getppid);
			if (write(back, &c, 1) != 1)
				_exit(101);
		}
		_exit(0);
	}
	return pid;
}

struct ended {
	pthread_mutex_t lock;
	int n, id[4], why[4];
};

static void _on_end(void *ctx, int id, int why, int error)
{
	struct ended *e = ctx;

	(void)error;
	pthread_mutex_lock(&e->lock);
	if (e->n < 4) {
		e->id[e->n] = id;
		e->why[e->n] = why;
		e->n++;
	}
	pthread_mutex_unlock(&e->lock);
}

static void *_run(void *srv)
{
	unotify_server_run(srv, NULL);
	return NULL;
}

/* The value the child behind GO/BACK's getppid() got. */
static int _ask(int go, int back)
{
	char c = 'x';

	if (write(go, &c, 1) != 1 || read(back, &c, 1) != 1)
		return -1;
	return c;
}

static int _ended_count(struct ended *e)
{
	int n;

	pthread_mutex_lock(&e->lock);
	n = e->n;
	pthread_mutex_unlock(&e->lock);
	return n;
}

/* Two listeners, two policies, one server. */
static void _server(void)
{
	struct unotify_policy *pa = NULL, *pb = NULL;
	struct unotify_server_options so;
	struct unotify_server *srv = NULL;
	struct ended e = { PTHREAD_MUTEX_INITIALIZER, 0, { 0 }, { 0 } };
	struct unotify_error err;
	int sv[2], ga[2], ba[2], gb[2], bb[2], ida, idb, status, tries;
	pid_t a, b;
	pthread_t loop;

	unotify_policy_new(&pa);
	unotify_policy_new(&pb);
	ok(unotify_policy_add_text(pa, "a", "getppid -> return 11", &err) == 0 &&
		   unotify_policy_compile(pa, &err) == 0 &&
		   unotify_policy_add_text(pb, "b", "getppid -> return 22", &err) == 0 &&
		   unotify_policy_compile(pb, &err) == 0,
	   "two policies compile");
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	if (pipe2(ga, O_CLOEXEC) || pipe2(ba, O_CLOEXEC) || pipe2(gb, O_CLOEXEC) ||
	    pipe2(bb, O_CLOEXEC))
		return;
	a = _child(pa, sv[1], ga[0], ba[1]);
	ida = _recv_fd(sv[0]);
	b = _child(pb, sv[1], gb[0], bb[1]);
	idb = _recv_fd(sv[0]);
	close(ga[0]);
	close(ba[1]);
	close(gb[0]);
	close(bb[1]);

	unotify_server_options_init(&so);
	so.on_end = _on_end;
	so.ctx = &e;
	ok(unotify_server_new(&srv, &so, &err) == 0, "unotify_server_new");
	ida = unotify_server_add(srv, pa, ida, "a", NULL, &err);
	idb = unotify_server_add(srv, pb, idb, "b", NULL, &err);
	ok(ida > 0 && idb > 0 && ida != idb, "two listeners added, with their own ids");
	pthread_create(&loop, NULL, _run, srv);
	is_int(_ask(ga[1], ba[0]), 11, "the first child gets its own policy's answer");
	is_int(_ask(gb[1], bb[0]), 22, "the second child gets its own");

	close(ga[1]); /* the first child exits */
	waitpid(a, &status, 0);
	for (tries = 0; tries < 2000 && _ended_count(&e) == 0; tries++)
		usleep(1000);
	ok(e.n == 1 && e.id[0] == ida && e.why[0] == UNOTIFY_END_GONE,
	   "its listener is ended and freed once its tasks are gone");
	is_int(_ask(gb[1], bb[0]), 22, "and the other is still served");
	is_int(unotify_server_remove(srv, ida), -ENOENT, "the ended listener is no longer there");

	close(gb[1]);
	waitpid(b, &status, 0);
	for (tries = 0; tries < 2000 && _ended_count(&e) < 2; tries++)
		usleep(1000);
	ok(e.n == 2 && e.id[1] == idb && e.why[1] == UNOTIFY_END_GONE, "then the second");
	unotify_server_stop(srv);
	pthread_join(loop, NULL);
	unotify_server_free(srv);
	close(ba[0]);
	close(bb[0]);
	close(sv[0]);
	close(sv[1]);
	unotify_policy_free(pa);
	unotify_policy_free(pb);
}

/* A failed addition leaves the policy as it was, and usable. */
static void _failed_add(void)
{
	struct unotify_policy *p = NULL;
	struct unotify_error err;

	unotify_policy_new(&p);
	ok(unotify_policy_add_rule(p, "getppid -> return 5", &err) == 0, "one rule added");
	ok(unotify_policy_add_file(p, "/nonexistent/unotify.policy", &err) == -ENOENT,
	   "a missing file fails with -ENOENT");
	ok(unotify_policy_add_text(p, "t", "getuid -> return 1\ndefault kill\nmkdir -> frob", &err) ==
		   -EINVAL && strcmp(err.where, "t:3:10") == 0,
	   "a text that fails on its third line fails there (%s)", err.where);
	ok(unotify_policy_add_text(p, "t2", "default allow\ngetuid -> return 2", &err) == 0,
	   "nothing of the failed text stayed: its default is not there (%s)", err.message);
	ok(unotify_policy_compile(p, &err) == 0, "and the policy compiles (%s)", err.message);
	unotify_policy_free(p);
}

/* An agent's policy: imported rules, and the flag that goes with them. */
static void _agent_policy(void)
{
	struct unotify_policy *p = NULL;
	struct unotify_error err;

	unotify_policy_new(&p);
	ok(unotify_policy_set_flags(p, UNOTIFY_P_AGENT | UNOTIFY_P_LANDLOCK_REQUIRE) == -EINVAL,
	   "UNOTIFY_P_AGENT places nothing in Landlock: with LANDLOCK_REQUIRE, -EINVAL");
	ok(unotify_policy_set_flags(p, UNOTIFY_P_AGENT) == 0 &&
		   unotify_policy_add_foreign(p, "profile.json", "io_uring_setup -> allow\n", &err) ==
			   0 &&
		   unotify_policy_add_rule(p, "mkdir pathname=/tmp/** -> errno EROFS", &err) == 0 &&
		   unotify_policy_compile(p, &err) == 0,
	   "an agent's policy with imported rules compiles (%s)", err.message);
	unotify_policy_free(p);
}

int main(void)
{
	struct unotify_policy *p = NULL;
	struct unotify_error err;
	int sv[2], listener, status = 0, r;
	pid_t child;

	tap_plan(21);
	ok(unotify_policy_new(&p) == 0, "unotify_policy_new");
	r = unotify_policy_add_text(p, "api", "getppid -> return 77\nmkdir -> deny", &err);
	ok(r == 0 && unotify_policy_compile(p, &err) == 0, "a policy compiles");
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	fflush(NULL);
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
	_server();
	_failed_add();
	_agent_policy();
	return tap_done();
}
