#!/usr/bin/env bash
# The release bundle's size (wasm + js + css, and the loader), raw and gzip -9, from dist/.
# `--readme` also writes the table into README.md between its bundle-size markers: the one
# place the README quotes these figures.
set -euo pipefail
source "$(dirname "$0")/env.sh"
dist="${DIST:-$ROOT/dist}"

commas() { printf '%d' "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }

rows=(); total_raw=0; total_gz=0
for pattern in '*_bg.wasm' 'grafana-api-keys-*.js' 'boot-*.js' '*.css'; do
  for file in "$dist"/$pattern; do
    [ -f "$file" ] || continue
    raw=$(wc -c < "$file"); gz=$(gzip -9c "$file" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
    case "$file" in
      *.wasm) what="wasm" ;;
      */boot-*) what="boot.js (the CSP-safe loader and the start-up requests)" ;;
      *.js) what="js (wasm-bindgen glue)" ;;
      *.css) what="css" ;;
    esac
    rows+=("$what|$raw|$gz")
    printf '  %-48s %9d B raw %8d B gzip\n' "$(basename "$file")" "$raw" "$gz"
  done
done
printf '  %-48s %9d B raw %8d B gzip\n' "bundle" "$total_raw" "$total_gz"

if [ "${1:-}" = "--readme" ]; then
  table=$(mktemp)
  {
    echo "| file | raw | gzip -9 |"
    echo "|---|---|---|"
    for row in "${rows[@]}"; do
      IFS='|' read -r what raw gz <<< "$row"
      printf '| %s | %s B | %s B |\n' "$what" "$(commas "$raw")" "$(commas "$gz")"
    done
    printf '| **total** | **%s B** | **%s B** |\n' "$(commas "$total_raw")" "$(commas "$total_gz")"
  } > "$table"
  awk -v table="$table" '
    /<!-- bundle-size:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- bundle-size:end -->/ { skip = 0 }
    !skip { print }' "$ROOT/README.md" > "$ROOT/README.md.new"
  mv "$ROOT/README.md.new" "$ROOT/README.md"
  rm -f "$table"
  echo "README.md: bundle size table updated"
fi
