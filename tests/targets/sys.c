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
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
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

static int op(char **a)
{
	char label[64];

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
