/* emulate_int: what the emulation handlers share (emulate.c, emul_*.c).
 *
 * Every handler follows one discipline: the paths were matched on
 * unotify's own copy; emu_paths walks them as the target (its root, cwd,
 * dirfd, credentials) and names the very objects matched; the act then
 * runs with the target's credentials, capabilities and umask, on the
 * directory fd and name the walk found (or on the object a followed
 * symlink led to, through /proc/self/fd: never by name again).  A result
 * the call writes into the target's memory is built whole, in the layout
 * of the target's architecture, and written once. */
#ifndef UNOTIFY_EMULATE_INT_H
#define UNOTIFY_EMULATE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "call.h"
#include "emulate.h"

/* Walks path arguments ARGS (a bit per argument index) as the target,
 * refuses what has no name to act on (EACCES), then takes on the target's
 * credentials.  Returns 0 (credentials taken: call_leave_creds gives them
 * back), 1 with *RESULT holding the call's -errno, or -ESRCH. */
int emu_paths(struct call *c, unsigned args, int64_t *result);

/* The object path argument P followed to, as "/proc/self/fd/N" in BUF
 * (32 bytes), or NULL when the walk followed nothing (act on P's entry). */
const char *emu_obj(const struct path_arg *p, char *buf);

/* P's entry name in p->dirfd, with the trailing '/' the target wrote, if
 * any (it makes the kernel insist on a directory), into BUF (NAME_MAX+2). */
const char *emu_name(const struct path_arg *p, char *buf);

/* What the last component of the target's string is. */
enum emu_last { LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT };
enum emu_last emu_last(const struct path_arg *p);

/* Argument ARG as the kernel reads a signed `long` on the call's arch. */
int64_t emu_long(const struct call *c, int arg);

/* 32-bit targets (i386) lay out results their own way. */
bool emu_compat(const struct call *c);

/* Writes LEN bytes of BUF at the target's ADDR (argument ARG's value).
 * 0, -EFAULT or -ESRCH. */
int emu_write(struct call *c, int arg, const void *buf, size_t len);

/* Reads LEN bytes at argument ARG's address into BUF.  0, -EFAULT or
 * -ESRCH. */
int emu_read(struct call *c, int arg, void *buf, size_t len);

/* The xattr name at argument 1 into c->xname, as the kernel imports it:
 * 0, -EFAULT, -ERANGE ("" or past XATTR_NAME_MAX), -ESRCH. */
int emu_xname(struct call *c);

/* The handlers, one per call (emul_fs.c, emul_open.c, emul_stat.c). */
#define EMU(name) int emu_##name(struct call *c, int64_t *result)
EMU(mknod);
EMU(mknodat);
EMU(unlink);
EMU(unlinkat);
EMU(rmdir);
EMU(rename);
EMU(renameat);
EMU(renameat2);
EMU(link);
EMU(linkat);
EMU(symlink);
EMU(symlinkat);
EMU(chmod);
EMU(fchmodat);
EMU(fchmodat2);
EMU(chown);
EMU(lchown);
EMU(fchownat);
EMU(truncate);
EMU(utimensat);
EMU(utimes);
EMU(futimesat);
EMU(utime);
EMU(setxattr);
EMU(lsetxattr);
EMU(removexattr);
EMU(lremovexattr);
EMU(open);
EMU(openat);
EMU(openat2);
EMU(creat);
EMU(stat);
EMU(lstat);
EMU(newfstatat);
EMU(statx);
EMU(readlink);
EMU(readlinkat);
EMU(access);
EMU(faccessat);
EMU(faccessat2);
EMU(statfs);
EMU(getxattr);
EMU(lgetxattr);
EMU(listxattr);
EMU(llistxattr);
#undef EMU

/* Checks before the walk, as the kernel makes them (flags, modes, sizes,
 * the times an argument points at): the -errno the call fails with, or 0,
 * or VAL_NOTHING: the kernel returns 0 there without even reading the
 * path (no walk, no name to judge; the handler does nothing).  Never
 * touches the filesystem. */
#define VAL_NOTHING 2
#define VAL(name) int val_##name(struct call *c)
VAL(unlinkat);
VAL(renameat2);
VAL(linkat);
VAL(fchmodat2);
VAL(fchownat);
VAL(newfstatat);
VAL(statx);
VAL(access);
VAL(faccessat2);
VAL(utimensat);
VAL(utimes);
VAL(futimesat);
VAL(utime);
VAL(readlink);
VAL(readlinkat);
VAL(truncate);
VAL(mknod);
VAL(mknodat);
VAL(open);
VAL(openat);
VAL(openat2);
VAL(creat);
VAL(setxattr);
VAL(removexattr);
VAL(getxattr);
VAL(statfs);
VAL(symlink);
VAL(symlinkat);
#undef VAL

#endif
