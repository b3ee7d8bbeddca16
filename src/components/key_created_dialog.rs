use leptos::prelude::*;

use super::{SecretDialog, SecretTexts};
use crate::domain::keys::CreatedApiKey;

/// "API Key Created": the key, shown once, with a Copy button and a `curl` example.
#[component]
pub fn KeyCreatedDialog(
    created: CreatedApiKey,
    /// Grafana's URL, origin plus sub-path, for the example.
    grafana_root: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let texts = SecretTexts {
        title: "API Key Created",
        label: "Key",
        noun: "key",
        id: "created-key",
        copy: "Copy",
        once: "You will only be able to view this key here once!",
        once_detail: Some("It is not stored in this form, so be sure to copy it now."),
        copy_and_close: false,
    };
    view! { <SecretDialog secret=created.key grafana_root texts on_close /> }
}
