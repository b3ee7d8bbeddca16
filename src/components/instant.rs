use leptos::prelude::*;

use crate::browser;
use crate::domain::time::{format_local, parse_unix_millis, relative, to_rfc3339};

/// A date as `YYYY-MM-DD HH:mm:ss` in the browser's zone, with "in 3 days" beside it and the
/// exact instant on hover; the keys and tokens tables show dates so.
pub fn instant(unix_millis: i64, now: i64) -> impl IntoView {
    let local = format_local(unix_millis, browser::local_offset_minutes(unix_millis));
    let utc = to_rfc3339(unix_millis);
    view! {
        <time datetime=utc.clone() title=utc>
            {local}
        </time>
        " "
        <span class="text-secondary keys-table__relative">{relative(now, unix_millis)}</span>
    }
}

/// An optional RFC 3339 text: the instant, `none` when absent, the text as sent when unreadable.
pub fn date_cell(text: Option<&str>, now: i64, none: &'static str) -> AnyView {
    match text.map(|text| (text, parse_unix_millis(text))) {
        None => none.into_any(),
        Some((_, Some(unix_millis))) => instant(unix_millis, now).into_any(),
        Some((text, None)) => text.to_string().into_any(),
    }
}
