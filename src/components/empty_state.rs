use leptos::prelude::*;

use super::icons::{Icon, IconName};

/// No keys at all: Grafana's call to action.
#[component]
pub fn EmptyState(
    /// Why "New API key" is disabled, if it is.
    #[prop(into)]
    add_blocked: Signal<Option<&'static str>>,
    on_add: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="empty-state">
            <Icon name=IconName::Key size="xl" />
            <p class="empty-state__title">"You haven't added any API keys yet."</p>
            <button
                type="button"
                id="new-api-key"
                class="btn btn--primary btn--large"
                disabled=move || add_blocked.get().is_some()
                on:click=move |_| on_add.run(())
            >
                <Icon name=IconName::Plus />
                "New API key"
            </button>
            {move || add_blocked.get().map(|reason| view! { <p class="empty-state__note">{reason}</p> })}
            <p class="empty-state__tip">
                "ProTip: Remember, you can provide view-only API access to other applications."
            </p>
        </div>
    }
}
