use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, KeysTable, SignInForm};

/// Grafana's Configuration > API keys page.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let keys = LocalResource::new(|| api::list_keys(false));
    let reload = Callback::new(move |()| keys.refetch());

    let content = move || match keys.get() {
        None => view! { <p class="page-loading" role="status">"Loading ..."</p> }.into_any(),
        Some(Ok(keys)) if keys.is_empty() => view! {
            <p class="empty-state">"You haven't added any API keys yet."</p>
        }
        .into_any(),
        Some(Ok(keys)) => view! { <KeysTable keys /> }.into_any(),
        Some(Err(ApiError::Unauthorized(_))) => {
            view! { <SignInForm on_signed_in=reload /> }.into_any()
        }
        Some(Err(error)) => view! {
            <ErrorAlert title="Could not load API keys" error on_retry=reload />
        }
        .into_any(),
    };

    view! {
        <div class="page">
            <header class="page-header">
                <h1 class="page-header__title">"API keys"</h1>
                <p class="page-header__subtitle">
                    "Manage and create API keys that are used to interact with Grafana HTTP APIs"
                </p>
            </header>
            <main class="page-body">{content}</main>
        </div>
    }
}
