/* emulate: performing a call on the target's behalf, with its credentials,
 * umask, root and cwd, on the very object the policy matched (the
 * directory fd and name that resolve.c found for the supervisor's own copy
 * of the path). */
#ifndef UNOTIFY_EMULATE_H
#define UNOTIFY_EMULATE_H

#include "policy.h"

/* The handler for syscall NAME, or NULL. */
emulate_fn emulate_find(const char *name);

/* A comma-separated list of the calls unotify can emulate. */
const char *emulate_list(void);

#endif
