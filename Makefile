# The two commands of the README: `make dev` runs the app, `make test` runs every test.
# Both install what is missing first (scripts/setup.sh skips what is there).
.PHONY: dev test setup build-release screenshots bench profile

dev:
	@scripts/dev.sh

test:
	@scripts/test.sh

setup:
	@scripts/setup.sh

build-release: setup
	@. scripts/env.sh && trunk build --release

# The README's screenshots (docs/screenshots/*.png): the release build against grafana-sim, in
# both themes, at desktop and phone widths. DIST and CARGO_TARGET_DIR may point elsewhere.
DIST ?= dist
screenshots: setup
	@bash -c '. scripts/env.sh && env -u APP_CONFIG trunk build --release --public-url /apikeys/ --dist "$(DIST)" \
	  && cargo build --quiet -p grafana-sim \
	  && GRAFANA_SIM_BIN="$$TARGET_DIR/debug/grafana-sim" APP_DIST="$$(realpath "$(DIST)")" \
	     npx playwright test --config tests/e2e/screenshots.config.ts'

# Time to a rendered table of 100 keys, search keystroke latency over them (median, p90, max) and
# bundle size, this app against a plain-JavaScript page doing the same work (bench/plain-js) and
# against that work in Leptos (bench/leptos-floor, the stack's floor), in the same run, through
# nginx and grafana-sim. Not part of `make test`: timings are measured, never asserted.
# BENCH_RUNS sets the cold loads per page, BENCH_KEYSTROKES the keystrokes.
FLOOR_DIST ?= target/floor-dist
bench: setup
	@bash -c '. scripts/env.sh && env -u APP_CONFIG trunk build --release --public-url /apikeys/ --dist "$(DIST)" \
	  && mkdir -p "$(FLOOR_DIST)" && floor="$$(realpath "$(FLOOR_DIST)")" \
	  && (cd bench/leptos-floor && trunk build --release --public-url /apikeys/ --dist "$$floor") \
	  && cargo build --quiet -p grafana-sim \
	  && GRAFANA_SIM_BIN="$$TARGET_DIR/debug/grafana-sim" APP_DIST="$$(realpath "$(DIST)")" FLOOR_DIST="$$floor" \
	     npx playwright test --config bench/playwright.config.ts'

# Where the main thread's time goes in a cold load, phase by phase (bench/profile.spec.ts): a
# release build that keeps its function names (wasm-opt off), under Chromium's profiler. Printed,
# never asserted. PROFILE_DIST may point elsewhere.
PROFILE_DIST ?= target/profile-dist
profile: setup
	@bash -c '. scripts/env.sh \
	  && env -u APP_CONFIG SPLIT_WASM_OPT=off trunk build --release --public-url /apikeys/ --dist "$(PROFILE_DIST)" \
	  && cargo build --quiet -p grafana-sim \
	  && GRAFANA_SIM_BIN="$$TARGET_DIR/debug/grafana-sim" APP_DIST="$$(realpath "$(PROFILE_DIST)")" BENCH_SPEC=profile.spec.ts \
	     npx playwright test --config bench/playwright.config.ts'
