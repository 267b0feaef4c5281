/* arch: the admitted architectures; numbers come from libseccomp. */
#include <linux/audit.h>
#include <pthread.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"

/* libseccomp 2.5 knows fewer than 500 calls per arch; leave room. */
#define NR_SCAN 1024

const struct arch_info arch_table[ARCH_COUNT] = {
	[ARCH_X86_64] = { "x86_64", AUDIT_ARCH_X86_64, SCMP_ARCH_X86_64, 0, false },
	[ARCH_I386] = { "i386", AUDIT_ARCH_I386, SCMP_ARCH_X86, 0, true },
	[ARCH_X32] = { "x32", AUDIT_ARCH_X86_64, SCMP_ARCH_X32, X32_BIT, false },
};

struct nr_name {
	char *name;
	int nr;
};

/* Calls the running kernel may have that libseccomp may not name: Debian
 * 12's 2.5.4 knows up to Linux 6.7 (456), upstream 2.5.4 up to 5.17.  Every
 * one is "common" in syscall_64.tbl (x32: X32_BIT + nr) and has the same
 * number on i386.  Linux 6.18 ends at 469. */
static const struct {
	const char *name;
	int nr;
} newer[] = {
	{ "cachestat", 451 },	      { "fchmodat2", 452 },	   { "map_shadow_stack", 453 },
	{ "futex_wake", 454 },	      { "futex_wait", 455 },	   { "futex_requeue", 456 },
	{ "statmount", 457 },	      { "listmount", 458 },	   { "lsm_get_self_attr", 459 },
	{ "lsm_set_self_attr", 460 }, { "lsm_list_modules", 461 }, { "mseal", 462 },
	{ "setxattrat", 463 },	      { "getxattrat", 464 },	   { "listxattrat", 465 },
	{ "removexattrat", 466 },     { "open_tree_attr", 467 },   { "file_getattr", 468 },
	{ "file_setattr", 469 },
};

const int arch_newest_nr = 469;

static struct {
	struct nr_name *v;
	size_t n;
} tables[ARCH_COUNT];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static int _cmp(const void *a, const void *b)
{
	const struct nr_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->nr > y->nr) - (x->nr < y->nr);
}

/* Scans every number of every arch once; a failed allocation leaves a
 * table short, which only makes names unknown (an error, never a hole). */
static void _build(void)
{
	for (int a = 0; a < ARCH_COUNT; a++) {
		tables[a].v = calloc(NR_SCAN, sizeof(*tables[a].v));
		if (!tables[a].v)
			continue;
		for (int i = 0; i < NR_SCAN; i++) {
			int nr = (int)arch_table[a].nr_base + i;
			char *name = seccomp_syscall_resolve_num_arch(arch_table[a].scmp, nr);

			if (!name) {
				for (size_t k = 0; k < sizeof(newer) / sizeof(newer[0]); k++)
					if (newer[k].nr == i)
						name = strdup(newer[k].name);
			}
			if (name)
				tables[a].v[tables[a].n++] = (struct nr_name){ name, nr };
		}
		qsort(tables[a].v, tables[a].n, sizeof(*tables[a].v), _cmp);
	}
}

int arch_syscall_nrs(int arch, const char *name, int *out, int max)
{
	size_t lo = 0, hi;
	int n = 0;

	pthread_once(&tables_once, _build);
	hi = tables[arch].n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(tables[arch].v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < tables[arch].n && strcmp(tables[arch].v[lo].name, name) == 0 && n < max; lo++)
		out[n++] = tables[arch].v[lo].nr;
	return n;
}

int arch_syscall_nr(int arch, const char *name)
{
	int nr;

	return arch_syscall_nrs(arch, name, &nr, 1) ? nr : -1;
}

int arch_of(uint32_t audit, int nr)
{
	if (audit == AUDIT_ARCH_I386)
		return ARCH_I386;
	if (audit != AUDIT_ARCH_X86_64)
		return -1;
	/* As the filter splits them: every number from X32_BIT up is x32's. */
	return (uint32_t)nr >= X32_BIT ? ARCH_X32 : ARCH_X86_64;
}

int arch_by_name(const char *name)
{
	if (strcmp(name, "x86") == 0)
		return ARCH_I386;
	for (int a = 0; a < ARCH_COUNT; a++)
		if (strcmp(arch_table[a].name, name) == 0)
			return a;
	return -1;
}
