#!/bin/bash
# unotify import follows what runc 1.1.5 and libseccomp 2.5.4 do where the
# OCI spec is silent (each case was run under runc): a plain entry decides
# its call whole over conditioned ones; conditioned entries of other
# actions that may match one call are an error (libseccomp orders them its
# own way); an i386 alias is left to its call only where the call's entry
# is kept; an entry without errnoRet gets EPERM, not defaultErrnoRet;
# arguments that are not numbers are an error, as runc refuses them.
. "$(dirname "$0")/lib.sh"
scratch
plan 7
imp() { printf '%s' "$1" >"$TMP/p.json"; "$UNOTIFY" import "$TMP/p.json" 2>&1 | grep -v '^#\|errno 38$'; }
is "$(imp '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
 {"names":["getppid"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":5,"op":"SCMP_CMP_EQ"}]},
 {"names":["getppid"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}' | tr '\n' ' ')" \
	"arch x86_64 getppid -> errno 13 default allow " "a plain entry decides its call whole, over a conditioned one"
like "$(imp '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
 {"names":["getpriority"],"action":"SCMP_ACT_ERRNO","errnoRet":1,"args":[{"index":0,"value":5,"op":"SCMP_CMP_EQ"}]},
 {"names":["getpriority"],"action":"SCMP_ACT_ERRNO","errnoRet":13,"args":[{"index":1,"value":7,"op":"SCMP_CMP_EQ"}]}]}')" \
	"syscalls\[1\]: getpriority: entries of other actions" "conditioned entries of other actions that may match one call: an error"
is "$(imp '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
 {"names":["getpriority"],"action":"SCMP_ACT_ERRNO","errnoRet":1,"args":[{"index":0,"value":5,"op":"SCMP_CMP_EQ"}]},
 {"names":["getpriority"],"action":"SCMP_ACT_ERRNO","errnoRet":13,"args":[{"index":0,"value":7,"op":"SCMP_CMP_EQ"}]}]}' | grep -c getpriority)" \
	2 "and no error where no call matches both (another value of the same argument)"
is "$(imp '{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],"syscalls":[
 {"names":["getuid"],"action":"SCMP_ACT_ALLOW"},
 {"names":["getuid32","chown32"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}' | grep getuid32)" \
	"getuid32,chown32 -> errno 1" "an i386 alias keeps its rule where its call's entry is the default's (dropped)"
is "$(imp '{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,"syscalls":[
 {"names":["getppid"],"action":"SCMP_ACT_ERRNO"}]}' | grep getppid)" \
	"getppid -> errno 1" "an entry without errnoRet: EPERM (defaultErrnoRet is the default action's)"
like "$(imp '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
 {"names":["getppid"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":"5","op":"SCMP_CMP_NE"}]}]}')" \
	"not a condition unotify knows" "an argument value that is not a number: an error, not 0"
is "$(imp '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
 {"names":["mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":13,"args":[{"index":1,"value":1,"valueTwo":3,"op":"SCMP_CMP_MASKED_EQ"}]}]}' | grep mkdir)" \
	"mkdir arg1&0x1=0x1 -> errno 13" "MASKED_EQ: the value masked too, as libseccomp does (not a rule matching nothing)"
done_testing
