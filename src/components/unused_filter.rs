use leptos::prelude::*;

use crate::domain::unused::UnusedFilter;

/// The filter "Not used for 30 / 90 / 365 days, or never", or `any` for no filter: on the keys
/// list, an account's tokens and the service accounts list. With `children`, a help line below
/// that the select is described by, and the filter takes a line of its own.
#[component]
pub fn UnusedFilterSelect(
    filter: RwSignal<Option<UnusedFilter>>,
    /// The select's id, unique on the page.
    id: &'static str,
    label: &'static str,
    /// The option that filters nothing out.
    any: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let has_help = children.is_some();
    let help = children
        .map(|help| view! { <p id=help_id.clone() class="unused-filter__help">{help()}</p> });
    let options = UnusedFilter::CHOICES.map(|choice| {
        view! { <option value=choice.param()>{choice.label()}</option> }
    });
    view! {
        <div class="unused-filter" class:unused-filter--wide=has_help>
            <label class="unused-filter__label" for=id>
                {label}
            </label>
            <select
                id=id
                class="input unused-filter__select"
                aria-describedby=has_help.then_some(help_id.clone())
                prop:value=move || filter.get().map(UnusedFilter::param).unwrap_or_default()
                on:change:target=move |event| {
                    filter.set(UnusedFilter::from_param(&event.target().value()))
                }
            >
                <option value="">{any}</option>
                {options}
            </select>
            {help}
        </div>
    }
}

/// "Last used" and, while it filters, "Delete unused (N)" for what it keeps: on the keys list
/// and an account's tokens.
#[component]
pub fn UnusedCleanup(
    filter: RwSignal<Option<UnusedFilter>>,
    /// The select's id, unique on the page.
    id: &'static str,
    /// How many the filter keeps that may be deleted.
    #[prop(into)]
    count: Signal<usize>,
    /// Why deleting is refused, shown as the disabled button's title.
    #[prop(into, optional)]
    refusal: Signal<Option<String>>,
    on_delete: Callback<()>,
) -> impl IntoView {
    view! {
        <UnusedFilterSelect filter id label="Last used" any="Any time" />
        <Show when=move || filter.read().is_some()>
            <button
                type="button"
                class="btn btn--secondary"
                disabled=move || count.get() == 0 || refusal.read().is_some()
                title=move || refusal.get()
                on:click=move |_| on_delete.run(())
            >
                {move || format!("Delete unused ({})", count.get())}
            </button>
        </Show>
    }
}
