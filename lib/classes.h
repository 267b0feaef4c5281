/* classes: access classes (@write, @read, @exec), each the calls that do
 * one kind of access to the filesystem by name, with the argument each
 * names its path by.  A rule on a class stands for one rule per member
 * group, in the class's order (policy_parse.c), so each member is placed
 * where it can be decided exactly: Landlock, the filter or the
 * supervisor.  docs/rules.md lists them (`unotify classes --markdown`). */
#ifndef UNOTIFY_CLASSES_H
#define UNOTIFY_CLASSES_H

#include <stdbool.h>
#include <stddef.h>

/* Which of a class's rules a member is in: an open is refused by @read
 * wherever it reads, but let through by it only where it does nothing
 * else (an O_RDWR, O_CREAT or O_TRUNC open writes too, which @write
 * decides), so that an allowing rule never lets another class's access
 * through ahead of the rule that refuses it. */
enum member_use {
	M_ALWAYS,  /* both */
	M_THROUGH, /* only where the class lets through (allow, emulate, continue) */
	M_REFUSE,  /* only where it refuses */
};

struct class_member {
	const char *calls; /* comma-separated */
	const char *args;  /* the path arguments a class's `pathname` stands for, blank-separated
			    * (both must match: rename's oldpath and newpath); NULL: none
			    * (such a member only follows a rule without conditions) */
	const char *extra; /* a condition of the member's own (open's flags), or NULL */
	bool refuse_enosys; /* refused with ENOSYS whatever errno the class rule says: its
			     * kind of access is in memory the filter cannot read, or it is
			     * newer than unotify; callers fall back to the others */
	const char *note;   /* for the docs */
	enum member_use use;
};

struct access_class {
	const char *name; /* "@write" */
	const char *summary;
	bool refuse_only; /* its calls cannot be emulated: allow after a path check is an
			   * error (refuse, or `continue`) */
	const struct class_member *members;
	size_t nmembers;
};

extern const struct access_class access_classes[];
extern const size_t access_nclasses;

/* The class named NAME ("@write"), or NULL. */
const struct access_class *class_find(const char *name, size_t len);

#endif
