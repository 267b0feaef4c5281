#!/bin/bash
# Many threads of many processes through the workers at once: every call
# gets exactly its answer, none is lost or answered twice, and a call held
# by a delay holds up nothing else, even with a single worker.
. "$(dirname "$0")/lib.sh"
scratch
plan 14
STRESS="$BUILD/targets/stress"
PROCS=4 THREADS=8 N=20
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

# Blocking work holds no worker from the others: 80 emulated opens of
# FIFOs wait for their writers, whose own opens are served by one worker.
O=(-e 'open,openat,creat -> emulate')
for i in $(seq 80); do mkfifo "$TMP/f$i"; done
out=$(timeout 20 "$UNOTIFY" run --workers 1 "${O[@]}" -- sh -c \
	"for i in \$(seq 80); do cat $TMP/f\$i & done; sleep 0.3; for i in \$(seq 80); do echo \$i >$TMP/f\$i; done; wait" | sort -n | tr '\n' ' ')
is "$out" "$(seq 80 | tr '\n' ' ')" "80 readers blocked in emulated FIFO opens, and the writers got through (--workers 1)"
# A reader killed while its open waits leaves no reader behind: a writer
# then blocks as natively (timeout's 124), not meeting a phantom reader
# that goes away (SIGPIPE, 141).
mkfifo "$TMP/fx"
cmd="timeout -s KILL 0.3 cat $TMP/fx; timeout 1 sh -c 'echo x >$TMP/fx'; echo writer \$?"
is "$("$UNOTIFY" run "${O[@]}" -- sh -c "$cmd" 2>/dev/null)" "writer 124" \
	"an emulated FIFO open whose caller died is given up: the next writer waits as natively"
done_testing
