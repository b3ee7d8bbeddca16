#!/usr/bin/env bash
# `make dev`: the app on http://127.0.0.1:8080 (trunk serve, rebuilt on change), with /api/,
# /login and /logout proxied to grafana-sim on 127.0.0.1:3000 seeded with realistic keys, or to
# the Grafana at $GRAFANA_URL when it is set. Extra grafana-sim flags: $GRAFANA_SIM_ARGS, e.g.
# GRAFANA_SIM_ARGS="--grafana-version 11.5.0". Ctrl-C stops everything it started.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
scripts/setup.sh

sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Standalone: no Grafana login page on this origin, so the page's own sign-in form (the Trunk.toml
# hook copies this over the shipped config.json, which sends users to Grafana's login page).
mkdir -p .run
printf '{\n  "grafanaPath": "/",\n  "signIn": "form"\n}\n' > .run/dev-config.json
export APP_CONFIG="$ROOT/.run/dev-config.json"

config=Trunk.toml
if [ -n "${GRAFANA_URL:-}" ]; then
  # Trunk takes its project root from the config file's folder, so the rewritten copy stays here.
  config=Trunk.local.toml
  grafana_origin=$(printf '%s' "$GRAFANA_URL" | sed -E 's#^([A-Za-z][A-Za-z0-9+.-]*://[^/]+).*#\1#')
  sed -e "s#Origin = \"http://127.0.0.1:3000\"#Origin = \"$grafana_origin\"#" \
    -e "s#http://127.0.0.1:3000#${GRAFANA_URL%/}#" Trunk.toml > "$config"
  echo "Proxying /api/, /login and /logout to $GRAFANA_URL"
else
  cargo build --quiet -p grafana-sim
  # shellcheck disable=SC2086 # GRAFANA_SIM_ARGS is a list of flags
  "$TARGET_DIR/debug/grafana-sim" --listen 127.0.0.1:3000 --seed grafana-sim/seeds/dev.json ${GRAFANA_SIM_ARGS:-} &
  sim_pid=$!
  for _ in $(seq 100); do
    curl -fsS http://127.0.0.1:3000/api/health >/dev/null 2>&1 && break
    kill -0 "$sim_pid" 2>/dev/null || { echo "grafana-sim did not start (is port 3000 in use?)" >&2; exit 1; }
    sleep 0.1
  done
fi

echo
echo "  Open http://127.0.0.1:8080/org/apikeys"
[ -z "${GRAFANA_URL:-}" ] && echo "  Sign in as admin / admin (also editor / editor, viewer / viewer)"
echo
trunk serve --config "$config"
