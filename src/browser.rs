//! Glue to the browser APIs the views need, kept apart so `domain` stays pure.

/// The path the app is served under (`""` at the root, `"/apikeys"` under a sub-path), read from
/// the `<base>` element Trunk fills from `--public-url`, so one build works at any path.
pub fn router_base() -> String {
    let base_uri = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.base_uri().ok().flatten())
        .unwrap_or_default();
    crate::domain::url::path_of(&base_uri)
        .trim_end_matches('/')
        .to_string()
}

/// Minutes to add to UTC to get the browser's local time at `unix_millis`; asked per instant
/// because daylight saving time moves the offset.
pub fn local_offset_minutes(unix_millis: i64) -> i32 {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_millis as f64));
    // getTimezoneOffset is UTC minus local, so the sign flips.
    -(date.get_timezone_offset() as i32)
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}
