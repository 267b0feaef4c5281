#!/bin/bash
# Fault injection: `when` picks which of a rule's matches it answers,
# counted over the whole supervised tree; the others fall through.
. "$(dirname "$0")/lib.sh"
scratch
plan 7

sysn() { "$UNOTIFY" run "$@" 2>&1 | tr '\n' ' '; }
is "$(sysn -e 'getppid -> return 1, when 2' -- "$SYS" getppid getppid getppid | sed -E 's/= [0-9]{2,}/= P/g')" \
	"getppid = P getppid = 1 getppid = P " "when 2: only the second match; the others get the default (allow)"
is "$(sysn -e 'getppid -> return 1, when 2..6+2' -e 'getppid -> return 0' -- "$SYS" getppid getppid getppid getppid getppid getppid getppid)" \
	"getppid = 0 getppid = 1 getppid = 0 getppid = 1 getppid = 0 getppid = 1 getppid = 0 " \
	"when 2..6+2: the 2nd, 4th and 6th; the rest fall through to the next rule"
is "$(sysn -e 'getppid -> errno EIO, when 3+' -- "$SYS" getppid getppid getppid getppid | sed -E 's/= [0-9]{2,}/= P/g')" \
	"getppid = P getppid = P getppid = -1 EIO getppid = -1 EIO " "when 3+: every one from the third"
# Counted over the tree: three processes, one call each.
out=$("$UNOTIFY" run -e 'getppid -> return 7, when 2' -- sh -c "$SYS getppid; $SYS getppid; $SYS getppid" 2>&1 | grep -cx 'getppid = 7')
is "$out" 1 "the count runs over every process of the tree"
# A call decided twice (walked again to be acted on) is counted once.
mkdir -p "$TMP/d"
out=$("$UNOTIFY" run -e "mkdir pathname=$TMP/** -> errno ENOSPC, when 2" -e "mkdir pathname=$TMP/** -> emulate" -- \
	"$SYS" mkdir "$TMP/d/a" mkdir "$TMP/d/b" mkdir "$TMP/d/c" 2>&1 | tr '\n' ' ')
is "$out" "mkdir = 0 mkdir = -1 ENOSPC mkdir = 0 " "when on a path rule: the second mkdir fails, the others are emulated"
# The readable line and the record mark what was injected.
out=$("$UNOTIFY" run -v --log "$TMP/log" -e 'getppid -> return 1, when 1' -- "$SYS" getppid getppid 2>&1)
like "$out" 'getppid\(\) -> return = 1 \(injected\) \[-e:1\]' "-v marks the injected answer"
is "$(grep -c '"injected":true' "$TMP/log")" 1 "and the JSON record has injected: true, once"
done_testing
