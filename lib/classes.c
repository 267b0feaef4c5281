/* classes: the access classes' members (classes.h). */
#include <string.h>

#include "classes.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* openat2's flags are in memory, which neither the filter nor a rule's
 * conditions read: letting it through could let through an access of
 * another class (a write under @read). */
#define OPENAT2_NOTE                                                                           \
	"its flags are in memory no rule reads: never let through by a class (the rules "      \
	"after decide it), refused with ENOSYS where the class refuses (callers fall back to " \
	"openat, judged by its flags)"

static const struct class_member write_members[] = {
	{ "mkdir,mkdirat,mknod,mknodat,unlink,unlinkat,rmdir,chmod,fchmodat,fchmodat2,chown,"
	  "fchownat,lchown,utimensat,futimesat",
	  "pathname", NULL, false,
	  "make, remove, change mode, owner or times (a bound AF_UNIX socket is a mknod)",
	  M_ALWAYS },
	{ "symlink,symlinkat", "linkpath", NULL, false, "the link made (its target is data)",
	  M_ALWAYS },
	{ "truncate,setxattr,lsetxattr,removexattr,lremovexattr", "path", NULL, false,
	  "size and extended attributes", M_ALWAYS },
	{ "utime,utimes", "filename", NULL, false, "times", M_ALWAYS },
	{ "rename,renameat,renameat2,link,linkat", "oldpath newpath", NULL, false, "both names",
	  M_ALWAYS },
	{ "open,openat", "pathname", "flags&O_WRONLY|O_RDWR|O_CREAT|O_TRUNC!=0", false,
	  "opened with a write flag, O_CREAT or O_TRUNC (where it allows, an O_RDWR open, or "
	  "O_RDONLY with O_CREAT or O_TRUNC, also reads the file)",
	  M_ALWAYS },
	{ "creat", "pathname", NULL, false, "always writes", M_ALWAYS },
	{ "openat2", "pathname", NULL, true, OPENAT2_NOTE, M_REFUSE },
	{ "setxattrat,removexattrat,file_setattr", NULL, NULL, true,
	  "newer than unotify's emulation: refused with ENOSYS where the class is", M_ALWAYS },
	{ "acct,swapon,swapoff,quotactl", NULL, NULL, false,
	  "privileged writes through a name (the accounting file, a swap area, quota files), "
	  "which unotify does not emulate: refused where the class refuses",
	  M_REFUSE },
};

static const struct class_member read_members[] = {
	{ "open,openat", "pathname", "flags&O_ACCMODE!=O_WRONLY", false,
	  "where the class refuses: opened for reading (O_RDONLY, O_RDWR, O_PATH)", M_REFUSE },
	{ "open,openat", "pathname", "flags&O_ACCMODE=O_RDONLY flags&O_CREAT|O_TRUNC=0", false,
	  "where it lets through: opened for reading alone (O_RDWR, O_CREAT and O_TRUNC write, "
	  "which @write decides)",
	  M_THROUGH },
	{ "openat2", "pathname", NULL, true, OPENAT2_NOTE, M_REFUSE },
	{ "stat,lstat,newfstatat,statx,readlink,readlinkat,access,faccessat,faccessat2", "pathname",
	  NULL, false, "metadata, link text, permissions", M_ALWAYS },
	{ "getxattr,lgetxattr,listxattr,llistxattr,statfs", "path", NULL, false,
	  "extended attributes, the filesystem", M_ALWAYS },
	{ "getxattrat,listxattrat,file_getattr", NULL, NULL, true,
	  "newer than unotify's emulation: refused with ENOSYS where the class is", M_ALWAYS },
};

static const struct class_member exec_members[] = {
	{ "execve,execveat", "pathname", NULL, false,
	  "the program run (its interpreters are read by the kernel)", M_ALWAYS },
};

const struct access_class access_classes[] = {
	{ "@write", "every way to change the filesystem by name", false, write_members,
	  N(write_members) },
	{ "@read", "every way to read a file or its metadata by name", false, read_members,
	  N(read_members) },
	{ "@exec", "running a program by name", true, exec_members, N(exec_members) },
};

const size_t access_nclasses = N(access_classes);

const struct access_class *class_find(const char *name, size_t len)
{
	for (size_t i = 0; i < access_nclasses; i++)
		if (strlen(access_classes[i].name) == len &&
		    strncmp(access_classes[i].name, name, len) == 0)
			return &access_classes[i];
	return NULL;
}
