#!/bin/bash
# unotify's own files out of the target's reach: whatever the target does
# to the --log path (empty it, truncate it, append a forged line, rename,
# unlink or swap it for a symlink, also from a racing process), the file
# holds afterwards every record and nothing else; the same for the policy
# `record` writes.  Where they cannot be put there (the directory moved or
# removed, a directory at the path), unotify exits 125 and says where they
# are, never deletes them.  --log-fd keeps the records through a kill of
# unotify, never changes what the command shares with it; a record that
# cannot be written ends the run (125), or is counted (--log-lossy).
. "$(dirname "$0")/lib.sh"
scratch
plan 30
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

# a reader that stops, --log-lossy: a record is written whole or not at all
mkfifo "$TMP/fifo2"
(exec 4<"$TMP/fifo2"; while [ ! -e "$TMP/done2" ]; do sleep 0.05; done; cat <&4 >"$TMP/lossy.log") &
rpid=$!
"$UNOTIFY" run --log-lossy --log-fd 3 "${P[@]}" -- sh -c "for i in \$(seq 400); do $SYS getppid >/dev/null; done" \
	3>"$TMP/fifo2" >/dev/null 2>&1
touch "$TMP/done2"
wait "$rpid"
is "$(count "$TMP/lossy.log" | cut -d' ' -f2)" "0" "--log-lossy: no torn, glued or empty line where records were dropped"

# the temporary name: none to guess (unotify's pid is no secret), none
# taken over
echo '{"syscall":"getppid","before":1}' >"$L"
"$UNOTIFY" run --log "$L" "${P[@]}" -- sh -c "while [ ! -e $TMP/go ]; do sleep 0.01; done; $G" >/dev/null 2>&1 &
upid=$!
for i in $(seq 0 99); do echo '{"syscall":"getppid","forged":1}' >"$TMP/.log.unotify.$upid.$i"; done
touch "$TMP/go"
wait "$upid"
is "$?:$(count "$L")" "0:4 0" "the names .FILE.unotify.PID.0-99 taken beforehand: FILE holds the records all the same"
rm -f "$TMP"/.log.unotify.*

where() { sed -n 's/.*: the records are at //p' "$1"; }

# the directory swapped for another: FILE there is not the records'
D=$TMP/d
mkdir "$D"
echo '{"syscall":"getppid","before":1}' >"$D/log"
"$UNOTIFY" run --log "$D/log" "${P[@]}" -- sh -c "$G; mv $D $D.old; mkdir $D; echo forged >$D/log" >/dev/null 2>"$TMP/err"
st=$?
w=$(where "$TMP/err")
is "$st:$(cat "$D/log"):${w%.unotify.*}:$(count "$w")" "125:forged:$D.old/.log:4 0" \
	"FILE's directory swapped for another: 125, and the records are in the old one, under the name unotify says"
rm -rf "$D" "$D.old"

# a directory at FILE: refused at the start; made during the run, the
# records keep their temporary name
mkdir "$TMP/adir"
out=$("$UNOTIFY" run --log "$TMP/adir" "${P[@]}" -- sh -c "touch $TMP/ran" 2>&1)
is "$?:$([ -e "$TMP/ran" ] && echo ran):$out" "125::unotify: --log $TMP/adir: Is a directory; nothing ran" \
	"a directory at FILE: refused before the command runs"
echo '{"syscall":"getppid","before":1}' >"$L"
"$UNOTIFY" run --log "$L" "${P[@]}" -- sh -c "$G; rm -f $L; mkdir $L" >/dev/null 2>"$TMP/err"
st=$?
w=$(where "$TMP/err")
is "$st:${w%.unotify.*}:$(count "$w")" "125:$TMP/.log:4 0" \
	"a directory made at FILE during the run: 125, and the records keep their temporary name, which unotify says"
rmdir "$L"
rm -f "$TMP"/.log.unotify.*

# the directory removed: the records are copied out, and said where
mkdir "$D"
"$UNOTIFY" run --log "$D/log" "${P[@]}" -- sh -c "$G; rm -rf $D" >/dev/null 2>"$TMP/err"
st=$?
w=$(where "$TMP/err")
is "$st:$(count "$w")" "125:3 0" "FILE's directory removed during the run: 125, and the records are copied where unotify says"
[ -f "$w" ] && rm -f "$w"

# --log-fd never changes what the command shares with unotify: 0, 1, 2
# are refused; a pipe the command also writes to stays blocking for it
out=$("$UNOTIFY" run --log-fd 1 "${P[@]}" -- sh -c 'echo ran' 2>&1)
is "$?:$out" "125:unotify: --log-fd 1: that is the command's stdout: give the records an fd of their own (--log-fd 3 3>FILE)" \
	"--log-fd 1: refused before the command runs"
"$UNOTIFY" run --log-fd 3 "${P[@]}" -- sh -c "$G; sleep 0.1; head -c 300000 /dev/zero" 3>&1 2>"$TMP/err" |
	{ sleep 0.3; wc -c >"$TMP/n"; }
st=${PIPESTATUS[0]}
is "$st:$(grep -c 'temporarily unavailable' "$TMP/err"):$(($(cat "$TMP/n") > 300000))" "0:0:1" \
	"--log-fd 3 3>&1 | a slow reader: the command's own writes wait for it (no O_NONBLOCK on its pipe)"
like "$(cat "$TMP/err")" "--log-fd 3: the command's stdout is the same pipe: it can write lines among the records" \
	"and unotify says that the command can write among the records"
# a socket (no description of unotify's own to have): given back as it
# was; one that is also the command's stdout never made non-blocking
# (sh's flags read through $(...): dash points its own fd 1 at a
# redirection's file while the redirected command runs)
sock() { # sock SHARED: O_NONBLOCK on the command's stdout, on the caller's socket after
	rm -f "$TMP/flags"
	U=$UNOTIFY C="$G; f=\$(grep ^flags: /proc/\$\$/fdinfo/1); echo \"\$f\" >$TMP/flags" F=$TMP/flags S=$1 perl -MSocket -MFcntl -e '
		sub nb { $_[0] & O_NONBLOCK ? "nonblocking" : "blocking" }
		socketpair(my $a, my $b, AF_UNIX, SOCK_STREAM, 0) or die;
		fcntl($a, F_SETFD, 0);
		my $pid = fork // die;
		if (!$pid) {
			open(STDOUT, ">&", $ENV{S} ? $a : \*STDERR);
			exec($ENV{U}, "run", "--log-fd", fileno($a), "-e", "getppid -> return 7", "--", "sh", "-c", $ENV{C});
		}
		waitpid($pid, 0);
		open(my $f, "<", $ENV{F}) or die;
		my ($fl) = <$f> =~ /(\d+)/;
		printf "%s %s\n", nb(oct($fl)), nb(fcntl($a, F_GETFL, 0));
	' 2>/dev/null
}
is "$(sock 0 | cut -d' ' -f2)" "blocking" "--log-fd on a socket: its flags given back at the end"
is "$(sock 1)" "blocking blocking" "--log-fd on a socket that is also the command's stdout: never made non-blocking"

# the earlier records: all of them or nothing runs; never read through a
# symlink; the log's mode kept
L2=$TMP/old.log
printf '{"before":1}\n' >"$L2"
chmod 600 "$L2"
"$UNOTIFY" run --log "$L2" "${P[@]}" -- $G >/dev/null 2>&1
is "$(stat -c %a "$L2"):$(count "$L2")" "600:2 1" "a private log stays private (its mode kept), its earlier record kept"
printf 'id_rsa: PRIVATE\n' >"$TMP/secret"
chmod 600 "$TMP/secret"
ln -s secret "$TMP/link.log"
out=$("$UNOTIFY" run --log "$TMP/link.log" "${P[@]}" -- sh -c "touch $TMP/ran2" 2>&1)
is "$?:$([ -e "$TMP/ran2" ] && echo ran):$(cat "$TMP/secret")" "125::id_rsa: PRIVATE" \
	"a symlink at FILE (planted by an earlier run's command): 125, nothing runs, nothing copied through it"
if [ "$(id -u)" -eq 0 ]; then
	printf '{"before":1}\n' >"$TMP/unread.log"
	chmod 000 "$TMP/unread.log"
	out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$UNOTIFY" run --log "$TMP/unread.log" \
		"${P[@]}" -- true 2>&1)
	is "$?:$(cat "$TMP/unread.log")" '125:{"before":1}' "earlier records that cannot be read: 125, the log left as it was"
	mkdir -p "$TMP/small"
	if mount -t tmpfs -o size=64k tmpfs "$TMP/small" 2>/dev/null; then
		head -c 40000 /dev/zero | tr '\0' 'x' | sed 's/^/{"before":"/; s/$/"}/' >"$TMP/small/log"
		head -c 40000 /dev/zero >"$TMP/small/fill" 2>/dev/null
		out=$("$UNOTIFY" run --log "$TMP/small/log" "${P[@]}" -- sh -c "rm -f $TMP/small/fill; $G" 2>&1)
		is "$?:$(wc -c <"$TMP/small/log")" "125:40013" \
			"no room to copy the earlier records: 125 before the run, the log untouched"
		umount "$TMP/small"
	else
		skip 1 "cannot mount a tmpfs here"
	fi
else
	skip 2 "unreadable logs and a full file system need root"
fi
# a record longer than a pipe takes at once, cut when the reader stalls,
# is finished at the end: the last line is whole
mkfifo "$TMP/fifo3"
LONG=/tmp/$(printf 'a%.0s' $(seq 200))
for _ in $(seq 19); do LONG="$LONG/$(printf 'a%.0s' $(seq 200))"; done
(exec 4<"$TMP/fifo3"; sleep 1.5; cat <&4 >"$TMP/lossy3.log") &
rpid=$!
"$UNOTIFY" run --log-lossy --log-fd 3 -e 'mkdir -> errno EACCES' -- sh -c \
	"for i in \$(seq 20); do $SYS mkdir $LONG >/dev/null; done" 3>"$TMP/fifo3" >/dev/null 2>&1
wait "$rpid"
is "$(tail -c 1 "$TMP/lossy3.log" | od -An -c | tr -d ' ')" '\n' \
	"--log-lossy: a long record cut when the reader stalled is finished at the end (the last line whole)"
done_testing
