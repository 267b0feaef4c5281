/* libFuzzer entry point of each target (fuzz/NAME.c).  `make fuzz` links
 * them with libFuzzer (clang); driver.c runs them over their corpus for
 * `make check`, with any compiler. */
#ifndef UNOTIFY_FUZZ_H
#define UNOTIFY_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
