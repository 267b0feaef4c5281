#!/bin/bash
# The audit record loses nothing a target can hide behind: a path that is
# not valid UTF-8, or holds a newline, is recorded byte for byte, in a
# documented reversible form; refusals without a rule say why.
. "$(dirname "$0")/lib.sh"
scratch
plan 7
bad=$'\xff\x01\n'
"$UNOTIFY" run -v --log "$TMP/log" -e "mkdir pathname=$TMP/no/** -> deny" -e 'mkdir -> continue' -- \
	"$SYS" mkdir "$TMP/a${bad}b" mkdir /proc/self/root/x >/dev/null 2>"$TMP/v"
field() { # field KEY LINE [FILE]
	perl -MJSON::PP -e 'my $k = shift; my $n = shift; while (<>) { next unless --$n == 0; my $v = decode_json($_); $v = $v->{$_} for split /\./, $k; print ref $v ? JSON::PP->new->canonical->encode($v) : $v }' "$1" "$2" "${3:-$TMP/log}"
}
hex=$(printf '%s' "$TMP/a${bad}b" | od -An -tx1 | tr -d ' \n')
is "$(field args.pathname 1)" "{\"hex\":\"$hex\"}" "a path that is not UTF-8 is recorded as its bytes in hex"
is "$(field paths.pathname 1)" "{\"hex\":\"$hex\"}" "and so is its resolved name"
like "$(field latency_us 1)" '^[0-9]+(\.[0-9])?$' "latency_us is a number in tenths of a microsecond"
is "$(field reason 2)" "the path goes through a magic link (/proc/self/...), which would resolve in unotify's context" \
	"a refusal no rule made says why"
like "$(cat "$TMP/v")" 'mkdir\(".*/a\\xff\\x01\\x0ab", 0777\) -> continue' "-v escapes the bytes, one line per call"
"$UNOTIFY" run --log "$TMP/log2" -e "mkdir pathname=$TMP/no/** -> deny" -e 'mkdir -> continue' -- \
	"$SYS" mkdir "$TMP/n
l" >/dev/null 2>&1
is "$(field args.pathname 1 "$TMP/log2" | od -An -tx1)" "$(printf '%s' "$TMP/n
l" | od -An -tx1)" "a newline survives: JSON escapes it"
is "$(wc -l < "$TMP/log2" | tr -d ' ')" 1 "one line per record"
done_testing
