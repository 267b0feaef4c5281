#!/bin/bash
# Emulation acts with the target's credentials, capabilities and umask.
. "$(dirname "$0")/lib.sh"
need_root
scratch
plan 8
P=(-e "mkdir pathname=$TMP/** -> emulate")
mkdir -m 777 "$TMP/open"
mkdir -m 755 "$TMP/nobodys" && chown 65534:65534 "$TMP/nobodys"

out=$("$UNOTIFY" run "${P[@]}" -- "$SYS" setuid 65534 mkdir "$TMP/root-only" mkdir "$TMP/open/n" 2>&1)
like "$out" 'mkdir = -1 EACCES' "a target that dropped to uid 65534 cannot create in a root 0755 directory"
test ! -e "$TMP/root-only"; ok $? "and nothing was created"
like "$out" 'mkdir = 0$' "it can in a 0777 directory"
is "$(stat -c %u:%g "$TMP/open/n")" "65534:65534" "the new directory belongs to the target's fsuid/fsgid"

out=$("$UNOTIFY" run "${P[@]}" -- "$SYS" dropcaps mkdir "$TMP/nobodys/x" 2>&1)
like "$out" 'mkdir = -1 EACCES' "a root target without capabilities does not get them back"
test ! -e "$TMP/nobodys/x"; ok $? "and nothing was created"

out=$("$UNOTIFY" run "${P[@]}" -- "$SYS" umask 077 mkdir "$TMP/u" 0777 2>&1)
is "$out" "mkdir = 0" "emulated mkdir under umask 077"
is "$(stat -c %a "$TMP/u")" "700" "the target's umask was applied by the kernel"
done_testing
