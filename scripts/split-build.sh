#!/usr/bin/env bash
# Trunk's one post_build hook (Trunk.toml): Trunk's own rust pipeline is off (index.html's rust
# link has data-trunk-skip) because it cannot split the wasm, so this builds the app, split into a
# main module and chunks loaded on demand (docs: ../shared/docs/wasm-splitting.md). In order:
#   1. $APP_CONFIG over the staged config.json (`make dev`'s sign-in form; unset, the committed
#      public/config.json ships as it is);
#   2. cargo builds the bin for wasm32 (release or debug per $TRUNK_PROFILE), `--features split`,
#      linked with --emit-relocs (build.rs);
#   3. wasm-split-cli (tools/wasm-split-cli: small shared chunks merged) cuts the raw wasm into
#      main.wasm, the chunks and __wasm_split.js;
#   4. wasm-bindgen (the exact version of Cargo.lock) on main.wasm only;
#   5. release: wasm-opt -Oz (npm binaryen 132) on the main wasm and on every chunk;
#   6. everything into one content-hashed folder, pkg-<hash>/, so no chunk of one build meets the
#      main module of another, and the staged index.html's <meta name="trunk-app"> filled with its
#      paths, plus modulepreload/preload links with SRI (sha384) that public/boot.js reads;
#   7. release: scripts/precompress.sh (.gz and .br beside every hashed file, chunks included).
# Trunk runs the hooks of one stage concurrently, hence one script doing all of it in order.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# npm's binaryen@132 first on PATH, as everywhere else (scripts/env.sh).
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cd "$ROOT"
: "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
public_url="${TRUNK_PUBLIC_URL:-/}"
log() { printf '[split-build] %s\n' "$*" >&2; }
fail() { log "error: $*"; exit 1; }

# 1. config.json
if [ -n "${APP_CONFIG:-}" ]; then cp "$APP_CONFIG" "$TRUNK_STAGING_DIR/config.json"; fi

# 2. cargo
profile=debug
cargo_args=(build --target wasm32-unknown-unknown --bin grafana-api-keys --features split)
if [ "${TRUNK_PROFILE:-debug}" = release ]; then
  profile=release
  cargo_args+=(--release)
fi
# Wherever cargo builds ($CARGO_TARGET_DIR, relative or not, or a cargo config).
target_dir=$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
raw="$target_dir/wasm32-unknown-unknown/$profile/grafana-api-keys.wasm"
# Builds of other trees may share the target folder (worktrees, a test clone): from cargo to
# the split, one at a time, so none splits the wasm another one just linked.
mkdir -p "$target_dir"
exec 9>"$target_dir/.split-build.lock"
flock 9
cargo "${cargo_args[@]}"
[ -f "$raw" ] || fail "cargo left no $raw"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 3. split the raw wasm (before wasm-bindgen)
command -v wasm-split-cli >/dev/null || fail "wasm-split-cli is missing: run scripts/setup.sh"
wasm-split-cli --target web --out-name main "$raw" "$work/split"
flock -u 9

# 4. wasm-bindgen, exactly the version in Cargo.lock (another one may generate incompatible glue)
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null || true)
[ "$have" = "wasm-bindgen $want" ] || fail "wasm-bindgen $want is needed (Cargo.lock), found '${have:-none}': run scripts/setup.sh"
mkdir -p "$work/pkg"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript --out-name main \
  --out-dir "$work/pkg" "$work/split/main.wasm"
for file in "$work/split"/*; do
  [ "$(basename "$file")" = main.wasm ] || cp "$file" "$work/pkg/"
done

# A chunk that fails to load (network down, a 404 after a deployment replaced this build) must not
# reach the Rust side as a failure: leptos's lazy routes expect the load to succeed and a panic
# aborts the whole module. So the loader (wasm_split_cli_support 0.2.4's snippet, pinned in
# scripts/setup.sh) waits instead for the page's Retry (public/boot.js, grafanaApiKeysChunkFailed)
# and loads again. Checked, so a different splitter fails the build instead of losing this.
split_js="$work/pkg/__wasm_split.js"
node - "$split_js" <<'EOF'
const fs = require('fs');
const file = process.argv[2];
const text = fs.readFileSync(file, 'utf8');
const from = `        let success;
        try {
            await callee();
            success = true;
        } catch (e) {
            console.error(e);
            success = false;
        } finally {`;
const to = `        // grafana-api-keys (scripts/split-build.sh): never report a failed load; wait for Retry.
        const success = true;
        for (;;) {
            try {
                await callee();
                break;
            } catch (e) {
                console.error(e);
                await globalThis.grafanaApiKeysChunkFailed(e);
            }
        }
        {`;
if (!text.includes(from)) {
  console.error('[split-build] error: __wasm_split.js is not the loader this script patches');
  process.exit(1);
}
fs.writeFileSync(file, text.replace(from, to));
EOF

# 5. wasm-opt, on the main module and on every chunk (`make profile` turns it off with
# SPLIT_WASM_OPT=off, so the profiler sees the functions' names)
if [ "$profile" = release ] && [ "${SPLIT_WASM_OPT:-on}" != off ]; then
  [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" = 132 ] ||
    fail "wasm-opt of npm binaryen@132 is needed (Debian's breaks the bundle): run scripts/setup.sh"
  for wasm in "$work/pkg"/*.wasm; do
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$wasm" -o "$wasm.opt"
    mv "$wasm.opt" "$wasm"
  done
fi

# Each chunk is fetched with its integrity, as the main wasm is (public/boot.js): the loader names
# them, and the loader itself has its integrity in index.html. After wasm-opt: the final bytes.
node - "$split_js" <<'EOF'
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const file = process.argv[2];
let found = 0;
const text = fs.readFileSync(file, 'utf8').replace(
  /fetch\(new URL\("\.\/([^"]+\.wasm)", import\.meta\.url\)\)/g,
  (_, name) => {
    found += 1;
    const sri = 'sha384-' + crypto.createHash('sha384').update(fs.readFileSync(path.join(path.dirname(file), name))).digest('base64');
    return `fetch(new URL("./${name}", import.meta.url), { integrity: "${sri}" })`;
  },
);
const chunks = fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.wasm') && name !== 'main_bg.wasm');
if (found !== chunks.length) {
  console.error(`[split-build] error: __wasm_split.js fetches ${found} chunks, the folder has ${chunks.length}`);
  process.exit(1);
}
fs.writeFileSync(file, text);
EOF

# 6. one content-hashed folder, and the HTML that names it
hash=$(cd "$work/pkg" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
folder="pkg-$hash"
rm -rf "${TRUNK_STAGING_DIR:?}/$folder"
mv "$work/pkg" "$TRUNK_STAGING_DIR/$folder"
node - "$TRUNK_STAGING_DIR" "$folder" "$public_url" <<'EOF'
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const [staging, folder, publicUrl] = process.argv.slice(2);
const base = publicUrl.endsWith('/') ? publicUrl : publicUrl + '/';
const sri = (file) =>
  'sha384-' + crypto.createHash('sha384').update(fs.readFileSync(path.join(staging, folder, file))).digest('base64');
const url = (file) => `${base}${folder}/${file}`;
// The chunks, for public/boot.js to prefetch once the first screen is shown.
const chunks = fs
  .readdirSync(path.join(staging, folder))
  .filter((file) => file.endsWith('.wasm') && file !== 'main_bg.wasm')
  .sort();
const tags =
  `<meta name="trunk-app" data-js="${url('main.js')}" data-wasm="${url('main_bg.wasm')}" data-chunks="${chunks.join(' ')}">` +
  `<link rel="modulepreload" href="${url('main.js')}" crossorigin="anonymous" integrity="${sri('main.js')}">` +
  `<link rel="modulepreload" href="${url('__wasm_split.js')}" crossorigin="anonymous" integrity="${sri('__wasm_split.js')}">` +
  `<link rel="preload" href="${url('main_bg.wasm')}" crossorigin="anonymous" integrity="${sri('main_bg.wasm')}" as="fetch" type="application/wasm">`;
const index = path.join(staging, 'index.html');
const html = fs.readFileSync(index, 'utf8');
// index.html's placeholder, as written or as Trunk's minifier leaves it (quotes dropped, any order).
const placeholder = /<meta\b[^>]*\bname\s*=\s*["']?trunk-app["']?[^>]*>/gi;
const found = html.match(placeholder) ?? [];
if (found.length !== 1) {
  console.error(`[split-build] error: index.html needs exactly one <meta name="trunk-app">, found ${found.length}`);
  process.exit(1);
}
// Trunk leaves the skipped rust link in the page: it names nothing the browser needs.
const skipped = /<link\b[^>]*\bdata-trunk-skip\b[^>]*>/gi;
fs.writeFileSync(index, html.replace(placeholder, () => tags).replace(skipped, ''));
EOF
log "$folder: $(cd "$TRUNK_STAGING_DIR/$folder" && ls | tr '\n' ' ')"

# 7. .gz and .br beside every hashed file (release only)
sh scripts/precompress.sh
