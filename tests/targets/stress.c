/* stress PROCS THREADS N DIR: many threads of many processes through the
 * supervisor at once.  Each of THREADS threads of each of PROCS processes
 * makes N rounds of mkdir(DIR/pP-tT-I) (must return 0) and getppid()
 * (must return 7, as the policy answers).  Process 0 has one more thread
 * that makes a single getuid() first, which the policy holds for a while
 * (`delay`): the others must all be done before it returns.
 *
 * Prints "errors E" (calls that did not return what they must), "calls
 * C" (calls made), and, from process 0, "held_longest 1" when the held
 * call returned after everything else (0 if it held something up), and
 * "getuid U".  Exits 0 when E is 0. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
	atomic_long errors, calls, done_threads;
};

static struct shared *sh;
static int procs, threads, n, me;
static const char *dir;

static void *work(void *arg)
{
	long t = (long)arg;
	char path[4096];

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/p%d-t%ld-%d", dir, me, t, i);
		if (syscall(SYS_mkdir, path, 0755) != 0)
			atomic_fetch_add(&sh->errors, 1);
		if (syscall(SYS_getppid) != 7)
			atomic_fetch_add(&sh->errors, 1);
		atomic_fetch_add(&sh->calls, 2);
	}
	atomic_fetch_add(&sh->done_threads, 1);
	return NULL;
}

static long held_longest;

static void *held(void *arg)
{
	long *uid = arg;

	*uid = syscall(SYS_getuid);
	held_longest = atomic_load(&sh->done_threads) == (long)procs * threads;
	return NULL;
}

static int run_proc(void)
{
	pthread_t th[256], slow;
	long uid = -1;

	if (me == 0 && pthread_create(&slow, NULL, held, &uid) != 0)
		return 1;
	for (long t = 0; t < threads; t++)
		if (pthread_create(&th[t], NULL, work, (void *)t) != 0)
			return 1;
	for (long t = 0; t < threads; t++)
		pthread_join(th[t], NULL);
	if (me == 0) {
		pthread_join(slow, NULL);
		printf("getuid %ld\nheld_longest %ld\n", uid, held_longest);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int status, bad = 0;

	if (argc != 5) {
		fprintf(stderr, "usage: stress PROCS THREADS N DIR\n");
		return 2;
	}
	procs = atoi(argv[1]);
	threads = atoi(argv[2]);
	n = atoi(argv[3]);
	dir = argv[4];
	if (procs < 1 || threads < 1 || threads > 256 || n < 1)
		return 2;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	fflush(NULL);
	for (me = 1; me < procs; me++) {
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid == 0)
			_exit(run_proc());
	}
	me = 0;
	bad |= run_proc();
	while (wait(&status) > 0)
		bad |= !WIFEXITED(status) || WEXITSTATUS(status);
	printf("errors %ld\ncalls %ld\n", atomic_load(&sh->errors) + bad, atomic_load(&sh->calls));
	return atomic_load(&sh->errors) || bad ? 1 : 0;
}
