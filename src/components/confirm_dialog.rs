use leptos::prelude::*;

use super::Modal;

/// Asks before doing something: the body says what will happen, Cancel has the focus, and the
/// confirm button says what it does and is disabled while it runs.
#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    /// The confirm button's text, e.g. "Delete".
    confirm_label: &'static str,
    /// The confirm button's text while the action runs, e.g. "Deleting...".
    busy_label: &'static str,
    /// Whether the action is running.
    #[prop(into)]
    busy: Signal<bool>,
    /// A destructive action gets the red button.
    #[prop(optional)]
    destructive: bool,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    /// What the action will do.
    children: Children,
) -> impl IntoView {
    let confirm_class = if destructive {
        "btn btn--destructive"
    } else {
        "btn btn--primary"
    };
    view! {
        <Modal title on_close=on_cancel>
            <div class="modal__body">{children()}</div>
            <div class="modal__footer">
                <button
                    type="button"
                    class="btn btn--secondary"
                    autofocus
                    on:click=move |_| on_cancel.run(())
                >
                    "Cancel"
                </button>
                <button
                    type="button"
                    class=confirm_class
                    disabled=move || busy.get()
                    on:click=move |_| {
                        if !busy.get_untracked() {
                            on_confirm.run(());
                        }
                    }
                >
                    {move || if busy.get() { busy_label } else { confirm_label }}
                </button>
            </div>
        </Modal>
    }
}
