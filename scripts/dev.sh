#!/usr/bin/env bash
# `make dev`: the app on http://127.0.0.1:8080 (trunk serve, rebuilt on change), with /api/,
# /login and /logout proxied through dev-proxy (127.0.0.1:8081; it forwards only this page's own
# requests, see dev-proxy/src/lib.rs) to grafana-sim on 127.0.0.1:3000 seeded with realistic
# keys, or to the Grafana at $GRAFANA_URL when it is set. Extra grafana-sim flags:
# $GRAFANA_SIM_ARGS, e.g. GRAFANA_SIM_ARGS="--grafana-version 11.5.0". Ctrl-C stops everything
# it started.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
scripts/setup.sh

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Wait until $1 answers (any HTTP status), or fail if process $2 is gone. Further arguments go to
# curl.
wait_for() {
  local url=$1 pid=$2
  shift 2
  for _ in $(seq 100); do
    curl -sS -o /dev/null "$@" "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Standalone: no Grafana login page on this origin, so the page's own sign-in form (the Trunk.toml
# hook copies this over the shipped config.json, which sends users to Grafana's login page).
mkdir -p .run
printf '{\n  "grafanaPath": "/",\n  "signIn": "form"\n}\n' > .run/dev-config.json
export APP_CONFIG="$ROOT/.run/dev-config.json"

cargo build --quiet -p grafana-sim -p dev-proxy
if [ -n "${GRAFANA_URL:-}" ]; then
  upstream=$GRAFANA_URL
else
  upstream=http://127.0.0.1:3000
  # shellcheck disable=SC2086 # GRAFANA_SIM_ARGS is a list of flags
  "$TARGET_DIR/debug/grafana-sim" --listen 127.0.0.1:3000 --seed grafana-sim/seeds/dev.json ${GRAFANA_SIM_ARGS:-} &
  pids+=($!)
  wait_for http://127.0.0.1:3000/api/health "$!" || { echo "grafana-sim did not start (is port 3000 in use?)" >&2; exit 1; }
fi
"$TARGET_DIR/debug/dev-proxy" --listen 127.0.0.1:8081 --upstream "$upstream" &
pids+=($!)
# Asked as trunk serve would ask it, so the probe is not logged as a refused request.
wait_for http://127.0.0.1:8081/api/health "$!" -H 'X-Forwarded-Host: 127.0.0.1:8080' || { echo "dev-proxy did not start (is port 8081 in use?)" >&2; exit 1; }

echo
echo "  Open http://127.0.0.1:8080/org/apikeys"
[ -z "${GRAFANA_URL:-}" ] && echo "  Sign in as admin / admin (also editor / editor, viewer / viewer)"
echo
trunk serve
