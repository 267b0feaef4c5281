/* error: filling the caller's struct unotify_error. */
#ifndef UNOTIFY_ERROR_H
#define UNOTIFY_ERROR_H

#include "unotify.h"

/* Sets ERR (which may be NULL) to CODE, WHERE (may be NULL) and the
 * formatted message.  Returns -CODE, so that callers can write
 * `return err_set(err, EINVAL, ...)`. */
int err_set(struct unotify_error *err, int code, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

void err_clear(struct unotify_error *err);

#endif
