# TAP helpers for the end-to-end tests, and the paths they use.
# shellcheck shell=bash
BUILD=$(cd "${UNOTIFY_BUILD:-build}" && pwd)
UNOTIFY="$BUILD/unotify"
SYS="$BUILD/targets/sys"
# The source tree's profiles, whichever build (ASan's too) runs.
UNOTIFY_PROFILE_PATH=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../profiles" && pwd)
export UNOTIFY_PROFILE_PATH
_n=0
_failed=0
_todo=

# todo REASON: the next assertion is a known gap (TAP's TODO): it is
# reported, with the reason, and does not fail the file.
todo() { _todo=$1; }
_pass() { echo "ok $_n - $1${_todo:+ # TODO $_todo}"; _todo=; }
_fail() {
	echo "not ok $_n - $1${_todo:+ # TODO $_todo}"
	[ -n "$_todo" ] || _failed=1
	_todo=
}

plan() { echo "1..$1"; }

ok() { # ok COND-STATUS DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then _pass "$2"; else _fail "$2"; fi
}

is() { # is GOT EXPECTED DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" = "$2" ]; then
		_pass "$3"
	else
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2" | sed 's/^/# /' >&2
		_fail "$3"
	fi
}

like() { # like GOT REGEX DESCRIPTION
	_n=$((_n + 1))
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		_pass "$3"
	else
		printf '#   got:  %s\n#   want: /%s/\n' "$1" "$2" >&2
		_fail "$3"
	fi
}

skip() { # skip COUNT REASON
	for _ in $(seq "$1"); do _n=$((_n + 1)); echo "ok $_n # SKIP $2"; done
}

skip_all() { echo "1..0 # SKIP $1"; exit 0; }

need_root() { [ "$(id -u)" -eq 0 ] || skip_all "needs root"; }

# A scratch directory under /tmp, removed at exit.
scratch() {
	TMP=$(mktemp -d /tmp/unotify-test.XXXXXX)
	chmod 755 "$TMP"
	trap 'rm -rf "$TMP"' EXIT
}

# The pid of the command NAME that unotify (pid UPID) runs below its
# keeper, once it is there (empty after 5 s).
command_pid() { # command_pid UPID NAME
	local k c
	for _ in $(seq 100); do
		k=$(pgrep -P "$1" | head -1)
		[ -n "$k" ] && c=$(pgrep -P "$k" -x "$2") && { echo "$c"; return; }
		sleep 0.05
	done
}

done_testing() { exit $_failed; }
