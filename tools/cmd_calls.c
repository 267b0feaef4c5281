/* unotify calls: every call with a path argument, and what a path rule
 * can do with it (the table the supervisor itself uses, emulate.c). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "emulate.h"
#include "tool.h"

static void _usage(FILE *f)
{
	fprintf(f, "Usage: unotify calls [--markdown] [CALL]...\n"
		   "List every system call with a path argument and its class: emulated\n"
		   "(an allow after a path check is performed by the supervisor),\n"
		   "continue-only (refused, or let through with an explicit continue, safe\n"
		   "for the reason given) or refused-only (only refusing is safe).\n"
		   "--markdown prints the table of docs/calls.md.\n"
		   "Exit status: 0; 1 when a CALL named has no path argument; 2 on a usage\n"
		   "error.\n");
}

const char *emu_class_name(enum emu_class c)
{
	return c == EMU_EMULATED ? "emulated" : c == EMU_CONTINUE ? "continue-only" : "refused-only";
}

/* E's row; a sibling with no note of its own (mkdirat) is "as" the call
 * whose name it holds (mkdir). */
static void _row(const struct emu_entry *e, const struct emu_entry *prev, bool md)
{
	char as[64] = "";
	const char *note = e->note;

	if (!note[0] && prev && strstr(e->name, prev->name)) {
		snprintf(as, sizeof(as), "as %s", prev->name);
		note = as;
	}
	if (md)
		printf("| `%s` | %s | %s | %s |\n", e->name, emu_class_name(e->class), e->group,
		       note);
	else
		printf("%-18s %-14s %-22s %s\n", e->name, emu_class_name(e->class), e->group, note);
}

int cmd_calls(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "markdown", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct emu_entry *t;
	bool md = false;
	int c, status = 0;
	size_t n;

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
	if (md)
		printf("| call | class | acts on | notes |\n|---|---|---|---|\n");
	if (optind < argc) {
		for (; optind < argc; optind++) {
			const struct emu_entry *e = emulate_entry(argv[optind]);

			if (e) {
				_row(e, NULL, md);
			} else {
				warnx_("%s has no path argument: path rules do not apply to it",
				       argv[optind]);
				status = 1;
			}
		}
		return status;
	}
	t = emulate_table(&n);
	for (size_t i = 0, named = 0; i < n; i++) {
		_row(&t[i], t[i].note[0] ? NULL : &t[named], md);
		if (t[i].note[0])
			named = i;
	}
	return 0;
}
