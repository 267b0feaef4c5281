/* fmt: a call's values as people read them, for -v lines and `unotify
 * trace`: flags and values by their constants' names, modes in octal,
 * strings quoted with valid UTF-8 shown as itself. */
#ifndef UNOTIFY_FMT_H
#define UNOTIFY_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "syscalls.h"

/* S (N bytes) as a C string literal: printable ASCII and valid UTF-8 as
 * themselves, '"' and '\' escaped, every other byte \xHH. */
void fmt_quote(FILE *f, const char *s, size_t n);

/* The register value V of an argument of KIND, at its width, by name
 * where KIND has constants (A|B|0xREST for flags), a mode in octal,
 * AT_FDCWD, a pointer in hex. */
void fmt_value(FILE *f, enum arg_kind kind, uint64_t v);

#endif
