use leptos::prelude::*;

/// The page's header, as Grafana's: the key icon, "API keys" and the subtitle.
#[component]
pub fn PageHeader() -> impl IntoView {
    view! {
        <header class="page-header">
            <h1 class="page-header__title">"API keys"</h1>
            <p class="page-header__subtitle">
                "Manage and create API keys that are used to interact with Grafana HTTP APIs"
            </p>
        </header>
    }
}
