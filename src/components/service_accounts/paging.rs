use leptos::html;
use leptos::prelude::*;

use crate::domain::service_accounts::total_text;

/// The total, the page, and Previous / Next, as Grafana pages the list. A button that becomes
/// disabled by its own press (Next onto the last page, Previous onto the first) hands the
/// focus to the other one, so the keyboard user is not dropped to the top of the document.
#[component]
pub fn Pager(
    #[prop(into)] page: Signal<u32>,
    #[prop(into)] page_count: Signal<u32>,
    #[prop(into)] total: Signal<i64>,
    on_page: Callback<u32>,
) -> impl IntoView {
    let previous = NodeRef::<html::Button>::new();
    let next = NodeRef::<html::Button>::new();
    // After the buttons have been updated: the one to focus is enabled by then.
    let focus_later = move |target: NodeRef<html::Button>| {
        request_animation_frame(move || {
            if let Some(button) = target.get_untracked() {
                let _ = button.focus();
            }
        });
    };
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
                node_ref=previous
                disabled=move || { page.get() <= 1 }
                on:click=move |_| {
                    let to = page.get_untracked().saturating_sub(1).max(1);
                    on_page.run(to);
                    if to <= 1 {
                        focus_later(next);
                    }
                }
            >
                "Previous"
            </button>
            <button
                type="button"
                class="btn btn--secondary btn--small"
                node_ref=next
                disabled=move || { page.get() >= page_count.get() }
                on:click=move |_| {
                    let to = page.get_untracked() + 1;
                    on_page.run(to);
                    if to >= page_count.get_untracked() {
                        focus_later(previous);
                    }
                }
            >
                "Next"
            </button>
        </nav>
    }
}
