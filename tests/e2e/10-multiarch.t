#!/bin/bash
# One policy for every ABI: x86_64 and i386 builds of one target, int 0x80,
# x32, aliases, socketcall, and an exec chain across architectures.
. "$(dirname "$0")/lib.sh"
scratch
[ -x "$BUILD/targets/sys32" ] || skip_all "no i386 build of the target (gcc-multilib)"
"$BUILD/targets/sys32" exit 0 2>/dev/null || skip_all "this kernel cannot run i386 binaries"
SYS32="$BUILD/targets/sys32"
plan 27
run() { "$UNOTIFY" run "$@" 2>&1; }

P=(-e 'getpriority which=7 -> errno EMSGSIZE'
   -e 'mkdir,mkdirat pathname="./**" -> continue'
   -e "mkdir,mkdirat pathname=$TMP/ok* -> allow"
   -e 'mkdir,mkdirat -> deny'
   -e 'getppid -> return 4242')
ops() { echo raw "$1" 7 0 mkdir "$TMP/ok$2" mkdir "$TMP/no$2" mkdir "./ok$2-rel" getppid; }
cd "$TMP" || exit 1
out64=$(run "${P[@]}" -- "$SYS" $(ops 140 64))
out32=$(run "${P[@]}" -- "$SYS32" $(ops 96 32))
cd "$OLDPWD" || exit 1
is "$(echo "$out64" | sed 's/raw [0-9]*/raw/')" "$(printf 'raw = -1 EMSGSIZE\nmkdir = 0\nmkdir = -1 EPERM\nmkdir = 0\ngetppid = 4242')" \
	"x86_64: kernel rule, emulated and denied paths, continue, return"
is "$(echo "$out32" | sed 's/raw [0-9]*/raw/')" "$(echo "$out64" | sed 's/raw [0-9]*/raw/')" \
	"i386: the same policy gives the same results"
test -d "$TMP/ok32" && test -d "$TMP/ok32-rel" && test ! -e "$TMP/no32"; ok $? "i386 paths read from 32-bit memory"

run -e 'arch x86_64' -e 'getppid -> allow' -- "$SYS32" getppid >/dev/null; is $? 159 "arch x86_64: an i386 binary is killed at its first call"
run -e 'arch i386' -e 'getppid -> allow' -- "$SYS" getppid >/dev/null; is $? 159 "arch i386: an x86_64 binary is killed"
run -e 'getppid -> allow' -- "$SYS" raw 0x40000027 >/dev/null; is $? 159 "an x32 call is killed when x32 is not listed"
is "$(run -e 'arch x86_64 i386 x32' -e 'getpid -> errno EMSGSIZE' -- "$SYS" raw 0x40000027)" "raw 1073741863 = -1 EMSGSIZE" \
	"with x32 listed, an x32 getpid meets the rule (this kernel has no x32 ABI)"

is "$(run -e 'getppid -> errno EMSGSIZE' -- "$SYS" int80 64)" "int80 = -1 EMSGSIZE" \
	"int 0x80 from a 64-bit process meets the i386 side of the rules"
is "$(run -e "mkdir pathname=$TMP/ok* -> allow" -e 'mkdir -> deny' -- "$SYS" int80-mkdir "$TMP/ok80" int80-mkdir /etc/unotify-no)" \
	"$(printf 'int80-mkdir = 0\nint80-mkdir = -1 EPERM')" "and its path rules, emulation included"
test -d "$TMP/ok80"; ok $? "the int 0x80 mkdir was emulated"

run -e 'setuid uid=0 -> deny' -- "$SYS32" raw 23 0x10000 >/dev/null; is $? 159 \
	"i386's 16-bit setuid cannot be judged on a 32-bit uid: a conditioned call is killed"
is "$(run -e 'getuid -> return 4242' -- "$SYS32" getuid)" "getuid = 4242" "getuid covers i386's getuid32"
is "$(run -e 'fcntl cmd=1 -> errno EMSGSIZE' -- "$SYS32" fcntl 0 1 fcntl 0 3)" "$(printf 'fcntl = -1 EMSGSIZE\n%s' "$("$SYS32" fcntl 0 3)")" \
	"fcntl covers i386's fcntl64, with its condition"

S=(-e 'socket domain=AF_UNIX -> errno EMSGSIZE' -e 'connect -> errno ECONNREFUSED')
is "$(run "${S[@]}" -- "$SYS32" socket 1 1)" "socket = -1 EMSGSIZE" "i386 socket() through libc"
is "$(run "${S[@]}" -- "$SYS32" raw 359 1 1 0)" "raw 359 = -1 EMSGSIZE" "i386 socket through the direct syscall"
is "$(run "${S[@]}" -- "$SYS32" socketcall 1 1 1 0)" "socketcall = -1 EMSGSIZE" "i386 socketcall(SYS_SOCKET): the supervisor reads the block"
is "$(run "${S[@]}" -- "$SYS32" socketcall 3 0 0 0)" "socketcall = -1 ECONNREFUSED" "socketcall(SYS_CONNECT): decided in the kernel on the sub-call"
is "$(run "${S[@]}" -- "$SYS32" socketcall 1 2 1 0)" "socketcall = 0" \
	"a socketcall(SYS_SOCKET) let through after reading its block is made by the supervisor, from its copy"
is "$(run "${S[@]}" -e 'listen backlog=7 -> errno EMSGSIZE' -- "$SYS32" socketcall 4 0 1 0)" "socketcall = -1 EPERM" \
	"one unotify cannot perform (listen) is refused"
is "$(run "${S[@]}" -e 'socket -> continue' -- "$SYS32" socketcall 1 2 1 0)" "socketcall = 0" \
	"unless a continue rule says so"
is "$(run -e 'semget -> errno EMSGSIZE' -- "$SYS32" raw 117 2 0 1 0 raw 117 0x10002 0 1 0)" \
	"$(printf 'raw 117 = -1 EMSGSIZE\nraw 117 = -1 EMSGSIZE')" "ipc(SEMGET) is decided on the low 16 bits of its call, whatever the version"

out=$("$UNOTIFY" run -v --log "$TMP/log" -e 'connect -> errno ECONNREFUSED, log' -- "$SYS32" socketcall 3 7 0 16 2>&1 >/dev/null)
like "$out" '^unotify: \[pid [0-9]+ i386\] connect\(7, 0x0, 16\) as socketcall -> errno = -1 ECONNREFUSED \[-e:1\]$' \
	"the audit line names the arch and decodes the socketcall block"
like "$(cat "$TMP/log")" '"arch":"i386","syscall":"connect","call":"socketcall","args":\{"sockfd":7,"addr":0,"addrlen":16\}' \
	"and so does the JSON record"

out=$(run -p examples/multiarch.policy -- "$SYS" mq_notify exec "$SYS32" mq_notify exec "$SYS" mq_notify)
is "$out" "$(printf 'mq_notify = -1 errno 244\nmq_notify = -1 errno 281\nmq_notify = -1 errno 244')" \
	"the seed's chain: x86_64, then i386, then x86_64, each with its own errno"
out=$("$UNOTIFY" check examples/multiarch.policy 2>&1)
like "$out" 'filter: i386 [0-9]+ instructions' "check shows the i386 share of the filter"
like "$("$UNOTIFY" check -e 'newfstatat,connect,mq_getsetattr -> deny' 2>&1)" 'newfstatat +x86_64: newfstatat; i386: fstatat64' "check shows what a name means on i386"
like "$("$UNOTIFY" check -e 'connect -> deny' 2>&1)" 'i386: connect, socketcall\(3\)' "including socketcall sub-calls"
done_testing
