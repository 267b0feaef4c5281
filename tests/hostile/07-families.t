#!/bin/bash
# A family is every call that does the same thing: i386 legacy calls
# through int 0x80, calls newer than libseccomp, open_by_handle_at under
# open path rules, and bind() of an AF_UNIX file name, which makes a
# socket inode as mknodat(S_IFSOCK) does.
. "$(dirname "$0")/lib.sh"
scratch
plan 22
run() { "$UNOTIFY" run "$@" 2>&1; }
mkdir "$TMP/denied" "$TMP/allowed"

# int 0x80 from this 64-bit target: i386 numbers, the legacy calls.
if run -e 'getppid -> allow' -- "$SYS" int80 20 | grep -q '^int80 = [0-9]'; then
	legacy() { # legacy RULE-CALL I386-NR ARGS... DESCRIPTION
		local rule=$1 nr=$2 desc=${*: -1}
		is "$(run -e "$rule -> errno EMSGSIZE" -- "$SYS" int80 "$nr" "${@:3:$#-3}")" \
			"int80 = -1 EMSGSIZE" "$desc"
	}
	legacy stat 18 0 0 "oldstat is judged by stat rules"
	legacy getdents 89 -1 0 0 "readdir by getdents rules"
	legacy umount2 22 0 "umount by umount2 rules"
	legacy 'umount2 flags=0' 22 0 "umount's flags are 0 for a condition"
	legacy setpriority 34 0 "nice by setpriority rules"
	legacy uname 59 0 "olduname by uname rules"
	legacy uname 109 0 "oldolduname by uname rules"
	legacy settimeofday 25 0 "stime by settimeofday rules"
	legacy 'rt_sigaction signum=10' 67 10 0 0 "sigaction by rt_sigaction rules, signum judged"
	legacy wait4 7 -1 0 0 "waitpid by wait4 rules"
else
	skip 10 "this kernel runs no i386 code (int 0x80)"
fi

touch "$TMP/f"
is "$(run -e "fchmodat2 pathname=$TMP/** -> errno EMSGSIZE" -e 'fchmodat2 -> continue' -- "$SYS" fchmodat2 "$TMP/f" 0600)" \
	"fchmodat2 = -1 EMSGSIZE" "fchmodat2 (Linux 6.6, past what libseccomp may name) takes rules"
warn=$("$UNOTIFY" check -e 'chmod pathname=/etc/** -> deny' -e 'chmod -> continue' 2>&1 >/dev/null)
like "$warn" 'rules on chmod but none on fchmodat2' "check warns that fchmodat2 is left out"
if [ "$(id -u)" -eq 0 ]; then
	is "$(run -e "openat pathname=$TMP/denied/** -> deny" -e 'openat -> continue' -- "$SYS" raw 304 -100 0 0)" \
		"raw 304 = -1 EPERM" "open_by_handle_at is refused under open path rules"
else
	skip 1 "open_by_handle_at needs CAP_DAC_READ_SEARCH"
fi

warn=$("$UNOTIFY" check -e 'mkdir pathname=/etc/** -> deny' -e 'mkdir -> continue' 2>&1 >/dev/null)
like "$warn" 'mount,umount2,.*pivot_root may run' "check warns when path rules meet an allowed mount family"
warn=$("$UNOTIFY" check -e 'mount,umount2,move_mount,open_tree,open_tree_attr,fspick,fsopen,fsmount,fsconfig,mount_setattr,pivot_root -> deny' \
	-e 'mkdir pathname=/etc/** -> deny' -e 'mkdir -> continue' 2>&1 >/dev/null)
ok "$(printf '%s' "$warn" | grep -c 'may run')" "and not once the family is denied"

M=(-e "mknod,mknodat pathname=$TMP/denied/** -> deny" -e 'mknod,mknodat -> continue')
is "$(run "${M[@]}" -- "$SYS" bind-unix "$TMP/denied/s" bind-unix "$TMP/allowed/s")" \
	"$(printf 'bind = -1 EPERM\nbind = 0 %s' "$TMP/allowed/s")" "bind of a file name is judged as mknodat(S_IFSOCK)"
test ! -e "$TMP/denied/s" && test -S "$TMP/allowed/s"; ok $? "no socket in the denied tree"
is "$(run "${M[@]}" -- "$SYS" bind-tcp 0)" "bind = 0" "other binds are made by the supervisor, on its own copy"
is "$(cd "$TMP" && run "${M[@]}" -- "$HOSTILE" bind-long 128 bind-long 111)" "$(printf 'bind = -1 EINVAL\nbind = -1 EINVAL')" \
	"an AF_UNIX address past struct sockaddr_un gets the kernel's EINVAL (no overflow in unotify)"
is "$(run "${M[@]}" -- "$HOSTILE" uring)" "io_uring_setup = -1 ENOSYS" "io_uring is refused when bind is judged as mknodat (IORING_OP_BIND)"
is "$(run "${M[@]}" -e 'bind -> emulate' -- "$SYS" bind-unix "$TMP/denied/e")" "bind = -1 EPERM" \
	"a bind -> emulate rule is judged as mknodat too"
if [ "$(id -u)" -eq 0 ]; then
	as_nobody_setup
	is "$("${NOBODY[@]}" "$NUNOTIFY" run "${M[@]}" -- "$TMP/bin/sys" bind-tcp 80 2>&1)" "bind = -1 EACCES" \
		"with the target's capabilities: no port below 1024 without CAP_NET_BIND_SERVICE"
else
	skip 1 "running as another user needs root"
fi
done_testing
