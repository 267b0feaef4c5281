#!/bin/bash
# Access classes: "@write pathname=W/** -> allow" and "@write -> errno
# EACCES" keep every change inside W, on every route the class names
# (opens by flags, renames and links by both names, chmod, times, xattrs,
# symlinks), with real programs; @read and @exec likewise; `check` shows
# how each class is split between Landlock and the supervisor.
. "$(dirname "$0")/lib.sh"
scratch
plan 16
W=$TMP/w O=$TMP/o
mkdir -p "$W" "$O"
echo data >"$O/f"
chmod 644 "$O/f"
P=(-e "@write pathname=$W/** -> allow" -e '@write -> errno EACCES')
r() { "$UNOTIFY" run "${P[@]}" -- "$@" 2>&1; }
denied() { sed 's/.*: //' | sort | uniq -c | tr -s ' ' | tr '\n' ' '; }

out=$("$UNOTIFY" check "${P[@]}" 2>&1)
like "$out" "-e:1: @write: mkdir,mkdirat,.* pathname=$W/[*][*] -> allow" "check marks each rule with its class"
like "$out" $'mkdir +landlock +allow\n' "mkdir is placed in Landlock"
like "$out" $'chmod +supervisor +emulate' "chmod goes to the supervisor, emulated"
like "$out" $'open +supervisor +emulate' "an open with a write flag goes to the supervisor"

is "$(r sh -c "echo x >$W/f && mkdir $W/d && mv $W/f $W/d/g && ln -s g $W/d/l && ln $W/d/g $W/d/h &&
	chmod 600 $W/d/g && touch -d 2001-01-01 $W/d/g && truncate -s 1 $W/d/g && rm -r $W/d && echo ok")" "ok" \
	"inside the tree: write, mkdir, mv, ln -s, ln, chmod, touch, truncate, rm -r"
before=$(stat -c '%s %a %Y %h' "$O/f")
is "$(r sh -c "echo x >$O/f; echo x >>$O/f; mkdir $O/d; rm $O/f; chmod 600 $O/f; touch -d 2001-01-01 $O/f; truncate -s 0 $O/f; ln -s /etc $O/l" | denied)" \
	" 8 Permission denied " "outside: write, append, mkdir, rm, chmod, touch, truncate, ln -s are each refused (EACCES)"
is "$(stat -c '%s %a %Y %h' "$O/f"):$(ls "$O" | tr '\n' ' ')" "$before:f " "and nothing outside changed"
is "$(r sh -c "ln $O/f $W/hard; mv $O/f $W/moved; cp -l $O/f $W/cpl" | denied)" " 3 Permission denied " \
	"a hard link, a move and cp -l of an outside file into the tree are refused (both names judged)"
ln -s "$O/f" "$W/sl"
is "$(r sh -c "echo x >$W/sl; chmod 600 $W/sl" | denied)" " 2 Permission denied " \
	"a symlink in the tree to an outside file: writing or chmod through it is refused"
is "$(stat -c '%s %a %h' "$O/f")" "5 644 1" "and the outside file is unchanged"
rm "$W/sl"
is "$(r cat "$O/f")" "data" "reads are no @write: the outside file is read"
is "$(r python3 -c "import os; os.setxattr('$O/f', 'user.x', b'1')" 2>&1 | grep -o 'Permission denied' | head -1)" \
	"Permission denied" "an xattr write outside is refused"

# @read
mkdir -p "$O/secret"
echo s >"$O/secret/key"
R=(-e "@read pathname=$O/secret,$O/secret/** -> errno EACCES")
is "$("$UNOTIFY" run "${R[@]}" -- sh -c "cat $O/secret/key; ls $O/secret; stat $O/secret/key >/dev/null; cat $O/f" 2>&1 | sed 's/.*: //')" \
	"$(printf 'Permission denied\nPermission denied\nPermission denied\ndata')" \
	"@read: cat, ls and stat beneath a refused tree fail; other files are read"
is "$("$UNOTIFY" run "${R[@]}" -- sh -c "echo new >$O/secret/new && echo written")" "written" \
	"@read refuses no write"

# @exec
cp /bin/true "$O/prog"
# (a path check on execve lets the rest through with `continue`: a
# program runs as the kernel finds it, and nothing can be emulated)
X=(-e "@exec pathname=$O/** -> errno EACCES" -e '@exec -> continue')
is "$("$UNOTIFY" run "${X[@]}" -- sh -c "$O/prog; echo \$?; true && echo ran")" "$(printf '126\nran')" \
	"@exec: a program beneath a refused tree does not run (126); others do"
"$UNOTIFY" check -e "@exec pathname=$O/** -> allow" 2>"$TMP/err" >/dev/null
like "$(cat "$TMP/err")" "unotify cannot emulate @exec's calls" "@exec cannot be allowed after a path check"
done_testing
