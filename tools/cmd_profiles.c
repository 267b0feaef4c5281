/* unotify profiles: the ready-made policies, and how --profile NAME finds
 * one.  A profile is NAME.policy in the first of these directories that
 * has it:
 *   - each directory of $UNOTIFY_PROFILE_PATH (':'-separated);
 *   - DIR/../share/unotify/profiles, DIR being where the unotify binary
 *     is (an installed tree, wherever it was moved);
 *   - DIR/../profiles (the source tree, for build/unotify);
 *   - PROFILE_DIR, where `make install` put them.
 * Its purpose is its first comment line. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

#ifndef PROFILE_DIR
#define PROFILE_DIR "/usr/local/share/unotify/profiles"
#endif

#define MAX_DIRS 64

/* The directories to look in, in order, into DIRS (each malloc'd). */
static size_t _dirs(char **dirs)
{
	const char *env = getenv("UNOTIFY_PROFILE_PATH");
	char exe[PATH_MAX], *slash;
	size_t n = 0;
	ssize_t len;

	if (env && *env) {
		char *copy = strdup(env), *save = NULL;

		for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; d && n < MAX_DIRS - 3;
		     d = strtok_r(NULL, ":", &save))
			dirs[n++] = strdup(d);
		free(copy);
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (asprintf(&dirs[n], "%s/../share/unotify/profiles", exe) >= 0)
				n++;
			if (asprintf(&dirs[n], "%s/../profiles", exe) >= 0)
				n++;
		}
	}
	dirs[n++] = strdup(PROFILE_DIR);
	return n;
}

static void _free_dirs(char **dirs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
}

/* Whether NAME is a profile name: lower-case letters, digits and '-'. */
static bool _valid(const char *name)
{
	if (!*name)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return false;
	return true;
}

static char *kept[64];
static size_t nkept;

char *profile_path(const char *name, int fail_status)
{
	char *dirs[MAX_DIRS], *path = NULL;
	size_t n;

	if (!_valid(name))
		die(fail_status, "--profile %s: a profile is named by lower-case letters, digits "
				  "and '-' (unotify profiles lists them; a file goes with -p)",
		    name);
	n = _dirs(dirs);
	for (size_t i = 0; i < n && !path; i++) {
		if (!dirs[i] || asprintf(&path, "%s/%s.policy", dirs[i], name) < 0) {
			path = NULL;
			continue;
		}
		if (access(path, R_OK) != 0) {
			free(path);
			path = NULL;
		} else {
			char *real = realpath(path, NULL);

			if (real) {
				free(path);
				path = real;
			}
		}
	}
	_free_dirs(dirs, n);
	if (!path)
		die(fail_status, "no profile '%s' (unotify profiles lists them)", name);
	/* The paths live as long as the command: kept here, not leaked. */
	if (nkept < sizeof(kept) / sizeof(kept[0]))
		kept[nkept++] = path;
	return path;
}

/* The first comment line of FILE, without its "# ", into OUT. */
static void _purpose(const char *file, char *out, size_t size)
{
	FILE *f = fopen(file, "re");
	char line[512];

	snprintf(out, size, "(no description)");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] != '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(out, size, "%s", line + 1 + (line[1] == ' '));
		break;
	}
	fclose(f);
}

static int _cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_profiles(int argc, char **argv)
{
	char *dirs[MAX_DIRS], **names = NULL;
	size_t n, nnames = 0;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("Usage: unotify profiles\n\n"
		       "Lists the ready-made policies, each with its purpose and file.\n"
		       "`unotify run --profile NAME` loads one; `unotify check --profile NAME`\n"
		       "shows its rules and where each is decided.  They are looked for in\n"
		       "$UNOTIFY_PROFILE_PATH (':'-separated), beside the unotify binary\n"
		       "(../share/unotify/profiles, ../profiles), and in %s.\n",
		       PROFILE_DIR);
		return 0;
	}
	if (argc > 1)
		die(2, "profiles: no arguments expected (see unotify profiles --help)");
	n = _dirs(dirs);
	for (size_t i = 0; i < n; i++) {
		DIR *d = dirs[i] ? opendir(dirs[i]) : NULL;
		struct dirent *e;

		while (d && (e = readdir(d))) {
			size_t len = strlen(e->d_name);
			char name[NAME_MAX + 1];
			bool seen = false;

			if (len <= 7 || strcmp(e->d_name + len - 7, ".policy") != 0)
				continue;
			snprintf(name, sizeof(name), "%.*s", (int)(len - 7), e->d_name);
			if (!_valid(name))
				continue;
			for (size_t j = 0; j < nnames && !seen; j++)
				seen = strcmp(names[j], name) == 0;
			if (seen)
				continue;
			names = realloc(names, (nnames + 1) * sizeof(*names));
			if (!names)
				die(EXIT_UNOTIFY, "out of memory");
			names[nnames++] = strdup(name);
		}
		if (d)
			closedir(d);
	}
	_free_dirs(dirs, n);
	if (!nnames)
		die(EXIT_UNOTIFY, "no profiles found (looked in $UNOTIFY_PROFILE_PATH, beside the "
				  "binary, and in %s)",
		    PROFILE_DIR);
	qsort(names, nnames, sizeof(*names), _cmp);
	for (size_t i = 0; i < nnames; i++) {
		char *path = profile_path(names[i], EXIT_UNOTIFY), purpose[512];

		_purpose(path, purpose, sizeof(purpose));
		printf("%-12s %s\n%-12s %s\n", names[i], purpose, "", path);
		free(names[i]);
	}
	free(names);
	return 0;
}
