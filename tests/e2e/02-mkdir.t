#!/bin/bash
# The seeds' mkdir supervisor, reproduced by examples/mkdir.policy.
. "$(dirname "$0")/lib.sh"
scratch
plan 15
P=$PWD/examples/mkdir.policy

out=$("$UNOTIFY" run -p $P -- "$SYS" mkdir "$TMP/a" mkdir "$TMP/a" mkdir /etc/unotify-no 2>&1)
st=$?
is "$st" 0 "exit status is the command's"
is "$(echo "$out" | sed -n 1p)" "mkdir = 0" "under /tmp: emulated, real result 0"
is "$(echo "$out" | sed -n 2p)" "mkdir = -1 EEXIST" "emulation returns the real error"
is "$(echo "$out" | sed -n 3p)" "mkdir = -1 EOPNOTSUPP" "elsewhere: EOPNOTSUPP"
test -d "$TMP/a"; ok $? "the emulated directory exists"
test ! -e /etc/unotify-no; ok $? "the refused directory does not"

cd "$TMP" || exit 1
out=$("$UNOTIFY" run -p "$P" -- "$SYS" mkdir ./rel mkdirat cwd ./rel2 mkdir rel3 2>&1)
cd "$OLDPWD" || exit 1
is "$out" "$(printf 'mkdir = 0\nmkdirat = 0\nmkdir = 0')" "./ paths continue; rel3 resolves under /tmp and is emulated"
test -d "$TMP/rel" && test -d "$TMP/rel2" && test -d "$TMP/rel3"; ok $? "the continued and emulated directories exist"

out=$("$UNOTIFY" run -p $P -- "$SYS" mkdir /bye mkdir "$TMP/after" mkdir ./x 2>&1)
is "$out" "$(printf 'mkdir = -1 EOPNOTSUPP\nmkdir = -1 ENOSYS\nmkdir = -1 ENOSYS')" \
	"/bye: EOPNOTSUPP, then the supervisor stops and later calls get ENOSYS"
test ! -e "$TMP/after"; ok $? "nothing was created after stop"

out=$("$UNOTIFY" run -p $P -e 'getppid -> return 42' -- "$SYS" getppid 2>&1)
is "$out" "getppid = 42" "return N spoofs a value without the call"

out=$("$UNOTIFY" run -e 'mkdir pathname=/etc/** -> deny' -- "$SYS" mkdir /etc/unotify-no mkdir "$TMP/def" 2>&1)
is "$out" "$(printf 'mkdir = -1 EPERM\nmkdir = 0')" "default allow after a path check is emulated"
test -d "$TMP/def"; ok $? "the default-allowed directory exists"

out=$("$UNOTIFY" run -e 'mkdir pathname=/tmp/** -> allow' -e 'mkdir -> deny' -- "$SYS" mkdir "$TMP/../../etc/unotify-no" 2>&1)
is "$out" "mkdir = -1 EPERM" "'..' is resolved before matching"

# ${NAME} is the environment's value, taken literally (its '*' is no glob).
mkdir -p "$TMP/star" "$TMP/st*r"
out=$(STARRED="$TMP/st*r" "$UNOTIFY" run -e 'mkdir pathname=${STARRED}/** -> deny' -- \
	"$SYS" mkdir "$TMP/star/a" mkdir "$TMP/st*r/a" 2>&1)
is "$out" "$(printf 'mkdir = 0\nmkdir = -1 EPERM')" '${NAME} in a pattern: its value, literally'
done_testing
