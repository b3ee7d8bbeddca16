use leptos::prelude::*;

use crate::components::PageHeader;

/// Grafana's documentation of service accounts, which its list page links from its subtitle.
pub const DOCS_URL: &str =
    "https://grafana.com/docs/grafana/latest/administration/service-accounts/";

/// The service accounts views' header: the tabs, the title, and Grafana's subtitle, whose
/// "documentation" is a link as on Grafana's own page.
#[component]
pub fn AccountsHeader(#[prop(into)] title: Signal<String>) -> impl IntoView {
    view! {
        <PageHeader title>
            "Service accounts and their tokens can be used to authenticate against the Grafana API. Find out more in our "
            <a href=DOCS_URL target="_blank" rel="noopener noreferrer">
                "documentation"
                <span class="visually-hidden">" (opens a new tab)"</span>
            </a>
            "."
        </PageHeader>
    }
}
