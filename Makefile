# The two commands of the README: `make dev` runs the app, `make test` runs every test.
# Both install what is missing first (scripts/setup.sh skips what is there).
.PHONY: dev test setup build-release

dev:
	@scripts/dev.sh

test:
	@scripts/test.sh

setup:
	@scripts/setup.sh

build-release: setup
	@. scripts/env.sh && trunk build --release
