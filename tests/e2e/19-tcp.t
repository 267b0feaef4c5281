#!/bin/bash
# TCP port rules placed in Landlock (NET_CONNECT_TCP): `connect proto=tcp
# port=... -> allow` then `connect proto=tcp -> errno EACCES` is decided by
# the kernel, with no notification, exactly as the supervisor decides it
# (--landlock=off); the two routes around Landlock's TCP rights (TCP Fast
# Open, MPTCP) are closed in the filter, Fast Open with the supervisor
# too; UDP is left alone, as the rules say only TCP.
. "$(dirname "$0")/lib.sh"
scratch
abi=$("$SYS" landlock-abi | sed -n 's/^landlock-abi = //p')
[ "${abi:-0}" -ge 4 ] 2>/dev/null || skip_all "needs Landlock ABI 4 (Linux 6.7); this kernel has ${abi:-none}"
plan 11
T=(-e 'connect proto=tcp port=80,443,1024-1030 -> allow' -e 'connect proto=tcp -> errno EACCES')
cases=(connect-nb 127.0.0.1 80 connect-nb 127.0.0.1 81 connect-nb ::1 1025 connect-nb ::1 1031
	connect-nb ::ffff:127.0.0.1 443 connect-nb ::ffff:127.0.0.1 444 udp-connect 127.0.0.1 81)
out=$("$UNOTIFY" check "${T[@]}" 2>&1)
like "$out" 'connect +landlock +allow' "check: connect is placed in Landlock"
like "$out" 'CONNECT_TCP +placed: .*granted ports: 80 443 1024 1025 1026 1027 1028 1029 1030' \
	"check: the granted ports"
like "$out" 'seccomp operation=1 flags&8=8 -> errno EBUSY' \
	"check: the Fast Open and MPTCP refusals send i386's socketcall to the supervisor: no second listener"
placed=$("$UNOTIFY" run -v "${T[@]}" -- "$SYS" "${cases[@]}" 2>"$TMP/v" | tr '\n' ' ')
is "$placed" "connect = -1 EINPROGRESS connect = -1 EACCES connect = -1 EINPROGRESS connect = -1 EACCES connect = -1 EINPROGRESS connect = -1 EACCES connect = 0 " \
	"allowed ports connect (IPv4, IPv6, mapped), the others get EACCES, UDP is not TCP"
is "$(cat "$TMP/v")" "" "no notification: the kernel decides"
off=$("$UNOTIFY" run --landlock=off "${T[@]}" -- "$SYS" "${cases[@]}" 2>/dev/null | tr '\n' ' ')
is "$off" "$placed" "the supervisor (--landlock=off) answers every case the same"
is "$("$UNOTIFY" run "${T[@]}" -- "$SYS" fastopen 127.0.0.1 81 fastopen 127.0.0.1 80 | tr '\n' ' ')" \
	"sendto = -1 EOPNOTSUPP sendto = -1 EOPNOTSUPP " \
	"TCP Fast Open (sendto MSG_FASTOPEN) is refused in the filter, as with client Fast Open off: it would connect around Landlock"
is "$("$UNOTIFY" run --landlock=off "${T[@]}" -- "$SYS" fastopen 127.0.0.1 81 fastopen 127.0.0.1 80 | tr '\n' ' ')" \
	"sendto = -1 EOPNOTSUPP sendto = -1 EOPNOTSUPP " "and so where the supervisor judges connect (--landlock=off)"
is "$("$UNOTIFY" run "${T[@]}" -- "$SYS" mptcp)" "socket = -1 EPROTONOSUPPORT" \
	"an MPTCP socket is refused: it would connect around Landlock's TCP rights"
like "$("$UNOTIFY" check -e 'connect proto=tcp port=443 -> allow' -e 'connect proto=tcp -> errno EPERM' 2>&1)" \
	'CONNECT_TCP +supervisor: ' "EPERM is not Landlock's answer: the supervisor decides, and check says why"
like "$("$UNOTIFY" check -e 'connect port=443 -> allow' -e 'connect -> errno EACCES' 2>&1)" \
	'connect +supervisor' "a rule that does not say TCP stays with the supervisor (UDP too would be refused)"
done_testing
