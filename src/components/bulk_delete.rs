use leptos::prelude::*;

use super::Modal;
use crate::domain::bulk::ItemStatus;

/// The confirmation's body: exactly what will be deleted, by name.
pub fn bulk_delete_question(lead: String, names: Vec<String>) -> impl IntoView {
    let names = names
        .into_iter()
        .map(|name| view! { <li class="break-anywhere">{name}</li> })
        .collect_view();
    view! {
        <p>{lead}</p>
        <ul class="sa-bulk__list">{names}</ul>
    }
}

/// A bulk deletion under way: its progress and a result for each item, by name; after a
/// failure, "Retry the remaining" sends only what was not deleted.
#[component]
pub fn BulkDeleteDialog(
    /// The dialog's title, e.g. "Delete expired tokens".
    title: &'static str,
    /// Each item's name and where it stands.
    #[prop(into)]
    items: Signal<Vec<(String, ItemStatus)>>,
    /// "Deleting 2 of 5…", then the summary.
    #[prop(into)]
    progress: Signal<String>,
    #[prop(into)] running: Signal<bool>,
    /// Whether some items are left to retry.
    #[prop(into)]
    can_resume: Signal<bool>,
    on_resume: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let rows = move || {
        items
            .get()
            .into_iter()
            .map(|(name, status)| {
                let (class, text) = match status {
                    ItemStatus::Pending => ("sa-bulk__status", "Waiting".to_string()),
                    ItemStatus::Running => ("sa-bulk__status", "Deleting...".to_string()),
                    // Said once: Grafana's "Service account token deleted" after "Deleted"
                    // would say it twice.
                    ItemStatus::Done(_) => (
                        "sa-bulk__status sa-bulk__status--done",
                        "Deleted".to_string(),
                    ),
                    ItemStatus::Failed(message) => (
                        "sa-bulk__status sa-bulk__status--failed",
                        format!("Not deleted: {message}"),
                    ),
                };
                view! {
                    <li class="sa-bulk__item">
                        <span class="break-anywhere sa-bulk__name">{name}</span>
                        <span class=class>{text}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Modal title on_close>
            <div class="modal__body">
                <p class="sa-bulk__progress" role="status">
                    {move || progress.get()}
                </p>
                <ul class="sa-bulk__results">{rows}</ul>
            </div>
            <div class="modal__footer">
                <Show when=move || can_resume.get() && !running.get()>
                    <button type="button" class="btn btn--primary" on:click=move |_| on_resume.run(())>
                        "Retry the remaining"
                    </button>
                </Show>
                <button type="button" class="btn btn--secondary" autofocus on:click=move |_| on_close.run(())>
                    {move || if running.get() { "Stop" } else { "Close" }}
                </button>
            </div>
        </Modal>
    }
}
