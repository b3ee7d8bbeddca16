use leptos::prelude::*;

use super::icons::{Icon, IconName};

/// The page's header, as Grafana's: the key icon, "API keys" and the subtitle.
#[component]
pub fn PageHeader() -> impl IntoView {
    view! {
        <header class="page-header">
            <div class="page-header__title-row">
                <span class="page-header__icon">
                    <Icon name=IconName::Key size="xl" />
                </span>
                <h1 class="page-header__title">"API keys"</h1>
            </div>
            <p class="page-header__subtitle">
                "Manage and create API keys that are used to interact with Grafana HTTP APIs"
            </p>
        </header>
    }
}
