use leptos::html::Dialog;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::icons::{Icon, IconName};
use crate::browser;

/// A modal dialog on the native `<dialog>` opened with `showModal()`: the page behind it is
/// inert, Escape closes it, focus moves in (to the `autofocus` element, else the first control)
/// and goes back to where it was when the dialog is gone. Mount it only while it is open.
#[component]
pub fn Modal(
    /// The heading, which also names the dialog for screen readers.
    #[prop(into)]
    title: String,
    /// Called when the user dismisses the dialog: Escape, the ✕ button or a click outside.
    on_close: Callback<()>,
    /// The body and footer.
    children: Children,
) -> impl IntoView {
    let dialog_ref = NodeRef::<Dialog>::new();
    let title_id = format!("modal-title-{}", next_id());
    let labelled_by = title_id.clone();
    let opener = SendWrapper::new(browser::focused_element());
    on_cleanup(move || {
        // Cleanup runs before the <dialog> leaves the DOM, while the page behind it is still
        // inert: give focus back on the next frame, once it is gone.
        request_animation_frame(move || {
            if let Some(opener) = opener.take() {
                let _ = opener.focus();
            }
        });
    });
    let show = move |dialog: web_sys::HtmlDialogElement| {
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
    };
    Effect::new(move |_| dialog_ref.get().map(show));
    // An effect created while a lazy view under a route's <Suspense> resolves (a dialog whose
    // chunk came on the click, on a deep-linked lazy route) may never run: the next frame, when
    // the element is in the document, opens it then.
    request_animation_frame(move || {
        dialog_ref.try_get_untracked().flatten().map(show);
    });
    // A click whose target is the <dialog> itself landed on the backdrop: the content fills
    // the dialog box, so clicks inside hit the content instead.
    let on_click = move |event: leptos::ev::MouseEvent| {
        let on_backdrop = match (event.target(), dialog_ref.get_untracked()) {
            (Some(target), Some(dialog)) => target == ****dialog,
            _ => false,
        };
        if on_backdrop {
            on_close.run(());
        }
    };

    view! {
        <dialog
            node_ref=dialog_ref
            class="modal"
            aria-labelledby=labelled_by
            on:close=move |_| on_close.run(())
            on:click=on_click
        >
            <div class="modal__content">
                <div class="modal__header">
                    <h2 class="modal__title" id=title_id>
                        {title}
                    </h2>
                    <button
                        type="button"
                        class="modal__close"
                        aria-label="Close dialogue"
                        on:click=move |_| on_close.run(())
                    >
                        <Icon name=IconName::Close size="lg" />
                    </button>
                </div>
                {children()}
            </div>
        </dialog>
    }
}

/// The end of a form in a dialog: the server's refusal, announced, then Cancel and the submit
/// button, which says it is working while the request runs.
#[component]
pub fn FormFooter(
    #[prop(into)] server_error: Signal<Option<String>>,
    #[prop(into)] pending: Signal<bool>,
    /// The submit button, e.g. "Create", and while the request runs, e.g. "Creating...".
    submit: &'static str,
    busy: &'static str,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        {move || {
            server_error
                .get()
                .map(|message| view! { <p class="form-error" role="alert">{message}</p> })
        }}
        <div class="modal__footer sa-form__footer">
            <button type="button" class="btn btn--secondary" on:click=move |_| on_cancel.run(())>
                "Cancel"
            </button>
            <button type="submit" class="btn btn--primary" disabled=move || pending.get()>
                {move || if pending.get() { busy } else { submit }}
            </button>
        </div>
    }
}

/// Distinct ids for the dialogs' headings.
fn next_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
