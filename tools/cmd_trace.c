/* unotify trace: runs a command with its calls reported, one readable
 * line each (or the audit JSON), and a summary.  The calls go to the
 * supervisor and are continued (or, for the file calls unotify emulates
 * exactly, emulated, so that their results are known); the supervisor's
 * audit records come through a pipe to a thread here that prints them.
 * Observation, not a boundary. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emulate.h"
#include "tool.h"

static void _usage(FILE *f)
{
	fprintf(f, "Usage: unotify trace [-o FILE] [--json] [-c] [-e CALLS]... [--] COMMAND [ARG...]\n"
		   "Run COMMAND with its system calls reported, for every thread and child: one\n"
		   "line per call, its arguments decoded (flags and modes by name, paths quoted,\n"
		   "with the object's name beside a relative one) and its result where unotify\n"
		   "knows it: the value, an fd, an errno name; `?` where the kernel ran the call\n"
		   "after the report (with --emulate, unotify performs the file calls it emulates\n"
		   "exactly, so their results are known).\n\n"
		   "Tracing is observation, not a boundary: every call runs as it would.\n\n"
		   "  -e, --calls CALLS  trace only CALLS (names and @groups, comma-separated;\n"
		   "                     repeatable); default: every call\n"
		   "  -o, --output FILE  write the trace (and the summary) to FILE, not stderr\n"
		   "      --emulate      perform the file calls unotify emulates exactly (open,\n"
		   "                     stat, rename, ...): their results are shown (slower)\n"
		   "      --json         write the audit JSON Lines (docs/audit.md) instead\n"
		   "  -c, --summary      print, at the end, a table per call: count, errors, and\n"
		   "                     total and mean time in the supervisor\n"
		   "  -h, --help         show this help\n\n"
		   "Exit status: COMMAND's own, as for `unotify run`; 125 if unotify failed.\n");
}

struct stat_row {
	char name[32];
	unsigned long calls, errors;
	double us;
};

/* The audit records, read from a pipe: written out (--json) or counted
 * (-c).  The readable lines are the library's own (UNOTIFY_F_TRACE_LINES),
 * written straight to the output. */
struct tracer {
	int fd;	   /* the pipe's read end */
	FILE *out; /* where the lines go */
	bool json, summary;
	struct stat_row *rows;
	size_t nrows;
};

static struct stat_row *_row(struct tracer *t, const char *name)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].name, name) == 0)
			return &t->rows[i];
	struct stat_row *v = realloc(t->rows, (t->nrows + 1) * sizeof(*v));

	if (!v)
		return NULL;
	t->rows = v;
	memset(&v[t->nrows], 0, sizeof(*v));
	snprintf(v[t->nrows].name, sizeof(v[t->nrows].name), "%s", name);
	return &v[t->nrows++];
}

/* One record, counted for the summary. */
static void _record(struct tracer *t, const char *line)
{
	json_t *r = json_loads(line, 0, NULL);
	const char *sys;
	struct stat_row *row;

	if (!r)
		return;
	sys = json_string_value(json_object_get(r, "call"));
	if (sys && (row = _row(t, sys))) {
		row->calls++;
		row->errors += json_object_get(r, "errno") != NULL;
		row->us += json_number_value(json_object_get(r, "latency_us"));
	}
	json_decref(r);
}

static void *_reader(void *arg)
{
	struct tracer *t = arg;
	FILE *in = fdopen(t->fd, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!in)
		return NULL;
	while (getline(&line, &cap, in) > 0) {
		if (t->json)
			fputs(line, t->out);
		else
			_record(t, line);
	}
	free(line);
	fclose(in);
	fflush(t->out);
	return NULL;
}

static int _cmp_rows(const void *a, const void *b)
{
	const struct stat_row *x = a, *y = b;

	return x->us < y->us ? 1 : x->us > y->us ? -1 : strcmp(x->name, y->name);
}

static void _summary(struct tracer *t)
{
	unsigned long calls = 0, errors = 0;
	double us = 0;

	qsort(t->rows, t->nrows, sizeof(*t->rows), _cmp_rows);
	fprintf(t->out, "%10s %10s %8s %14s %12s  %s\n", "calls", "errors", "% time", "total µs",
		"mean µs", "call");
	for (size_t i = 0; i < t->nrows; i++)
		us += t->rows[i].us;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct stat_row *r = &t->rows[i];

		fprintf(t->out, "%10lu %10lu %8.2f %14.1f %12.1f  %s\n", r->calls, r->errors,
			us > 0 ? 100 * r->us / us : 0, r->us, r->us / (double)r->calls, r->name);
		calls += r->calls;
		errors += r->errors;
	}
	fprintf(t->out, "%10lu %10lu %8s %14.1f %12.1f  total (time in the supervisor)\n", calls,
		errors, "100.00", us, calls ? us / (double)calls : 0);
}

/* Whether NAME is one of LIST's comma-separated names. */
static bool _named(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *at = list; (at = strstr(at, name)); at += n)
		if ((at == list || at[-1] == ',') && (at[n] == ',' || at[n] == '\0'))
			return true;
	return false;
}

/* The policy: the calls asked for (every call by default), continued; with
 * EMULATE those unotify emulates exactly are emulated (their results then
 * known). */
static struct unotify_policy *_policy(char **calls, int ncalls, bool emulate)
{
	char *list = NULL, *emul = NULL, *rules[2];
	size_t size = 0, n = 0, nrules = 0;
	const struct emu_entry *t = emulate_table(&n);
	FILE *f = open_memstream(&list, &size);

	for (int i = 0; f && i < ncalls; i++)
		fprintf(f, "%s%s", i ? "," : "", calls[i]);
	if (!f || fclose(f) != 0)
		die(EXIT_UNOTIFY, "out of memory");
	f = open_memstream(&emul, &size);
	for (size_t i = 0; f && i < n; i++)
		if (emulate && t[i].class == EMU_EMULATED && (!ncalls || _named(list, t[i].name)))
			fprintf(f, "%s%s", ftell(f) ? "," : "", t[i].name);
	if (!f || fclose(f) != 0)
		die(EXIT_UNOTIFY, "out of memory");
	if (emul[0] && asprintf(&rules[nrules++], "%s -> emulate", emul) < 0)
		die(EXIT_UNOTIFY, "out of memory");
	if (asprintf(&rules[nrules++], "%s -> continue", ncalls ? list : "@known") < 0)
		die(EXIT_UNOTIFY, "out of memory");
	struct unotify_policy *p;

	free(list);
	free(emul);
	p = load_policy(NULL, 0, rules, (int)nrules, 0, EXIT_UNOTIFY);
	for (size_t i = 0; i < nrules; i++)
		free(rules[i]);
	return p;
}

int cmd_trace(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "calls", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "summary", no_argument, NULL, 'c' },
		{ "emulate", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tracer t = { .fd = -1, .out = stderr };
	bool emulate = false;
	char **calls = NULL;
	int ncalls = 0, c, pipefd[2], status = EXIT_UNOTIFY, ret;
	const char *output = NULL;
	struct unotify_options opts;
	struct unotify_error err = { 0 };
	struct unotify_policy *p;
	pthread_t reader;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+e:o:ch", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			calls = realloc(calls, (size_t)(ncalls + 1) * sizeof(*calls));
			if (!calls)
				die(EXIT_UNOTIFY, "out of memory");
			calls[ncalls++] = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'j':
			t.json = true;
			break;
		case 'c':
			t.summary = true;
			break;
		case 'E':
			emulate = true;
			break;
		case 'h':
			_usage(stdout);
			return 0;
		default:
			_usage(stderr);
			return EXIT_UNOTIFY;
		}
	}
	if (optind >= argc) {
		warnx_("trace: no command given");
		_usage(stderr);
		return EXIT_UNOTIFY;
	}
	p = _policy(calls, ncalls, emulate);
	if (output) {
		t.out = fopen(output, "we");
		if (!t.out)
			die(EXIT_UNOTIFY, "%s: %s", output, strerror(errno));
	}
	unotify_options_init(&opts);
	if (!t.json) {
		fflush(t.out);
		opts.flags |= UNOTIFY_F_VERBOSE | UNOTIFY_F_TRACE_LINES;
		opts.verbose_fd = fileno(t.out);
	}
	if (t.json || t.summary) {
		if (pipe2(pipefd, O_CLOEXEC) < 0)
			die(EXIT_UNOTIFY, "pipe: %s", strerror(errno));
		t.fd = pipefd[0];
		if (pthread_create(&reader, NULL, _reader, &t) != 0)
			die(EXIT_UNOTIFY, "cannot start the reader thread");
		opts.log_fd = pipefd[1];
	}
	ret = unotify_run(p, argv + optind, &opts, &status, &err);
	if (t.fd >= 0) {
		close(pipefd[1]);
		pthread_join(reader, NULL);
	}
	if (ret < 0 || err.code)
		print_error(&err);
	if (ret < 0)
		status = EXIT_UNOTIFY;
	if (t.summary && !t.json)
		_summary(&t);
	if (t.out != stderr)
		fclose(t.out);
	free(t.rows);
	free(calls);
	unotify_policy_free(p);
	return status;
}
