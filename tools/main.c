/* unotify: run a program under a policy of system-call rules. */
#include <stdio.h>
#include <string.h>

#include "tool.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "run", cmd_run, "run a command under a policy" },
	{ "trace", cmd_trace, "run a command with its calls reported (observation, not a boundary)" },
	{ "record", cmd_record, "run a command once and write a policy for that run" },
	{ "import", cmd_import, "print the rules of an OCI seccomp profile (Docker's)" },
	{ "export", cmd_export, "print a policy as an OCI seccomp profile, for runc and an agent" },
	{ "agent", cmd_agent, "serve the listeners runc and crun hand over (seccomp agent)" },
	{ "check", cmd_check, "validate policies and show where each rule is decided" },
	{ "calls", cmd_calls, "list the calls with a path argument and what a path rule does" },
	{ "groups", cmd_groups, "list the system-call groups (@NAME) and their members" },
	{ "classes", cmd_classes, "list the access classes (@write, @read, @exec) and their calls" },
	{ "profiles", cmd_profiles, "list the ready-made policies (--profile NAME)" },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: unotify COMMAND [OPTION...]\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nOptions:\n  -h, --help     show this help\n  --version      print "
		   "unotify's version\n\n'unotify COMMAND --help' describes a command.  The rule "
		   "language: docs/rules.md, or unotify.policy(5).\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("unotify %s\n", UNOTIFY_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			/* getopt's own messages start "unotify: COMMAND: ", as ours */
			static char name[64];

			snprintf(name, sizeof(name), "unotify: %s", commands[i].name);
			argv[1] = name;
			return commands[i].fn(argc - 1, argv + 1);
		}
	warnx_("unknown command '%s'", argv[1]);
	usage(stderr);
	return 2;
}
