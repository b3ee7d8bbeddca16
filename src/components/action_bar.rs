use leptos::prelude::*;

use super::icons::{Icon, IconName};

/// Search, "Include expired keys" and "Add API key", above the table.
#[component]
pub fn ActionBar(
    /// The search text, two-way.
    search: RwSignal<String>,
    /// Whether expired keys are listed (forced on when only expired keys exist).
    #[prop(into)]
    include_expired: Signal<bool>,
    /// The switch cannot be turned off: only expired keys exist.
    #[prop(into)]
    include_expired_locked: Signal<bool>,
    on_include_expired: Callback<bool>,
    /// Whether "Add API key" is offered at all (servers that still create keys).
    #[prop(into)]
    show_add: Signal<bool>,
    /// Why "Add API key" is disabled, if it is.
    #[prop(into)]
    add_blocked: Signal<Option<&'static str>>,
    on_add: Callback<()>,
    /// How many expired keys the user may delete; "Delete expired" shows while there are some.
    #[prop(optional, into)]
    expired: Signal<usize>,
    #[prop(optional)] on_delete_expired: Option<Callback<()>>,
    /// What the search cannot find, said under it (Grafana's list came back full).
    #[prop(optional, into)]
    search_note: Signal<Option<String>>,
    /// More controls before "Add API key" (the last-use filter and its clean-up).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="action-bar">
            <div class="action-bar__search">
                <span class="action-bar__search-icon">
                    <Icon name=IconName::Search />
                </span>
                <input
                    type="search"
                    class="input"
                    placeholder="Search keys"
                    aria-label="Search keys"
                    aria-describedby="search-keys-note"
                    bind:value=search
                />
                <span id="search-keys-note" class="action-bar__note">
                    {move || search_note.get()}
                </span>
            </div>
            <div class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    id="showExpired"
                    class="switch__input"
                    prop:checked=move || include_expired.get()
                    disabled=move || include_expired_locked.get()
                    aria-describedby="showExpired-note"
                    on:change:target=move |event| on_include_expired.run(event.target().checked())
                />
                <label for="showExpired" class="switch__label">
                    "Include expired keys"
                </label>
                <span id="showExpired-note" class="visually-hidden">
                    {move || {
                        include_expired_locked
                            .get()
                            .then_some("Only expired keys exist, so they are always listed.")
                    }}
                </span>
            </div>
            {on_delete_expired
                .map(|on_delete_expired| {
                    view! {
                        <Show when=move || { expired.get() > 0 }>
                            <button
                                type="button"
                                class="btn btn--secondary"
                                on:click=move |_| on_delete_expired.run(())
                            >
                                {move || format!("Delete expired ({})", expired.get())}
                            </button>
                        </Show>
                    }
                })}
            {children.map(|children| children())}
            <Show when=move || show_add.get()>
                <button
                    type="button"
                    id="add-api-key"
                    class="btn btn--primary"
                    disabled=move || add_blocked.get().is_some()
                    title=move || add_blocked.get()
                    on:click=move |_| on_add.run(())
                >
                    <Icon name=IconName::Plus />
                    "Add API key"
                </button>
            </Show>
        </div>
    }
}
