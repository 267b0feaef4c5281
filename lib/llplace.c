/* llplace: rules placed in Landlock, and the bound (see llplace.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "landlock.h"
#include "llplace.h"
#include "net.h"

/* A call a right gates, and which of its path arguments: ARGS lists them
 * (-1 ends); NONE: a call with no path (ftruncate), only refused outright
 * counts; JUDGED: bind, judged as mknodat where mknod has path rules. */
enum gate_kind { G_PATHS, G_NONE, G_JUDGED };

struct gate {
	const char *call;
	enum gate_kind kind;
	int8_t args[2];
};

/* The rename family moves a directory with every right it holds beneath
 * it: where it would gain one, Landlock refuses with EXDEV.  Both its
 * paths are gated by every directory right, so that whatever rename the
 * policy allows stays beneath the granted trees. */
#define RENAMES                                                                      \
	{ "rename", G_PATHS, { 0, 1 } }, { "renameat", G_PATHS, { 1, 3 } },         \
	{                                                                            \
		"renameat2", G_PATHS, { 1, 3 }                                       \
	}
#define LINKS { "link", G_PATHS, { 1, -1 } }, { "linkat", G_PATHS, { 3, -1 } }
#define END   { NULL, G_PATHS, { -1, -1 } }
#define OPENS                                                                        \
	{ "open", G_PATHS, { 0, -1 } }, { "openat", G_PATHS, { 1, -1 } },           \
		{ "openat2", G_PATHS, { 1, -1 } }, { "creat", G_PATHS, { 0, -1 } }

struct right {
	uint64_t bit;
	const char *name;
	int abi;
	struct gate defs[3]; /* the calls it stands for: placed when exact */
	struct gate gates[12];
	/* Opens with none of these flags cannot use the right: without
	 * O_CREAT no file is made; without O_TRUNC and write access none is
	 * truncated, then or later (ftruncate). */
	uint32_t inert;
};

/* clang-format off */
static const struct right rights[] = {
	{ LL_MAKE_DIR, "MAKE_DIR", 2,
	  { { "mkdir", G_PATHS, { 0, -1 } }, { "mkdirat", G_PATHS, { 1, -1 } }, END },
	  { RENAMES, END }, 0 },
	{ LL_REMOVE_DIR, "REMOVE_DIR", 2,
	  { { "rmdir", G_PATHS, { 0, -1 } }, { "unlinkat", G_PATHS, { 1, -1 } }, END },
	  { RENAMES, END }, 0 },
	{ LL_REMOVE_FILE, "REMOVE_FILE", 2,
	  { { "unlink", G_PATHS, { 0, -1 } }, { "unlinkat", G_PATHS, { 1, -1 } }, END },
	  { RENAMES, END }, 0 },
	{ LL_MAKE_SYM, "MAKE_SYM", 2,
	  { { "symlink", G_PATHS, { 1, -1 } }, { "symlinkat", G_PATHS, { 2, -1 } }, END },
	  { RENAMES, LINKS, END }, 0 },
	{ LL_MAKE_REG, "MAKE_REG", 2,
	  { { "mknod", G_PATHS, { 0, -1 } }, { "mknodat", G_PATHS, { 1, -1 } }, END },
	  { OPENS, RENAMES, LINKS, END },
	  O_CREAT },
	{ LL_MAKE_FIFO, "MAKE_FIFO", 2,
	  { { "mknod", G_PATHS, { 0, -1 } }, { "mknodat", G_PATHS, { 1, -1 } }, END },
	  { RENAMES, LINKS, END }, 0 },
	{ LL_MAKE_SOCK, "MAKE_SOCK", 2,
	  { { "mknod", G_PATHS, { 0, -1 } }, { "mknodat", G_PATHS, { 1, -1 } }, END },
	  { { "bind", G_JUDGED, { -1, -1 } }, RENAMES, LINKS, END }, 0 },
	{ LL_MAKE_CHAR, "MAKE_CHAR", 2,
	  { { "mknod", G_PATHS, { 0, -1 } }, { "mknodat", G_PATHS, { 1, -1 } }, END },
	  { RENAMES, LINKS, END }, 0 },
	{ LL_MAKE_BLOCK, "MAKE_BLOCK", 2,
	  { { "mknod", G_PATHS, { 0, -1 } }, { "mknodat", G_PATHS, { 1, -1 } }, END },
	  { RENAMES, LINKS, END }, 0 },
	{ LL_TRUNCATE, "TRUNCATE", 3,
	  { { "truncate", G_PATHS, { 0, -1 } }, END, END },
	  { OPENS, { "ftruncate", G_NONE, { -1, -1 } }, RENAMES, LINKS, END },
	  O_TRUNC | O_WRONLY | O_RDWR },
};
/* clang-format on */

#define NRIGHTS ((int)(sizeof(rights) / sizeof(rights[0])))

const uint64_t ll_rights_shown[] = { LL_MAKE_DIR,  LL_REMOVE_DIR, LL_REMOVE_FILE, LL_MAKE_SYM,
				     LL_MAKE_REG,  LL_MAKE_FIFO,  LL_MAKE_SOCK,	  LL_MAKE_CHAR,
				     LL_MAKE_BLOCK, LL_TRUNCATE };
const int ll_nrights_shown = NRIGHTS;

static int _index(uint64_t bit)
{
	for (int i = 0; i < LL_NRIGHTS; i++)
		if (bit == 1ull << i)
			return i;
	return 0;
}

const char *ll_right_name(uint64_t bit)
{
	for (int i = 0; i < NRIGHTS; i++)
		if (rights[i].bit == bit)
			return rights[i].name;
	return bit == LL_REFER ? "REFER" : NULL;
}

/* A set of directories (canonical paths). */
struct dirs {
	char **v;
	size_t n;
};

static void _dirs_free(struct dirs *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
	d->v = NULL;
	d->n = 0;
}

static bool _dirs_has(const struct dirs *d, const char *dir)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i], dir) == 0)
			return true;
	return false;
}

static int _dirs_add(struct dirs *d, const char *dir)
{
	char **v;

	if (_dirs_has(d, dir))
		return 0;
	v = realloc(d->v, (d->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	d->v = v;
	d->v[d->n] = strdup(dir);
	if (!d->v[d->n])
		return -ENOMEM;
	d->n++;
	return 0;
}

static bool _dirs_equal(const struct dirs *a, const struct dirs *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!_dirs_has(b, a->v[i]))
			return false;
	return true;
}

/* PATH is DIR or lies beneath it. */
static bool _beneath(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool _beneath_any(const char *path, const struct dirs *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (_beneath(path, d->v[i]))
			return true;
	return false;
}

static struct sysent *_find(const struct unotify_policy *p, const char *name)
{
	for (size_t i = 0; i < p->nsys; i++)
		if (strcmp(p->sys[i]->name, name) == 0)
			return p->sys[i];
	return NULL;
}

static bool _lets_through(enum action a)
{
	return a == ACT_ALLOW || a == ACT_CONTINUE || a == ACT_EMULATE;
}

/* The path condition of IN on ARG: `ARG=/...` (an absolute glob, equal),
 * or NULL. */
static const struct glob *_path_cond(const struct inst *in, int arg)
{
	for (size_t c = 0; c < in->ncond; c++) {
		const struct cond *cd = &in->conds[c];

		if (cd->arg == arg && cd->glob && cd->absolute && cd->op == OP_EQ &&
		    glob_pattern(cd->glob)[0] == '/')
			return cd->glob;
	}
	return NULL;
}

/* The directory every name GLOB matches lies strictly beneath: its text up
 * to the first wildcard, cut back to the last '/' (the parent of a literal
 * path), into OUT. */
static void _glob_dir(const struct glob *g, char *out, size_t size)
{
	const char *pat = glob_pattern(g);
	size_t lit = strcspn(pat, "*?[\\"), cut = 0;

	for (size_t i = 0; i < lit; i++)
		if (pat[i] == '/')
			cut = i;
	if (pat[lit] == '\0') { /* a literal path: its parent */
		size_t n = strlen(pat);

		while (n > 1 && pat[n - 1] == '/')
			n--;
		cut = 0;
		for (size_t i = 0; i < n; i++)
			if (pat[i] == '/')
				cut = i;
	}
	snprintf(out, size, "%.*s", cut ? (int)cut : 1, pat);
}

/* Whether IN lets G's call through only without the INERT bits in its
 * flags (a condition flags&M=0, or flags=0, with M holding them): open and
 * openat, whose flags the filter reads. */
static bool _inert(const struct inst *in, const struct gate *g, uint32_t inert)
{
	int flags = strcmp(g->call, "open") == 0 ? 1 : strcmp(g->call, "openat") == 0 ? 2 : -1;

	for (size_t c = 0; inert && flags >= 0 && c < in->ncond; c++) {
		const struct cond *cd = &in->conds[c];

		if (cd->arg == flags && !cd->glob && (cd->op == OP_EQ || cd->op == OP_MASK_EQ) && !cd->rt &&
		    cd->value == 0 && (cd->mask & inert) == inert)
			return true;
	}
	return false;
}

/* The canonical form of existing directory DIR, or of its nearest existing
 * ancestor (a wider tree: sound for a bound), into OUT.  0 or -errno. */
static int _existing(const char *dir, char *out)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", dir);
	for (;;) {
		struct stat st;
		char *slash;

		if (realpath(tmp, out) && stat(out, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		slash = strrchr(tmp, '/');
		if (!slash || slash == tmp) {
			snprintf(out, PATH_MAX, "/");
			return 0;
		}
		*slash = '\0';
	}
}

static bool _kept(const struct unotify_policy *p, const struct gate *g, uint32_t inert,
		  const struct dirs *dirs, struct dirs *out, char *why, size_t size)
{
	const struct sysent *s = _find(p, g->call);

	if (g->kind == G_JUDGED && s && s->judge_as)
		return true; /* bind is judged by the rules on mknod */
	for (size_t i = 0; s && i < s->ninst; i++) {
		const struct inst *in = s->insts[i];

		if (!_lets_through(in->rule->action)) {
			if (inst_matches_all(in))
				return true; /* refused from here on */
			continue;
		}
		if (_inert(in, g, inert))
			continue;
		for (int k = 0; k < 2 && g->kind == G_PATHS && g->args[k] >= 0; k++) {
			const struct glob *gl = _path_cond(in, g->args[k]);
			char dir[PATH_MAX], real[PATH_MAX];

			if (!gl) {
				snprintf(why, size, "%s lets %s through without a path condition on %s",
					 in->rule->text, g->call,
					 s->sig ? s->sig->args[g->args[k]].name : "its path");
				return false;
			}
			_glob_dir(gl, dir, sizeof(dir));
			if (out) {
				if (_existing(dir, real) < 0 || _dirs_add(out, real) < 0)
					return false;
			} else if (!_beneath_any(dir, dirs)) {
				snprintf(why, size, "%s lets %s reach %s, outside the granted trees",
					 in->rule->text, g->call, glob_pattern(gl));
				return false;
			}
		}
		if (g->kind != G_PATHS) {
			snprintf(why, size, "%s lets %s through", in->rule->text, g->call);
			return false;
		}
	}
	if (_lets_through(p->dflt)) {
		snprintf(why, size, "the default lets %s through", g->call);
		return false;
	}
	return true;
}

/* Whether DIR is written as the walk names paths: no "//", ".", ".." or
 * trailing '/'. */
static bool _canonical_text(const char *dir)
{
	size_t n = strlen(dir);

	if (dir[0] != '/' || n < 2 || dir[n - 1] == '/' || strstr(dir, "//") ||
	    strstr(dir, "/./") || strstr(dir, "/../"))
		return false;
	return !(n >= 2 && strcmp(dir + n - 2, "/.") == 0) &&
	       !(n >= 3 && strcmp(dir + n - 3, "/..") == 0);
}

/* The trees a defining call's rules allow, when they are exactly an
 * allow-list of `DIR/` `**` and then `errno EACCES`, into D.  Else false with
 * WHY.  A call with no rules is left out (*NAMED false). */
static bool _exact(const struct unotify_policy *p, const struct gate *g, struct dirs *d,
		   bool *named, char *why, size_t size)
{
	const struct sysent *s = _find(p, g->call);
	bool closed = false;

	*named = s && s->ninst > 0;
	for (size_t i = 0; s && i < s->ninst && !closed; i++) {
		const struct inst *in = s->insts[i];
		const struct rule *r = in->rule;
		const struct glob *gl = _path_cond(in, g->args[0]);
		const char *pat = gl ? glob_pattern(gl) : "";
		size_t n = strlen(pat);
		char dir[PATH_MAX];

		if (r->log || r->stop || r->delay_ms || r->when_first) {
			snprintf(why, size, "%s: log, stop, delay and when need the supervisor",
				 r->text);
			return false;
		}
		if (inst_matches_all(in)) {
			if (r->action != ACT_ERRNO || r->value != EACCES) {
				snprintf(why, size,
					 "%s: Landlock answers EACCES: write `errno EACCES` to have "
					 "the kernel enforce this",
					 r->text);
				return false;
			}
			closed = true;
			continue;
		}
		if (!_lets_through(r->action)) {
			snprintf(why, size, "%s: a refusal inside an allowed tree: Landlock only grants",
				 r->text);
			return false;
		}
		if (in->ncond != 1 || !gl || n < 3 || strcmp(pat + n - 3, "/**") != 0 ||
		    strcspn(pat, "*?[\\") != n - 2) {
			snprintf(why, size, "%s: Landlock grants whole trees: only DIR/** is exact",
				 r->text);
			return false;
		}
		snprintf(dir, sizeof(dir), "%.*s", (int)(n - 3), pat);
		if (dir[0] == '\0')
			snprintf(dir, sizeof(dir), "/");
		else if (!_canonical_text(dir)) {
			/* "//x" or "/a/./b": names no canonical path, matches nothing */
			snprintf(why, size, "%s: %s is not a canonical path: the rule matches nothing",
				 r->text, dir);
			return false;
		}
		if (_dirs_add(d, dir) < 0)
			return false;
	}
	if (!closed && !(p->dflt == ACT_ERRNO && p->dflt_value == EACCES)) {
		snprintf(why, size, "%s: the rest is not `errno EACCES`, which Landlock answers",
			 g->call);
		return false;
	}
	return true;
}

/* The calls that remove, move or replace a directory, by the paths that
 * name it (a rename onto an empty directory replaces it; an exchange
 * moves it). */
static const struct gate removers[] = {
	{ "rmdir", G_PATHS, { 0, -1 } },  { "unlinkat", G_PATHS, { 1, -1 } },
	{ "rename", G_PATHS, { 0, 1 } },  { "renameat", G_PATHS, { 1, 3 } },
	{ "renameat2", G_PATHS, { 1, 3 } },
};

/* Whether the policy lets DIR (or an ancestor) be removed or renamed. */
static bool _removable(const struct unotify_policy *p, const char *dir, char *why, size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s", dir);
	while (strcmp(path, "/") != 0 && path[0]) {
		char *slash;

		for (size_t g = 0; g < sizeof(removers) / sizeof(removers[0]); g++) {
			const struct sysent *s = _find(p, removers[g].call);
			bool open = _lets_through(p->dflt);

			for (size_t i = 0; s && i < s->ninst; i++) {
				const struct inst *in = s->insts[i];
				bool hit = false;

				if (!_lets_through(in->rule->action)) {
					if (inst_matches_all(in)) {
						open = false;
						break;
					}
					continue;
				}
				for (int k = 0; k < 2 && removers[g].args[k] >= 0; k++) {
					const struct glob *gl = _path_cond(in, removers[g].args[k]);

					hit |= !gl || glob_match(gl, path, strlen(path));
				}
				if (hit) {
					snprintf(why, size,
						 "%s may remove or rename %s, and a grant sits on "
						 "its inode",
						 in->rule->text, path);
					return true;
				}
			}
			if (open) {
				snprintf(why, size,
					 "the default lets %s remove or rename %s, and a grant sits on "
					 "its inode",
					 removers[g].call, path);
				return true;
			}
		}
		slash = strrchr(path, '/');
		if (slash == path)
			break;
		*slash = '\0';
	}
	return false;
}

/* Undoes mountinfo's octal escapes (\040 for a space) in place. */
static void _unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* One line of /proc/self/mountinfo: the device, the mount's root in its
 * filesystem, its mount point.  False for a line that is not one. */
static bool _mount_line(char *line, char *dev, char *root, char *mnt)
{
	if (sscanf(line, "%*s %*s %63s %4095s %4095s", dev, root, mnt) != 3)
		return false;
	_unescape(root);
	_unescape(mnt);
	return true;
}

/* Whether some mount shows DIR, a part of its tree, or an ancestor of it
 * somewhere else (a bind mount made before the run, even inside DIR):
 * Landlock's grant follows the inode there, where the rules judge by
 * name.  From /proc/self/mountinfo: a mount of DIR's device whose root
 * lies within DIR's place in that filesystem (unless it is mounted within
 * DIR itself), or holds it, other than the mount DIR lives on. */
static bool _aliased(const char *dir, char *why, size_t size)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4 * PATH_MAX], dev[64] = "", rel[PATH_MAX] = "", best[PATH_MAX] = "";
	size_t bestlen = 0;
	bool first = true;

	if (!f)
		return true; /* cannot tell: not exact */
	/* DIR's own mount: the longest mount point it lies beneath (the last
	 * of equal ones: mounted over the others). */
	while (fgets(line, sizeof(line), f)) {
		char d[64], root[PATH_MAX], mnt[PATH_MAX];

		if (!_mount_line(line, d, root, mnt))
			continue;
		if (_beneath(dir, mnt) && (first || strlen(mnt) >= bestlen)) {
			first = false;
			bestlen = strlen(mnt);
			snprintf(dev, sizeof(dev), "%s", d);
			snprintf(best, sizeof(best), "%s", mnt);
			snprintf(rel, sizeof(rel), "%s%s", strcmp(root, "/") ? root : "",
				 dir + (strcmp(mnt, "/") ? strlen(mnt) : 0));
		}
	}
	if (!rel[0])
		snprintf(rel, sizeof(rel), "/");
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		char d[64], root[PATH_MAX], mnt[PATH_MAX];

		if (!_mount_line(line, d, root, mnt) || strcmp(d, dev) != 0 ||
		    strcmp(mnt, best) == 0)
			continue;
		if ((_beneath(root, rel) && !_beneath(mnt, dir)) || _beneath(rel, root)) {
			snprintf(why, size, "%s shows %s or a part of its tree (a bind mount): "
				 "Landlock's grant would follow it there",
				 mnt, dir);
			return true;
		}
	}
	return false;
}

/* Whether D's directories can carry grants: they exist, are canonical
 * directories, keep their inodes, and show nowhere else. */
static bool _grantable(const struct unotify_policy *p, const struct dirs *d, char *why,
		       size_t size)
{
	for (size_t i = 0; i < d->n; i++) {
		char real[PATH_MAX];
		struct stat st;

		if (!realpath(d->v[i], real) || stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
			snprintf(why, size, "%s is not an existing directory", d->v[i]);
			return false;
		}
		if (strcmp(real, d->v[i]) != 0) {
			snprintf(why, size, "%s goes through a symlink (it is %s)", d->v[i], real);
			return false;
		}
		if (_removable(p, d->v[i], why, size) || _aliased(d->v[i], why, size))
			return false;
	}
	return true;
}

static int _set_why(struct ll_layout *l, uint64_t bit, const char *why)
{
	int i = _index(bit);

	free(l->why_owned[i]);
	l->why_owned[i] = strdup(why);
	l->why[i] = l->why_owned[i];
	return l->why_owned[i] ? 0 : -ENOMEM;
}

/* Whether R's calls have rules at all (else there is nothing to place). */
static bool _has_rules(const struct unotify_policy *p, const struct right *r)
{
	for (int k = 0; k < 3 && r->defs[k].call; k++) {
		const struct sysent *s = _find(p, r->defs[k].call);

		if (s && s->ninst > 0)
			return true;
	}
	return false;
}

/* Whether every call R gates keeps its paths beneath D. */
static bool _gates_kept(const struct unotify_policy *p, const struct right *r,
			const struct dirs *d, char *why, size_t size)
{
	for (int k = 0; k < 12 && r->gates[k].call; k++)
		if (!_kept(p, &r->gates[k], r->inert, d, NULL, why, size))
			return false;
	return true;
}

/* Places R when it can be, with the trees of the rights placed before it
 * (*D, empty when none).  True when placed; *GRANTED when it is granted
 * somewhere (then beneath *D). */
static bool _place_right(struct unotify_policy *p, const struct right *r, struct dirs *d,
			 bool *granted, char *why, size_t size)
{
	struct dirs mine = { 0 };
	bool ok = true, any = false;

	for (int k = 0; k < 3 && r->defs[k].call && ok; k++) {
		struct dirs one = { 0 };
		bool named;

		ok = _exact(p, &r->defs[k], &one, &named, why, size);
		if (ok && named && any && !_dirs_equal(&one, &mine)) {
			snprintf(why, size, "%s and %s allow different trees", r->defs[0].call,
				 r->defs[k].call);
			ok = false;
		}
		if (ok && named && !any) {
			for (size_t i = 0; i < one.n; i++)
				_dirs_add(&mine, one.v[i]);
			any = true;
		}
		_dirs_free(&one);
	}
	if (ok && mine.n && d->n && !_dirs_equal(&mine, d)) {
		snprintf(why, size,
			 "other trees than the rights placed before it: all grants share one set, "
			 "or a directory moved between them would fail with EXDEV");
		ok = false;
	}
	ok = ok && _gates_kept(p, r, &mine, why, size) && _grantable(p, &mine, why, size);
	/* A right allowed nowhere is granted nowhere (it gains no one
	 * anything, and takes no trees). */
	*granted = ok && mine.n;
	if (*granted && d->n == 0)
		for (size_t i = 0; i < mine.n; i++)
			if (_dirs_add(d, mine.v[i]) < 0)
				ok = *granted = false;
	_dirs_free(&mine);
	return ok;
}

/* Bounds R (not placed) when every call it gates, its own included, keeps
 * its paths beneath some trees, which must lie beneath the placed rights'
 * trees when there are any.  True when bounded; *B gathers the trees. */
static bool _bound_right(struct unotify_policy *p, const struct right *r, const struct dirs *d,
			 struct dirs *b, bool *granted, char *why, size_t size)
{
	struct dirs mine = { 0 };
	bool ok = true;

	for (int k = 0; k < 3 && r->defs[k].call && ok; k++)
		ok = _kept(p, &r->defs[k], 0, NULL, &mine, why, size);
	for (int k = 0; k < 12 && r->gates[k].call && ok; k++)
		ok = _kept(p, &r->gates[k], r->inert, NULL, &mine, why, size);
	for (size_t i = 0; ok && d->n && i < mine.n; i++)
		if (!_beneath_any(mine.v[i], d)) {
			snprintf(why, size, "no bound: %s lies outside the placed rights' trees",
				 mine.v[i]);
			ok = false;
		}
	ok = ok && _grantable(p, &mine, why, size);
	*granted = ok && mine.n;
	for (size_t i = 0; *granted && i < mine.n; i++)
		if (_dirs_add(b, mine.v[i]) < 0)
			ok = *granted = false;
	_dirs_free(&mine);
	return ok;
}

/* The port range of IN's condition `port=` and whether its only other
 * condition is `proto=tcp`, or false. */
static bool _tcp_cond(const struct inst *in, bool want_port, unsigned *lo, unsigned *hi)
{
	bool tcp = false, port = false;

	for (size_t c = 0; c < in->ncond; c++) {
		const struct cond *cd = &in->conds[c];

		if (!cd->net || cd->op != OP_EQ)
			return false;
		if (cd->net->kind == NET_PROTO && cd->net->proto == PROTO_TCP && !tcp)
			tcp = true;
		else if (cd->net->kind == NET_PORT && want_port && !port) {
			port = true;
			*lo = cd->net->lo;
			*hi = cd->net->hi;
		} else {
			return false;
		}
	}
	return tcp && port == want_port;
}

/* connect's TCP port rules in Landlock (NET_CONNECT_TCP, ABI 4): where the
 * user's rules on connect are `connect proto=tcp port=P[-Q] -> allow`...
 * then `connect proto=tcp -> errno EACCES`, with no modifier, and the
 * default lets the rest through: Landlock answers each TCP connect
 * exactly (EACCES but for the ports), and the filter lets connect through
 * (no notification).  A rule of another shape, a `log`, or a default that
 * refuses keeps them in the supervisor; WHY says why.  -ENOMEM, or 0. */
static int _place_tcp(struct unotify_policy *p)
{
	struct ll_layout *l = &p->ll;
	struct sysent *s = _find(p, "connect");
	const char *why = NULL;
	size_t n = 0, cap = 0, k = 0;
	bool closed = false;

	if (!s)
		return 0;
	for (size_t i = 0; i < s->ninst && !why; i++) {
		const struct inst *in = s->insts[i];
		const struct rule *r = in->rule;
		unsigned lo = 0, hi = 0;

		if (r->implicit)
			continue;
		k++;
		if (r->log || r->stop || r->delay_ms || r->when_first)
			why = "a rule on connect has a modifier the supervisor must see";
		else if (closed)
			why = "a rule on connect follows `connect proto=tcp -> errno EACCES`";
		else if (r->action == ACT_ERRNO && r->value == EACCES && _tcp_cond(in, false, &lo, &hi))
			closed = true;
		else if (r->action == ACT_ALLOW && _tcp_cond(in, true, &lo, &hi)) {
			if (n + (hi - lo + 1) > 4096)
				why = "more than 4096 TCP ports";
			for (unsigned port = lo; port <= hi && !why; port++) {
				if (n == cap) {
					uint16_t *v = realloc(l->ports, (cap = cap ? cap * 2 : 16) *
									   sizeof(*v));

					if (!v)
						return -ENOMEM;
					l->ports = v;
				}
				l->ports[n++] = (uint16_t)port;
			}
		} else
			why = "a rule on connect is not `connect proto=tcp port=... -> allow` or "
			      "`connect proto=tcp -> errno EACCES`";
	}
	if (!k)
		return 0;
	if (!why && !closed)
		why = "no `connect proto=tcp -> errno EACCES` closes the TCP ports";
	if (!why && p->dflt != ACT_ALLOW)
		why = "the default does not let the other connects through";
	if (!why && l->off)
		why = "--landlock=off";
	if (!why && l->abi < 4)
		why = "needs Landlock ABI 4 (Linux 6.7)";
	if (why) {
		free(l->ports);
		l->ports = NULL;
		l->nports = 0;
		/* (only for a policy that names TCP: others have nothing to place) */
		for (size_t i = 0; i < s->ninst && !l->net_why; i++)
			for (size_t c = 0; c < s->insts[i]->ncond && !l->net_why; c++)
				if (s->insts[i]->conds[c].net &&
				    s->insts[i]->conds[c].net->kind == NET_PROTO &&
				    !(l->net_why = strdup(why)))
					return -ENOMEM;
		return 0;
	}
	l->nports = n;
	l->net_connect = true;
	return 0;
}

/* The calls Landlock decides alone: every right they stand for placed. */
static void _mark_calls(struct unotify_policy *p)
{
	for (size_t i = 0; i < p->nsys; i++) {
		struct sysent *s = p->sys[i];
		uint64_t need = 0;

		s->landlock = false;
		for (int r = 0; r < NRIGHTS; r++)
			for (int k = 0; k < 3 && rights[r].defs[k].call; k++)
				if (strcmp(rights[r].defs[k].call, s->name) == 0)
					need |= rights[r].bit;
		s->landlock = need && (need & p->ll.placed) == need && !s->force_sup;
		if (strcmp(s->name, "connect") == 0 && p->ll.net_connect)
			s->landlock = true;
	}
}

int llplace_ruleset(const struct unotify_policy *p, bool lock, bool abstract, bool *signals)
{
	uint64_t fs = p->ll.placed | p->ll.bound;

	*signals = lock && p->supervised && landlock_lock_available();
	if (!fs && !*signals && !abstract && !p->ll.net_connect)
		return -ENODATA;
	if (abstract && landlock_abi() < 6)
		return -EOPNOTSUPP;
	return landlock_ruleset(fs, p->ll.granted, p->ll.dirs, p->ll.ndirs, *signals, abstract,
				p->ll.ports, p->ll.nports, p->ll.net_connect);
}

int llplace(struct unotify_policy *p, struct unotify_error *err)
{
	struct ll_layout *l = &p->ll;
	struct dirs d = { 0 }, b = { 0 };
	char why[PATH_MAX + 256];
	bool granted;

	ll_layout_clear(l);
	l->abi = landlock_abi();
	l->off = p->flags & UNOTIFY_P_LANDLOCK_OFF;
	for (int i = 0; i < NRIGHTS; i++) {
		const struct right *r = &rights[i];

		if (!_has_rules(p, r))
			continue;
		why[0] = '\0';
		if (l->off)
			snprintf(why, sizeof(why), "--landlock=off");
		else if (l->abi < r->abi)
			snprintf(why, sizeof(why), "needs Landlock ABI %d; this kernel has %d", r->abi,
				 l->abi);
		else if (_place_right(p, r, &d, &granted, why, sizeof(why))) {
			l->placed |= r->bit;
			l->granted |= granted ? r->bit : 0;
		}
		if (!(l->placed & r->bit) && (_set_why(l, r->bit, why) < 0))
			goto nomem;
	}
	/* Bounds for what the supervisor decides, sharing the placed trees. */
	for (int i = 0; i < NRIGHTS && !l->off; i++) {
		const struct right *r = &rights[i];
		char bwhy[PATH_MAX + 256] = "";

		if ((l->placed & r->bit) || !_has_rules(p, r) || l->abi < r->abi)
			continue;
		if (_bound_right(p, r, &d, &b, &granted, bwhy, sizeof(bwhy))) {
			l->bound |= r->bit;
			l->granted |= granted ? r->bit : 0;
		}
	}
	if (p->flags & UNOTIFY_P_LANDLOCK_REQUIRE)
		for (int i = 0; i < NRIGHTS; i++)
			if (l->why[_index(rights[i].bit)] && !(l->placed & rights[i].bit)) {
				_dirs_free(&d);
				_dirs_free(&b);
				return err_set(err, EINVAL, NULL,
					       "--landlock=require: %s cannot be placed in Landlock: %s",
					       rights[i].name, l->why[_index(rights[i].bit)]);
			}
	/* One set of trees for every right granted somewhere: the placed
	 * rights' (every bound lies beneath them), else the bounds' together
	 * (each bounded right granted beneath all of them: wider, still
	 * sound, and no EXDEV between them). */
	if (!d.n)
		for (size_t i = 0; i < b.n; i++)
			_dirs_add(&d, b.v[i]);
	l->dirs = d.v;
	l->ndirs = d.n;
	_dirs_free(&b);
	if (_place_tcp(p) < 0)
		return err_set(err, ENOMEM, NULL, "out of memory");
	if ((p->flags & UNOTIFY_P_LANDLOCK_REQUIRE) && l->net_why)
		return err_set(err, EINVAL, NULL,
			       "--landlock=require: connect's TCP rules cannot be placed in "
			       "Landlock: %s",
			       l->net_why);
	_mark_calls(p);
	return 0;
nomem:
	_dirs_free(&d);
	_dirs_free(&b);
	return err_set(err, ENOMEM, NULL, "out of memory");
}
