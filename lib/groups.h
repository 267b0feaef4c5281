/* groups: named sets of system calls (@NAME), the same as systemd's, so
 * that `@clock -> errno EPERM` means what SystemCallFilter=@clock means.
 * The data (groups_data.c) is generated from systemd's own lists by
 * scripts/gen-groups.sh. */
#ifndef UNOTIFY_GROUPS_H
#define UNOTIFY_GROUPS_H

#include <stddef.h>

struct sys_group {
	const char *name; /* "@clock" */
	const char *description;
	const char *const *members; /* names and @groups; NULL ends */
};

extern const struct sys_group sys_groups[];
extern const size_t sys_ngroups;

/* The group NAME ("@clock"), or NULL. */
const struct sys_group *group_find(const char *name);

#endif
