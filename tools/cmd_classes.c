/* unotify classes: the access classes (@write, @read, @exec) and their
 * members, from the table the parser uses (classes.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "classes.h"
#include "tool.h"

static void _usage(FILE *f)
{
	fprintf(f, "Usage: unotify classes [--markdown] [NAME]...\n"
		   "List the access classes a rule may name (@write, @read, @exec): each\n"
		   "stands for the calls that do its kind of access by name, with the path\n"
		   "argument of each that its `pathname` condition stands for.  With NAME,\n"
		   "those classes only; --markdown prints the table of docs/rules.md.\n"
		   "Exit status: 0; 1 for an unknown NAME; 2 on a usage error.\n");
}

static void _print(const struct access_class *k, bool md)
{
	if (md) {
		printf("\n`%s`: %s%s.\n\n| calls | `pathname` is | also |\n|---|---|---|\n",
		       k->name, k->summary,
		       k->refuse_only ? " (refused, or let through with `continue`: "
					"these calls cannot be emulated)"
				      : "");
		for (size_t i = 0; i < k->nmembers; i++) {
			const struct class_member *m = &k->members[i];

			printf("| %s | %s | ", m->calls, m->args ? m->args : "—");
			if (m->extra) { /* a '|' would end the cell */
				putchar('`');
				for (const char *x = m->extra; *x; x++)
					printf(*x == '|' ? "\\|" : "%c", *x);
				printf("`; ");
			}
			printf("%s |\n", m->note);
		}
		return;
	}
	printf("%s\n    # %s\n", k->name, k->summary);
	for (size_t i = 0; i < k->nmembers; i++) {
		const struct class_member *m = &k->members[i];

		printf("    %s: %s%s%s\n        %s\n", m->calls, m->args ? m->args : "(none)",
		       m->extra ? ", " : "", m->extra ? m->extra : "", m->note);
	}
}

int cmd_classes(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "markdown", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool md = false;
	int c, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		if (c == 'h') {
			_usage(stdout);
			return 0;
		}
		if (c != 'm') {
			_usage(stderr);
			return 2;
		}
		md = true;
	}
	if (optind == argc) {
		for (size_t i = 0; i < access_nclasses; i++)
			_print(&access_classes[i], md);
		return 0;
	}
	for (; optind < argc; optind++) {
		char name[64];
		const struct access_class *k;

		snprintf(name, sizeof(name), "%s%s", argv[optind][0] == '@' ? "" : "@",
			 argv[optind]);
		k = class_find(name, strlen(name));
		if (!k) {
			warnx_("unknown class '%s' (`unotify classes` lists them)", name);
			status = 1;
			continue;
		}
		_print(k, md);
	}
	return status;
}
