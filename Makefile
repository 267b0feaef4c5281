# unotify: a plain GNU Makefile.  `make` builds the library and the tool,
# `make check` runs every test (also under ASan+UBSan), `make demo` runs the
# demo, `make bench` the benchmark.

VERSION   := 0.1.0
SOVERSION := 0
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
SANITIZE  ?=

CC       ?= cc
WARN     := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
            -Wformat=2 -Wformat-nonliteral -Wswitch-default -Wpointer-arith -Wundef \
            -Wvla -Wcast-qual -Wwrite-strings -Wmissing-declarations -Wnull-dereference \
            -Wimplicit-fallthrough -Wno-unused-parameter
CFLAGS   ?= -O2 -g -fno-omit-frame-pointer
CFLAGS   += -std=gnu11 $(WARN) -fPIC -fvisibility=hidden -fstack-protector-strong
CPPFLAGS += -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 -Iinclude -Ilib
LDLIBS   := -lseccomp -ljansson

ifeq ($(SANITIZE),1)
CFLAGS   := $(filter-out -O2,$(CFLAGS)) -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CPPFLAGS := $(filter-out -D_FORTIFY_SOURCE=2,$(CPPFLAGS))
LDFLAGS  += -fsanitize=address,undefined
endif
# `make fuzz`: the library and the tool's objects instrumented for
# libFuzzer (clang), with ASan and UBSan.
ifeq ($(FUZZER),1)
CFLAGS   := $(filter-out -O2 -Werror,$(CFLAGS)) -O0 -fsanitize=fuzzer-no-link,address,undefined -w
CPPFLAGS := $(filter-out -D_FORTIFY_SOURCE=2,$(CPPFLAGS))
LDFLAGS  += -fsanitize=address,undefined
endif
ifeq ($(SANITIZE),thread)
CFLAGS   := $(filter-out -O2,$(CFLAGS)) -O1 -fsanitize=thread -fno-omit-frame-pointer
CPPFLAGS := $(filter-out -D_FORTIFY_SOURCE=2,$(CPPFLAGS))
LDFLAGS  += -fsanitize=thread
endif

LIB_SRC   := $(wildcard lib/*.c)
TOOL_SRC  := $(wildcard tools/*.c)
UNIT_SRC  := $(wildcard tests/unit/*.c)
TGT_SRC   := $(wildcard tests/targets/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/nrtable.o
TOOL_OBJ  := $(TOOL_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%.t)
TGT_BIN   := $(TGT_SRC:tests/targets/%.c=$(BUILD)/targets/%) $(BUILD)/targets/sys32
BENCH_BIN := $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/*.c))
FUZZ_NAMES := policy oci agent
FUZZ_BIN  := $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 60

STATIC  := $(BUILD)/libunotify.a
SHARED  := $(BUILD)/libunotify.so.$(VERSION)
SONAME  := libunotify.so.$(SOVERSION)
TOOL    := $(BUILD)/unotify

.PHONY: all deps check test unit e2e asan tsan demo bench install uninstall clean format docs fuzz
.DELETE_ON_ERROR:

all: $(STATIC) $(SHARED) $(TOOL)

# (Docker's default seccomp profile, for the OCI tests: a test that
# cannot have it says so and skips)
deps:
	@scripts/deps.sh
	@scripts/docker-profile.sh build/ext/docker-default.json || true

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The syscall name tables, made from libseccomp at build time (scanning it
# at every start costs a millisecond).  The generator runs on the build
# machine: no sanitizer.
$(BUILD)/gen/gen-nrtable: scripts/gen-nrtable.c lib/arch.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -Ilib -o $@ $< -lseccomp

$(BUILD)/gen/nrtable.c: $(BUILD)/gen/gen-nrtable
	$< > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/nrtable.o: $(BUILD)/gen/nrtable.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(STATIC): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(SHARED): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined $(LDFLAGS) -o $@ $^ $(LDLIBS)
	ln -sf $(notdir $@) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/libunotify.so

# Where `make install` puts the profiles: --profile NAME looks there last.
$(BUILD)/obj/tools/cmd_profiles.o: CPPFLAGS += -DPROFILE_DIR='"$(PREFIX)/share/unotify/profiles"'

$(TOOL): $(TOOL_OBJ) $(STATIC)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%.t: tests/unit/%.c tests/tap.h tests/bpf_interp.h $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $(LDFLAGS) -o $@ $< $(STATIC) $(LDLIBS)

# The API test links the shared library: only what it exports is usable.
$(BUILD)/tests/api.t: tests/unit/api.c tests/tap.h $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) -Iinclude -Itests $(CFLAGS) $(LDFLAGS) -o $@ $< -L$(BUILD) -Wl,-rpath,$(abspath $(BUILD)) -lunotify

# Targets are ordinary programs: no sanitizer, no project headers.  sys32
# is the same target built for i386.
$(BUILD)/targets/sys32: tests/targets/sys.c tests/targets/report.h
	@mkdir -p $(dir $@)
	$(CC) -m32 -std=gnu11 -O2 -Wall -Wextra -Werror -pthread -o $@ $<

# ptinject runs in a busybox container (24-agent): static.
$(BUILD)/targets/ptinject: tests/targets/ptinject.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static -o $@ $<

# fsdiff, the differential driver of the emulated filesystem calls, also
# built for i386: a long table of small cases, not optimised (-O2 costs
# seconds of compiling for nothing).
TGT_BIN += $(BUILD)/targets/fsdiff32
$(BUILD)/targets/fsdiff: tests/targets/fsdiff.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O0 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/targets/fsdiff32: tests/targets/fsdiff.c
	@mkdir -p $(dir $@)
	$(CC) -m32 -std=gnu11 -O0 -Wall -Wextra -Werror -o $@ $<

# Compares unotify's filter for an OCI profile with libseccomp's (the
# library's internals, libseccomp and jansson).
$(BUILD)/targets/ocicmp: tests/targets/ocicmp.c tests/bpf_interp.h $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(STATIC) $(LDLIBS)

$(BUILD)/targets/%: tests/targets/%.c tests/targets/report.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -pthread -o $@ $<

# The fuzz targets (fuzz/NAME.c) with the tool's objects: run over their
# corpus by driver.c in `make check`, linked with libFuzzer by `make fuzz`.
FUZZ_DEPS := fuzz/fuzz.h $(filter-out %/main.o,$(TOOL_OBJ)) $(STATIC)
ifeq ($(FUZZER),1)
$(BUILD)/fuzz/%: fuzz/%.c $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itools -Ifuzz $(filter-out -fsanitize=fuzzer-no-link%,$(CFLAGS)) \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(filter-out %/main.o,$(TOOL_OBJ)) $(STATIC) $(LDLIBS)
else
$(BUILD)/fuzz/%: fuzz/%.c fuzz/driver.c $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itools -Ifuzz $(CFLAGS) $(LDFLAGS) -o $@ $< fuzz/driver.c \
		$(filter-out %/main.o,$(TOOL_OBJ)) $(STATIC) $(LDLIBS)
endif

# Fuzzes each target for FUZZ_SECONDS (scripts/fuzz.sh: what it found,
# and the corpus it grew, under build/libfuzzer).
fuzz: deps
	@command -v clang >/dev/null || { echo "make fuzz: needs clang (apt-get install clang)" >&2; exit 1; }
	$(MAKE) BUILD=build/libfuzzer CC=clang FUZZER=1 $(FUZZ_NAMES:%=build/libfuzzer/fuzz/%)
	scripts/fuzz.sh build/libfuzzer $(FUZZ_SECONDS) $(FUZZ_NAMES)

# (static: the agent's rows run it as a container's whole root)
$(BUILD)/bench/mkloop: bench/mkloop.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static -o $@ $<

$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o $@ $<

# Every test, in the normal build and then under ASan+UBSan.
check: deps
	$(MAKE) test
	$(MAKE) BUILD=build/asan SANITIZE=1 test

# The threaded tests (workers, the server API, delays, credentials, the agent)
# ThreadSanitizer: any report fails the run.
TSAN_TESTS := tests/e2e/11-workers.t tests/e2e/07-creds.t tests/e2e/02-mkdir.t tests/e2e/08-log.t \
	tests/e2e/24-agent.t
tsan: deps
	$(MAKE) BUILD=build/tsan SANITIZE=thread all build/tsan/tests/api.t \
		$(patsubst $(BUILD)/%,build/tsan/%,$(TGT_BIN))
	TSAN_OPTIONS="halt_on_error=1 exitcode=66 report_signal_unsafe=0" UNOTIFY_BUILD=build/tsan \
		timeout 900 prove -f build/tsan/tests/api.t $(TSAN_TESTS)

test: all $(UNIT_BIN) $(TGT_BIN) $(FUZZ_BIN)
	UNOTIFY_BUILD=$(BUILD) timeout 900 prove -f $(UNIT_BIN) tests/e2e/*.t tests/hostile/*.t

demo: deps all $(TGT_BIN)
	@sh examples/demo.sh $(BUILD)

bench: deps all $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(TOOL) $(DESTDIR)$(PREFIX)/bin/unotify
	install -m 644 $(STATIC) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHARED) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libunotify.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libunotify.so
	install -m 644 include/unotify.h $(DESTDIR)$(PREFIX)/include/
	install -d $(DESTDIR)$(PREFIX)/share/unotify/profiles
	install -m 644 profiles/*.policy $(DESTDIR)$(PREFIX)/share/unotify/profiles/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man3 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/doc/unotify
	install -m 644 docs/unotify.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 docs/libunotify.3 $(DESTDIR)$(PREFIX)/share/man/man3/
	install -m 644 docs/unotify.policy.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/unotify/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' libunotify.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/libunotify.pc

# What install put there, and nothing else.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/unotify $(DESTDIR)$(PREFIX)/lib/libunotify.a \
		$(DESTDIR)$(PREFIX)/lib/libunotify.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME) \
		$(DESTDIR)$(PREFIX)/lib/libunotify.so $(DESTDIR)$(PREFIX)/include/unotify.h \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/libunotify.pc \
		$(DESTDIR)$(PREFIX)/share/man/man1/unotify.1 \
		$(DESTDIR)$(PREFIX)/share/man/man3/libunotify.3 \
		$(DESTDIR)$(PREFIX)/share/man/man5/unotify.policy.5
	rm -rf $(DESTDIR)$(PREFIX)/share/unotify $(DESTDIR)$(PREFIX)/share/doc/unotify

format:
	clang-format -i include/*.h lib/*.[ch] tools/*.[ch] tests/*.h tests/unit/*.c

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(TOOL_OBJ:.o=.d)

# The call table of docs/calls.md and the class tables of docs/rules.md,
# from the ones the supervisor and the parser use.
docs: all
	scripts/gen-calls-doc.sh $(BUILD)/unotify
	scripts/gen-classes-doc.sh $(BUILD)/unotify
