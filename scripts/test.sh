#!/usr/bin/env bash
# `make test`: every check and every test, in order of cost. Each stage runs even when an
# earlier one failed (except those that need its output), and the run ends with one line
# "N passed, N failed" counting every test and every check stage; non-zero exit on any failure.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
passed=0
failed=0
report=()

# A check stage counts as one test.
check() {
  local name=$1; shift
  printf '\n==> %s\n' "$name"
  if "$@"; then
    passed=$((passed + 1)); report+=("ok      $name")
  else
    failed=$((failed + 1)); report+=("FAILED  $name")
  fi
}

# A cargo test stage counts the tests its harnesses report; a build failure counts as one.
cargo_tests() {
  local name=$1; shift
  local log="$logs/$name.log"
  printf '\n==> %s\n' "$name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local p f
  read -r p f < <(awk '/^test result: / {
      for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i }
    } END { print p + 0, f + 0 }' "$log")
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  report+=("$( [ "$f" -eq 0 ] && echo "ok    " || echo "FAILED")  $name: $p passed, $f failed")
}

check "cargo fmt --check" cargo fmt --all --check
check "cargo clippy" cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo_tests "host unit tests" cargo test --workspace
cargo_tests "browser component tests (wasm-bindgen-test, headless Chromium)" \
  cargo test -p grafana-api-keys --target wasm32-unknown-unknown --test web --test web_service_accounts --test web_orgs
# Under the sub-path the e2e suite serves it at (nginx, deploy/nginx/grafana-api-keys.conf), with
# the committed config.json (APP_CONFIG is `make dev`'s override).
check "trunk build --release --public-url /apikeys/" env -u APP_CONFIG trunk build --release --public-url /apikeys/
# The same app built for the other public paths the e2e suite serves it under
# (tests/e2e/specs/split-paths.spec.ts): `/`, the root of its own host, and `/grafana/apikeys/`,
# under Grafana's sub-path. Cargo's build is the one above; each adds the split, wasm-bindgen,
# wasm-opt and compression. Emptied first, so a failed build leaves no older one to test.
e2e_dist_root="$TARGET_DIR/e2e-dist-root"
e2e_dist_grafana="$TARGET_DIR/e2e-dist-grafana"
build_at() { rm -rf "$2" && env -u APP_CONFIG trunk build --release --public-url "$1" --dist "$2"; }
check "trunk build --release --public-url /" build_at / "$e2e_dist_root"
check "trunk build --release --public-url /grafana/apikeys/" build_at /grafana/apikeys/ "$e2e_dist_grafana"
check "cargo build -p grafana-sim" cargo build --quiet -p grafana-sim

# The published Python client grafana-client (pinned and installed by scripts/setup.sh, in its
# virtual environment outside the clone) against grafana-sim as Grafana 10.4 and 12.1
# (tests/client): pytest's counts; pytest's exit 5 (no tests ran) counts as a failure.
printf '\n==> Python client grafana-client against grafana-sim (pytest)\n'
client_venv="${XDG_CACHE_HOME:-$HOME/.cache}/grafana-api-keys/venv"
if [ -x "$TARGET_DIR/debug/grafana-sim" ] && [ -x "$client_venv/bin/python" ]; then
  client_log="$logs/client.log"
  GRAFANA_SIM_BIN="$TARGET_DIR/debug/grafana-sim" GRAFANA_SIM_VERSIONS=10.4,12.1 PYTHONDONTWRITEBYTECODE=1 \
    "$client_venv/bin/python" -m pytest -p no:cacheprovider -q tests/client 2>&1 | tee "$client_log"
  client_status=${PIPESTATUS[0]}
  # pytest's last line: "11 passed, 1 failed in 0.5s", "2 errors in …", "no tests ran in …".
  read -r p f < <(awk '/ in [0-9.]+s/ { p = 0; f = 0
      for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^(failed|errors?)/) f += $i }
    } END { print p + 0, f + 0 }' "$client_log")
  if [ "$client_status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  report+=("$( [ "$f" -eq 0 ] && echo "ok    " || echo "FAILED")  grafana-client against grafana-sim: $p passed, $f failed")
else
  failed=$((failed + 1)); report+=("FAILED  grafana-client against grafana-sim: no grafana-sim build or no client venv")
fi

# The end-to-end suite drives the release build in Chromium through nginx (started per worker by
# the fixtures, from the committed example config) in front of grafana-sim, over loopback; the
# builds for `/` and `/grafana/apikeys/` too (always passed: a missing one fails its tests).
printf '\n==> browser end-to-end tests (Playwright)\n'
if [ -f dist/index.html ] && [ -x "$TARGET_DIR/debug/grafana-sim" ]; then
  e2e_json="$logs/e2e.json"
  GRAFANA_SIM_BIN="$TARGET_DIR/debug/grafana-sim" APP_DIST="$ROOT/dist" E2E_JSON_REPORT="$e2e_json" \
    APP_DIST_ROOT="$e2e_dist_root" APP_DIST_GRAFANA_SUBPATH="$e2e_dist_grafana" \
    npx playwright test --config tests/e2e/playwright.config.ts
  e2e_status=$?
  read -r p f < <(node -e '
    const fs = require("fs");
    try {
      const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).stats;
      console.log(s.expected + s.flaky, s.unexpected);
    } catch { console.log("0 0"); }' "$e2e_json")
  if [ "$e2e_status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  report+=("$( [ "$f" -eq 0 ] && echo "ok    " || echo "FAILED")  browser end-to-end tests: $p passed, $f failed")
else
  failed=$((failed + 1)); report+=("FAILED  browser end-to-end tests: no release build or grafana-sim to test")
fi

printf '\n==> summary\n'
printf '  %s\n' "${report[@]}"
scripts/bundle-size.sh || true
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
