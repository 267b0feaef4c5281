/* fmt: values as people read them (fmt.h). */
#include <inttypes.h>
#include <stdbool.h>

#include "fmt.h"

/* The length of the well-formed UTF-8 sequence at S (at most N bytes) of
 * a character a terminal shows as itself, or 0: not overlong, no
 * surrogate, nothing past U+10FFFF, no C1 control (U+0080-U+009F: CSI
 * moves the cursor), no bidirectional control or line separator (they
 * reorder or break what follows). */
static size_t _utf8(const unsigned char *s, size_t n)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len = s[0] < 0x80		 ? 1
		     : (s[0] & 0xe0) == 0xc0 ? 2
		     : (s[0] & 0xf0) == 0xe0 ? 3
		     : (s[0] & 0xf8) == 0xf0 ? 4
					     : 0;
	uint32_t cp;

	if (len == 0 || len > n)
		return 0;
	cp = len == 1 ? s[0] : s[0] & (0x7f >> len);
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return len;
}

void fmt_quote(FILE *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		size_t len = _utf8(u + i, n - i);

		if (u[i] == '"' || u[i] == '\\') {
			fprintf(f, "\\%c", u[i]);
		} else if (u[i] >= 0x20 && u[i] < 0x7f) {
			fputc(u[i], f);
		} else if (len > 1) {
			fwrite(u + i, 1, len, f);
			i += len - 1;
		} else {
			fprintf(f, "\\x%02x", u[i]);
		}
	}
	fputc('"', f);
}

/* Flags: the named sets of bits V holds, widest first (O_TMPFILE holds
 * O_DIRECTORY, O_SYNC O_DSYNC), what is left in hex. */
static void _flags(FILE *f, const struct sys_const *c, size_t n, uint64_t v, bool printed,
		   uint64_t skip)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			uint64_t bits = (uint64_t)c[i].value;
			bool multi = (bits & (bits - 1)) != 0;

			if (!bits || multi != (pass == 0) || (v & bits) != bits || (bits & skip))
				continue;
			fprintf(f, "%s%s", printed ? "|" : "", c[i].name);
			printed = true;
			v &= ~bits;
		}
	if (v || !printed)
		fprintf(f, "%s%#" PRIx64, printed ? "|" : "", v);
}

void fmt_value(FILE *f, enum arg_kind kind, uint64_t raw)
{
	const struct sys_const *c;
	size_t n = sys_const_list(kind, &c);
	enum arg_type t = arg_kind_type(kind);
	int64_t v = t == TYPE_S32 ? (int32_t)(uint32_t)raw
		    : t == TYPE_U32 ? (int64_t)(uint32_t)raw
		    : t == TYPE_U16 ? (int64_t)(raw & 0xffff)
				    : (int64_t)raw;

	switch (kind) {
	case ARG_MODE:
		fprintf(f, v ? "0%" PRIo64 : "0", (uint64_t)v);
		return;
	case ARG_OPEN_FLAGS: /* the access mode is a value, not a bit */
		fputs((v & 3) == 0 ? "O_RDONLY" : (v & 3) == 1 ? "O_WRONLY" : (v & 3) == 2 ? "O_RDWR" : "3", f);
		_flags(f, c, n, (uint64_t)v & ~3ull & 0xffffffffull, true, 3);
		return;
	case ARG_SOCK_TYPE: { /* a type, then flags */
		bool named = false;

		for (size_t i = 0; i < n && !named; i++)
			if ((uint64_t)c[i].value == ((uint64_t)v & 0xf)) {
				fputs(c[i].name, f);
				named = true;
			}
		if (!named)
			fprintf(f, "%" PRIu64, (uint64_t)v & 0xf);
		_flags(f, c, n, (uint64_t)v & ~0xfull & 0xffffffffull, true, 0xf);
		return;
	}
	case ARG_AT_FLAGS:
	case ARG_CLONE_FLAGS:
	case ARG_MMAP_PROT:
	case ARG_MMAP_FLAGS:
		if (!v && kind != ARG_MMAP_PROT) {
			fputs("0", f);
			return;
		}
		_flags(f, c, n, (uint64_t)v & (t == TYPE_U64 || t == TYPE_S64 ? ~0ull : 0xffffffffull),
		       false, 0);
		return;
	default:
		for (size_t i = 0; i < n; i++)
			if (c[i].value == v) {
				fputs(c[i].name, f);
				return;
			}
		if (kind == ARG_PTR)
			fprintf(f, "0x%" PRIx64, (uint64_t)v);
		else if (t == TYPE_U64 || t == TYPE_U32 || t == TYPE_U16)
			fprintf(f, "%" PRIu64, (uint64_t)v);
		else
			fprintf(f, "%" PRId64, v);
	}
}
