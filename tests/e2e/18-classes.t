#!/bin/bash
# Access classes: "@write pathname=W/** -> allow" and "@write -> errno
# EACCES" keep every change inside W, on every route the class names
# (opens by flags, renames and links by both names, chmod, times, xattrs,
# symlinks), with real programs; @read and @exec likewise; `check` shows
# how each class is split between Landlock and the supervisor.  An
# allowing rule lets through its class's access alone (an open that also
# writes, or an openat2, is left to the rules after); `@write stdio`
# grants fds 0-2's objects by their exact names, each only its fd's
# access; errors are at their place in the line.
. "$(dirname "$0")/lib.sh"
scratch
plan 28
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

# An allowing rule lets through its class's access alone: an open that
# also writes is @write's, openat2 (its flags in memory) no class's.
# PL OP:FLAGS:PATH...: x86_64's openat(2) or openat2(2), raw (no fstat
# after), with octal FLAGS, printed as sys prints ("open = 0", "open = -1
# EACCES").
PL='for (@ARGV) { my ($op, $fl, $p) = split /:/, $_, 3; $fl = oct $fl;
	my $r = $op eq "open" ? syscall(257, -100, $p, $fl, 0644)
		: syscall(437, -100, $p, pack("QQQ", $fl, $fl & 0100 ? 0644 : 0, 0), 24);
	my ($e) = grep { $!{$_} } keys %!; print "$op ", $r < 0 ? "= -1 $e" : "= 0", "\n" }'
op() { "$UNOTIFY" run "${OP[@]}" -- perl -e "$PL" "$@" 2>&1; }
RD=$TMP/r
mkdir -p "$RD"
echo data >"$RD/f"
OP=(-e "@read pathname=$RD/** -> allow" -e '@write -> errno EACCES')
is "$(op open:2:"$RD/f" open:01000:"$RD/f" open:0100:"$RD/new" openat2:01101:"$RD/new2" open:0:"$RD/f" | tr '\n' ' ')" \
	"open = -1 EACCES open = -1 EACCES open = -1 EACCES openat2 = -1 ENOSYS open = 0 " \
	"@read allowed, @write refused: O_RDWR, O_RDONLY|O_TRUNC, O_RDONLY|O_CREAT refused (EACCES), openat2 O_WRONLY|O_CREAT|O_TRUNC refused (ENOSYS); O_RDONLY reads"
is "$(cat "$RD/f"):$(ls "$RD" | tr '\n' ' ')" "data:f " "and the file is not truncated, nothing was created"
OP=(-e "@write pathname=$RD/** -> allow" -e "@read pathname=$RD/** -> errno EACCES")
is "$(op openat2:0:"$RD/f" open:0:"$RD/f" open:01:"$RD/f" | tr '\n' ' ')" \
	"openat2 = -1 ENOSYS open = -1 EACCES open = 0 " \
	"@write allowed, @read refused: an openat2 O_RDONLY is not let through by @write (ENOSYS), nor an open O_RDONLY; O_WRONLY is"
out=$("$UNOTIFY" check -e "@read pathname=$RD/** -> allow" -e "@write pathname=$RD/** -> allow" 2>&1)
like "$out" "@read: open,openat pathname=$RD/[*][*] flags&O_ACCMODE=O_RDONLY flags&O_CREAT[|]O_TRUNC=0 -> allow" \
	"check: @read lets through opens for reading alone"
ok "$(printf '%s' "$out" | grep -c '^-e.*openat2')" "check: no allowing class rule names openat2"

# @write stdio: the names of fds 0-2 are read back exactly ($, ${...},
# glob characters, quotes), and each is granted only its fd's access.
S=(-e '@write stdio -> allow' -e "@read pathname=$O/** -> errno EACCES" -e '@write -> errno EACCES')
mkdir -p "$(dirname "$TMP/x${HOME}y")"
"$UNOTIFY" run "${S[@]}" -- sh -c 'echo a >/dev/stdout' >"$TMP/a\$b" 2>"$TMP/err1"
"$UNOTIFY" run "${S[@]}" -- sh -c "echo b >/dev/stdout; echo c >$TMP/x${HOME}y" >"$TMP/x\${HOME}y" 2>"$TMP/err2"
"$UNOTIFY" run "${S[@]}" -- sh -c "echo d >/dev/stdout; echo e >$TMP/gX" >"$TMP/g*\"[\\" 2>"$TMP/err3"
is "$(cat "$TMP/a\$b" "$TMP/x\${HOME}y" "$TMP/g*\"[\\" | tr '\n' ' ')" "a b d " \
	"stdout named a\$b, x\${HOME}y, g*\"[\\ is reopened for writing"
is "$(cat "$TMP/err1" "$TMP/err2" "$TMP/err3" | sed 's/.*: //' | tr '\n' ' '):$(ls -d "$TMP/x${HOME}y" "$TMP/gX" 2>/dev/null | wc -l)" \
	"Permission denied Permission denied :0" "and grants nothing else: not the name with \${HOME} expanded, nor gX (* is literal)"
echo keep >"$O/log"
"$UNOTIFY" run "${S[@]}" -- perl -e "$PL" open:02001:/dev/stdout open:02002:/dev/stdout open:01001:/dev/stdout open:0:/dev/stdout >>"$O/log" 2>&1
is "$(tr '\n' ' ' <"$O/log")" "keep open = 0 open = -1 EACCES open = -1 EACCES open = -1 EACCES " \
	"an append-only stdout is reopened O_WRONLY|O_APPEND only: not O_RDWR, not O_TRUNC, not for reading"
"$UNOTIFY" run "${S[@]}" -- perl -e "$PL" open:01:/dev/stdout open:0:/dev/stdout open:02:/dev/stdout >"$O/out" 2>&1
is "$(tr '\n' ' ' <"$O/out")" "open = 0 open = -1 EACCES open = -1 EACCES " \
	"a write-only stdout is reopened for writing only: not read where @read refuses it"

# Errors in a class's rules are at their place in the line.
"$UNOTIFY" check -e '@write -> emulate' 2>"$TMP/err" >/dev/null
like "$(cat "$TMP/err")" "^unotify: -e:1:11: unotify cannot emulate setxattrat" "an error in a member's rule is at the line's column"
A=$(printf '/%s,' a b c d e f g h i j k l m n o p)
L=@exec
for _ in $(seq 16); do L="$L pathname=${A%,}"; done
"$UNOTIFY" check -e "$L -> errno EACCES" 2>"$TMP/err" >/dev/null
like "$(cat "$TMP/err")" "combinations of alternatives: at most 256" "16 conditions of 16 alternatives are refused (16^16 does not wrap to 0)"
# privileged writes through a name unotify does not emulate: refused by a
# refusing @write, never let through by an allowing one
is "$("$UNOTIFY" run -e "@write pathname=$TMP/** -> allow" -e '@write -> errno EACCES' -- \
	"$SYS" raw 163 0 raw 167 0 0 raw 168 0 raw 179 0 0 0 0 2>&1 | tr '\n' ' ')" \
	"raw 163 = -1 EACCES raw 167 = -1 EACCES raw 168 = -1 EACCES raw 179 = -1 EACCES " \
	"acct, swapon, swapoff and quotactl are @write's: refused where it refuses"
done_testing
