// Starts the app. Trunk's default loader is an inline <script type="module"> in index.html,
// which a Content-Security-Policy without 'unsafe-inline' blocks; this file is the same loader
// as an external, hashed script with an integrity attribute. Trunk's `pattern_script`
// (Trunk.toml) replaces the rust <link> with a <meta> carrying the hashed file names.
const app = document.querySelector('meta[name="trunk-app"]');
const { default: init } = await import(app.dataset.js);
const wasm = await init({ module_or_path: app.dataset.wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
