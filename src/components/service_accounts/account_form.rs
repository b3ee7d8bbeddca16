use leptos::prelude::*;

use crate::components::{Field, FormFooter, Modal, role_options};
use crate::domain::keys::Role;
use crate::domain::service_accounts::NewServiceAccount;

/// What is typed in "Add service account"; it belongs to the controller, so it outlives the
/// dialog.
#[derive(Debug, Clone, Copy)]
pub struct AccountDraft {
    pub name: RwSignal<String>,
    pub role: RwSignal<Role>,
}

impl AccountDraft {
    pub fn new() -> Self {
        AccountDraft {
            name: RwSignal::new(String::new()),
            role: RwSignal::new(Role::Viewer),
        }
    }

    pub fn clear(&self) {
        self.name.set(String::new());
        self.role.set(Role::Viewer);
    }
}

impl Default for AccountDraft {
    fn default() -> Self {
        Self::new()
    }
}

/// "Add service account": a display name and a role.
#[component]
pub fn AddAccountDialog(
    draft: AccountDraft,
    #[prop(into)] pending: Signal<bool>,
    /// The server's message about the last attempt.
    #[prop(into)]
    server_error: Signal<Option<String>>,
    /// Grafana's answer that the name is taken: shown at the name field, which is marked and
    /// focused.
    #[prop(into)]
    name_taken: Signal<Option<String>>,
    on_submit: Callback<NewServiceAccount>,
    on_close: Callback<()>,
) -> impl IntoView {
    let checked = RwSignal::new(false);
    let name_error = Signal::derive(move || {
        if checked.get() && draft.name.read().trim().is_empty() {
            Some("Display name is required".to_string())
        } else {
            name_taken.get()
        }
    });
    let name_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if name_taken.read().is_some()
            && let Some(input) = name_input.get_untracked()
        {
            let _ = input.focus();
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        checked.set(true);
        let name = draft.name.get_untracked();
        if pending.get_untracked() || name.trim().is_empty() {
            return;
        }
        on_submit.run(NewServiceAccount {
            name: name.trim().to_string(),
            role: draft.role.get_untracked(),
        });
    };
    view! {
        <Modal title="Add service account" on_close>
            <form class="modal__body sa-form" on:submit=submit novalidate>
                <Field label="Display name" id="sa-name">
                    <input
                        id="sa-name"
                        class="input"
                        autocomplete="off"
                        autofocus
                        node_ref=name_input
                        bind:value=draft.name
                        aria-invalid=move || name_error.read().is_some().to_string()
                        aria-describedby="sa-name-error"
                    />
                    <p class="field__error" id="sa-name-error">
                        {move || name_error.get()}
                    </p>
                </Field>
                <Field label="Role" id="sa-role">
                    <select
                        id="sa-role"
                        class="input"
                        prop:value=move || draft.role.get().to_string()
                        on:change:target=move |event| {
                            draft.role.set(Role::parse(&event.target().value()))
                        }
                    >
                        {role_options(Role::ACCOUNT_CHOICES.to_vec(), None)}
                    </select>
                </Field>
                <FormFooter server_error pending submit="Create" busy="Creating..." on_cancel=on_close />
            </form>
        </Modal>
    }
}
