/* The data tables against the kernel and libseccomp: signatures sorted
 * for bsearch; every path rule on a real path argument; every name the
 * project knows has a number; and the running kernel knows no call past
 * the newest the project's table names (else a new call would get
 * around every rule, as fchmodat2 once did). */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "syscalls.h"
#include "tap.h"

static void _sorted(void)
{
	bool sorted = true;

	for (size_t i = 1; i < sys_sig_count; i++)
		if (strcmp(sys_sig_table[i - 1].name, sys_sig_table[i].name) >= 0) {
			diag("%s before %s", sys_sig_table[i - 1].name, sys_sig_table[i].name);
			sorted = false;
		}
	ok(sorted, "the %zu signatures are sorted and unique", sys_sig_count);
}

/* Every signature names a call some arch knows; every path argument has
 * a path spec that points at arguments the call has. */
static void _known(void)
{
	bool named = true, paths = true;

	for (size_t i = 0; i < sys_sig_count; i++) {
		const struct sys_sig *sig = &sys_sig_table[i];
		int nargs = 0;

		if (arch_syscall_nr(ARCH_X86_64, sig->name) < 0 &&
		    arch_syscall_nr(ARCH_I386, sig->name) < 0) {
			diag("%s has no number", sig->name);
			named = false;
		}
		while (nargs < SYS_MAX_ARGS && sig->args[nargs].name)
			nargs++;
		for (int a = 0; a < nargs; a++) {
			struct path_spec sp;

			if (!arg_kind_is_path(sig->args[a].kind))
				continue;
			sys_path_spec(sig->name, sig, a, &sp);
			if (sp.arg != a || sp.dirfd >= nargs || sp.flags >= nargs ||
			    (sp.dirfd >= 0 && sig->args[sp.dirfd].kind != ARG_DIRFD)) {
				diag("%s: the path spec of %s is wrong", sig->name,
				     sig->args[a].name);
				paths = false;
			}
		}
	}
	ok(named, "every signature names a call libseccomp or the project numbers");
	ok(paths, "every path argument's spec points at the call's own arguments");
}

static void _newest(void)
{
	int known = 0;

	for (int nr = arch_newest_nr + 1; nr <= arch_newest_nr + 16; nr++)
		if (syscall(nr, 0, 0, 0, 0, 0, 0) >= 0 || errno != ENOSYS) {
			diag("the running kernel knows syscall %d: add it to lib/arch.c", nr);
			known++;
		}
	ok(known == 0, "the running kernel knows no call past %d", arch_newest_nr);
	is_int(arch_syscall_nr(ARCH_X86_64, "file_setattr"), 469,
	       "the project numbers calls libseccomp may not (file_setattr)");
	is_int(arch_syscall_nr(ARCH_I386, "open_tree_attr"), 467, "on i386 too");
	is_int(arch_syscall_nr(ARCH_X32, "mseal"), (int)(X32_BIT | 462), "and x32");
}

int main(void)
{
	tap_plan(7);
	_sorted();
	_known();
	_newest();
	return tap_done();
}
