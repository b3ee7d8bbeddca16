use leptos::prelude::*;

use crate::domain::service_accounts::total_text;

/// The total, the page, and Previous / Next, as Grafana pages the list.
#[component]
pub fn Pager(
    #[prop(into)] page: Signal<u32>,
    #[prop(into)] page_count: Signal<u32>,
    #[prop(into)] total: Signal<i64>,
    on_page: Callback<u32>,
) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Pages">
            <p class="pager__status" role="status">
                {move || {
                    format!(
                        "{} · Page {} of {}",
                        total_text(total.get()),
                        page.get(),
                        page_count.get(),
                    )
                }}
            </p>
            <button
                type="button"
                class="btn btn--secondary btn--small"
                disabled=move || { page.get() <= 1 }
                on:click=move |_| on_page.run(page.get_untracked().saturating_sub(1).max(1))
            >
                "Previous"
            </button>
            <button
                type="button"
                class="btn btn--secondary btn--small"
                disabled=move || { page.get() >= page_count.get() }
                on:click=move |_| on_page.run(page.get_untracked() + 1)
            >
                "Next"
            </button>
        </nav>
    }
}
