/* bpf_interp: a classic-BPF interpreter for seccomp programs, as the
 * kernel runs them, so the tests can check every compiled program against
 * the supervisor's own evaluation of the same rules. */
#ifndef UNOTIFY_BPF_INTERP_H
#define UNOTIFY_BPF_INTERP_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Runs PROG on D; sets *READ_ARGS (if given) when it loads past nr and arch.  Returns the program's return value, or 0xdeadbeef for
 * a program the kernel would reject at run time (bad load, jump out of
 * range, falling off the end). */
static inline uint32_t bpf_run(const struct sock_filter *prog, size_t len,
			       const struct seccomp_data *d, bool *read_args)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &prog[pc];
		uint32_t k = i->k, src = BPF_SRC(i->code) == BPF_X ? x : k;
		bool t;

		switch (BPF_CLASS(i->code)) {
		case BPF_LD:
			if (BPF_MODE(i->code) == BPF_ABS && BPF_SIZE(i->code) == BPF_W &&
			    k % 4 == 0 && k + 4 <= sizeof(*d)) {
				memcpy(&a, (const char *)d + k, 4);
				if (read_args &&
				    k >= offsetof(struct seccomp_data, instruction_pointer))
					*read_args = true;
			} else if (BPF_MODE(i->code) == BPF_IMM)
				a = k;
			else if (BPF_MODE(i->code) == BPF_MEM && k < BPF_MEMWORDS)
				a = mem[k];
			else
				return 0xdeadbeef;
			break;
		case BPF_ST:
			mem[k % BPF_MEMWORDS] = a;
			break;
		case BPF_ALU:
			switch (BPF_OP(i->code)) {
			case BPF_ADD:
				a += src;
				break;
			case BPF_SUB:
				a -= src;
				break;
			case BPF_AND:
				a &= src;
				break;
			case BPF_OR:
				a |= src;
				break;
			case BPF_XOR:
				a ^= src;
				break;
			case BPF_LSH:
				a <<= src;
				break;
			case BPF_RSH:
				a >>= src;
				break;
			case BPF_NEG:
				a = -a;
				break;
			default:
				return 0xdeadbeef;
			}
			break;
		case BPF_JMP:
			if (BPF_OP(i->code) == BPF_JA) {
				pc += k;
				break;
			}
			switch (BPF_OP(i->code)) {
			case BPF_JEQ:
				t = a == src;
				break;
			case BPF_JGT:
				t = a > src;
				break;
			case BPF_JGE:
				t = a >= src;
				break;
			case BPF_JSET:
				t = (a & src) != 0;
				break;
			default:
				return 0xdeadbeef;
			}
			pc += t ? i->jt : i->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(i->code) == BPF_A ? a : k;
		case BPF_MISC:
			if (BPF_MISCOP(i->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			return 0xdeadbeef;
		}
		if (pc >= len)
			return 0xdeadbeef;
	}
	return 0xdeadbeef;
}

#endif
