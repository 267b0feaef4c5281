/* api: the public policy functions: a policy is built from rule text by
 * the parser, then compiled: implicit rules, placement, BPF. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "cleanup.h"
#include "error.h"
#include "policy.h"


API int unotify_policy_new(struct unotify_policy **policy)
{
	*policy = calloc(1, sizeof(**policy));
	if (!*policy)
		return -ENOMEM;
	(*policy)->dflt = ACT_ALLOW;
	(*policy)->arches = ARCHES_DEFAULT;
	return 0;
}

API void unotify_policy_free(struct unotify_policy *p)
{
	policy_destroy(p);
}

/* Adds TEXT's rules; a failure puts the policy back as it was, usable. */
static int _add_text(struct unotify_policy *p, const char *origin, const char *text,
		     struct unotify_error *err)
{
	struct policy_mark m;
	const char *o;
	int ret;

	err_clear(err);
	if (p->compiled || p->broken)
		return err_set(err, EINVAL, NULL, "policy already compiled or broken");
	o = policy_origin(p, origin);
	if (!o)
		return err_set(err, ENOMEM, NULL, "out of memory");
	policy_mark(p, &m);
	ret = policy_parse(p, o, text, false, err);
	if (ret < 0)
		policy_rollback(p, &m);
	return ret;
}

API int unotify_policy_add_text(struct unotify_policy *p, const char *origin, const char *text,
				struct unotify_error *err)
{
	return _add_text(p, origin, text, err);
}

API int unotify_policy_add_foreign(struct unotify_policy *p, const char *origin, const char *text,
				   struct unotify_error *err)
{
	int ret;

	p->foreign = true;
	ret = _add_text(p, origin, text, err);
	p->foreign = false;
	return ret;
}

API int unotify_policy_add_rule(struct unotify_policy *p, const char *rule,
				struct unotify_error *err)
{
	char origin[32];

	snprintf(origin, sizeof(origin), "-e:%u", ++p->e_count);
	if (strchr(rule, '\n')) {
		err_clear(err);
		return err_set(err, EINVAL, origin, "-e takes one rule, without a newline");
	}
	return _add_text(p, origin, rule, err);
}

API int unotify_policy_add_file(struct unotify_policy *p, const char *path,
				struct unotify_error *err)
{
	_cleanup_free_ char *text = NULL;
	int e = 0;

	err_clear(err);
	if (p->compiled || p->broken)
		return err_set(err, EINVAL, NULL, "policy already compiled or broken");
	text = policy_read_file(path, &e);
	if (!text) {
		if (e == EINVAL)
			return err_set(err, EINVAL, path, "holds a NUL byte; not a policy");
		if (e == EFBIG)
			return err_set(err, EFBIG, path, "too large for a policy");
		return err_set(err, e, path, "cannot open: %s", strerror(e));
	}
	return _add_text(p, path, text, err);
}

API int unotify_policy_set_flags(struct unotify_policy *p, unsigned int flags)
{
	unsigned known = UNOTIFY_P_ALLOW_TIOCSTI | UNOTIFY_P_LANDLOCK_OFF |
			 UNOTIFY_P_LANDLOCK_REQUIRE | UNOTIFY_P_SHOW_REFUSALS | UNOTIFY_P_AGENT;

	if (flags & UNOTIFY_P_AGENT)
		flags |= UNOTIFY_P_LANDLOCK_OFF;
	if (p->compiled || p->broken || (flags & ~known) ||
	    ((flags & UNOTIFY_P_LANDLOCK_OFF) && (flags & UNOTIFY_P_LANDLOCK_REQUIRE)))
		return -EINVAL;
	p->flags = flags;
	return 0;
}

/* The user's rules are placed first: which implicit rules apply depends on
 * where they are decided.  Then everything is placed again. */
API int unotify_policy_compile(struct unotify_policy *p, struct unotify_error *err)
{
	int ret;

	err_clear(err);
	if (p->compiled || p->broken)
		return err_set(err, EINVAL, NULL, "policy already compiled or broken");
	ret = policy_place(p, err);
	if (ret == 0)
		ret = implicit_add(p, err);
	if (ret == 0)
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
