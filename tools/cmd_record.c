/* unotify record: runs a command once and writes a policy that lets the
 * same run happen again and refuses what it did not do.
 *
 * The run is traced through the supervisor's audit records: the classes
 * @read, @write and @exec on every path (each its own rule, so that a
 * record's rule says which kind of access it was; their decision resolves
 * each path to its object's name), every other call continued.  A path
 * that did not resolve (a probe that found nothing) is no use of it.
 *
 * Every name the run used is the target's to choose, so none is written
 * raw: a pattern is written by _quoted, which the parser reads back as
 * exactly its bytes, and a comment by _esc, which never breaks a line.
 * The policy is checked to load before it is written. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "classes.h"
#include "groups.h"
#include "tool.h"

/* A quoted pattern: each byte of a name is at most 4 characters there */
#define QUOTED_MAX (PATH_MAX * 4 + 64)

static void _usage(FILE *f)
{
	fprintf(f, "Usage: unotify record -o POLICY [-p BASE]... [--] COMMAND [ARG...]\n"
		   "Run COMMAND once, with every call seen, and write POLICY: a policy that lets\n"
		   "the same run happen again and refuses what the run did not do:\n"
		   "  - calls never seen are refused: ENOSYS for those newer than every call the\n"
		   "    run made (a program falls back from a call its kernel lacks), EPERM for\n"
		   "    the others;\n"
		   "  - calls seen that name no path are allowed, in the kernel;\n"
		   "  - paths read, written and run are allowed each for that access only\n"
		   "    (@read, @write, @exec), folded into DIR/* where the run used two files\n"
		   "    or more of a directory (never a top-level directory, nor ${HOME}\n"
		   "    itself), with ${PWD} and ${HOME} for the work tree and the home, and\n"
		   "    /proc/self for the process's own entries; the rest of each class\n"
		   "    refused;\n"
		   "  - the addresses reached are allowed, by family, address and port; every\n"
		   "    other address of every family refused;\n"
		   "  - the file says which run made it, and where each rule came from.\n"
		   "Then `unotify run -p POLICY -- COMMAND` runs the same command again.\n\n"
		   "  -o, --output POLICY  the policy to write (required)\n"
		   "  -p, --policy BASE    include BASE first in POLICY (repeatable): its rules\n"
		   "                       decide before the recorded ones\n"
		   "  -h, --help           show this help\n\n"
		   "Exit status: COMMAND's own, as for `unotify run`; 125 if unotify failed (then\n"
		   "no POLICY is written: also where a name the run used cannot be written\n"
		   "exactly).\n");
}

enum { K_READ, K_WRITE, K_EXEC, K_OTHER, K_N };

/* The recording policy, every rule `continue`: which rule decided a call
 * says what its record holds.  A class's decision resolves each path to
 * its object's name; a family rule names the family of an address the
 * records do not show (they show IP and AF_UNIX ones). */
static const struct {
	const char *text;
	int kind;	    /* K_*: the class whose paths the record holds */
	const char *family; /* the address's family, where the record has none */
} rec_rules[] = {
	{ "@read pathname=/** -> continue", K_READ, NULL },
	{ "@write pathname=/** -> continue", K_WRITE, NULL },
	{ "@exec pathname=/** -> continue", K_EXEC, NULL },
	{ "connect,bind,sendto,sendmsg family=AF_NETLINK -> continue", K_OTHER, "AF_NETLINK" },
	{ "connect,bind,sendto,sendmsg family=AF_PACKET -> continue", K_OTHER, "AF_PACKET" },
	{ "connect,bind,sendto,sendmsg family=AF_VSOCK -> continue", K_OTHER, "AF_VSOCK" },
	{ "connect,bind,sendto,sendmsg family!=AF_UNSPEC -> continue", K_OTHER, NULL },
	{ "@known -> continue", K_OTHER, NULL },
};

#define N_REC_RULES ((int)(sizeof(rec_rules) / sizeof(rec_rules[0])))

struct seen {
	char **v;
	unsigned long *n;
	size_t len;
};

struct recorder {
	int fd;
	struct seen calls; /* every call seen, by the policy's name */
	struct seen paths[K_EXEC + 1];
	/* names under the calling process's own /proc entry: "P" and the
	 * rest after /proc/TGID, or "T" and the rest after one of its
	 * threads' /proc/TGID/task/TID (_own_proc) */
	struct seen own[K_EXEC + 1];
	struct seen addrs; /* "CALL FAMILY PORT ADDR" of the addresses reached */
	unsigned long records;
};

static void _add(struct seen *s, const char *name)
{
	for (size_t i = 0; i < s->len; i++)
		if (strcmp(s->v[i], name) == 0) {
			s->n[i]++;
			return;
		}
	s->v = realloc(s->v, (s->len + 1) * sizeof(*s->v));
	s->n = realloc(s->n, (s->len + 1) * sizeof(*s->n));
	if (!s->v || !s->n || !(s->v[s->len] = strdup(name)))
		die(EXIT_UNOTIFY, "out of memory");
	s->n[s->len++] = 1;
}

static void _free_seen(struct seen *s)
{
	for (size_t i = 0; i < s->len; i++)
		free(s->v[i]);
	free(s->v);
	free(s->n);
}

/* Which rule of the recording policy decided (an index of rec_rules), or
 * -1. */
static int _rec_rule(const char *rule)
{
	int n;

	if (!rule || strncmp(rule, "-e:", 3) != 0)
		return -1;
	n = atoi(rule + 3) - 1;
	return n >= 0 && n < N_REC_RULES ? n : -1;
}

/* P, where it names something under process PID's own /proc entry: "P"
 * and the rest after /proc/PID, or "T" and the rest after
 * /proc/PID/task/TID (one of its threads'), malloc'd; else NULL.  (The
 * supervisor names /proc/self /proc/TGID; next time the numbers are
 * others.) */
static char *_own_proc(const char *p, long long pid)
{
	const char *rest, *kind = "P";
	char *end, *out;
	unsigned long long n;

	if (pid <= 0 || strncmp(p, "/proc/", 6) != 0 || !isdigit((unsigned char)p[6]))
		return NULL;
	n = strtoull(p + 6, &end, 10);
	if (n != (unsigned long long)pid || (*end != '/' && *end != '\0'))
		return NULL;
	rest = end;
	if (strncmp(rest, "/task/", 6) == 0 && isdigit((unsigned char)rest[6])) {
		strtoull(rest + 6, &end, 10);
		if (*end == '/' || *end == '\0') {
			kind = "T";
			rest = end;
		}
	}
	if (asprintf(&out, "%s%s", kind, rest) < 0)
		die(EXIT_UNOTIFY, "out of memory");
	return out;
}

static void _add_path(struct recorder *r, int kind, const char *p, long long pid)
{
	char *own = _own_proc(p, pid);

	if (own)
		_add(&r->own[kind], own);
	else
		_add(&r->paths[kind], p);
	free(own);
}

/* The address call SYS of record J reached, or the family its rule RULE
 * names where J shows no address: "CALL FAMILY PORT ADDR" (PORT -1 where
 * there is none, ADDR empty where J showed none). */
static void _add_addr(struct recorder *r, const char *sys, json_t *j, int rule)
{
	json_t *a = json_object_get(j, "address"), *port = json_object_get(a, "port");
	const char *family = json_string_value(json_object_get(a, "family"));
	const char *addr = json_string_value(json_object_get(a, "addr"));
	char *key;

	/* none shown: the family its rule names, if any (an abstract name
	 * not UTF-8 stays out) */
	if (!family || !addr) {
		family = rec_rules[rule].family;
		addr = "";
		port = NULL;
	}
	if (!family)
		return;
	if (asprintf(&key, "%s %s %lld %s", sys, family,
		     json_is_integer(port) ? (long long)json_integer_value(port) : -1ll, addr) < 0)
		die(EXIT_UNOTIFY, "out of memory");
	_add(&r->addrs, key);
	free(key);
}

static void *_reader(void *arg)
{
	struct recorder *r = arg;
	FILE *in = fdopen(r->fd, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!in) {
		warnx_("record: cannot read the audit records: %s", strerror(errno));
		close(r->fd);
		return NULL;
	}
	while (getline(&line, &cap, in) > 0) {
		json_t *j = json_loads(line, 0, NULL), *paths = json_object_get(j, "paths"), *v;
		const char *sys = json_string_value(json_object_get(j, "syscall")), *key;
		int rule = _rec_rule(json_string_value(json_object_get(j, "rule")));
		long long pid = json_integer_value(json_object_get(j, "pid"));

		if (sys) {
			_add(&r->calls, sys);
			r->records++;
		}
		/* a call that failed (a probe that found nothing) used nothing */
		if (!sys || rule < 0 || json_object_get(j, "errno")) {
			json_decref(j);
			continue;
		}
		_add_addr(r, sys, j, rule);
		if (rec_rules[rule].kind != K_OTHER)
			json_object_foreach(paths, key, v)
			{
				if (json_is_string(v)) /* (a name not UTF-8 stays out) */
					_add_path(r, rec_rules[rule].kind, json_string_value(v),
						  pid);
			}
		json_decref(j);
	}
	free(line);
	fclose(in);
	return NULL;
}

/* S for a comment or a message, into BUF: '\' as \\ and every byte outside
 * printable ASCII as \xHH, so that no name breaks the line it is on (cut
 * short, with "...", where BUF is). */
static const char *_esc(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (n + 8 >= size) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		if (*c == '\\')
			n += (size_t)snprintf(buf + n, size - n, "\\\\");
		else if (*c < 0x20 || *c > 0x7e)
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", *c);
		else
			buf[n++] = (char)*c;
	}
	buf[n] = '\0';
	return buf;
}

/* The quoted string of the rule language that reads back as HEAD, then
 * exactly the bytes of TEXT, then TAIL, into OUT.  HEAD and TAIL are this
 * file's own pattern text (a ${NAME}, a glob), written as they are; TEXT
 * is the run's and is escaped: in a pattern (GLOB) its glob characters
 * with a backslash, itself written \\ inside quotes (policy_lex.c reads
 * only \\, \", \n and \xHH there); '"' and '\' as \" and \\; '$' as $$
 * (${NAME} is expanded after the quotes are read); every byte outside
 * printable ASCII as \xHH, so that the line never breaks.  False where
 * OUT is too small. */
static bool _quoted(char *out, size_t size, const char *head, const char *text, const char *tail,
		    bool glob)
{
	int w = snprintf(out, size, "\"%s", head ? head : "");
	size_t n;

	if (w < 0 || (size_t)w >= size)
		return false;
	n = (size_t)w;
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		char one[8];
		const char *e = one;

		if (glob && strchr("*?[]", *c))
			snprintf(one, sizeof(one), "\\\\%c", *c);
		else if (*c == '\\')
			e = glob ? "\\\\\\\\" : "\\\\";
		else if (*c == '"')
			e = "\\\"";
		else if (*c == '$')
			e = "$$";
		else if (*c < 0x20 || *c > 0x7e)
			snprintf(one, sizeof(one), "\\x%02x", *c);
		else
			snprintf(one, sizeof(one), "%c", *c);
		if (n + strlen(e) >= size)
			return false;
		memcpy(out + n, e, strlen(e));
		n += strlen(e);
	}
	w = snprintf(out + n, size - n, "%s\"", tail ? tail : "");
	return w >= 0 && (size_t)w < size - n;
}

/* The length of P's prefix DIR (a variable's value), where P is DIR or
 * beneath it; or 0. */
static size_t _under(const char *p, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;

	if (n < 2 || strncmp(p, dir, n) != 0 || (p[n] != '/' && p[n] != '\0'))
		return 0;
	return n;
}

/* The quoted pattern for the object name P, then TAIL (a glob, or NULL),
 * into OUT: ${PWD} or ${HOME} for its prefix; a pipe's or a socket's name
 * made any pipe's or socket's (another one next time).  False where it
 * does not fit. */
static bool _pattern(const char *p, const char *tail, char *out, size_t size)
{
	size_t n;

	if (strncmp(p, "pipe:", 5) == 0)
		return _quoted(out, size, "pipe:*", "", NULL, true);
	if (strncmp(p, "socket:", 7) == 0)
		return _quoted(out, size, "socket:*", "", NULL, true);
	if ((n = _under(p, getenv("PWD"))))
		return _quoted(out, size, "${PWD}", p + n, tail, true);
	if ((n = _under(p, getenv("HOME"))))
		return _quoted(out, size, "${HOME}", p + n, tail, true);
	return _quoted(out, size, NULL, p, tail, true);
}

static int _cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether DIR (LEN bytes of a name) is HOME or the working directory, as
 * given or as their real paths (the names recorded are real paths): the
 * policy names them ${HOME} and ${PWD}, which another run may make the
 * same (a replay from the home directory). */
static bool _is_home(const char *dir, size_t len, const char *home, const char *real)
{
	char cwd[PATH_MAX];
	const char *pwd = getenv("PWD"), *here = getcwd(cwd, sizeof(cwd));

	for (int i = 0; i < 4; i++) {
		const char *h = i == 0 ? home : i == 1 ? real : i == 2 ? pwd : here;
		size_t n = h ? strlen(h) : 0;

		while (n > 1 && h[n - 1] == '/')
			n--;
		if (h && n == len && strncmp(dir, h, len) == 0)
			return true;
	}
	return false;
}

/* The quoted patterns for S's paths, sorted, into *OUT: a directory with
 * two files or more used is DIR/ANY, the others themselves.  Never a
 * top-level directory (/, /etc, /usr: ANY would be the system's) nor
 * ${HOME} or ${PWD} itself, where ANY would take every dotfile (.bashrc,
 * .profile) of a replay from home.
 * Their number, or -1 where a name does not fit a pattern (*BAD then
 * names it). */
static ssize_t _fold(const struct seen *s, char ***out, const char **bad)
{
	char **pats = calloc(s->len + 1, sizeof(*pats)), buf[QUOTED_MAX];
	const char *home = getenv("HOME");
	char *real = home ? realpath(home, NULL) : NULL;
	const char *failed = NULL;
	size_t n = 0;

	if (!pats)
		die(EXIT_UNOTIFY, "out of memory");
	*out = pats;
	for (size_t i = 0; i < s->len; i++) {
		const char *p = s->v[i], *slash = strrchr(p, '/');
		size_t dirlen = slash ? (size_t)(slash - p) : 0, siblings = 0, depth = 0;
		char dir[PATH_MAX];
		bool ok, dup = false;

		for (size_t k = 0; k < dirlen; k++)
			depth += p[k] == '/';
		for (size_t k = 0; k < s->len && slash; k++)
			siblings += strncmp(s->v[k], p, dirlen + 1) == 0 &&
				    !strchr(s->v[k] + dirlen + 1, '/');
		if (slash && siblings >= 2 && depth >= 2 && dirlen < sizeof(dir) &&
		    !_is_home(p, dirlen, home, real)) {
			snprintf(dir, sizeof(dir), "%.*s", (int)dirlen, p);
			ok = _pattern(dir, "/*", buf, sizeof(buf));
		} else {
			ok = _pattern(p, NULL, buf, sizeof(buf));
		}
		if (!ok) {
			failed = p;
			break;
		}
		for (size_t k = 0; k < n && !dup; k++)
			dup = strcmp(pats[k], buf) == 0;
		if (!dup && !(pats[n++] = strdup(buf)))
			die(EXIT_UNOTIFY, "out of memory");
	}
	free(real);
	if (failed) {
		while (n)
			free(pats[--n]);
		*bad = failed;
		return -1;
	}
	qsort(pats, n, sizeof(*pats), _cmp);
	return (ssize_t)n;
}

/* The rule for a name under the process's own /proc entry, OWN (see
 * struct recorder): the name as the call passed it, /proc/self/...
 * (/proc/thread-self/... or /proc/self/task/TID/... for a thread's), and
 * the object some process's entry of that name, so that the rule takes
 * the caller's own entry only, never another process's.  False where it
 * does not fit. */
static bool _write_own(FILE *f, const char *class, const char *own, const char *action)
{
	char self[QUOTED_MAX], thread[QUOTED_MAX], obj[QUOTED_MAX];
	bool t = own[0] == 'T';
	const char *rest = own + 1;

	/* (a pattern that starts with an escaped '/' is matched against the
	 * name as passed, not its object) */
	if (!_quoted(self, sizeof(self), t ? "\\\\/proc/self/task/[1-9]*" : "\\\\/proc/self", rest,
		     NULL, true) ||
	    !_quoted(thread, sizeof(thread), "\\\\/proc/thread-self", rest, NULL, true) ||
	    !_quoted(obj, sizeof(obj), t ? "/proc/[1-9]*/task/[1-9]*" : "/proc/[1-9]*", rest, NULL,
		     true))
		return false;
	fprintf(f, "%s pathname=%s%s%s pathname=%s -> %s\n", class, self, t ? "," : "",
		t ? thread : "", obj, action);
	return true;
}

static const char *const classes[] = { "@read", "@write", "@exec" };

/* The allows of class K: the paths used (the rest is refused after every
 * class's allows).  False where a name does not fit a pattern (*BAD then
 * names it). */
static bool _write_paths(FILE *f, const struct recorder *r, int k, const char **bad)
{
	static const char *const what[] = { "read", "written", "run" };
	const char *action = k == K_EXEC ? "continue" : "allow";
	const struct seen *s = &r->paths[k], *own = &r->own[k];
	char **pats, eg[PATH_MAX];
	ssize_t n = _fold(s, &pats, bad);
	unsigned long uses = 0;
	bool ok = n >= 0;

	for (size_t i = 0; i < s->len; i++)
		uses += s->n[i];
	for (size_t i = 0; i < own->len; i++)
		uses += own->n[i];
	if (s->len + own->len)
		fprintf(f, "# Paths %s: %zu, in %lu calls%s%s%s.\n", what[k], s->len + own->len,
			uses, s->len ? " (e.g. " : "", s->len ? _esc(s->v[0], eg, sizeof(eg)) : "",
			s->len ? ")" : "");
	for (ssize_t i = 0; i < n; i++)
		fprintf(f, "%s pathname=%s -> %s\n", classes[k], pats[i], action);
	for (size_t i = 0; i < own->len && ok; i++)
		if (!(ok = _write_own(f, classes[k], own->v[i], action)))
			*bad = own->v[i] + 1;
	fputc('\n', f);
	for (ssize_t i = 0; i < n; i++)
		free(pats[i]);
	free(pats);
	return ok;
}

/* IP address ADDR of CALL as the rules judge it: where a connect or a
 * send reaches loopback through the unspecified address (0.0.0.0, ::,
 * ::ffff:0.0.0.0), they see 127.0.0.1 or ::1 (net.c). */
static void _judged_ip(const char *call, char *addr, size_t size)
{
	static const unsigned char any[16], mapped_any[16] = { [10] = 0xff, [11] = 0xff };
	unsigned char a[16];

	if (strcmp(call, "bind") == 0)
		return;
	if (strcmp(addr, "0.0.0.0") == 0)
		snprintf(addr, size, "127.0.0.1");
	else if (inet_pton(AF_INET6, addr, a) == 1 && memcmp(a, any, 16) == 0)
		snprintf(addr, size, "::1");
	else if (inet_pton(AF_INET6, addr, a) == 1 && memcmp(a, mapped_any, 16) == 0)
		snprintf(addr, size, "::ffff:127.0.0.1");
}

/* The rule for address record A (see struct recorder), N uses.  False
 * where its address cannot be written exactly. */
static bool _write_addr(FILE *f, const char *a, unsigned long n)
{
	char call[32], family[16], ip[INET6_ADDRSTRLEN + 16] = "", pat[QUOTED_MAX], buf[PATH_MAX];
	const char *addr;
	long long port;
	int at = 0;

	if (sscanf(a, "%31s %15s %lld%n", call, family, &port, &at) != 3)
		return true;
	addr = a[at] ? a + at + 1 : a + at; /* (the rest, blanks and all) */
	if (strcmp(family, "AF_INET") == 0 || strcmp(family, "AF_INET6") == 0) {
		snprintf(ip, sizeof(ip), "%s", addr);
		_judged_ip(call, ip, sizeof(ip));
		if (!_quoted(pat, sizeof(pat), NULL, ip, NULL, true))
			return false;
	} else if (strcmp(family, "AF_UNIX") == 0 && addr[0] == '/') {
		if (!_pattern(addr, NULL, pat, sizeof(pat)))
			return false;
	} else if (strcmp(family, "AF_UNIX") == 0 && addr[0] == '@') {
		/* A '/' of an abstract name is matched as \x01 (a '*' crosses
		 * it): a \x01 in one would also take a '/'.  (Its NUL bytes
		 * are '@' here, as the rules match them.) */
		if (!addr[1] || strchr(addr, '\x01'))
			return false;
		if (!_quoted(pat, sizeof(pat), "@", addr + 1, NULL, true))
			return false;
	} else if (strcmp(family, "AF_UNIX") == 0) {
		/* an address condition names a socket file by its object's
		 * path; a relative name, resolved in the caller's cwd then,
		 * has none here */
		fprintf(f, "# (%s to the relative AF_UNIX name %s: not recorded)\n", call,
			_esc(addr, buf, sizeof(buf)));
		return true;
	} else {
		fprintf(f, "%s family=%s -> allow  # %lu\n", call, family, n);
		return true;
	}
	/* The port the run reached, exactly; but on the loopback, a port of
	 * the kernel's ephemeral range is the range: a server the run
	 * started itself on port 0 gets another next time (no other address
	 * is widened so) */
	if (port >= 32768 && strcmp(call, "bind") != 0 &&
	    (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
	     strncmp(ip, "::ffff:127.", 11) == 0))
		fprintf(f, "%s addr=%s port=32768-65535 -> allow  # %lu\n", call, pat, n);
	else if (port > 0 && strcmp(family, "AF_UNIX") != 0 && strcmp(call, "bind") != 0)
		fprintf(f, "%s addr=%s port=%lld -> allow  # %lu\n", call, pat, port, n);
	else
		fprintf(f, "%s addr=%s -> allow  # %lu\n", call, pat, n);
	return true;
}

/* Whether the run made any call that carries an address. */
static bool _addressed(const struct recorder *r)
{
	static const char *const calls[] = { "connect", "bind", "sendto", "sendmsg", "sendmmsg" };

	for (size_t i = 0; i < r->calls.len; i++)
		for (size_t k = 0; k < sizeof(calls) / sizeof(calls[0]); k++)
			if (strcmp(r->calls.v[i], calls[k]) == 0)
				return true;
	return false;
}

/* The addresses reached, then every other refused.  False where one
 * cannot be written exactly (*BAD then names it). */
static bool _write_addrs(FILE *f, const struct recorder *r, const char **bad)
{
	if (!_addressed(r))
		return true;
	fprintf(f, "# Addresses reached (%zu); others refused: ENETUNREACH for the network,\n"
		   "# EACCES for AF_UNIX and for every family never seen (netlink, packet,\n"
		   "# vsock, ...).  A send with no address goes where its socket was connected;\n"
		   "# a bind of an AF_UNIX file name makes a socket file, which @write judges.\n",
		r->addrs.len);
	for (size_t i = 0; i < r->addrs.len; i++)
		if (!_write_addr(f, r->addrs.v[i], r->addrs.n[i])) {
			*bad = r->addrs.v[i];
			return false;
		}
	fprintf(f, "connect,bind,sendto,sendmsg family=AF_INET -> errno ENETUNREACH\n"
		   "connect,bind,sendto,sendmsg family=AF_INET6 -> errno ENETUNREACH\n"
		   "connect,sendto,sendmsg family=AF_UNIX -> errno EACCES\n"
		   "bind addr=@* -> errno EACCES\n"
		   "connect,bind,sendto,sendmsg family!=AF_UNIX -> errno EACCES\n"
		   "# sendmmsg's addresses are in memory no rule reads: ENOSYS, and callers\n"
		   "# (glibc's resolver) fall back to sendto and sendmsg, judged above.\n"
		   "sendmmsg -> errno ENOSYS\n\n");
	return true;
}

/* The number of NAME on this machine's architecture, or a negative one. */
static int _nr(const char *name)
{
	return seccomp_syscall_resolve_name(name);
}

/* Whether NAME is a member of an access class (its paths then recorded). */
static bool _in_class(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < access_nclasses; i++)
		for (size_t k = 0; k < access_classes[i].nmembers; k++) {
			const char *calls = access_classes[i].members[k].calls;

			for (const char *at = calls; (at = strstr(at, name)); at += n)
				if ((at == calls || at[-1] == ',') && (at[n] == ',' || !at[n]))
					return true;
		}
	return false;
}

/* The calls seen that no class took, allowed; the calls never seen,
 * refused. */
static void _write_calls(FILE *f, const struct recorder *r)
{
	const struct sys_group *known = group_find("@known");
	int maxnr = -1;

	fprintf(f, "# Calls seen that name no path (or whose paths the classes above took):\n"
		   "# allowed, in the kernel.\n");
	for (size_t i = 0; i < r->calls.len; i++) {
		int nr = _nr(r->calls.v[i]);

		if (nr > maxnr)
			maxnr = nr;
		if (!_in_class(r->calls.v[i]))
			fprintf(f, "%s -> allow  # %lu\n", r->calls.v[i], r->calls.n[i]);
	}
	/* Unseen: ENOSYS where newer than every call seen (a program falls
	 * back from a call its kernel lacks: clone3, openat2, ...), EPERM for
	 * the others (the default). */
	fprintf(f, "\n# Calls never seen and newer than every call seen (number > %d): ENOSYS,\n"
		   "# as on a kernel that lacks them, so that a program falls back.\n", maxnr);
	for (const char *const *m = known ? known->members : NULL; m && *m; m++) {
		bool seen = false;

		if ((*m)[0] == '@' || _nr(*m) <= maxnr)
			continue;
		for (size_t i = 0; i < r->calls.len && !seen; i++)
			seen = strcmp(r->calls.v[i], *m) == 0;
		if (!seen)
			fprintf(f, "%s -> errno ENOSYS\n", *m);
	}
	fprintf(f, "\n# Every other call never seen: EPERM.\ndefault errno EPERM\n");
}

static void _write_header(FILE *f, const struct recorder *r, char **argv)
{
	const char *pwd = getenv("PWD");
	time_t now = time(NULL);
	char when[64], buf[PATH_MAX];

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
	fprintf(f, "# Recorded by `unotify record` on %s, from the run of:\n#  ", when);
	for (char **a = argv; *a; a++)
		fprintf(f, " %s", _esc(*a, buf, sizeof(buf)));
	fprintf(f, "\n# in %s: %lu calls reported, %zu different.\n",
		_esc(pwd ? pwd : ".", buf, sizeof(buf)), r->records, r->calls.len);
	fprintf(f, "# Run it again with: unotify run -p THIS-FILE -- COMMAND\n"
		   "# Results of calls the kernel ran after they were reported were not seen:\n"
		   "# a path counts as used when it named an object at the call.\n\n");
}

/* With AT_EMPTY_PATH only an empty or a NULL path is the fd alone; any
 * other names what it names, and the class rules judge it.  No pattern
 * matches "" alone: the second rule takes the names that none of three
 * patterns matched, which together match every other name as passed (a
 * first character other than '/', then no '/' or a '/' and anything; a
 * '/' escaped, so matched as passed, and anything).  It reads the name,
 * and its allow is performed on that copy. */
static void _write_fd_stat(FILE *f)
{
	fprintf(f, "# An empty path (glibc's fstat) or none names an fd the program holds: the\n"
		   "# fd was judged when it was opened, whatever it is in the next run.  Any\n"
		   "# other path with AT_EMPTY_PATH names what it names: judged below.\n"
		   "newfstatat,statx arg1=0 flags&AT_EMPTY_PATH=AT_EMPTY_PATH -> allow\n"
		   "newfstatat,statx flags&AT_EMPTY_PATH=AT_EMPTY_PATH pathname!=?*,?*/**,\\/** -> "
		   "allow\n\n");
}

/* The policy for R's run, into F.  False where a name the run used cannot
 * be written exactly (then said). */
static bool _write_policy(FILE *f, const struct recorder *r, char **base, int nbase, char **argv)
{
	char buf[PATH_MAX];
	const char *bad = NULL;
	bool ok = true;

	_write_header(f, r, argv);
	for (int i = 0; i < nbase && ok; i++) {
		char *real = realpath(base[i], NULL), q[QUOTED_MAX];

		ok = _quoted(q, sizeof(q), NULL, real ? real : base[i], NULL, false);
		if (ok)
			fprintf(f, "# The base policy first.\ninclude %s\n\n", q);
		else
			bad = base[i];
		free(real);
	}
	_write_fd_stat(f);
	for (int k = 0; k <= K_EXEC && ok; k++)
		ok = _write_paths(f, r, k, &bad);
	/* (after every class's allows: an open that reads and writes, O_RDWR,
	 * is a member of both @read's refusal and @write's allow) */
	fprintf(f, "# Every other use of the file system: refused.\n");
	for (int k = 0; k <= K_EXEC; k++)
		fprintf(f, "%s -> errno EACCES\n", classes[k]);
	fputc('\n', f);
	if (ok)
		ok = _write_addrs(f, r, &bad);
	if (ok)
		_write_calls(f, r);
	else
		warnx_("record: no pattern says exactly what the run used: %s",
		       _esc(bad ? bad : "?", buf, sizeof(buf)));
	return ok;
}

/* Whether TEXT, the policy to be written to OUTPUT, loads as it is: a
 * pattern too long for the parser is refused here, not where it runs. */
static bool _loads(const char *output, const char *text)
{
	struct unotify_policy *p = NULL;
	struct unotify_error err = { 0 };
	int ret;

	if (unotify_policy_new(&p) < 0)
		die(EXIT_UNOTIFY, "out of memory");
	ret = unotify_policy_add_text(p, output, text, &err);
	if (ret == 0)
		ret = unotify_policy_compile(p, &err);
	unotify_policy_free(p);
	if (ret < 0)
		print_error(&err);
	return ret == 0;
}

/* TEXT (LEN bytes) into a new file renamed over PATH: where that fails,
 * nothing is left behind.  0 or -errno. */
static int _write_file(const char *path, const char *text, size_t len)
{
	char *tmp = NULL;
	FILE *f;
	int fd, e = 0;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		free(tmp);
		return -e;
	}
	f = fdopen(fd, "w");
	if (!f) {
		e = errno;
		close(fd);
	} else {
		if (fchmod(fd, 0644) < 0 || fwrite(text, 1, len, f) != len)
			e = errno ? errno : EIO;
		if (fclose(f) != 0 && !e)
			e = errno;
	}
	if (!e && rename(tmp, path) < 0)
		e = errno;
	if (e)
		unlink(tmp);
	free(tmp);
	return -e;
}

/* Writes the policy of R's run to OUTPUT: made whole in memory, checked
 * to load, then put in place.  STATUS, or EXIT_UNOTIFY where no policy
 * was written. */
static int _save(const struct recorder *r, char **base, int nbase, char **argv, const char *output,
		 int status)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	bool ok;
	int ret;

	if (!m)
		die(EXIT_UNOTIFY, "out of memory");
	ok = _write_policy(m, r, base, nbase, argv);
	if (fclose(m) != 0)
		die(EXIT_UNOTIFY, "out of memory");
	if (!ok || !_loads(output, text)) {
		warnx_("record: %s not written", output);
		free(text);
		return EXIT_UNOTIFY;
	}
	ret = _write_file(output, text, len);
	free(text);
	if (ret < 0) {
		warnx_("record: cannot write %s: %s", output, strerror(-ret));
		return EXIT_UNOTIFY;
	}
	warnx_("record: wrote %s (%zu calls; %zu, %zu and %zu paths read, written and run)", output,
	       r->calls.len, r->paths[K_READ].len + r->own[K_READ].len,
	       r->paths[K_WRITE].len + r->own[K_WRITE].len,
	       r->paths[K_EXEC].len + r->own[K_EXEC].len);
	return status;
}

int cmd_record(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "policy", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *rules[N_REC_RULES];
	struct recorder r = { .fd = -1 };
	char **base = NULL;
	int nbase = 0, c, pipefd[2], status = EXIT_UNOTIFY, ret;
	const char *output = NULL;
	struct unotify_options opts;
	struct unotify_error err = { 0 };
	struct unotify_policy *p;
	pthread_t reader;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+o:p:h", longopts, NULL)) != -1) {
		if (c == 'o') {
			output = optarg;
		} else if (c == 'p') {
			base = realloc(base, (size_t)(nbase + 1) * sizeof(*base));
			if (!base)
				die(EXIT_UNOTIFY, "out of memory");
			base[nbase++] = optarg;
		} else if (c == 'h') {
			_usage(stdout);
			return 0;
		} else {
			_usage(stderr);
			return EXIT_UNOTIFY;
		}
	}
	if (!output)
		die(EXIT_UNOTIFY, "record: -o POLICY is required (where the policy goes)");
	if (optind >= argc)
		die(EXIT_UNOTIFY, "record: no command given");
	for (int i = 0; i < nbase; i++) /* the base must be valid now */
		unotify_policy_free(load_policy(&base[i], 1, NULL, 0, 0, EXIT_UNOTIFY));
	for (int i = 0; i < N_REC_RULES; i++)
		if (!(rules[i] = strdup(rec_rules[i].text)))
			die(EXIT_UNOTIFY, "out of memory");
	p = load_policy(NULL, 0, rules, N_REC_RULES, 0, EXIT_UNOTIFY);
	for (int i = 0; i < N_REC_RULES; i++)
		free(rules[i]);
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		die(EXIT_UNOTIFY, "pipe: %s", strerror(errno));
	r.fd = pipefd[0];
	if (pthread_create(&reader, NULL, _reader, &r) != 0)
		die(EXIT_UNOTIFY, "cannot start the reader thread");
	unotify_options_init(&opts);
	opts.log_fd = pipefd[1];
	ret = unotify_run(p, argv + optind, &opts, &status, &err);
	close(pipefd[1]);
	pthread_join(reader, NULL);
	unotify_policy_free(p);
	if (ret < 0 || err.code)
		print_error(&err);
	if (ret < 0)
		status = EXIT_UNOTIFY;
	else if (ret == 0)
		status = _save(&r, base, nbase, argv + optind, output, status);
	_free_seen(&r.calls);
	_free_seen(&r.addrs);
	for (int k = 0; k <= K_EXEC; k++) {
		_free_seen(&r.paths[k]);
		_free_seen(&r.own[k]);
	}
	free(base);
	return status;
}
