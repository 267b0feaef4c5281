/* sys: a test target that makes the system calls named on its command
 * line, one after another, and prints each result on stdout:
 *   "<op> = <value>" or "<op> = -1 <ERRNO-NAME>".
 * Ops:
 *   mkdir PATH [MODE]      mkdirat DIR|cwd PATH [MODE]
 *   getppid                raw NR [ARG...]
 *   stat PATH  lstat PATH  open-fstat PATH (fstat on a new fd)        (numbers in any base)
 *   badptr                 mkdir on an unmapped address
 *   longpath               mkdir on PATH_MAX+64 bytes with no NUL
 *   edgepath PATH          mkdir on PATH stored right before an unmapped page
 *   race GOOD BAD N        N mkdirs on a path a thread flips between GOOD and BAD
 *   alarm SECONDS          arm SIGALRM with a handler that prints "handler"
 *   filter errno|trace     stack a filter on mkdir returning ERRNO(EACCES) or TRACE
 *   umask MODE  chdir DIR  setuid UID  dropcaps  sleep SECONDS
 *   fork-touch SECONDS FILE  fork a child that creates FILE after SECONDS
 *   exit N   raise SIG
 *   futimens PATH          utimensat(fd of PATH, NULL, NULL, 0)
 *   fstat-null PATH        newfstatat(fd of PATH, NULL, AT_EMPTY_PATH)
 *   statx-null PATH        statx(fd of PATH, NULL, AT_EMPTY_PATH)
 *   readlink-empty LINK    readlinkat(O_PATH|O_NOFOLLOW fd of LINK, "")
 *   fchmodat2 PATH MODE    fchmodat2(AT_FDCWD, PATH, MODE, 0) (Linux 6.6)
 *   lchown PATH ID         lchown(PATH, ID, ID)
 *   undumpable             PR_SET_DUMPABLE 0
 *   bind-unix PATH         bind an AF_UNIX socket to PATH, print getsockname's name
 *   bind-tcp PORT          bind a TCP socket to 127.0.0.1:PORT
 *   echo ADDR              listen on ADDR (IP with port 0, unix:PATH or
 *                          abstract:NAME), connect to it, send "hi" on
 *                          the connection, print what was read
 *   connect-nb IP PORT     a non-blocking TCP connect
 *   udp IP                 a UDP socket on IP port 0; sendto and sendmsg
 *                          to it, each with the address; print what came
 *   rights PATH            sendmsg to an AF_UNIX datagram socket bound at
 *                          PATH, with SCM_RIGHTS (fd 0)
 *   send-unspec IP PORT    UDP sendto with an AF_UNSPEC sockaddr_in
 *   bind-unspec            TCP bind to AF_UNSPEC 0.0.0.0:0
 *   connect6-24 IP6 PORT   a non-blocking connect with a 24-byte sockaddr_in6
 *   connect-abs NAME       connect to abstract NAME ('%' is a NUL byte), the
 *                          whole sun_path given
 *   peercred PATH          listen on PATH, connect, print SO_PEERCRED's uid
 *   listen-abs NAME SECONDS  listen on abstract NAME for SECONDS
 *   listen ADDR SECONDS    listen on ADDR (unix:PATH, ...) for SECONDS
 *   connect-unix PATH      connect to the AF_UNIX socket file PATH
 *   sigpipe                send on a stream whose peer is closed (no MSG_NOSIGNAL)
 *   zerocopy               a TCP send with MSG_ZEROCOPY on loopback
 *   fastopen IP PORT       a TCP sendto with MSG_FASTOPEN (connects and sends)
 *   mptcp                  socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP)
 *   udp-connect IP PORT    connect a UDP socket
 *   sendmsg-name0          sendmsg on a connected UDP socket, msg_name set, namelen 0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/uio.h>
#include <sys/time.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "report.h"

static void on_alarm(int sig)
{
	(void)sig;
	write(STDOUT_FILENO, "handler\n", 8);
}

static long num(const char *s)
{
	return (long)strtoull(s, NULL, 0);
}

static void stack_filter(const char *kind)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mkdir, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, strcmp(kind, "trace") == 0 ? SECCOMP_RET_TRACE
								    : SECCOMP_RET_ERRNO | EACCES),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	report("filter", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog));
}

static char race_buf[PATH_MAX];
static const char *race_paths[2];
static volatile int race_done;

/* Flips the shared path between the two strings as fast as it can. */
static void *flipper(void *arg)
{
	(void)arg;
	for (unsigned i = 0; !race_done; i++)
		strcpy(race_buf, race_paths[i & 1]);
	return NULL;
}

/* race GOOD BAD N: N mkdir calls on a buffer another thread keeps
 * switching between GOOD and BAD; prints how many succeeded. */
static int race(char **a)
{
	pthread_t t;
	long ok = 0, n = num(a[3]);

	race_paths[0] = a[1];
	race_paths[1] = a[2];
	strcpy(race_buf, a[1]);
	pthread_create(&t, NULL, flipper, NULL);
	for (long i = 0; i < n; i++) {
		if (mkdir(race_buf, 0777) == 0) {
			ok++;
			rmdir(a[1]);
		}
	}
	race_done = 1;
	pthread_join(t, NULL);
	report("race", ok);
	return 4;
}

#ifdef __x86_64__
/* An i386 system call from this 64-bit process: int 0x80. */
static long int80_call(long nr, long b, long c, long d)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(b), "c"(c), "d"(d) : "memory");
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* int80 NR [A B C]: numbers as i386 knows them. */
static int int80(char **a)
{
	long v[4] = { 0 };
	int n = 1;

	for (; a[n] && n < 5 && strchr("0123456789-", a[n][0]); n++)
		v[n - 1] = num(a[n]);
	report("int80", int80_call(v[0], v[1], v[2], v[3]));
	return n;
}

/* int80-mkdir PATH: i386 mkdir (39) on a path in the low 4 GiB. */
static int int80_mkdir(char **a)
{
	char *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
			 -1, 0);

	snprintf(low, 4096, "%s", a[1]);
	report("int80-mkdir", int80_call(39, (long)low, 0777, 0));
	return 2;
}
#endif

/* The file operations the Landlock tests compare: NAME ARG... runs one
 * and reports it as NAME.  Returns the words used, or 0: not one of them. */
static int file_op(char **a)
{
	static const struct {
		const char *name;
		int nargs;
	} ops[] = {
		{ "rmdir", 1 },	     { "unlink", 1 },	    { "unlinkat", 1 },	{ "unlinkat-dir", 1 },
		{ "symlink", 2 },    { "link", 2 },	    { "rename", 2 },	{ "mknod-fifo", 1 },
		{ "mknod-reg", 1 },  { "truncate", 1 },	    { "creat", 1 },	{ "ftruncate", 1 },
		{ "open-rdonly", 1 }, { "rename-exchange", 2 },
	};
	const char *n = a[0];
	long r;
	int fd;

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(n, ops[i].name) != 0)
			continue;
		if (!strcmp(n, "rmdir"))
			r = rmdir(a[1]);
		else if (!strcmp(n, "unlink"))
			r = unlink(a[1]);
		else if (!strcmp(n, "unlinkat"))
			r = unlinkat(AT_FDCWD, a[1], 0);
		else if (!strcmp(n, "unlinkat-dir"))
			r = unlinkat(AT_FDCWD, a[1], AT_REMOVEDIR);
		else if (!strcmp(n, "symlink"))
			r = symlink(a[1], a[2]);
		else if (!strcmp(n, "link"))
			r = link(a[1], a[2]);
		else if (!strcmp(n, "rename"))
			r = rename(a[1], a[2]);
		else if (!strcmp(n, "rename-exchange"))
			r = syscall(SYS_renameat2, AT_FDCWD, a[1], AT_FDCWD, a[2], 2 /* EXCHANGE */);
		else if (!strcmp(n, "mknod-fifo"))
			r = mknod(a[1], S_IFIFO | 0644, 0);
		else if (!strcmp(n, "mknod-reg"))
			r = mknod(a[1], S_IFREG | 0644, 0);
		else if (!strcmp(n, "truncate"))
			r = truncate(a[1], 0);
		else if (!strcmp(n, "creat"))
			r = (fd = open(a[1], O_CREAT | O_WRONLY | O_CLOEXEC, 0644)) < 0 ? -1 : close(fd);
		else if (!strcmp(n, "open-rdonly"))
			r = (fd = open(a[1], O_RDONLY | O_CLOEXEC)) < 0 ? -1 : close(fd);
		else { /* ftruncate: of a file opened for writing */
			fd = open(a[1], O_WRONLY | O_CLOEXEC);
			r = fd < 0 ? -1 : ftruncate(fd, 0);
			if (fd >= 0)
				close(fd);
		}
		report(n, r);
		return 1 + ops[i].nargs;
	}
	return 0;
}

/* ADDR as a socket address: an IPv4 or IPv6 address (with PORT),
 * unix:PATH or abstract:NAME.  Returns its length. */
static socklen_t _sockaddr(const char *addr, uint16_t port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_un *un = (struct sockaddr_un *)ss;

	memset(ss, 0, sizeof(*ss));
	if (!strncmp(addr, "unix:", 5) || !strncmp(addr, "abstract:", 9)) {
		bool abstract = addr[0] == 'a';
		const char *name = strchr(addr, ':') + 1;

		un->sun_family = AF_UNIX;
		snprintf(un->sun_path + abstract, sizeof(un->sun_path) - 1, "%s", name);
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + abstract + strlen(name) +
				   !abstract);
	}
	if (inet_pton(AF_INET, addr, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		return sizeof(*in);
	}
	if (inet_pton(AF_INET6, addr, &in6->sin6_addr) != 1) {
		fprintf(stderr, "sys: bad address %s\n", addr);
		exit(2);
	}
	in6->sin6_family = AF_INET6;
	in6->sin6_port = htons(port);
	return sizeof(*in6);
}

static int op(char **a)
{
	char label[64];
	int used = file_op(a);

	if (used)
		return used;
	if (!strcmp(a[0], "mkdir")) {
		int has_mode = a[2] && a[2][0] >= '0' && a[2][0] <= '9';

		report("mkdir", mkdir(a[1], has_mode ? (mode_t)num(a[2]) : 0777));
		return has_mode ? 3 : 2;
	}
	if (!strcmp(a[0], "mkdirat")) {
		int fd = strcmp(a[1], "cwd") ? open(a[1], O_PATH | O_DIRECTORY) : AT_FDCWD;

		report("mkdirat", mkdirat(fd, a[2], 0777));
		return 3;
	}
	if (!strcmp(a[0], "landlock-abi")) {
		report("landlock-abi", syscall(444, NULL, 0, 1 /* VERSION */));
		return 1;
	}
	if (!strcmp(a[0], "landlock-nomkdir")) {
		/* A Landlock domain of its own that handles MAKE_DIR and grants
		 * it nowhere: every mkdir after this is refused by the kernel. */
		uint64_t attr[3] = { 1u << 7, 0, 0 };
		long fd = syscall(444 /* landlock_create_ruleset */, attr, 8, 0);

		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		report("landlock-nomkdir",
		       fd < 0 ? fd : syscall(446 /* landlock_restrict_self */, fd, 0));
		return 1;
	}
	if (!strcmp(a[0], "getppid")) {
		report("getppid", syscall(SYS_getppid));
		return 1;
	}
	if (!strcmp(a[0], "raw")) {
		long v[7] = { 0 };
		int n = 1;

		for (; a[n] && n < 8 && strchr("0123456789-", a[n][0]); n++)
			v[n - 1] = num(a[n]);
		snprintf(label, sizeof(label), "raw %ld", v[0]);
		report(label, syscall(v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
		return n;
	}
	if (!strcmp(a[0], "badptr")) {
		report("mkdir", syscall(SYS_mkdir, (char *)16, 0777));
		return 1;
	}
	if (!strcmp(a[0], "longpath")) {
		size_t n = PATH_MAX + 64;
		char *p = malloc(n + 1);

		memset(p, 'a', n);
		p[0] = '/';
		p[n] = '\0';
		p[PATH_MAX + 8] = '\0';
		report("mkdir", syscall(SYS_mkdir, p, 0777));
		free(p);
		return 1;
	}
	if (!strcmp(a[0], "edgepath")) {
		long pg = sysconf(_SC_PAGESIZE);
		char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		size_t len = strlen(a[1]) + 1;

		munmap(m + pg, pg);
		memcpy(m + pg - len, a[1], len);
		report("mkdir", syscall(SYS_mkdir, m + pg - len, 0777));
		return 2;
	}
	if (!strcmp(a[0], "alarm")) {
		struct sigaction sa = { .sa_handler = on_alarm };

		double t = atof(a[1]);
		struct itimerval it = { { 0, 0 }, { (time_t)t, (suseconds_t)((t - (long)t) * 1e6) } };

		sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART */
		setitimer(ITIMER_REAL, &it, NULL);
		return 2;
	}
	if (!strcmp(a[0], "filter")) {
		stack_filter(a[1]);
		return 2;
	}
	if (!strcmp(a[0], "umask")) {
		umask((mode_t)num(a[1]));
		return 2;
	}
	if (!strcmp(a[0], "chdir")) {
		report("chdir", chdir(a[1]));
		return 2;
	}
	if (!strcmp(a[0], "setuid")) {
		report("setgroups", setgroups(0, NULL));
		report("setgid", setgid((gid_t)num(a[1])));
		report("setuid", setuid((uid_t)num(a[1])));
		return 2;
	}
	if (!strcmp(a[0], "dropcaps")) {
		struct { uint32_t v; int pid; } h = { 0x20080522, 0 };
		uint32_t d[6] = { 0 };

		report("capset", syscall(SYS_capset, &h, d));
		return 1;
	}
	if (!strcmp(a[0], "sleep")) {
		usleep((useconds_t)(atof(a[1]) * 1e6));
		return 2;
	}
	if (!strcmp(a[0], "fork-touch")) {
		if (fork() == 0) {
			usleep((useconds_t)(atof(a[1]) * 1e6));
			close(creat(a[2], 0644));
			_exit(0);
		}
		return 3;
	}
	if (!strcmp(a[0], "race"))
		return race(a);
	if (!strcmp(a[0], "exec")) {
		fflush(stdout);
		execv(a[1], a + 1);
		report("exec", -1);
		exit(127);
	}
	if (!strcmp(a[0], "stat") || !strcmp(a[0], "lstat") || !strcmp(a[0], "open-fstat")) {
		struct stat st;
		int fd;

		if (!strcmp(a[0], "stat"))
			report("stat", stat(a[1], &st));
		else if (!strcmp(a[0], "lstat"))
			report("lstat", lstat(a[1], &st));
		else if ((fd = open(a[1], O_RDONLY)) < 0)
			report("open", fd);
		else
			report("fstat", fstat(fd, &st));
		return 2;
	}
	if (!strcmp(a[0], "mq_notify")) {
		report("mq_notify", syscall(SYS_mq_notify, -1, NULL));
		return 1;
	}
	if (!strcmp(a[0], "getuid")) {
		report("getuid", (long)getuid());
		return 1;
	}
	if (!strcmp(a[0], "fcntl")) {
		report("fcntl", fcntl((int)num(a[1]), (int)num(a[2])));
		return 3;
	}
	if (!strcmp(a[0], "socket")) {
		int fd = socket((int)num(a[1]), (int)num(a[2]), 0);

		report("socket", fd < 0 ? fd : 0);
		return 3;
	}
#ifdef __i386__
	if (!strcmp(a[0], "socketcall")) {
		unsigned long block[3] = { (unsigned long)num(a[2]), (unsigned long)num(a[3]),
					   (unsigned long)num(a[4]) };
		long r = syscall(SYS_socketcall, (int)num(a[1]), block);

		report("socketcall", r < 0 ? r : 0);
		return 5;
	}
#endif
#ifdef __x86_64__
	if (!strcmp(a[0], "int80"))
		return int80(a);
	if (!strcmp(a[0], "int80-mkdir"))
		return int80_mkdir(a);
#endif
	if (!strcmp(a[0], "futimens") || !strcmp(a[0], "fstat-null") || !strcmp(a[0], "statx-null") ||
	    !strcmp(a[0], "readlink-empty")) {
		struct stat st;
		char buf[256], sx[256];
		int fd = open(a[1], strcmp(a[0], "readlink-empty") ? O_RDONLY : O_PATH | O_NOFOLLOW);

		if (fd < 0)
			report("open", fd);
		else if (!strcmp(a[0], "futimens"))
			report("futimens", syscall(SYS_utimensat, fd, NULL, NULL, 0));
#ifdef SYS_newfstatat
		else if (!strcmp(a[0], "fstat-null"))
			report("fstat-null", syscall(SYS_newfstatat, fd, NULL, &st, AT_EMPTY_PATH));
#else
		else if (!strcmp(a[0], "fstat-null"))
			report("fstat-null", syscall(SYS_fstatat64, fd, NULL, &st, AT_EMPTY_PATH));
#endif
		else if (!strcmp(a[0], "statx-null"))
			report("statx-null", syscall(SYS_statx, fd, NULL, AT_EMPTY_PATH, 0x7ff, sx));
		else
			report("readlink-empty", readlinkat(fd, "", buf, sizeof(buf)));
		return 2;
	}
	if (!strcmp(a[0], "fchmodat2")) {
		report("fchmodat2", syscall(452, AT_FDCWD, a[1], (mode_t)num(a[2]), 0));
		return 3;
	}
	if (!strcmp(a[0], "undumpable")) {
		report("undumpable", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
		return 1;
	}
	if (!strcmp(a[0], "lchown")) {
		report("lchown", lchown(a[1], (uid_t)num(a[2]), (gid_t)num(a[2])));
		return 3;
	}
	if (!strcmp(a[0], "bind-unix")) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX }, got;
		socklen_t len = sizeof(got);
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", a[1]);
		if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
			report("bind", -1);
		} else {
			getsockname(fd, (struct sockaddr *)&got, &len);
			printf("bind = 0 %s\n", got.sun_path);
		}
		return 2;
	}
	if (!strcmp(a[0], "bind-tcp")) {
		struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)num(a[1])) };
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		report("bind", bind(fd, (struct sockaddr *)&sin, sizeof(sin)));
		return 2;
	}
	if (!strcmp(a[0], "echo")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr(a[1], 0, &ss);
		int srv = socket(ss.ss_family, SOCK_STREAM, 0), cl, conn;
		char buf[8] = "";

		if (bind(srv, (struct sockaddr *)&ss, len) < 0 || listen(srv, 1) < 0 ||
		    getsockname(srv, (struct sockaddr *)&ss, &len) < 0) {
			report("listen", -1);
			return 2;
		}
		cl = socket(ss.ss_family, SOCK_STREAM, 0);
		int rc = connect(cl, (struct sockaddr *)&ss, len);

		report("connect", rc);
		if (rc < 0)
			return 2;
		conn = accept(srv, NULL, NULL);
		report("sendto", sendto(cl, "hi", 2, 0, NULL, 0));
		if (conn >= 0 && read(conn, buf, 2) == 2)
			printf("read = %s\n", buf);
		return 2;
	}
	if (!strcmp(a[0], "connect-nb")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr(a[1], (uint16_t)num(a[2]), &ss);
		int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);

		report("connect", connect(fd, (struct sockaddr *)&ss, len));
		return 3;
	}
	if (!strcmp(a[0], "udp")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr(a[1], 0, &ss);
		int srv = socket(ss.ss_family, SOCK_DGRAM, 0), cl;
		struct iovec iov = { .iov_base = "mm", .iov_len = 2 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		char buf[8] = "";

		if (bind(srv, (struct sockaddr *)&ss, len) < 0 ||
		    getsockname(srv, (struct sockaddr *)&ss, &len) < 0) {
			report("bind", -1);
			return 2;
		}
		cl = socket(ss.ss_family, SOCK_DGRAM, 0);
		report("sendto", sendto(cl, "tt", 2, 0, (struct sockaddr *)&ss, len));
		mh.msg_name = &ss;
		mh.msg_namelen = len;
		report("sendmsg", sendmsg(cl, &mh, 0));
		for (int i = 0; i < 2; i++)
			if (recv(srv, buf, sizeof(buf) - 1, MSG_DONTWAIT) == 2)
				printf("recv = %s\n", buf);
		return 2;
	}
	if (!strcmp(a[0], "rights")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr(a[1], 0, &ss);
		int srv = socket(AF_UNIX, SOCK_DGRAM, 0), cl = socket(AF_UNIX, SOCK_DGRAM, 0), zero = 0;
		union {
			struct cmsghdr h;
			char b[CMSG_SPACE(sizeof(int))];
		} u = { 0 };
		struct iovec iov = { .iov_base = "r", .iov_len = 1 };
		struct msghdr mh = { .msg_name = &ss, .msg_namelen = len, .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = u.b, .msg_controllen = sizeof(u.b) };

		if (bind(srv, (struct sockaddr *)&ss, len) < 0) {
			report("bind", -1);
			return 2;
		}
		u.h.cmsg_level = SOL_SOCKET;
		u.h.cmsg_type = SCM_RIGHTS;
		u.h.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&u.h), &zero, sizeof(int));
		report("sendmsg", sendmsg(cl, &mh, 0));
		return 2;
	}
	if (!strcmp(a[0], "send-unspec")) {
		struct sockaddr_in sin = { .sin_family = AF_UNSPEC, .sin_port = htons((uint16_t)num(a[2])) };
		int fd = socket(AF_INET, SOCK_DGRAM, 0);

		inet_pton(AF_INET, a[1], &sin.sin_addr);
		report("sendto", sendto(fd, "u", 1, 0, (struct sockaddr *)&sin, sizeof(sin)));
		return 3;
	}
	if (!strcmp(a[0], "bind-unspec")) {
		struct sockaddr_in sin = { .sin_family = AF_UNSPEC };
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		sin.sin_addr.s_addr = htonl(INADDR_ANY);
		report("bind", bind(fd, (struct sockaddr *)&sin, sizeof(sin)));
		return 1;
	}
	if (!strcmp(a[0], "connect6-24")) {
		struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)num(a[2])) };
		int fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);

		inet_pton(AF_INET6, a[1], &s6.sin6_addr);
		report("connect", connect(fd, (struct sockaddr *)&s6, 24));
		return 3;
	}
	if (!strcmp(a[0], "connect-abs")) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		size_t n = strlen(a[1]);

		for (size_t i = 0; i < n && i + 1 < sizeof(sun.sun_path); i++)
			sun.sun_path[i + 1] = a[1][i] == '%' ? '\0' : a[1][i];
		report("connect", connect(fd, (struct sockaddr *)&sun,
					  (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)));
		return 2;
	}
	if (!strcmp(a[0], "peercred")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr(a[1], 0, &ss);
		int srv = socket(AF_UNIX, SOCK_STREAM, 0), cl = socket(AF_UNIX, SOCK_STREAM, 0), conn;
		struct ucred uc = { 0 };
		socklen_t ul = sizeof(uc);

		if (bind(srv, (struct sockaddr *)&ss, len) < 0 || listen(srv, 1) < 0) {
			report("listen", -1);
			return 2;
		}
		if (connect(cl, (struct sockaddr *)&ss, len) < 0) {
			report("connect", -1);
			return 2;
		}
		conn = accept(srv, NULL, NULL);
		if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &uc, &ul) < 0)
			report("peercred", -1);
		else
			printf("peercred = %u\n", (unsigned)uc.uid);
		return 2;
	}
	if (!strcmp(a[0], "listen")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr(a[1], 0, &ss);
		int fd = socket(ss.ss_family, SOCK_STREAM, 0);

		if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 8) < 0) {
			report("listen", -1);
			return 3;
		}
		printf("listening\n");
		fflush(stdout);
		sleep((unsigned)num(a[2]));
		return 3;
	}
	if (!strcmp(a[0], "connect-unix")) {
		struct sockaddr_storage ss;
		char addr[PATH_MAX + 8];
		socklen_t len;
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		snprintf(addr, sizeof(addr), "unix:%s", a[1]);
		len = _sockaddr(addr, 0, &ss);
		report("connect", connect(fd, (struct sockaddr *)&ss, len));
		return 2;
	}
	if (!strcmp(a[0], "listen-abs")) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		size_t n = strlen(a[1]);

		memcpy(sun.sun_path + 1, a[1], n < sizeof(sun.sun_path) - 1 ? n : sizeof(sun.sun_path) - 1);
		if (bind(fd, (struct sockaddr *)&sun, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0 ||
		    listen(fd, 8) < 0) {
			report("listen", -1);
			return 3;
		}
		sleep((unsigned)num(a[2]));
		return 3;
	}
	if (!strcmp(a[0], "sigpipe")) {
		int sv[2];

		socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
		close(sv[1]);
		fflush(stdout);
		report("send", send(sv[0], "p", 1, 0));
		return 1;
	}
	if (!strcmp(a[0], "fastopen")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr(a[1], (uint16_t)num(a[2]), &ss);
		int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);

		report("sendto", sendto(fd, "f", 1, 0x20000000 /* MSG_FASTOPEN */,
					(struct sockaddr *)&ss, len));
		return 3;
	}
	if (!strcmp(a[0], "mptcp")) {
		int fd = socket(AF_INET, SOCK_STREAM, 262);

		report("socket", fd < 0 ? -1 : 0);
		return 1;
	}
	if (!strcmp(a[0], "udp-connect")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr(a[1], (uint16_t)num(a[2]), &ss);
		int fd = socket(ss.ss_family, SOCK_DGRAM, 0);

		report("connect", connect(fd, (struct sockaddr *)&ss, len));
		return 3;
	}
	if (!strcmp(a[0], "zerocopy")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr("127.0.0.1", 0, &ss);
		int srv = socket(AF_INET, SOCK_STREAM, 0), cl = socket(AF_INET, SOCK_STREAM, 0), one = 1;

		if (bind(srv, (struct sockaddr *)&ss, len) < 0 || listen(srv, 1) < 0 ||
		    getsockname(srv, (struct sockaddr *)&ss, &len) < 0 ||
		    connect(cl, (struct sockaddr *)&ss, len) < 0) {
			report("setup", -1);
			return 1;
		}
		setsockopt(cl, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one));
		report("send", sendto(cl, "z", 1, MSG_ZEROCOPY, (struct sockaddr *)&ss, len));
		return 1;
	}
	if (!strcmp(a[0], "sendmsg-name0")) {
		struct sockaddr_storage ss;
		socklen_t len = _sockaddr("127.0.0.1", 0, &ss);
		int srv = socket(AF_INET, SOCK_DGRAM, 0), cl = socket(AF_INET, SOCK_DGRAM, 0);
		struct iovec iov = { .iov_base = "n", .iov_len = 1 };
		struct msghdr mh = { .msg_name = &ss, .msg_namelen = 0, .msg_iov = &iov, .msg_iovlen = 1 };

		if (bind(srv, (struct sockaddr *)&ss, len) < 0 ||
		    getsockname(srv, (struct sockaddr *)&ss, &len) < 0 ||
		    connect(cl, (struct sockaddr *)&ss, len) < 0) {
			report("setup", -1);
			return 1;
		}
		report("sendmsg", sendmsg(cl, &mh, 0));
		return 1;
	}
	if (!strcmp(a[0], "exit"))
		exit((int)num(a[1]));
	if (!strcmp(a[0], "raise")) {
		signal((int)num(a[1]), SIG_DFL);
		raise((int)num(a[1]));
		return 2;
	}
	fprintf(stderr, "sys: unknown op %s\n", a[0]);
	exit(99);
}

int main(int argc, char **argv)
{
	(void)argc;
	for (char **a = argv + 1; *a;)
		a += op(a);
	return 0;
}
