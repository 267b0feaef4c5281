#!/bin/bash
# Fuzzes each target with libFuzzer for SECONDS: scripts/fuzz.sh BUILD
# SECONDS NAME...  The corpus grows in BUILD/fuzz/corpus/NAME, seeded from
# fuzz/corpus/NAME (copy what is worth keeping back there); a crash is
# left as BUILD/fuzz/crash-NAME-*, and the script exits 1 naming it.
# It runs in short rounds, each a process of its own from the seeds and a
# few inputs of the corpus so far, so that a CPU time limit on processes
# (ulimit -t) never cuts one before it fuzzes.
set -u
build=$1
seconds=$2
shift 2
status=0
for t in "$@"; do
	work=$build/fuzz/corpus/$t
	round=$build/fuzz/round-$t
	mkdir -p "$work"
	end=$((SECONDS + seconds))
	rounds=0
	runs=300
	[ "$t" = policy ] && runs=40 # (compiling a policy: ~100 a second here)
	# (each round in a process of its own: this loop must stay cheap, a
	# CPU time limit counts its own forks too)
	while [ $SECONDS -lt $end ]; do
		bash -c '
			build=$1 t=$2 work=$3 round=$4 runs=$5
			rm -rf "$round" && mkdir -p "$round"
			find "$work" -type f | shuf -n 8 | xargs -r cp -t "$round"
			"$build/fuzz/$t" -runs="$runs" -max_len=8192 -timeout=5 \
				-artifact_prefix="$build/fuzz/crash-$t-" "$round" "fuzz/corpus/$t" \
				>"$build/fuzz/$t.log" 2>&1
			st=$?
			cp -n "$round"/* "$work"/ 2>/dev/null
			[ $st -eq 0 ] && exit 0
			# a round cut by the CPU limit (SIGXCPU, then SIGKILL) is no finding
			if [ $st -ge 128 ] && ! grep -q "ERROR: \|runtime error" "$build/fuzz/$t.log"; then
				rm -f "$build/fuzz/crash-$t-"*
				exit 0
			fi
			exit 1' round "$build" "$t" "$work" "$round" "$runs" || {
			echo "fuzz: $t: a finding, see $build/fuzz/$t.log and $build/fuzz/crash-$t-*" >&2
			status=1
			break
		}
		rounds=$((rounds + 1))
	done
	rm -rf "$round"
	echo "fuzz: $t: $rounds rounds of up to $runs inputs, corpus $(find "$work" -type f | wc -l) inputs"
done
exit $status
