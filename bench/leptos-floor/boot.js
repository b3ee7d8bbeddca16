// Loads the wasm as the app's public/boot.js does (the CSP allows no inline script), without
// its start-up requests: the floor asks for its data once its wasm runs.
const app = document.querySelector('meta[name="trunk-app"]');
const { default: init } = await import(app.dataset.js);
await init({ module_or_path: app.dataset.wasm });
