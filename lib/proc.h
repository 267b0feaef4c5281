/* proc: /proc/PID/... names, made without printf (they are made several
 * times on every call). */
#ifndef UNOTIFY_PROC_H
#define UNOTIFY_PROC_H

#include <string.h>
#include <sys/types.h>

/* The longest name proc_path makes with a WHAT of up to 32 bytes. */
#define PROC_PATH_MAX 64

/* "/proc/PID/WHAT" (or "/proc/PID" for an empty WHAT) into OUT, which
 * holds PROC_PATH_MAX bytes; WHAT is cut at 32 bytes. */
static inline void proc_path(char *out, pid_t pid, const char *what)
{
	char digits[12];
	size_t n = 0, len = strlen(what);
	unsigned v = (unsigned)pid;

	if (len > 32)
		len = 32;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	memcpy(out, "/proc/", 6);
	out += 6;
	while (n)
		*out++ = digits[--n];
	if (len) {
		*out++ = '/';
		memcpy(out, what, len);
		out += len;
	}
	*out = '\0';
}

#endif
