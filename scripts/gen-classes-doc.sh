#!/bin/sh
# Rewrites the access-class tables of docs/rules.md, between its
# "classes:" markers, from `unotify classes --markdown`.
# Usage: scripts/gen-classes-doc.sh UNOTIFY
set -e
doc=docs/rules.md
tmp=$(mktemp)
{
	sed '/^<!-- classes: /q' "$doc"
	"$1" classes --markdown
	echo
	sed -n '/^<!-- end of classes -->/,$p' "$doc"
} >"$tmp"
mv "$tmp" "$doc"
