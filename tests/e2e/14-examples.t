#!/bin/bash
# The example policies are boundaries: real programs run under them, do
# what the policy allows, and fail exactly where it refuses.
. "$(dirname "$0")/lib.sh"
EX=$(cd "$(dirname "$0")/../../examples" && pwd)
command -v git >/dev/null || skip_all "needs git"
command -v make >/dev/null || skip_all "needs make"
plan 18

# A work tree outside /tmp (which build.policy leaves writable), and a
# directory beside it that the build must not touch.
V=$(mktemp -d /var/tmp/unotify-test.XXXXXX)
trap 'rm -rf "$V"' EXIT
mkdir -p "$V/wt" "$V/out"
WT="$V/wt" OUT="$V/out"
printf 'int main(void) { return 0; }\n' >"$WT/m.c"
printf 'm: m.c\n\t$(CC) -o m m.c\n' >"$WT/Makefile"

ub() { (cd "$WT" && "$UNOTIFY" run -p "$EX/build.policy" -- "$@" 2>&1); }

like "$(cd "$WT" && "$UNOTIFY" check -p "$EX/build.policy" 2>&1)" "MAKE_DIR +placed" \
	"build: check places directory rights in Landlock for a work tree outside /tmp"
out=$(ub sh -c 'make -s --no-print-directory && ./m && git init -q . && git add m.c && git -c user.email=a@b -c user.name=n commit -qm m && echo built')
is "$out" "built" "build: make, the program it built, and a git commit in the work tree"
out=$(ub sh -c 'tmp=$(mktemp /tmp/unotify-ex.XXXXXX) && echo x >"$tmp" && mv "$tmp" "$tmp.2" && rm "$tmp.2" && echo tmp-ok')
is "$out" "tmp-ok" "build: /tmp is writable"
ub sh -c ": >$OUT/f; mkdir $OUT/d; ln -s x $OUT/l; mv m $OUT/m; cp m $OUT/c; touch -r m $OUT 2>/dev/null; true" >/dev/null
is "$(ls -A "$OUT" | tr '\n' ' ')" "" "build: nothing was made outside the trees (file, directory, symlink, rename, copy)"
touch "$OUT/keep"
out=$(ub sh -c "echo gone >$OUT/keep; rm -f $OUT/keep; chmod 777 $OUT/keep; truncate -s 0 $OUT/keep" | grep -c 'Permission denied')
is "$out" 4 "build: an outside file is neither written, removed, chmod'ed nor truncated (EACCES each time)"
test -f "$OUT/keep" && [ "$(stat -c %a "$OUT/keep")" = 644 ]; ok $? "build: and it is still there, unchanged"
out=$(ub cat /etc/hostname)
is "$out" "$(cat /etc/hostname)" "build: reading outside is allowed"

# /etc read-only.
ue() { "$UNOTIFY" run -p "$EX/etc-readonly.policy" -- "$@" 2>&1; }
if [ "$(id -u)" -eq 0 ]; then
	F=$(mktemp /etc/unotify-test.XXXXXX)
	echo orig >"$F"
	out=$(ue sh -c "echo new >$F; echo more >>$F; rm -f $F; mv $F $F.2; ln $F $F.3; chmod 600 $F; touch -d 2001-01-01 $F; truncate -s 0 $F; mkdir /etc/unotify-test-d" |
		grep -c 'Read-only file system')
	is "$out" 9 "etc-readonly: writing, appending, removing, renaming, linking, chmod, touch, truncate, mkdir: EROFS each"
	is "$(cat "$F")" "orig" "etc-readonly: the file is unchanged"
	ls -d "$F".* /etc/unotify-test-d >/dev/null 2>&1
	ok $((!$?)) "etc-readonly: no new name under /etc"
	rm -f "$F"
else
	skip 3 "writing into /etc needs root here"
fi
is "$(ue sh -c "cat /etc/hostname; echo x >$V/w && cat $V/w")" "$(printf '%s\nx' "$(cat /etc/hostname)")" \
	"etc-readonly: /etc is read, and writes elsewhere work"

# No secrets.
H="$V/home"
mkdir -p "$H/.ssh" "$H/.gnupg" "$H/src"
echo SECRET >"$H/.ssh/id_ed25519"
echo pub >"$H/src/a"
us() { (cd "$H" && HOME="$H" "$UNOTIFY" run -p "$EX/no-secrets.policy" -- "$@" 2>&1); }
out=$(us sh -c 'cat ~/.ssh/id_ed25519; ls ~/.ssh; stat ~/.ssh/id_ed25519; cd ~/.ssh || echo cd: Permission denied; ls ~/.gnupg' | grep -c 'Permission denied')
is "$out" 5 "no-secrets: reading, listing, stat and cd beneath ~/.ssh and ~/.gnupg: EACCES each"
out=$(us sh -c 'cat ~/.ssh/id_ed25519 ~/.ssh/../.ssh/id_ed25519 ./.ssh/id_ed25519 /proc/self/cwd/.ssh/id_ed25519 2>/dev/null; cp -r ~ '"$V/copy"' 2>/dev/null; tar cf - . 2>/dev/null | tar tf - | grep -c id_ed25519')
is "$out" "0" "no-secrets: the key is never read, by any name, by cat, cp -r or tar"
test ! -e "$V/copy/.ssh/id_ed25519"; ok $? "no-secrets: cp -r of the home copies no key"
is "$(us cat src/a)" "pub" "no-secrets: the rest of the home is read"
ln -s ../.ssh/id_ed25519 "$H/src/link"
is "$(us cat src/link)" "cat: src/link: Permission denied" "no-secrets: a symlink into ~/.ssh is judged where it leads"
is "$(HOME=/nonexistent-unset-test "$UNOTIFY" check -p "$EX/no-secrets.policy" >/dev/null 2>&1; echo $?)" 0 \
	"no-secrets: check loads it with any HOME"
like "$(env -u HOME "$UNOTIFY" check -p "$EX/no-secrets.policy" 2>&1 | head -1)" \
	"^unotify: $EX/no-secrets.policy:11:[0-9]+: [$][{]HOME[}] is not set in the environment$" \
	"no-secrets: an unset HOME is an error naming it"
done_testing
