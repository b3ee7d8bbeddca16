//! Glue to the browser APIs the views need, kept apart so `domain` stays pure.

use wasm_bindgen::{JsCast, JsValue};

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

/// The path the app is served under (`""` at the root, `"/apikeys"` under a sub-path), read from
/// the `<base>` element Trunk fills from `--public-url`, so one build works at any path.
pub fn router_base() -> String {
    let path = window()
        .document()
        .and_then(|document| document.base_uri().ok().flatten())
        .and_then(|base_uri| web_sys::Url::new(&base_uri).ok())
        .map(|url| url.pathname())
        .unwrap_or_default();
    path.trim_end_matches('/').to_string()
}

/// This page's origin, e.g. `https://grafana.example.com`.
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// This page's path and query, to come back to after signing in.
pub fn here() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// Leaves for `url` without a history entry, so Back does not land on a page that redirects
/// again (Grafana's login page).
pub fn replace_location(url: &str) {
    let _ = window().location().replace(url);
}

/// `location.search`, with its `?`.
pub fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

/// Replaces the query string without a navigation or a history entry. The org the URL names
/// (`?orgId=N`) stays: pages write only their own list state.
pub fn replace_query(query_string: &str) {
    let window = window();
    let location = window.location();
    let current = location.search().unwrap_or_default();
    let query_string = &crate::domain::query::keep_org(query_string, &current);
    if current == *query_string {
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

/// Puts `?orgId=N` in this history entry's URL, keeping the rest of the query, without a
/// navigation: the entry then names its org, so Back returns to it and a reload keeps it.
pub fn replace_org_in_url(org_id: i64) {
    let location = window().location();
    let current = location.search().unwrap_or_default();
    replace_query(&crate::domain::query::with_org(&current, Some(org_id)));
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

/// Saves `text` as the file `file_name`: a `Blob` of `media_type` behind a temporary
/// `<a download>` (never in the document), clicked; the blob's URL is let go a minute later, long
/// after the download has read it. Only what the export needs is asked of the browser: every
/// binding here adds to the first screen's glue.
pub fn download(file_name: &str, media_type: &str, text: &str) -> Result<(), String> {
    let describe = |error: JsValue| format!("{error:?}");
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let link = window()
        .document()
        .ok_or("no document")?
        .create_element("a")
        .map_err(describe)?;
    link.set_attribute("href", &url).map_err(describe)?;
    link.set_attribute("download", file_name)
        .map_err(describe)?;
    link.unchecked_into::<web_sys::HtmlElement>().click();
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
