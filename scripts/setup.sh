#!/usr/bin/env bash
# Installs everything building, serving and testing need, from the package registries only,
# and skips whatever is already installed at the right version. Safe to run again and again.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
log() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# The CLI must be exactly the wasm-bindgen of Cargo.lock, or Trunk tries to download one.
# No --locked: the CLI's own lock names a webpki-roots the registry does not have.
wasm_bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  log "installing wasm-bindgen-cli $wasm_bindgen_version (about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

# The wasm splitter that scripts/split-build.sh (Trunk's hook) runs between cargo and
# wasm-bindgen: wasm_split_cli_support 0.2.4 with one patch, from tools/wasm-split-cli
# (PATCHED.md: small shared chunks merged into one). Pinned by its version; the hook also patches
# the loader it writes.
WASM_SPLIT_VERSION=0.2.4-gak.1
installed_split=$(cargo install --list | awk '$1 == "wasm_split_cli_support" { sub(/:$/, "", $2); print $2 }')
if [ "$installed_split" != "v$WASM_SPLIT_VERSION" ] || ! command -v wasm-split-cli >/dev/null; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION from tools/wasm-split-cli (about 3 minutes)"
  cargo install --path "$ROOT/tools/wasm-split-cli" --features build-binary --locked --force
fi

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# Precompressed assets: .br files for the release build, and nginx's brotli_static to serve them.
command -v brotli >/dev/null || missing+=(brotli)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci wipes node_modules, so run it only when the lock changed since the last install.
stamp=node_modules/.installed-package-lock.json
if ! cmp -s package-lock.json "$stamp"; then
  log "installing npm packages (Playwright, binaryen's wasm-opt)"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

# The published Python client that tests/client runs against grafana-sim, with pytest, in a
# virtual environment outside the clone (scripts/test.sh uses the same path). Reinstalled only when
# a pinned version differs; `python3 -m venv` needs Debian's python3-venv where Python is Debian's.
GRAFANA_CLIENT_VERSION=5.1.4
PYTEST_VERSION=9.2.0
client_venv="${XDG_CACHE_HOME:-$HOME/.cache}/grafana-api-keys/venv"
client_versions() {
  "$client_venv/bin/python" -c 'import importlib.metadata as m; print(m.version("grafana-client"), m.version("pytest"))' 2>/dev/null
}
if [ "$(client_versions)" != "$GRAFANA_CLIENT_VERSION $PYTEST_VERSION" ]; then
  log "installing grafana-client $GRAFANA_CLIENT_VERSION and pytest $PYTEST_VERSION into $client_venv"
  if [ ! -x "$client_venv/bin/pip" ]; then
    rm -rf "$client_venv"
    if ! python3 -m venv "$client_venv"; then
      rm -rf "$client_venv"
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
      python3 -m venv "$client_venv"
    fi
  fi
  "$client_venv/bin/pip" install --quiet --disable-pip-version-check \
    "grafana-client==$GRAFANA_CLIENT_VERSION" "pytest==$PYTEST_VERSION"
fi

log "ready: $(trunk --version), $(wasm-bindgen --version), wasm-split-cli $WASM_SPLIT_VERSION, $(wasm-opt --version), $("$CHROMIUM" --version 2>/dev/null), grafana-client $GRAFANA_CLIENT_VERSION"
