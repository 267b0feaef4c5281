/* syscall_table: argument signatures and named constants, as data. */
#include "syscalls.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

/* Argument names follow the man pages (section 2); where a man page gives
 * the raw kernel prototype and it differs from the libc wrapper, the raw
 * order is used, as that is what seccomp sees in args[0..5].  Argument
 * widths follow the kernel's SYSCALL_DEFINE types, not the man pages: the
 * kernel looks at the low 32 bits of an int (ioctl's request, personality)
 * and the low 16 of a umode_t, so a condition compares just those.  Kept sorted
 * by name for bsearch. */

/* clang-format off */
#define A(n, k) { #n, ARG_##k }
/* clang-format on */

const struct sys_sig sys_sig_table[] = {
	{ "accept", { A(sockfd, FD), A(addr, PTR), A(addrlen, PTR) } },
	{ "accept4", { A(sockfd, FD), A(addr, PTR), A(addrlen, PTR), A(flags, INT) } },
	{ "access", { A(pathname, PATH), A(mode, INT) } },
	{ "acct", { A(filename, PATH) } },
	{ "add_key",
	  { A(type, PTR), A(description, PTR), A(payload, PTR), A(plen, ULONG), A(keyring, INT) } },
	{ "bind", { A(sockfd, FD), A(addr, PTR), A(addrlen, INT) } },
	{ "bpf", { A(cmd, INT), A(attr, PTR), A(size, UINT) } },
	{ "brk", { A(addr, PTR) } },
	{ "capget", { A(hdrp, PTR), A(datap, PTR) } },
	{ "capset", { A(hdrp, PTR), A(datap, PTR) } },
	{ "chdir", { A(path, PATH) } },
	{ "chmod", { A(pathname, PATH), A(mode, MODE) } },
	{ "chown", { A(pathname, PATH), A(owner, UID), A(group, UID) } },
	{ "chroot", { A(path, PATH) } },
	{ "clock_gettime", { A(clockid, INT), A(tp, PTR) } },
	{ "clock_nanosleep", { A(clockid, INT), A(flags, INT), A(request, PTR), A(remain, PTR) } },
	/* The raw x86-64 order (clone(2), NOTES). */
	{ "clone",
	  { A(flags, CLONE_FLAGS), A(stack, PTR), A(parent_tid, PTR), A(child_tid, PTR),
	    A(tls, ULONG) } },
	{ "clone3", { A(cl_args, PTR), A(size, ULONG) } },
	{ "close", { A(fd, FD) } },
	{ "close_range", { A(first, UINT), A(last, UINT), A(flags, UINT) } },
	{ "connect", { A(sockfd, FD), A(addr, PTR), A(addrlen, INT) } },
	{ "copy_file_range",
	  { A(fd_in, FD), A(off_in, PTR), A(fd_out, FD), A(off_out, PTR), A(len, ULONG),
	    A(flags, UINT) } },
	{ "creat", { A(pathname, PATH), A(mode, MODE) } },
	{ "delete_module", { A(name, PTR), A(flags, UINT) } },
	{ "dup", { A(oldfd, FD) } },
	{ "dup2", { A(oldfd, FD), A(newfd, FD) } },
	{ "dup3", { A(oldfd, FD), A(newfd, FD), A(flags, OPEN_FLAGS) } },
	{ "eventfd", { A(initval, UINT) } },
	{ "eventfd2", { A(initval, UINT), A(flags, INT) } },
	{ "execve", { A(pathname, PATH), A(argv, PTR), A(envp, PTR) } },
	{ "execveat",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(argv, PTR), A(envp, PTR), A(flags, AT_FLAGS) } },
	{ "exit", { A(status, INT) } },
	{ "exit_group", { A(status, INT) } },
	/* The raw faccessat has no flags argument (access(2), NOTES). */
	{ "faccessat", { A(dirfd, DIRFD), A(pathname, PATH), A(mode, INT) } },
	{ "faccessat2", { A(dirfd, DIRFD), A(pathname, PATH), A(mode, INT), A(flags, AT_FLAGS) } },
	{ "fchdir", { A(fd, FD) } },
	{ "fchmod", { A(fd, FD), A(mode, MODE) } },
	/* The raw fchmodat has no flags argument either. */
	{ "fchmodat", { A(dirfd, DIRFD), A(pathname, PATH), A(mode, MODE) } },
	{ "fchmodat2", { A(dirfd, DIRFD), A(pathname, PATH), A(mode, MODE), A(flags, AT_FLAGS) } },
	{ "fchown", { A(fd, FD), A(owner, UID), A(group, UID) } },
	{ "fchownat",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(owner, UID), A(group, UID),
	    A(flags, AT_FLAGS) } },
	/* The kernel uses arg as an int, but for commands that take a pointer. */
	{ "fcntl", { A(fd, FD), A(cmd, INT), A(arg, INT) } },
	{ "fdatasync", { A(fd, FD) } },
	{ "fgetxattr", { A(fd, FD), A(name, PTR), A(value, PTR), A(size, ULONG) } },
	{ "file_getattr",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(fattr, PTR), A(usize, ULONG),
	    A(at_flags, AT_FLAGS) } },
	{ "file_setattr",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(fattr, PTR), A(usize, ULONG),
	    A(at_flags, AT_FLAGS) } },
	{ "finit_module", { A(fd, FD), A(param_values, PTR), A(flags, INT) } },
	{ "flistxattr", { A(fd, FD), A(list, PTR), A(size, ULONG) } },
	{ "flock", { A(fd, FD), A(operation, INT) } },
	{ "fork", { { NULL, ARG_NONE } } },
	{ "fremovexattr", { A(fd, FD), A(name, PTR) } },
	{ "fsconfig", { A(fd, FD), A(cmd, UINT), A(key, PTR), A(value, PTR), A(aux, INT) } },
	{ "fsetxattr", { A(fd, FD), A(name, PTR), A(value, PTR), A(size, ULONG), A(flags, INT) } },
	{ "fsmount", { A(fd, FD), A(flags, UINT), A(attr_flags, UINT) } },
	{ "fsopen", { A(fsname, PTR), A(flags, UINT) } },
	{ "fspick", { A(dirfd, DIRFD), A(pathname, PATH), A(flags, UINT) } },
	{ "fstat", { A(fd, FD), A(statbuf, PTR) } },
	{ "fstatfs", { A(fd, FD), A(buf, PTR) } },
	{ "fsync", { A(fd, FD) } },
	{ "ftruncate", { A(fd, FD), A(length, LONG) } },
	{ "futimesat", { A(dirfd, DIRFD), A(pathname, PATH), A(times, PTR) } },
	{ "getcwd", { A(buf, PTR), A(size, ULONG) } },
	{ "getdents", { A(fd, FD), A(dirp, PTR), A(count, UINT) } },
	{ "getdents64", { A(fd, FD), A(dirp, PTR), A(count, UINT) } },
	{ "getegid", { { NULL, ARG_NONE } } },
	{ "geteuid", { { NULL, ARG_NONE } } },
	{ "getgid", { { NULL, ARG_NONE } } },
	{ "getgroups", { A(size, INT), A(list, PTR) } },
	{ "getpeername", { A(sockfd, FD), A(addr, PTR), A(addrlen, PTR) } },
	{ "getpgid", { A(pid, PID) } },
	{ "getpid", { { NULL, ARG_NONE } } },
	{ "getppid", { { NULL, ARG_NONE } } },
	{ "getpriority", { A(which, PRIO_WHICH), A(who, INT) } },
	{ "getrandom", { A(buf, PTR), A(buflen, ULONG), A(flags, UINT) } },
	{ "getsockname", { A(sockfd, FD), A(addr, PTR), A(addrlen, PTR) } },
	{ "getsockopt",
	  { A(sockfd, FD), A(level, INT), A(optname, INT), A(optval, PTR), A(optlen, PTR) } },
	{ "gettid", { { NULL, ARG_NONE } } },
	{ "gettimeofday", { A(tv, PTR), A(tz, PTR) } },
	{ "getuid", { { NULL, ARG_NONE } } },
	{ "getxattr", { A(path, PATH), A(name, PTR), A(value, PTR), A(size, ULONG) } },
	{ "getxattrat",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(at_flags, AT_FLAGS), A(name, PTR), A(args, PTR),
	    A(size, ULONG) } },
	{ "init_module", { A(module_image, PTR), A(len, ULONG), A(param_values, PTR) } },
	{ "inotify_add_watch", { A(fd, FD), A(pathname, PATH), A(mask, UINT) } },
	/* io_uring_enter2(2): the kernel's six arguments. */
	{ "io_uring_enter",
	  { A(fd, FD), A(to_submit, UINT), A(min_complete, UINT), A(flags, UINT), A(sig, PTR),
	    A(sz, ULONG) } },
	{ "io_uring_register", { A(fd, FD), A(opcode, UINT), A(arg, PTR), A(nr_args, UINT) } },
	{ "io_uring_setup", { A(entries, UINT), A(p, PTR) } },
	/* The kernel takes request as an unsigned int. */
	{ "ioctl", { A(fd, FD), A(request, UINT), A(argp, ULONG) } },
	{ "ioprio_get", { A(which, INT), A(who, INT) } },
	{ "ioprio_set", { A(which, INT), A(who, INT), A(ioprio, INT) } },
	{ "kcmp", { A(pid1, PID), A(pid2, PID), A(type, INT), A(idx1, UINT), A(idx2, ULONG) } },
	{ "keyctl",
	  { A(operation, INT), A(arg2, ULONG), A(arg3, ULONG), A(arg4, ULONG), A(arg5, ULONG) } },
	{ "kill", { A(pid, PID), A(sig, SIGNAL) } },
	{ "lchown", { A(pathname, PATH_NOFOLLOW), A(owner, UID), A(group, UID) } },
	{ "lgetxattr", { A(path, PATH_NOFOLLOW), A(name, PTR), A(value, PTR), A(size, ULONG) } },
	/* Linux's link() does not dereference oldpath. */
	{ "link", { A(oldpath, PATH_NOFOLLOW), A(newpath, PATH_NOFOLLOW) } },
	/* linkat follows oldpath only with AT_SYMLINK_FOLLOW. */
	{ "linkat",
	  { A(olddirfd, DIRFD), A(oldpath, PATH_NOFOLLOW), A(newdirfd, DIRFD),
	    A(newpath, PATH_NOFOLLOW), A(flags, AT_FLAGS) } },
	{ "listen", { A(sockfd, FD), A(backlog, INT) } },
	{ "listmount", { A(req, PTR), A(mnt_ids, PTR), A(nr_mnt_ids, ULONG), A(flags, UINT) } },
	{ "listxattr", { A(path, PATH), A(list, PTR), A(size, ULONG) } },
	{ "listxattrat",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(at_flags, AT_FLAGS), A(list, PTR),
	    A(size, ULONG) } },
	{ "llistxattr", { A(path, PATH_NOFOLLOW), A(list, PTR), A(size, ULONG) } },
	{ "lremovexattr", { A(path, PATH_NOFOLLOW), A(name, PTR) } },
	{ "lseek", { A(fd, FD), A(offset, LONG), A(whence, INT) } },
	{ "lsetxattr",
	  { A(path, PATH_NOFOLLOW), A(name, PTR), A(value, PTR), A(size, ULONG), A(flags, INT) } },
	{ "lstat", { A(pathname, PATH_NOFOLLOW), A(statbuf, PTR) } },
	{ "madvise", { A(addr, PTR), A(length, ULONG), A(advice, INT) } },
	{ "memfd_create", { A(name, PTR), A(flags, UINT) } },
	{ "mkdir", { A(pathname, PATH_NOFOLLOW), A(mode, MODE) } },
	{ "mkdirat", { A(dirfd, DIRFD), A(pathname, PATH_NOFOLLOW), A(mode, MODE) } },
	/* The kernel takes dev as an unsigned int. */
	{ "mknod", { A(pathname, PATH_NOFOLLOW), A(mode, MODE), A(dev, UINT) } },
	{ "mknodat", { A(dirfd, DIRFD), A(pathname, PATH_NOFOLLOW), A(mode, MODE), A(dev, UINT) } },
	{ "mmap",
	  { A(addr, PTR), A(length, ULONG), A(prot, MMAP_PROT), A(flags, MMAP_FLAGS), A(fd, FD),
	    A(offset, LONG) } },
	{ "mount",
	  { A(source, PATH), A(target, PATH), A(filesystemtype, PTR), A(mountflags, UINT),
	    A(data, PTR) } },
	{ "mount_setattr",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(flags, UINT), A(attr, PTR), A(size, ULONG) } },
	{ "move_mount",
	  { A(from_dirfd, DIRFD), A(from_pathname, PATH_NOFOLLOW), A(to_dirfd, DIRFD),
	    A(to_pathname, PATH_NOFOLLOW), A(flags, UINT) } },
	{ "mprotect", { A(addr, PTR), A(len, ULONG), A(prot, MMAP_PROT) } },
	{ "mq_notify", { A(mqdes, FD), A(sevp, PTR) } },
	{ "mseal", { A(addr, PTR), A(len, ULONG), A(flags, ULONG) } },
	{ "msgctl", { A(msqid, INT), A(cmd, INT), A(buf, PTR) } },
	{ "msgget", { A(key, INT), A(msgflg, INT) } },
	{ "msgrcv",
	  { A(msqid, INT), A(msgp, PTR), A(msgsz, ULONG), A(msgtyp, LONG), A(msgflg, INT) } },
	{ "msgsnd", { A(msqid, INT), A(msgp, PTR), A(msgsz, ULONG), A(msgflg, INT) } },
	{ "munmap", { A(addr, PTR), A(length, ULONG) } },
	{ "name_to_handle_at",
	  { A(dirfd, DIRFD), A(pathname, PATH_NOFOLLOW), A(handle, PTR), A(mount_id, PTR),
	    A(flags, AT_FLAGS) } },
	{ "nanosleep", { A(req, PTR), A(rem, PTR) } },
	/* fstatat(2) */
	{ "newfstatat",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(statbuf, PTR), A(flags, AT_FLAGS) } },
	{ "open", { A(pathname, PATH), A(flags, OPEN_FLAGS), A(mode, MODE) } },
	{ "open_by_handle_at", { A(mount_fd, FD), A(handle, PTR), A(flags, OPEN_FLAGS) } },
	{ "open_tree", { A(dirfd, DIRFD), A(pathname, PATH), A(flags, UINT) } },
	{ "open_tree_attr",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(flags, UINT), A(attr, PTR), A(size, ULONG) } },
	{ "openat", { A(dirfd, DIRFD), A(pathname, PATH), A(flags, OPEN_FLAGS), A(mode, MODE) } },
	{ "openat2", { A(dirfd, DIRFD), A(pathname, PATH), A(how, PTR), A(size, ULONG) } },
	{ "perf_event_open",
	  { A(attr, PTR), A(pid, PID), A(cpu, INT), A(group_fd, FD), A(flags, ULONG) } },
	/* The kernel takes persona as an unsigned int. */
	{ "personality", { A(persona, UINT) } },
	{ "pidfd_getfd", { A(pidfd, FD), A(targetfd, INT), A(flags, UINT) } },
	{ "pidfd_open", { A(pid, PID), A(flags, UINT) } },
	{ "pidfd_send_signal", { A(pidfd, FD), A(sig, SIGNAL), A(info, PTR), A(flags, UINT) } },
	{ "pipe", { A(pipefd, PTR) } },
	{ "pipe2", { A(pipefd, PTR), A(flags, OPEN_FLAGS) } },
	{ "pivot_root", { A(new_root, PATH), A(put_old, PATH) } },
	{ "prctl",
	  { A(option, PRCTL_OP), A(arg2, ULONG), A(arg3, ULONG), A(arg4, ULONG), A(arg5, ULONG) } },
	{ "pread64", { A(fd, FD), A(buf, PTR), A(count, ULONG), A(offset, LONG) } },
	{ "prlimit64", { A(pid, PID), A(resource, UINT), A(new_limit, PTR), A(old_limit, PTR) } },
	{ "process_vm_readv",
	  { A(pid, PID), A(local_iov, PTR), A(liovcnt, UINT), A(remote_iov, PTR), A(riovcnt, ULONG),
	    A(flags, ULONG) } },
	{ "process_vm_writev",
	  { A(pid, PID), A(local_iov, PTR), A(liovcnt, UINT), A(remote_iov, PTR), A(riovcnt, ULONG),
	    A(flags, ULONG) } },
	/* The kernel takes request as a long. */
	{ "ptrace", { A(request, LONG), A(pid, PID), A(addr, PTR), A(data, PTR) } },
	{ "pwrite64", { A(fd, FD), A(buf, PTR), A(count, ULONG), A(offset, LONG) } },
	{ "quotactl", { A(cmd, UINT), A(special, PATH), A(id, UINT), A(addr, PTR) } },
	{ "read", { A(fd, FD), A(buf, PTR), A(count, ULONG) } },
	{ "readlink", { A(pathname, PATH_NOFOLLOW), A(buf, PTR), A(bufsiz, INT) } },
	{ "readlinkat",
	  { A(dirfd, DIRFD), A(pathname, PATH_NOFOLLOW), A(buf, PTR), A(bufsiz, INT) } },
	{ "readv", { A(fd, FD), A(iov, PTR), A(iovcnt, INT) } },
	{ "reboot", { A(magic, INT), A(magic2, INT), A(cmd, UINT), A(arg, PTR) } },
	{ "recvfrom",
	  { A(sockfd, FD), A(buf, PTR), A(len, ULONG), A(flags, INT), A(src_addr, PTR),
	    A(addrlen, PTR) } },
	{ "recvmsg", { A(sockfd, FD), A(msg, PTR), A(flags, INT) } },
	{ "removexattr", { A(path, PATH), A(name, PTR) } },
	{ "removexattrat",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(at_flags, AT_FLAGS), A(name, PTR) } },
	{ "rename", { A(oldpath, PATH_NOFOLLOW), A(newpath, PATH_NOFOLLOW) } },
	{ "renameat",
	  { A(olddirfd, DIRFD), A(oldpath, PATH_NOFOLLOW), A(newdirfd, DIRFD),
	    A(newpath, PATH_NOFOLLOW) } },
	{ "renameat2",
	  { A(olddirfd, DIRFD), A(oldpath, PATH_NOFOLLOW), A(newdirfd, DIRFD),
	    A(newpath, PATH_NOFOLLOW), A(flags, UINT) } },
	{ "request_key",
	  { A(type, PTR), A(description, PTR), A(callout_info, PTR), A(dest_keyring, INT) } },
	{ "rmdir", { A(pathname, PATH_NOFOLLOW) } },
	{ "rt_sigaction",
	  { A(signum, SIGNAL), A(act, PTR), A(oldact, PTR), A(sigsetsize, ULONG) } },
	{ "rt_sigprocmask", { A(how, INT), A(set, PTR), A(oldset, PTR), A(sigsetsize, ULONG) } },
	{ "rt_sigqueueinfo", { A(tgid, PID), A(sig, SIGNAL), A(info, PTR) } },
	{ "rt_tgsigqueueinfo", { A(tgid, PID), A(tid, PID), A(sig, SIGNAL), A(info, PTR) } },
	{ "sched_setaffinity", { A(pid, PID), A(cpusetsize, UINT), A(mask, PTR) } },
	{ "sched_setattr", { A(pid, PID), A(attr, PTR), A(flags, UINT) } },
	{ "sched_setparam", { A(pid, PID), A(param, PTR) } },
	{ "sched_setscheduler", { A(pid, PID), A(policy, INT), A(param, PTR) } },
	{ "sched_yield", { { NULL, ARG_NONE } } },
	{ "seccomp", { A(operation, UINT), A(flags, UINT), A(args, PTR) } },
	{ "semctl", { A(semid, INT), A(semnum, INT), A(cmd, INT), A(arg, ULONG) } },
	{ "semget", { A(key, INT), A(nsems, INT), A(semflg, INT) } },
	{ "semop", { A(semid, INT), A(sops, PTR), A(nsops, UINT) } },
	{ "semtimedop", { A(semid, INT), A(sops, PTR), A(nsops, UINT), A(timeout, PTR) } },
	{ "sendfile", { A(out_fd, FD), A(in_fd, FD), A(offset, PTR), A(count, ULONG) } },
	{ "sendmsg", { A(sockfd, FD), A(msg, PTR), A(flags, INT) } },
	{ "sendto",
	  { A(sockfd, FD), A(buf, PTR), A(len, ULONG), A(flags, INT), A(dest_addr, PTR),
	    A(addrlen, INT) } },
	{ "setdomainname", { A(name, PTR), A(len, INT) } },
	{ "setfsgid", { A(fsgid, UID) } },
	{ "setfsuid", { A(fsuid, UID) } },
	{ "setgid", { A(gid, UID) } },
	{ "setgroups", { A(size, INT), A(list, PTR) } },
	{ "sethostname", { A(name, PTR), A(len, INT) } },
	{ "setns", { A(fd, FD), A(nstype, CLONE_FLAGS) } },
	{ "setpgid", { A(pid, PID), A(pgid, PID) } },
	{ "setpriority", { A(which, PRIO_WHICH), A(who, INT), A(prio, INT) } },
	{ "setregid", { A(rgid, UID), A(egid, UID) } },
	{ "setresgid", { A(rgid, UID), A(egid, UID), A(sgid, UID) } },
	{ "setresuid", { A(ruid, UID), A(euid, UID), A(suid, UID) } },
	{ "setreuid", { A(ruid, UID), A(euid, UID) } },
	{ "setsid", { { NULL, ARG_NONE } } },
	{ "setsockopt",
	  { A(sockfd, FD), A(level, INT), A(optname, INT), A(optval, PTR), A(optlen, INT) } },
	{ "setuid", { A(uid, UID) } },
	{ "setxattr",
	  { A(path, PATH), A(name, PTR), A(value, PTR), A(size, ULONG), A(flags, INT) } },
	{ "setxattrat",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(at_flags, AT_FLAGS), A(name, PTR), A(args, PTR),
	    A(size, ULONG) } },
	{ "shmat", { A(shmid, INT), A(shmaddr, PTR), A(shmflg, INT) } },
	{ "shmctl", { A(shmid, INT), A(cmd, INT), A(buf, PTR) } },
	{ "shmdt", { A(shmaddr, PTR) } },
	{ "shmget", { A(key, INT), A(size, ULONG), A(shmflg, INT) } },
	{ "shutdown", { A(sockfd, FD), A(how, INT) } },
	{ "sigaltstack", { A(ss, PTR), A(old_ss, PTR) } },
	{ "socket", { A(domain, SOCK_DOMAIN), A(type, SOCK_TYPE), A(protocol, INT) } },
	{ "socketpair",
	  { A(domain, SOCK_DOMAIN), A(type, SOCK_TYPE), A(protocol, INT), A(sv, PTR) } },
	{ "stat", { A(pathname, PATH), A(statbuf, PTR) } },
	{ "statfs", { A(path, PATH), A(buf, PTR) } },
	{ "statmount", { A(req, PTR), A(buf, PTR), A(bufsize, ULONG), A(flags, UINT) } },
	{ "statx",
	  { A(dirfd, DIRFD), A(pathname, PATH), A(flags, AT_FLAGS), A(mask, UINT),
	    A(statxbuf, PTR) } },
	{ "swapoff", { A(path, PATH) } },
	{ "swapon", { A(path, PATH), A(swapflags, INT) } },
	/* target is only stored, never resolved. */
	{ "symlink", { A(target, PTR), A(linkpath, PATH_NOFOLLOW) } },
	{ "symlinkat", { A(target, PTR), A(newdirfd, DIRFD), A(linkpath, PATH_NOFOLLOW) } },
	{ "sync", { { NULL, ARG_NONE } } },
	{ "syncfs", { A(fd, FD) } },
	{ "syslog", { A(type, INT), A(bufp, PTR), A(len, INT) } },
	{ "tgkill", { A(tgid, PID), A(tid, PID), A(sig, SIGNAL) } },
	{ "tkill", { A(tid, PID), A(sig, SIGNAL) } },
	{ "truncate", { A(path, PATH), A(length, LONG) } },
	{ "umask", { A(mask, MODE) } },
	{ "umount2", { A(target, PATH), A(flags, INT) } },
	{ "uname", { A(buf, PTR) } },
	{ "unlink", { A(pathname, PATH_NOFOLLOW) } },
	{ "unlinkat", { A(dirfd, DIRFD), A(pathname, PATH_NOFOLLOW), A(flags, AT_FLAGS) } },
	{ "unshare", { A(flags, CLONE_FLAGS) } },
	{ "userfaultfd", { A(flags, INT) } },
	{ "utime", { A(filename, PATH), A(times, PTR) } },
	{ "utimensat", { A(dirfd, DIRFD), A(pathname, PATH), A(times, PTR), A(flags, AT_FLAGS) } },
	{ "utimes", { A(filename, PATH), A(times, PTR) } },
	{ "vfork", { { NULL, ARG_NONE } } },
	{ "wait4", { A(pid, PID), A(wstatus, PTR), A(options, INT), A(rusage, PTR) } },
	/* The raw waitid takes a fifth argument, rusage (wait(2), NOTES). */
	{ "waitid",
	  { A(idtype, INT), A(id, PID), A(infop, PTR), A(options, INT), A(rusage, PTR) } },
	{ "write", { A(fd, FD), A(buf, PTR), A(count, ULONG) } },
	{ "writev", { A(fd, FD), A(iov, PTR), A(iovcnt, INT) } },
};

#undef A

const size_t sys_sig_count = sizeof(sys_sig_table) / sizeof(sys_sig_table[0]);

static int _sig_cmp(const void *key, const void *elem)
{
	const struct sys_sig *sig = elem;

	return strcmp(key, sig->name);
}

const struct sys_sig *sys_sig_find(const char *name)
{
	if (!name)
		return NULL;
	return bsearch(name, sys_sig_table, sys_sig_count, sizeof(sys_sig_table[0]), _sig_cmp);
}

int sys_sig_arg(const struct sys_sig *sig, const char *name)
{
	if (!sig || !name)
		return -1;
	for (int i = 0; i < SYS_MAX_ARGS && sig->args[i].name; i++)
		if (strcmp(sig->args[i].name, name) == 0)
			return i;
	return -1;
}

/* Every kind is listed: an entry left out would read as TYPE_S32 (0). */
static const enum arg_type _kind_type[ARG_KIND_MAX] = {
	[ARG_NONE] = TYPE_U64,	    [ARG_INT] = TYPE_S32,	    [ARG_UINT] = TYPE_U32,
	[ARG_LONG] = TYPE_S64,	    [ARG_ULONG] = TYPE_U64,	    [ARG_PTR] = TYPE_U64,
	[ARG_PATH] = TYPE_U64,	    [ARG_PATH_NOFOLLOW] = TYPE_U64, [ARG_DIRFD] = TYPE_S32,
	[ARG_FD] = TYPE_S32,	    [ARG_MODE] = TYPE_U16,	    [ARG_OPEN_FLAGS] = TYPE_S32,
	[ARG_AT_FLAGS] = TYPE_S32,  [ARG_PID] = TYPE_S32,	    [ARG_UID] = TYPE_U32,
	[ARG_SIGNAL] = TYPE_S32,    [ARG_PRIO_WHICH] = TYPE_S32,    [ARG_SOCK_DOMAIN] = TYPE_S32,
	[ARG_SOCK_TYPE] = TYPE_S32, [ARG_CLONE_FLAGS] = TYPE_U32,   [ARG_PRCTL_OP] = TYPE_S32,
	[ARG_MMAP_PROT] = TYPE_S32, [ARG_MMAP_FLAGS] = TYPE_S32,
};

enum arg_type arg_kind_type(enum arg_kind kind)
{
	if ((unsigned)kind >= ARG_KIND_MAX)
		return TYPE_U64;
	return _kind_type[kind];
}

bool arg_kind_is_path(enum arg_kind kind)
{
	return kind == ARG_PATH || kind == ARG_PATH_NOFOLLOW;
}

/* Path arguments that differ from the default (syscalls.h), checked on
 * Linux 6.18.  Flag values are the uapi's: AT_SYMLINK_NOFOLLOW 0x100,
 * AT_SYMLINK_FOLLOW 0x400, AT_EMPTY_PATH 0x1000, UMOUNT_NOFOLLOW 0x8,
 * IN_DONT_FOLLOW 0x2000000, FSPICK_SYMLINK_NOFOLLOW 0x2, FSPICK_EMPTY_PATH
 * 0x8, MOVE_MOUNT_[FT]_SYMLINKS 0x1/0x10, MOVE_MOUNT_[FT]_EMPTY_PATH
 * 0x4/0x40. */
/* clang-format off */
#define AT_ARGS(name, arg, flags, nul) \
	{ name, arg, arg - 1, flags, -1, 0, 0x100, 0x1000, nul, false, false, false, false }
/* clang-format on */
static const struct path_spec path_specs[] = {
	{ "execveat", 1, 0, 4, -1, 0, 0x100, 0x1000, NULL_FAULT, false, false, false, false },
	AT_ARGS("faccessat2", 1, 3, NULL_FAULT),
	AT_ARGS("fchmodat2", 1, 3, NULL_FAULT),
	AT_ARGS("fchownat", 1, 4, NULL_FAULT),
	AT_ARGS("file_getattr", 1, 4, NULL_AS_EMPTY),
	AT_ARGS("file_setattr", 1, 4, NULL_AS_EMPTY),
	{ "fspick", 1, 0, 2, -1, 0, 0x2, 0x8, NULL_FAULT, false, false, false, false },
	{ "futimesat", 1, 0, -1, -1, 0, 0, 0, NULL_IS_FD, false, false, false, false },
	AT_ARGS("getxattrat", 1, 2, NULL_AS_EMPTY),
	{ "inotify_add_watch", 1, -1, 2, -1, 0, 0x2000000, 0, NULL_FAULT, false, false, false,
	  false },
	{ "linkat", 1, 0, 4, -1, 0x400, 0, 0x1000, NULL_FAULT, false, false, false, false },
	AT_ARGS("listxattrat", 1, 2, NULL_AS_EMPTY),
	AT_ARGS("mount_setattr", 1, 2, NULL_FAULT),
	{ "move_mount", 1, 0, 4, -1, 0x1, 0, 0x4, NULL_AS_EMPTY, false, false, false, false },
	{ "move_mount", 3, 2, 4, -1, 0x10, 0, 0x40, NULL_AS_EMPTY, false, false, false, false },
	{ "name_to_handle_at", 1, 0, 4, -1, 0x400, 0, 0x1000, NULL_FAULT, false, false, false,
	  false },
	AT_ARGS("newfstatat", 1, 3, NULL_AS_EMPTY),
	{ "open", 0, -1, 1, -1, 0, 0, 0, NULL_FAULT, false, true, false, false },
	AT_ARGS("open_tree", 1, 2, NULL_FAULT),
	AT_ARGS("open_tree_attr", 1, 2, NULL_FAULT),
	{ "openat", 1, 0, 2, -1, 0, 0, 0, NULL_FAULT, false, true, false, false },
	{ "openat2", 1, 0, -1, 2, 0, 0, 0, NULL_FAULT, false, true, false, false },
	{ "readlinkat", 1, 0, -1, -1, 0, 0, 0, NULL_FAULT, true, false, false, false },
	AT_ARGS("removexattrat", 1, 2, NULL_AS_EMPTY),
	AT_ARGS("setxattrat", 1, 2, NULL_AS_EMPTY),
	AT_ARGS("statx", 1, 2, NULL_AS_EMPTY),
	{ "umount2", 0, -1, 1, -1, 0, 0x8, 0, NULL_FAULT, false, false, false, false },
	AT_ARGS("utimensat", 1, 3, NULL_IS_FD),
};

#undef AT_ARGS

/* The calls that make or remove a name (fs/namei.c: filename_create,
 * do_rmdir, do_unlinkat, do_renameat2, do_linkat's new path), as "name" or
 * "name:arg" for one argument. */
static const char *const entry_calls[] = {
	"link:1",   "linkat:3",	 "mkdir", "mkdirat", "mknod",	  "mknodat", "rename",
	"renameat", "renameat2", "rmdir", "symlink", "symlinkat", "unlink",  "unlinkat",
};

static bool _entry(const char *name, int arg)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(entry_calls) / sizeof(entry_calls[0]); i++) {
		const char *e = entry_calls[i];

		if (strncmp(e, name, n) == 0 &&
		    (e[n] == '\0' || (e[n] == ':' && e[n + 1] - '0' == arg && !e[n + 2])))
			return true;
	}
	return false;
}

void sys_path_spec(const char *name, const struct sys_sig *sig, int arg, struct path_spec *out)
{
	*out = (struct path_spec){ name, (int8_t)arg, -1,    -1,    -1,	   0,	 0,
				   0,	 NULL_FAULT,  false, false, false, false };
	if (arg > 0 && sig && sig->args[arg - 1].kind == ARG_DIRFD)
		out->dirfd = (int8_t)(arg - 1);
	for (size_t i = 0; i < sizeof(path_specs) / sizeof(path_specs[0]); i++)
		if (strcmp(path_specs[i].call, name) == 0 && path_specs[i].arg == arg)
			*out = path_specs[i];
	out->follows = sig && sig->args[arg].kind == ARG_PATH;
	out->entry = _entry(name, arg);
}

/* Named constants, values from the system headers. */

/* clang-format off */
#define C(x) { #x, (int64_t)(x) }
/* clang-format on */

static const struct sys_const _open_flags[] = {
	C(O_RDONLY),	C(O_WRONLY),	C(O_RDWR),    C(O_ACCMODE),  C(O_CREAT),   C(O_EXCL),
	C(O_NOCTTY),	C(O_TRUNC),	C(O_APPEND),  C(O_NONBLOCK), C(O_DSYNC),   C(O_SYNC),
	C(O_DIRECTORY), C(O_NOFOLLOW),	C(O_CLOEXEC), C(O_PATH),     C(O_TMPFILE), C(O_NOATIME),
	C(O_DIRECT),	C(O_LARGEFILE), C(O_ASYNC),
};

static const struct sys_const _at_flags[] = {
	C(AT_SYMLINK_NOFOLLOW), C(AT_SYMLINK_FOLLOW),	  C(AT_REMOVEDIR),
	C(AT_EMPTY_PATH),	C(AT_NO_AUTOMOUNT),	  C(AT_EACCESS),
#ifdef AT_STATX_SYNC_TYPE
	C(AT_STATX_SYNC_TYPE),	C(AT_STATX_SYNC_AS_STAT), C(AT_STATX_FORCE_SYNC),
	C(AT_STATX_DONT_SYNC),
#endif
#ifdef AT_RECURSIVE
	C(AT_RECURSIVE),
#endif
};

static const struct sys_const _dirfd[] = {
	C(AT_FDCWD),
};

static const struct sys_const _modes[] = {
	C(S_IFMT),  C(S_IFSOCK), C(S_IFLNK), C(S_IFREG), C(S_IFBLK), C(S_IFDIR),
	C(S_IFCHR), C(S_IFIFO),	 C(S_ISUID), C(S_ISGID), C(S_ISVTX), C(S_IRWXU),
	C(S_IRUSR), C(S_IWUSR),	 C(S_IXUSR), C(S_IRWXG), C(S_IRGRP), C(S_IWGRP),
	C(S_IXGRP), C(S_IRWXO),	 C(S_IROTH), C(S_IWOTH), C(S_IXOTH),
};

static const struct sys_const _signals[] = {
	C(SIGHUP),    C(SIGINT),  C(SIGQUIT), C(SIGILL),    C(SIGTRAP), C(SIGABRT),
	C(SIGIOT),    C(SIGBUS),  C(SIGFPE),  C(SIGKILL),   C(SIGUSR1), C(SIGSEGV),
	C(SIGUSR2),   C(SIGPIPE), C(SIGALRM), C(SIGTERM),
#ifdef SIGSTKFLT
	C(SIGSTKFLT),
#endif
	C(SIGCHLD),   C(SIGCONT), C(SIGSTOP), C(SIGTSTP),   C(SIGTTIN), C(SIGTTOU),
	C(SIGURG),    C(SIGXCPU), C(SIGXFSZ), C(SIGVTALRM), C(SIGPROF), C(SIGWINCH),
	C(SIGIO),     C(SIGPOLL), C(SIGPWR),  C(SIGSYS),
};

static const struct sys_const _prio_which[] = {
	C(PRIO_PROCESS),
	C(PRIO_PGRP),
	C(PRIO_USER),
};

static const struct sys_const _sock_domains[] = {
	C(AF_UNSPEC), C(AF_UNIX),    C(AF_LOCAL),  C(AF_INET),
	C(AF_INET6),  C(AF_NETLINK), C(AF_PACKET), C(AF_BLUETOOTH),
#ifdef AF_VSOCK
	C(AF_VSOCK),
#endif
#ifdef AF_ALG
	C(AF_ALG),
#endif
};

static const struct sys_const _sock_types[] = {
	C(SOCK_STREAM), C(SOCK_DGRAM),	  C(SOCK_RAW),	   C(SOCK_SEQPACKET),
	C(SOCK_RDM),	C(SOCK_NONBLOCK), C(SOCK_CLOEXEC),
};

/* From <sched.h> only: CLONE_CLEAR_SIGHAND and CLONE_INTO_CGROUP (in
 * <linux/sched.h>) are clone3-only, set in memory seccomp cannot see. */
static const struct sys_const _clone_flags[] = {
	C(CLONE_VM),
	C(CLONE_FS),
	C(CLONE_FILES),
	C(CLONE_SIGHAND),
#ifdef CLONE_PIDFD
	C(CLONE_PIDFD),
#endif
	C(CLONE_PTRACE),
	C(CLONE_VFORK),
	C(CLONE_PARENT),
	C(CLONE_THREAD),
	C(CLONE_NEWNS),
	C(CLONE_SYSVSEM),
	C(CLONE_SETTLS),
	C(CLONE_PARENT_SETTID),
	C(CLONE_CHILD_CLEARTID),
	C(CLONE_UNTRACED),
	C(CLONE_CHILD_SETTID),
#ifdef CLONE_NEWCGROUP
	C(CLONE_NEWCGROUP),
#endif
	C(CLONE_NEWUTS),
	C(CLONE_NEWIPC),
	C(CLONE_NEWUSER),
	C(CLONE_NEWPID),
	C(CLONE_NEWNET),
	C(CLONE_IO),
#ifdef CLONE_NEWTIME
	C(CLONE_NEWTIME),
#endif
};

static const struct sys_const _prctl_ops[] = {
	C(PR_SET_NO_NEW_PRIVS),
	C(PR_GET_NO_NEW_PRIVS),
	C(PR_SET_SECCOMP),
	C(PR_GET_SECCOMP),
	C(PR_SET_NAME),
	C(PR_GET_NAME),
	C(PR_SET_DUMPABLE),
	C(PR_GET_DUMPABLE),
	C(PR_SET_PDEATHSIG),
	C(PR_GET_PDEATHSIG),
	C(PR_SET_CHILD_SUBREAPER),
	C(PR_GET_CHILD_SUBREAPER),
	C(PR_CAPBSET_READ),
	C(PR_CAPBSET_DROP),
	C(PR_SET_KEEPCAPS),
	C(PR_GET_KEEPCAPS),
	C(PR_SET_SECUREBITS),
	C(PR_GET_SECUREBITS),
	C(PR_CAP_AMBIENT),
	C(PR_SET_MM),
	C(PR_SET_PTRACER),
	C(PR_SET_TIMERSLACK),
	C(PR_GET_TIMERSLACK),
};

static const struct sys_const _mmap_prot[] = {
	C(PROT_NONE),
	C(PROT_READ),
	C(PROT_WRITE),
	C(PROT_EXEC),
};

static const struct sys_const _mmap_flags[] = {
	C(MAP_SHARED),		C(MAP_PRIVATE),	  C(MAP_FIXED),	   C(MAP_ANONYMOUS), C(MAP_ANON),
	C(MAP_GROWSDOWN),	C(MAP_NORESERVE), C(MAP_POPULATE), C(MAP_STACK),     C(MAP_HUGETLB),
#ifdef MAP_FIXED_NOREPLACE
	C(MAP_FIXED_NOREPLACE),
#endif
#ifdef MAP_SHARED_VALIDATE
	C(MAP_SHARED_VALIDATE),
#endif
};

#undef C

struct _const_table {
	const struct sys_const *consts;
	size_t count;
};

#define T(a)                                    \
	{                                       \
		(a), sizeof(a) / sizeof((a)[0]) \
	}

/* Kinds without an entry have no named constants. */
static const struct _const_table _kind_consts[ARG_KIND_MAX] = {
	[ARG_DIRFD] = T(_dirfd),
	[ARG_MODE] = T(_modes),
	[ARG_OPEN_FLAGS] = T(_open_flags),
	[ARG_AT_FLAGS] = T(_at_flags),
	[ARG_SIGNAL] = T(_signals),
	[ARG_PRIO_WHICH] = T(_prio_which),
	[ARG_SOCK_DOMAIN] = T(_sock_domains),
	[ARG_SOCK_TYPE] = T(_sock_types),
	[ARG_CLONE_FLAGS] = T(_clone_flags),
	[ARG_PRCTL_OP] = T(_prctl_ops),
	[ARG_MMAP_PROT] = T(_mmap_prot),
	[ARG_MMAP_FLAGS] = T(_mmap_flags),
};

#undef T

size_t sys_const_list(enum arg_kind kind, const struct sys_const **out)
{
	if ((unsigned)kind >= ARG_KIND_MAX) {
		*out = NULL;
		return 0;
	}
	*out = _kind_consts[kind].consts;
	return _kind_consts[kind].count;
}

bool sys_const_find(enum arg_kind kind, const char *name, int64_t *value)
{
	const struct _const_table *t;

	if ((unsigned)kind >= ARG_KIND_MAX || !name)
		return false;
	t = &_kind_consts[kind];
	for (size_t i = 0; i < t->count; i++) {
		if (strcmp(t->consts[i].name, name) == 0) {
			if (value)
				*value = t->consts[i].value;
			return true;
		}
	}
	return false;
}
