use leptos::prelude::*;

use crate::components::Tabs;
use crate::components::icons::{Icon, IconName};

/// Grafana's documentation of service accounts, which its list page links from its subtitle.
pub const DOCS_URL: &str =
    "https://grafana.com/docs/grafana/latest/administration/service-accounts/";

/// The service accounts views' header: the tabs, the title, and Grafana's subtitle, whose
/// "documentation" is a link as on Grafana's own page.
#[component]
pub fn AccountsHeader(#[prop(into)] title: Signal<String>) -> impl IntoView {
    view! {
        <Tabs />
        <header class="page-header">
            <div class="page-header__title-row">
                <span class="page-header__icon">
                    <Icon name=IconName::Key size="xl" />
                </span>
                <h1 class="page-header__title break-anywhere">{move || title.get()}</h1>
            </div>
            <p class="page-header__subtitle">
                "Service accounts and their tokens can be used to authenticate against the Grafana API. Find out more in our "
                <a href=DOCS_URL target="_blank" rel="noopener noreferrer">
                    "documentation"
                    <span class="visually-hidden">" (opens a new tab)"</span>
                </a>
                "."
            </p>
        </header>
    }
}
