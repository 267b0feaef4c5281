#!/bin/bash
# unotify record: a run made into a policy that lets the same run happen
# again (same output, same status) and refuses what it did not do; with a
# shell script that makes, writes and reads files, a small build, python3;
# and the names the run chose (paths, addresses, the command line), which
# reach the policy as exactly themselves, never as rules of their own.
. "$(dirname "$0")/lib.sh"
scratch
plan 29
cd "$TMP" || exit 1
printf '#!/bin/sh\nmkdir -p out\necho hi >out/a\necho ho >out/b\ncat out/a out/b\nls out\nexit 3\n' >job.sh
chmod +x job.sh
want=$(./job.sh)
rm -rf out
"$UNOTIFY" record -o job.policy -- ./job.sh >"$TMP/rec.out" 2>"$TMP/rec.err"
is "$?:$(cat "$TMP/rec.out" | tr '\n' ' ')" "3:hi ho a b " "record: the command ran, with its output and status"
like "$(cat "$TMP/rec.err")" '^unotify: record: wrote job.policy \([0-9]+ calls; ' "and said what it wrote"
rm -rf out
is "$("$UNOTIFY" run -p job.policy -- ./job.sh; echo "status $?")" "$(printf '%s\nstatus 3' "$want")" \
	"the recorded policy runs the same command again: same output, same status"
like "$(grep -v '^#' job.policy)" '@write pathname="\$\{PWD\}/out/\*" -> allow' \
	"paths beneath the work tree are written with \${PWD}, two files of a directory folded into DIR/*"
is "$(grep -E 'pathname="(/\*\*|/tmp/\*\*|/\*)"' job.policy | wc -l | tr -d ' ')" 0 "no glob is / or a top-level tree"
is "$("$UNOTIFY" run -p job.policy -- sh -c "echo x >$TMP/other; cat /etc/hostname" 2>&1 | sed 's/.*: //' | tr '\n' ' ')" \
	"Permission denied Permission denied " "what the run did not do is refused: a write elsewhere, a file never read"
like "$(cat job.policy)" 'default errno EPERM' "calls never seen are refused (EPERM)"
like "$(cat job.policy)" 'clone3 -> errno ENOSYS|ENOSYS' "and newer ones ENOSYS, so that a program falls back"

# the network: the addresses reached, the rest refused
"$UNOTIFY" record -o net.policy -- "$SYS" echo 127.0.0.1 connect-nb 127.0.0.1 1 >/dev/null 2>&1
is "$("$UNOTIFY" run -p net.policy -- "$SYS" echo 127.0.0.1 connect-nb 127.0.0.1 1 connect-nb 127.0.0.1 2 connect-nb 192.0.2.1 1 2>&1 | tr '\n' ' ')" \
	"connect = 0 sendto = 2 read = hi connect = -1 EINPROGRESS connect = -1 ENETUNREACH connect = -1 ENETUNREACH " \
	"network calls are recorded by family, address and port: the same again, others refused"
like "$(grep -v '^#' net.policy)" '^sendmmsg -> errno ENOSYS' "sendmmsg, whose addresses no rule reads, is refused (ENOSYS: callers fall back to sendto)"
mkdir -p "$TMP/pwd" && (cd "$TMP/pwd" && "$UNOTIFY" record -o p.policy -- sh -c 'echo a >out1; echo b >out2' >/dev/null 2>&1)
is "$(grep -c 'pathname="\${PWD}/\*"' "$TMP/pwd/p.policy"):$(grep -c '^@write pathname="\${PWD}/out1" -> allow' "$TMP/pwd/p.policy")" "0:1" \
	"two files written in the working directory itself: named, not folded into \${PWD}/* (a replay from home would take .bashrc)"

# a small build, its temporary files in the work tree
mkdir -p b/tmp
printf 'int main(void) { return 0; }\n' >b/m.c
printf 'm: m.c\n\tcc -o m m.c\n' >b/Makefile
(cd b && TMPDIR=$TMP/b/tmp "$UNOTIFY" record -o ../build.policy -- make -s --no-print-directory) 2>/dev/null
rm -f b/m
(cd b && TMPDIR=$TMP/b/tmp "$UNOTIFY" run -p ../build.policy -- make -s --no-print-directory) 2>/dev/null
ok $? "a small build (make, cc) recorded, then built again under its policy"
# (Debian's python3 itself, isolated: no process here may take a second
# of CPU, and a python3 behind shims runs many)
py=/usr/bin/python3
if [ -x "$py" ]; then
	"$UNOTIFY" record -o py.policy -- "$py" -I -S -c 'import json; print(json.dumps([1]))' >/dev/null 2>&1
	is "$("$UNOTIFY" run -p py.policy -- "$py" -I -S -c 'import json; print(json.dumps([1]))' 2>&1)" "[1]" \
		"python3, recorded and run again"
else
	skip 1 "no /usr/bin/python3"
fi

# Names are the run's to choose: none is written raw.  A newline in a
# path or an argument stays in its comment or its pattern (\xHH).
"$UNOTIFY" record -o inj.policy -- mkdir -p $'n/x\n@write -> allow\n#' 2>/dev/null
is "$(grep -c '^@write -> allow' inj.policy)" 0 "a newline in a path or in the command line injects no rule"
rm -rf n
is "$("$UNOTIFY" run -p inj.policy -- mkdir -p $'n/x\n@write -> allow\n#' 2>&1; echo "status $?"
	"$UNOTIFY" run -p inj.policy -- mkdir other 2>&1; echo "status $?"
	[ -d $'n/x\n@write -> allow\n#' ] && [ ! -e other ] && echo made)" \
	"$(printf 'status 0\nstatus 1\nmade')" "the same mkdir again, and no other"

# Each pattern reads back as exactly its name: a blank, '*', '$', '\',
# '"' and a newline, each alone in its directory (nothing folded); the
# neighbour each would have matched otherwise is refused.
names=('q1/a b' 'q2/a*' 'q3/a$x' 'q4/a\q' 'q5/a"q' $'q6/a\nq')
for n in "${names[@]}" q2/ab q3/ay q4/aq q5/aq q6/anq; do
	mkdir -p "${n%/*}"
	printf '%s.' "${n#*/}" >"$n"
done
"$UNOTIFY" record -o q.policy -- cat "${names[@]}" >/dev/null 2>&1
is "$("$UNOTIFY" run -p q.policy -- cat "${names[@]}" 2>&1 | od -An -c | tr -s ' \n' ' ')" \
	"$(cat "${names[@]}" | od -An -c | tr -s ' \n' ' ')" \
	"paths with a blank, '*', '\$', '\\', '\"' and a newline: allowed again"
is "$("$UNOTIFY" run -p q.policy -- cat q2/ab q3/ay q4/aq q5/aq q6/anq 2>&1 | grep -c 'Permission denied')" 5 \
	"and each its own name only: not a* as a glob, not a\\q as aq"

# Addresses: an abstract name is a pattern too; 0.0.0.0 and :: are
# recorded as the rules judge them (loopback); a relative AF_UNIX name
# (no object's path to write) is only a comment.
abs='x",/**,0.0.0.0/0,::/0,"@*'
"$UNOTIFY" record -o a.policy -- "$SYS" connect-abs "$abs" >/dev/null 2>&1
"$UNOTIFY" record -o z.policy -- "$SYS" connect-nb 0.0.0.0 1 connect-nb :: 1 >/dev/null 2>&1
"$UNOTIFY" record -o r.policy -- "$SYS" connect-unix relsock >/dev/null 2>&1
is "$("$UNOTIFY" run -p a.policy -- "$SYS" connect-abs "$abs" connect-abs 'x"' connect-nb 192.0.2.1 1 2>&1 | tr '\n' ' ')" \
	"connect = -1 ECONNREFUSED connect = -1 EACCES connect = -1 ENETUNREACH " \
	"an abstract name quoted whole: no conditions injected, its neighbour refused"
is "$("$UNOTIFY" run -p z.policy -- "$SYS" connect-nb 0.0.0.0 1 connect-nb :: 1 2>&1)" \
	"$("$SYS" connect-nb 0.0.0.0 1 connect-nb :: 1 2>&1)" \
	"0.0.0.0 and :: recorded as 127.0.0.1 and ::1: the same connects again"
is "$("$UNOTIFY" run -p r.policy -- "$SYS" connect-unix relsock 2>&1
	grep -c '^# (connect to the relative AF_UNIX name relsock' r.policy)" \
	"$(printf 'connect = -1 EACCES\n1')" "a relative AF_UNIX name: a comment, and the policy loads"
mkdir -p 's p'
"$SYS" listen "unix:$TMP/s p/sock" 3 >s1.out &
l1=$!
"$SYS" listen "unix:$TMP/s p/other" 3 >s2.out &
l2=$!
for _ in $(seq 50); do
	[ -s s1.out ] && [ -s s2.out ] && break
	sleep 0.05
done
"$UNOTIFY" record -o s.policy -- "$SYS" connect-unix "$TMP/s p/sock" >/dev/null 2>&1
is "$("$UNOTIFY" run -p s.policy -- "$SYS" connect-unix "$TMP/s p/sock" connect-unix "$TMP/s p/other" 2>&1 | tr '\n' ' ')" \
	"connect = 0 connect = -1 EACCES " "an AF_UNIX path with a blank: whole, its neighbour refused"
kill "$l1" "$l2" 2>/dev/null
wait "$l1" "$l2" 2>/dev/null
"$UNOTIFY" record -o x1.policy -- "$SYS" connect-abs $'a\x01b' >/dev/null 2>"$TMP/x1.err"
is "$?:$(ls x1.policy* 2>/dev/null)" "125:" \
	"a name no pattern says exactly (an abstract \\x01, which also matches '/'): no policy"
like "$(cat "$TMP/x1.err")" 'no pattern says exactly what the run used: connect AF_UNIX -1 @a\\x01b' \
	"and it says which"

# The process's own /proc entry is /proc/self, never every process's.
"$UNOTIFY" record -o proc.policy -- sh -c 'head -1 /proc/self/status' >/dev/null 2>&1
is "$("$UNOTIFY" run -p proc.policy -- sh -c 'head -1 /proc/self/status; head -1 /proc/1/status' 2>&1 |
	sed 's/.*: //' | tr '\t\n' '  ')" \
	"Name: head Permission denied " "/proc/self/status recorded: its own again, not /proc/1's"

# Two dotfiles written in ${HOME} itself are not every dotfile.
mkdir -p home
HOME=$TMP/home "$UNOTIFY" record -o home.policy -- sh -c 'echo a >"$HOME/.a"; echo b >"$HOME/.b"' 2>/dev/null
is "$(HOME=$TMP/home "$UNOTIFY" run -p home.policy -- sh -c 'echo a >"$HOME/.a" && echo again; echo c >"$HOME/.bashrc"' 2>&1 |
	sed 's/.*: //' | tr '\n' ' ')" \
	"again Permission denied " "no DIR/* in \${HOME} itself: .bashrc stays refused"

# A base policy's name is quoted as any other.
mkdir -p 'ba se'
printf 'getppid -> errno EROFS\n' >'ba se/b"a $x\q.policy'
"$UNOTIFY" record -o inc.policy -p 'ba se/b"a $x\q.policy' -- "$SYS" getppid >/dev/null 2>&1
is "$("$UNOTIFY" run -p inc.policy -- "$SYS" getppid 2>&1)" "getppid = -1 EROFS" \
	"include of a base named with a blank, '\"', '\$' and '\\': its rules decide first"

# Where the policy cannot be written (fdopen fails), nothing is left.
cat >nofdopen.c <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
FILE *fdopen(int fd, const char *mode)
{
	FILE *(*real)(int, const char *) = (FILE * (*)(int, const char *))dlsym(RTLD_NEXT, "fdopen");

	if (mode[0] == 'w')
		return errno = EMFILE, NULL;
	return real(fd, mode);
}
EOF
if cc -shared -fPIC -o nofdopen.so nofdopen.c -ldl 2>/dev/null; then
	mkdir -p fd
	LD_PRELOAD=$TMP/nofdopen.so ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
		"$UNOTIFY" record -o fd/x.policy -- true 2>/dev/null
	is "$?:$(ls fd)" "125:" "fdopen failed: status 125, no policy and no temporary file left"
else
	skip 1 "no cc"
fi

# AT_EMPTY_PATH lets an empty path name the fd; with any other path it
# names what the path names, judged by the recorded paths.  A family
# seen (netlink) is allowed again, one never seen (vsock) refused.
if command -v perl >/dev/null; then
	cat >t.pl <<'EOF'
my $b = "\0" x 256;
while (my $op = shift) {
	if ($op eq "fstat") {
		open(F, "<", shift) or die;
		print syscall(262, fileno(F), my $e = "", $b, 0x1000) == 0 ? "fstat ok\n" : "fstat $!\n";
		close F;
	} elsif ($op eq "fstatat") {
		print syscall(262, -100, my $f = shift, $b, 0x1000) == 0 ? "fstatat ok\n" : "fstatat $!\n";
	} elsif ($op eq "nl") {
		socket(S, 16, 3, 0) or die "socket $!";
		print connect(S, pack("SSLL", 16, 0, 0, 0)) ? "nl ok\n" : "nl $!\n";
		close S;
	} elsif ($op eq "vsock") {
		socket(S, 40, 1, 0) or die "socket $!";
		fcntl(S, 4, 04000);
		print connect(S, pack("SSLLa4", 40, 0, 1, 1, "")) ? "vsock ok\n" : "vsock $!\n";
		close S;
	}
}
EOF
	mkdir -p st1 st2
	echo pub >st1/pub
	echo secret >st2/secret
	"$UNOTIFY" record -o pl.policy -- perl t.pl fstat st1/pub nl >/dev/null 2>&1
	is "$("$UNOTIFY" run -p pl.policy -- perl t.pl fstat st1/pub fstatat st1/pub fstatat st2/secret 2>&1 | tr '\n' ' ')" \
		"fstat ok fstatat ok fstatat Permission denied " \
		"AT_EMPTY_PATH: an empty path is the fd; a path is judged as any (one never read refused)"
	is "$("$UNOTIFY" run -p pl.policy -- perl t.pl nl vsock 2>&1 | tr '\n' ' ')" "nl ok vsock Permission denied " \
		"a family seen (netlink) allowed again, one never seen (vsock) refused"
else
	skip 2 "no perl"
fi
done_testing
