use leptos::prelude::*;

use super::icons::{Icon, IconName};

/// A failed request: what failed, the server's message, and a way to try again.
#[component]
pub fn ErrorAlert(
    /// What the page was doing, e.g. "Could not load API keys".
    title: &'static str,
    /// What went wrong: the server's message where there is one.
    message: String,
    /// Called when the user asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="alert alert--error" role="alert">
            <span class="alert__icon">
                <Icon name=IconName::Error size="lg" />
            </span>
            <p class="alert__title">{title}</p>
            <p class="alert__body">{message}</p>
            <button type="button" class="btn btn--secondary" on:click=move |_| on_retry.run(())>
                "Retry"
            </button>
        </div>
    }
}
