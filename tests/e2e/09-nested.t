#!/bin/bash
# An outer supervisor already listens: a clear error and exit 125.
. "$(dirname "$0")/lib.sh"
plan 2
# (LeakSanitizer's exit-time scan cannot run under a seccomp filter's
# process constraints in the sanitizer build: the inner one skips it.)
out=$("$UNOTIFY" run -e 'getppid -> return 1' -- env ASAN_OPTIONS=detect_leaks=0 "$UNOTIFY" run -e 'getppid -> return 2' -- "$SYS" getppid 2>&1)
st=$?
is $st 125 "nested unotify exits 125"
like "$out" 'another supervisor already listens' "and says why"
done_testing
