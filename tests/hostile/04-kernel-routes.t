#!/bin/bash
# Routes around the filter that unotify closes in the kernel: io_uring,
# which makes calls seccomp never sees, and userfaultfd, whose faults
# could hold the supervisor's reads of the target's memory.
. "$(dirname "$0")/lib.sh"
scratch
plan 10

out=$("$UNOTIFY" run -e "mkdir pathname=$TMP/deny/** -> deny" -- "$HOSTILE" uring 2>&1)
is "$out" "io_uring_setup = -1 ENOSYS" "io_uring is refused (ENOSYS) under a path rule"
out=$("$UNOTIFY" run -e 'socket,connect -> deny' -- "$HOSTILE" uring 2>&1)
is "$out" "io_uring_setup = -1 ENOSYS" "and under a kernel refusal of a call io_uring can make (socket)"
out=$("$UNOTIFY" run -e 'io_uring_setup -> allow' -e "mkdir pathname=$TMP/deny/** -> deny" -- "$HOSTILE" uring 2>&1)
like "$out" '^io_uring_setup = [0-9]+$' "a rule the user wrote on io_uring_setup decides it"
out=$("$UNOTIFY" run -e 'getppid -> deny' -- "$HOSTILE" uring 2>&1)
like "$out" '^io_uring_setup = [0-9]+$' "a policy that restricts nothing io_uring can do leaves it alone"

is "$("$UNOTIFY" run -e 'setsockopt -> deny' -- "$HOSTILE" uring 2>&1)" "io_uring_setup = -1 ENOSYS" \
	"io_uring is refused under a rule on setsockopt (its socket commands)"
is "$("$UNOTIFY" run -e 'pwrite64,pwritev -> deny' -- "$HOSTILE" aio 2>&1)" "io_setup = -1 ENOSYS" \
	"Linux AIO is refused when a rule restricts a call it can make"
like "$("$UNOTIFY" run -e 'getppid -> deny' -- "$HOSTILE" aio 2>&1)" '^io_setup = 0' "and stays otherwise"

out=$("$UNOTIFY" run -e "mkdir pathname=$TMP/deny/** -> deny" -- "$HOSTILE" uffd 2>&1)
like "$out" '^userfaultfd = -1 EPERM' "userfaultfd is refused when the supervisor reads memory"
like "$out" 'devuffd = (-1 EPERM|unavailable)' "and so is /dev/userfaultfd's USERFAULTFD_IOC_NEW"
out=$("$UNOTIFY" run -e 'getppid -> return 1' -- "$HOSTILE" uffd 2>&1)
like "$out" '^userfaultfd = [0-9]+' "it stays when nothing reads memory"
done_testing
