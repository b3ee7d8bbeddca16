//! Entry point: mounts the app and nothing else (the code lives in the library so tests can use it).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(grafana_api_keys::App);
}
