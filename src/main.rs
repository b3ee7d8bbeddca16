//! Entry point: mounts the app and nothing else (the code lives in the library so tests can use it).

fn main() {
    // Readable panics in the console while developing; release builds leave the hook's bytes out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(grafana_api_keys::App);
}
