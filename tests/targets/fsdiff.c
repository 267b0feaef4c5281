/* fsdiff: a differential test driver for the emulated filesystem calls.
 *
 *   fsdiff BASE [CASE...|all]     run the cases (default: all)
 *   fsdiff list                   print the case names
 *   fsdiff exit0 | pause          (a copy some cases run: exits at once,
 *                                 or says so on fd 3 and waits)
 *
 * Each case runs in a child of its own, in a fresh directory BASE/w/CASE
 * (its cwd): it builds its fixture, makes the ONE call under test with
 * raw syscall() (no libc substitution), and prints one line:
 *
 *   CASE<TAB>= RESULT [details] | STATE
 *
 * RESULT is the value or "-1 ERRNO"; details are what the call wrote
 * (result structs in hex, normalised), the fd it returned (number, fd
 * and file flags, what it is); STATE is every entry below the case
 * directory (and any other the case names): type, mode, owner, group,
 * link count, size, content (up to 64 bytes), symlink target, xattrs,
 * explicitly set times.
 * Inode and device numbers are replaced by their first-seen index and
 * times nobody set explicitly (after 2017) by 0, so that two runs at
 * different moments print the same line when the calls behaved the same.
 * The test (tests/e2e/13-emulate-diff.t) runs this natively and under
 * unotify's emulation and compares the lines case by case.
 *
 * Fixed places the test prepares: BASE/w (the cases' directories),
 * BASE/mnt (a tmpfs, for EXDEV), BASE/ro (a read-only mount holding f,
 * d/ and ln -> f), BASE/foreign (made by root for a run as another user:
 * sticky/{u,r,o} (a 1777 directory, 0666 files), priv (0600), pub and
 * pub2 (0644), dir0700/inner: one case changes each).  A case that needs another owner in a run as root acts
 * as uid 65534 through setfsuid (user()).
 *
 * Setup steps use libc (they are emulated too under unotify): a failed
 * step is printed in the line, so it must fail alike both ways. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef AT_EACCESS
#define AT_EACCESS 0x200
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE	 (1 << 1)
#define RENAME_WHITEOUT	 (1 << 2)
#endif
#ifndef UTIME_NOW
#define UTIME_NOW  ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#endif
#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x1000U
#endif

#define BADP	((const char *)1)
#define OLD	1000000000L /* an explicit time: printed as is */
#define NEWTIME 1500000000L /* from here on, a time is "now": printed as 0 */

struct fcase {
	const char *name;
	void (*fn)(void);
};

#define CASE(n)                                                                            \
	static void c_##n(void);                                                          \
	static const struct fcase cs_##n                                                  \
		__attribute__((used, section("fsdiff_cases"), aligned(sizeof(void *)))) = { \
			#n, c_##n };                                                      \
	static void c_##n(void)

extern const struct fcase __start_fsdiff_cases[], __stop_fsdiff_cases[];

static const char *base, *self_exe;
static char line[1 << 17];
static size_t ll;

/* ---- the line ---- */

static void put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void put(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ll >= sizeof(line) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line + ll, sizeof(line) - ll, fmt, ap);
	va_end(ap);
	if (n > 0)
		ll = ll + (size_t)n < sizeof(line) ? ll + (size_t)n : sizeof(line) - 1;
}

static const char *ename(int e)
{
	static char buf[16];
	const char *n = strerrorname_np(e);

	if (n)
		return n;
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

/* The call's result, with errno as it was when the call returned. */
static long R(long r)
{
	int e = errno;

	if (r == -1)
		put("= -1 %s", ename(e));
	else
		put("= %ld", r);
	return r;
}

static void hex(const void *buf, size_t n)
{
	const unsigned char *p = buf;

	put(" ");
	for (size_t i = 0; i < n; i++)
		put("%02x", p[i]);
}

/* A printable copy of N bytes. */
static void str(const char *s, size_t n)
{
	put("\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
			put("%c", ch);
		else
			put("\\x%02x", ch);
	}
	put("\"");
}

/* ---- normalising ---- */

static uint64_t inos[512][2], devs[64];
static int ninos, ndevs;

static int ino_idx(uint64_t dev, uint64_t ino)
{
	for (int i = 0; i < ninos; i++)
		if (inos[i][0] == dev && inos[i][1] == ino)
			return i + 1;
	if (ninos < 512) {
		inos[ninos][0] = dev;
		inos[ninos][1] = ino;
		ninos++;
	}
	return ninos;
}

static int dev_idx(uint64_t dev)
{
	for (int i = 0; i < ndevs; i++)
		if (devs[i] == dev)
			return i + 1;
	if (ndevs < 64)
		devs[ndevs++] = dev;
	return ndevs;
}

static uint64_t rd(const unsigned char *b, int off, int size)
{
	uint64_t v = 0;

	memcpy(&v, b + off, (size_t)size); /* little endian */
	return v;
}

static void wr(unsigned char *b, int off, int size, uint64_t v)
{
	memcpy(b + off, &v, (size_t)size);
}

/* Field kinds in a result struct: where its dev, ino and times are. */
struct layout {
	int size;
	int dev, devsz, ino, inosz, ino2, ino2sz;
	int t[4], tsz, tn[4], tnsz; /* seconds and nanoseconds of each time */
};

/* x86_64's struct stat (the kernel's, glibc's) */
static const struct layout __attribute__((unused)) L_STAT64 = { 144, 0, 8, 8, 8, -1, 0, { 72, 88, 104, -1 }, 8,
					{ 80, 96, 112, -1 }, 8 };
/* i386: struct stat (compat_stat), struct stat64, struct __old_kernel_stat */
static const struct layout __attribute__((unused)) L_CSTAT = { 64, 0, 4, 4, 4, -1, 0, { 32, 40, 48, -1 }, 4,
				       { 36, 44, 52, -1 }, 4 };
static const struct layout __attribute__((unused)) L_STAT64_32 = { 96, 0, 8, 88, 8, 12, 4, { 64, 72, 80, -1 }, 4,
					   { 68, 76, 84, -1 }, 4 };
static const struct layout __attribute__((unused)) L_OLDSTAT = { 32, 0, 2, 2, 2, -1, 0, { 20, 24, 28, -1 }, 4,
					 { -1, -1, -1, -1 }, 0 };

/* A result struct, dev, ino and new times normalised, in hex. */
static void pstruct(const void *buf, const struct layout *l)
{
	unsigned char b[512];
	uint64_t dev = l->devsz ? rd(buf, l->dev, l->devsz) : 0;

	memcpy(b, buf, (size_t)l->size);
	if (l->devsz)
		wr(b, l->dev, l->devsz, (uint64_t)dev_idx(dev));
	if (l->inosz)
		wr(b, l->ino, l->inosz, (uint64_t)ino_idx(dev, rd(buf, l->ino, l->inosz)));
	if (l->ino2sz)
		wr(b, l->ino2, l->ino2sz, (uint64_t)ino_idx(dev, rd(buf, l->ino2, l->ino2sz)));
	for (int i = 0; i < 4 && l->t[i] >= 0; i++) {
		int64_t s = l->tsz == 8 ? (int64_t)rd(b, l->t[i], 8) : (int32_t)rd(b, l->t[i], 4);

		if (s >= NEWTIME) {
			wr(b, l->t[i], l->tsz, 0);
			if (l->tn[i] >= 0)
				wr(b, l->tn[i], l->tnsz, 0);
		}
	}
	hex(b, (size_t)l->size);
}

/* The first N bytes of a struct a call wrote up to an unmapped page. */
static void pedge(const char *b, size_t n, const struct layout *l)
{
	unsigned char full[512];

	memset(full, 0xaa, sizeof(full));
	memcpy(full, b, n);
	pstruct(full, l);
}

/* struct statx: ino, dev (major, minor), mount id, and times. */
static void pstatx(const void *buf)
{
	unsigned char b[256];
	uint64_t dev;
	static const int t[] = { 64, 80, 96, 112 };

	memcpy(b, buf, sizeof(b));
	dev = rd(b, 136, 4) << 32 | rd(b, 140, 4);
	wr(b, 136, 4, (uint64_t)dev_idx(dev));
	wr(b, 140, 4, 0);
	wr(b, 32, 8, (uint64_t)ino_idx(dev, rd(b, 32, 8)));
	wr(b, 144, 8, (uint64_t)dev_idx(rd(b, 144, 8) | 1ull << 63)); /* mount id */
	for (int i = 0; i < 4; i++) {
		int64_t s = (int64_t)rd(b, t[i], 8);

		if (s >= NEWTIME) {
			wr(b, t[i], 8, 0);
			wr(b, t[i] + 8, 4, 0);
		}
	}
	hex(b, sizeof(b));
}

/* statfs layouts: the counts of free blocks and inodes change under us;
 * fsid is an identity. */
struct sflayout {
	int size, bfree, bavail, ffree, cnt, fsid;
};
static const struct sflayout __attribute__((unused)) SF64 = { 120, 24, 32, 48, 8, 56 };
static const struct sflayout __attribute__((unused)) SF32 = { 64, 12, 16, 24, 4, 28 };
static const struct sflayout __attribute__((unused)) SF3264 = { 84, 16, 24, 40, 8, 48 };

static void pstatfs(const void *buf, const struct sflayout *l)
{
	unsigned char b[128];

	memcpy(b, buf, (size_t)l->size);
	wr(b, l->bfree, l->cnt, 0);
	wr(b, l->bavail, l->cnt, 0);
	wr(b, l->ffree, l->cnt, 0);
	wr(b, l->fsid, 8, (uint64_t)dev_idx(rd(b, l->fsid, 8) | 1ull << 62));
	hex(b, (size_t)l->size);
}

/* ---- state ---- */

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void ptime(const char *what, const struct timespec *ts)
{
	if (ts->tv_sec < NEWTIME)
		put(" %s=%lld.%09ld", what, (long long)ts->tv_sec, ts->tv_nsec);
}

static void pxattrs(const char *p)
{
	char list[4096], val[4096];
	ssize_t n = llistxattr(p, list, sizeof(list));

	if (n < 0) {
		if (errno != ENOTSUP)
			put(" x!%s", ename(errno));
		return;
	}
	/* the kernel's order: stable on one filesystem */
	for (char *name = list; name < list + n; name += strlen(name) + 1) {
		ssize_t v = lgetxattr(p, name, val, sizeof(val));

		put(" x:%s=", name);
		if (v < 0)
			put("!%s", ename(errno));
		else if (strncmp(name, "system.", 7) == 0)
			hex(val, (size_t)v);
		else
			str(val, (size_t)v);
	}
}

/* One entry: P, shown as NAME. */
static void pentry(const char *p, const char *name)
{
	struct stat st;
	char t;

	put(" %s:", name);
	if (lstat(p, &st) < 0) {
		put("!%s", ename(errno));
		return;
	}
	switch (st.st_mode & S_IFMT) {
	case S_IFREG: t = 'f'; break;
	case S_IFDIR: t = 'd'; break;
	case S_IFLNK: t = 'l'; break;
	case S_IFIFO: t = 'p'; break;
	case S_IFCHR: t = 'c'; break;
	case S_IFBLK: t = 'b'; break;
	case S_IFSOCK: t = 's'; break;
	default: t = '?'; break;
	}
	put("%c%04o %u:%u n%lu i%d", t, (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid,
	    (unsigned)st.st_gid, (unsigned long)st.st_nlink,
	    ino_idx((uint64_t)st.st_dev, (uint64_t)st.st_ino));
	if (t != 'd')
		put(" s%lld", (long long)st.st_size);
	if (t == 'f' && st.st_size > 0 && st.st_size <= 64) {
		char c[64];
		int fd = open(p, O_RDONLY | O_NOATIME | O_CLOEXEC);
		ssize_t n;

		if (fd < 0)
			fd = open(p, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, c, sizeof(c));
		if (n < 0)
			put(" c!%s", ename(errno));
		else
			str(c, (size_t)n);
		if (fd >= 0)
			close(fd);
	}
	if (t == 'c' || t == 'b')
		put(" r%u:%u", major(st.st_rdev), minor(st.st_rdev));
	ptime("a", &st.st_atim);
	ptime("m", &st.st_mtim);
	if (t == 'l') {
		char buf[PATH_MAX];
		ssize_t n = readlink(p, buf, sizeof(buf));

		put(" ->");
		if (n < 0)
			put("!%s", ename(errno));
		else
			str(buf, (size_t)n);
	}
	pxattrs(p);
}

/* Every entry below DIR, sorted, shown below PREFIX. */
static void pdir(const char *dir, const char *prefix, int depth)
{
	char *names[256];
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		put(" %s!%s", prefix, ename(errno));
		return;
	}
	while ((e = readdir(d)) && n < 256)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	for (int i = 0; i < n; i++) {
		char p[PATH_MAX], shown[PATH_MAX];
		struct stat st;

		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		snprintf(shown, sizeof(shown), "%s%s", prefix, names[i]);
		pentry(p, shown);
		if (depth < 4 && lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			strncat(shown, "/", sizeof(shown) - strlen(shown) - 1);
			pdir(p, shown, depth + 1);
		}
		free(names[i]);
	}
}

/* Also show the place P (an entry and what is below it) in the state. */
static void extra(const char *p, const char *shown)
{
	struct stat st;

	put(" |");
	pentry(p, shown);
	if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
		char pre[PATH_MAX];

		snprintf(pre, sizeof(pre), "%s/", shown);
		pdir(p, pre, 1);
	}
}

/* ---- fixtures ---- */

static void sfail(const char *what, const char *p)
{
	put(" [setup %s %s: %s]", what, p, ename(errno));
}

static void mkf(const char *p, mode_t mode, const char *data)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		return sfail("open", p);
	if (data && write(fd, data, strlen(data)) != (ssize_t)strlen(data))
		sfail("write", p);
	if (fchmod(fd, mode) < 0)
		sfail("fchmod", p);
	close(fd);
}

static void mkd(const char *p, mode_t mode)
{
	if (mkdir(p, 0700) < 0)
		return sfail("mkdir", p);
	if (chmod(p, mode) < 0)
		sfail("chmod", p);
}

static void mkl(const char *target, const char *p)
{
	if (symlink(target, p) < 0)
		sfail("symlink", p);
}

static void own(const char *p, uid_t u, gid_t g)
{
	if (lchown(p, u, g) < 0)
		sfail("lchown", p);
}

static void setx(const char *p, const char *name, const void *v, size_t n)
{
	if (lsetxattr(p, name, v, n, 0) < 0)
		sfail("setxattr", p);
}

/* Times set explicitly (OLD, OLD + 1), the link itself. */
static void oldtimes(const char *p)
{
	struct timespec ts[2] = { { OLD, 1 }, { OLD + 1, 2 } };

	if (utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW) < 0)
		sfail("utimensat", p);
}

static int xopen(const char *p, int flags)
{
	int fd = open(p, flags | O_CLOEXEC);

	if (fd < 0)
		sfail("open", p);
	return fd;
}

/* The usual fixture: a file, a directory with a file, an empty
 * directory, symlinks to each, a dangling one and a loop. */
static void std(void)
{
	mkf("f", 0644, "hello");
	mkd("d", 0755);
	mkf("d/g", 0644, "gg");
	mkd("e", 0755);
	mkl("f", "ln");
	mkl("d", "dl");
	mkl("nowhere", "dang");
	mkl("loop2", "loop1");
	mkl("loop1", "loop2");
}

/* Act as uid and gid 65534, no groups, for filesystem access (the fs
 * capabilities go with fsuid 0): setfsuid, which only the fs ids change,
 * so the emulation must take on the fs ids, not the effective ones.  A
 * no-op in a run that already is 65534. */
static void user(void)
{
	if (setgroups(0, NULL) < 0 && errno != EPERM)
		sfail("setgroups", "");
	setfsgid(65534);
	setfsuid(65534);
}

static char placebuf[PATH_MAX];

/* BASE/WHERE/REST */
static const char *at(const char *where, const char *rest)
{
	static char bufs[4][PATH_MAX];
	static int k;
	char *b = bufs[k++ & 3];

	snprintf(b, PATH_MAX, "%s/%s%s%s", base, where, *rest ? "/" : "", rest);
	return b;
}

/* A fresh directory of this case in the tmpfs BASE/mnt, for EXDEV. */
static const char *mntdir(const char *name)
{
	snprintf(placebuf, sizeof(placebuf), "%s/mnt/%s", base, name);
	mkd(placebuf, 0777);
	return placebuf;
}

/* The last N bytes before an inaccessible page. */
static char *edge(size_t n)
{
	static char *pages;
	long ps = sysconf(_SC_PAGESIZE);

	if (!pages) {
		pages = mmap(NULL, (size_t)ps * 2, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (pages == MAP_FAILED)
			abort();
		mprotect(pages + ps, (size_t)ps, PROT_NONE);
	}
	memset(pages + ps - n, 0xaa, n);
	return pages + ps - n;
}

/* A read-only page. */
static void *ropage(void)
{
	void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		abort();
	return p;
}

/* A path of exactly LEN bytes that names LAST in the cwd: "./" repeated,
 * slashes to fill, then LAST. */
static char *longpath(size_t len, const char *last)
{
	static char buf[8192];
	size_t n = 0, l = strlen(last);

	while (n + 2 + l <= len) {
		buf[n++] = '.';
		buf[n++] = '/';
	}
	while (n + l < len) /* pad with slashes */
		buf[n++] = '/';
	memcpy(buf + n, last, l + 1);
	return buf;
}

static char *longname(size_t len)
{
	static char buf[1024];

	memset(buf, 'n', len);
	buf[len] = '\0';
	return buf;
}

/* What an fd the call returned is: its number, fd flags, file flags,
 * and the object. */
static void pfd(long fd)
{
	unsigned char b[256];

	if (fd < 0)
		return;
	put(" fd=%ld fdfl=%d fl=0%o", fd, fcntl((int)fd, F_GETFD), fcntl((int)fd, F_GETFL));
	/* fstat is not supervised: the kernel's own struct (stat64 on i386) */
#ifdef __i386__
	if (syscall(SYS_fstat64, (int)fd, b) == 0)
		put(" obj=%07o %u:%u i%d", (unsigned)rd(b, 16, 4), (unsigned)rd(b, 24, 4),
		    (unsigned)rd(b, 28, 4), ino_idx(rd(b, 0, 8), rd(b, 88, 8)));
#else
	if (syscall(SYS_fstat, (int)fd, b) == 0)
		put(" obj=%07o %u:%u i%d", (unsigned)rd(b, 24, 4), (unsigned)rd(b, 28, 4),
		    (unsigned)rd(b, 32, 4), ino_idx(rd(b, 0, 8), rd(b, 8, 8)));
#endif
}

/* The bytes of a buffer a call wrote (0xaa where it wrote nothing). */
static void pbuf(const char *b, size_t n)
{
	put(" buf=");
	str(b, n);
}

static char buf[8192];

static char *fresh(void)
{
	memset(buf, 0xaa, sizeof(buf));
	return buf;
}

/* The times arrays each call takes on this arch: long is the kernel's
 * time_t and suseconds_t of utimes, utime and futimesat, and of
 * utimensat's timespec (i386: 32 bits; utimensat_time64 takes 64). */
static long tv[4];

static long *times2(long s0, long n0, long s1, long n1)
{
	tv[0] = s0;
	tv[1] = n0;
	tv[2] = s1;
	tv[3] = n1;
	return tv;
}

static struct open_how how(uint64_t flags, uint64_t mode, uint64_t resolve)
{
	struct open_how h = { .flags = flags, .mode = mode, .resolve = resolve };

	return h;
}

/* An ACL as the kernel stores it in system.posix_acl_*: version 2, then
 * (tag, perm, id) entries.  user::rwx user:1234:rwx group::r-x mask::rwx
 * other::---, and the access ACL this default gives a file made 0666. */
struct acl_entry {
	uint16_t tag, perm;
	uint32_t id;
};
struct acl5 {
	uint32_t version;
	struct acl_entry e[5];
};
static const struct acl5 ACL = { 2,
				 { { 0x01, 7, ~0u },
				   { 0x02, 7, 1234 },
				   { 0x04, 5, ~0u },
				   { 0x10, 7, ~0u },
				   { 0x20, 0, ~0u } } };

/* ---- the cases ---- */

/* Helpers of the groups below, used across them. */
static void st(long nr, const char *p, const struct layout *l);
static void fst(int dirfd, const char *p, int flags);
static void gx(long nr, const char *p, const char *name, long size);
static void xstd(void);
static void op(long r);
#ifdef __i386__
#define I386	   1
#define NR_FSTATAT SYS_fstatat64
#define L_STAT	   L_CSTAT
#define L_FSTATAT  L_STAT64_32
#define SF	   SF32
#else
#define I386	   0
#define NR_FSTATAT SYS_newfstatat
#define L_STAT	   L_STAT64
#define L_FSTATAT  L_STAT64
#define SF	   SF64
#endif

/* ---- mkdir, mkdirat ---- */

CASE(mkdir_ok)
{
	std();
	R(syscall(SYS_mkdir, "new", 0755));
}

CASE(mkdir_mode_all_bits)
{
	R(syscall(SYS_mkdir, "new", 07777));
}

CASE(mkdir_mode_high_bits)
{
	R(syscall(SYS_mkdir, "new", 0x10000 | 0750));
}

CASE(mkdir_eexist)
{
	std();
	R(syscall(SYS_mkdir, "f", 0755));
}

CASE(mkdir_eexist_dangling)
{
	std();
	R(syscall(SYS_mkdir, "dang", 0755));
}

CASE(mkdir_eexist_dir_slash)
{
	std();
	R(syscall(SYS_mkdir, "d/", 0755));
}

CASE(mkdir_enoent)
{
	std();
	R(syscall(SYS_mkdir, "nx/new", 0755));
}

CASE(mkdir_enotdir)
{
	std();
	R(syscall(SYS_mkdir, "f/new", 0755));
}

CASE(mkdir_trailing_slashes)
{
	R(syscall(SYS_mkdir, "new//", 0755));
}

CASE(mkdir_through_symlink)
{
	std();
	R(syscall(SYS_mkdir, "dl/new", 0755));
}

CASE(mkdir_eloop)
{
	std();
	R(syscall(SYS_mkdir, "loop1/new", 0755));
}

CASE(mkdir_dot)
{
	R(syscall(SYS_mkdir, ".", 0755));
}

CASE(mkdir_dotdot)
{
	std();
	R(syscall(SYS_mkdir, "d/..", 0755));
}

CASE(mkdir_root)
{
	R(syscall(SYS_mkdir, "/", 0755));
}

CASE(mkdir_empty)
{
	R(syscall(SYS_mkdir, "", 0755));
}

CASE(mkdir_name_255)
{
	R(syscall(SYS_mkdir, longname(255), 0755));
}

CASE(mkdir_name_256)
{
	R(syscall(SYS_mkdir, longname(256), 0755));
}

CASE(mkdir_path_4095)
{
	R(syscall(SYS_mkdir, longpath(4095, "new"), 0755));
}

CASE(mkdir_path_4096)
{
	R(syscall(SYS_mkdir, longpath(4096, "new"), 0755));
}

CASE(mkdir_efault)
{
	R(syscall(SYS_mkdir, BADP, 0755));
}

CASE(mkdir_path_at_edge)
{
	char *p = edge(3);

	memcpy(p, "new", 3); /* no NUL before the unmapped page */
	R(syscall(SYS_mkdir, p, 0755));
}

CASE(mkdir_umask0)
{
	umask(0);
	R(syscall(SYS_mkdir, "new", 0777));
}

CASE(mkdir_umask077)
{
	umask(077);
	R(syscall(SYS_mkdir, "new", 0777));
}

CASE(mkdir_setgid_parent)
{
	mkd("sg", 02775);
	own("sg", (uid_t)-1, 1234);
	R(syscall(SYS_mkdir, "sg/new", 0755));
}

CASE(mkdir_setgid_parent_user)
{
	mkd("sg", 02777);
	own("sg", (uid_t)-1, 1234);
	user();
	R(syscall(SYS_mkdir, "sg/new", 0755));
}

CASE(mkdir_acl_default)
{
	mkd("acl", 0755);
	setx("acl", "system.posix_acl_default", &ACL, sizeof(ACL));
	R(syscall(SYS_mkdir, "acl/new", 0777));
}

CASE(mkdir_eacces)
{
	mkd("ro", 0555);
	user();
	R(syscall(SYS_mkdir, "ro/new", 0755));
}

CASE(mkdir_search_denied)
{
	mkd("nx", 0755);
	mkd("nx/in", 0777);
	if (chmod("nx", 0666) < 0)
		sfail("chmod", "nx");
	user();
	R(syscall(SYS_mkdir, "nx/in/new", 0755));
}

CASE(mkdir_user_ok)
{
	mkd("w", 0777);
	user();
	R(syscall(SYS_mkdir, "w/new", 0775));
}

CASE(mkdir_erofs)
{
	R(syscall(SYS_mkdir, at("ro", "new"), 0755));
}

CASE(mkdir_erofs_eexist)
{
	R(syscall(SYS_mkdir, at("ro", "d"), 0755));
}

CASE(mkdir_tmpfs)
{
	const char *m = mntdir("mkdir_tmpfs");
	char p[PATH_MAX + 8];

	snprintf(p, sizeof(p), "%s/new", m);
	R(syscall(SYS_mkdir, p, 0750));
	extra(m, "M");
}

CASE(mkdirat_dirfd)
{
	std();
	R(syscall(SYS_mkdirat, xopen("d", O_RDONLY | O_DIRECTORY), "new", 0755));
}

CASE(mkdirat_opath_dirfd)
{
	std();
	R(syscall(SYS_mkdirat, xopen("d", O_PATH | O_DIRECTORY), "new", 0755));
}

CASE(mkdirat_cwd_after_chdir)
{
	std();
	if (chdir("d") < 0)
		sfail("chdir", "d");
	R(syscall(SYS_mkdirat, AT_FDCWD, "new", 0755));
}

CASE(mkdirat_filefd)
{
	std();
	R(syscall(SYS_mkdirat, xopen("f", O_RDONLY), "new", 0755));
}

CASE(mkdirat_badfd)
{
	R(syscall(SYS_mkdirat, 999, "new", 0755));
}

CASE(mkdirat_negfd)
{
	R(syscall(SYS_mkdirat, -5, "new", 0755));
}

CASE(mkdirat_abs_badfd)
{
	R(syscall(SYS_mkdirat, 999, at("w", "mkdirat_abs_badfd/new"), 0755));
}

CASE(mkdirat_removed_cwd)
{
	mkd("gone", 0755);
	if (chdir("gone") < 0 || rmdir("../gone") < 0)
		sfail("chdir/rmdir", "gone");
	R(syscall(SYS_mkdirat, AT_FDCWD, "new", 0755));
}

CASE(mkdirat_removed_cwd_dotdot)
{
	mkd("gone", 0755);
	if (chdir("gone") < 0 || rmdir("../gone") < 0)
		sfail("chdir/rmdir", "gone");
	R(syscall(SYS_mkdirat, AT_FDCWD, "../new", 0755));
}

#ifdef __x86_64__
CASE(mkdirat_fd_high_bits)
{
	std();
	R(syscall(SYS_mkdirat, (long)xopen("d", O_RDONLY) | 1L << 32, "new", 0755));
}
#endif

/* ---- mknod, mknodat ---- */

CASE(mknod_fifo)
{
	R(syscall(SYS_mknod, "p", S_IFIFO | 0644, 0));
}

CASE(mknod_reg)
{
	R(syscall(SYS_mknod, "r", S_IFREG | 0640, 0));
}

CASE(mknod_no_type)
{
	R(syscall(SYS_mknod, "r", 0640, 0));
}

CASE(mknod_reg_suid)
{
	R(syscall(SYS_mknod, "r", S_IFREG | 06755, 0));
}

CASE(mknod_chr)
{
	R(syscall(SYS_mknod, "c", S_IFCHR | 0600, makedev(1, 3)));
}

CASE(mknod_chr_big_minor)
{
	R(syscall(SYS_mknod, "c", S_IFCHR | 0600, makedev(1, 0x12345)));
}

CASE(mknod_blk)
{
	R(syscall(SYS_mknod, "b", S_IFBLK | 0600, makedev(7, 200)));
}

CASE(mknod_sock)
{
	R(syscall(SYS_mknod, "s", S_IFSOCK | 0755, 0));
}

CASE(mknod_dir)
{
	R(syscall(SYS_mknod, "x", S_IFDIR | 0755, 0));
}

CASE(mknod_lnk_type)
{
	R(syscall(SYS_mknod, "x", S_IFLNK | 0755, 0));
}

CASE(mknod_bad_type)
{
	R(syscall(SYS_mknod, "x", 0030000 | 0755, 0));
}

CASE(mknod_chr_user)
{
	mkd("w", 0777);
	user();
	R(syscall(SYS_mknod, "w/c", S_IFCHR | 0600, makedev(1, 3)));
}

CASE(mknod_fifo_user)
{
	mkd("w", 0777);
	user();
	R(syscall(SYS_mknod, "w/p", S_IFIFO | 0600, 0));
}

CASE(mknod_bad_type_user)
{
	user();
	R(syscall(SYS_mknod, "nx/x", 0030000 | 0755, 0));
}

CASE(mknod_eexist)
{
	std();
	R(syscall(SYS_mknod, "f", S_IFIFO | 0644, 0));
}

CASE(mknod_enoent)
{
	R(syscall(SYS_mknod, "nx/p", S_IFIFO | 0644, 0));
}

CASE(mknod_umask)
{
	umask(027);
	R(syscall(SYS_mknod, "p", S_IFIFO | 0777, 0));
}

CASE(mknod_setgid_dir)
{
	mkd("sg", 02777);
	own("sg", (uid_t)-1, 1234);
	R(syscall(SYS_mknod, "sg/r", S_IFREG | 02755, 0));
}

CASE(mknod_setgid_dir_user)
{
	mkd("sg", 02777);
	own("sg", (uid_t)-1, 1234);
	user();
	R(syscall(SYS_mknod, "sg/r", S_IFREG | 02755, 0));
}

CASE(mknod_acl_default)
{
	mkd("acl", 0755);
	setx("acl", "system.posix_acl_default", &ACL, sizeof(ACL));
	R(syscall(SYS_mknod, "acl/p", S_IFIFO | 0666, 0));
}

CASE(mknod_erofs)
{
	R(syscall(SYS_mknod, at("ro", "p"), S_IFIFO | 0644, 0));
}

CASE(mknod_efault)
{
	R(syscall(SYS_mknod, BADP, S_IFIFO | 0644, 0));
}

CASE(mknod_mode_high_bits)
{
	R(syscall(SYS_mknod, "p", 0x10000 | S_IFIFO | 0644, 0));
}

#ifdef __x86_64__
CASE(mknod_dev_high_bits)
{
	R(syscall(SYS_mknod, "c", S_IFCHR | 0600, 1L << 32 | makedev(1, 3)));
}
#endif

CASE(mknodat_dirfd)
{
	std();
	R(syscall(SYS_mknodat, xopen("d", O_RDONLY | O_DIRECTORY), "p", S_IFIFO | 0600, 0));
}

CASE(mknodat_badfd)
{
	R(syscall(SYS_mknodat, 999, "p", S_IFIFO | 0600, 0));
}

CASE(mknodat_filefd)
{
	std();
	R(syscall(SYS_mknodat, xopen("f", O_RDONLY), "p", S_IFIFO | 0600, 0));
}

CASE(mknodat_bad_type_badfd)
{
	R(syscall(SYS_mknodat, 999, "p", 0030000 | 0600, 0));
}

/* ---- unlink, unlinkat, rmdir ---- */

CASE(unlink_file)
{
	std();
	R(syscall(SYS_unlink, "f"));
}

CASE(unlink_symlink)
{
	std();
	R(syscall(SYS_unlink, "ln"));
}

CASE(unlink_dangling)
{
	std();
	R(syscall(SYS_unlink, "dang"));
}

CASE(unlink_dir)
{
	std();
	R(syscall(SYS_unlink, "d"));
}

CASE(unlink_enoent)
{
	R(syscall(SYS_unlink, "nx"));
}

CASE(unlink_enotdir)
{
	std();
	R(syscall(SYS_unlink, "f/x"));
}

CASE(unlink_file_slash)
{
	std();
	R(syscall(SYS_unlink, "f/"));
}

CASE(unlink_dir_slash)
{
	std();
	R(syscall(SYS_unlink, "d/"));
}

CASE(unlink_symlink_slash)
{
	std();
	R(syscall(SYS_unlink, "ln/"));
}

CASE(unlink_dirlink_slash)
{
	std();
	R(syscall(SYS_unlink, "dl/"));
}

CASE(unlink_dot)
{
	R(syscall(SYS_unlink, "."));
}

CASE(unlink_dotdot)
{
	std();
	R(syscall(SYS_unlink, "d/.."));
}

CASE(unlink_root)
{
	R(syscall(SYS_unlink, "/"));
}

CASE(unlink_empty)
{
	R(syscall(SYS_unlink, ""));
}

CASE(unlink_through_dirlink)
{
	std();
	R(syscall(SYS_unlink, "dl/g"));
}

CASE(unlink_hardlinked)
{
	std();
	if (link("f", "h") < 0)
		sfail("link", "h");
	R(syscall(SYS_unlink, "f"));
}

CASE(unlink_loop)
{
	std();
	R(syscall(SYS_unlink, "loop1/x"));
}

CASE(unlink_name_256)
{
	R(syscall(SYS_unlink, longname(256)));
}

CASE(unlink_eacces)
{
	std();
	if (chmod("d", 0555) < 0)
		sfail("chmod", "d");
	user();
	R(syscall(SYS_unlink, "d/g"));
}

CASE(unlink_sticky_other)
{
	mkd("st", 01777);
	mkf("st/x", 0666, "x");
	own("st/x", 1234, 1234);
	user();
	R(syscall(SYS_unlink, "st/x"));
}

CASE(unlink_sticky_own)
{
	mkd("st", 01777);
	own("st", 1234, 1234);
	user();
	mkf("st/mine", 0644, "x");
	R(syscall(SYS_unlink, "st/mine"));
}

CASE(unlink_foreign_sticky)
{
	R(syscall(SYS_unlink, at("foreign", "sticky/u")));
	extra(at("foreign", "sticky"), "F/sticky");
}

CASE(unlink_erofs)
{
	R(syscall(SYS_unlink, at("ro", "f")));
}

CASE(unlink_erofs_enoent)
{
	R(syscall(SYS_unlink, at("ro", "nx")));
}

CASE(unlink_efault)
{
	R(syscall(SYS_unlink, BADP));
}

CASE(unlink_mountpoint)
{
	R(syscall(SYS_unlink, at("mnt", "")));
}

CASE(unlinkat_file)
{
	std();
	R(syscall(SYS_unlinkat, AT_FDCWD, "f", 0));
}

CASE(unlinkat_removedir)
{
	std();
	R(syscall(SYS_unlinkat, AT_FDCWD, "e", AT_REMOVEDIR));
}

CASE(unlinkat_removedir_file)
{
	std();
	R(syscall(SYS_unlinkat, AT_FDCWD, "f", AT_REMOVEDIR));
}

CASE(unlinkat_removedir_nonempty)
{
	std();
	R(syscall(SYS_unlinkat, AT_FDCWD, "d", AT_REMOVEDIR));
}

CASE(unlinkat_removedir_symlink)
{
	std();
	R(syscall(SYS_unlinkat, AT_FDCWD, "dl", AT_REMOVEDIR));
}

CASE(unlinkat_removedir_dot)
{
	std();
	R(syscall(SYS_unlinkat, xopen("e", O_RDONLY), ".", AT_REMOVEDIR));
}

CASE(unlinkat_removedir_dotdot)
{
	std();
	R(syscall(SYS_unlinkat, AT_FDCWD, "e/..", AT_REMOVEDIR));
}

CASE(unlinkat_removedir_root)
{
	R(syscall(SYS_unlinkat, AT_FDCWD, "/", AT_REMOVEDIR));
}

CASE(unlinkat_dir_no_flag)
{
	std();
	R(syscall(SYS_unlinkat, AT_FDCWD, "e", 0));
}

CASE(unlinkat_bad_flags)
{
	std();
	R(syscall(SYS_unlinkat, AT_FDCWD, "f", 0x1));
}

CASE(unlinkat_bad_flags_enoent)
{
	R(syscall(SYS_unlinkat, AT_FDCWD, "nx", AT_REMOVEDIR | AT_SYMLINK_NOFOLLOW));
}

CASE(unlinkat_dirfd)
{
	std();
	R(syscall(SYS_unlinkat, xopen("d", O_RDONLY), "g", 0));
}

CASE(unlinkat_badfd)
{
	R(syscall(SYS_unlinkat, 999, "f", 0));
}

CASE(unlinkat_filefd)
{
	std();
	R(syscall(SYS_unlinkat, xopen("f", O_RDONLY), "g", 0));
}

CASE(unlinkat_cwd_after_chdir)
{
	std();
	if (chdir("d") < 0)
		sfail("chdir", "d");
	R(syscall(SYS_unlinkat, AT_FDCWD, "g", 0));
}

CASE(rmdir_ok)
{
	std();
	R(syscall(SYS_rmdir, "e"));
}

CASE(rmdir_nonempty)
{
	std();
	R(syscall(SYS_rmdir, "d"));
}

CASE(rmdir_file)
{
	std();
	R(syscall(SYS_rmdir, "f"));
}

CASE(rmdir_symlink)
{
	std();
	R(syscall(SYS_rmdir, "dl"));
}

CASE(rmdir_symlink_slash)
{
	std();
	R(syscall(SYS_rmdir, "dl/"));
}

CASE(rmdir_dot)
{
	R(syscall(SYS_rmdir, "."));
}

CASE(rmdir_dot_in_dir)
{
	std();
	R(syscall(SYS_rmdir, "e/."));
}

CASE(rmdir_dotdot)
{
	std();
	R(syscall(SYS_rmdir, "e/.."));
}

CASE(rmdir_root)
{
	R(syscall(SYS_rmdir, "/"));
}

CASE(rmdir_enoent)
{
	R(syscall(SYS_rmdir, "nx"));
}

CASE(rmdir_trailing_slashes)
{
	std();
	R(syscall(SYS_rmdir, "e//"));
}

CASE(rmdir_mountpoint)
{
	R(syscall(SYS_rmdir, at("mnt", "")));
}

CASE(rmdir_erofs)
{
	R(syscall(SYS_rmdir, at("ro", "d")));
}

CASE(rmdir_sticky_other)
{
	mkd("st", 01777);
	mkd("st/x", 0777);
	own("st/x", 1234, 1234);
	user();
	R(syscall(SYS_rmdir, "st/x"));
}

CASE(rmdir_own_cwd)
{
	mkd("c", 0755);
	if (chdir("c") < 0)
		sfail("chdir", "c");
	R(syscall(SYS_rmdir, "../c"));
}

CASE(rmdir_eacces)
{
	mkd("p", 0755);
	mkd("p/x", 0755);
	if (chmod("p", 0555) < 0)
		sfail("chmod", "p");
	user();
	R(syscall(SYS_rmdir, "p/x"));
}

CASE(rmdir_efault)
{
	R(syscall(SYS_rmdir, BADP));
}

/* ---- rename, renameat, renameat2 ---- */

CASE(rename_file)
{
	std();
	R(syscall(SYS_rename, "f", "new"));
}

CASE(rename_over_file)
{
	std();
	mkf("f2", 0600, "b");
	R(syscall(SYS_rename, "f", "f2"));
}

CASE(rename_dir)
{
	std();
	R(syscall(SYS_rename, "d", "d2"));
}

CASE(rename_dir_over_empty_dir)
{
	std();
	R(syscall(SYS_rename, "d", "e"));
}

CASE(rename_dir_over_nonempty)
{
	std();
	R(syscall(SYS_rename, "e", "d"));
}

CASE(rename_file_over_dir)
{
	std();
	R(syscall(SYS_rename, "f", "e"));
}

CASE(rename_dir_over_file)
{
	std();
	R(syscall(SYS_rename, "e", "f"));
}

CASE(rename_enoent)
{
	std();
	R(syscall(SYS_rename, "nx", "y"));
}

CASE(rename_to_missing_dir)
{
	std();
	R(syscall(SYS_rename, "f", "nx/y"));
}

CASE(rename_same)
{
	std();
	R(syscall(SYS_rename, "f", "f"));
}

CASE(rename_hardlinks)
{
	std();
	if (link("f", "h") < 0)
		sfail("link", "h");
	R(syscall(SYS_rename, "f", "h"));
}

CASE(rename_into_itself)
{
	std();
	R(syscall(SYS_rename, "d", "d/sub"));
}

CASE(rename_over_ancestor)
{
	std();
	mkd("d/sub", 0755);
	R(syscall(SYS_rename, "d/sub", "d"));
}

CASE(rename_dot)
{
	std();
	R(syscall(SYS_rename, "e/.", "x"));
}

CASE(rename_to_dot)
{
	std();
	R(syscall(SYS_rename, "e", "d/."));
}

CASE(rename_dotdot)
{
	std();
	R(syscall(SYS_rename, "d/..", "x"));
}

CASE(rename_symlink)
{
	std();
	R(syscall(SYS_rename, "ln", "ln2"));
}

CASE(rename_file_slash)
{
	std();
	R(syscall(SYS_rename, "f/", "x"));
}

CASE(rename_dir_slashes)
{
	std();
	R(syscall(SYS_rename, "e/", "e2/"));
}

CASE(rename_file_to_slash)
{
	std();
	R(syscall(SYS_rename, "f", "x/"));
}

CASE(rename_dirlink_slash)
{
	std();
	R(syscall(SYS_rename, "dl/", "x"));
}

CASE(rename_exdev)
{
	const char *m = mntdir("rename_exdev");
	char p[PATH_MAX + 8];

	std();
	snprintf(p, sizeof(p), "%s/f", m);
	R(syscall(SYS_rename, "f", p));
	extra(m, "M");
}

CASE(rename_erofs)
{
	R(syscall(SYS_rename, at("ro", "f"), at("ro", "g")));
}

CASE(rename_from_erofs)
{
	R(syscall(SYS_rename, at("ro", "f"), "g"));
}

CASE(rename_sticky_other)
{
	mkd("st", 01777);
	mkf("st/x", 0666, "x");
	own("st/x", 1234, 1234);
	user();
	R(syscall(SYS_rename, "st/x", "st/y"));
}

CASE(rename_over_sticky_other)
{
	mkd("st", 01777);
	mkf("st/x", 0666, "x");
	own("st/x", 1234, 1234);
	user();
	mkf("st/mine", 0644, "m");
	R(syscall(SYS_rename, "st/mine", "st/x"));
}

CASE(rename_foreign_sticky)
{
	R(syscall(SYS_rename, at("foreign", "sticky/r"), at("foreign", "sticky/moved")));
	extra(at("foreign", "sticky"), "F/sticky");
}

CASE(rename_eacces)
{
	std();
	if (chmod("d", 0555) < 0)
		sfail("chmod", "d");
	user();
	R(syscall(SYS_rename, "d/g", "d/h"));
}

CASE(rename_efault_old)
{
	R(syscall(SYS_rename, BADP, "x"));
}

CASE(rename_efault_new)
{
	std();
	R(syscall(SYS_rename, "f", BADP));
}

CASE(rename_loop)
{
	std();
	R(syscall(SYS_rename, "loop1/x", "y"));
}

CASE(rename_name_256)
{
	std();
	R(syscall(SYS_rename, "f", longname(256)));
}

CASE(renameat_dirfds)
{
	std();
	R(syscall(SYS_renameat, xopen("d", O_RDONLY), "g", xopen("e", O_RDONLY), "g2"));
}

CASE(renameat_badfd_old)
{
	std();
	R(syscall(SYS_renameat, 999, "f", AT_FDCWD, "x"));
}

CASE(renameat_badfd_new)
{
	std();
	R(syscall(SYS_renameat, AT_FDCWD, "f", 999, "x"));
}

CASE(renameat_filefd)
{
	std();
	R(syscall(SYS_renameat, xopen("f", O_RDONLY), "x", AT_FDCWD, "y"));
}

CASE(renameat_cwd_after_chdir)
{
	std();
	if (chdir("d") < 0)
		sfail("chdir", "d");
	R(syscall(SYS_renameat, AT_FDCWD, "g", AT_FDCWD, "../g"));
}

CASE(renameat2_noreplace_ok)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "new", RENAME_NOREPLACE));
}

CASE(renameat2_noreplace_exists)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "d/g", RENAME_NOREPLACE));
}

CASE(renameat2_noreplace_dangling)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "dang", RENAME_NOREPLACE));
}

CASE(renameat2_noreplace_dot)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "e", AT_FDCWD, "d/.", RENAME_NOREPLACE));
}

CASE(renameat2_exchange)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "d", RENAME_EXCHANGE));
}

CASE(renameat2_exchange_dirs)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "d", AT_FDCWD, "e", RENAME_EXCHANGE));
}

CASE(renameat2_exchange_enoent)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "nx", RENAME_EXCHANGE));
}

CASE(renameat2_exchange_ancestor)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "d", AT_FDCWD, "d/g", RENAME_EXCHANGE));
}

CASE(renameat2_exchange_noreplace)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "d",
		  RENAME_EXCHANGE | RENAME_NOREPLACE));
}

CASE(renameat2_whiteout)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "w", RENAME_WHITEOUT));
}

CASE(renameat2_whiteout_user)
{
	mkd("w", 0777);
	user();
	mkf("w/f", 0644, "x");
	R(syscall(SYS_renameat2, AT_FDCWD, "w/f", AT_FDCWD, "w/g", RENAME_WHITEOUT));
}

CASE(renameat2_whiteout_exchange)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "d",
		  RENAME_WHITEOUT | RENAME_EXCHANGE));
}

CASE(renameat2_bad_flags)
{
	std();
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "x", 8));
}

CASE(renameat2_bad_flags_enoent)
{
	R(syscall(SYS_renameat2, AT_FDCWD, "nx", AT_FDCWD, "x", 8));
}

CASE(renameat2_exdev)
{
	const char *m = mntdir("renameat2_exdev");
	char p[PATH_MAX + 8];

	std();
	snprintf(p, sizeof(p), "%s/f", m);
	R(syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, p, RENAME_NOREPLACE));
}

CASE(renameat2_exchange_erofs)
{
	R(syscall(SYS_renameat2, AT_FDCWD, at("ro", "f"), AT_FDCWD, at("ro", "d"),
		  RENAME_EXCHANGE));
}

/* ---- link, linkat ---- */

CASE(link_ok)
{
	std();
	R(syscall(SYS_link, "f", "h"));
}

CASE(link_eexist)
{
	std();
	R(syscall(SYS_link, "f", "ln"));
}

CASE(link_dir)
{
	std();
	R(syscall(SYS_link, "d", "h"));
}

CASE(link_symlink)
{
	std();
	R(syscall(SYS_link, "ln", "h"));
}

CASE(link_dangling)
{
	std();
	R(syscall(SYS_link, "dang", "h"));
}

CASE(link_enoent)
{
	R(syscall(SYS_link, "nx", "h"));
}

CASE(link_exdev)
{
	const char *m = mntdir("link_exdev");
	char p[PATH_MAX + 8];

	std();
	snprintf(p, sizeof(p), "%s/h", m);
	R(syscall(SYS_link, "f", p));
}

CASE(link_erofs)
{
	R(syscall(SYS_link, at("ro", "f"), at("ro", "h")));
}

CASE(link_protected_user)
{
	mkd("w", 0777);
	mkf("w/p", 0600, "x");
	own("w/p", 1234, 1234);
	user();
	R(syscall(SYS_link, "w/p", "w/h"));
}

CASE(link_foreign_priv)
{
	mkd("w", 0777);
	R(syscall(SYS_link, at("foreign", "priv"), at("w", "link_foreign_priv/w/h")));
}

CASE(link_old_slash)
{
	std();
	R(syscall(SYS_link, "f/", "h"));
}

CASE(link_new_slash)
{
	std();
	R(syscall(SYS_link, "f", "h/"));
}

CASE(link_to_dot)
{
	std();
	R(syscall(SYS_link, "f", "."));
}

CASE(link_to_dotdot)
{
	std();
	R(syscall(SYS_link, "f", "d/.."));
}

CASE(link_eacces)
{
	std();
	if (chmod("d", 0555) < 0)
		sfail("chmod", "d");
	user();
	R(syscall(SYS_link, "d/g", "d/h"));
}

CASE(link_efault_old)
{
	R(syscall(SYS_link, BADP, "h"));
}

CASE(link_efault_new)
{
	std();
	R(syscall(SYS_link, "f", BADP));
}

CASE(linkat_nofollow)
{
	std();
	R(syscall(SYS_linkat, AT_FDCWD, "ln", AT_FDCWD, "h", 0));
}

CASE(linkat_follow)
{
	std();
	R(syscall(SYS_linkat, AT_FDCWD, "ln", AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
}

CASE(linkat_follow_dangling)
{
	std();
	R(syscall(SYS_linkat, AT_FDCWD, "dang", AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
}

CASE(linkat_follow_loop)
{
	std();
	R(syscall(SYS_linkat, AT_FDCWD, "loop1", AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
}

CASE(linkat_follow_dir)
{
	std();
	R(syscall(SYS_linkat, AT_FDCWD, "dl", AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
}

CASE(linkat_empty_path)
{
	std();
	R(syscall(SYS_linkat, xopen("f", O_RDONLY), "", AT_FDCWD, "h", AT_EMPTY_PATH));
}

CASE(linkat_empty_path_user)
{
	mkd("w", 0777);
	user();
	mkf("w/f", 0644, "x");
	R(syscall(SYS_linkat, xopen("w/f", O_RDONLY), "", AT_FDCWD, "w/h", AT_EMPTY_PATH));
}

CASE(linkat_empty_path_opath)
{
	std();
	R(syscall(SYS_linkat, xopen("f", O_PATH), "", AT_FDCWD, "h", AT_EMPTY_PATH));
}

CASE(linkat_empty_path_symlink)
{
	std();
	R(syscall(SYS_linkat, xopen("ln", O_PATH | O_NOFOLLOW), "", AT_FDCWD, "h",
		  AT_EMPTY_PATH));
}

CASE(linkat_empty_no_flag)
{
	std();
	R(syscall(SYS_linkat, xopen("f", O_RDONLY), "", AT_FDCWD, "h", 0));
}

CASE(linkat_empty_dir)
{
	std();
	R(syscall(SYS_linkat, xopen("d", O_RDONLY), "", AT_FDCWD, "h", AT_EMPTY_PATH));
}

CASE(linkat_bad_flags)
{
	std();
	R(syscall(SYS_linkat, AT_FDCWD, "f", AT_FDCWD, "h", 0x1));
}

CASE(linkat_dirfds)
{
	std();
	R(syscall(SYS_linkat, xopen("d", O_RDONLY), "g", xopen("e", O_RDONLY), "h", 0));
}

CASE(linkat_badfd)
{
	std();
	R(syscall(SYS_linkat, 999, "f", AT_FDCWD, "h", 0));
}

CASE(linkat_tmpfile)
{
	int fd = open(".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0640);

	if (fd < 0)
		sfail("open", "O_TMPFILE");
	else if (write(fd, "tmp", 3) != 3)
		sfail("write", "tmpfile");
	R(syscall(SYS_linkat, fd, "", AT_FDCWD, "h", AT_EMPTY_PATH));
}

CASE(linkat_tmpfile_excl)
{
	int fd = open(".", O_TMPFILE | O_EXCL | O_RDWR | O_CLOEXEC, 0640);

	if (fd < 0)
		sfail("open", "O_TMPFILE");
	R(syscall(SYS_linkat, fd, "", AT_FDCWD, "h", AT_EMPTY_PATH));
}

CASE(linkat_proc_fd_follow)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	R(syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
}

CASE(linkat_proc_fd_tmpfile)
{
	char p[64];
	int fd = open(".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd < 0)
		sfail("open", "O_TMPFILE");
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	R(syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
}

/* ---- symlink, symlinkat ---- */

CASE(symlink_ok)
{
	R(syscall(SYS_symlink, "some/target", "s"));
}

CASE(symlink_eexist)
{
	std();
	R(syscall(SYS_symlink, "x", "f"));
}

CASE(symlink_over_dangling)
{
	std();
	R(syscall(SYS_symlink, "x", "dang"));
}

CASE(symlink_empty_target)
{
	R(syscall(SYS_symlink, "", "s"));
}

CASE(symlink_target_4095)
{
	R(syscall(SYS_symlink, longpath(4095, "t"), "s"));
}

CASE(symlink_target_4096)
{
	R(syscall(SYS_symlink, longpath(4096, "t"), "s"));
}

CASE(symlink_efault_target)
{
	R(syscall(SYS_symlink, BADP, "s"));
}

CASE(symlink_efault_target_enoent)
{
	R(syscall(SYS_symlink, BADP, "nx/s"));
}

CASE(symlink_efault_linkpath)
{
	R(syscall(SYS_symlink, "x", BADP));
}

CASE(symlink_empty_target_enoent)
{
	R(syscall(SYS_symlink, "", "nx/s"));
}

CASE(symlink_enoent_parent)
{
	R(syscall(SYS_symlink, "x", "nx/s"));
}

CASE(symlink_trailing_slash)
{
	R(syscall(SYS_symlink, "x", "s/"));
}

CASE(symlink_dot)
{
	R(syscall(SYS_symlink, "x", "."));
}

CASE(symlink_setgid_dir)
{
	mkd("sg", 02777);
	own("sg", (uid_t)-1, 1234);
	R(syscall(SYS_symlink, "x", "sg/s"));
}

CASE(symlink_erofs)
{
	R(syscall(SYS_symlink, "x", at("ro", "s")));
}

CASE(symlink_eacces)
{
	mkd("ro", 0555);
	user();
	R(syscall(SYS_symlink, "x", "ro/s"));
}

CASE(symlink_umask)
{
	umask(0777);
	R(syscall(SYS_symlink, "x", "s"));
}

CASE(symlink_through_dirlink)
{
	std();
	R(syscall(SYS_symlink, "x", "dl/s"));
}

CASE(symlinkat_dirfd)
{
	std();
	R(syscall(SYS_symlinkat, "x", xopen("d", O_RDONLY), "s"));
}

CASE(symlinkat_badfd)
{
	R(syscall(SYS_symlinkat, "x", 999, "s"));
}

CASE(symlinkat_filefd)
{
	std();
	R(syscall(SYS_symlinkat, "x", xopen("f", O_RDONLY), "s"));
}

CASE(symlinkat_badfd_empty_target)
{
	R(syscall(SYS_symlinkat, "", 999, "s"));
}

/* ---- chmod, fchmodat, fchmodat2 ---- */

CASE(chmod_ok)
{
	std();
	R(syscall(SYS_chmod, "f", 0600));
}

CASE(chmod_all_bits)
{
	std();
	R(syscall(SYS_chmod, "f", 07777));
}

CASE(chmod_high_bits)
{
	std();
	R(syscall(SYS_chmod, "f", 0x10000 | 0640));
}

CASE(chmod_symlink)
{
	std();
	R(syscall(SYS_chmod, "ln", 0600));
}

CASE(chmod_dangling)
{
	std();
	R(syscall(SYS_chmod, "dang", 0600));
}

CASE(chmod_loop)
{
	std();
	R(syscall(SYS_chmod, "loop1", 0600));
}

CASE(chmod_dir)
{
	std();
	R(syscall(SYS_chmod, "d", 0700));
}

CASE(chmod_dir_dot)
{
	std();
	R(syscall(SYS_chmod, "d/.", 0711));
}

CASE(chmod_file_slash)
{
	std();
	R(syscall(SYS_chmod, "f/", 0600));
}

CASE(chmod_dirlink_slash)
{
	std();
	R(syscall(SYS_chmod, "dl/", 0700));
}

CASE(chmod_enoent)
{
	R(syscall(SYS_chmod, "nx", 0600));
}

CASE(chmod_other_user)
{
	mkf("p", 0644, "x");
	own("p", 1234, 1234);
	user();
	R(syscall(SYS_chmod, "p", 0777));
}

CASE(chmod_own_sgid_nonmember)
{
	mkf("p", 0644, "x");
	own("p", 65534, 1234);
	user();
	R(syscall(SYS_chmod, "p", 02755));
}

CASE(chmod_sgid_root_nonmember)
{
	mkf("p", 0644, "x");
	own("p", 65534, 1234);
	R(syscall(SYS_chmod, "p", 02755));
}

CASE(chmod_foreign)
{
	R(syscall(SYS_chmod, at("foreign", "pub"), 0600));
	extra(at("foreign", "pub"), "F/pub");
}

CASE(chmod_erofs)
{
	R(syscall(SYS_chmod, at("ro", "f"), 0600));
}

CASE(chmod_efault)
{
	R(syscall(SYS_chmod, BADP, 0600));
}

CASE(chmod_proc_self_fd)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_PATH));
	R(syscall(SYS_chmod, p, 0600));
}

CASE(chmod_fifo)
{
	if (mkfifo("p", 0644) < 0)
		sfail("mkfifo", "p");
	R(syscall(SYS_chmod, "p", 0600));
}

CASE(fchmodat_dirfd)
{
	std();
	R(syscall(SYS_fchmodat, xopen("d", O_RDONLY), "g", 0600));
}

CASE(fchmodat_badfd)
{
	R(syscall(SYS_fchmodat, 999, "g", 0600));
}

CASE(fchmodat_filefd)
{
	std();
	R(syscall(SYS_fchmodat, xopen("f", O_RDONLY), "g", 0600));
}

CASE(fchmodat_flags_ignored)
{
	std();
	R(syscall(SYS_fchmodat, AT_FDCWD, "ln", 0600, AT_SYMLINK_NOFOLLOW));
}

CASE(fchmodat_empty)
{
	std();
	R(syscall(SYS_fchmodat, xopen("f", O_RDONLY), "", 0600));
}

CASE(fchmodat2_nofollow_symlink)
{
	std();
	R(syscall(SYS_fchmodat2, AT_FDCWD, "ln", 0600, AT_SYMLINK_NOFOLLOW));
}

CASE(fchmodat2_nofollow_file)
{
	std();
	R(syscall(SYS_fchmodat2, AT_FDCWD, "f", 0600, AT_SYMLINK_NOFOLLOW));
}

CASE(fchmodat2_follow)
{
	std();
	R(syscall(SYS_fchmodat2, AT_FDCWD, "ln", 0600, 0));
}

CASE(fchmodat2_empty_path)
{
	std();
	R(syscall(SYS_fchmodat2, xopen("f", O_RDONLY), "", 0600, AT_EMPTY_PATH));
}

CASE(fchmodat2_empty_path_opath_link)
{
	std();
	R(syscall(SYS_fchmodat2, xopen("ln", O_PATH | O_NOFOLLOW), "", 0600,
		  AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
}

CASE(fchmodat2_empty_no_flag)
{
	std();
	R(syscall(SYS_fchmodat2, xopen("f", O_RDONLY), "", 0600, 0));
}

CASE(fchmodat2_bad_flags)
{
	std();
	R(syscall(SYS_fchmodat2, AT_FDCWD, "f", 0600, 0x1));
}

CASE(fchmodat2_bad_flags_enoent)
{
	R(syscall(SYS_fchmodat2, AT_FDCWD, "nx", 0600, 0x1));
}

CASE(fchmodat2_nofollow_dangling)
{
	std();
	R(syscall(SYS_fchmodat2, AT_FDCWD, "dang", 0600, AT_SYMLINK_NOFOLLOW));
}

/* ---- chown, lchown, fchownat ---- */

#ifdef __i386__
#define NR_CHOWN  SYS_chown32
#define NR_LCHOWN SYS_lchown32
#else
#define NR_CHOWN  SYS_chown
#define NR_LCHOWN SYS_lchown
#endif

CASE(chown_ok)
{
	std();
	R(syscall(NR_CHOWN, "f", 1234, 1234));
}

CASE(chown_no_change)
{
	std();
	R(syscall(NR_CHOWN, "f", -1, -1));
}

CASE(chown_group_only)
{
	std();
	R(syscall(NR_CHOWN, "f", -1, 1234));
}

CASE(chown_symlink)
{
	std();
	R(syscall(NR_CHOWN, "ln", 1234, 1234));
}

CASE(chown_dangling)
{
	std();
	R(syscall(NR_CHOWN, "dang", 1234, 1234));
}

CASE(chown_clears_setid)
{
	mkf("p", 06755, "x");
	R(syscall(NR_CHOWN, "p", 1234, 1234));
}

CASE(chown_keeps_sgid_no_gx)
{
	mkf("p", 02644, "x");
	R(syscall(NR_CHOWN, "p", 1234, 1234));
}

CASE(chown_dir_keeps_setid)
{
	mkd("p", 06755);
	R(syscall(NR_CHOWN, "p", 1234, 1234));
}

CASE(chown_other_user)
{
	mkf("p", 0644, "x");
	own("p", 1234, 1234);
	user();
	R(syscall(NR_CHOWN, "p", 65534, 65534));
}

CASE(chown_own_to_root_user)
{
	mkf("p", 0644, "x");
	own("p", 65534, 65534);
	user();
	R(syscall(NR_CHOWN, "p", 0, -1));
}

CASE(chown_own_group_nonmember_user)
{
	mkf("p", 0644, "x");
	own("p", 65534, 65534);
	user();
	R(syscall(NR_CHOWN, "p", -1, 1234));
}

CASE(chown_own_noop_user)
{
	mkf("p", 06755, "x");
	own("p", 65534, 65534);
	user();
	R(syscall(NR_CHOWN, "p", 65534, 65534));
}

CASE(chown_enoent)
{
	R(syscall(NR_CHOWN, "nx", 1, 1));
}

CASE(chown_efault)
{
	R(syscall(NR_CHOWN, BADP, 1, 1));
}

CASE(chown_erofs)
{
	R(syscall(NR_CHOWN, at("ro", "f"), 1, 1));
}

CASE(chown_foreign)
{
	R(syscall(NR_CHOWN, at("foreign", "pub2"), 65534, -1));
	extra(at("foreign", "pub2"), "F/pub2");
}

CASE(lchown_symlink)
{
	std();
	R(syscall(NR_LCHOWN, "ln", 1234, 1234));
}

CASE(lchown_dangling)
{
	std();
	R(syscall(NR_LCHOWN, "dang", 1234, 1234));
}

CASE(lchown_file)
{
	std();
	R(syscall(NR_LCHOWN, "f", 1234, -1));
}

CASE(lchown_dirlink_slash)
{
	std();
	R(syscall(NR_LCHOWN, "dl/", 1234, -1));
}

CASE(fchownat_nofollow)
{
	std();
	R(syscall(SYS_fchownat, AT_FDCWD, "ln", 1234, 1234, AT_SYMLINK_NOFOLLOW));
}

CASE(fchownat_follow)
{
	std();
	R(syscall(SYS_fchownat, AT_FDCWD, "ln", 1234, 1234, 0));
}

CASE(fchownat_empty_path)
{
	std();
	R(syscall(SYS_fchownat, xopen("f", O_RDONLY), "", 1234, 1234, AT_EMPTY_PATH));
}

CASE(fchownat_empty_path_cwd)
{
	std();
	if (chdir("d") < 0)
		sfail("chdir", "d");
	R(syscall(SYS_fchownat, AT_FDCWD, "", 1234, 1234, AT_EMPTY_PATH));
}

CASE(fchownat_empty_no_flag)
{
	std();
	R(syscall(SYS_fchownat, xopen("f", O_RDONLY), "", 1234, 1234, 0));
}

CASE(fchownat_bad_flags)
{
	std();
	R(syscall(SYS_fchownat, AT_FDCWD, "f", 1234, 1234, 0x1));
}

CASE(fchownat_dirfd)
{
	std();
	R(syscall(SYS_fchownat, xopen("d", O_RDONLY), "g", 1234, 1234, 0));
}

CASE(fchownat_badfd)
{
	R(syscall(SYS_fchownat, 999, "g", 1234, 1234, 0));
}

#ifdef __i386__
CASE(chown16_ids)
{
	std();
	R(syscall(SYS_chown, "f", 0xffff, 0x10001)); /* uid -1, gid 1 */
}

CASE(chown16_ok)
{
	std();
	R(syscall(SYS_chown, "f", 1234, 4321));
}

CASE(lchown16_symlink)
{
	std();
	R(syscall(SYS_lchown, "ln", 1234, 0xffff));
}

CASE(chown32_minus1)
{
	std();
	R(syscall(SYS_chown32, "f", 0xffffffff, 77));
}
#endif

/* ---- truncate ---- */

CASE(truncate_shrink)
{
	std();
	R(syscall(SYS_truncate, "f", 2));
}

CASE(truncate_grow)
{
	std();
	R(syscall(SYS_truncate, "f", 10000));
}

CASE(truncate_negative)
{
	std();
	R(syscall(SYS_truncate, "f", -1));
}

CASE(truncate_negative_enoent)
{
	R(syscall(SYS_truncate, "nx", -1));
}

CASE(truncate_dir)
{
	std();
	R(syscall(SYS_truncate, "d", 0));
}

CASE(truncate_symlink)
{
	std();
	R(syscall(SYS_truncate, "ln", 1));
}

CASE(truncate_dangling)
{
	std();
	R(syscall(SYS_truncate, "dang", 1));
}

CASE(truncate_enoent)
{
	R(syscall(SYS_truncate, "nx", 1));
}

CASE(truncate_fifo)
{
	if (mkfifo("p", 0644) < 0)
		sfail("mkfifo", "p");
	R(syscall(SYS_truncate, "p", 0));
}

CASE(truncate_eacces)
{
	mkf("p", 0444, "data");
	user();
	R(syscall(SYS_truncate, "p", 1));
}

CASE(truncate_erofs)
{
	R(syscall(SYS_truncate, at("ro", "f"), 1));
}

CASE(truncate_file_slash)
{
	std();
	R(syscall(SYS_truncate, "f/", 1));
}

CASE(truncate_clears_setid_user)
{
	mkf("p", 06775, "data");
	own("p", 65534, 65534);
	user();
	R(syscall(SYS_truncate, "p", 1));
}

CASE(truncate_efault)
{
	R(syscall(SYS_truncate, BADP, 1));
}

#ifdef __i386__
CASE(truncate32_high_bit)
{
	std();
	R(syscall(SYS_truncate, "f", 0x80000000));
}

CASE(truncate64_big)
{
	std();
	R(syscall(SYS_truncate64, "f", 0, 1)); /* 4 GiB: low, high */
}

CASE(truncate64_negative)
{
	std();
	R(syscall(SYS_truncate64, "f", 0, 0x80000000));
}
#else
CASE(truncate_big)
{
	std();
	R(syscall(SYS_truncate, "f", 1L << 32));
}
#endif

/* ---- utimensat, utimes, utime, futimesat ---- */

CASE(utimensat_explicit)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(OLD + 10, 5, OLD + 20, 6), 0));
}

CASE(utimensat_omit_atime)
{
	std();
	oldtimes("f");
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(0, UTIME_OMIT, OLD + 30, 0), 0));
}

CASE(utimensat_now_mtime)
{
	std();
	oldtimes("f");
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(OLD + 40, 0, 0, UTIME_NOW), 0));
}

CASE(utimensat_both_omit)
{
	std();
	oldtimes("f");
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(5, UTIME_OMIT, 6, UTIME_OMIT), 0));
}

CASE(utimensat_both_omit_enoent)
{
	R(syscall(SYS_utimensat, AT_FDCWD, "nx", times2(5, UTIME_OMIT, 6, UTIME_OMIT), 0));
}

CASE(utimensat_both_omit_erofs)
{
	R(syscall(SYS_utimensat, AT_FDCWD, at("ro", "f"), times2(5, UTIME_OMIT, 6, UTIME_OMIT),
		  0));
}

CASE(utimensat_null_times)
{
	std();
	oldtimes("f");
	R(syscall(SYS_utimensat, AT_FDCWD, "f", NULL, 0));
}

CASE(utimensat_nofollow)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "ln", times2(OLD + 50, 0, OLD + 60, 0),
		  AT_SYMLINK_NOFOLLOW));
}

CASE(utimensat_follow)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "ln", times2(OLD + 50, 0, OLD + 60, 0), 0));
}

CASE(utimensat_dangling)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "dang", times2(OLD, 0, OLD, 0), 0));
}

CASE(utimensat_null_path_fd)
{
	std();
	R(syscall(SYS_utimensat, xopen("f", O_RDONLY), NULL, times2(OLD + 70, 0, OLD + 80, 0),
		  0));
}

CASE(utimensat_null_path_dirfd)
{
	std();
	R(syscall(SYS_utimensat, xopen("d", O_RDONLY), NULL, times2(OLD + 70, 0, OLD + 80, 0),
		  0));
}

CASE(utimensat_null_path_flags)
{
	std();
	R(syscall(SYS_utimensat, xopen("f", O_RDONLY), NULL, times2(OLD, 0, OLD, 0),
		  AT_SYMLINK_NOFOLLOW));
}

CASE(utimensat_null_path_fdcwd)
{
	R(syscall(SYS_utimensat, AT_FDCWD, NULL, times2(OLD, 0, OLD, 0), 0));
}

CASE(utimensat_null_path_opath)
{
	std();
	R(syscall(SYS_utimensat, xopen("f", O_PATH), NULL, times2(OLD, 0, OLD, 0), 0));
}

CASE(utimensat_null_path_badfd)
{
	R(syscall(SYS_utimensat, 999, NULL, times2(OLD, 0, OLD, 0), 0));
}

CASE(utimensat_null_path_null_times)
{
	std();
	oldtimes("f");
	R(syscall(SYS_utimensat, xopen("f", O_RDONLY), NULL, NULL, 0));
}

CASE(utimensat_empty_path)
{
	std();
	R(syscall(SYS_utimensat, xopen("f", O_RDONLY), "", times2(OLD + 90, 0, OLD + 91, 0),
		  AT_EMPTY_PATH));
}

CASE(utimensat_empty_path_opath)
{
	std();
	R(syscall(SYS_utimensat, xopen("f", O_PATH), "", times2(OLD + 90, 0, OLD + 91, 0),
		  AT_EMPTY_PATH));
}

CASE(utimensat_empty_path_link)
{
	std();
	R(syscall(SYS_utimensat, xopen("ln", O_PATH | O_NOFOLLOW), "",
		  times2(OLD + 92, 0, OLD + 93, 0), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
}

CASE(utimensat_empty_no_flag)
{
	std();
	R(syscall(SYS_utimensat, xopen("f", O_RDONLY), "", times2(OLD, 0, OLD, 0), 0));
}

CASE(utimensat_bad_nsec)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(OLD, 1000000000, OLD, 0), 0));
}

CASE(utimensat_negative_nsec)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(OLD, 0, OLD, -1), 0));
}

CASE(utimensat_bad_nsec_enoent)
{
	R(syscall(SYS_utimensat, AT_FDCWD, "nx", times2(OLD, 1000000000, OLD, 0), 0));
}

CASE(utimensat_bad_nsec_omit)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(OLD, 1000000000, 0, UTIME_OMIT), 0));
}

CASE(utimensat_bad_flags)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(OLD, 0, OLD, 0), 0x1));
}

CASE(utimensat_bad_flags_enoent)
{
	R(syscall(SYS_utimensat, AT_FDCWD, "nx", NULL, 0x1));
}

CASE(utimensat_bad_flags_both_omit)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(0, UTIME_OMIT, 0, UTIME_OMIT), 0x1));
}

CASE(utimensat_bad_flags_efault_times)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f", BADP, 0x1));
}

CASE(utimensat_both_omit_efault_path)
{
	R(syscall(SYS_utimensat, AT_FDCWD, BADP, times2(0, UTIME_OMIT, 0, UTIME_OMIT), 0));
}

CASE(utimensat_both_omit_null_path_fdcwd)
{
	R(syscall(SYS_utimensat, AT_FDCWD, NULL, times2(0, UTIME_OMIT, 0, UTIME_OMIT), 0));
}

CASE(utimensat_bad_nsec_erofs)
{
	R(syscall(SYS_utimensat, AT_FDCWD, at("ro", "f"), times2(OLD, -5, 0, UTIME_OMIT), 0));
}

CASE(utimensat_null_path_pipe)
{
	int p[2];

	if (pipe(p) < 0)
		sfail("pipe", "");
	R(syscall(SYS_utimensat, p[0], NULL, NULL, 0));
}

CASE(futimesat_null_path_opath)
{
	std();
	R(syscall(SYS_futimesat, xopen("f", O_PATH), NULL, times2(OLD, 0, OLD, 0)));
}

CASE(utimensat_efault_times)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f", BADP, 0));
}

CASE(utimensat_efault_times_enoent)
{
	R(syscall(SYS_utimensat, AT_FDCWD, "nx", BADP, 0));
}

CASE(utimensat_efault_path)
{
	R(syscall(SYS_utimensat, AT_FDCWD, BADP, NULL, 0));
}

CASE(utimensat_negative_times)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f", times2(-1, 0, -100, 5), 0));
}

CASE(utimensat_now_other_writable)
{
	mkf("p", 0666, "x");
	own("p", 1234, 1234);
	oldtimes("p");
	user();
	R(syscall(SYS_utimensat, AT_FDCWD, "p", NULL, 0));
}

CASE(utimensat_both_now_other_writable)
{
	mkf("p", 0666, "x");
	own("p", 1234, 1234);
	oldtimes("p");
	user();
	R(syscall(SYS_utimensat, AT_FDCWD, "p", times2(0, UTIME_NOW, 0, UTIME_NOW), 0));
}

CASE(utimensat_omit_now_other_writable)
{
	mkf("p", 0666, "x");
	own("p", 1234, 1234);
	oldtimes("p");
	user();
	R(syscall(SYS_utimensat, AT_FDCWD, "p", times2(0, UTIME_OMIT, 0, UTIME_NOW), 0));
}

CASE(utimensat_explicit_other)
{
	mkf("p", 0666, "x");
	own("p", 1234, 1234);
	user();
	R(syscall(SYS_utimensat, AT_FDCWD, "p", times2(OLD, 0, OLD, 0), 0));
}

CASE(utimensat_now_other_readonly)
{
	mkf("p", 0644, "x");
	own("p", 1234, 1234);
	oldtimes("p");
	user();
	R(syscall(SYS_utimensat, AT_FDCWD, "p", NULL, 0));
}

CASE(utimensat_erofs)
{
	R(syscall(SYS_utimensat, AT_FDCWD, at("ro", "f"), NULL, 0));
}

CASE(utimensat_dir)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "d", times2(OLD + 1, 0, OLD + 2, 0), 0));
}

CASE(utimensat_dirfd)
{
	std();
	R(syscall(SYS_utimensat, xopen("d", O_RDONLY), "g", times2(OLD + 3, 0, OLD + 4, 0), 0));
}

CASE(utimensat_badfd)
{
	R(syscall(SYS_utimensat, 999, "g", NULL, 0));
}

#ifdef __i386__
CASE(utimensat_time64)
{
	int64_t ts[4] = { OLD + 5, 6, 0x100000000LL, 7 };

	std();
	R(syscall(SYS_utimensat_time64, AT_FDCWD, "f", ts, 0));
}

CASE(utimensat_time64_bad_nsec)
{
	int64_t ts[4] = { OLD, 1000000000, OLD, 0 };

	std();
	R(syscall(SYS_utimensat_time64, AT_FDCWD, "f", ts, 0));
}

CASE(utimensat_time64_omit)
{
	int64_t ts[4] = { 0, UTIME_OMIT, OLD + 9, 0 };

	std();
	oldtimes("f");
	R(syscall(SYS_utimensat_time64, AT_FDCWD, "f", ts, 0));
}
#endif

CASE(utimes_explicit)
{
	std();
	R(syscall(SYS_utimes, "f", times2(OLD + 1, 7, OLD + 2, 8)));
}

CASE(utimes_null)
{
	std();
	oldtimes("f");
	R(syscall(SYS_utimes, "f", NULL));
}

CASE(utimes_bad_usec)
{
	std();
	R(syscall(SYS_utimes, "f", times2(OLD, 1000000, OLD, 0)));
}

CASE(utimes_negative_usec)
{
	std();
	R(syscall(SYS_utimes, "f", times2(OLD, 0, OLD, -1)));
}

CASE(utimes_bad_usec_enoent)
{
	R(syscall(SYS_utimes, "nx", times2(OLD, 1000000, OLD, 0)));
}

CASE(utimes_omit_value)
{
	std();
	R(syscall(SYS_utimes, "f", times2(OLD, UTIME_OMIT, OLD, 0)));
}

CASE(utimes_efault_times)
{
	std();
	R(syscall(SYS_utimes, "f", BADP));
}

CASE(utimes_symlink)
{
	std();
	R(syscall(SYS_utimes, "ln", times2(OLD + 3, 0, OLD + 4, 0)));
}

CASE(utimes_enoent)
{
	R(syscall(SYS_utimes, "nx", NULL));
}

CASE(utimes_now_other_writable)
{
	mkf("p", 0666, "x");
	own("p", 1234, 1234);
	oldtimes("p");
	user();
	R(syscall(SYS_utimes, "p", NULL));
}

CASE(futimesat_dirfd)
{
	std();
	R(syscall(SYS_futimesat, xopen("d", O_RDONLY), "g", times2(OLD + 5, 1, OLD + 6, 2)));
}

CASE(futimesat_null_path)
{
	std();
	R(syscall(SYS_futimesat, xopen("f", O_RDONLY), NULL, times2(OLD + 7, 0, OLD + 8, 0)));
}

CASE(futimesat_null_path_fdcwd)
{
	R(syscall(SYS_futimesat, AT_FDCWD, NULL, times2(OLD, 0, OLD, 0)));
}

CASE(futimesat_bad_usec)
{
	std();
	R(syscall(SYS_futimesat, AT_FDCWD, "f", times2(OLD, 0, OLD, 1000000)));
}

CASE(futimesat_badfd)
{
	R(syscall(SYS_futimesat, 999, "f", NULL));
}

CASE(futimesat_null_times)
{
	std();
	oldtimes("f");
	R(syscall(SYS_futimesat, AT_FDCWD, "f", NULL));
}

CASE(utime_explicit)
{
	std();
	R(syscall(SYS_utime, "f", times2(OLD + 3, OLD + 4, 0, 0)));
}

CASE(utime_null)
{
	std();
	oldtimes("f");
	R(syscall(SYS_utime, "f", NULL));
}

CASE(utime_efault)
{
	std();
	R(syscall(SYS_utime, "f", BADP));
}

CASE(utime_symlink)
{
	std();
	R(syscall(SYS_utime, "ln", times2(OLD + 5, OLD + 6, 0, 0)));
}

CASE(utime_dir)
{
	std();
	R(syscall(SYS_utime, "d", times2(OLD + 5, OLD + 6, 0, 0)));
}

CASE(utime_now_other_writable)
{
	mkf("p", 0666, "x");
	own("p", 1234, 1234);
	oldtimes("p");
	user();
	R(syscall(SYS_utime, "p", NULL));
}

CASE(utime_explicit_other)
{
	mkf("p", 0666, "x");
	own("p", 1234, 1234);
	user();
	R(syscall(SYS_utime, "p", times2(OLD, OLD, 0, 0)));
}

CASE(utime_enoent)
{
	R(syscall(SYS_utime, "nx", NULL));
}

/* ---- stat, lstat, newfstatat (fstatat64), statx ---- */

/* NR(P, buffer) into a fresh buffer, shown in layout L. */
static void st(long nr, const char *p, const struct layout *l)
{
	char *b = fresh();

	R(syscall(nr, p, b));
	pstruct(b, l);
}

static void fst(int dirfd, const char *p, int flags)
{
	char *b = fresh();

	R(syscall(NR_FSTATAT, dirfd, p, b, flags));
	pstruct(b, &L_FSTATAT);
}

static void stx(int dirfd, const char *p, int flags, unsigned mask)
{
	char *b = fresh();

	R(syscall(SYS_statx, dirfd, p, flags, mask, b));
	pstatx(b);
}

CASE(stat_file)
{
	std();
	st(SYS_stat, "f", &L_STAT);
}

CASE(stat_dir)
{
	std();
	st(SYS_stat, "d", &L_STAT);
}

CASE(stat_symlink)
{
	std();
	st(SYS_stat, "ln", &L_STAT);
}

CASE(stat_dangling)
{
	std();
	st(SYS_stat, "dang", &L_STAT);
}

CASE(stat_loop)
{
	std();
	st(SYS_stat, "loop1", &L_STAT);
}

CASE(stat_self_loop)
{
	mkl("self", "self");
	st(SYS_stat, "self", &L_STAT);
}

CASE(stat_enoent)
{
	st(SYS_stat, "nx", &L_STAT);
}

CASE(stat_enotdir)
{
	std();
	st(SYS_stat, "f/x", &L_STAT);
}

CASE(stat_file_slash)
{
	std();
	st(SYS_stat, "f/", &L_STAT);
}

CASE(stat_dirlink_slash)
{
	std();
	st(SYS_stat, "dl/", &L_STAT);
}

CASE(stat_empty)
{
	st(SYS_stat, "", &L_STAT);
}

CASE(stat_name_256)
{
	st(SYS_stat, longname(256), &L_STAT);
}

CASE(stat_path_4095)
{
	std();
	st(SYS_stat, longpath(4095, "f"), &L_STAT);
}

CASE(stat_path_4096)
{
	std();
	st(SYS_stat, longpath(4096, "f"), &L_STAT);
}

CASE(stat_efault_path)
{
	st(SYS_stat, BADP, &L_STAT);
}

CASE(stat_efault_buf)
{
	std();
	R(syscall(SYS_stat, "f", BADP));
}

CASE(stat_efault_buf_enoent)
{
	R(syscall(SYS_stat, "nx", BADP));
}

CASE(stat_readonly_buf)
{
	std();
	R(syscall(SYS_stat, "f", ropage()));
}

CASE(stat_buf_at_edge)
{
	char *b;

	std();
	b = edge((size_t)L_STAT.size - 8);
	R(syscall(SYS_stat, "f", b));
	pedge(b, (size_t)L_STAT.size - 8, &L_STAT);
}

CASE(stat_eacces)
{
	mkd("p", 0700);
	mkf("p/x", 0644, "x");
	user();
	st(SYS_stat, "p/x", &L_STAT);
}

CASE(stat_fifo)
{
	if (mkfifo("p", 0640) < 0)
		sfail("mkfifo", "p");
	st(SYS_stat, "p", &L_STAT);
}

CASE(stat_dev_null)
{
	st(SYS_stat, "/dev/null", &L_STAT);
}

CASE(stat_root)
{
	char *b = fresh();

	/* only the result and the type: "/" changes under other tests */
	R(syscall(SYS_stat, "/..", b));
	put(" mode=%o", (unsigned)rd((unsigned char *)b, I386 ? 8 : 24, I386 ? 2 : 4));
}

CASE(stat_dotdot)
{
	std();
	st(SYS_stat, "d/../d/g", &L_STAT);
}

CASE(stat_setid_file)
{
	mkf("p", 06755, "x");
	st(SYS_stat, "p", &L_STAT);
}

CASE(stat_tmpfs)
{
	st(SYS_stat, at("mnt", ""), &L_STAT);
}

CASE(stat_ro)
{
	st(SYS_stat, at("ro", "ln"), &L_STAT);
}

CASE(stat_proc_self_fd)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	st(SYS_stat, p, &L_STAT);
}

CASE(stat_proc_self_cwd)
{
	std();
	st(SYS_stat, "/proc/self/cwd/f", &L_STAT);
}

CASE(stat_proc_self_fd_dir_entry)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d/g", xopen("d", O_RDONLY));
	st(SYS_stat, p, &L_STAT);
}

CASE(stat_proc_self_fd_closed)
{
	st(SYS_stat, "/proc/self/fd/77", &L_STAT);
}

CASE(lstat_symlink)
{
	std();
	oldtimes("ln");
	st(SYS_lstat, "ln", &L_STAT);
}

CASE(lstat_dangling)
{
	std();
	st(SYS_lstat, "dang", &L_STAT);
}

CASE(lstat_file)
{
	std();
	oldtimes("f");
	st(SYS_lstat, "f", &L_STAT);
}

CASE(lstat_symlink_slash)
{
	std();
	st(SYS_lstat, "ln/", &L_STAT);
}

CASE(lstat_dirlink_slash)
{
	std();
	st(SYS_lstat, "dl/", &L_STAT);
}

CASE(lstat_loop)
{
	std();
	st(SYS_lstat, "loop1", &L_STAT);
}

CASE(lstat_loop_inner)
{
	std();
	st(SYS_lstat, "loop1/x", &L_STAT);
}

CASE(lstat_efault_buf)
{
	std();
	R(syscall(SYS_lstat, "ln", BADP));
}

CASE(lstat_proc_self_cwd)
{
	st(SYS_lstat, "/proc/self/cwd", &L_STAT);
}

CASE(newfstatat_file)
{
	std();
	fst(AT_FDCWD, "f", 0);
}

CASE(newfstatat_nofollow)
{
	std();
	fst(AT_FDCWD, "ln", AT_SYMLINK_NOFOLLOW);
}

CASE(newfstatat_follow)
{
	std();
	fst(AT_FDCWD, "ln", 0);
}

CASE(newfstatat_dirfd)
{
	std();
	fst(xopen("d", O_RDONLY), "g", 0);
}

CASE(newfstatat_opath_dirfd)
{
	std();
	fst(xopen("d", O_PATH), "g", 0);
}

CASE(newfstatat_empty_path)
{
	std();
	fst(xopen("f", O_RDONLY), "", AT_EMPTY_PATH);
}

CASE(newfstatat_empty_path_cwd)
{
	std();
	if (chdir("d") < 0)
		sfail("chdir", "d");
	fst(AT_FDCWD, "", AT_EMPTY_PATH);
}

CASE(newfstatat_empty_no_flag)
{
	std();
	fst(xopen("f", O_RDONLY), "", 0);
}

CASE(newfstatat_null_empty)
{
	std();
	fst(xopen("f", O_RDONLY), NULL, AT_EMPTY_PATH);
}

CASE(newfstatat_null_no_flag)
{
	std();
	fst(xopen("f", O_RDONLY), NULL, 0);
}

CASE(newfstatat_null_fdcwd)
{
	fst(AT_FDCWD, NULL, AT_EMPTY_PATH);
}

CASE(newfstatat_null_badfd)
{
	fst(999, NULL, AT_EMPTY_PATH);
}

CASE(newfstatat_bad_flags)
{
	std();
	fst(AT_FDCWD, "f", 0x1);
}

CASE(newfstatat_badfd)
{
	fst(999, "f", 0);
}

CASE(newfstatat_negfd)
{
	fst(-7, "f", 0);
}

CASE(newfstatat_filefd)
{
	std();
	fst(xopen("f", O_RDONLY), "x", 0);
}

CASE(newfstatat_abs_badfd)
{
	fst(999, "/", 0);
}

CASE(newfstatat_opath_empty)
{
	std();
	fst(xopen("f", O_PATH), "", AT_EMPTY_PATH);
}

CASE(newfstatat_opath_link_empty)
{
	std();
	fst(xopen("ln", O_PATH | O_NOFOLLOW), "", AT_EMPTY_PATH);
}

CASE(newfstatat_no_automount)
{
	std();
	fst(AT_FDCWD, "d", AT_NO_AUTOMOUNT);
}

CASE(newfstatat_pipe)
{
	int p[2];

	if (pipe(p) < 0)
		sfail("pipe", "");
	fst(p[0], "", AT_EMPTY_PATH);
}

CASE(newfstatat_cwd_after_chdir)
{
	std();
	if (chdir("d") < 0)
		sfail("chdir", "d");
	fst(AT_FDCWD, "g", 0);
}

CASE(newfstatat_efault_buf)
{
	std();
	R(syscall(NR_FSTATAT, AT_FDCWD, "f", BADP, 0));
}

#ifdef __x86_64__
CASE(newfstatat_fd_high_bits)
{
	char *b = fresh();

	std();
	R(syscall(SYS_newfstatat, (long)xopen("d", O_RDONLY) | 1L << 32, "g", b, 0));
	pstruct(b, &L_FSTATAT);
}
#endif

CASE(statx_basic)
{
	std();
	stx(AT_FDCWD, "f", 0, STATX_BASIC_STATS);
}

CASE(statx_all)
{
	std();
	stx(AT_FDCWD, "f", 0, 0x7fffffff);
}

CASE(statx_mask0)
{
	std();
	stx(AT_FDCWD, "f", 0, 0);
}

CASE(statx_mnt_id)
{
	std();
	stx(AT_FDCWD, "d", 0, STATX_MNT_ID);
}

CASE(statx_reserved)
{
	std();
	stx(AT_FDCWD, "f", 0, 0x80000000u);
}

CASE(statx_sync_both)
{
	std();
	stx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS);
}

CASE(statx_force_sync)
{
	std();
	stx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC, STATX_BASIC_STATS);
}

CASE(statx_bad_flags)
{
	std();
	stx(AT_FDCWD, "f", 0x1, STATX_BASIC_STATS);
}

CASE(statx_nofollow)
{
	std();
	stx(AT_FDCWD, "ln", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS);
}

CASE(statx_follow)
{
	std();
	stx(AT_FDCWD, "ln", 0, STATX_BASIC_STATS);
}

CASE(statx_empty_path)
{
	std();
	stx(xopen("f", O_RDONLY), "", AT_EMPTY_PATH, STATX_BASIC_STATS);
}

CASE(statx_null_path)
{
	std();
	stx(xopen("f", O_RDONLY), NULL, AT_EMPTY_PATH, STATX_BASIC_STATS);
}

CASE(statx_null_no_flag)
{
	std();
	stx(xopen("f", O_RDONLY), NULL, 0, STATX_BASIC_STATS);
}

CASE(statx_efault_buf)
{
	std();
	R(syscall(SYS_statx, AT_FDCWD, "f", 0, STATX_BASIC_STATS, BADP));
}

CASE(statx_badfd)
{
	stx(999, "f", 0, STATX_BASIC_STATS);
}

CASE(statx_enoent)
{
	stx(AT_FDCWD, "nx", 0, STATX_BASIC_STATS);
}

CASE(statx_dir)
{
	std();
	stx(AT_FDCWD, "d", 0, STATX_BASIC_STATS | STATX_BTIME);
}

CASE(statx_tmpfs)
{
	stx(AT_FDCWD, at("mnt", ""), 0, STATX_BASIC_STATS | STATX_MNT_ID);
}

CASE(statx_pipe)
{
	int p[2];

	if (pipe(p) < 0)
		sfail("pipe", "");
	stx(p[1], "", AT_EMPTY_PATH, STATX_TYPE | STATX_MODE | STATX_NLINK);
}

#ifdef __i386__
CASE(stat64_file)
{
	std();
	oldtimes("f");
	st(SYS_stat64, "f", &L_STAT64_32);
}

CASE(stat64_dev_null)
{
	st(SYS_stat64, "/dev/null", &L_STAT64_32);
}

CASE(lstat64_symlink)
{
	std();
	st(SYS_lstat64, "ln", &L_STAT64_32);
}

CASE(stat64_efault_buf)
{
	std();
	R(syscall(SYS_stat64, "f", BADP));
}

CASE(stat64_buf_at_edge)
{
	char *b;

	std();
	b = edge(40);
	R(syscall(SYS_stat64, "f", b));
	pedge(b, 40, &L_STAT64_32);
}

CASE(oldstat_file)
{
	std();
	st(SYS_oldstat, "f", &L_OLDSTAT);
}

CASE(oldlstat_symlink)
{
	std();
	st(SYS_oldlstat, "ln", &L_OLDSTAT);
}

CASE(stat_large_file)
{
	std();
	if (syscall(SYS_truncate64, "f", 0, 1) < 0)
		sfail("truncate64", "f");
	st(SYS_stat, "f", &L_STAT);
}

CASE(stat64_large_file)
{
	std();
	if (syscall(SYS_truncate64, "f", 0, 1) < 0)
		sfail("truncate64", "f");
	st(SYS_stat64, "f", &L_STAT64_32);
}

CASE(stat_dev_bigminor)
{
	if (mknod("c", S_IFCHR | 0600, makedev(300, 0x12345)) < 0)
		sfail("mknod", "c");
	st(SYS_stat, "c", &L_STAT);
}

CASE(oldstat_dev_bigminor)
{
	if (mknod("c", S_IFCHR | 0600, makedev(300, 5)) < 0)
		sfail("mknod", "c");
	st(SYS_oldlstat, "c", &L_OLDSTAT);
}

CASE(stat_big_uid)
{
	std();
	own("f", 70000, 80000);
	st(SYS_stat, "f", &L_STAT);
}
#endif

/* ---- readlink, readlinkat ---- */

static void rl(const char *p, long size)
{
	char *b = fresh();
	long n = R(syscall(SYS_readlink, p, b, size));

	pbuf(b, (size_t)(n > 0 ? n + 2 : 4));
}

CASE(readlink_ok)
{
	std();
	rl("ln", 100);
}

CASE(readlink_short)
{
	std();
	rl("dang", 2);
}

CASE(readlink_exact)
{
	std();
	rl("dang", 7);
}

CASE(readlink_bufsiz0)
{
	std();
	rl("ln", 0);
}

CASE(readlink_bufsiz_negative)
{
	std();
	rl("ln", -1);
}

CASE(readlink_bufsiz0_enoent)
{
	rl("nx", 0);
}

CASE(readlink_bufsiz_huge)
{
	std();
	rl("dang", 0x7fffffff);
}

#ifdef __x86_64__
CASE(readlink_bufsiz_high_bits)
{
	std();
	rl("dang", 1L << 32 | 3);
}
#endif

CASE(readlink_not_link)
{
	std();
	rl("f", 100);
}

CASE(readlink_dir)
{
	std();
	rl("d", 100);
}

CASE(readlink_enoent)
{
	rl("nx", 100);
}

CASE(readlink_efault_buf)
{
	std();
	R(syscall(SYS_readlink, "ln", BADP, 100));
}

CASE(readlink_efault_path)
{
	rl(BADP, 100);
}

CASE(readlink_buf_at_edge)
{
	char *b;

	std();
	b = edge(3);
	R(syscall(SYS_readlink, "dang", b, 100));
	pbuf(b, 3);
}

CASE(readlink_readonly_buf)
{
	std();
	R(syscall(SYS_readlink, "dang", ropage(), 100));
}

CASE(readlink_symlink_slash)
{
	std();
	rl("ln/", 100);
}

CASE(readlink_dirlink_slash)
{
	std();
	rl("dl/", 100);
}

CASE(readlink_proc_self_cwd_slash)
{
	rl("/proc/self/cwd/", 100);
}

CASE(readlink_dangling_slash)
{
	std();
	rl("dang/", 100);
}

CASE(readlink_loop)
{
	std();
	rl("loop1", 100);
}

CASE(readlink_through_dirlink)
{
	std();
	mkl("g", "d/lg");
	rl("dl/lg", 100);
}

CASE(readlink_long_target)
{
	char *b = fresh();
	long n;

	mkl(longname(255), "s");
	n = R(syscall(SYS_readlink, "s", b, 4096));
	put(" n=%ld", n);
	pbuf(b + 250, 8);
}

CASE(readlink_empty)
{
	rl("", 100);
}

CASE(readlink_proc_self_exe)
{
	rl("/proc/self/exe", 4096);
}

CASE(readlink_proc_self_fd)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	rl(p, 4096);
}

CASE(readlink_proc_self_cwd)
{
	rl("/proc/self/cwd", 4096);
}

CASE(readlinkat_dirfd)
{
	char *b = fresh();

	std();
	mkl("target-of-lg", "d/lg");
	R(syscall(SYS_readlinkat, xopen("d", O_RDONLY), "lg", b, 100));
	pbuf(b, 14);
}

CASE(readlinkat_empty_path)
{
	char *b = fresh();

	std();
	R(syscall(SYS_readlinkat, xopen("ln", O_PATH | O_NOFOLLOW), "", b, 100));
	pbuf(b, 4);
}

CASE(readlinkat_empty_path_file)
{
	char *b = fresh();

	std();
	R(syscall(SYS_readlinkat, xopen("f", O_PATH), "", b, 100));
	pbuf(b, 4);
}

CASE(readlinkat_empty_path_cwd)
{
	char *b = fresh();

	R(syscall(SYS_readlinkat, AT_FDCWD, "", b, 100));
	pbuf(b, 4);
}

CASE(readlinkat_badfd)
{
	char *b = fresh();

	R(syscall(SYS_readlinkat, 999, "ln", b, 100));
}

CASE(readlinkat_filefd)
{
	char *b = fresh();

	std();
	R(syscall(SYS_readlinkat, xopen("f", O_RDONLY), "ln", b, 100));
}

CASE(readlinkat_cwd_after_chdir)
{
	char *b = fresh();

	std();
	mkl("x-y-z", "d/lg");
	if (chdir("d") < 0)
		sfail("chdir", "d");
	R(syscall(SYS_readlinkat, AT_FDCWD, "lg", b, 3));
	pbuf(b, 5);
}

/* ---- access, faccessat, faccessat2 ---- */

CASE(access_f_ok)
{
	std();
	R(syscall(SYS_access, "f", F_OK));
}

CASE(access_rw)
{
	std();
	R(syscall(SYS_access, "f", R_OK | W_OK));
}

CASE(access_x_no_exec_bits)
{
	std();
	R(syscall(SYS_access, "f", X_OK));
}

CASE(access_x_one_exec_bit)
{
	mkf("p", 0010, "x");
	R(syscall(SYS_access, "p", X_OK));
}

CASE(access_dir_x)
{
	std();
	R(syscall(SYS_access, "d", X_OK | W_OK));
}

CASE(access_bad_mode)
{
	std();
	R(syscall(SYS_access, "f", 8));
}

CASE(access_bad_mode_enoent)
{
	R(syscall(SYS_access, "nx", 8));
}

CASE(access_enoent)
{
	R(syscall(SYS_access, "nx", F_OK));
}

CASE(access_symlink)
{
	std();
	R(syscall(SYS_access, "ln", R_OK));
}

CASE(access_dangling)
{
	std();
	R(syscall(SYS_access, "dang", F_OK));
}

CASE(access_real_ids)
{
	mkd("p", 0700);
	mkf("p/x", 0600, "x");
	user(); /* fs ids only: access checks the real ones */
	R(syscall(SYS_access, "p/x", R_OK | W_OK));
}

CASE(access_other_user_file)
{
	mkf("p", 0640, "x");
	own("p", 1234, 1234);
	R(syscall(SYS_access, "p", R_OK));
}

CASE(access_w_erofs)
{
	R(syscall(SYS_access, at("ro", "f"), W_OK));
}

CASE(access_r_erofs)
{
	R(syscall(SYS_access, at("ro", "f"), R_OK));
}

CASE(access_file_slash)
{
	std();
	R(syscall(SYS_access, "ln/", F_OK));
}

CASE(getxattr_file_slash)
{
	xstd();
	gx(SYS_getxattr, "f/", "user.a", 100);
}

CASE(setxattr_symlink_slash)
{
	std();
	R(syscall(SYS_setxattr, "ln/", "user.a", "v", 1, 0));
}

CASE(utimensat_file_slash)
{
	std();
	R(syscall(SYS_utimensat, AT_FDCWD, "f/", times2(OLD, 0, OLD, 0), 0));
}

CASE(chown_file_slash)
{
	std();
	R(syscall(NR_CHOWN, "ln/", 1234, 1234));
}

CASE(stat_dangling_slash)
{
	std();
	st(SYS_stat, "dang/", &L_STAT);
}

CASE(newfstatat_dirlink_slash_nofollow)
{
	std();
	fst(AT_FDCWD, "dl/", AT_SYMLINK_NOFOLLOW);
}

CASE(newfstatat_symlink_slash_nofollow)
{
	std();
	fst(AT_FDCWD, "ln/", AT_SYMLINK_NOFOLLOW);
}

CASE(linkat_follow_slash)
{
	std();
	R(syscall(SYS_linkat, AT_FDCWD, "ln/", AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
}

CASE(open_creat_dangling_slash)
{
	std();
	op(syscall(SYS_open, "dang/", O_CREAT | O_WRONLY, 0600));
}

CASE(open_dirlink_slash)
{
	std();
	op(syscall(SYS_open, "dl/", O_RDONLY));
}

CASE(access_efault)
{
	R(syscall(SYS_access, BADP, F_OK));
}

CASE(access_foreign_priv)
{
	R(syscall(SYS_access, at("foreign", "priv"), R_OK));
}

CASE(access_foreign_dir0700)
{
	R(syscall(SYS_access, at("foreign", "dir0700/inner"), F_OK));
}

CASE(faccessat_dirfd)
{
	std();
	R(syscall(SYS_faccessat, xopen("d", O_RDONLY), "g", R_OK));
}

CASE(faccessat_badfd)
{
	R(syscall(SYS_faccessat, 999, "g", R_OK));
}

CASE(faccessat_filefd)
{
	std();
	R(syscall(SYS_faccessat, xopen("f", O_RDONLY), "g", R_OK));
}

CASE(faccessat_flags_ignored)
{
	std();
	R(syscall(SYS_faccessat, AT_FDCWD, "dang", F_OK, AT_SYMLINK_NOFOLLOW));
}

CASE(faccessat2_eaccess)
{
	mkf("p", 0600, "x");
	user();
	R(syscall(SYS_faccessat2, AT_FDCWD, "p", R_OK, AT_EACCESS));
}

CASE(faccessat2_real)
{
	mkf("p", 0600, "x");
	user();
	R(syscall(SYS_faccessat2, AT_FDCWD, "p", R_OK, 0));
}

CASE(faccessat2_eaccess_walk)
{
	mkd("p", 0700);
	mkf("p/x", 0644, "x");
	user();
	R(syscall(SYS_faccessat2, AT_FDCWD, "p/x", F_OK, AT_EACCESS));
}

CASE(faccessat2_nofollow)
{
	std();
	R(syscall(SYS_faccessat2, AT_FDCWD, "dang", F_OK, AT_SYMLINK_NOFOLLOW));
}

CASE(faccessat2_empty_path)
{
	std();
	R(syscall(SYS_faccessat2, xopen("f", O_RDONLY), "", R_OK, AT_EMPTY_PATH));
}

CASE(faccessat2_empty_no_flag)
{
	std();
	R(syscall(SYS_faccessat2, xopen("f", O_RDONLY), "", R_OK, 0));
}

CASE(faccessat2_bad_flags)
{
	std();
	R(syscall(SYS_faccessat2, AT_FDCWD, "f", R_OK, 0x1));
}

CASE(faccessat2_bad_mode)
{
	std();
	R(syscall(SYS_faccessat2, AT_FDCWD, "f", 0x10, AT_EACCESS));
}

CASE(faccessat2_w_dir_eaccess)
{
	mkd("p", 0555);
	user();
	R(syscall(SYS_faccessat2, AT_FDCWD, "p", W_OK, AT_EACCESS));
}

/* ---- statfs ---- */

static void sfs(const char *p)
{
	char *b = fresh();

	R(syscall(SYS_statfs, p, b));
	pstatfs(b, &SF);
}

CASE(statfs_dir)
{
	std();
	sfs("d");
}

CASE(statfs_file)
{
	std();
	sfs("f");
}

CASE(statfs_tmpfs)
{
	sfs(at("mnt", ""));
}

CASE(statfs_ro)
{
	sfs(at("ro", "f"));
}

CASE(statfs_symlink)
{
	std();
	sfs("ln");
}

CASE(statfs_dangling)
{
	std();
	sfs("dang");
}

CASE(statfs_file_slash)
{
	std();
	sfs("f/");
}

CASE(statfs_dirlink_slash)
{
	std();
	sfs("dl/");
}

CASE(statfs_enoent)
{
	sfs("nx");
}

CASE(statfs_efault_buf)
{
	std();
	R(syscall(SYS_statfs, "f", BADP));
}

CASE(statfs_efault_path)
{
	sfs(BADP);
}

CASE(statfs_proc)
{
	sfs("/proc/self");
}

#ifdef __i386__
CASE(statfs64_ok)
{
	char *b = fresh();

	std();
	R(syscall(SYS_statfs64, "f", 84, b));
	pstatfs(b, &SF3264);
}

CASE(statfs64_tmpfs)
{
	char *b = fresh();

	R(syscall(SYS_statfs64, at("mnt", ""), 84, b));
	pstatfs(b, &SF3264);
}

CASE(statfs64_bad_size)
{
	char *b = fresh();

	std();
	R(syscall(SYS_statfs64, "f", 88, b));
	pstatfs(b, &SF3264);
}

CASE(statfs64_bad_size_enoent)
{
	R(syscall(SYS_statfs64, "nx", 88, fresh()));
}

CASE(statfs64_efault)
{
	std();
	R(syscall(SYS_statfs64, "f", 84, BADP));
}
#endif

/* ---- xattrs ---- */

static void gx(long nr, const char *p, const char *name, long size)
{
	char *b = fresh();
	long n = R(syscall(nr, p, name, b, size));

	pbuf(b, (size_t)(n > 0 ? n + 2 : 4));
}

static void lx(long nr, const char *p, long size)
{
	char *b = fresh();
	long n = R(syscall(nr, p, b, size));

	pbuf(b, (size_t)(n > 0 ? n + 2 : 4));
}

/* The usual fixture, with user.a=va on f and user.b=vb on d. */
static void xstd(void)
{
	std();
	setx("f", "user.a", "va", 2);
	setx("f", "user.zz", "", 0);
	setx("d", "user.b", "vb", 2);
}

CASE(setxattr_ok)
{
	std();
	R(syscall(SYS_setxattr, "f", "user.a", "value", 5, 0));
}

CASE(setxattr_create_exists)
{
	xstd();
	R(syscall(SYS_setxattr, "f", "user.a", "new", 3, XATTR_CREATE));
}

CASE(setxattr_replace_missing)
{
	xstd();
	R(syscall(SYS_setxattr, "f", "user.nx", "new", 3, XATTR_REPLACE));
}

CASE(setxattr_replace_ok)
{
	xstd();
	R(syscall(SYS_setxattr, "f", "user.a", "new", 3, XATTR_REPLACE));
}

CASE(setxattr_bad_flags)
{
	std();
	R(syscall(SYS_setxattr, "f", "user.a", "v", 1, 4));
}

CASE(setxattr_bad_flags_enoent)
{
	R(syscall(SYS_setxattr, "nx", "user.a", "v", 1, 4));
}

CASE(setxattr_empty_name)
{
	std();
	R(syscall(SYS_setxattr, "f", "", "v", 1, 0));
}

CASE(setxattr_empty_name_enoent)
{
	R(syscall(SYS_setxattr, "nx", "", "v", 1, 0));
}

CASE(setxattr_name_255)
{
	char n[1100];

	std();
	snprintf(n, sizeof(n), "user.%s", longname(250));
	R(syscall(SYS_setxattr, "f", n, "v", 1, 0));
}

CASE(setxattr_name_256)
{
	char n[1100];

	std();
	snprintf(n, sizeof(n), "user.%s", longname(251));
	R(syscall(SYS_setxattr, "f", n, "v", 1, 0));
}

CASE(setxattr_size0)
{
	std();
	R(syscall(SYS_setxattr, "f", "user.e", "ignored", 0, 0));
}

CASE(setxattr_null_value)
{
	std();
	R(syscall(SYS_setxattr, "f", "user.e", NULL, 0, 0));
}

CASE(setxattr_too_big)
{
	std();
	R(syscall(SYS_setxattr, "f", "user.big", buf, 65537, 0));
}

CASE(setxattr_too_big_enoent)
{
	R(syscall(SYS_setxattr, "nx", "user.big", buf, 65537, 0));
}

CASE(setxattr_efault_value)
{
	std();
	R(syscall(SYS_setxattr, "f", "user.a", BADP, 3, 0));
}

CASE(setxattr_efault_name)
{
	std();
	R(syscall(SYS_setxattr, "f", BADP, "v", 1, 0));
}

CASE(setxattr_efault_path)
{
	R(syscall(SYS_setxattr, BADP, "user.a", "v", 1, 0));
}

CASE(setxattr_symlink)
{
	std();
	R(syscall(SYS_setxattr, "ln", "user.a", "via-link", 8, 0));
}

CASE(setxattr_dangling)
{
	std();
	R(syscall(SYS_setxattr, "dang", "user.a", "v", 1, 0));
}

CASE(lsetxattr_symlink)
{
	std();
	R(syscall(SYS_lsetxattr, "ln", "user.a", "v", 1, 0));
}

CASE(lsetxattr_symlink_trusted)
{
	std();
	R(syscall(SYS_lsetxattr, "ln", "trusted.a", "v", 1, 0));
}

CASE(lsetxattr_file)
{
	std();
	R(syscall(SYS_lsetxattr, "f", "user.a", "v", 1, 0));
}

CASE(lsetxattr_dangling)
{
	std();
	R(syscall(SYS_lsetxattr, "dang", "user.a", "v", 1, 0));
}

CASE(setxattr_bad_namespace)
{
	std();
	R(syscall(SYS_setxattr, "f", "foo.bar", "v", 1, 0));
}

CASE(setxattr_trusted)
{
	std();
	R(syscall(SYS_setxattr, "f", "trusted.t", "tv", 2, 0));
}

CASE(setxattr_trusted_user)
{
	mkf("p", 0666, "x");
	user();
	R(syscall(SYS_setxattr, "p", "trusted.t", "tv", 2, 0));
}

CASE(setxattr_other_user)
{
	mkf("p", 0644, "x");
	own("p", 1234, 1234);
	user();
	R(syscall(SYS_setxattr, "p", "user.a", "v", 1, 0));
}

CASE(setxattr_enoent)
{
	R(syscall(SYS_setxattr, "nx", "user.a", "v", 1, 0));
}

CASE(setxattr_erofs)
{
	R(syscall(SYS_setxattr, at("ro", "f"), "user.a", "v", 1, 0));
}

CASE(setxattr_dir)
{
	std();
	R(syscall(SYS_setxattr, "d", "user.dv", "dir", 3, 0));
}

CASE(setxattr_fifo)
{
	if (mkfifo("p", 0666) < 0)
		sfail("mkfifo", "p");
	R(syscall(SYS_setxattr, "p", "user.a", "v", 1, 0));
}

CASE(setxattr_acl_access)
{
	std();
	R(syscall(SYS_setxattr, "f", "system.posix_acl_access", &ACL, sizeof(ACL), 0));
}

CASE(setxattr_acl_invalid)
{
	uint32_t bad[3] = { 2, 0x7777, 1 };

	std();
	R(syscall(SYS_setxattr, "f", "system.posix_acl_access", bad, sizeof(bad), 0));
}

CASE(setxattr_acl_default_file)
{
	std();
	R(syscall(SYS_setxattr, "f", "system.posix_acl_default", &ACL, sizeof(ACL), 0));
}

CASE(setxattr_large_value)
{
	std();
	memset(buf, 'v', 1000);
	R(syscall(SYS_setxattr, "f", "user.large", buf, 1000, 0));
}

CASE(getxattr_ok)
{
	xstd();
	gx(SYS_getxattr, "f", "user.a", 100);
}

CASE(getxattr_size0)
{
	xstd();
	gx(SYS_getxattr, "f", "user.a", 0);
}

CASE(getxattr_short)
{
	xstd();
	gx(SYS_getxattr, "f", "user.a", 1);
}

CASE(getxattr_exact)
{
	xstd();
	gx(SYS_getxattr, "f", "user.a", 2);
}

CASE(getxattr_empty_value)
{
	xstd();
	gx(SYS_getxattr, "f", "user.zz", 10);
}

CASE(getxattr_missing)
{
	xstd();
	gx(SYS_getxattr, "f", "user.nx", 100);
}

CASE(getxattr_efault_buf)
{
	xstd();
	R(syscall(SYS_getxattr, "f", "user.a", BADP, 100));
}

CASE(getxattr_efault_buf_size0)
{
	xstd();
	R(syscall(SYS_getxattr, "f", "user.a", BADP, 0));
}

CASE(getxattr_buf_at_edge)
{
	char *b;

	xstd();
	b = edge(1);
	R(syscall(SYS_getxattr, "f", "user.a", b, 100));
	pbuf(b, 1);
}

CASE(getxattr_null_buf)
{
	xstd();
	R(syscall(SYS_getxattr, "f", "user.a", NULL, 10));
}

CASE(getxattr_efault_name)
{
	xstd();
	gx(SYS_getxattr, "f", BADP, 100);
}

CASE(getxattr_symlink)
{
	xstd();
	gx(SYS_getxattr, "ln", "user.a", 100);
}

CASE(lgetxattr_symlink)
{
	xstd();
	gx(SYS_lgetxattr, "ln", "user.a", 100);
}

CASE(lgetxattr_file)
{
	xstd();
	gx(SYS_lgetxattr, "f", "user.a", 100);
}

CASE(getxattr_empty_name)
{
	xstd();
	gx(SYS_getxattr, "f", "", 100);
}

CASE(getxattr_name_256)
{
	char n[1100];

	xstd();
	snprintf(n, sizeof(n), "user.%s", longname(251));
	gx(SYS_getxattr, "f", n, 100);
}

CASE(getxattr_huge_size)
{
	xstd();
	gx(SYS_getxattr, "f", "user.a", 1 << 20);
}

CASE(getxattr_acl)
{
	std();
	setx("f", "system.posix_acl_access", &ACL, sizeof(ACL));
	gx(SYS_getxattr, "f", "system.posix_acl_access", 200);
}

CASE(getxattr_bad_namespace)
{
	xstd();
	gx(SYS_getxattr, "f", "foo.a", 100);
}

CASE(getxattr_unreadable_user)
{
	mkf("p", 0600, "x");
	setx("p", "user.a", "secret", 6);
	user();
	gx(SYS_getxattr, "p", "user.a", 100);
}

CASE(getxattr_enoent)
{
	gx(SYS_getxattr, "nx", "user.a", 100);
}

CASE(getxattr_dir)
{
	xstd();
	gx(SYS_getxattr, "d", "user.b", 100);
}

CASE(getxattr_dirlink_slash)
{
	xstd();
	gx(SYS_lgetxattr, "dl/", "user.b", 100);
}

CASE(listxattr_ok)
{
	xstd();
	lx(SYS_listxattr, "f", 100);
}

CASE(listxattr_size0)
{
	xstd();
	lx(SYS_listxattr, "f", 0);
}

CASE(listxattr_short)
{
	xstd();
	lx(SYS_listxattr, "f", 3);
}

CASE(listxattr_none)
{
	std();
	lx(SYS_listxattr, "e", 100);
}

CASE(listxattr_efault)
{
	xstd();
	R(syscall(SYS_listxattr, "f", BADP, 100));
}

CASE(listxattr_symlink)
{
	xstd();
	lx(SYS_listxattr, "ln", 100);
}

CASE(llistxattr_symlink)
{
	xstd();
	lx(SYS_llistxattr, "ln", 100);
}

CASE(listxattr_enoent)
{
	lx(SYS_listxattr, "nx", 100);
}

CASE(listxattr_trusted)
{
	xstd();
	setx("f", "trusted.t", "tv", 2);
	user();
	lx(SYS_listxattr, "f", 100);
}

CASE(listxattr_huge_size)
{
	xstd();
	lx(SYS_listxattr, "f", 1 << 20);
}

CASE(listxattr_acl)
{
	std();
	setx("f", "system.posix_acl_access", &ACL, sizeof(ACL));
	lx(SYS_listxattr, "f", 100);
}

CASE(removexattr_ok)
{
	xstd();
	R(syscall(SYS_removexattr, "f", "user.a"));
}

CASE(removexattr_missing)
{
	xstd();
	R(syscall(SYS_removexattr, "f", "user.nx"));
}

CASE(removexattr_symlink)
{
	xstd();
	R(syscall(SYS_removexattr, "ln", "user.a"));
}

CASE(lremovexattr_symlink)
{
	xstd();
	R(syscall(SYS_lremovexattr, "ln", "user.a"));
}

CASE(lremovexattr_file)
{
	xstd();
	R(syscall(SYS_lremovexattr, "f", "user.a"));
}

CASE(removexattr_empty_name)
{
	xstd();
	R(syscall(SYS_removexattr, "f", ""));
}

CASE(removexattr_efault_name)
{
	xstd();
	R(syscall(SYS_removexattr, "f", BADP));
}

CASE(removexattr_other_user)
{
	mkf("p", 0666, "x");
	setx("p", "user.a", "v", 1);
	own("p", 1234, 1234);
	user();
	R(syscall(SYS_removexattr, "p", "user.a"));
}

CASE(removexattr_erofs)
{
	R(syscall(SYS_removexattr, at("ro", "f"), "user.a"));
}

CASE(removexattr_acl)
{
	std();
	setx("f", "system.posix_acl_access", &ACL, sizeof(ACL));
	R(syscall(SYS_removexattr, "f", "system.posix_acl_access"));
}

CASE(removexattr_enoent)
{
	R(syscall(SYS_removexattr, "nx", "user.a"));
}

/* ---- open, openat, openat2, creat ---- */

static void op(long r)
{
	pfd(R(r));
}

/* A copy of this program, "bin", running paused in a child: ETXTBSY. */
static pid_t busy(void)
{
	int in = open(self_exe, O_RDONLY | O_CLOEXEC), p[2];
	ssize_t n;
	pid_t pid;
	char c;

	mkf("bin", 0755, NULL);
	if (in < 0) {
		sfail("open", "self");
		return -1;
	}
	{
		int out = open("bin", O_WRONLY | O_CLOEXEC);

		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n)
				sfail("write", "bin");
		close(out);
		close(in);
	}
	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 3);
		/* The copy's writer may be gone a moment later under emulation
		 * (exec_after_write): this fixture is not about that. */
		for (int i = 0; i < 2000; i++) {
			execl("./bin", "bin", "pause", (char *)NULL);
			if (errno != ETXTBSY)
				break;
			usleep(1000);
		}
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		sfail("start", "bin");
	close(p[0]);
	return pid;
}

static void unbusy(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

CASE(open_rdonly)
{
	std();
	op(syscall(SYS_open, "f", O_RDONLY));
}

CASE(open_wronly)
{
	std();
	op(syscall(SYS_open, "f", O_WRONLY));
}

CASE(open_rdwr)
{
	std();
	op(syscall(SYS_open, "f", O_RDWR));
}

CASE(open_accmode3)
{
	std();
	op(syscall(SYS_open, "f", 3));
}

CASE(open_creat_new)
{
	op(syscall(SYS_open, "new", O_CREAT | O_WRONLY, 0640));
}

CASE(open_creat_mode_all_bits)
{
	op(syscall(SYS_open, "new", O_CREAT | O_WRONLY, 07777));
}

CASE(open_creat_exists)
{
	std();
	op(syscall(SYS_open, "f", O_CREAT | O_RDWR, 0600));
}

CASE(open_creat_excl_exists)
{
	std();
	op(syscall(SYS_open, "f", O_CREAT | O_EXCL | O_RDWR, 0600));
}

CASE(open_creat_excl_dangling)
{
	std();
	op(syscall(SYS_open, "dang", O_CREAT | O_EXCL | O_RDWR, 0600));
}

CASE(open_creat_excl_new)
{
	op(syscall(SYS_open, "new", O_CREAT | O_EXCL | O_RDWR, 0600));
}

CASE(open_creat_dangling)
{
	std();
	op(syscall(SYS_open, "dang", O_CREAT | O_WRONLY, 0604));
}

CASE(open_creat_dangling_chain)
{
	mkl("l2", "l1");
	mkl("d/t", "l2");
	mkd("d", 0755);
	op(syscall(SYS_open, "l1", O_CREAT | O_WRONLY, 0604));
}

CASE(open_creat_dangling_abs)
{
	char t[PATH_MAX];

	snprintf(t, sizeof(t), "%s/w/open_creat_dangling_abs/target", base);
	mkl(t, "l");
	op(syscall(SYS_open, "l", O_CREAT | O_WRONLY, 0604));
}

CASE(open_creat_dangling_missing_dir)
{
	mkl("nx/t", "l");
	op(syscall(SYS_open, "l", O_CREAT | O_WRONLY, 0604));
}

CASE(open_excl_without_creat)
{
	std();
	op(syscall(SYS_open, "f", O_EXCL | O_RDONLY));
}

CASE(open_trunc)
{
	std();
	op(syscall(SYS_open, "f", O_WRONLY | O_TRUNC));
}

CASE(open_trunc_rdonly)
{
	std();
	op(syscall(SYS_open, "f", O_RDONLY | O_TRUNC));
}

CASE(open_append)
{
	long fd;

	std();
	fd = syscall(SYS_open, "f", O_WRONLY | O_APPEND);
	op(fd);
	if (fd >= 0 && write((int)fd, "X", 1) != 1)
		sfail("write", "f");
}

CASE(open_directory_on_file)
{
	std();
	op(syscall(SYS_open, "f", O_RDONLY | O_DIRECTORY));
}

CASE(open_directory_on_dir)
{
	std();
	op(syscall(SYS_open, "d", O_RDONLY | O_DIRECTORY));
}

CASE(open_directory_mode0)
{
	std();
	op(syscall(SYS_open, "d", O_RDONLY | O_DIRECTORY, 0));
}

CASE(open_directory_garbage_mode)
{
	std();
	op(syscall(SYS_open, "d", O_RDONLY | O_DIRECTORY, 0644));
}

CASE(open_directory_on_dirlink)
{
	std();
	op(syscall(SYS_open, "dl", O_RDONLY | O_DIRECTORY));
}

CASE(open_dir_wronly)
{
	std();
	op(syscall(SYS_open, "d", O_WRONLY));
}

CASE(open_creat_on_dir)
{
	std();
	op(syscall(SYS_open, "d", O_CREAT | O_RDONLY, 0644));
}

CASE(open_creat_directory)
{
	op(syscall(SYS_open, "new", O_CREAT | O_DIRECTORY | O_RDONLY, 0755));
}

CASE(open_nofollow_symlink)
{
	std();
	op(syscall(SYS_open, "ln", O_RDONLY | O_NOFOLLOW));
}

CASE(open_nofollow_file)
{
	std();
	op(syscall(SYS_open, "f", O_RDONLY | O_NOFOLLOW));
}

CASE(open_nofollow_path)
{
	std();
	op(syscall(SYS_open, "ln", O_PATH | O_NOFOLLOW));
}

CASE(open_nofollow_dirlink_slash)
{
	std();
	op(syscall(SYS_open, "dl/", O_RDONLY | O_NOFOLLOW));
}

CASE(open_nofollow_creat_dangling)
{
	std();
	op(syscall(SYS_open, "dang", O_CREAT | O_NOFOLLOW | O_WRONLY, 0600));
}

CASE(open_loop)
{
	std();
	op(syscall(SYS_open, "loop1", O_RDONLY));
}

CASE(open_creat_loop)
{
	std();
	op(syscall(SYS_open, "loop1", O_CREAT | O_RDWR, 0600));
}

CASE(open_enoent)
{
	op(syscall(SYS_open, "nx", O_RDONLY));
}

CASE(open_enotdir)
{
	std();
	op(syscall(SYS_open, "f/x", O_RDONLY));
}

CASE(open_name_256)
{
	op(syscall(SYS_open, longname(256), O_RDONLY | O_CREAT, 0644));
}

CASE(open_path_4095)
{
	std();
	op(syscall(SYS_open, longpath(4095, "f"), O_RDONLY));
}

CASE(open_path_4096)
{
	std();
	op(syscall(SYS_open, longpath(4096, "f"), O_RDONLY));
}

CASE(open_efault)
{
	op(syscall(SYS_open, BADP, O_RDONLY));
}

CASE(open_path_at_edge)
{
	char *p = edge(1);

	std();
	p[0] = 'f';
	op(syscall(SYS_open, p, O_RDONLY));
}

/* A program just written and closed runs at once (a build running what
 * it linked): nothing may still hold it open for writing. */
CASE(exec_after_write)
{
	int in = open(self_exe, O_RDONLY | O_CLOEXEC), out, st = -1;
	ssize_t n;
	pid_t pid;

	out = open("prog", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (in < 0 || out < 0)
		return sfail("open", "prog");
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			sfail("write", "prog");
	close(out);
	close(in);
	pid = fork();
	if (pid == 0) {
		execl("./prog", "prog", "exit0", (char *)NULL);
		_exit(errno == ETXTBSY ? 26 : 127);
	}
	if (pid > 0)
		waitpid(pid, &st, WUNTRACED);
	put("= exec status %d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

CASE(open_txtbsy)
{
	pid_t pid = busy();

	op(syscall(SYS_open, "bin", O_WRONLY));
	unbusy(pid);
}

CASE(open_txtbsy_rdonly)
{
	pid_t pid = busy();

	op(syscall(SYS_open, "bin", O_RDONLY));
	unbusy(pid);
}

CASE(open_tmpfile)
{
	op(syscall(SYS_open, ".", O_TMPFILE | O_RDWR, 0600));
}

CASE(open_tmpfile_excl)
{
	op(syscall(SYS_open, ".", O_TMPFILE | O_EXCL | O_WRONLY, 0640));
}

CASE(open_tmpfile_on_file)
{
	std();
	op(syscall(SYS_open, "f", O_TMPFILE | O_RDWR, 0600));
}

CASE(open_tmpfile_rdonly)
{
	op(syscall(SYS_open, ".", O_TMPFILE | O_RDONLY, 0600));
}

CASE(open_tmpfile_enoent)
{
	op(syscall(SYS_open, "nx", O_TMPFILE | O_RDWR, 0600));
}

CASE(open_tmpfile_setgid_dir)
{
	mkd("sg", 02777);
	own("sg", (uid_t)-1, 1234);
	op(syscall(SYS_open, "sg", O_TMPFILE | O_RDWR, 02755));
}

CASE(open_tmpfile_umask)
{
	umask(077);
	op(syscall(SYS_open, ".", O_TMPFILE | O_RDWR, 0666));
}

CASE(open_lowest_fd)
{
	std();
	xopen("f", O_RDONLY);
	xopen("f", O_RDONLY);
	xopen("f", O_RDONLY);
	close(3);
	op(syscall(SYS_open, "f", O_RDONLY));
}

CASE(open_lowest_fd_gap)
{
	std();
	if (dup2(2, 3) < 0 || dup2(2, 5) < 0)
		sfail("dup2", "");
	op(syscall(SYS_open, "f", O_RDONLY));
}

CASE(open_cloexec)
{
	std();
	op(syscall(SYS_open, "f", O_RDONLY | O_CLOEXEC));
}

CASE(open_creat_cloexec)
{
	op(syscall(SYS_open, "new", O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
}

CASE(open_flags_unknown)
{
	std();
	op(syscall(SYS_open, "f", O_RDONLY | 0x40000000));
}

#ifdef __x86_64__
CASE(open_flags_high_bits)
{
	std();
	op(syscall(SYS_open, "f", 1L << 32 | O_WRONLY));
}
#endif

CASE(open_mode_without_creat)
{
	std();
	op(syscall(SYS_open, "f", O_RDONLY, 0777));
}

CASE(open_eacces)
{
	mkf("p", 0600, "x");
	user();
	op(syscall(SYS_open, "p", O_RDONLY));
}

CASE(open_eacces_search)
{
	mkd("p", 0700);
	mkf("p/x", 0644, "x");
	user();
	op(syscall(SYS_open, "p/x", O_RDONLY));
}

CASE(open_creat_eacces)
{
	mkd("p", 0555);
	user();
	op(syscall(SYS_open, "p/new", O_CREAT | O_WRONLY, 0644));
}

CASE(open_creat_user)
{
	mkd("w", 0777);
	user();
	op(syscall(SYS_open, "w/new", O_CREAT | O_WRONLY, 0664));
}

CASE(open_erofs_wronly)
{
	op(syscall(SYS_open, at("ro", "f"), O_WRONLY));
}

CASE(open_erofs_rdonly)
{
	op(syscall(SYS_open, at("ro", "f"), O_RDONLY));
}

CASE(open_erofs_creat_exists)
{
	op(syscall(SYS_open, at("ro", "f"), O_CREAT | O_RDONLY, 0644));
}

CASE(open_erofs_creat_new)
{
	op(syscall(SYS_open, at("ro", "new"), O_CREAT | O_RDONLY, 0644));
}

CASE(open_erofs_trunc)
{
	op(syscall(SYS_open, at("ro", "f"), O_RDONLY | O_TRUNC));
}

CASE(open_fifo_rdonly_nonblock)
{
	if (mkfifo("p", 0644) < 0)
		sfail("mkfifo", "p");
	op(syscall(SYS_open, "p", O_RDONLY | O_NONBLOCK));
}

CASE(open_fifo_wronly_nonblock)
{
	if (mkfifo("p", 0644) < 0)
		sfail("mkfifo", "p");
	op(syscall(SYS_open, "p", O_WRONLY | O_NONBLOCK));
}

CASE(open_file_slash)
{
	std();
	op(syscall(SYS_open, "f/", O_RDONLY));
}

CASE(open_creat_slash)
{
	op(syscall(SYS_open, "new/", O_CREAT | O_RDWR, 0644));
}

CASE(open_creat_excl_slash)
{
	op(syscall(SYS_open, "new/", O_CREAT | O_EXCL | O_RDWR, 0644));
}

CASE(open_creat_setgid_dir)
{
	mkd("sg", 02777);
	own("sg", (uid_t)-1, 1234);
	op(syscall(SYS_open, "sg/new", O_CREAT | O_WRONLY, 02755));
}

CASE(open_creat_setgid_dir_user)
{
	mkd("sg", 02777);
	own("sg", (uid_t)-1, 1234);
	user();
	op(syscall(SYS_open, "sg/new", O_CREAT | O_WRONLY, 02755));
}

CASE(open_creat_acl_default)
{
	mkd("acl", 0755);
	setx("acl", "system.posix_acl_default", &ACL, sizeof(ACL));
	op(syscall(SYS_open, "acl/new", O_CREAT | O_WRONLY, 0666));
}

CASE(open_creat_umask0)
{
	umask(0);
	op(syscall(SYS_open, "new", O_CREAT | O_WRONLY, 0666));
}

CASE(open_creat_umask077)
{
	umask(077);
	op(syscall(SYS_open, "new", O_CREAT | O_WRONLY, 0666));
}

CASE(open_noatime_other)
{
	mkf("p", 0644, "x");
	own("p", 1234, 1234);
	user();
	op(syscall(SYS_open, "p", O_RDONLY | O_NOATIME));
}

CASE(open_noatime_own)
{
	std();
	op(syscall(SYS_open, "f", O_RDONLY | O_NOATIME));
}

CASE(open_path)
{
	std();
	op(syscall(SYS_open, "f", O_PATH));
}

CASE(open_path_directory_on_file)
{
	std();
	op(syscall(SYS_open, "f", O_PATH | O_DIRECTORY));
}

CASE(open_path_rdwr)
{
	std();
	op(syscall(SYS_open, "f", O_PATH | O_RDWR | O_CREAT, 0644));
}

CASE(open_dev_null)
{
	op(syscall(SYS_open, "/dev/null", O_RDWR));
}

CASE(open_proc_self_fd)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	op(syscall(SYS_open, p, O_RDWR));
}

CASE(open_proc_self_fd_path)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_PATH));
	op(syscall(SYS_open, p, O_RDONLY));
}

CASE(open_proc_self_fd_deleted)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	if (unlink("f") < 0)
		sfail("unlink", "f");
	op(syscall(SYS_open, p, O_RDONLY));
}

CASE(open_foreign_sticky_creat)
{
	op(syscall(SYS_open, at("foreign", "sticky/o"), O_CREAT | O_WRONLY, 0644));
}

CASE(open_foreign_priv)
{
	op(syscall(SYS_open, at("foreign", "priv"), O_RDONLY));
}

CASE(open_direct_tmpfs)
{
	char p[PATH_MAX + 8];

	snprintf(p, sizeof(p), "%s/o", mntdir("open_direct_tmpfs"));
	op(syscall(SYS_open, p, O_CREAT | O_RDWR | O_DIRECT, 0600));
}

#ifdef __i386__
CASE(open_large_no_largefile)
{
	std();
	if (syscall(SYS_truncate64, "f", 0, 1) < 0)
		sfail("truncate64", "f");
	op(syscall(SYS_open, "f", O_RDONLY));
}

CASE(open_large_largefile)
{
	std();
	if (syscall(SYS_truncate64, "f", 0, 1) < 0)
		sfail("truncate64", "f");
	op(syscall(SYS_open, "f", O_RDONLY | O_LARGEFILE));
}
#endif

CASE(openat_dirfd)
{
	std();
	op(syscall(SYS_openat, xopen("d", O_RDONLY), "g", O_RDONLY));
}

CASE(openat_opath_dirfd)
{
	std();
	op(syscall(SYS_openat, xopen("d", O_PATH), "g", O_RDWR));
}

CASE(openat_dirfd_dotdot)
{
	std();
	op(syscall(SYS_openat, xopen("d", O_RDONLY), "../f", O_RDONLY));
}

CASE(openat_badfd)
{
	op(syscall(SYS_openat, 999, "g", O_RDONLY));
}

CASE(openat_filefd)
{
	std();
	op(syscall(SYS_openat, xopen("f", O_RDONLY), "g", O_RDONLY));
}

CASE(openat_abs_badfd)
{
	op(syscall(SYS_openat, 999, "/dev/null", O_RDONLY));
}

CASE(openat_cwd_after_chdir)
{
	std();
	if (chdir("d") < 0)
		sfail("chdir", "d");
	op(syscall(SYS_openat, AT_FDCWD, "g", O_RDONLY));
}

CASE(openat_creat_dirfd)
{
	std();
	op(syscall(SYS_openat, xopen("d", O_RDONLY), "new", O_CREAT | O_EXCL | O_WRONLY, 0600));
}

CASE(openat_empty)
{
	std();
	op(syscall(SYS_openat, xopen("f", O_RDONLY), "", O_RDONLY));
}

static void oa2(int dirfd, const char *p, struct open_how h)
{
	op(syscall(SYS_openat2, dirfd, p, &h, sizeof(h)));
}

CASE(openat2_basic)
{
	std();
	oa2(AT_FDCWD, "f", how(O_RDONLY, 0, 0));
}

CASE(openat2_creat)
{
	oa2(AT_FDCWD, "new", how(O_CREAT | O_WRONLY, 0640, 0));
}

CASE(openat2_size_small)
{
	struct open_how h = how(O_RDONLY, 0, 0);

	std();
	op(syscall(SYS_openat2, AT_FDCWD, "f", &h, 8));
}

CASE(openat2_size_big_zero)
{
	struct {
		struct open_how h;
		uint64_t more;
	} big = { how(O_RDONLY, 0, 0), 0 };

	std();
	op(syscall(SYS_openat2, AT_FDCWD, "f", &big, sizeof(big)));
}

CASE(openat2_size_big_nonzero)
{
	struct {
		struct open_how h;
		uint64_t more;
	} big = { how(O_RDONLY, 0, 0), 1 };

	std();
	op(syscall(SYS_openat2, AT_FDCWD, "f", &big, sizeof(big)));
}

CASE(openat2_size_huge)
{
	std();
	memset(buf, 0, sizeof(buf));
	op(syscall(SYS_openat2, AT_FDCWD, "f", buf, 8192));
}

CASE(openat2_efault_how)
{
	std();
	op(syscall(SYS_openat2, AT_FDCWD, "f", BADP, 24));
}

CASE(openat2_unknown_flags)
{
	std();
	oa2(AT_FDCWD, "f", how(O_RDONLY | 1ULL << 40, 0, 0));
}

CASE(openat2_unknown_flag_bit30)
{
	std();
	oa2(AT_FDCWD, "f", how(O_RDONLY | 0x40000000, 0, 0));
}

CASE(openat2_mode_without_creat)
{
	std();
	oa2(AT_FDCWD, "f", how(O_RDONLY, 0644, 0));
}

CASE(openat2_mode_high)
{
	oa2(AT_FDCWD, "new", how(O_CREAT | O_WRONLY, 010000, 0));
}

CASE(openat2_unknown_resolve)
{
	std();
	oa2(AT_FDCWD, "f", how(O_RDONLY, 0, 0x80));
}

CASE(openat2_beneath_in_root)
{
	std();
	oa2(AT_FDCWD, "f", how(O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT));
}

CASE(openat2_beneath_ok)
{
	std();
	oa2(xopen("d", O_PATH), "g", how(O_RDONLY, 0, RESOLVE_BENEATH));
}

CASE(openat2_beneath_escape)
{
	std();
	oa2(xopen("d", O_PATH), "../f", how(O_RDONLY, 0, RESOLVE_BENEATH));
}

CASE(openat2_beneath_abs)
{
	std();
	oa2(xopen("d", O_PATH), "/dev/null", how(O_RDONLY, 0, RESOLVE_BENEATH));
}

CASE(openat2_beneath_symlink_escape)
{
	std();
	mkl("../f", "d/up");
	oa2(xopen("d", O_PATH), "up", how(O_RDONLY, 0, RESOLVE_BENEATH));
}

CASE(openat2_in_root_abs)
{
	std();
	oa2(xopen("d", O_PATH), "/g", how(O_RDONLY, 0, RESOLVE_IN_ROOT));
}

CASE(openat2_in_root_dotdot)
{
	std();
	oa2(xopen("d", O_PATH), "../../g", how(O_RDONLY, 0, RESOLVE_IN_ROOT));
}

CASE(openat2_in_root_abs_symlink)
{
	std();
	mkl("/g", "d/abs");
	oa2(xopen("d", O_PATH), "abs", how(O_RDONLY, 0, RESOLVE_IN_ROOT));
}

CASE(openat2_in_root_creat_dangling)
{
	std();
	mkl("/made", "d/abs");
	oa2(xopen("d", O_PATH), "abs", how(O_CREAT | O_WRONLY, 0600, RESOLVE_IN_ROOT));
}

CASE(openat2_no_magiclinks_nofollow)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	oa2(AT_FDCWD, p, how(O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_MAGICLINKS));
}

CASE(openat2_no_xdev_magic)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	oa2(AT_FDCWD, p, how(O_RDONLY, 0, RESOLVE_NO_XDEV));
}

CASE(openat2_in_root_proc)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	oa2(xopen("d", O_PATH), p, how(O_RDONLY, 0, RESOLVE_IN_ROOT));
}

CASE(openat2_beneath_proc)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	oa2(xopen("d", O_PATH), p, how(O_RDONLY, 0, RESOLVE_BENEATH));
}

CASE(openat2_no_symlinks)
{
	std();
	oa2(AT_FDCWD, "ln", how(O_RDONLY, 0, RESOLVE_NO_SYMLINKS));
}

CASE(openat2_no_symlinks_dir)
{
	std();
	oa2(AT_FDCWD, "dl/g", how(O_RDONLY, 0, RESOLVE_NO_SYMLINKS));
}

CASE(openat2_no_symlinks_nofollow)
{
	std();
	oa2(AT_FDCWD, "ln", how(O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS));
}

CASE(openat2_no_xdev)
{
	oa2(AT_FDCWD, at("mnt", ""), how(O_RDONLY, 0, RESOLVE_NO_XDEV));
}

CASE(openat2_no_xdev_ok)
{
	std();
	oa2(AT_FDCWD, "d/g", how(O_RDONLY, 0, RESOLVE_NO_XDEV));
}

CASE(openat2_no_magiclinks)
{
	char p[64];

	std();
	snprintf(p, sizeof(p), "/proc/self/fd/%d", xopen("f", O_RDONLY));
	oa2(AT_FDCWD, p, how(O_RDONLY, 0, RESOLVE_NO_MAGICLINKS));
}

CASE(openat2_cached_creat)
{
	oa2(AT_FDCWD, "new", how(O_CREAT | O_WRONLY, 0600, RESOLVE_CACHED));
}

CASE(openat2_path_rdwr)
{
	std();
	oa2(AT_FDCWD, "f", how(O_PATH | O_RDWR, 0, 0));
}

CASE(openat2_tmpfile)
{
	oa2(AT_FDCWD, ".", how(O_TMPFILE | O_RDWR, 0600, 0));
}

CASE(openat2_cloexec)
{
	std();
	oa2(AT_FDCWD, "f", how(O_RDONLY | O_CLOEXEC, 0, 0));
}

CASE(creat_new)
{
	op(syscall(SYS_creat, "new", 0640));
}

CASE(creat_exists)
{
	std();
	op(syscall(SYS_creat, "f", 0600));
}

CASE(creat_dir)
{
	std();
	op(syscall(SYS_creat, "d", 0600));
}

CASE(creat_umask)
{
	umask(027);
	op(syscall(SYS_creat, "new", 0777));
}

CASE(creat_efault)
{
	op(syscall(SYS_creat, BADP, 0600));
}

CASE(creat_dangling)
{
	std();
	op(syscall(SYS_creat, "dang", 0600));
}

CASE(creat_erofs)
{
	op(syscall(SYS_creat, at("ro", "new"), 0600));
}

CASE(creat_txtbsy)
{
	pid_t pid = busy();

	op(syscall(SYS_creat, "bin", 0755));
	unbusy(pid);
}

CASE(truncate_txtbsy)
{
	pid_t pid = busy();
	struct stat sb;

	if (stat("bin", &sb) < 0)
		sfail("stat", "bin");
	R(syscall(SYS_truncate, "bin", (long)sb.st_size));
	unbusy(pid);
}

CASE(access_w_txtbsy)
{
	pid_t pid = busy();

	R(syscall(SYS_access, "bin", W_OK));
	unbusy(pid);
}

CASE(creat_eacces)
{
	mkf("p", 0444, "x");
	user();
	op(syscall(SYS_creat, "p", 0600));
}


/* ---- running ---- */

static int run(const struct fcase *c)
{
	char dir[PATH_MAX];
	pid_t pid;
	int st;

	snprintf(dir, sizeof(dir), "%s/w/%s", base, c->name);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		ll = 0;
		if (mkdir(dir, 0755) < 0 || chmod(dir, 0755) < 0 || chdir(dir) < 0) {
			printf("%s\tcannot make %s: %s\n", c->name, dir, ename(errno));
			exit(1);
		}
		c->fn();
		put(" |");
		pdir(dir, "", 0);
		printf("%s\t%s\n", c->name, line);
		fflush(stdout);
		_exit(0);
	}
	while (waitpid(pid, &st, 0) < 0)
		;
	if (WIFSIGNALED(st))
		printf("%s\tkilled by signal %d\n", c->name, WTERMSIG(st));
	return 0;
}

int main(int argc, char **argv)
{
	const struct fcase *c;
	char w[PATH_MAX];

	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		for (c = __start_fsdiff_cases; c < __stop_fsdiff_cases; c++)
			printf("%s\n", c->name);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: fsdiff BASE [CASE...|all] | fsdiff list\n");
		return 2;
	}
	if (argc == 2 && strcmp(argv[1], "exit0") == 0) /* exec_after_write */
		return 0;
	if (argc == 2 && strcmp(argv[1], "pause") == 0) { /* busy(): running */
		if (write(3, "x", 1) != 1)
			return 1;
		for (;;)
			pause();
	}
	base = argv[1];
	self_exe = realpath(argv[0], NULL); /* the cases run elsewhere */
	if (!self_exe)
		self_exe = argv[0];
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	snprintf(w, sizeof(w), "%s/w", base);
	mkdir(w, 0755);
	for (c = __start_fsdiff_cases; c < __stop_fsdiff_cases; c++) {
		bool want = argc < 3;

		for (int i = 2; i < argc && !want; i++)
			want = strcmp(argv[i], "all") == 0 || strcmp(argv[i], c->name) == 0;
		if (want)
			run(c);
	}
	return 0;
}
