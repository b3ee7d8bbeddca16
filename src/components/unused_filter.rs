use leptos::prelude::*;

use crate::domain::unused::UnusedFilter;

/// "Last used": any time, or only what was not used for 30, 90 or 365 days, or never.
#[component]
pub fn UnusedFilterSelect(
    filter: RwSignal<Option<UnusedFilter>>,
    /// The select's id, unique on the page.
    id: &'static str,
) -> impl IntoView {
    let value_of = |choice: Option<UnusedFilter>| match choice {
        None => "any".to_string(),
        Some(UnusedFilter::Never) => "never".to_string(),
        Some(UnusedFilter::NotUsedFor { days }) => days.to_string(),
    };
    let choose = move |value: String| {
        filter.set(
            UnusedFilter::CHOICES
                .into_iter()
                .find(|choice| value_of(Some(*choice)) == value),
        )
    };
    view! {
        <span class="unused-filter">
            <label for=id>"Last used"</label>
            <select
                id=id
                class="input"
                prop:value=move || value_of(filter.get())
                on:change:target=move |event| choose(event.target().value())
            >
                <option value="any">"Any time"</option>
                {UnusedFilter::CHOICES
                    .into_iter()
                    .map(|choice| view! { <option value=value_of(Some(choice))>{choice.label()}</option> })
                    .collect_view()}
            </select>
        </span>
    }
}
