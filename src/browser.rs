//! Glue to the browser APIs the views need, kept apart so `domain` stays pure.

use wasm_bindgen::{JsCast, JsValue};

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

/// The path the app is served under (`""` at the root, `"/apikeys"` under a sub-path), read from
/// the `<base>` element Trunk fills from `--public-url`, so one build works at any path.
pub fn router_base() -> String {
    let base_uri = window()
        .document()
        .and_then(|document| document.base_uri().ok().flatten())
        .unwrap_or_default();
    crate::domain::url::path_of(&base_uri)
        .trim_end_matches('/')
        .to_string()
}

/// The Grafana URL the page talks to, for the `curl` example: this origin plus the Grafana
/// path of `config.json` (`http://host/grafana/`). Read after the first API call, so the
/// configuration is loaded by then; before that, the default (the origin's root).
pub fn grafana_root() -> String {
    let origin = window().location().origin().unwrap_or_default();
    let config = crate::config::cached().unwrap_or_default();
    format!("{origin}{}", config.grafana_path)
}

/// Sends the browser to Grafana's login page, which returns to this page (path and query)
/// once signed in. `replace`, so Back does not land on a page that redirects again.
pub fn go_to_grafana_login(grafana_path: &str) {
    let location = window().location();
    let here = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let _ = location.replace(&crate::config::login_redirect_url(grafana_path, &here));
}

/// `location.search`, with its `?`.
pub fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

/// Replaces the query string without a navigation or a history entry.
pub fn replace_query(query_string: &str) {
    let window = window();
    let location = window.location();
    if location.search().unwrap_or_default() == query_string {
        return;
    }
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!("{path}{query_string}{hash}")),
        );
    }
}

/// Minutes to add to UTC to get the browser's local time at `unix_millis`; asked per instant
/// because daylight saving time moves the offset.
pub fn local_offset_minutes(unix_millis: i64) -> i32 {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_millis as f64));
    // getTimezoneOffset is UTC minus local, so the sign flips.
    -(date.get_timezone_offset() as i32)
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Copies `text`: with the Clipboard API where the page is a secure context (https or
/// localhost), else by selecting it in `input` and asking for a copy, which also works over
/// plain http. Either way the text ends up selected in `input`, so Ctrl+C works if both fail.
pub async fn copy_to_clipboard(text: &str, input: &web_sys::HtmlInputElement) -> bool {
    input.select();
    let window = window();
    let navigator = window.navigator();
    let has_clipboard = window.is_secure_context()
        && js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            .map(|clipboard| !clipboard.is_undefined())
            .unwrap_or(false);
    if has_clipboard {
        let promise = navigator.clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    window
        .document()
        .and_then(|document| document.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|document| document.exec_command("copy").ok())
        .unwrap_or(false)
}

/// The element that has focus, to give it back when a dialog closes.
pub fn focused_element() -> Option<web_sys::HtmlElement> {
    window()
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// A full page load of `url`: leaving this app for one of Grafana's own pages.
pub fn go_to(url: &str) {
    let _ = window().location().assign(url);
}

/// The URL of one of Grafana's own pages, e.g. `org/serviceaccounts`.
pub fn grafana_page(path: &str) -> String {
    format!("{}/{path}", grafana_root().trim_end_matches('/'))
}
