/* tool: helpers shared by the subcommands. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "tool.h"

__attribute__((format(printf, 1, 0))) static void _vwarn(const char *fmt, va_list ap)
{
	fputs("unotify: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_vwarn(fmt, ap);
	va_end(ap);
}

noreturn void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

void print_error(const struct unotify_error *err)
{
	if (err->where[0])
		warnx_("%s: %s", err->where, err->message);
	else
		warnx_("%s", err->message);
}

unsigned landlock_mode(const char *s, const char *cmd)
{
	if (strcmp(s, "auto") == 0)
		return 0;
	if (strcmp(s, "off") == 0)
		return UNOTIFY_P_LANDLOCK_OFF;
	if (strcmp(s, "require") == 0)
		return UNOTIFY_P_LANDLOCK_REQUIRE;
	die(cmd[0] == 'r' ? EXIT_UNOTIFY : 2, "%s: --landlock takes auto, require or off, not '%s'",
	    cmd, s);
}

/* Standard input, whole, as a string (read once: a second `-p -` reads
 * nothing more). */
static char *_read_stdin(void)
{
	size_t n = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t r;

	if (!buf)
		die(EXIT_UNOTIFY, "out of memory");
	while ((r = read(0, buf + n, cap - n - 1)) > 0) {
		n += (size_t)r;
		if (n + 1 == cap) {
			char *b = realloc(buf, cap *= 2);

			if (!b)
				die(EXIT_UNOTIFY, "out of memory");
			buf = b;
		}
	}
	if (r < 0)
		die(EXIT_UNOTIFY, "reading the policy on standard input: %s", strerror(errno));
	buf[n] = '\0';
	return buf;
}

bool policy_arg(struct policy_args *a, int c, char *arg)
{
	char ***v = c == 'e' ? &a->rules : &a->files;
	int *n = c == 'e' ? &a->nrules : &a->nfiles;
	char **grown;

	if (c == 'S') {
		add_seccomp_profile(arg);
		return true;
	}
	if (c != 'p' && c != 'P' && c != 'e')
		return false;
	grown = realloc(*v, (size_t)(*n + 1) * sizeof(**v));
	if (!grown)
		die(2, "out of memory");
	*v = grown;
	grown[(*n)++] = c == 'P' ? profile_path(arg, 1) : arg;
	return true;
}

void policy_args_free(struct policy_args *a)
{
	free(a->files);
	free(a->rules);
}

char **seccomp_profiles;
int nseccomp_profiles;

void add_seccomp_profile(char *file)
{
	char **v = realloc(seccomp_profiles, (size_t)(nseccomp_profiles + 1) * sizeof(*v));

	if (!v)
		die(EXIT_UNOTIFY, "out of memory");
	seccomp_profiles = v;
	seccomp_profiles[nseccomp_profiles++] = file;
}

struct unotify_policy *load_policy(char **files, int nfiles, char **rules, int nrules,
				   unsigned flags, int fail_status)
{
	struct unotify_policy *p = NULL;
	struct unotify_error err = { 0 }, more;
	bool failed = false;

	if (unotify_policy_new(&p) < 0 || unotify_policy_set_flags(p, flags) < 0)
		die(fail_status, "out of memory");
	/* every file and rule read, whatever failed before (all mistakes told) */
	for (int i = 0; i < nfiles; i++) {
		int r;

		if (strcmp(files[i], "-") == 0) { /* the rules on standard input */
			char *text = _read_stdin();

			r = unotify_policy_add_text(p, "<stdin>", text, failed ? &more : &err);
			free(text);
		} else {
			r = unotify_policy_add_file(p, files[i], failed ? &more : &err);
		}
		if (r < 0)
			failed = true;
	}
	for (int i = 0; i < nrules; i++)
		if (unotify_policy_add_rule(p, rules[i], failed ? &more : &err) < 0)
			failed = true;
	/* the OCI profiles last: the -p and -e rules decide first */
	for (int i = 0; i < nseccomp_profiles; i++) {
		char *text = oci_rules(seccomp_profiles[i], fail_status);

		if (unotify_policy_add_foreign(p, seccomp_profiles[i], text, failed ? &more : &err) < 0)
			failed = true;
		free(text);
	}
	if (!failed && unotify_policy_compile(p, &err) == 0)
		return p;
	/* every mistake of the text at once (the first is ERR) */
	if (!p->nerrors)
		print_error(&err);
	for (size_t i = 0; i < p->nerrors; i++)
		warnx_("%s", p->errors[i]);
	if (p->more_errors)
		warnx_("(more errors left out: fix these first)");
	unotify_policy_free(p);
	exit(fail_status);
}
