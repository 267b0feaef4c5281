#!/bin/bash
# An outer supervisor already listens: a clear error and exit 125.
. "$(dirname "$0")/lib.sh"
plan 2
out=$("$UNOTIFY" run -e 'getppid -> return 1' -- "$UNOTIFY" run -e 'getppid -> return 2' -- "$SYS" getppid 2>&1)
st=$?
is $st 125 "nested unotify exits 125"
like "$out" 'another supervisor already listens' "and says why"
done_testing
