use leptos::prelude::*;

use super::Tabs;
use super::icons::{Icon, IconName};

/// A page's header, as Grafana's: the tabs between the views, the key icon, the title and the
/// subtitle (the children: what the page is for, which may follow what the server allows, or
/// hold a link).
#[component]
pub fn PageHeader(#[prop(into)] title: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <Tabs />
        <header class="page-header">
            <div class="page-header__title-row">
                <span class="page-header__icon">
                    <Icon name=IconName::Key size="xl" />
                </span>
                <h1 class="page-header__title break-anywhere">{move || title.get()}</h1>
            </div>
            <p class="page-header__subtitle">{children()}</p>
        </header>
    }
}
