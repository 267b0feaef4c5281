#!/bin/sh
# bench/run.sh BUILD: measures the cost of one getppid(2) under each way of
# deciding it (no filter, kernel filter, raw supervisor floor, unotify,
# ptrace) pinned to one CPU and unpinned, and prints one table with the
# ratios against their targets.  A benchmark, not a test: always exits 0
# once it has run.  See bench/README.md for how to read the table.
#
# Environment: REPS (default 5) repetitions per case and placement, median
# taken; BUDGET_MS (default 500) the longest a single run should take.
set -u

B=${1:-build}
REPS=${REPS:-5}
BUDGET_MS=${BUDGET_MS:-500}
LOOP=$B/bench/loop
REFSUP=$B/bench/refsup
ALLOWALL=$B/bench/allowall
UNOTIFY=$B/unotify

for f in "$LOOP" "$REFSUP" "$ALLOWALL" "$UNOTIFY"; do
	if [ ! -x "$f" ]; then
		echo "bench: $f is missing; run 'make bench'" >&2
		exit 2
	fi
done

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

have_strace=1
command -v strace >/dev/null 2>&1 || have_strace=0

# id|label|class.  class picks N: unsupervised calls are ~100 ns, so they
# need many more iterations than a ~µs round trip to a supervisor.
CASES='nofilter|nofilter|fast
allow1|filter floor (RET ALLOW)|fast
filter|filter (kernel-decided)|fast
floor_s|floor (raw RECV/SEND, -s)|slow
floor|floor (raw RECV/SEND)|slow
ret|unotify return|slow
cont|unotify continue|slow
ret_nosync|unotify return --no-sync-wakeup|slow
ptrace|ptrace (strace inject)|ptrace'

# run_case ID PLACEMENT N: runs one case once and prints its ns per call,
# or nothing if it failed.  Pinning wraps the whole command, so the
# supervisor (or tracer) and the target share CPU 0.
run_case() {
	id=$1
	n=$3
	if [ "$2" = pinned ]; then set -- taskset -c 0; else set --; fi
	case $id in
	nofilter) set -- "$@" "$LOOP" "$n" ;;
	allow1) set -- "$@" "$ALLOWALL" "$LOOP" "$n" ;;
	filter) set -- "$@" "$UNOTIFY" run -e 'mkdir -> deny' -- "$LOOP" "$n" ;;
	floor_s) set -- "$@" "$REFSUP" -s "$n" "$LOOP" ;;
	floor) set -- "$@" "$REFSUP" "$n" "$LOOP" ;;
	ret) set -- "$@" "$UNOTIFY" run -e 'getppid -> return 1' -- "$LOOP" "$n" ;;
	cont) set -- "$@" "$UNOTIFY" run -e 'getppid -> continue' -- "$LOOP" "$n" ;;
	ret_nosync)
		set -- "$@" "$UNOTIFY" run --no-sync-wakeup -e 'getppid -> return 1' -- "$LOOP" "$n" ;;
	ptrace)
		[ "$have_strace" = 1 ] || return 0
		set -- "$@" strace -f -qq -o /dev/null -e trace=getppid \
			-e inject=getppid:retval=1 "$LOOP" "$n" ;;
	*) return 0 ;;
	esac
	"$@" </dev/null 2>>"$tmp/stderr" | awk '$1 == "ns_per_call" { print $2 }'
}

# Default N per class, and the probe N used to size a run.  Some cases
# (cross-CPU wake-ups without sync wake-up, ptrace unpinned) can be 20-50x
# slower on some machines; a short probe caps N so that one run stays
# within BUDGET_MS and the whole benchmark within a couple of minutes.
n_default() {
	case $1 in
	fast) echo 5000000 ;;
	slow) echo 200000 ;;
	*) echo 50000 ;;
	esac
}
n_probe() {
	case $1 in
	fast) echo 200000 ;;
	slow) echo 2000 ;;
	*) echo 1000 ;;
	esac
}

echo "bench: kernel $(uname -r), $(nproc) CPUs, $REPS repetitions, median" >&2

# Size every case and placement first.
echo "$CASES" | while IFS='|' read -r id label class; do
	for p in pinned unpinned; do
		probe=$(n_probe "$class")
		# Unpinned runs can be bimodal (both tasks on one CPU or not);
		# size by the slowest of three probes so no run blows the budget.
		ns=$( (run_case "$id" "$p" "$probe"; run_case "$id" "$p" "$probe";
			run_case "$id" "$p" "$probe") | sort -n | tail -n 1)
		awk -v ns="${ns:-0}" -v def="$(n_default "$class")" -v lo="$probe" \
			-v budget="$BUDGET_MS" 'BEGIN {
				n = def
				if (ns > 0 && budget * 1e6 / ns < n)
					n = int(budget * 1e6 / ns)
				if (n < lo)
					n = lo
				print n
			}' >"$tmp/n.$id.$p"
	done
done

# Repetitions are interleaved (every case once, then again) so that a
# slow drift of the machine spreads over all cases instead of one.
rep=1
while [ "$rep" -le "$REPS" ]; do
	echo "bench: repetition $rep/$REPS" >&2
	echo "$CASES" | while IFS='|' read -r id label class; do
		for p in pinned unpinned; do
			n=$(cat "$tmp/n.$id.$p")
			ns=$(run_case "$id" "$p" "$n")
			[ -n "$ns" ] || continue
			echo "$ns" >>"$tmp/r.$id.$p"
			# A bimodal case can probe fast and then run slow: shrink
			# N for the next repetitions so one slow mode costs one run.
			awk -v ns="$ns" -v n="$n" -v budget="$BUDGET_MS" 'BEGIN {
				m = int(budget * 1e6 / ns)
				print (ns > 0 && m < n) ? (m < 1000 ? 1000 : m) : n
			}' >"$tmp/n.$id.$p"
		done
	done
	rep=$((rep + 1))
done

# spread FILE: slowest over fastest run; well above 1 means the placement
# (or something else) made the runs bimodal and the median is fragile.
spread() {
	awk 'NR == 1 || $1 < lo { lo = $1 } NR == 1 || $1 > hi { hi = $1 }
		END { if (NR == 0 || lo <= 0) print "n/a"; else printf "%.2f\n", hi / lo }' "$1" 2>/dev/null ||
		echo n/a
}

median() {
	sort -n "$1" 2>/dev/null | awk '{ v[NR] = $1 }
		END {
			if (NR == 0)
				print "n/a"
			else if (NR % 2)
				print v[(NR + 1) / 2]
			else
				print (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

# One line per case for the table:
# id|label|pinned ns|unpinned ns|N pin|N unpin|spread pin|spread unpin.
echo "$CASES" | while IFS='|' read -r id label class; do
	echo "$id|$label|$(median "$tmp/r.$id.pinned")|$(median "$tmp/r.$id.unpinned")|$(cat "$tmp/n.$id.pinned")|$(cat "$tmp/n.$id.unpinned")|$(spread "$tmp/r.$id.pinned")|$(spread "$tmp/r.$id.unpinned")"
done >"$tmp/table"

echo
awk -F'|' -v reps="$REPS" '
	{
		id[NR] = $1; label[NR] = $2; pin[$1] = $3; unp[$1] = $4
		npin[$1] = $5; nunp[$1] = $6; spin[$1] = $7; sunp[$1] = $8; rows = NR
	}
	function us(ns) { return ns == "n/a" ? "n/a" : sprintf("%.3f", ns / 1000) }
	function ratio(a, b) { return (a == "n/a" || b == "n/a" || b == 0) ? "" : a / b }
	function fmt(r) { return r == "" ? "n/a" : sprintf("%.2f", r) }
	function verdict(r, op, t) {
		if (r == "")
			return "n/a"
		return ((op == "<=") ? (r <= t) : (r >= t)) ? "PASS" : "MISS"
	}
	END {
		# The comparison each row is judged by: base case, operator, target.
		base["allow1"] = "nofilter";  op["allow1"] = "<=";  tgt["allow1"] = 1.1
		base["filter"] = "nofilter";  op["filter"] = "<=";  tgt["filter"] = 1.1
		base["ret"] = "floor_s";      op["ret"] = "<=";     tgt["ret"] = 1.2
		base["cont"] = "floor_s";     op["cont"] = "<=";    tgt["cont"] = 1.2
		base["ret_nosync"] = "floor"; op["ret_nosync"] = "<="; tgt["ret_nosync"] = 1.2
		base["ptrace"] = "ret";       op["ptrace"] = ">=";  tgt["ptrace"] = 10

		printf "%-34s %9s %9s  %-13s   %-24s %-8s %s\n", "case", "pinned", "unpinned", \
		       "max/min", "ratio pinned / unpinned", "target", "pinned / unpinned"
		# Written out: printf widths count bytes in some awks, and µ is two.
		printf "%-34s   µs/call   µs/call  %s\n", "", "pin / unpin"
		for (i = 1; i <= rows; i++) {
			k = id[i]
			line = sprintf("%-34s %9s %9s  %-13s", label[i], us(pin[k]), us(unp[k]), \
				       spin[k] " / " sunp[k])
			if (k in base) {
				b = base[k]
				rp = ratio(pin[k], pin[b]); ru = ratio(unp[k], unp[b])
				line = line sprintf("   %-24s %-8s %s / %s", \
				       fmt(rp) " / " fmt(ru) " vs " b, op[k] " " tgt[k] "x", \
				       verdict(rp, op[k], tgt[k]), verdict(ru, op[k], tgt[k]))
			}
			sub(/ +$/, "", line)
			print line
		}
		printf "\nmedian of %d runs each; last N per run (pinned/unpinned):", reps
		for (i = 1; i <= rows; i++)
			printf "%s %s %s/%s", (i == 1 ? "" : ","), id[i], npin[id[i]], nunp[id[i]]
		printf "\nfloor_s = floor (raw RECV/SEND, -s); pinned = taskset -c 0 on the whole command;\n"
		printf "max/min = slowest run over fastest; targets are judged on the medians\n"
	}' "$tmp/table"

if [ -s "$tmp/stderr" ]; then
	echo
	echo "bench: stderr of the runs (first lines):"
	head -n 10 "$tmp/stderr"
fi
[ "$have_strace" = 1 ] || echo "bench: strace not found; ptrace row is n/a"
exit 0
