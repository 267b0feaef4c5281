/* bench/mkloop N DIR: N mkdir + rmdir pairs of DIR/d, and the mean time of
 * one pair on stdout ("12.34 us per mkdir+rmdir").  Static (the agent's
 * rows run it as a container's whole root file system). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[4096];
	struct timespec a, b;
	int n = argc == 3 ? atoi(argv[1]) : 0;

	if (n <= 0) {
		fprintf(stderr, "usage: mkloop N DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/d", argv[2]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++)
		if (mkdir(path, 0755) < 0 || rmdir(path) < 0) {
			perror(path);
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.2f us per mkdir+rmdir\n",
	       ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / 1e3 / n);
	return 0;
}
