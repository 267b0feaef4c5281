/* emulate: performing a call on the target's behalf, with its credentials,
 * umask, root and cwd, on the very object the policy matched (the
 * directory fd and name, or the followed object, that resolve.c found for
 * the supervisor's own copy of the path).
 *
 * The table (emulate.c) says, for every call with a path argument, what a
 * path rule can do with it: emulate it (a handler, and the checks the
 * kernel makes before its walk), or only refuse it, or refuse and
 * continue it, with the reason.  Adding an emulated call is one row and a
 * small handler. */
#ifndef UNOTIFY_EMULATE_H
#define UNOTIFY_EMULATE_H

#include "policy.h"

/* What a path rule can do with a call. */
enum emu_class {
	EMU_EMULATED,  /* `allow` after a path check is emulated */
	EMU_CONTINUE,  /* acts on the caller itself: refused, or continued with
			* an explicit `continue`; safe for the stated reason */
	EMU_REFUSED,   /* acts on the caller itself: only refusing is safe */
};

struct emu_entry {
	const char *name;
	enum emu_class class;
	emulate_fn fn;	     /* EMU_EMULATED */
	validate_fn validate; /* the kernel's checks before the walk, or NULL */
	const char *group;   /* open, remove, ..., or what the call acts on */
	const char *note;    /* for the docs: what the emulation or a rule means */
};

/* The row of call NAME, or NULL (a call with no path argument). */
const struct emu_entry *emulate_entry(const char *name);

/* The handler for syscall NAME, or NULL. */
emulate_fn emulate_find(const char *name);

/* The table, for docs and tools: *N rows. */
const struct emu_entry *emulate_table(size_t *n);

/* A comma-separated list of the calls unotify can emulate. */
const char *emulate_list(void);

#endif
