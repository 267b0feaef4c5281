#!/bin/bash
# -v lines and --log JSON Lines records.
. "$(dirname "$0")/lib.sh"
scratch
plan 10
out=$("$UNOTIFY" run -v --log "$TMP/log.jsonl" -p examples/mkdir.policy -- \
	"$SYS" mkdir "$TMP/v" mkdir /etc/unotify-no 2>&1 >/dev/null)
like "$out" "unotify: \[pid [0-9]+ x86_64\] mkdir\(\"$TMP/v\", 0777\) -> emulate = 0 \[examples/mkdir.policy:10\]" \
	"-v: pid, call, decoded arguments, decision, result, rule"
like "$out" 'mkdir\("/etc/unotify-no", 0777\) -> errno = -1 EOPNOTSUPP \[examples/mkdir.policy:16\]' \
	"-v: an errno decision"
is "$(wc -l < "$TMP/log.jsonl" | tr -d ' ')" 2 "one JSON object per decision"
field() { perl -MJSON::PP -e 'my $k = shift; while (<>) { my $o = decode_json($_); my $v = $o; $v = $v->{$_} for split /\./, $k; print defined $v ? $v : "null", "\n" }' "$1" "$TMP/log.jsonl" | sed -n "${2}p"; }
is "$(field syscall 1)" mkdir "syscall"
is "$(field args.pathname 1)" "$TMP/v" "args.pathname, as passed"
is "$(field paths.pathname 1)" "$TMP/v" "paths.pathname, resolved"
is "$(field action 1)/$(field result 1)" "emulate/0" "action and result"
is "$(field action 2)/$(field errno 2)/$(field rule 2)" "errno/EOPNOTSUPP/examples/mkdir.policy:16" "errno and rule"
like "$(field time 1) $(field pid 1) $(field tid 1) $(field arch 1) $(field latency_us 1)" \
	'^20[0-9-]+T[0-9:.]+Z [1-9][0-9]* [1-9][0-9]* x86_64 [0-9.e+-]+$' "time, pid, tid, arch, latency_us"
out=$("$UNOTIFY" run -e 'getppid -> return 3, log' -- "$SYS" getppid 2>&1 >/dev/null)
like "$out" 'getppid\(\) -> return = 3 \[-e:1\]' "a log rule prints its matches without -v"
done_testing
