/* hostile: a target that attacks its supervisor and the policy's edges.
 * Each op prints "<op> = <value>" or "<op> = -1 <ERRNO-NAME>", as sys does.
 * The attacks aim at the supervisor, this process's grandparent (unotify
 * runs it below its keeper), or after "at-keeper" at the keeper, its parent.
 *   steal             every way to take the listener from the parent:
 *                     pidfd_open, pidfd_getfd of each fd, ptrace attach,
 *                     process_vm_readv, open /proc/PPID/mem and fd/N
 *   signal SIG        kill, tgkill, tkill, rt_sigqueueinfo at the parent
 *   group SIG         kill(0, SIG) and kill(-pgrp, SIG) with SIG ignored here
 *   starve            prlimit, setpriority (process, group, user), sched_*,
 *                     ioprio_set aimed at the parent
 *   own-listener PATH mkdir PATH, then install a filter with a listener of its
 *                     own and answer its own mkdir of PATH with CONTINUE
 *   mq_notify         mq_notify(-1, NULL), for a rule to stop on
 *   aio               io_setup(1): Linux AIO
 *   undumpable        PR_SET_DUMPABLE 0: the supervisor's /proc reads of it fail
 *   bind-long N       bind an AF_UNIX socket to an address N bytes long
 *   tiocsti TEXT      push TEXT into the controlling terminal
 *   uring             io_uring_setup
 *   uffd              userfaultfd(2), and /dev/userfaultfd's USERFAULTFD_IOC_NEW
 *   landlock-abi      the Landlock ABI the kernel offers (0: none)
 * Changing the world paths are named in:
 *   userns            a user namespace mapping this uid to itself (unprivileged)
 *   mountns           a private mount namespace
 *   bind SRC DST      mount --bind SRC DST;   tmpfs DST   mount a tmpfs on DST
 *   chroot DIR        chroot(DIR) and chdir("/")
 *   tree DIR          open_tree(DIR, OPEN_TREE_CLONE): a detached copy, kept as "the tree"
 *   mkdirat-tree NAME mkdirat(the tree, NAME)
 *   mkdir PATH        mkdir(PATH)
 *   cd DIR            chdir(DIR)
 *   deep N            N nested directories of 200-byte names, ending in the deepest
 *   openat2 DIR PATH RESOLVE   openat2(DIR, PATH, O_CREAT|O_WRONLY, RESOLVE)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

#include "report.h"

/* Reports the first try that succeeds or fails with something other
 * than ENOENT (not the fd looked for), or ENOENT. */
static void report_any(const char *op, int tries, long (*try)(int))
{
	long r = -1;

	errno = ENOENT;
	for (int i = 0; i < tries; i++) {
		r = try(i);
		if (r >= 0 || errno != ENOENT)
			break;
	}
	report(op, r);
}

static pid_t ppid; /* the victim: unotify, or its keeper */
static int pidfd = -1;

/* Takes the parent's listener with pidfd_getfd. */
static long try_getfd(int fd)
{
	char path[64], link[128] = "";
	long r = syscall(SYS_pidfd_getfd, pidfd, fd, 0);

	if (r < 0)
		return errno == EBADF ? (errno = ENOENT, -1) : -1;
	snprintf(path, sizeof(path), "/proc/self/fd/%ld", r);
	if (readlink(path, link, sizeof(link) - 1) > 0 && strstr(link, "seccomp"))
		return r;
	close((int)r);
	errno = ENOENT;
	return -1;
}

/* Opens the parent's listener through /proc/PPID/fd/N. */
static long try_procfd(int fd)
{
	char path[64], link[128] = "";

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)ppid, fd);
	if (readlink(path, link, sizeof(link) - 1) < 0)
		return -1;
	if (!strstr(link, "seccomp")) {
		errno = ENOENT;
		return -1;
	}
	return open(path, O_RDWR);
}

static int steal(void)
{
	char path[64], buf[16];
	struct iovec local = { buf, sizeof(buf) }, remote = { (void *)0x400000, sizeof(buf) };

	pidfd = (int)syscall(SYS_pidfd_open, ppid, 0);
	report("pidfd_open", pidfd);
	if (pidfd >= 0)
		report_any("pidfd_getfd", 64, try_getfd);
	report("ptrace", ptrace(PTRACE_ATTACH, ppid, NULL, NULL));
	report("process_vm_readv", process_vm_readv(ppid, &local, 1, &remote, 1, 0));
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)ppid);
	report("open_mem", open(path, O_RDONLY));
	report_any("open_fd", 64, try_procfd);
	return 1;
}

static int signal_parent(char **a)
{
	int sig = atoi(a[1]);
	siginfo_t si = { .si_signo = sig, .si_code = SI_QUEUE };

	report("kill", kill(ppid, sig));
	report("tgkill", syscall(SYS_tgkill, ppid, ppid, sig));
	report("tkill", syscall(SYS_tkill, ppid, sig));
	report("rt_sigqueueinfo", syscall(SYS_rt_sigqueueinfo, ppid, sig, &si));
	return 2;
}

static int group(char **a)
{
	int sig = atoi(a[1]);

	signal(sig, SIG_IGN);
	report("kill0", kill(0, sig));
	report("killpg", kill(-getpgrp(), sig));
	usleep(100000);
	report("parent_alive", kill(ppid, 0) == 0 || errno == EPERM ? 0 : (errno = ESRCH, -1));
	return 2;
}

static int starve(void)
{
	struct rlimit rl = { 1, 1 };
	struct sched_param sp = { 0 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	report("prlimit", syscall(SYS_prlimit64, ppid, RLIMIT_CPU, &rl, NULL));
	report("setpriority_process", setpriority(PRIO_PROCESS, (id_t)ppid, 19));
	report("setpriority_pgrp", setpriority(PRIO_PGRP, 0, 19));
	report("setpriority_user", setpriority(PRIO_USER, getuid(), 19));
	report("sched_setscheduler", sched_setscheduler(ppid, SCHED_IDLE, &sp));
	report("sched_setaffinity", sched_setaffinity(ppid, sizeof(set), &set));
	report("ioprio_set", syscall(SYS_ioprio_set, 1, ppid, (3 << 13) | 7));
	report("ioprio_set_user", syscall(SYS_ioprio_set, 3, getuid(), (3 << 13) | 7));
	return 1;
}

static int listener = -1;

/* Answers every notification of its own listener with CONTINUE. */
static void *serve_own(void *arg)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	(void)arg;
	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
			continue;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	return NULL;
}

static int own_listener(char **a)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mkdir, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	pthread_t t;

	report("mkdir", mkdir(a[1], 0755));
	listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	report("listener", listener);
	if (listener >= 0) {
		pthread_create(&t, NULL, serve_own, NULL);
		report("own_mkdir", mkdir(a[1], 0755));
	}
	return 2;
}

static int tiocsti(char **a)
{
	long r = 0;

	for (const char *c = a[1]; *c && r == 0; c++)
		r = ioctl(STDIN_FILENO, TIOCSTI, c);
	report("tiocsti", r);
	return 2;
}

static int uffd(void)
{
	int fd;

	report("userfaultfd", syscall(SYS_userfaultfd, O_CLOEXEC));
	fd = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		printf("devuffd = unavailable\n");
	else
		report("devuffd", ioctl(fd, 0xaa00, O_CLOEXEC));
	return 1;
}

static int tree = -1;

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* A user namespace where this uid and gid map to themselves. */
static int userns(void)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();
	long r = unshare(CLONE_NEWUSER);

	if (r == 0) {
		snprintf(map, sizeof(map), "%u %u 1", uid, uid);
		r = write_file("/proc/self/uid_map", map);
	}
	if (r == 0)
		r = write_file("/proc/self/setgroups", "deny");
	if (r == 0) {
		snprintf(map, sizeof(map), "%u %u 1", gid, gid);
		r = write_file("/proc/self/gid_map", map);
	}
	report("userns", r);
	return 1;
}

static int deep(char **a)
{
	char name[201];
	long n = atol(a[1]), r = 0;

	memset(name, 'd', 200);
	name[200] = '\0';
	for (long i = 0; i < n && r == 0; i++) {
		mkdirat(AT_FDCWD, name, 0755); /* not mkdir: a test's mkdir rules stay clear */
		r = chdir(name);
	}
	report("deep", r);
	return 2;
}

static int do_openat2(char **a)
{
	struct open_how how = { .flags = O_CREAT | O_WRONLY | O_CLOEXEC, .mode = 0644 };
	int dfd = open(a[1], O_PATH | O_DIRECTORY);

	how.resolve = strtoull(a[3], NULL, 0);
	report("openat2", syscall(SYS_openat2, dfd, a[2], &how, sizeof(how)));
	return 4;
}

static int world_op(char **a)
{
	if (!strcmp(a[0], "userns"))
		return userns();
	if (!strcmp(a[0], "mountns")) {
		report("mountns", unshare(CLONE_NEWNS));
		report("private", mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL));
		return 1;
	}
	if (!strcmp(a[0], "bind")) {
		report("bind", mount(a[1], a[2], NULL, MS_BIND, NULL));
		return 3;
	}
	if (!strcmp(a[0], "tmpfs")) {
		report("tmpfs", mount("t", a[1], "tmpfs", 0, NULL));
		return 2;
	}
	if (!strcmp(a[0], "chroot")) {
		report("chroot", chroot(a[1]) == 0 ? chdir("/") : -1);
		return 2;
	}
	if (!strcmp(a[0], "tree")) {
		tree = (int)syscall(SYS_open_tree, AT_FDCWD, a[1], 1 /* OPEN_TREE_CLONE */ | O_CLOEXEC);
		report("tree", tree < 0 ? -1 : 0);
		return 2;
	}
	if (!strcmp(a[0], "mkdirat-tree")) {
		report("mkdirat", mkdirat(tree, a[1], 0755));
		return 2;
	}
	if (!strcmp(a[0], "mkdir")) {
		report("mkdir", mkdir(a[1], 0755));
		return 2;
	}
	if (!strcmp(a[0], "cd")) {
		report("cd", chdir(a[1]));
		return 2;
	}
	if (!strcmp(a[0], "deep"))
		return deep(a);
	if (!strcmp(a[0], "openat2"))
		return do_openat2(a);
	return 0;
}

static int op(char **a)
{
	int n = world_op(a);

	if (n)
		return n;
	if (!strcmp(a[0], "steal"))
		return steal();
	if (!strcmp(a[0], "signal"))
		return signal_parent(a);
	if (!strcmp(a[0], "group"))
		return group(a);
	if (!strcmp(a[0], "starve"))
		return starve();
	if (!strcmp(a[0], "own-listener"))
		return own_listener(a);
	if (!strcmp(a[0], "aio")) {
		unsigned long ctx = 0;

		report("io_setup", syscall(SYS_io_setup, 1, &ctx));
		return 1;
	}
	if (!strcmp(a[0], "undumpable")) {
		report("undumpable", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
		return 1;
	}
	if (!strcmp(a[0], "bind-long")) {
		unsigned char addr[128];
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		memset(addr, 'a', sizeof(addr));
		addr[0] = AF_UNIX;
		addr[1] = 0;
		report("bind", bind(fd, (struct sockaddr *)addr, (socklen_t)atoi(a[1])));
		return 2;
	}
	if (!strcmp(a[0], "mq_notify")) {
		report("mq_notify", syscall(SYS_mq_notify, -1, NULL));
		return 1;
	}
	if (!strcmp(a[0], "tiocsti"))
		return tiocsti(a);
	if (!strcmp(a[0], "uring")) {
		char params[120] = { 0 };

		report("io_uring_setup", syscall(SYS_io_uring_setup, 4, params));
		return 1;
	}
	if (!strcmp(a[0], "uffd"))
		return uffd();
	if (!strcmp(a[0], "landlock-abi")) {
		long v = syscall(444, NULL, 0, 1);

		printf("%ld\n", v < 0 ? 0 : v);
		return 1;
	}
	fprintf(stderr, "hostile: unknown op %s\n", a[0]);
	exit(99);
}

/* The parent of PID, from /proc/PID/stat, or 0. */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[1024], *p;
	FILE *f;
	int pp = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f && fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 2, "%*c %d", &pp);
	if (f)
		fclose(f);
	return pp;
}

int main(int argc, char **argv)
{
	(void)argc;
	ppid = parent_of(getppid());
	if (argv[1] && !strcmp(argv[1], "at-keeper")) {
		ppid = getppid();
		argv++;
	}
	for (char **a = argv + 1; *a;)
		a += op(a);
	return 0;
}
