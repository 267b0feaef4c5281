#!/bin/bash
# The fuzz targets' corpora, run once through each target (fuzz/driver.c)
# in this build: the ASan build's sanitizers fail on any crash, leak or
# undefined behaviour an input once found.  `make fuzz` grows them.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
plan 3
for t in policy oci agent; do
	out=$("$BUILD/fuzz/$t" "$SRC"/fuzz/corpus/$t/* 2>&1 >/dev/null)
	st=$?
	[ $st -eq 0 ] || printf '# %s\n' "$out" | tail -20 >&2
	ok $st "fuzz target $t: its corpus of $(ls "$SRC/fuzz/corpus/$t" | wc -l) inputs, no crash"
done
done_testing
