/* Fuzz target: the OCI seccomp profile reader (unotify import,
 * --seccomp-profile): any JSON text is read and, when it is a profile,
 * made rules, which are then parsed and compiled as `run` would. */
#include <jansson.h>
#include <stdlib.h>

#include "fuzz.h"
#include "tool.h"
#include "unotify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t je;
	json_t *root = json_loadb((const char *)data, size, 0, &je);
	struct unotify_policy *p;
	struct unotify_error e;
	char err[256], *text;

	if (!root)
		return 0;
	text = oci_rules_of(root, "fuzz.json", err, sizeof(err));
	json_decref(root);
	if (!text)
		return 0;
	if (unotify_policy_new(&p) == 0) {
		if (unotify_policy_add_foreign(p, "fuzz.json", text, &e) == 0)
			unotify_policy_compile(p, &e);
		unotify_policy_free(p);
	}
	free(text);
	return 0;
}
