#!/usr/bin/env bash
# The release bundle's size, raw and gzip -9 (and brotli -q 11 where Debian's brotli is there),
# from dist/: first what the first screen (the keys page) fetches (the main wasm, its glue, the
# split loader, the CSP-safe loader and the css), then each chunk of the split build, which only
# the views that need them fetch (scripts/split-build.sh). `--readme` also writes the first
# screen's table into README.md between its bundle-size markers: the one place the README quotes
# these figures.
set -euo pipefail
source "$(dirname "$0")/env.sh"
dist="${DIST:-$ROOT/dist}"

commas() { printf '%d' "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
brotli_size() { if command -v brotli >/dev/null; then brotli -c -q 11 "$1" | wc -c; else echo 0; fi; }

pkg=$(find "$dist" -maxdepth 1 -type d -name 'pkg-*' | head -n 1)
[ -n "$pkg" ] || { echo "no pkg-<hash>/ folder in $dist: build with trunk build --release first" >&2; exit 1; }

rows=(); total_raw=0; total_gz=0; total_br=0
line() { printf '  %-48s %9d B raw %8d B gzip %8d B br\n' "$@"; }
echo "first screen (the keys page):"
for file in "$pkg/main_bg.wasm" "$pkg/main.js" "$pkg/__wasm_split.js" "$dist"/boot-*.js "$dist"/*.css; do
  [ -f "$file" ] || continue
  raw=$(wc -c < "$file"); gz=$(gzip -9c "$file" | wc -c); br=$(brotli_size "$file")
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  case "$file" in
    */main_bg.wasm) what="wasm (the main module)" ;;
    */main.js) what="js (wasm-bindgen glue)" ;;
    */__wasm_split.js) what="js (the split loader)" ;;
    */boot-*) what="boot.js (the CSP-safe loader and the start-up requests)" ;;
    *.css) what="css" ;;
  esac
  rows+=("$what|$raw|$gz")
  line "$(basename "$file")" "$raw" "$gz" "$br"
done
line "first screen" "$total_raw" "$total_gz" "$total_br"

echo "chunks (each fetched by the view or dialog that needs it):"
chunks_raw=0; chunks_gz=0; chunks_br=0
for file in "$pkg"/*.wasm; do
  [ "$(basename "$file")" = main_bg.wasm ] && continue
  raw=$(wc -c < "$file"); gz=$(gzip -9c "$file" | wc -c); br=$(brotli_size "$file")
  chunks_raw=$((chunks_raw + raw)); chunks_gz=$((chunks_gz + gz)); chunks_br=$((chunks_br + br))
  line "$(basename "$file")" "$raw" "$gz" "$br"
done
line "all chunks" "$chunks_raw" "$chunks_gz" "$chunks_br"
main_raw=$(wc -c < "$pkg/main_bg.wasm"); main_gz=$(gzip -9c "$pkg/main_bg.wasm" | wc -c)
main_br=$(brotli_size "$pkg/main_bg.wasm")
line "all wasm (main + chunks)" "$((main_raw + chunks_raw))" "$((main_gz + chunks_gz))" "$((main_br + chunks_br))"

if [ "${1:-}" = "--readme" ]; then
  table=$(mktemp)
  {
    echo "| file | raw | gzip -9 |"
    echo "|---|---|---|"
    for row in "${rows[@]}"; do
      IFS='|' read -r what raw gz <<< "$row"
      printf '| %s | %s B | %s B |\n' "$what" "$(commas "$raw")" "$(commas "$gz")"
    done
    printf '| **first screen** | **%s B** | **%s B** |\n' "$(commas "$total_raw")" "$(commas "$total_gz")"
    printf '| chunks, all together (fetched on demand) | %s B | %s B |\n' "$(commas "$chunks_raw")" "$(commas "$chunks_gz")"
  } > "$table"
  awk -v table="$table" '
    /<!-- bundle-size:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- bundle-size:end -->/ { skip = 0 }
    !skip { print }' "$ROOT/README.md" > "$ROOT/README.md.new"
  mv "$ROOT/README.md.new" "$ROOT/README.md"
  rm -f "$table"
  echo "README.md: bundle size table updated"
fi
