use leptos::prelude::*;

use super::alert::{Alert, AlertKind};

/// Grafana's list came back at its limit: which item it ended with, that what comes after it
/// by name is not shown (nothing else says so), and how to reach the rest (the children).
#[component]
pub fn ListLimitNotice(
    /// The title, e.g. "Only the first 100 API keys are listed".
    title: &'static str,
    /// What is listed, e.g. "API keys".
    what: &'static str,
    limit: usize,
    /// The name of the last item listed.
    last: String,
    /// The title's id, unique on the page.
    id: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <Alert kind=AlertKind::Warning title id>
            <p class="alert__body">
                {format!("Grafana lists at most {limit} {what}, by name, and this list is full. ")}
                {format!("{} after ", capitalised(what))}
                <strong class="break-anywhere">{last}</strong>
                " (by name) exist but are not shown here, and the search finds only the listed ones. "
                {children()}
            </p>
        </Alert>
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
