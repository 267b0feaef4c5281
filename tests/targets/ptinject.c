/* ptinject PID NR PATH: attaches to PID (x86_64), makes it call NR(PATH,
 * 0755) at the system call it is stopped in, prints "NR(PATH) = RESULT"
 * and lets it go on with its own call.  The hostile process of
 * tests/e2e/24-agent.t: one `runc exec` puts into a created container
 * drives runc's init before `runc start`.  Static: it runs in a busybox
 * root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

static int _step(pid_t pid)
{
	int st;

	return ptrace(PTRACE_SYSCALL, pid, 0, 0) < 0 || waitpid(pid, &st, __WALL) < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct user_regs_struct r, saved;
	char buf[256] = { 0 };
	unsigned long at;
	pid_t pid;
	long word;
	int st;

	if (argc != 4) {
		fprintf(stderr, "usage: ptinject PID NR PATH\n");
		return 2;
	}
	pid = atoi(argv[1]);
	if (ptrace(PTRACE_ATTACH, pid, 0, 0) < 0 || waitpid(pid, &st, __WALL) < 0) {
		perror("attach");
		return 1;
	}
	if (ptrace(PTRACE_GETREGS, pid, 0, &saved) < 0) {
		perror("getregs");
		return 1;
	}
	/* stopped in a system call: the instruction before rip is `syscall` */
	word = ptrace(PTRACE_PEEKTEXT, pid, saved.rip - 2, 0);
	if ((word & 0xffff) != 0x050f) {
		fprintf(stderr, "not stopped after a syscall instruction\n");
		return 1;
	}
	strncpy(buf, argv[3], sizeof(buf) - 1);
	at = (saved.rsp - 4096) & ~7UL; /* below its stack: unused */
	for (size_t i = 0; i < sizeof(buf); i += sizeof(long)) {
		long w;

		memcpy(&w, buf + i, sizeof(w));
		ptrace(PTRACE_POKEDATA, pid, at + i, w);
	}
	r = saved;
	r.rip = saved.rip - 2;
	r.rax = (unsigned long)atol(argv[2]);
	r.orig_rax = (unsigned long)-1;
	r.rdi = at;
	r.rsi = 0755;
	r.rdx = 0;
	if (ptrace(PTRACE_SETREGS, pid, 0, &r) < 0 || _step(pid) < 0 || _step(pid) < 0 ||
	    ptrace(PTRACE_GETREGS, pid, 0, &r) < 0) {
		perror("inject");
		return 1;
	}
	printf("%s(%s) = %lld\n", argv[2], argv[3], (long long)r.rax);
	saved.rip -= 2; /* its own call again */
	saved.rax = saved.orig_rax;
	ptrace(PTRACE_SETREGS, pid, 0, &saved);
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return 0;
}
