/* unotify run: run a command under a policy. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "audit.h"
#include "logfile.h"
#include "tool.h"

static void _usage(FILE *f)
{
	fprintf(f, "Usage: unotify run [OPTION...] [--] COMMAND [ARG...]\n"
		   "Run COMMAND under a policy of system-call rules.\n\n"
		   "  -p, --policy FILE     read rules from FILE (repeatable, in order)\n"
		   "      --profile NAME    read the ready-made profile NAME, in order with\n"
		   "                        the files (unotify profiles lists them)\n"
		   "      --seccomp-profile FILE  an OCI seccomp profile (Docker's default.json):\n"
		   "                        its rules after the files' and -e's (unotify import)\n"
		   "      --clean-env       give COMMAND only PATH, HOME, USER, LOGNAME, SHELL,\n"
		   "                        TERM, LANG, LANGUAGE, LC_*, TZ, TMPDIR and PWD of the\n"
		   "                        environment (the policy's ${NAME} still read all)\n"
		   "      --keep-env NAME   keep NAME too (repeatable; implies --clean-env)\n"
		   "  -e, --rule RULE       add one rule after the files (repeatable)\n"
		   "  -v, --verbose         print a line for every supervised call\n"
		   "      --log FILE        append JSON Lines audit records to FILE (kept where\n"
		   "                        COMMAND cannot reach them, put in place at the end)\n"
		   "      --log-fd N        write them to fd N, which the caller opened (a pipe, a\n"
		   "                        file outside the sandbox): they survive a kill\n"
		   "      --log-lossy       when a record cannot be written, count it and go on\n"
		   "                        (default: end COMMAND and exit 125)\n"
		   "      --interruptible   let signals interrupt a call the supervisor holds\n"
		   "      --no-sync-wakeup  do not ask for synchronous wake-ups (Linux 6.6)\n"
		   "      --allow-setuid    install the filter without no_new_privs\n"
		   "                        (needs CAP_SYS_ADMIN), so setuid programs work\n"
		   "      --allow-tiocsti   let COMMAND push input into its terminal\n"
		   "                        (ioctl TIOCSTI, TIOCLINUX; refused by default)\n"
		   "      --no-lock-layer   do not fence unotify off from COMMAND with\n"
		   "                        Landlock (used where the kernel has it, 6.12+)\n"
		   "      --scope-abstract-unix  also keep COMMAND from abstract UNIX\n"
		   "                        sockets outside the sandbox (X11, D-Bus use them)\n"
		   "      --landlock=auto|require|off  decide path rules in Landlock where it\n"
		   "                        gives exactly their result (auto, the default);\n"
		   "                        require: fail when it cannot; off: never\n"
		   "      --end-with-command  when COMMAND exits, end its descendants\n"
		   "                        (SIGTERM, then SIGKILL) rather than wait for them\n"
		   "      --grace SECONDS   SIGKILL what is left this long after ending the\n"
		   "                        tree (SIGINT/SIGTERM/SIGHUP/SIGQUIT to unotify);\n"
		   "                        default 5\n"
		   "      --workers N       serve up to N calls at once (default: one per\n"
		   "                        CPU); a slow call gets a worker of its own\n"
		   "  -h, --help            show this help\n\n"
		   "Exit status: COMMAND's own; 128+N if it died of signal N; 127 if it was\n"
		   "not found; 126 if it could not be executed; 125 if unotify failed.\n");
}

enum {
	OPT_LOG = 256,
	OPT_INTERRUPTIBLE,
	OPT_NO_SYNC,
	OPT_ALLOW_SETUID,
	OPT_ALLOW_TIOCSTI,
	OPT_NO_LOCK,
	OPT_END_WITH_COMMAND,
	OPT_GRACE,
	OPT_WORKERS,
	OPT_ABSTRACT,
	OPT_LANDLOCK,
	OPT_PROFILE,
	OPT_CLEAN_ENV,
	OPT_KEEP_ENV,
	OPT_LOG_FD,
	OPT_LOG_LOSSY,
	OPT_SECCOMP_PROFILE,
};

static const struct option longopts[] = {
	{ "policy", required_argument, NULL, 'p' },
	{ "rule", required_argument, NULL, 'e' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "interruptible", no_argument, NULL, OPT_INTERRUPTIBLE },
	{ "no-sync-wakeup", no_argument, NULL, OPT_NO_SYNC },
	{ "allow-setuid", no_argument, NULL, OPT_ALLOW_SETUID },
	{ "allow-tiocsti", no_argument, NULL, OPT_ALLOW_TIOCSTI },
	{ "no-lock-layer", no_argument, NULL, OPT_NO_LOCK },
	{ "end-with-command", no_argument, NULL, OPT_END_WITH_COMMAND },
	{ "grace", required_argument, NULL, OPT_GRACE },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "scope-abstract-unix", no_argument, NULL, OPT_ABSTRACT },
	{ "landlock", required_argument, NULL, OPT_LANDLOCK },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "clean-env", no_argument, NULL, OPT_CLEAN_ENV },
	{ "log-fd", required_argument, NULL, OPT_LOG_FD },
	{ "seccomp-profile", required_argument, NULL, OPT_SECCOMP_PROFILE },
	{ "log-lossy", no_argument, NULL, OPT_LOG_LOSSY },
	{ "keep-env", required_argument, NULL, OPT_KEEP_ENV },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct run_args {
	char **files, **rules, **keep;
	int nfiles, nrules, nkeep;
	bool clean_env;
	const char *log, *log_fd;
	bool log_lossy;
	unsigned policy_flags;
	struct unotify_options opts;
};

static void _push(char ***v, int *n, char *s)
{
	*v = realloc(*v, (size_t)(*n + 1) * sizeof(**v));
	if (!*v)
		die(EXIT_UNOTIFY, "out of memory");
	(*v)[(*n)++] = s;
}

/* "SECONDS" (decimals allowed, at most an hour) in milliseconds, or dies. */
static unsigned _seconds_ms(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0 && v <= 3600))
		die(EXIT_UNOTIFY, "run: --grace takes seconds from 0 to 3600, not '%s'", s);
	return (unsigned)(v * 1000 + 0.5);
}

/* "N" workers, 1 to 1024, or dies. */
static unsigned _workers(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v < 1 || v > 1024)
		die(EXIT_UNOTIFY, "run: --workers takes a number from 1 to 1024, not '%s'", s);
	return (unsigned)v;
}

/* Parses the options; returns the index of COMMAND in argv. */
static int _parse(int argc, char **argv, struct run_args *a)
{
	int c;

	unotify_options_init(&a->opts);
	optind = 1;
	while ((c = getopt_long(argc, argv, "+p:e:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			_push(&a->files, &a->nfiles, optarg);
			break;
		case OPT_SECCOMP_PROFILE:
			add_seccomp_profile(optarg);
			break;
		case OPT_LOG_FD:
			a->log_fd = optarg;
			break;
		case OPT_LOG_LOSSY:
			a->log_lossy = true;
			break;
		case OPT_CLEAN_ENV:
			a->clean_env = true;
			break;
		case OPT_KEEP_ENV:
			if (!*optarg || strchr(optarg, '='))
				die(EXIT_UNOTIFY, "run: --keep-env takes a variable's name, not '%s'",
				    optarg);
			a->clean_env = true;
			_push(&a->keep, &a->nkeep, optarg);
			break;
		case OPT_PROFILE:
			_push(&a->files, &a->nfiles, profile_path(optarg, EXIT_UNOTIFY));
			break;
		case 'e':
			_push(&a->rules, &a->nrules, optarg);
			break;
		case 'v':
			a->opts.flags |= UNOTIFY_F_VERBOSE;
			break;
		case OPT_LOG:
			a->log = optarg;
			break;
		case OPT_INTERRUPTIBLE:
			a->opts.flags |= UNOTIFY_F_INTERRUPTIBLE;
			break;
		case OPT_NO_SYNC:
			a->opts.flags |= UNOTIFY_F_NO_SYNC_WAKEUP;
			break;
		case OPT_ALLOW_SETUID:
			a->opts.flags |= UNOTIFY_F_NO_NEW_PRIVS_OFF;
			break;
		case OPT_ALLOW_TIOCSTI:
			a->policy_flags |= UNOTIFY_P_ALLOW_TIOCSTI;
			break;
		case OPT_NO_LOCK:
			a->opts.flags |= UNOTIFY_F_NO_LOCK_LAYER;
			break;
		case OPT_END_WITH_COMMAND:
			a->opts.flags |= UNOTIFY_F_END_WITH_COMMAND;
			break;
		case OPT_GRACE:
			a->opts.grace_ms = _seconds_ms(optarg);
			break;
		case OPT_WORKERS:
			a->opts.workers = _workers(optarg);
			break;
		case OPT_ABSTRACT:
			a->opts.flags |= UNOTIFY_F_SCOPE_ABSTRACT_UNIX;
			break;
		case OPT_LANDLOCK:
			a->policy_flags = (a->policy_flags & UNOTIFY_P_ALLOW_TIOCSTI) |
					  landlock_mode(optarg, "run");
			break;
		case 'h':
			_usage(stdout);
			exit(0);
		default:
			_usage(stderr);
			exit(EXIT_UNOTIFY);
		}
	}
	if (optind >= argc) {
		warnx_("run: no command given");
		_usage(stderr);
		exit(EXIT_UNOTIFY);
	}
	if (a->nfiles == 0 && a->nrules == 0 && nseccomp_profiles == 0)
		die(EXIT_UNOTIFY, "run: no policy: give -p FILE, -e RULE or --seccomp-profile FILE");
	return optind;
}

/* The environment COMMAND gets under --clean-env: the variables programs
 * need to run (and the user's locale), and those named by --keep-env;
 * everything else (tokens, sockets' addresses, credentials) dropped. */
static void _clean_env(char **keep, int nkeep)
{
	static const char *const base[] = { "PATH", "HOME",	"USER", "LOGNAME", "SHELL", "TERM",
					    "LANG", "LANGUAGE", "TZ",	"TMPDIR",  "PWD" };
	static char **kept;
	size_t n = 0, k = 0;

	for (char **e = environ; e && *e; e++)
		n++;
	kept = calloc(n + 1, sizeof(*kept));
	if (!kept)
		die(EXIT_UNOTIFY, "out of memory");
	for (char **e = environ; e && *e; e++) {
		size_t len = strcspn(*e, "=");
		bool keep_it = strncmp(*e, "LC_", 3) == 0;

		for (size_t i = 0; !keep_it && i < sizeof(base) / sizeof(base[0]); i++)
			keep_it = strlen(base[i]) == len && strncmp(*e, base[i], len) == 0;
		for (int i = 0; !keep_it && i < nkeep; i++)
			keep_it = strlen(keep[i]) == len && strncmp(*e, keep[i], len) == 0;
		if (keep_it)
			kept[k++] = *e;
	}
	environ = kept;
}

/* Says at start what -v/--log change: refusals the filter would answer
 * go through the supervisor (the same answer), which may give the command
 * a listener it would not have had. */
static void _say_shown(const struct unotify_policy *p)
{
	size_t routed = 0, other = 0;

	for (size_t i = 0; i < p->nsys; i++)
		for (size_t k = 0; k < p->sys[i]->ninst; k++) {
			const struct inst *in = p->sys[i]->insts[k];
			const struct rule *r = in->rule;

			if (!in->supervised || p->sys[i]->landlock)
				continue;
			if (r->action == ACT_ERRNO && !in->has_path && !r->log && !r->stop &&
			    !r->delay_ms && !r->when_first && !r->implicit)
				routed++;
			else
				other++;
		}
	if (routed)
		warnx_("-v/--log: %zu refusal%s the filter would answer %s answered by the "
		       "supervisor, the same, so that %s seen%s",
		       routed, routed == 1 ? "" : "s", routed == 1 ? "is" : "are",
		       routed == 1 ? "it is" : "they are",
		       other ? ""
			     : " (the command gets a listener: the lock layer applies, and a "
			       "unotify inside cannot listen)");
}

/* The first audit record lost: the run ends (SIGTERM to unotify, which
 * ends the tree), failing closed. */
static void _lost(void)
{
	kill(getpid(), SIGTERM);
}

int cmd_run(int argc, char **argv)
{
	struct run_args a = { 0 };
	struct unotify_policy *p;
	struct unotify_error err;
	struct logfile lf = { .fd = -1, .dirfd = -1 };
	unsigned long lost;
	int cmd = _parse(argc, argv, &a), status = EXIT_UNOTIFY, ret, r, e;

	if (a.log && a.log_fd)
		die(EXIT_UNOTIFY, "run: --log and --log-fd: one place for the records");
	/* what -v and --log are for: the filter's refusals shown too */
	if ((a.opts.flags & UNOTIFY_F_VERBOSE) || a.log || a.log_fd)
		a.policy_flags |= UNOTIFY_P_SHOW_REFUSALS;
	p = load_policy(a.files, a.nfiles, a.rules, a.nrules, a.policy_flags, EXIT_UNOTIFY);
	if (a.policy_flags & UNOTIFY_P_SHOW_REFUSALS)
		_say_shown(p);
	if (a.log && (r = logfile_open(&lf, a.log)) < 0)
		die(EXIT_UNOTIFY, "--log %s: %s; nothing ran", a.log,
		    r == -ELOOP    ? "a symbolic link (the earlier records are never read through one)"
		    : r == -EINVAL ? "not a regular file"
				   : strerror(-r));
	if (a.log_fd && (r = logfile_fd(&lf, a.log_fd)) < 0)
		die(EXIT_UNOTIFY, "--log-fd %s: %s", a.log_fd,
		    r == -EINVAL ? "not an fd number" : "not open for writing");
	a.opts.log_fd = lf.fd;
	if (!a.log_lossy) /* fail closed: a record lost ends the run */
		audit_on_lost(_lost);
	if (a.clean_env) /* (after the policy: its ${NAME} read the whole environment) */
		_clean_env(a.keep, a.nkeep);
	ret = unotify_run(p, argv + cmd, &a.opts, &status, &err);
	if (ret < 0 || err.code)
		print_error(&err);
	if (ret < 0)
		status = EXIT_UNOTIFY;
	unotify_policy_free(p);
	free(a.files);
	free(a.rules);
	free(a.keep);
	audit_finish(lf.fd, 5000);
	lost = audit_lost(&e);
	if (lost && !a.log_lossy) {
		warnx_("an audit record could not be written (%s): the command was ended, as "
		       "--log-lossy was not given",
		       strerror(e));
		status = EXIT_UNOTIFY;
	} else if (lost) {
		warnx_("%lu audit record%s could not be written (%s)", lost, lost == 1 ? "" : "s",
		       strerror(e));
	}
	if ((r = logfile_close(&lf)) < 0) {
		warnx_("--log %s: the records could not be put in place: %s", a.log, strerror(-r));
		status = EXIT_UNOTIFY;
	}
	return status;
}
