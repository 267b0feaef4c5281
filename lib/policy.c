/* policy: the model of a policy, its public construction API, and the
 * placement of each rule in the kernel or the supervisor. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bpf.h"
#include "cleanup.h"
#include "emulate.h"
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

API int unotify_policy_new(struct unotify_policy **policy)
{
	*policy = calloc(1, sizeof(**policy));
	if (!*policy)
		return -ENOMEM;
	(*policy)->dflt = ACT_ALLOW;
	(*policy)->arches = ARCHES_DEFAULT;
	return 0;
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
	free(r->text);
	free(r);
}

API void unotify_policy_free(struct unotify_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nrules; i++)
		rule_free(p->rules[i]);
	free(p->rules);
	for (size_t i = 0; i < p->nsys; i++) {
		free(p->sys[i]->insts);
		free(p->sys[i]->vars);
		free(p->sys[i]->owned_name);
		free(p->sys[i]);
	}
	free(p->sys);
	for (size_t i = 0; i < p->norigins; i++)
		free(p->origins[i]);
	free(p->origins);
	for (int a = 0; a < ARCH_COUNT; a++)
		free(p->by_nr[a]);
	free(p->prog);
	free(p);
}

/* Keeps a copy of ORIGIN for the policy's lifetime.  NULL on ENOMEM. */
static const char *_origin(struct unotify_policy *p, const char *origin)
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
	char where[300];
	struct sysent *s, **n;
	bool known;

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

static int _add_text(struct unotify_policy *p, const char *origin, const char *text,
		     struct unotify_error *err)
{
	const char *o;
	int ret;

	err_clear(err);
	if (p->compiled || p->broken)
		return err_set(err, EINVAL, NULL, "policy already compiled or broken");
	o = _origin(p, origin);
	if (!o)
		return err_set(err, ENOMEM, NULL, "out of memory");
	ret = policy_parse(p, o, text, err);
	if (ret < 0)
		p->broken = true;
	return ret;
}

API int unotify_policy_add_text(struct unotify_policy *p, const char *origin, const char *text,
				struct unotify_error *err)
{
	return _add_text(p, origin, text, err);
}

API int unotify_policy_add_rule(struct unotify_policy *p, const char *rule,
				struct unotify_error *err)
{
	char origin[32];

	snprintf(origin, sizeof(origin), "-e:%u", ++p->e_count);
	if (strchr(rule, '\n')) {
		p->broken = true;
		return err_set(err, EINVAL, origin, "-e takes one rule, without a newline");
	}
	return _add_text(p, origin, rule, err);
}

/* Reads all of FD into a NUL-terminated buffer.  Returns it, or NULL with
 * errno set (EFBIG past POLICY_FILE_MAX, EINVAL for a NUL byte). */
static char *_slurp(int fd)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;

	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *b;

			cap = cap ? cap * 2 : 8192;
			if (cap > POLICY_FILE_MAX + 8192) {
				errno = EFBIG;
				return NULL;
			}
			b = realloc(buf, cap);
			if (!b)
				return NULL;
			buf = b;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NULL;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		errno = EINVAL;
		return NULL;
	}
	return TAKE_PTR(buf);
}

API int unotify_policy_add_file(struct unotify_policy *p, const char *path,
				struct unotify_error *err)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *text = NULL;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		p->broken = true;
		return err_set(err, errno, path, "cannot open: %s", strerror(errno));
	}
	text = _slurp(fd);
	if (!text) {
		p->broken = true;
		if (errno == EINVAL)
			return err_set(err, EINVAL, path, "holds a NUL byte; not a policy");
		return err_set(err, errno, path, "cannot read: %s", strerror(errno));
	}
	return _add_text(p, path, text, err);
}

static bool _needs_supervisor(const struct inst *in)
{
	const struct rule *r = in->rule;

	return in->has_path || r->action == ACT_RETURN || r->action == ACT_CONTINUE ||
	       r->action == ACT_EMULATE || r->log || r->stop || r->delay_ms;
}

/* The supervisor's verdict for ACTION on S, when the decision has (MEM) or
 * has not read the target's memory.  An allow after a memory read must be
 * emulated: CONTINUE would let a racing thread swap the argument. */
static int _verdict(const struct sysent *s, enum action a, bool mem, enum verdict *v)
{
	static const enum verdict plain[] = {
		[ACT_ALLOW] = V_CONTINUE, [ACT_ERRNO] = V_ERRNO,       [ACT_KILL] = V_KILL,
		[ACT_RETURN] = V_RETURN,  [ACT_CONTINUE] = V_CONTINUE, [ACT_EMULATE] = V_EMULATE,
	};

	*v = plain[a];
	if (a != ACT_ALLOW || !mem)
		return 0;
	if (!s->emulate)
		return -EINVAL;
	*v = V_EMULATE;
	return 0;
}

static int _race_error(const struct sysent *s, const struct src_loc *loc, bool is_default,
		       const struct inst *path_inst, struct unotify_error *err)
{
	char where[300], pathloc[300];

	if (loc->origin)
		src_where(loc->origin, loc->line, loc->col, where, sizeof(where));
	src_loc_str(&path_inst->rule->loc, pathloc, sizeof(pathloc));
	return err_set(err, EINVAL, loc->origin ? where : NULL,
		       "%s%s would let %s through after checking a path argument (%s), "
		       "and unotify cannot emulate %s; write an explicit `%s -> continue` "
		       "rule to accept the race (continue is not a security boundary), "
		       "or deny it",
		       is_default ? "default allow" : "allow", is_default ? "" : " here", s->name,
		       pathloc, s->name, s->name);
}

/* Places S's rules and gives each the verdict the supervisor applies when
 * it decides it: every rule, since an i386 socketcall variant sends even
 * the filter's rules to the supervisor. */
static int _place_sysent(struct unotify_policy *p, struct sysent *s, struct unotify_error *err)
{
	const struct inst *path_inst = NULL;

	s->first_sup = s->ninst;
	for (size_t i = 0; i < s->ninst; i++) {
		struct inst *in = s->insts[i];

		if (i < s->first_sup && _needs_supervisor(in))
			s->first_sup = i;
		in->supervised = i >= s->first_sup;
		if (in->has_path && !path_inst)
			path_inst = in;
		if (_verdict(s, in->rule->action, path_inst != NULL, &in->verdict) < 0)
			return _race_error(s, &in->rule->loc, false, path_inst, err);
	}
	/* After a rule that matches every call, the default is never reached. */
	for (size_t i = 0; i < s->ninst; i++)
		if (s->insts[i]->ncond == 0) {
			s->dflt = V_ERRNO;
			s->dflt_value = EPERM;
			return 0;
		}
	s->dflt_value = p->dflt_value;
	if (_verdict(s, p->dflt, path_inst != NULL, &s->dflt) < 0)
		return _race_error(s, &p->dflt_loc, true, path_inst, err);
	return 0;
}

/* Can V judge condition C from what the filter or the supervisor sees? */
static bool _judgeable(const struct cond *c, const struct variant *v)
{
	if (c->is_arch)
		return true;
	return !v->opaque && var_layout(v, c->arg, c->raw).kind != LAY_NONE;
}

/* Where V's rules stop being decided by the filter: at the syscall's
 * first supervised rule; for a block variant (socketcall), at its first
 * condition on an argument (the filter cannot read memory); and at the
 * first rule V cannot judge, which kills. */
static void _place_variant(const struct sysent *s, struct variant *v)
{
	v->kill_at = s->ninst;
	v->kernel_end = s->first_sup;
	for (size_t i = 0; i < s->ninst && v->kill_at == s->ninst; i++)
		for (size_t c = 0; c < s->insts[i]->ncond; c++)
			if (!_judgeable(&s->insts[i]->conds[c], v))
				v->kill_at = i;
	for (size_t i = 0; i < v->kernel_end && v->block_words; i++)
		for (size_t c = 0; c < s->insts[i]->ncond; c++)
			if (!s->insts[i]->conds[c].is_arch && i < v->kernel_end)
				v->kernel_end = i;
	if (v->kill_at < v->kernel_end)
		v->kernel_end = v->kill_at;
}

/* Chains every variant on its (arch, nr), sub-calls before the plain
 * call.  Two plain variants on one number (rules on getuid and on
 * getuid32) would make one set of rules silently lose: an error. */
static int _chain(struct unotify_policy *p, struct variant *v, struct unotify_error *err)
{
	struct variant **pp = &p->by_nr[v->arch][v->nr - (int)arch_table[v->arch].nr_base];

	while (*pp && (*pp)->sel_reg >= 0)
		pp = &(*pp)->next_same_nr;
	if (v->sel_reg >= 0) {
		v->next_same_nr = *pp;
		*pp = v;
		return 0;
	}
	if (*pp)
		return err_set(err, EINVAL, NULL,
			       "%s %s is decided both by the rules on %s and by those on %s; "
			       "name only one of them",
			       arch_table[v->arch].name, v->name, (*pp)->sys->name, v->sys->name);
	*pp = v;
	return 0;
}

static int _build_lookup(struct unotify_policy *p, struct unotify_error *err)
{
	for (int a = 0; a < ARCH_COUNT; a++) {
		int max = -1;

		for (size_t i = 0; i < p->nsys; i++)
			for (size_t k = 0; k < p->sys[i]->nvars; k++)
				if (p->sys[i]->vars[k].arch == a &&
				    p->sys[i]->vars[k].nr - (int)arch_table[a].nr_base > max)
					max = p->sys[i]->vars[k].nr - (int)arch_table[a].nr_base;
		p->max_nr[a] = max;
		p->by_nr[a] = calloc((size_t)max + 2, sizeof(*p->by_nr[a]));
		if (!p->by_nr[a])
			return err_set(err, ENOMEM, NULL, "out of memory");
	}
	for (size_t i = 0; i < p->nsys; i++)
		for (size_t k = 0; k < p->sys[i]->nvars; k++) {
			int ret = _chain(p, &p->sys[i]->vars[k], err);

			if (ret < 0)
				return ret;
		}
	return 0;
}

int policy_place(struct unotify_policy *p, struct unotify_error *err)
{
	for (size_t i = 0; i < p->nsys; i++) {
		int ret = _place_sysent(p, p->sys[i], err);

		if (ret < 0)
			return ret;
	}
	for (size_t i = 0; i < p->nsys; i++)
		for (size_t k = 0; k < p->sys[i]->nvars; k++)
			_place_variant(p->sys[i], &p->sys[i]->vars[k]);
	return _build_lookup(p, err);
}

API int unotify_policy_compile(struct unotify_policy *p, struct unotify_error *err)
{
	int ret;

	err_clear(err);
	if (p->compiled || p->broken)
		return err_set(err, EINVAL, NULL, "policy already compiled or broken");
	ret = policy_place(p, err);
	if (ret == 0)
		ret = bpf_compile(p, err);
	if (ret < 0) {
		p->broken = true;
		return ret;
	}
	p->compiled = true;
	return 0;
}
