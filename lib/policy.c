/* policy: the model of a policy: its rules, the syscalls they name, and
 * each rule's instances in the syscalls' decision order.  The public API
 * (api.c) builds it through the parser; placement (place.c) decides where
 * each instance is judged. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "emulate.h"
#include "net.h"
#include "error.h"
#include "policy.h"

#define POLICY_FILE_MAX (4u << 20)

static const char *const action_names[] = {
	[ACT_ALLOW] = "allow",	 [ACT_ERRNO] = "errno",	      [ACT_KILL] = "kill",
	[ACT_RETURN] = "return", [ACT_CONTINUE] = "continue", [ACT_EMULATE] = "emulate",
};

static const char *const verdict_names[] = {
	[V_ERRNO] = "errno",	   [V_KILL] = "kill",	    [V_RETURN] = "return",
	[V_CONTINUE] = "continue", [V_EMULATE] = "emulate",
};

const char *action_name(enum action a)
{
	return action_names[a];
}

const char *verdict_name(enum verdict v)
{
	return verdict_names[v];
}

/* An inline rule (-e:N) is one line: its name replaces file:line. */
static bool _inline(const char *origin)
{
	return strncmp(origin, "-e:", 3) == 0;
}

const char *src_loc_str(const struct src_loc *loc, char *buf, size_t size)
{
	if (!loc->origin)
		snprintf(buf, size, "default");
	else if (_inline(loc->origin))
		snprintf(buf, size, "%s", loc->origin);
	else
		snprintf(buf, size, "%s:%u", loc->origin, loc->line);
	return buf;
}

const char *src_where(const char *origin, unsigned line, unsigned col, char *buf, size_t size)
{
	if (_inline(origin))
		snprintf(buf, size, "%s:%u", origin, col);
	else
		snprintf(buf, size, "%s:%u:%u", origin, line, col);
	return buf;
}

void rule_free(struct rule *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ninst; i++)
		free(r->insts[i].conds);
	free(r->insts);
	for (size_t i = 0; i < r->nglobs; i++)
		glob_free(r->globs[i]);
	free(r->globs);
	for (size_t i = 0; i < r->nnets; i++)
		net_cond_free(r->nets[i]);
	free(r->nets);
	free(r->text);
	free(r);
}

static void _sysent_free(struct sysent *s)
{
	free(s->insts);
	free(s->vars);
	free(s->owned_name);
	free(s);
}

void policy_destroy(struct unotify_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nrules; i++)
		rule_free(p->rules[i]);
	free(p->rules);
	for (size_t i = 0; i < p->nsys; i++)
		_sysent_free(p->sys[i]);
	free(p->sys);
	for (size_t i = 0; i < p->norigins; i++)
		free(p->origins[i]);
	free(p->origins);
	for (size_t i = 0; i < p->nerrors; i++)
		free(p->errors[i]);
	for (int a = 0; a < ARCH_COUNT; a++)
		free(p->by_nr[a]);
	free(p->prog);
	free(p->patches);
	ll_layout_clear(&p->ll);
	free(p);
}

void policy_mark(const struct unotify_policy *p, struct policy_mark *m)
{
	*m = (struct policy_mark){ p->nrules, p->nsys,	   p->dflt,	p->dflt_value,
				   p->dflt_loc, p->arches, p->arch_loc };
}

void policy_rollback(struct unotify_policy *p, const struct policy_mark *m)
{
	while (p->nrules > m->nrules) {
		struct rule *r = p->rules[--p->nrules];

		/* Its instances were the last pushed on their calls. */
		for (size_t j = r->ninst; j-- > 0;)
			r->insts[j].sys->ninst--;
		rule_free(r);
	}
	while (p->nsys > m->nsys)
		_sysent_free(p->sys[--p->nsys]);
	p->dflt = m->dflt;
	p->dflt_value = m->dflt_value;
	p->dflt_loc = m->dflt_loc;
	p->arches = m->arches;
	p->arch_loc = m->arch_loc;
}

char *policy_read_file(const char *path, int *err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;

	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *b;

			cap = cap ? cap * 2 : 8192;
			if (cap > POLICY_FILE_MAX + 8192) {
				*err = EFBIG;
				return NULL;
			}
			b = realloc(buf, cap);
			if (!b) {
				*err = ENOMEM;
				return NULL;
			}
			buf = b;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		*err = EINVAL; /* a NUL byte: not a policy */
		return NULL;
	}
	return TAKE_PTR(buf);
}

/* Keeps a copy of ORIGIN for the policy's lifetime.  NULL on ENOMEM. */
const char *policy_origin(struct unotify_policy *p, const char *origin)
{
	char **n = realloc(p->origins, (p->norigins + 1) * sizeof(*n));

	if (!n)
		return NULL;
	p->origins = n;
	p->origins[p->norigins] = strdup(origin);
	if (!p->origins[p->norigins])
		return NULL;
	return p->origins[p->norigins++];
}

struct sysent *policy_sysent(struct unotify_policy *p, const char *name, struct unotify_error *err,
			     const struct src_loc *loc)
{
	bool unknown;

	return policy_sysent_known(p, name, err, loc, &unknown);
}

struct sysent *policy_sysent_known(struct unotify_policy *p, const char *name,
				   struct unotify_error *err, const struct src_loc *loc,
				   bool *unknown)
{
	char where[300];
	struct sysent *s, **n;
	bool known;

	*unknown = false;
	for (size_t i = 0; i < p->nsys; i++)
		if (strcmp(p->sys[i]->name, name) == 0)
			return p->sys[i];
	src_where(loc->origin, loc->line, loc->col, where, sizeof(where));
	s = calloc(1, sizeof(*s));
	if (!s) {
		err_set(err, ENOMEM, NULL, "out of memory");
		return NULL;
	}
	s->sig = sys_sig_find(name);
	s->owned_name = strdup(name);
	n = realloc(p->sys, (p->nsys + 1) * sizeof(*n));
	known = s->owned_name &&
		var_build(s->owned_name, s->sig, &s->vars, &s->nvars, &s->vcap) == 0 &&
		s->nvars > 0;
	if (!known || !n) {
		free(s->owned_name);
		free(s->vars);
		free(s);
		if (n)
			p->sys = n;
		*unknown = !known && n;
		if (!known && n)
			err_set(err, EINVAL, where, "unknown system call '%s'", name);
		else
			err_set(err, ENOMEM, NULL, "out of memory");
		return NULL;
	}
	s->name = s->owned_name;
	for (size_t i = 0; i < s->nvars; i++)
		s->vars[i].sys = s;
	s->emulate = emulate_find(name);
	s->validate = emulate_entry(name) ? emulate_entry(name)->validate : NULL;
	p->sys = n;
	p->sys[p->nsys++] = s;
	return s;
}

/* Makes room for one more pointer in *ARR (N used of *CAP).  0 or -ENOMEM. */
static int _grow(void *arr, size_t n, size_t *cap)
{
	void ***a = arr;
	void **bigger;

	if (n < *cap)
		return 0;
	bigger = realloc(*a, (*cap ? *cap * 2 : 8) * sizeof(void *));
	if (!bigger)
		return -ENOMEM;
	*a = bigger;
	*cap = *cap ? *cap * 2 : 8;
	return 0;
}

static int _push_inst(struct sysent *s, struct inst *in)
{
	if (_grow(&s->insts, s->ninst, &s->cap) < 0)
		return -ENOMEM;
	s->insts[s->ninst++] = in;
	return 0;
}

int policy_add_rule(struct unotify_policy *p, struct rule *r)
{
	if (_grow(&p->rules, p->nrules, &p->rcap) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < r->ninst; i++)
		if (_push_inst(r->insts[i].sys, &r->insts[i]) < 0) {
			for (size_t j = 0; j < i; j++)
				r->insts[j].sys->ninst--;
			return -ENOMEM;
		}
	p->rules[p->nrules++] = r;
	return 0;
}
