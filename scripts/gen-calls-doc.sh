#!/bin/sh
# Rewrites the table of docs/calls.md from `unotify calls --markdown`,
# keeping the text before it.  Usage: scripts/gen-calls-doc.sh UNOTIFY
set -e
doc=docs/calls.md
tmp=$(mktemp)
sed '/^|/,$d' "$doc" >"$tmp"
"$1" calls --markdown >>"$tmp"
mv "$tmp" "$doc"
