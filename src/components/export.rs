//! "Export": the button beside a list's actions, and the dialog choosing CSV or JSON, starting
//! the export and saying where it stands (issue 22, "Inventory export").

use leptos::prelude::*;

use crate::components::Modal;
use crate::domain::inventory::{ExportFormat, ExportStatus};

/// "Export", which opens the export dialog. Small on purpose: it is all of the export that the
/// first screen carries.
#[component]
pub fn ExportButton(on_open: Callback<()>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="btn btn--secondary export-button"
            aria-haspopup="dialog"
            on:click=move |_| on_open.run(())
        >
            "Export"
        </button>
    }
}

/// The export dialog: the format, then "Export"; progress and the result are announced
/// (`role="status"`), a failure too (`role="alert"`) with Retry. Closing it while it runs stops
/// the export (nothing is downloaded).
#[component]
pub fn ExportDialog(
    /// What is exported, e.g. "Main Org." or "the 3 organizations you administer".
    scope: String,
    format: RwSignal<ExportFormat>,
    #[prop(into)] status: Signal<ExportStatus>,
    on_start: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let running = Signal::derive(move || status.read().is_running());
    let choice = move |value: ExportFormat, id: &'static str, label: &'static str| {
        view! {
            <input
                type="radio"
                class="segmented__input"
                name="export-format"
                id=id
                prop:checked=move || format.get() == value
                disabled=move || running.get()
                on:change=move |_| format.set(value)
            />
            <label class="segmented__label" for=id>
                {label}
            </label>
        }
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !running.get_untracked() {
            on_start.run(());
        }
    };
    let progress = move || {
        status.read().fraction().map(|(done, total)| {
            view! {
                <progress
                    class="export__progress"
                    aria-hidden="true"
                    max=total.max(1).to_string()
                    value=done.to_string()
                ></progress>
            }
        })
    };
    let notes = move || match &*status.read() {
        ExportStatus::Done(summary) if !summary.notes.is_empty() => {
            let items = summary
                .notes
                .iter()
                .map(|note| view! { <li>{note.clone()}</li> })
                .collect_view();
            Some(view! { <ul class="export__notes">{items}</ul> })
        }
        _ => None,
    };
    let failure = move || match &*status.read() {
        ExportStatus::Failed(message) => {
            Some(view! { <p class="form-error" role="alert">{message.clone()}</p> })
        }
        _ => None,
    };
    view! {
        <Modal title="Export keys and tokens" on_close>
            <form class="modal__body sa-form" on:submit=submit>
                <p>
                    "Every API key and service account token of " {scope}
                    ": organization, kind, account, name, role, dates, and whether it expired or was revoked. Never a secret."
                </p>
                <fieldset class="sa-form__expiration">
                    <legend class="field__label">"Format"</legend>
                    <div class="segmented">
                        {choice(ExportFormat::Csv, "export-format-csv", "CSV")}
                        {choice(ExportFormat::Json, "export-format-json", "JSON")}
                    </div>
                </fieldset>
                <p class="field__help">
                    "CSV opens in a spreadsheet: a cell that a spreadsheet would run as a formula starts with '."
                </p>
                <p class="export__status" role="status">
                    {move || status.read().text()}
                </p>
                {progress}
                {notes}
                {failure}
                <div class="modal__footer sa-form__footer">
                    <button
                        type="button"
                        class="btn btn--secondary"
                        on:click=move |_| on_close.run(())
                    >
                        {move || if running.get() { "Cancel" } else { "Close" }}
                    </button>
                    <button type="submit" class="btn btn--primary" disabled=move || running.get()>
                        {move || match &*status.read() {
                            ExportStatus::Running(_) => "Exporting...",
                            ExportStatus::Failed(_) => "Retry",
                            _ => "Export",
                        }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
