/* audit: decision records (see audit.h). */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "cleanup.h"
#include "fmt.h"
#include "net.h"

bool audit_wanted(const struct unotify_options *o, const struct rule *rule)
{
	return (o->flags & UNOTIFY_F_VERBOSE) || o->log_fd >= 0 || (rule && rule->log);
}

/* Records that could not be written (a full disk, a reader that stopped:
 * a log fd never blocks, see unotify_run()), and the first error. */
static atomic_ulong lost;
static atomic_int lost_err;
static void (*on_lost)(void);

void audit_on_lost(void (*fn)(void))
{
	on_lost = fn;
}

unsigned long audit_lost(int *err)
{
	*err = atomic_load(&lost_err);
	return atomic_load(&lost);
}

/* Writes all of S, or counts a lost record (the first loss calls
 * on_lost: by default the run is ended, failing closed). */
static void _write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EIO, none = 0;

			atomic_compare_exchange_strong(&lost_err, &none, e);
			if (atomic_fetch_add(&lost, 1) == 0 && on_lost)
				on_lost();
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

/* A JSON line a log fd took only part of (a non-blocking pipe or socket
 * whose reader stopped), and how much of it is left: finished before any
 * other record, so that no line is ever torn or glued to the next.
 * Under emit_lock. */
static char *tail;
static size_t tail_off, tail_len;

/* Writes what it can of S[*OFF..N) to FD.  True when all is written;
 * false with errno set (EIO for a write of 0). */
static bool _write_some(int fd, const char *s, size_t *off, size_t n)
{
	while (*off < n) {
		ssize_t w = write(fd, s + *off, n - *off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return false;
		}
		*off += (size_t)w;
	}
	return true;
}

static void _lose(int e)
{
	int none = 0;

	atomic_compare_exchange_strong(&lost_err, &none, e);
	if (atomic_fetch_add(&lost, 1) == 0 && on_lost)
		on_lost();
}

/* One record LINE (its newline included) to FD, whole or not at all: the
 * rest of a line left by the previous first, or this one is lost too;
 * of this one, what the fd did not take is kept for next time. */
static void _write_line(int fd, char *line, size_t n)
{
	size_t off = 0;

	if (tail && !_write_some(fd, tail, &tail_off, tail_len)) {
		_lose(errno);
		free(line);
		return;
	}
	free(tail);
	tail = NULL;
	if (_write_some(fd, line, &off, n)) {
		free(line);
		return;
	}
	_lose(errno);
	if (off == 0) {
		free(line);
		return;
	}
	tail = line;
	tail_off = off;
	tail_len = n;
}

static enum arg_kind _kind(const struct call *c, int i)
{
	if (!c->sys->sig)
		return ARG_ULONG;
	return c->sys->sig->args[i].kind;
}

static int _nargs(const struct call *c)
{
	int n = 0;

	if (!c->sys->sig)
		return SYS_MAX_ARGS;
	while (n < SYS_MAX_ARGS && c->sys->sig->args[n].name)
		n++;
	return n;
}

static void _arg_text(FILE *f, struct call *c, int i)
{
	uint64_t v = call_arg(c, i);
	enum arg_kind k = _kind(c, i);

	if (arg_kind_is_path(k)) {
		int r = call_fetch_path(c, i);

		if (r == 0)
			fmt_quote(f, c->path[i]->str, c->path[i]->len);
		else
			fprintf(f, "0x%" PRIx64 " (%s)", v, strerror(-r));
		return;
	}
	fmt_value(f, k, v);
}

static void _result_text(FILE *f, const struct audit_rec *r)
{
	int64_t res = r->verdict == V_ERRNO    ? -r->value
		      : r->verdict == V_RETURN ? r->value
					       : r->result;

	if (r->outcome) {
		fprintf(f, " (%s)", r->outcome);
		return;
	}
	if (r->verdict == V_CONTINUE || r->verdict == V_KILL)
		return;
	if (res < 0)
		fprintf(f, " = -1 %s",
			strerrorname_np((int)-res) ? strerrorname_np((int)-res) : "E?");
	else
		fprintf(f, " = %" PRId64, res);
}

static void _line(int fd, const struct audit_rec *r)
{
	char where[300] = "default";
	_cleanup_free_ char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		return;
	if (r->rule)
		src_loc_str(&r->rule->loc, where, sizeof(where));
	fprintf(f, "unotify: [%s%spid %d %s] %s(", r->listener ? r->listener : "",
		r->listener && r->listener[0] ? " " : "", (int)r->c->req->pid,
		arch_table[r->c->arch].name, r->c->sys->name);

	for (int i = 0; i < _nargs(r->c); i++) {
		if (i)
			fputs(", ", f);
		_arg_text(f, r->c, i);
	}
	fprintf(f, ")");
	if (strcmp(r->c->var->name, r->c->sys->name) != 0)
		fprintf(f, " as %s", r->c->var->name);
	fprintf(f, " -> %s", verdict_name(r->verdict));
	_result_text(f, r);
	if (r->rule && r->rule->when_first)
		fputs(" (injected)", f);
	fprintf(f, " [%s]\n", where);
	fclose(f);
	_write_all(fd, buf, size);
}

/* "[pid TID] call(args) = result": a relative path's object beside it,
 * `?` for a call the kernel ran after the report. */
static void _trace_line(int fd, const struct audit_rec *r)
{
	_cleanup_free_ char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct call *c = r->c;

	if (!f)
		return;
	fprintf(f, "[pid %5d] %s(", (int)c->req->pid, c->var->name);
	for (int i = 0; i < _nargs(c); i++) {
		const struct path_arg *p = c->path[i];

		if (i)
			fputs(", ", f);
		_arg_text(f, c, i);
		if (arg_kind_is_path(_kind(c, i)) && p->resolved && p->abslen && p->len &&
		    p->str[0] != '/') {
			fputs(" <", f);
			fmt_quote(f, p->abs, p->abslen);
			fputc('>', f);
		}
	}
	fputc(')', f);
	if (r->verdict == V_CONTINUE && !r->outcome)
		fputs(" = ?", f);
	else
		_result_text(f, r);
	if (r->rule && r->rule->when_first)
		fputs(" (injected)", f);
	if (r->verdict == V_KILL)
		fputs(" (killed)", f);
	fputc('\n', f);
	fclose(f);
	_write_all(fd, buf, size);
}

/* Bytes as JSON, reversibly: a string when they are valid UTF-8 (JSON
 * escapes a newline or a quote), else {"hex": "..."}, the bytes in hex. */
static json_t *_bytes_json(const char *s, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	json_t *str = json_stringn(s, len), *o;
	char *hex;

	if (str)
		return str;
	hex = malloc(2 * len + 1);
	if (!hex)
		return json_null();
	for (size_t i = 0; i < len; i++) {
		hex[2 * i] = digits[(unsigned char)s[i] >> 4];
		hex[2 * i + 1] = digits[(unsigned char)s[i] & 15];
	}
	hex[2 * len] = '\0';
	o = json_pack("{s:s}", "hex", hex);
	free(hex);
	return o ? o : json_null();
}

static json_t *_args_json(struct call *c, json_t **paths)
{
	json_t *args = json_object();

	*paths = json_object();
	for (int i = 0; i < _nargs(c); i++) {
		char name[16];
		const char *key = c->sys->sig ? c->sys->sig->args[i].name : name;
		uint64_t v = call_arg(c, i);

		snprintf(name, sizeof(name), "arg%d", i);
		if (arg_kind_is_path(_kind(c, i)) && call_fetch_path(c, i) == 0) {
			json_object_set_new(args, key,
					    _bytes_json(c->path[i]->str, c->path[i]->len));
			if (c->path[i]->resolved && !c->path[i]->resolve_err &&
			    !c->path[i]->unnamed)
				json_object_set_new(
					*paths, key,
					_bytes_json(c->path[i]->abs, c->path[i]->abslen));
		} else if (arg_kind_type(_kind(c, i)) == TYPE_S32) {
			json_object_set_new(args, key, json_integer((int32_t)(uint32_t)v));
		} else if (arg_type_bits(arg_kind_type(_kind(c, i))) < 64) {
			json_object_set_new(
				args, key,
				json_integer((json_int_t)(v & arg_type_mask(arg_kind_type(
								      _kind(c, i))))));
		} else {
			json_object_set_new(args, key, json_integer((json_int_t)v));
		}
	}
	return args;
}

static void _json(int fd, const struct audit_rec *r)
{
	char when[64], where[300];
	struct timespec ts;
	struct tm tm;
	json_t *o, *paths;
	char *text, *line;
	size_t n;
	int64_t res = r->verdict == V_ERRNO    ? -r->value
		      : r->verdict == V_RETURN ? r->value
					       : r->result;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + strlen(when), sizeof(when) - strlen(when), ".%06ldZ", ts.tv_nsec / 1000);
	o = json_object();
	json_object_set_new(o, "time", json_string(when));
	if (r->listener && r->listener[0])
		json_object_set_new(o, "listener", json_string(r->listener));
	json_object_set_new(o, "pid", json_integer(r->tgid));
	json_object_set_new(o, "tid", json_integer(r->c->req->pid));
	json_object_set_new(o, "arch", json_string(arch_table[r->c->arch].name));
	json_object_set_new(o, "syscall", json_string(r->c->sys->name));
	json_object_set_new(o, "call", json_string(r->c->var->name));
	json_object_set_new(o, "args", _args_json(r->c, &paths));
	json_object_set_new(o, "paths", paths);
	{
		char at[256];
		const char *family;
		int port;

		if (net_addr_text(r->c, at, sizeof(at), &port, &family)) {
			json_t *a = json_object();

			json_object_set_new(a, "family", json_string(family));
			json_object_set_new(a, "addr", _bytes_json(at, strlen(at)));
			if (port >= 0)
				json_object_set_new(a, "port", json_integer(port));
			json_object_set_new(o, "address", a);
		}
	}
	json_object_set_new(o, "rule",
			    r->rule ? json_string(src_loc_str(&r->rule->loc, where, sizeof(where)))
				    : json_string("default"));
	json_object_set_new(o, "action", json_string(verdict_name(r->verdict)));
	if (r->rule && r->rule->when_first)
		json_object_set_new(o, "injected", json_true());
	if (r->c->refused)
		json_object_set_new(o, "reason", json_string(r->c->refused));
	if (r->outcome)
		json_object_set_new(o, "outcome", json_string(r->outcome));
	else if ((r->verdict == V_ERRNO || r->verdict == V_EMULATE) && res < 0)
		json_object_set_new(o, "errno", json_string(strerrorname_np((int)-res)));
	else if (r->verdict == V_RETURN || r->verdict == V_EMULATE)
		json_object_set_new(o, "result", json_integer(res));
	/* Tenths of a microsecond: 12.3, not 12.300000000000001. */
	json_object_set_new(o, "latency_us",
			    json_real((double)((r->latency_ns + 50) / 100) / 10.0));
	text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(o);
	if (!text)
		return;
	/* one write for the line and its newline: a pipe takes up to
	 * PIPE_BUF bytes whole or not at all */
	n = strlen(text);
	line = realloc(text, n + 2);
	if (!line) {
		free(text);
		_lose(ENOMEM);
		return;
	}
	line[n] = '\n';
	line[n + 1] = '\0';
	_write_line(fd, line, n + 1);
}

/* Workers of every listener write records: one at a time, so that no
 * two lines ever mix. */
static pthread_mutex_t emit_lock = PTHREAD_MUTEX_INITIALIZER;

void audit_finish(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	pthread_mutex_lock(&emit_lock);
	while (tail && fd >= 0 && poll(&p, 1, timeout_ms) > 0) {
		if (_write_some(fd, tail, &tail_off, tail_len)) {
			free(tail);
			tail = NULL;
		} else if (errno != EAGAIN) {
			break;
		}
	}
	pthread_mutex_unlock(&emit_lock);
}
static __thread bool held;

void audit_hold(void)
{
	pthread_mutex_lock(&emit_lock);
	held = true;
}

void audit_release(void)
{
	held = false;
	pthread_mutex_unlock(&emit_lock);
}

void audit_emit(const struct unotify_options *o, const struct audit_rec *r)
{
	bool was_held = held;

	if (!was_held)
		pthread_mutex_lock(&emit_lock);
	if ((o->flags & (UNOTIFY_F_VERBOSE | UNOTIFY_F_TRACE_LINES)) ==
	    (UNOTIFY_F_VERBOSE | UNOTIFY_F_TRACE_LINES))
		_trace_line(o->verbose_fd >= 0 ? o->verbose_fd : STDERR_FILENO, r);
	else if ((o->flags & UNOTIFY_F_VERBOSE) || (r->rule && r->rule->log))
		_line(o->verbose_fd >= 0 ? o->verbose_fd : STDERR_FILENO, r);
	if (o->log_fd >= 0)
		_json(o->log_fd, r);
	if (!was_held)
		pthread_mutex_unlock(&emit_lock);
}
