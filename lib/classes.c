/* classes: the access classes' members (classes.h). */
#include <string.h>

#include "classes.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct class_member write_members[] = {
	{ "mkdir,mkdirat,mknod,mknodat,unlink,unlinkat,rmdir,chmod,fchmodat,fchmodat2,chown,"
	  "fchownat,lchown,utimensat,futimesat",
	  "pathname", NULL, false,
	  "make, remove, change mode, owner or times (a bound AF_UNIX socket is a mknod)" },
	{ "symlink,symlinkat", "linkpath", NULL, false, "the link made (its target is data)" },
	{ "truncate,setxattr,lsetxattr,removexattr,lremovexattr", "path", NULL, false,
	  "size and extended attributes" },
	{ "utime,utimes", "filename", NULL, false, "times" },
	{ "rename,renameat,renameat2,link,linkat", "oldpath newpath", NULL, false,
	  "both names" },
	{ "open,openat", "pathname", "flags&O_WRONLY|O_RDWR|O_CREAT|O_TRUNC!=0", false,
	  "opened with a write flag, O_CREAT or O_TRUNC" },
	{ "creat", "pathname", NULL, false, "always writes" },
	{ "openat2", "pathname", NULL, true,
	  "its flags are in memory the filter cannot read: allowed where the class is, "
	  "refused with ENOSYS (callers fall back to openat) where it is refused" },
	{ "setxattrat,removexattrat,file_setattr", NULL, NULL, true,
	  "newer than unotify's emulation: refused with ENOSYS where the class is" },
};

static const struct class_member read_members[] = {
	{ "open,openat", "pathname", "flags&O_ACCMODE!=O_WRONLY", false,
	  "opened for reading (O_RDONLY, O_RDWR, O_PATH)" },
	{ "openat2", "pathname", NULL, true,
	  "its flags are in memory: allowed where the class is, ENOSYS where it is refused" },
	{ "stat,lstat,newfstatat,statx,readlink,readlinkat,access,faccessat,faccessat2",
	  "pathname", NULL, false, "metadata, link text, permissions" },
	{ "getxattr,lgetxattr,listxattr,llistxattr,statfs", "path", NULL, false,
	  "extended attributes, the filesystem" },
	{ "getxattrat,listxattrat,file_getattr", NULL, NULL, true,
	  "newer than unotify's emulation: refused with ENOSYS where the class is" },
};

static const struct class_member exec_members[] = {
	{ "execve,execveat", "pathname", NULL, false,
	  "the program run (its interpreters are read by the kernel)" },
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
