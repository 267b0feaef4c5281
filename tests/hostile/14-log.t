#!/bin/bash
# unotify's own files out of the target's reach: whatever the target does
# to the --log path (empty it, truncate it, append a forged line, rename,
# unlink or swap it for a symlink, also from a racing process), the file
# holds afterwards every record and nothing else; the same for the policy
# `record` writes.  --log-fd keeps the records through a kill of unotify;
# a record that cannot be written ends the run (125), or is counted
# (--log-lossy).
. "$(dirname "$0")/lib.sh"
scratch
plan 14
L=$TMP/log
count() { # count FILE: the lines that are records of getppid; the others
	perl -MJSON::PP -ne 'my $v = eval { decode_json($_) }; if ($v && ($v->{syscall} // "") eq "getppid") { $g++ } else { $o++ } END { printf "%d %d\n", $g, $o }' "$1"
}
P=(-e 'getppid -> return 7')
G="$SYS getppid getppid"

for attack in ': >LOG' 'truncate -s 0 LOG' 'echo "{\"syscall\":\"getppid\",\"forged\":1}" >>LOG' \
	'mv LOG LOG.away' 'rm -f LOG' 'rm -f LOG; ln -s /etc/hostname LOG'; do
	rm -f "$L" "$L.away"
	echo '{"syscall":"getppid","before":1}' >"$L"
	cmd=${attack//LOG/$L}
	"$UNOTIFY" run --log "$L" "${P[@]}" -- sh -c "$G; $cmd; $G" >/dev/null 2>&1
	is "$([ -L "$L" ] && echo symlink) $(count "$L")" " 6 0" "after \`$attack\`: the earlier record and the 5 of the run (sh's own too), nothing else"
done
rm -f "$L"
race="for i in \$(seq 60); do : >$L; truncate -s 0 $L; echo x >>$L; mv $L $L.away; rm -f $L; ln -sf /etc/hostname $L; rm -f $L; done"
"$UNOTIFY" run --log "$L" "${P[@]}" -- sh -c "($race) & $SYS $(printf 'getppid %.0s' $(seq 40)); wait" >/dev/null 2>&1
is "$([ -L "$L" ] && echo symlink) $(count "$L")" " 41 0" \
	"a racing process emptying, truncating, forging, renaming, unlinking and swapping the log all along: every record (41 with sh's), nothing else"

# record: the policy written is unotify's, whatever the command left there
printf '#!/bin/sh\necho junk >"$1"; rm -f "$1"; ln -s /etc/hostname "$1"\n' >"$TMP/evil.sh"
chmod +x "$TMP/evil.sh"
(cd "$TMP" && "$UNOTIFY" record -o "$TMP/out.policy" -- ./evil.sh "$TMP/out.policy") >/dev/null 2>&1
is "$([ -L "$TMP/out.policy" ] && echo symlink)$(head -1 "$TMP/out.policy" | cut -c1-30)" "# Recorded by \`unotify record\`" \
	"record: the policy is written after the run, over what the command left at its path"

# --log-fd: records written at once, to the caller's fd, through a SIGKILL
rm -f "$TMP/fd.log"
"$UNOTIFY" run --log-fd 3 "${P[@]}" -- sh -c "$G; sleep 5" 3>"$TMP/fd.log" >/dev/null 2>&1 &
upid=$!
for _ in $(seq 50); do [ "$(count "$TMP/fd.log")" = "3 0" ] && break; sleep 0.05; done
kill -9 "$upid"
wait "$upid" 2>/dev/null
is "$(count "$TMP/fd.log")" "3 0" "--log-fd: the records written so far survive a SIGKILL of unotify"
is "$("$UNOTIFY" run --log-fd 3 -e 'getppid -> return 7' -- sh -c 'echo x >&3' 3>"$TMP/fd2.log" 2>&1 | sed 's/.*: //')" \
	"Bad file descriptor" "the command does not get the log's fd"

# a reader that stops: records lost, the run ended (125), or counted
mkfifo "$TMP/fifo"
(exec 4<"$TMP/fifo"; sleep 4) &
rpid=$!
out=$("$UNOTIFY" run --log-fd 3 "${P[@]}" -- sh -c "for i in \$(seq 400); do $SYS getppid >/dev/null; done; echo finished" 3>"$TMP/fifo" 2>&1)
is "$?:$(echo "$out" | grep -c finished)" "125:0" "a log reader that stops: the command is ended, unotify exits 125"
like "$out" "an audit record could not be written \(Resource temporarily unavailable\)" "and says why"
out=$("$UNOTIFY" run --log-lossy --log-fd 3 "${P[@]}" -- sh -c "for i in \$(seq 400); do $SYS getppid >/dev/null; done; echo finished" 3>"$TMP/fifo" 2>&1)
is "$?:$(echo "$out" | grep -c finished)" "0:1" "--log-lossy: the run goes on"
like "$out" "unotify: [0-9]+ audit records? could not be written" "and the lost records are counted"
kill "$rpid" 2>/dev/null
wait "$rpid" 2>/dev/null
done_testing
