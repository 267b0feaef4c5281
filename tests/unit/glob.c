/* The path patterns: a table of pattern, path, expected match. */
#include <errno.h>

#include "glob.h"
#include "tap.h"

static const struct {
	const char *pattern, *path;
	bool match;
} cases[] = {
	{ "/tmp/**", "/tmp/a", true },
	{ "/tmp/**", "/tmp/a/b/c", true },
	{ "/tmp/**", "/tmp", false },
	{ "/tmp/**", "/tmp/", true },
	{ "/tmp/**", "/tmpx/a", false },
	{ "/tmp/*", "/tmp/a", true },
	{ "/tmp/*", "/tmp/a/b", false },
	{ "/tmp/*", "/tmp/", true },
	{ "/a/**/b", "/a/b", true },
	{ "/a/**/b", "/a/x/y/b", true },
	{ "/a/**/b", "/a/xb", false },
	{ "/a/**/b", "/a/x/yb", false },
	{ "/a/?", "/a/x", true },
	{ "/a/?", "/a/", false },
	{ "/a/?", "/a/xy", false },
	{ "/a/[bc]", "/a/c", true },
	{ "/a/[bc]", "/a/d", false },
	{ "/a/[!bc]", "/a/d", true },
	{ "/a/[!bc]", "/a/b", false },
	{ "/a/[!bc]x", "/a//x", false },
	{ "/a/[a-z]*", "/a/q123", true },
	{ "/a/[]]", "/a/]", true },
	{ "/a/\\*", "/a/*", true },
	{ "/a/\\*", "/a/x", false },
	{ "./**", "./b", true },
	{ "./**", "./b/c", true },
	{ "./**", "b", false },
	{ "./*", "./b", true },
	{ "/bye", "/bye", true },
	{ "/bye", "/bye/", false },
	{ "**", "anything/at/all", true },
	{ "/x/*.c", "/x/main.c", true },
	{ "/x/*.c", "/x/dir/main.c", false },
	{ "/**/*.c", "/x/dir/main.c", true },
	{ "a b", "a b", true },
};

static const struct {
	const char *pattern;
	size_t pos;
	const char *msg;
} bad[] = {
	{ "", 0, "empty pattern" },
	{ "/a/[bc", 3, "unterminated '[' class" },
	{ "/a/**x", 3, "'**' must be a whole path component" },
	{ "/a/x**", 4, "'**' must be a whole path component" },
	{ "/a/***", 3, "'**' must be a whole path component" },
	{ "/a/\\", 3, "trailing backslash" },
	{ "/a/[z-a]", 3, "reversed range in '[' class" },
	{ "/a/[.-0]", 3, "a '[' class cannot match '/'" },
};

int main(void)
{
	char big[4097];

	tap_plan((int)(sizeof(cases) / sizeof(cases[0]) + 2 * (sizeof(bad) / sizeof(bad[0])) + 1));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct glob *g = NULL;
		size_t pos;
		const char *msg;
		bool m = false;

		if (glob_compile(cases[i].pattern, &g, &pos, &msg) == 0)
			m = glob_match(g, cases[i].path, strlen(cases[i].path));
		ok(g && m == cases[i].match, "'%s' %s '%s'", cases[i].pattern,
		   cases[i].match ? "matches" : "does not match", cases[i].path);
		glob_free(g);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct glob *g = NULL;
		size_t pos = 99;
		const char *msg = "";
		int r = glob_compile(bad[i].pattern, &g, &pos, &msg);

		ok(r == -EINVAL && strcmp(msg, bad[i].msg) == 0, "'%s' is rejected: %s",
		   bad[i].pattern, msg);
		is_int(pos, bad[i].pos, "'%s': the fault's offset", bad[i].pattern);
		glob_free(g);
	}
	/* Many stars against a long path: linear, not exponential. */
	{
		struct glob *g = NULL;
		size_t pos;
		const char *msg;

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		glob_compile("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", &g, &pos, &msg);
		ok(!glob_match(g, big, strlen(big)),
		   "a pathological pattern fails fast on a long path");
		glob_free(g);
	}
	return tap_done();
}
