/* The system-call groups: every member is a name libseccomp knows (on
 * some arch), every group a group holds exists, and a policy on each group
 * compiles. */
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "groups.h"
#include "policy.h"
#include "tap.h"

int main(void)
{
	tap_plan((int)sys_ngroups * 2 + 1);
	ok(group_find("@clock") && !group_find("@nope") && sys_ngroups == 29,
	   "29 groups, as systemd 252 has, found by name");
	for (size_t i = 0; i < sys_ngroups; i++) {
		const struct sys_group *g = &sys_groups[i];
		struct unotify_policy *p = NULL;
		struct unotify_error err = { 0 };
		char rule[128];
		bool known = true;

		for (const char *const *m = g->members; *m; m++) {
			if ((*m)[0] == '@' ? !group_find(*m)
					   : seccomp_syscall_resolve_name(*m) == __NR_SCMP_ERROR) {
				diag("%s: %s is unknown", g->name, *m);
				known = false;
			}
		}
		ok(known, "%s: every member is known to libseccomp", g->name);
		snprintf(rule, sizeof(rule), "%s -> errno EPERM", g->name);
		unotify_policy_new(&p);
		if (!ok(unotify_policy_add_rule(p, rule, &err) == 0 &&
				unotify_policy_compile(p, &err) == 0,
			"%s -> errno EPERM compiles", g->name))
			diag("%s: %s", err.where, err.message);
		unotify_policy_free(p);
	}
	return tap_done();
}
