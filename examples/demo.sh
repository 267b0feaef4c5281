#!/bin/sh
# make demo: the seeds' mkdir supervisor, as a policy, on a small target.
set -eu
BUILD=$(cd "${1:-build}" && pwd)
POLICY=$(pwd)/examples/mkdir.policy
DIR=$(mktemp -d /tmp/unotify-demo.XXXXXX)
trap 'rm -rf "$DIR"' EXIT

echo "\$ unotify check examples/mkdir.policy"
"$BUILD/unotify" check "$POLICY" || true
echo
echo "\$ cd $DIR"
cd "$DIR"
echo "\$ unotify run -v -p examples/mkdir.policy -- sys mkdir $DIR/a mkdir ./b mkdir /etc/nope mkdir /bye mkdir $DIR/c"
set +e
"$BUILD/unotify" run -v -p "$POLICY" -- "$BUILD/targets/sys" \
	mkdir "$DIR/a" mkdir ./b mkdir /etc/nope mkdir /bye mkdir "$DIR/c"
echo "(exit status $?)"
set -e
echo
echo "\$ ls $DIR"
ls "$DIR"
cat <<'MSG'

What happened:
  mkdir <tmp>/a     emulated by the supervisor: the real result, 0
  mkdir ./b         a literal "./" path: continued, the kernel made it
  mkdir /etc/nope   refused with EOPNOTSUPP
  mkdir /bye        refused, and the supervisor stopped listening
  mkdir <tmp>/c     no supervisor any more: ENOSYS
MSG
