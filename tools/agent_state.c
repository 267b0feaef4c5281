/* The container process state runc and crun send a seccomp agent, read
 * from what has arrived so far (cmd_agent.c; fuzzed by fuzz/agent.c). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "tool.h"

/* The policy name in METADATA (policy=NAME among words separated by
 * spaces, commas or semicolons) into NAME, "default" without one.  -EINVAL
 * for a name that is not [A-Za-z0-9_.-]+ not starting with '.'. */
static int _policy_name(const char *metadata, char *name, size_t size)
{
	const char *p = metadata ? metadata : "";

	snprintf(name, size, "default");
	while (*p) {
		size_t n = strcspn(p, " \t\n,;");

		if (n > 7 && strncmp(p, "policy=", 7) == 0) {
			if (n - 7 >= size || p[7] == '.')
				return -EINVAL;
			for (size_t i = 7; i < n; i++)
				if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "0123456789_.-",
					    p[i]))
					return -EINVAL;
			memcpy(name, p + 7, n - 7);
			name[n - 7] = '\0';
			return 0;
		}
		p += n + (p[n] != '\0');
	}
	return 0;
}

int agent_state(const char *buf, size_t len, int nfds, struct agent_state *st, const char **why)
{
	json_error_t je;
	json_t *state = json_loadb(buf, len, 0, &je), *v;
	const char *id;
	size_t i;

	memset(st, 0, sizeof(*st));
	st->listener = -1;
	snprintf(st->id, sizeof(st->id), "?");
	if (!state) {
		*why = "the state is not JSON";
		return json_error_code(&je) == json_error_premature_end_of_input ? 1 : -1;
	}
	id = json_string_value(json_object_get(json_object_get(state, "state"), "id"));
	if (id)
		snprintf(st->id, sizeof(st->id), "%s", id);
	json_array_foreach(json_object_get(state, "fds"), i, v)
	if (json_is_string(v) && strcmp(json_string_value(v), "seccompFd") == 0 && i < (size_t)nfds)
		st->listener = (int)i;
	v = json_object_get(state, "pid");
	st->pid = json_is_integer(v) ? (long long)json_integer_value(v) : 0;
	*why = "no seccompFd among the fds";
	if (st->listener < 0 || !id)
		goto refused;
	*why = "no pid of the container's process";
	if (st->pid <= 0 || st->pid > 0x7fffffff)
		goto refused;
	*why = "the policy name in the metadata is not a plain name";
	if (_policy_name(json_string_value(json_object_get(state, "metadata")), st->policy,
			 sizeof(st->policy)) < 0)
		goto refused;
	json_decref(state);
	return 0;
refused:
	json_decref(state);
	return -1;
}
