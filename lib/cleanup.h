/* cleanup: scope-bound release of memory and fds, and explicit hand-over. */
#ifndef UNOTIFY_CLEANUP_H
#define UNOTIFY_CLEANUP_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void _cleanup_free_fn(void *p)
{
	free(*(void **)p);
}

static inline void _cleanup_close_fn(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

static inline void _cleanup_fclose_fn(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define _cleanup_free_	 __attribute__((cleanup(_cleanup_free_fn)))
#define _cleanup_close_	 __attribute__((cleanup(_cleanup_close_fn)))
#define _cleanup_fclose_ __attribute__((cleanup(_cleanup_fclose_fn)))

/* Hands ownership of a pointer or fd out of a cleanup scope. */
#define TAKE_PTR(p)                         \
	({                                  \
		__typeof__(p) _taken = (p); \
		(p) = NULL;                 \
		_taken;                     \
	})
#define TAKE_FD(fd)                \
	({                         \
		int _taken = (fd); \
		(fd) = -1;         \
		_taken;            \
	})

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED	      __attribute__((unused))
#define LIKELY(x)     __builtin_expect(!!(x), 1)
#define UNLIKELY(x)   __builtin_expect(!!(x), 0)
#define API	      __attribute__((visibility("default")))

#endif
