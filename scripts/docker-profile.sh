#!/bin/sh
# Puts Docker's own default seccomp profile (profiles/seccomp/default.json
# of Debian's golang-github-docker-docker-dev) at OUT, fetching the package
# alone (apt-get download; installing it would pull in Go and ~260 more).
# Usage: scripts/docker-profile.sh OUT.  Exits 1, saying why, when it
# cannot.
set -eu
out=$1
[ -s "$out" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# (a fresh machine may have no package lists yet: root updates them once)
if ! apt-get download golang-github-docker-docker-dev >/dev/null 2>&1 &&
	! { [ "$(id -u)" -eq 0 ] && apt-get update -qq >/dev/null 2>&1 &&
		apt-get download golang-github-docker-docker-dev >/dev/null 2>&1; }; then
	echo "cannot download golang-github-docker-docker-dev (apt-get download)" >&2
	exit 1
fi
dpkg-deb -x golang-github-docker-docker-dev_*.deb x
json=$(find x -path '*/profiles/seccomp/default.json' | head -n 1)
[ -n "$json" ] || { echo "the package has no profiles/seccomp/default.json" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
cp "$json" "$out"
