use leptos::prelude::*;

use crate::components::icons::{Icon, IconName};
use crate::domain::hygiene::UNUSED_HELP;
use crate::domain::service_accounts::AccountFilter;
use crate::domain::unused::UnusedFilter;

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

/// "Token use": the accounts whose every token is unused for 30, 90 or 365 days, or never
/// used; "Any" for all. Its help says an account without tokens is never listed, and
/// `caveat` where the server's figures are known to be wrong.
#[component]
pub fn UnusedFilterSelect(
    #[prop(into)] value: Signal<Option<UnusedFilter>>,
    on_change: Callback<Option<UnusedFilter>>,
    caveat: Option<&'static str>,
) -> impl IntoView {
    let options = UnusedFilter::CHOICES.map(|choice| {
        view! {
            <option value=choice.param() prop:selected=move || value.get() == Some(choice)>
                {choice.label()}
            </option>
        }
    });
    view! {
        <div class="sa-unused">
            <label class="sa-unused__label" for="sa-unused">
                "Token use"
            </label>
            <select
                id="sa-unused"
                class="input sa-unused__select"
                aria-describedby="sa-unused-help"
                on:change:target=move |event| {
                    on_change.run(UnusedFilter::from_param(&event.target().value()))
                }
            >
                <option value="" prop:selected=move || value.get().is_none()>
                    "Any"
                </option>
                {options}
            </select>
            <p id="sa-unused-help" class="sa-unused__help">
                {UNUSED_HELP}
                {caveat.map(|caveat| view! { " " <strong>{caveat}</strong> })}
            </p>
        </div>
    }
}
