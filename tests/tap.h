/* tap: a tiny TAP producer for the unit tests. */
#ifndef UNOTIFY_TAP_H
#define UNOTIFY_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void tap_plan(int n)
{
	printf("1..%d\n", n);
}

__attribute__((format(printf, 2, 3))) static inline bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed = 1;
	return cond;
}

__attribute__((format(printf, 1, 2))) static inline void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define is_int(got, want, ...)                                                                    \
	do {                                                                                      \
		long long _g = (long long)(got), _w = (long long)(want);                          \
		if (!ok(_g == _w, __VA_ARGS__))                                                   \
			diag("got %lld (0x%llx), want %lld (0x%llx)", _g, (unsigned long long)_g, \
			     _w, (unsigned long long)_w);                                         \
	} while (0)

#define is_str(got, want, ...)                                               \
	do {                                                                 \
		const char *_g = (got), *_w = (want);                        \
		if (!ok(_g && strcmp(_g, _w) == 0, __VA_ARGS__))             \
			diag("got '%s', want '%s'", _g ? _g : "(null)", _w); \
	} while (0)

static inline int tap_done(void)
{
	return tap_failed;
}

#endif
