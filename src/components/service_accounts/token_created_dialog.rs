use leptos::prelude::*;

use crate::components::{SecretDialog, SecretTexts};
use crate::domain::service_accounts::CreatedToken;

/// "Service account token created": the secret, shown once, with Grafana's copy buttons and a
/// `curl` example. The secret lives only in this dialog's props; closing it drops the last copy.
#[component]
pub fn TokenCreatedDialog(
    created: CreatedToken,
    /// Grafana's URL, origin plus sub-path, for the example.
    grafana_root: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let texts = SecretTexts {
        title: "Service account token created",
        label: "Token",
        noun: "token",
        id: "created-token",
        copy: "Copy to clipboard",
        once: "Copy the token now as you will not be able to see it again. Losing a token requires creating a new one.",
        once_detail: None,
        copy_and_close: true,
    };
    view! { <SecretDialog secret=created.key grafana_root texts on_close /> }
}
