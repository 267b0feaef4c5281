/* Fuzz target: the rule language's parser and compiler.  Any text is
 * parsed and, when it parses, compiled (placement, BPF, Landlock plan):
 * an error is fine, a crash, a leak or undefined behaviour is not.  The
 * first byte chooses the policy's flags. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "unotify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unotify_policy *p;
	struct unotify_error err;
	char *text;

	if (size < 1 || size > 65536 || unotify_policy_new(&p) < 0)
		return 0;
	text = malloc(size);
	if (!text) {
		unotify_policy_free(p);
		return 0;
	}
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	/* (never ${VAR}s of the fuzzer's own environment: setenv is not
	 * wanted here, an unset variable is an error) */
	unotify_policy_set_flags(p, data[0] & (UNOTIFY_P_ALLOW_TIOCSTI | UNOTIFY_P_LANDLOCK_OFF |
					       UNOTIFY_P_SHOW_REFUSALS | UNOTIFY_P_AGENT));
	if (unotify_policy_add_text(p, "fuzz", text, &err) == 0)
		unotify_policy_compile(p, &err);
	unotify_policy_free(p);
	free(text);
	return 0;
}
