/* unotify groups: the system-call groups (@NAME) a rule may name. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "groups.h"
#include "tool.h"

static void _usage(FILE *f)
{
	fprintf(f, "Usage: unotify groups [NAME]...\n"
		   "List the system-call groups a rule may name (@clock, @file-system, ...),\n"
		   "as systemd names them; with NAME, the members of each (a group a group\n"
		   "holds is shown as @NAME).  Exit status: 0; 1 for an unknown NAME; 2 on a\n"
		   "usage error.\n");
}

int cmd_groups(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		if (c == 'h') {
			_usage(stdout);
			return 0;
		}
		_usage(stderr);
		return 2;
	}
	if (optind == argc) {
		for (size_t i = 0; i < sys_ngroups; i++)
			printf("%-18s %s\n", sys_groups[i].name, sys_groups[i].description);
		return 0;
	}
	for (; optind < argc; optind++) {
		char name[64];
		const struct sys_group *g;

		snprintf(name, sizeof(name), "%s%s", argv[optind][0] == '@' ? "" : "@",
			 argv[optind]);
		g = group_find(name);
		if (!g) {
			warnx_("unknown group '%s' (`unotify groups` lists them)", name);
			status = 1;
			continue;
		}
		printf("%s\n    # %s\n", g->name, g->description);
		for (const char *const *m = g->members; *m; m++)
			printf("    %s\n", *m);
	}
	return status;
}
