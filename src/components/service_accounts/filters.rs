use leptos::prelude::*;

use crate::components::icons::{Icon, IconName};
use crate::domain::service_accounts::AccountFilter;

/// Grafana's search box and filters above the list, and "Add service account" where the user
/// may add one (never a dead button: a user who may not is not offered it).
#[component]
pub fn AccountFilters(
    /// The search text, two-way.
    search: RwSignal<String>,
    #[prop(into)] filter: Signal<AccountFilter>,
    on_filter: Callback<AccountFilter>,
    /// Whether the user may add an account (known, and granted).
    #[prop(into)]
    can_add: Signal<bool>,
    on_add: Callback<()>,
    /// More filters, on a line of their own below.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let options = AccountFilter::ALL.map(|option| {
        let id = format!(
            "sa-filter-{}",
            option.label().to_lowercase().replace(' ', "-")
        );
        view! {
            <input
                type="radio"
                class="segmented__input"
                name="sa-filter"
                id=id.clone()
                prop:checked=move || filter.get() == option
                on:change=move |_| on_filter.run(option)
            />
            <label class="segmented__label" for=id>
                {option.label()}
            </label>
        }
    });
    view! {
        <div class="action-bar">
            <div class="action-bar__search">
                <span class="action-bar__search-icon">
                    <Icon name=IconName::Search />
                </span>
                <input
                    type="search"
                    class="input"
                    placeholder="Search service account by name"
                    aria-label="Search service account by name"
                    bind:value=search
                />
            </div>
            <fieldset class="segmented">
                <legend class="visually-hidden">"Filter"</legend>
                {options}
            </fieldset>
            <Show when=move || can_add.get()>
                <button type="button" class="btn btn--primary" on:click=move |_| on_add.run(())>
                    <Icon name=IconName::Plus />
                    "Add service account"
                </button>
            </Show>
            {children.map(|children| children())}
        </div>
    }
}
