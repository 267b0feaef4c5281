#!/bin/bash
# Rules the kernel filter decides: order, integer semantics, kill, arch.
. "$(dirname "$0")/lib.sh"
plan 14
run() { "$UNOTIFY" run "$@" 2>&1; }

# First match wins, in file order (libseccomp would merge these).
R=(-e 'getpriority which=1 -> errno 1' -e 'getpriority who=2 -> errno 2')
is "$(run "${R[@]}" -- "$SYS" raw 140 1 2)" "raw 140 = -1 EPERM" "first matching rule wins: (1, 2) gets errno 1"
is "$(run "${R[@]}" -- "$SYS" raw 140 0 2)" "raw 140 = -1 ENOENT" "the second rule decides (0, 2)"

# An int argument compares its low 32 bits, sign-extended.
is "$(run -e 'close fd=1000 -> errno EMSGSIZE' -- "$SYS" raw 3 0x1000003e8)" "raw 3 = -1 EMSGSIZE" \
	"fd=1000 also catches 0x1000003e8"
is "$(run -e 'getpriority which<0 -> errno EMSGSIZE' -- "$SYS" raw 140 0x80000000 raw 140 7)" \
	"$(printf 'raw 140 = -1 EMSGSIZE\nraw 140 = -1 EINVAL')" "signed 32-bit order: 0x80000000 is negative"
is "$(run -e 'lseek offset<0 -> errno EMSGSIZE' -- "$SYS" raw 8 -1 -5 0 raw 8 -1 0x80000000 0 raw 8 -1 0x8000000000000000 0)" \
	"$(printf 'raw 8 = -1 EMSGSIZE\nraw 8 = -1 EBADF\nraw 8 = -1 EMSGSIZE')" "signed 64-bit order with hi/lo words"
is "$(run -e 'lseek offset>=0x100000000 -> errno EMSGSIZE' -- "$SYS" raw 8 -1 0xffffffff 0 raw 8 -1 0x100000000 0)" \
	"$(printf 'raw 8 = -1 EBADF\nraw 8 = -1 EMSGSIZE')" "unsigned 64-bit boundary"
is "$(run -e 'lseek whence&1=1 -> errno EMSGSIZE' -- "$SYS" raw 8 -1 0 1 raw 8 -1 0 2)" \
	"$(printf 'raw 8 = -1 EMSGSIZE\nraw 8 = -1 EBADF')" "masked comparison"
is "$(run -e 'getpriority which=PRIO_PGRP|PRIO_USER -> errno EMSGSIZE' -- "$SYS" raw 140 3 raw 140 1 999999999)" \
	"$(printf 'raw 140 = -1 EMSGSIZE\nraw 140 = -1 ESRCH')" "symbolic constants joined with |"

run -e 'getppid -> kill' -- "$SYS" getppid >/dev/null; is $? 159 "kill in the kernel: SIGSYS, exit 159"
run -e 'getppid -> kill, log' -- "$SYS" getppid >/dev/null; is $? 137 "kill from the supervisor: SIGKILL, exit 137"
run -e 'default kill' -- "$SYS" getppid >/dev/null; is $? 159 "default kill stops even the exec"
run -e 'getppid -> deny' -- "$SYS" raw 0x40000027 >/dev/null; is $? 159 "an x32 syscall number is killed"
is "$(run -e 'getppid -> deny' -- "$SYS" raw -1)" "raw -1 = -1 ENOSYS" "nr -1 (a tracer's skip) is let through: the kernel does nothing"
like "$(run -e 'getppid -> errno 4095' -- "$SYS" getppid)" "^getppid = -1" "errno 4095 is accepted"
done_testing
