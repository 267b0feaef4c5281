#!/bin/sh
# Installs the Debian packages unotify needs to build, test and benchmark,
# when they are missing.  Quiet when everything is there.
set -eu

need="gcc gcc-multilib make libc6-dev libseccomp-dev libjansson-dev perl procps strace time util-linux git python3 tar runc busybox-static"
missing=""
for pkg in $need; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "unotify: missing packages:$missing" >&2
	echo "unotify: install them with: sudo apt-get install$missing" >&2
	exit 1
fi
echo "unotify: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
