/* The rule language: what parses, and every rejection with its place. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "policy.h"
#include "tap.h"

static const struct {
	const char *text;
	const char *where;   /* NULL: must parse and compile */
	const char *message; /* a prefix of the message */
} cases[] = {
	{ "mkdir pathname=/tmp/** -> allow\nmkdir -> deny", NULL, NULL },
	{ "mkdir,mkdirat mode&S_IWOTH=S_IWOTH->deny", NULL, NULL },
	{ "getpriority which = PRIO_PROCESS who != 0 -> errno EACCES", NULL, NULL },
	{ "  # only a comment\n\ndefault errno 38 # trailing comment", NULL, NULL },
	{ "mkdir pathname=\"/a b/#x,y\\\\z\\x41\" -> deny", NULL, NULL },
	{ "mkdir -> return 0, log, stop, delay 1.5", NULL, NULL },
	{ "getppid arg0=0xffffffffffffffff -> deny", NULL, NULL },
	{ "lseek offset>=-5 -> deny", NULL, NULL },
	{ "mkdri -> deny", "t:1:1", "unknown system call 'mkdri'" },
	{ "mkdir -> frob", "t:1:10", "unknown action 'frob'" },
	{ "mkdir -> errno EWHAT", "t:1:16", "unknown errno name 'EWHAT'" },
	{ "mkdir -> errno 0", "t:1:16", "errno values are 1..4095" },
	{ "mkdir -> errno 4096", "t:1:16", "errno values are 1..4095" },
	{ "mkdir fd=3 -> deny", "t:1:7",
	  "mkdir has no argument 'fd' (its arguments: pathname, mode)" },
	{ "getppid pathname=/x -> deny", "t:1:9", "getppid has no argument 'pathname'" },
	{ "mkdir mode=O_CREAT -> deny", "t:1:12", "unknown constant 'O_CREAT'" },
	{ "mkdir pathname=/a/[b -> deny", "t:1:19", "malformed pattern: unterminated '[' class" },
	{ "mkdir pathname</a -> deny", "t:1:7", "a path argument takes = or !=" },
	{ "mkdir pathname= -> deny", "t:1:17", "expected a path pattern" },
	{ "mkdir mode=0x100000000 -> deny", "t:1:12", "value does not fit the argument's type" },
	{ "getpriority which=2147483648 -> deny", "t:1:19", "value does not fit" },
	{ "getpriority which=-2147483649 -> deny", "t:1:19", "value does not fit" },
	{ "getppid arg0=-1 -> deny", "t:1:14", "value does not fit" },
	{ "mkdir,mkdirat mode=0 -> deny,", "t:1:30", "expected a modifier" },
	{ "mkdir -> deny, frob", "t:1:16", "unknown modifier 'frob'" },
	{ "mkdir -> deny, log, log", "t:1:21", "log given twice" },
	{ "mkdir -> deny, delay 3601", "t:1:22", "delay is at most 3600 seconds" },
	{ "mkdir -> deny, delay 0.0001", "t:1:22", "delay has at most 3 decimals" },
	{ "mkdir -> return -1", "t:1:17", "return takes a value >= 0" },
	{ "getppid -> emulate", "t:1:12", "unotify cannot emulate getppid" },
	{ "mkdir pathname=\"/a -> deny", "t:1:16", "unterminated string" },
	{ "mkdir pathname=\"\\q\" -> deny", "t:1:17", "unknown escape" },
	{ "mkdir -> deny extra", "t:1:15", "expected the end of the line" },
	{ "mkdir", "t:1:6", "expected a condition or '->'" },
	{ "default allow\ndefault deny", "t:2:1", "default given twice (first at t:1)" },
	{ "default return 3", "t:1:9", "default takes allow, deny, errno or kill" },
	{ "Mkdir -> deny", "t:1:1", "unknown system call 'Mkdir'" },
	{ "mkdir -> Deny", "t:1:10", "unknown action 'Deny'" },
	{ "mkdir mode&1<1 -> deny", "t:1:13", "a masked condition takes = or !=" },
	{ "mkdir,mkdir -> deny", "t:1:7", "mkdir named twice in one rule" },
	{ "mkdir mode=1 mode=2 pathname=/x/** -> allow\nmkdir -> continue", NULL, NULL },
	{ "getppid -> allow, log", NULL, NULL },
	{ "chdir path=/etc/** -> deny", "default",
	  "default allow would let chdir through after checking a path argument (t:1)" },
	{ "chdir path=/etc/** -> deny\nchdir -> allow", "t:2:1",
	  "allow here would let chdir through" },
	{ "chdir path=/etc/** -> deny\nchdir -> continue", NULL, NULL },
	{ "open pathname=/etc/** -> deny", NULL, NULL }, /* open is emulated */
	{ "arch x86_64 x86 x32\nmq_notify arch=i386 -> errno 281", NULL, NULL },
	{ "arch arm64", "t:1:6", "unknown architecture 'arm64'" },
	{ "arch", "t:1:5", "expected an architecture" },
	{ "arch i386\narch x86_64", "t:2:1", "arch given twice (first at t:1)" },
	{ "mq_notify arch<i386 -> deny", "t:1:11", "arch takes = or !=" },
	{ "mq_notify arch=vax -> deny", "t:1:16", "unknown architecture 'vax'" },
	{ "getuid -> deny\ngetuid32 -> deny", "",
	  "i386 getuid32 is decided both by the rules on getuid and by those on getuid32" },
	{ "mkdri32 -> deny", "t:1:1", "unknown system call 'mkdri32'" },
	{ "socketcall -> deny\nfstatat64 -> deny\nconnect -> deny", NULL, NULL },
	{ "write fd=1 -> errno EIO, when 2", NULL, NULL },
	{ "openat -> errno ENOENT, when 3+2", NULL, NULL },
	{ "openat -> errno ENOENT, log, when 2..10+3", NULL, NULL },
	{ "openat -> errno ENOENT, when 4+", NULL, NULL },
	{ "getppid -> deny, when 0", "t:1:23", "a count is 1..4294967295" },
	{ "getppid -> deny, when 3..2", "t:1:27", "when: LAST is before FIRST" },
	{ "getppid -> deny, when x", "t:1:23", "expected a count" },
	{ "getppid -> deny, when 1, when 2", "t:1:26", "when given twice" },
	{ "@clock -> errno EPERM", NULL, NULL },
	{ "@clock,@file-system,getppid -> allow, log", NULL, NULL },
	{ "@clock,clock_settime -> deny", NULL, NULL }, /* a group's member named too */
	{ "clock_settime,clock_settime -> deny", "t:1:15", "clock_settime named twice" },
	{ "@nope -> deny", "t:1:1", "unknown group '@nope' (`unotify groups` lists them)" },
	{ "@ -> deny", "t:1:1", "expected a group name after '@'" },
	{ "@clock pathname=/x -> deny", "t:1:8", "no argument names are known for adjtimex" },
	{ "getuid -> deny\n@setuid -> allow", NULL, NULL }, /* getuid32 is getuid's */
	{ "mkdir pathname=${UNOTIFY_T_SET}/** -> deny", NULL, NULL },
	{ "mkdir pathname=\"${UNOTIFY_T_SET}/$$/**\" -> deny", NULL, NULL },
	{ "mkdir pathname=${UNOTIFY_T_UNSET}/** -> deny", "t:1:16",
	  "${UNOTIFY_T_UNSET} is not set in the environment" },
	{ "mkdir pathname=/a/$x -> deny", "t:1:16", "a lone $ (write ${NAME}" },
	{ "mkdir pathname=/a/${} -> deny", "t:1:16", "a lone $" },
	{ "mkdir pathname=/a/${X -> deny", "t:1:16", "a lone $" },
	{ "mkdir pathname=/a/${A-B} -> deny", "t:1:16", "'${A-B}' is not a variable name" },
	{ "mkdir pathname=${UNOTIFY_T_UNSET:-/tmp}/** -> deny", NULL, NULL },
	{ "mkdir pathname=${UNOTIFY_T_SET:-/tmp}/** -> deny", NULL, NULL },
	{ "mkdir pathname=/a/${:-/tmp} -> deny", "t:1:16", "'${:-...}' names no variable" },
	{ "mkdir pathname=/a/${A-B:-x} -> deny", "t:1:16", "'${A-B}' is not a variable name" },
	{ "connect addr=127.0.0.0/8 -> allow", NULL, NULL },
	{ "connect,sendto,sendmsg addr=::1 port=1024-65535 -> allow", NULL, NULL },
	{ "connect addr=/run/user/** -> allow\nconnect addr=@dbus-* -> allow", NULL, NULL },
	{ "connect family=AF_INET6 -> errno EAFNOSUPPORT", NULL, NULL },
	{ "bind addr!=127.0.0.1 -> deny", NULL, NULL },
	{ "connect addr=300.1.1.1 -> allow", "t:1:14", "addr=300.1.1.1: not an IPv4 or IPv6 address" },
	{ "connect addr=10.0.0.0/33 -> allow", "t:1:14", "addr=10.0.0.0/33: a prefix length is 0..32" },
	{ "connect port=65536 -> allow", "t:1:14", "port=65536: a port is 0..65535" },
	{ "connect family=AF_NOPE -> allow", "t:1:16", "family=AF_NOPE: unknown family" },
	{ "connect addr<1.2.3.4 -> allow", "t:1:13", "an address condition takes = or !=" },
	{ "getppid addr=1.2.3.4 -> allow", "t:1:9", "getppid has no argument 'addr'" },
	{ "mkdir pathname=/a/**,/b/** -> allow", NULL, NULL },
	{ "rename oldpath=/a/**,/b/** newpath=/a/**,\"/b c/**\" -> allow", NULL, NULL },
	{ "mkdir pathname!=/a/**,/b/**,/c -> errno EACCES", NULL, NULL },
	{ "mkdir pathname=/a/**, -> allow", "t:1:21", "expected an argument name or '->'" },
	{ "mkdir pathname=/a/**,/b[ -> allow", "t:1:24", "malformed pattern" },
	{ "mkdir pathname=/a,/b -> deny, when 2", "t:1:1", "a rule with `when` takes one pattern" },
	{ "rename oldpath=/a,/b,/c,/d,/e,/f,/g,/h,/i,/j,/k,/l,/m,/n,/o,/p,/q newpath=/a,/b,/c,/d,/e,/f,/g,/h,/i,/j,/k,/l,/m,/n,/o,/p,/q -> deny", "t:1:1", "289 combinations of alternatives" },
	{ "@write pathname=/a/** -> allow\n@write -> errno EACCES", NULL, NULL },
	{ "@write pathname=/a/**,/b/** -> allow, log", NULL, NULL },
	{ "@read pathname!=/a/** -> errno EACCES", NULL, NULL },
	{ "@exec pathname=/a/** -> errno EACCES\n@exec -> continue", NULL, NULL },
	{ "@write,mkdir -> deny", "t:1:7", "@write stands alone" },
	{ "@write mode=0 -> deny", "t:1:8", "@write takes pathname= conditions only" },
	{ "@write pathname<1 -> deny", "t:1:8", "a path argument takes = or !=" },
	{ "@read pathname=/a/[ -> deny", "t:1:19", "malformed pattern" },
	{ "@write pathname=/a/** -> allow, when 2", "t:1:31", "`when` counts the matches of one rule" },
	{ "@exec pathname=/a/** -> allow", "t:1:25", "unotify cannot emulate @exec's calls" },
	{ "@write -> errno ENOPE", "t:1:17", "unknown errno name 'ENOPE'" },
	{ "@nope -> deny", "t:1:1", "unknown group '@nope'" },
	{ "connect,sendto,sendmsg made=before -> errno EACCES", NULL, NULL },
	{ "connect made=after -> deny", "t:1:14", "made=after: made=before or made=during" },
	{ "connect proto=tcp port=443 -> allow\nconnect proto=tcp -> errno EACCES", NULL, NULL },
	{ "connect proto=sctp -> deny", "t:1:15", "proto=sctp: proto=tcp, proto=udp or proto=mptcp" },
	{ "scope abstract-unix\ngetppid -> deny", NULL, NULL },
	{ "scope abstract", "t:1:7", "unknown scope 'abstract' (expected abstract-unix)" },
	{ "scope", "t:1:6", "expected a scope (abstract-unix)" },
	{ "scope abstract-unix\nscope abstract-unix", "t:2:1", "scope given twice (first at t:1" },
	{ "scope abstract-unix x", "t:1:21", "expected the end of the line" },
};

int main(void)
{
	setenv("UNOTIFY_T_SET", "/srv/a*b", 1);
	unsetenv("UNOTIFY_T_UNSET");
	tap_plan((int)(sizeof(cases) / sizeof(cases[0])));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct unotify_policy *p = NULL;
		struct unotify_error err = { 0 };
		int r;

		char shown[256];

		snprintf(shown, sizeof(shown), "%s", cases[i].text);
		for (char *c = shown; *c; c++)
			if (*c == '\n')
				*c = '|';
		unotify_policy_new(&p);
		r = unotify_policy_add_text(p, "t", cases[i].text, &err);
		if (r == 0)
			r = unotify_policy_compile(p, &err);
		if (!cases[i].where) {
			if (!ok(r == 0, "accepted: %s", shown))
				diag("%s: %s", err.where, err.message);
		} else {
			bool where_ok = strcmp(cases[i].where, "default") == 0
						? err.where[0] == '\0'
						: strcmp(err.where, cases[i].where) == 0;

			if (!ok(r == -EINVAL && where_ok &&
					strncmp(err.message, cases[i].message,
						strlen(cases[i].message)) == 0,
				"rejected at %s: %s", cases[i].where, cases[i].message))
				diag("got %d at '%s': %s", r, err.where, err.message);
		}
		unotify_policy_free(p);
	}
	return tap_done();
}
