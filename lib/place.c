/* place: where each rule is decided (the kernel filter or the
 * supervisor), the supervisor's verdict for each, and the lookup from
 * (arch, nr) to a syscall's variant. */
#include <errno.h>
#include <stdlib.h>

#include "error.h"
#include "llplace.h"
#include "policy.h"

static bool _needs_supervisor(const struct unotify_policy *p, const struct inst *in)
{
	const struct rule *r = in->rule;

	return in->has_path || r->action == ACT_RETURN || r->action == ACT_CONTINUE ||
	       r->action == ACT_EMULATE || r->log || r->stop || r->delay_ms || r->when_first ||
	       /* to be seen (-v, --log): the same answer, from the supervisor */
	       ((p->flags & UNOTIFY_P_SHOW_REFUSALS) && r->action == ACT_ERRNO && !r->implicit);
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

/* Where S's rules go: the filter up to the first that needs the
 * supervisor. */
static void _split_sysent(const struct unotify_policy *p, struct sysent *s)
{
	s->first_sup = s->force_sup || s->watch ? 0 : s->ninst;
	for (size_t i = 0; i < s->ninst; i++) {
		struct inst *in = s->insts[i];

		if (i < s->first_sup && _needs_supervisor(p, in))
			s->first_sup = i;
		in->supervised = i >= s->first_sup;
	}
}

/* Gives each of S's rules the verdict the supervisor applies when it
 * decides it: every rule, since an i386 socketcall variant sends even the
 * filter's rules to the supervisor.  A syscall Landlock decides has none
 * to give (an allow after a path check needs no emulation there). */
static int _place_sysent(struct unotify_policy *p, struct sysent *s, struct unotify_error *err)
{
	const struct inst *path_inst = NULL;

	for (size_t i = 0; i < s->ninst; i++) {
		struct inst *in = s->insts[i];

		if (in->has_path && !path_inst)
			path_inst = in;
		if (_verdict(s, in->rule->action, path_inst != NULL, &in->verdict) < 0 &&
		    !s->landlock)
			return _race_error(s, &in->rule->loc, false, path_inst, err);
	}
	/* After a rule that matches every call, the default is never reached. */
	for (size_t i = 0; i < s->ninst; i++)
		if (inst_matches_all(s->insts[i])) {
			s->dflt = V_ERRNO;
			s->dflt_value = EPERM;
			return 0;
		}
	s->dflt_value = p->dflt_value;
	if (_verdict(s, p->dflt, path_inst != NULL, &s->dflt) < 0 && !s->landlock)
		return _race_error(s, &p->dflt_loc, true, path_inst, err);
	return 0;
}

/* Whether every verdict the supervisor may give S emulates (a decision
 * walk would then be walked again, always). */
static bool _acts_always(const struct sysent *s)
{
	for (size_t i = s->first_sup; i < s->ninst; i++)
		if (s->insts[i]->verdict != V_EMULATE)
			return false;
	return s->dflt == V_EMULATE;
}

/* Can V judge condition C from what the filter or the supervisor sees? */
static bool _judgeable(const struct cond *c, const struct variant *v)
{
	if (c->is_arch)
		return true;
	if (c->net) /* a variant without the address (send) carries none */
		return !v->opaque;
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
	if (s->landlock) { /* Landlock decides: the filter lets it through */
		v->kernel_end = 0;
		v->to_sup = false;
		return;
	}
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
	v->to_sup = v->kernel_end < s->ninst || s->force_sup || s->watch;
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
	for (size_t i = 0; i < p->nsys; i++)
		for (size_t k = 0; k < p->sys[i]->nvars; k++)
			p->sys[i]->vars[k].next_same_nr = NULL;
	for (int a = 0; a < ARCH_COUNT; a++) {
		int max = -1;

		free(p->by_nr[a]);

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

bool place_variant_supervised(const struct unotify_policy *p, const struct variant *v)
{
	return policy_admits(p, v->arch) && v->to_sup;
}

int policy_place(struct unotify_policy *p, struct unotify_error *err)
{
	int ret;

	p->supervised = false;
	for (size_t i = 0; i < p->nsys; i++)
		_split_sysent(p, p->sys[i]);
	/* What Landlock decides needs no verdict from the supervisor. */
	ret = llplace(p, err);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < p->nsys; i++) {
		ret = _place_sysent(p, p->sys[i], err);
		if (ret < 0)
			return ret;
		for (int a = 0; a < SYS_MAX_ARGS; a++)
			sys_path_spec(p->sys[i]->name, p->sys[i]->sig, a, &p->sys[i]->paths[a]);
		p->sys[i]->acts_always = _acts_always(p->sys[i]);
	}
	for (size_t i = 0; i < p->nsys; i++)
		for (size_t k = 0; k < p->sys[i]->nvars; k++) {
			_place_variant(p->sys[i], &p->sys[i]->vars[k]);
			/* an agent's calls come through a filter of export's:
			 * whatever reaches it is decided here, rule by rule */
			if (p->flags & UNOTIFY_P_AGENT)
				p->sys[i]->vars[k].kernel_end = 0;
			p->supervised |= place_variant_supervised(p, &p->sys[i]->vars[k]);
		}
	return _build_lookup(p, err);
}
