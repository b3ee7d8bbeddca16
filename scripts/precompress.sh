#!/bin/sh
# Release builds (the last step of scripts/split-build.sh, Trunk.toml's hook; and
# bench/leptos-floor/Trunk.toml's hook): a .gz
# (and, where Debian's `brotli` is installed, a .br) beside each hashed asset (and every file of the split build's pkg-<hash>/ folder), so nginx serves
# them as they are (gzip_static, brotli_static) and compresses nothing per request. Not for
# index.html and config.json: deployments edit them, and a stale .gz would win.
set -eu
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
for file in "$TRUNK_STAGING_DIR"/*-*.wasm "$TRUNK_STAGING_DIR"/*-*.js "$TRUNK_STAGING_DIR"/*-*.css "$TRUNK_STAGING_DIR"/*-*.svg \
  "$TRUNK_STAGING_DIR"/pkg-*/*.js "$TRUNK_STAGING_DIR"/pkg-*/*.wasm; do
  [ -f "$file" ] || continue
  gzip -9 -k -n -f "$file"
  if command -v brotli >/dev/null; then brotli -k -f -q 11 "$file"; fi
done
