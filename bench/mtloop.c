/* mtloop [-p] T N [mkdir|mkrm|open PATH]: the many-threads benchmark target.
 * Starts T threads (with -p: T processes) that each make N system calls:
 * getppid(2) by default, or mkdir(PATH) (which fails with EEXIST once PATH
 * exists), or (mkrm) mkdir(PATH) and rmdir(PATH), a pair counted as one,
 * or (open) openat(PATH, O_RDONLY) and close of the fd it got, counted as
 * one.  Prints the wall-clock time per call over all of them,
 * `ns_per_call X`, and the calls per second, `calls_per_s X`, on stdout.
 * Calls go through syscall(2), so that no libc caching hides them. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long n;
static const char *path;
static int mkrm, opens;
static pthread_barrier_t *start;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void one(void)
{
	if (path && opens) {
		long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);

		if (fd >= 0)
			syscall(SYS_close, fd);
	} else if (path && mkrm) {
		syscall(SYS_mkdir, path, 0755);
		syscall(SYS_rmdir, path);
	} else if (path)
		syscall(SYS_mkdir, path, 0755);
	else
		syscall(SYS_getppid);
}

static void *run(void *arg)
{
	unsigned long warm = n / 100 < 1000 ? n / 100 : 1000;

	(void)arg;
	for (unsigned long i = 0; i < warm; i++)
		one();
	pthread_barrier_wait(start);
	for (unsigned long i = 0; i < n; i++)
		one();
	return NULL;
}

/* T processes, with the barrier in shared memory.  Returns 0 or 1. */
static int run_procs(unsigned long t)
{
	for (unsigned long i = 0; i < t; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "mtloop: cannot fork\n");
			return 1;
		}
		if (pid == 0) {
			run(NULL);
			_exit(0);
		}
	}
	pthread_barrier_wait(start);
	return 0;
}

int main(int argc, char **argv)
{
	pthread_barrierattr_t ba;
	unsigned long t;
	pthread_t *th;
	double t0, t1;
	char *end;
	int procs = argc > 1 && strcmp(argv[1], "-p") == 0, status;

	argc -= procs;
	argv += procs;
	if (argc != 3 &&
	    !(argc == 5 && (strcmp(argv[3], "mkdir") == 0 || strcmp(argv[3], "mkrm") == 0 ||
			    strcmp(argv[3], "open") == 0))) {
		fprintf(stderr, "usage: mtloop [-p] THREADS N [mkdir|mkrm|open PATH]\n");
		return 2;
	}
	errno = 0;
	t = strtoul(argv[1], &end, 10);
	if (errno || *end || t == 0 || t > 1024) {
		fprintf(stderr, "mtloop: bad thread count '%s'\n", argv[1]);
		return 2;
	}
	n = strtoul(argv[2], &end, 10);
	if (errno || *end || n == 0) {
		fprintf(stderr, "mtloop: bad count '%s'\n", argv[2]);
		return 2;
	}
	path = argc == 5 ? argv[4] : NULL;
	mkrm = argc == 5 && strcmp(argv[3], "mkrm") == 0;
	opens = argc == 5 && strcmp(argv[3], "open") == 0;
	th = calloc(t, sizeof(*th));
	start = mmap(NULL, sizeof(*start), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_barrierattr_init(&ba);
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	if (!th || start == MAP_FAILED || pthread_barrier_init(start, &ba, (unsigned)t + 1) != 0) {
		fprintf(stderr, "mtloop: out of memory\n");
		return 1;
	}
	if (procs) {
		if (run_procs(t))
			return 1;
	} else {
		for (unsigned long i = 0; i < t; i++)
			if (pthread_create(&th[i], NULL, run, NULL) != 0) {
				fprintf(stderr, "mtloop: cannot start a thread\n");
				return 1;
			}
		pthread_barrier_wait(start);
	}
	t0 = now_ns();
	if (procs)
		while (wait(&status) > 0)
			;
	else
		for (unsigned long i = 0; i < t; i++)
			pthread_join(th[i], NULL);
	t1 = now_ns();
	printf("ns_per_call %.1f\ncalls_per_s %.0f\n", (t1 - t0) / (double)(n * t),
	       (double)(n * t) * 1e9 / (t1 - t0));
	free(th);
	return 0;
}
