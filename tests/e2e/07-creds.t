#!/bin/bash
# Emulation acts with the target's credentials, capabilities and umask.
. "$(dirname "$0")/lib.sh"
need_root
scratch
plan 17
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
mkdir -m 700 "$TMP/rootonly"
out=$("$UNOTIFY" run "${P[@]}" -- sh -c "setpriv --reuid=65534 --regid=65534 --clear-groups $SYS mkdir $TMP/open/p; $SYS mkdir $TMP/rootonly/q" 2>&1)
is "$out" "$(printf 'mkdir = 0\nmkdir = 0')" "after serving uid 65534, the supervisor serves root as root"
is "$(stat -c %u "$TMP/open/p"):$(stat -c %u "$TMP/rootonly/q")" "65534:0" "each directory belongs to its own caller"

# The decision walks as unotify; the act walks again as the target.  A
# directory only root can search holds an open one: unotify reaches it,
# the target (uid 65534) does not, and nothing is made there.
mkdir -p -m 700 "$TMP/sealed" && mkdir -m 777 "$TMP/sealed/inner"
out=$("$UNOTIFY" run "${P[@]}" -- "$SYS" setuid 65534 mkdir "$TMP/sealed/inner/x" 2>&1 | tail -n 1)
is "$out" "mkdir = -1 EACCES" "an emulated mkdir behind a directory the target cannot search fails as natively"
test ! -e "$TMP/sealed/inner/x"; ok $? "and nothing was created"
native=$("$SYS" setuid 65534 mkdir "$TMP/sealed/inner/y" 2>&1 | tail -n 1)
is "$out" "$native" "the same result as the native call"

# A call held by a delay must not leave the supervisor in its caller's
# credentials while it serves another caller meanwhile.
D=(-e "mkdir pathname=$TMP/** -> allow, delay 0.5")
out=$("$UNOTIFY" run "${D[@]}" -- sh -c "setpriv --reuid=65534 --regid=65534 --clear-groups $SYS mkdir $TMP/open/d1 & sleep 0.2; $SYS mkdir $TMP/rootonly/d2; wait" 2>&1)
is "$(echo "$out" | sort | uniq -c | tr -s ' ')" " 2 mkdir = 0" "a delayed call of uid 65534 and a root call served meanwhile both succeed"
is "$(stat -c %u "$TMP/open/d1"):$(stat -c %u "$TMP/rootonly/d2")" "65534:0" "each with its own credentials"

if unshare -r true 2>/dev/null; then
	out=$("$UNOTIFY" run "${P[@]}" -- unshare -r "$SYS" mkdir "$TMP/nobodys/ns" 2>&1)
	like "$out" 'mkdir = -1 EACCES' "root of a child user namespace gets no capabilities in ours"
	test ! -e "$TMP/nobodys/ns"; ok $? "and nothing was created"
else
	skip 2 "cannot create a user namespace here"
fi
done_testing
