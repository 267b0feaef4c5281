/* error: filling the caller's struct unotify_error. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

int err_set(struct unotify_error *err, int code, const char *where, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -code;
	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -code;
}

void err_clear(struct unotify_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}
