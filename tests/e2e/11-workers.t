#!/bin/bash
# Many threads of many processes through the workers at once: every call
# gets exactly its answer, none is lost or answered twice, and a call held
# by a delay holds up nothing else, even with a single worker.
. "$(dirname "$0")/lib.sh"
scratch
plan 12
STRESS="$BUILD/targets/stress"
PROCS=4 THREADS=8 N=150
total=$((PROCS * THREADS * N))
P=(-e "mkdir pathname=$TMP/** -> emulate" -e 'getppid -> return 7' -e 'getuid -> return 4242, delay 3')

for workers in "" 1; do
	name=${workers:+--workers $workers}
	name=${name:-default workers}
	rm -rf "$TMP/s" "$TMP/log"; mkdir "$TMP/s"
	out=$("$UNOTIFY" run ${workers:+--workers $workers} --log "$TMP/log" "${P[@]}" -- \
		"$STRESS" $PROCS $THREADS $N "$TMP/s" 2>&1)
	st=$?
	is "$st $(echo "$out" | grep '^errors')" "0 errors 0" "$name: every call got its answer"
	like "$out" "calls $((2 * total))" "$name: all $((2 * total)) calls were made"
	is "$(find "$TMP/s" -mindepth 1 | wc -l | tr -d ' ')" $total "$name: every directory was made, once"
	# One record per call: none lost, none twice.
	records=$(perl -MJSON::PP -ne '$v = decode_json($_); print "$v->{syscall} ", ($v->{paths}{pathname} // ""), " ", ($v->{errno} // $v->{result} // $v->{action}), "\n"' "$TMP/log" | sort)
	is "$(echo "$records" | grep -c '^mkdir .* 0$')" $total "$name: one emulated mkdir record per call, each returning 0"
	is "$(echo "$records" | grep '^mkdir ' | sort -u | wc -l | tr -d ' '):$(echo "$records" | grep -c '^getppid  7$')" \
		"$total:$total" "$name: no mkdir recorded twice, and one getppid record per call"
	is "$(echo "$out" | grep -E '^(getuid|held_longest) ')" "$(printf 'getuid 4242\nheld_longest 1')" \
		"$name: the held getuid returned 4242, after every other call"
done
done_testing
