/* Fuzz target: the agent's reader of the container process state runc
 * sends (any bytes, with 0 to 3 fds said to come with them). */
#include <string.h>

#include "fuzz.h"
#include "tool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct agent_state st;
	const char *why = NULL;
	int nfds = size ? data[0] % 4 : 0;
	int ret = agent_state((const char *)data + (size > 0), size - (size > 0), nfds, &st, &why);

	/* what it says must hold: an fd it has, a name of its own charset */
	if (ret == 0 && (st.listener < 0 || st.listener >= nfds || st.pid <= 0 ||
			 strchr(st.policy, '/') || st.policy[0] == '.' || !st.policy[0]))
		__builtin_trap();
	if (ret != 0 && !why)
		__builtin_trap();
	return 0;
}
