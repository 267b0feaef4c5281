/* groups: lookup in the generated table (see groups.h). */
#include <string.h>

#include "groups.h"

const struct sys_group *group_find(const char *name)
{
	for (size_t i = 0; i < sys_ngroups; i++)
		if (strcmp(sys_groups[i].name, name) == 0)
			return &sys_groups[i];
	return NULL;
}
