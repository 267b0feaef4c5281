/* spawn N PROG [ARG...]: runs PROG N times, one after the other (fork,
 * exec, wait), and prints the mean wall-clock time of one run as
 * `ns_per_call X` on stdout.  Fails if any run fails. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long n;
	double t0;
	char *end;

	if (argc < 3) {
		fprintf(stderr, "usage: spawn N PROG [ARG...]\n");
		return 2;
	}
	errno = 0;
	n = strtoul(argv[1], &end, 10);
	if (errno || *end || n == 0) {
		fprintf(stderr, "spawn: bad count '%s'\n", argv[1]);
		return 2;
	}
	fflush(NULL);
	t0 = now_ns();
	for (unsigned long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0) {
			perror("spawn: fork");
			return 1;
		}
		if (pid == 0) {
			execvp(argv[2], argv + 2);
			perror("spawn: exec");
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "spawn: %s failed\n", argv[2]);
			return 1;
		}
	}
	printf("ns_per_call %.1f\n", (now_ns() - t0) / (double)n);
	return 0;
}
