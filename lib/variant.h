/* variant: how one syscall of a policy appears on each architecture.  A
 * rule on `getuid` also decides i386's getuid32, a rule on `connect` also
 * decides i386's socketcall(SYS_CONNECT, ...), a rule on `pread64` reads
 * its 64-bit offset from two i386 registers.  Each such appearance is a
 * variant: an (arch, number) with, where needed, a sub-call selector and
 * the place of each of the syscall's arguments. */
#ifndef UNOTIFY_VARIANT_H
#define UNOTIFY_VARIANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscalls.h"

enum lay_kind {
	LAY_NONE,  /* the argument is in memory unotify does not read: unjudgeable */
	LAY_32,	   /* the low 32 bits of register lo */
	LAY_64,	   /* register lo */
	LAY_SPLIT, /* low 32 bits in register lo, high 32 bits in register hi (i386) */
	LAY_ZERO,  /* always 0 in this variant (an i386 legacy call: umount's flags) */
};

struct arg_layout {
	uint8_t kind, lo, hi;
};

struct sysent;

struct variant {
	struct sysent *sys;
	struct variant *next_same_nr; /* the other variants on this (arch, nr) */
	const char *name;	      /* the call's name on this arch (static) */
	int arch;
	int nr;
	int8_t sel_reg;			     /* a multiplexer's sub-call register, or -1 */
	uint32_t sel_mask, sel_val;	     /* sub-call: (reg & mask) == val */
	uint8_t block_words;		     /* > 0: the arguments are that many 32-bit words
				       * in memory at register 1 (socketcall) */
	bool opaque;			     /* the arguments are in memory unotify does not read */
	struct arg_layout lay[SYS_MAX_ARGS]; /* by the syscall's own argument index */

	/* Placement (place.c): the filter decides rules [0, kernel_end);
	 * rule kill_at (<= ninst) is the first this variant cannot judge;
	 * to_sup: what the filter's rules leave goes to the supervisor. */
	size_t kernel_end, kill_at;
	bool to_sup;
};

/* Appends to *VARS (N used, CAP allocated) every variant of syscall NAME
 * with signature SIG on every arch.  Returns 0 or -ENOMEM; none added
 * means no arch knows NAME. */
int var_build(const char *name, const struct sys_sig *sig, struct variant **vars, size_t *n,
	      size_t *cap);

/* The native name an i386 alias stands for (getuid32: getuid; readdir:
 * getdents), or NULL: a rule on the native name decides the alias too. */
const char *var_alias_of(const char *name);

/* The layout of argument ARG for V, where RAW means argN (the raw register
 * or block word N). */
struct arg_layout var_layout(const struct variant *v, int arg, bool raw);

#endif
