#!/usr/bin/env bash
# Prints the release bundle's size (wasm + js + css), raw and gzip -9, from dist/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT/dist"
total_raw=0; total_gz=0
for pattern in '*.wasm' '*.js' '*.css'; do
  for file in $pattern; do
    [ -f "$file" ] || continue
    raw=$(wc -c < "$file"); gz=$(gzip -9c "$file" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
    printf '  %-48s %8d B raw %8d B gzip\n' "$file" "$raw" "$gz"
  done
done
printf '  %-48s %8d B raw %8d B gzip\n' "bundle (wasm + js + css)" "$total_raw" "$total_gz"
