/* report: how the test targets print a call's result, which the tests
 * compare: "OP = VALUE" or "OP = -1 ERRNO_NAME". */
#ifndef UNOTIFY_TARGET_REPORT_H
#define UNOTIFY_TARGET_REPORT_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void report(const char *op, long r)
{
	if (r < 0 && strerrorname_np(errno))
		printf("%s = -1 %s\n", op, strerrorname_np(errno));
	else if (r < 0)
		printf("%s = -1 errno %d\n", op, errno);
	else
		printf("%s = %ld\n", op, r);
	fflush(stdout);
}

#endif
