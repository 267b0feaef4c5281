#!/bin/bash
# The command line: help, exit statuses, diagnostics, check.
. "$(dirname "$0")/lib.sh"
scratch
plan 45

"$UNOTIFY" --help >/dev/null; ok $? "unotify --help exits 0"
"$UNOTIFY" run --help | grep -q -- '--interruptible'; ok $? "run --help lists the options"
"$UNOTIFY" run --bogus -e 'getpid -> allow' -- true 2>/dev/null; is $? 125 "an unknown option exits 125"
"$UNOTIFY" run -e 'getpid -> allow' 2>/dev/null; is $? 125 "no command exits 125"
"$UNOTIFY" run -- true 2>/dev/null; is $? 125 "no policy exits 125"
"$UNOTIFY" frobnicate 2>/dev/null; is $? 2 "an unknown subcommand exits 2"

"$UNOTIFY" run -e 'getpid -> allow' -- "$SYS" exit 7; is $? 7 "the command's exit status"
"$UNOTIFY" run -e 'getpid -> allow' -- "$SYS" raise 15; is $? 143 "128+N when the command dies of signal N"
err=$("$UNOTIFY" run -e 'getpid -> allow' -- no-such-command-xyz 2>&1); is $? 127 "not found exits 127"
like "$err" '^unotify: no-such-command-xyz: command not found$' "and says so"
printf '#!/bin/sh\n' > "$TMP/noexec"; chmod 644 "$TMP/noexec"
"$UNOTIFY" run -e 'getpid -> allow' -- "$TMP/noexec" 2>/dev/null; is $? 126 "not executable exits 126"
PATH="/nonexistent:/usr/bin:/bin" "$UNOTIFY" run -e 'getpid -> allow' -- true; is $? 0 "the command is searched in PATH"

touch "$TMP/ran"; rm "$TMP/ran"
err=$("$UNOTIFY" run -e 'mkdri -> deny' -- touch "$TMP/ran" 2>&1); is $? 125 "a bad policy exits 125"
is "$err" "unotify: -e:1:1: unknown system call 'mkdri'" "the diagnostic names -e:N:col"
test ! -e "$TMP/ran"; ok $? "and nothing ran"
printf 'default deny\nmkdir mode=0700 -> allow\nmkdir pathname=/tmp/* mode<=07777 -> errno ENOPE\n' > "$TMP/bad.policy"
err=$("$UNOTIFY" run -p "$TMP/bad.policy" -- true 2>&1)
is "$err" "unotify: $TMP/bad.policy:3:44: unknown errno name 'ENOPE'" "file:line:col of the fault"

out=$("$UNOTIFY" check examples/mkdir.policy 2>/dev/null); is $? 0 "check accepts a valid policy"
like "$out" 'mkdir +supervisor +emulate' "check shows supervisor placement"
like "$out" 'filter: total [0-9]+ of 4096 instructions' "check shows the filter size"
out=$("$UNOTIFY" check -e 'getpriority which=PRIO_PROCESS -> errno 5' 2>&1)
like "$out" 'getpriority +kernel +errno' "check shows kernel placement"
warn=$("$UNOTIFY" check -e 'mkdir pathname=/etc/** -> deny' 2>&1 >/dev/null)
like "$warn" 'rules on mkdir but none on mkdirat' "check warns about an uncovered sibling"
out=$("$UNOTIFY" check -e 'mkdir pathname=/etc/** -> deny' 2>/dev/null)
like "$out" 'io_uring_setup,io_uring_enter,io_uring_register -> errno ENOSYS' "check shows the implicit io_uring refusal"
warn=$("$UNOTIFY" check -e 'io_uring_setup -> allow' -e 'mkdir pathname=/etc/** -> deny' 2>&1 >/dev/null)
like "$warn" 'rules restrict mkdir, but io_uring_setup is allowed by a rule' "check warns when a rule lets io_uring around path rules"
nnp=$("$UNOTIFY" run -e 'getppid -> allow' -- grep NoNewPrivs /proc/self/status)
like "$nnp" 'NoNewPrivs:[[:space:]]+1' "no_new_privs is set by default"
if [ "$(id -u)" -eq 0 ]; then
	nnp=$("$UNOTIFY" run --allow-setuid -e 'getppid -> allow' -- grep NoNewPrivs /proc/self/status)
	like "$nnp" 'NoNewPrivs:[[:space:]]+0' "--allow-setuid installs the filter without it (CAP_SYS_ADMIN)"
else
	skip 1 "--allow-setuid needs CAP_SYS_ADMIN"
fi
DOC="$(dirname "$0")/../../docs/calls.md"
is "$(diff <(grep '^|' "$DOC") <("$UNOTIFY" calls --markdown) && echo same)" "same" \
	"docs/calls.md shows the call table the supervisor uses (make docs rewrites it)"
is "$(SECRET_TOKEN=t LC_ALL=C FOO=f "$UNOTIFY" run --clean-env --keep-env FOO -e 'getppid -> allow' -- env | cut -d= -f1 | grep -E '^(SECRET_TOKEN|LC_ALL|FOO|PATH)$' | sort | tr '\n' ' ')" \
	"FOO LC_ALL PATH " "--clean-env drops the environment but PATH, the locale, ... and --keep-env's"
"$UNOTIFY" run --keep-env A=B -e 'getppid -> allow' -- true 2>/dev/null
is "$?" 125 "--keep-env takes a name"
printf 'mkdri -> deny\nmkdir pathname=[ -> deny\ngetppid -> allow\nopen -> errno ENOPE\n' >"$TMP/bad.policy"
is "$("$UNOTIFY" check -e 'bogus -> deny' "$TMP/bad.policy" 2>&1 >/dev/null | sed 's/^unotify: [^ ]*:\([0-9]*:[0-9]*\):.*/\1/' | tr '\n' ' ')" \
	"1:1 2:16 4:15 1:1 " "check tells every error of the files and rules at once, each at its place"
like "$("$UNOTIFY" check -e 'open pathname=/etc/** -> deny' -e 'open -> continue' 2>&1)" \
	'warning: -e:2: `continue` lets open through after the path rule at -e:1' \
	"check warns that a continue after a path rule makes that rule no boundary"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${UNOTIFY_BUILD:-build}" = build ]; then
	D=$TMP/dest
	make -s --no-print-directory -C "$SRC" install DESTDIR="$D" PREFIX=/usr/local >/dev/null 2>&1
	is "$(cd "$D/usr/local" && find bin share/man share/unotify -type f | sort | tr '\n' ' ')" \
		"bin/unotify share/man/man1/unotify.1 share/man/man3/libunotify.3 share/man/man5/unotify.policy.5 share/unotify/profiles/agent.policy share/unotify/profiles/build.policy share/unotify/profiles/no-network.policy share/unotify/profiles/readonly.policy " \
		"make install: the tool, the three man pages, the profiles"
	make -s --no-print-directory -C "$SRC" uninstall DESTDIR="$D" PREFIX=/usr/local >/dev/null 2>&1
	is "$(find "$D" ! -type d | wc -l | tr -d ' ')" 0 "make uninstall removes every file install put there"
else
	skip 2 "install is tried with the plain build"
fi
like "$("$UNOTIFY" check --bogus 2>&1 | head -1)" "^unotify: check: unrecognized option" "getopt's messages start with unotify: too"
is "$(echo 'mkdir -> errno EROFS' | "$UNOTIFY" run -p - -- "$SYS" mkdir "$TMP/x")" "mkdir = -1 EROFS" "-p - reads the policy from standard input"
RULES="$(dirname "$0")/../../docs/rules.md"
is "$(diff <(sed -n '/^<!-- classes: /,/^<!-- end of classes/p' "$RULES" | sed '1d;$d') <("$UNOTIFY" classes --markdown; echo) && echo same)" "same" \
	"docs/rules.md shows the access classes the parser uses (make docs rewrites them)"
is "$("$UNOTIFY" calls chdir execve mkdir | awk '{print $1 "=" $2}' | tr '\n' ' ')" \
	"chdir=continue-only execve=refused-only mkdir=emulated " "calls: each call's class"
"$UNOTIFY" calls getpid >/dev/null 2>&1
is "$?" 1 "calls: a call with no path argument is an error"
like "$("$UNOTIFY" check -e 'chdir path=/etc/** -> deny' -e 'chdir -> continue' 2>&1)" \
	'chdir +supervisor +errno \(path condition\) \[continue-only: ' "check shows a path rule's class"
# Groups: @clock is systemd's, decided in the kernel.  clock_settime(0, NULL)
# would fail with EFAULT natively; the rule answers first.
is "$("$UNOTIFY" run -e '@clock -> errno EPERM' -- "$SYS" raw 227 0 0 raw 159 0 2>&1)" \
	"$(printf 'raw 227 = -1 EPERM\nraw 159 = -1 EPERM')" "@clock refuses clock_settime and adjtimex"
like "$("$UNOTIFY" check -e '@clock -> errno EPERM' 2>&1)" 'settimeofday +kernel +errno' "check shows a group's members, each placed"
is "$("$UNOTIFY" groups @clock | sed -n 3p)" "    adjtimex" "groups NAME lists its members"
like "$("$UNOTIFY" groups | grep -c '^@')" '^29$' "groups lists systemd's 29"
# include: relative to the including file, in order; cycles and missing
# files are errors with the place.
mkdir -p "$TMP/inc/sub"
printf 'include sub/b.policy\nmkdir -> errno EPERM\n' >"$TMP/inc/a.policy"
printf 'getppid -> return 7\ninclude "../c.policy"\n' >"$TMP/inc/sub/b.policy"
printf 'getuid -> return 9\n' >"$TMP/inc/c.policy"
is "$("$UNOTIFY" run -p "$TMP/inc/a.policy" -- "$SYS" getppid getuid mkdir "$TMP/inc/x" 2>&1)" \
	"$(printf 'getppid = 7\ngetuid = 9\nmkdir = -1 EPERM')" "include: the included rules, where the line is"
printf 'include a.policy\n' >"$TMP/inc/c.policy"
is "$("$UNOTIFY" check "$TMP/inc/a.policy" 2>&1)" \
	"unotify: $TMP/inc/sub/../c.policy:1:9: include cycle: $TMP/inc/sub/../a.policy includes itself" \
	"include: a cycle is an error at the line that closes it"
printf 'include nope.policy\n' >"$TMP/inc/c.policy"
is "$("$UNOTIFY" check "$TMP/inc/a.policy" 2>&1)" \
	"unotify: $TMP/inc/sub/../c.policy:1:9: cannot include $TMP/inc/sub/../nope.policy: No such file or directory" \
	"include: a missing file is an error naming it"
done_testing
