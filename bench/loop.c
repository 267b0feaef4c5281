/* loop N: the benchmark target.  Calls getppid(2) N times through
 * syscall(2) (so no libc caching can hide the system call) and prints the
 * mean cost of one call as `ns_per_call X` on stdout.  getppid is used
 * because it has no side effects and no arguments, so whatever decides it
 * (the kernel, a seccomp filter, a supervisor, a tracer) dominates the cost. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0) {
		perror("loop: clock_gettime");
		exit(1);
	}
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	char *end;
	unsigned long n, warm, i;
	double t0, t1;

	if (argc != 2) {
		fprintf(stderr, "usage: loop N\n");
		return 2;
	}
	errno = 0;
	n = strtoul(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || n == 0) {
		fprintf(stderr, "loop: bad count '%s'\n", argv[1]);
		return 2;
	}

	/* Warm-up: fault in the code and let the supervisor (or tracer) reach
	 * its steady state, so the first slow round trips are not counted. */
	warm = n / 100 < 1000 ? n / 100 : 1000;
	for (i = 0; i < warm; i++)
		syscall(SYS_getppid);

	t0 = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	t1 = now_ns();

	printf("ns_per_call %.1f\n", (t1 - t0) / (double)n);
	return 0;
}
