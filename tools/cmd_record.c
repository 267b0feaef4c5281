/* unotify record: runs a command once and writes a policy that lets the
 * same run happen again and refuses what it did not do.
 *
 * The run is traced through the supervisor's audit records: the classes
 * @read, @write and @exec on every path (each its own rule, so that a
 * record's rule says which kind of access it was; their decision resolves
 * each path to its object's name), every other call continued.  A path
 * that did not resolve (a probe that found nothing) is no use of it. */
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
		   "    or more of a directory (never a top-level directory), with ${PWD} and\n"
		   "    ${HOME} for the work tree and the home; the rest of each class refused;\n"
		   "  - the file says which run made it, and where each rule came from.\n"
		   "Then `unotify run -p POLICY -- COMMAND` runs the same command again.\n\n"
		   "  -o, --output POLICY  the policy to write (required)\n"
		   "  -p, --policy BASE    include BASE first in POLICY (repeatable): its rules\n"
		   "                       decide before the recorded ones\n"
		   "  -h, --help           show this help\n\n"
		   "Exit status: COMMAND's own, as for `unotify run`; 125 if unotify failed (then\n"
		   "no POLICY is written).\n");
}

enum { K_READ, K_WRITE, K_EXEC, K_OTHER, K_N };

struct seen {
	char **v;
	unsigned long *n;
	size_t len;
};

struct recorder {
	int fd;
	struct seen calls;	/* every call seen, by the policy's name */
	struct seen paths[K_EXEC + 1];
	struct seen addrs;	/* "CALL FAMILY ADDR PORT" of the addresses reached */
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

/* Which rule of the recording policy decided: K_*. */
static int _kind_of(const char *rule)
{
	if (!rule || strncmp(rule, "-e:", 3) != 0)
		return K_OTHER;
	switch (atoi(rule + 3)) {
	case 1:
		return K_READ;
	case 2:
		return K_WRITE;
	case 3:
		return K_EXEC;
	default:
		return K_OTHER;
	}
}

static void *_reader(void *arg)
{
	struct recorder *r = arg;
	FILE *in = fdopen(r->fd, "r");
	char *line = NULL;
	size_t cap = 0;

	while (in && getline(&line, &cap, in) > 0) {
		json_t *j = json_loads(line, 0, NULL);
		const char *sys = json_string_value(json_object_get(j, "syscall"));
		int kind = _kind_of(json_string_value(json_object_get(j, "rule")));
		json_t *paths = json_object_get(j, "paths"), *v;
		const char *key;

		if (sys) {
			_add(&r->calls, sys);
			r->records++;
		}
		json_t *a = json_object_get(j, "address");

		if (sys && a && !json_object_get(j, "errno") &&
		    json_is_string(json_object_get(a, "addr"))) {
			char key2[512];

			snprintf(key2, sizeof(key2), "%s %s %s %lld", sys,
				 json_string_value(json_object_get(a, "family")),
				 json_string_value(json_object_get(a, "addr")),
				 json_is_integer(json_object_get(a, "port"))
					 ? (long long)json_integer_value(json_object_get(a, "port"))
					 : -1ll);
			_add(&r->addrs, key2);
		}
		/* a call that failed (a probe that found nothing) used nothing */
		if (kind != K_OTHER && !json_object_get(j, "errno"))
			json_object_foreach(paths, key, v)
			{
				if (json_is_string(v)) /* (a name not UTF-8 stays out) */
					_add(&r->paths[kind], json_string_value(v));
			}
		json_decref(j);
	}
	free(line);
	if (in)
		fclose(in);
	return NULL;
}

/* P with ${PWD} or ${HOME} for its prefix, /proc/PID made /proc/ANY, the
 * glob characters of the rest escaped, into OUT. */
static void _pattern(const char *p, char *out, size_t size)
{
	const char *pwd = getenv("PWD"), *home = getenv("HOME"), *rest = p;
	size_t n = 0;

	out[0] = '\0';
	if (pwd && strlen(pwd) > 1 && strncmp(p, pwd, strlen(pwd)) == 0 && p[strlen(pwd)] == '/') {
		n = (size_t)snprintf(out, size, "${PWD}");
		rest = p + strlen(pwd);
	} else if (home && strlen(home) > 1 && strncmp(p, home, strlen(home)) == 0 &&
		   p[strlen(home)] == '/') {
		n = (size_t)snprintf(out, size, "${HOME}");
		rest = p + strlen(home);
	}
	for (const char *c = rest; *c && n + 3 < size; c++) {
		if (strchr("*?[]\\$,\" #", *c))
			out[n++] = '\\';
		out[n++] = *c;
	}
	out[n] = '\0';
	/* /proc/1234/... is another pid next time */
	if (strncmp(out, "/proc/", 6) == 0 && out[6] >= '0' && out[6] <= '9') {
		char *end = out + 6;

		while (*end >= '0' && *end <= '9')
			end++;
		memmove(out + 7, end, strlen(end) + 1);
		out[6] = '*';
	}
	/* a pipe or a socket is another one next time */
	if (strncmp(out, "pipe:", 5) == 0)
		snprintf(out, size, "pipe:*");
	else if (strncmp(out, "socket:", 7) == 0)
		snprintf(out, size, "socket:*");
}

static int _cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The patterns for S's paths, sorted: a directory with two files or more
 * used (and at least two levels deep) is DIR/ANY, the others themselves. */
static size_t _fold(const struct seen *s, char ***out)
{
	char **pats = calloc(s->len + 1, sizeof(*pats)), buf[PATH_MAX * 2];
	size_t n = 0;

	if (!pats)
		die(EXIT_UNOTIFY, "out of memory");
	for (size_t i = 0; i < s->len; i++) {
		const char *p = s->v[i], *slash = strrchr(p, '/');
		size_t dirlen = slash ? (size_t)(slash - p) : 0, siblings = 0, depth = 0;
		char dir[PATH_MAX];

		for (size_t k = 0; k < dirlen; k++)
			depth += p[k] == '/';
		for (size_t k = 0; k < s->len && slash; k++)
			siblings += strncmp(s->v[k], p, dirlen + 1) == 0 &&
				    !strchr(s->v[k] + dirlen + 1, '/');
		if (slash && siblings >= 2 && depth >= 2) {
			snprintf(dir, sizeof(dir), "%.*s", (int)dirlen, p);
			_pattern(dir, buf, sizeof(buf) - 3);
			strcat(buf, "/*");
		} else {
			_pattern(p, buf, sizeof(buf));
		}
		bool dup = false;

		for (size_t k = 0; k < n && !dup; k++)
			dup = strcmp(pats[k], buf) == 0;
		if (!dup && !(pats[n++] = strdup(buf)))
			die(EXIT_UNOTIFY, "out of memory");
	}
	qsort(pats, n, sizeof(*pats), _cmp);
	*out = pats;
	return n;
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

/* The number of NAME on this machine's architecture, or a negative one. */
static int _nr(const char *name)
{
	return seccomp_syscall_resolve_name(name);
}

static void _write_policy(FILE *f, const struct recorder *r, char **base, int nbase,
			  char **argv)
{
	static const char *const kinds[] = { "@read", "@write", "@exec" };
	static const char *const what[] = { "read", "written", "run" };
	const struct sys_group *known = group_find("@known");
	time_t now = time(NULL);
	char when[64];
	int maxnr = -1;

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
	fprintf(f, "# Recorded by `unotify record` on %s, from the run of:\n#  ", when);
	for (char **a = argv; *a; a++)
		fprintf(f, " %s", *a);
	fprintf(f, "\n# in %s: %lu calls reported, %zu different.\n", getenv("PWD") ? getenv("PWD") : ".",
		r->records, r->calls.len);
	fprintf(f, "# Run it again with: unotify run -p THIS-FILE -- COMMAND\n"
		   "# Results of calls the kernel ran after they were reported were not seen:\n"
		   "# a path counts as used when it named an object at the call.\n\n");
	fprintf(f, "# An empty path names an fd the program holds (glibc's fstat): the fd\n"
		   "# was judged when it was opened, whatever it is in the next run.\n"
		   "newfstatat,statx flags&AT_EMPTY_PATH=AT_EMPTY_PATH -> allow\n\n");
	for (int i = 0; i < nbase; i++) {
		char *real = realpath(base[i], NULL);

		fprintf(f, "# The base policy first.\ninclude \"%s\"\n\n", real ? real : base[i]);
		free(real);
	}
	for (int k = 0; k <= K_EXEC; k++) {
		char **pats;
		size_t n = _fold(&r->paths[k], &pats);
		unsigned long uses = 0;

		for (size_t i = 0; i < r->paths[k].len; i++)
			uses += r->paths[k].n[i];
		if (n) {
			fprintf(f, "# Paths %s: %zu, in %lu calls (e.g. %s).\n", what[k],
				r->paths[k].len, uses, r->paths[k].v[0]);
			for (size_t i = 0; i < n; i++)
				fprintf(f, "%s pathname=\"%s\" -> %s\n", kinds[k], pats[i],
					k == K_EXEC ? "continue" : "allow");
		}
		fprintf(f, "%s -> errno EACCES\n\n", kinds[k]);
		for (size_t i = 0; i < n; i++)
			free(pats[i]);
		free(pats);
	}
	if (r->addrs.len) {
		fprintf(f, "# Addresses reached (%zu); others refused: ENETUNREACH for the network,\n"
			   "# EACCES for AF_UNIX.  A send with no address goes where its socket was\n"
			   "# connected.\n",
			r->addrs.len);
		for (size_t i = 0; i < r->addrs.len; i++) {
			char call[32], family[16], addr[256], pat[PATH_MAX * 2];
			int port = -1;

			if (sscanf(r->addrs.v[i], "%31s %15s %255s %d", call, family, addr, &port) < 3)
				continue;
			if (addr[0] == '/')
				_pattern(addr, pat, sizeof(pat));
			else
				snprintf(pat, sizeof(pat), "%s", addr);
			/* (a port the kernel picked, from its ephemeral range, is
			 * another next time: the range) */
			if (port >= 32768 && strcmp(family, "AF_UNIX") != 0 && strcmp(call, "bind") != 0)
				fprintf(f, "%s addr=\"%s\" port=32768-65535 -> allow  # %lu\n", call, pat,
					r->addrs.n[i]);
			else if (port > 0 && strcmp(family, "AF_UNIX") != 0 && strcmp(call, "bind") != 0)
				fprintf(f, "%s addr=\"%s\" port=%d -> allow  # %lu\n", call, pat, port,
					r->addrs.n[i]);
			else
				fprintf(f, "%s addr=\"%s\" -> allow  # %lu\n", call, pat, r->addrs.n[i]);
		}
		fprintf(f, "connect,bind,sendto,sendmsg family=AF_INET -> errno ENETUNREACH\n"
			   "connect,bind,sendto,sendmsg family=AF_INET6 -> errno ENETUNREACH\n"
			   "connect,sendto,sendmsg family=AF_UNIX -> errno EACCES\n\n");
	}
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

int cmd_record(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "policy", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char r1[] = "@read pathname=/** -> continue", r2[] = "@write pathname=/** -> continue",
	     r3[] = "@exec pathname=/** -> continue",
	     r4[] = "connect,bind,sendto,sendmsg family!=AF_UNSPEC -> continue",
	     r5[] = "@known -> continue";
	char *rules[] = { r1, r2, r3, r4, r5 };
	struct recorder r = { .fd = -1 };
	char **base = NULL, *tmp = NULL;
	int nbase = 0, c, pipefd[2], status = EXIT_UNOTIFY, ret, tfd;
	const char *output = NULL;
	struct unotify_options opts;
	struct unotify_error err = { 0 };
	struct unotify_policy *p;
	pthread_t reader;
	FILE *f;

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
	p = load_policy(NULL, 0, rules, 5, 0, EXIT_UNOTIFY);
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
	/* written whole, then put in place */
	if (ret == 0 && asprintf(&tmp, "%s.XXXXXX", output) >= 0 && (tfd = mkstemp(tmp)) >= 0 &&
	    (f = fdopen(tfd, "w"))) {
		_write_policy(f, &r, base, nbase, argv + optind);
		if (fchmod(fileno(f), 0644) < 0 || fclose(f) != 0 || rename(tmp, output) < 0) {
			warnx_("record: cannot write %s: %s", output, strerror(errno));
			unlink(tmp);
			status = EXIT_UNOTIFY;
		} else {
			warnx_("record: wrote %s (%zu calls; %zu, %zu and %zu paths read, written and run)",
			       output, r.calls.len, r.paths[K_READ].len, r.paths[K_WRITE].len,
			       r.paths[K_EXEC].len);
		}
	} else if (ret == 0) {
		warnx_("record: cannot write %s: %s", output, strerror(errno));
		status = EXIT_UNOTIFY;
	}
	free(tmp);
	_free_seen(&r.calls);
	_free_seen(&r.addrs);
	for (int k = 0; k <= K_EXEC; k++)
		_free_seen(&r.paths[k]);
	free(base);
	return status;
}
