/* unotify agent: the seccomp agent runc and crun hand a container's
 * listener to (linux.seccomp.listenerPath, from `unotify export`).
 *
 * runc connects to the socket, sends the container process state as JSON
 * (ociVersion, fds, pid, metadata, state: id, bundle, annotations...) with
 * the listener in SCM_RIGHTS, and before 1.4 never closes its end: the
 * state is read until it parses, with a limit on its size and on the time
 * it takes.  Every container is served on one server (the many-listener
 * supervisor), each with the policy its listenerMetadata names
 * (policy=NAME: DIR/NAME.policy; else DIR/default.policy), compiled for
 * an agent (UNOTIFY_P_AGENT: the supervisor decides every rule of a call
 * export sent it), its paths named in the container's root (the root of
 * the state's pid, taken through a pidfd) and acted on as the container's
 * processes.  Audit records carry the container id.
 *
 * Who may connect: root and the agent's own uid (SO_PEERCRED); the socket
 * is made 0600.  A state that is malformed, too big or too slow, a wrong
 * fd, a policy name with a '/': the connection is refused, its fds
 * closed, and the container's notified calls fail with ENOSYS, as they do
 * while no agent serves them. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "logfile.h"
#include "tool.h"
#include "unotify.h"

#define STATE_MAX (1 << 20) /* bytes of state JSON */
#define FDS_MAX 16	    /* fds one connection may pass */
#define STATE_SECONDS 10    /* to send the whole state */
#define READERS_MAX 64	    /* connections whose state is being read at once */

struct agent {
	const char *dir;
	struct unotify_server *srv;
	struct unotify_options opts;
	pthread_mutex_t lock;
	/* the policy of each listener id, freed when it ends */
	struct unotify_policy **policies;
	int npolicies;
	atomic_int readers; /* connections being read */
};

static struct unotify_server *stop_srv;

static void _on_signal(int sig)
{
	(void)sig;
	if (stop_srv)
		unotify_server_stop(stop_srv);
}

/* A record that could not be written ends the agent (without
 * --log-lossy): fail closed, as `run` does. */
static void _lost(void)
{
	kill(getpid(), SIGTERM);
}

static void _usage(FILE *f)
{
	fprintf(f, "Usage: unotify agent --socket PATH --policies DIR [-v] [--log-fd N]\n"
		   "                     [--log-lossy] [--workers N]\n"
		   "Serve the seccomp agent protocol of runc and crun on PATH: each\n"
		   "container's listener, with DIR/NAME.policy where its listenerMetadata\n"
		   "says policy=NAME, else DIR/default.policy.  The container's seccomp\n"
		   "profile comes from `unotify export --listener-path PATH`.\n"
		   "Ends on SIGINT or SIGTERM: the containers' notified calls then fail\n"
		   "with ENOSYS until an agent serves them again.\n"
		   "--log-fd N writes the audit records (each with the container id) to\n"
		   "fd N; a record that cannot be written ends the agent (125) unless\n"
		   "--log-lossy.\n"
		   "Exit status: 0 when stopped, 125 when it cannot start or a record was\n"
		   "lost, 2 on a usage error.\n");
}

static void _on_end(void *ctx, int id, int why, int error)
{
	struct agent *a = ctx;

	(void)why;
	(void)error;
	pthread_mutex_lock(&a->lock);
	if (id < a->npolicies) {
		unotify_policy_free(a->policies[id]);
		a->policies[id] = NULL;
	}
	pthread_mutex_unlock(&a->lock);
}

/* Reads the state from C until it parses, into ST; the fds passed with
 * it into FDS (*NFDS).  NULL, or a message. */
static const char *_read_state(int c, struct agent_state *st, int *fds, int *nfds)
{
	char *buf = malloc(STATE_MAX);
	size_t len = 0;
	const char *why = NULL;
	int ret = 1;

	struct timespec now, end;

	memset(st, 0, sizeof(*st));
	snprintf(st->id, sizeof(st->id), "?");
	if (!buf)
		return "out of memory";
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += STATE_SECONDS;
	while (ret == 1) {
		char cbuf[CMSG_SPACE(FDS_MAX * sizeof(int))];
		struct iovec iov = { buf + len, STATE_MAX - len };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
				    .msg_controllen = sizeof(cbuf) };
		ssize_t n;

		struct timeval left;

		if (len == STATE_MAX) {
			why = "the state is too big";
			break;
		}
		/* one deadline for the whole state, however it is cut */
		clock_gettime(CLOCK_MONOTONIC, &now);
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_usec = (end.tv_nsec - now.tv_nsec) / 1000;
		if (left.tv_usec < 0) {
			left.tv_sec--;
			left.tv_usec += 1000000;
		}
		if (left.tv_sec < 0 || (left.tv_sec == 0 && left.tv_usec == 0)) {
			why = "the state did not come in time";
			break;
		}
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &left, sizeof(left));
		n = recvmsg(c, &m, MSG_CMSG_CLOEXEC);
		for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); n >= 0 && h; h = CMSG_NXTHDR(&m, h))
			if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
				for (size_t i = 0; i < (h->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
					int fd;

					memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(int));
					if (*nfds < FDS_MAX)
						fds[(*nfds)++] = fd;
					else
						close(fd);
				}
		if (n <= 0 || (m.msg_flags & MSG_CTRUNC)) {
			why = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
				      ? "the state did not come in time"
			      : n < 0 ? "cannot read the state"
			      : n == 0 ? "the connection ended before the state did"
				       : "too many fds";
			break;
		}
		len += (size_t)n;
		ret = agent_state(buf, len, *nfds, st, &why);
	}
	free(buf);
	return ret == 0 ? NULL : why;
}

/* The container's root, through a pidfd of PID: an O_PATH fd, or -errno. */
static int _container_root(long pid)
{
	char path[64];
	int pidfd, root;

	if (pid <= 0 || pid > INT_MAX)
		return -EINVAL;
	pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	if (pidfd < 0)
		return -errno;
	snprintf(path, sizeof(path), "/proc/%ld/root", pid);
	root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* still the process the pidfd names: not a pid reused meanwhile */
	if (root >= 0 && syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0) {
		close(root);
		root = -1;
		errno = ESRCH;
	}
	if (root < 0)
		root = -errno;
	close(pidfd);
	return root;
}

/* Whether FD is a seccomp listener. */
static bool _is_listener(int fd)
{
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return strcmp(target, "anon_inode:seccomp notify") == 0;
}

/* Takes a container's listener from connection C: NULL, or a message
 * (in WHY, WHY_SIZE bytes, or static). */
#define WHY_SIZE (PATH_MAX + 1024)
static const char *_serve_one(struct agent *a, int c, char *id, size_t idsize, char *why)
{
	int fds[FDS_MAX], nfds = 0, listener = -1, root = -1, ret;
	struct agent_state st;
	const char *msg;
	char path[PATH_MAX];
	struct unotify_policy *p = NULL;
	struct unotify_options opts = a->opts;
	struct unotify_error err;

	msg = _read_state(c, &st, fds, &nfds);
	snprintf(id, idsize, "%s", st.id);
	if (msg)
		goto out;
	listener = fds[st.listener];
	msg = "the seccompFd is not a seccomp listener";
	if (!_is_listener(listener))
		goto out;
	root = _container_root((long)st.pid);
	msg = "the container's process is gone";
	if (root < 0)
		goto out;
	snprintf(path, sizeof(path), "%s/%s.policy", a->dir, st.policy);
	msg = why;
	if (unotify_policy_new(&p) < 0) {
		snprintf(why, WHY_SIZE, "out of memory");
		goto out;
	}
	if (unotify_policy_set_flags(p, UNOTIFY_P_AGENT) < 0 ||
	    unotify_policy_add_file(p, path, &err) < 0 || unotify_policy_compile(p, &err) < 0) {
		snprintf(why, WHY_SIZE, "%s: %s", err.where[0] ? err.where : path, err.message);
		goto out;
	}
	opts.flags |= UNOTIFY_F_ROOT_FD;
	opts.root_fd = root;
	for (int k = 0; k < nfds; k++) /* the listener alone is kept */
		if (fds[k] != listener)
			close(fds[k]);
	nfds = 0;
	pthread_mutex_lock(&a->lock);
	ret = unotify_server_add(a->srv, p, listener, id, &opts, &err);
	listener = -1; /* the server's, also on failure */
	if (ret > 0) {
		if (ret >= a->npolicies) {
			struct unotify_policy **grown = realloc(a->policies, (size_t)(ret + 16) * sizeof(*grown));

			if (grown) {
				memset(grown + a->npolicies, 0,
				       (size_t)(ret + 16 - a->npolicies) * sizeof(*grown));
				a->policies = grown;
				a->npolicies = ret + 16;
			}
		}
		if (ret < a->npolicies)
			a->policies[ret] = p;
		/* (else kept until the agent ends: no memory to note it) */
		p = NULL;
	}
	pthread_mutex_unlock(&a->lock);
	if (ret < 0) {
		snprintf(why, WHY_SIZE, "%s", err.message);
		goto out;
	}
	fprintf(stderr, "unotify: agent: container %s: serving with %s\n", id, path);
	msg = NULL;
out:
	for (int k = 0; k < nfds; k++)
		close(fds[k]);
	if (root >= 0)
		close(root);
	if (msg)
		unotify_policy_free(p);
	return msg;
}

struct conn {
	struct agent *a;
	int fd;
};

static void *_conn_thread(void *arg)
{
	struct conn *cn = arg;
	char id[256], *why = malloc(WHY_SIZE);
	const char *msg = why ? _serve_one(cn->a, cn->fd, id, sizeof(id), why) : "out of memory";

	if (msg)
		fprintf(stderr, "unotify: agent: container %s refused: %s\n", why ? id : "?", msg);
	free(why);
	atomic_fetch_sub(&cn->a->readers, 1);
	close(cn->fd);
	free(cn);
	return NULL;
}

/* Accepts connections until the agent ends. */
static void *_accept_thread(void *arg)
{
	struct agent *a = ((struct conn *)arg)->a;
	int s = ((struct conn *)arg)->fd;

	for (;;) {
		struct ucred cred;
		socklen_t len = sizeof(cred);
		struct conn *cn;
		pthread_t t;
		int c = accept4(s, NULL, NULL, SOCK_CLOEXEC);

		if (c < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
				usleep(100000); /* (out of fds or memory: no busy loop) */
			if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE ||
			    errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
				continue;
			return NULL;
		}
		if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
		    (cred.uid != 0 && cred.uid != getuid())) {
			fprintf(stderr, "unotify: agent: a connection from uid %d refused\n",
				(int)cred.uid);
			close(c);
			continue;
		}
		if (atomic_load(&a->readers) >= READERS_MAX) {
			fprintf(stderr, "unotify: agent: a connection refused: %d states being read\n",
				READERS_MAX);
			close(c);
			continue;
		}
		cn = malloc(sizeof(*cn));
		if (cn)
			*cn = (struct conn){ a, c };
		atomic_fetch_add(&a->readers, 1);
		if (!cn || pthread_create(&t, NULL, _conn_thread, cn) != 0) {
			atomic_fetch_sub(&a->readers, 1);
			free(cn);
			close(c);
			continue;
		}
		pthread_detach(t);
	}
}

/* The socket at PATH, 0600, listening; a socket left there by an earlier
 * agent is replaced, anything else is an error. */
static int _listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	mode_t old;
	int s, ret;

	if (strlen(path) >= sizeof(sa.sun_path))
		die(EXIT_UNOTIFY, "agent: --socket %s: too long for a socket's name", path);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			die(EXIT_UNOTIFY, "agent: --socket %s: exists and is not a socket", path);
		unlink(path);
	}
	strcpy(sa.sun_path, path);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		die(EXIT_UNOTIFY, "agent: socket: %s", strerror(errno));
	old = umask(0177);
	ret = bind(s, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (ret < 0 || chmod(path, 0600) < 0 || listen(s, 64) < 0)
		die(EXIT_UNOTIFY, "agent: --socket %s: %s", path, strerror(errno));
	return s;
}

int cmd_agent(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "policies", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "log-fd", required_argument, NULL, 'l' },
		{ "log-lossy", no_argument, NULL, 'L' },
		{ "workers", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct unotify_server_options so;
	struct unotify_error err;
	struct agent a = { .lock = PTHREAD_MUTEX_INITIALIZER };
	const char *sock = NULL;
	struct conn listen_conn;
	struct sigaction sa = { .sa_handler = _on_signal };
	struct logfile lf = { .fd = -1, .dirfd = -1 };
	bool lossy = false;
	unsigned long lost;
	struct stat st;
	pthread_t t;
	int c, ret, e;

	unotify_options_init(&a.opts);
	optind = 1;
	while ((c = getopt_long(argc, argv, "+vh", longopts, NULL)) != -1) {
		char *end;
		long n;

		switch (c) {
		case 's':
			sock = optarg;
			break;
		case 'd':
			a.dir = optarg;
			break;
		case 'v':
			a.opts.flags |= UNOTIFY_F_VERBOSE;
			break;
		case 'l':
			if ((ret = logfile_fd(&lf, optarg)) < 0)
				die(2, "agent: --log-fd %s: %s", optarg,
				    ret == -EINVAL ? "not an fd number" : "not open for writing");
			a.opts.log_fd = lf.fd;
			break;
		case 'L':
			lossy = true;
			break;
		case 'w':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || n < 1 || n > 1024)
				die(2, "agent: --workers %s: a number from 1 to 1024", optarg);
			a.opts.workers = (unsigned)n;
			break;
		case 'h':
			_usage(stdout);
			return 0;
		default:
			_usage(stderr);
			return 2;
		}
	}
	if (optind < argc || !sock || !a.dir) {
		_usage(stderr);
		return 2;
	}
	if (stat(a.dir, &st) < 0 || !S_ISDIR(st.st_mode))
		die(EXIT_UNOTIFY, "agent: --policies %s: not a directory", a.dir);
	if (!lossy)
		audit_on_lost(_lost);
	unotify_server_options_init(&so);
	so.on_end = _on_end;
	so.ctx = &a;
	ret = unotify_server_new(&a.srv, &so, &err);
	if (ret < 0)
		die(EXIT_UNOTIFY, "agent: %s", err.message);
	listen_conn = (struct conn){ &a, _listen(sock) };
	stop_srv = a.srv;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (pthread_create(&t, NULL, _accept_thread, &listen_conn) != 0)
		die(EXIT_UNOTIFY, "agent: cannot start a thread");
	fprintf(stderr, "unotify: agent: listening on %s, policies in %s\n", sock, a.dir);
	ret = unotify_server_run(a.srv, &err);
	unlink(sock);
	if (ret < 0)
		die(EXIT_UNOTIFY, "agent: %s", err.message);
	/* No more connections; the states being read end within their
	 * deadline; then every listener is ended (its container's notified
	 * calls fail with ENOSYS) and freed, with its policy. */
	shutdown(listen_conn.fd, SHUT_RDWR);
	pthread_join(t, NULL);
	for (int i = 0; atomic_load(&a.readers) > 0 && i < (STATE_SECONDS + 1) * 10; i++)
		usleep(100000);
	if (atomic_load(&a.readers) == 0) {
		unotify_server_free(a.srv);
		for (int i = 0; i < a.npolicies; i++)
			unotify_policy_free(a.policies[i]);
		free(a.policies);
	}
	close(listen_conn.fd);
	audit_finish(lf.fd, 5000);
	lost = audit_lost(&e);
	logfile_close(&lf);
	if (lost && !lossy) {
		warnx_("agent: an audit record could not be written (%s): stopped, as --log-lossy "
		       "was not given",
		       strerror(e));
		return EXIT_UNOTIFY;
	}
	if (lost)
		warnx_("agent: %lu audit records could not be written (%s)", lost, strerror(e));
	fprintf(stderr, "unotify: agent: stopped\n");
	return 0;
}
