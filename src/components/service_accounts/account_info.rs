use leptos::prelude::*;

use crate::browser;
use crate::components::instant::date_cell;
use crate::components::role_options;
use crate::domain::keys::Role;
use crate::domain::service_accounts::ServiceAccount;

/// Grafana's "Information" of an account: Numerical identifier, Name, ID, Roles (a select
/// where the user may change it), Creation date.
#[component]
pub fn AccountInformation(
    account: ServiceAccount,
    /// Why the role may not be changed, if it may not.
    #[prop(into)]
    role_refusal: Signal<Option<String>>,
    /// Whether a change to the account runs.
    #[prop(into)]
    pending: Signal<bool>,
    on_role: Callback<Role>,
    /// Called with the new name from the name's Save (Grafana's profile edit); offered where
    /// the role may be changed (both need `serviceaccounts:write`).
    on_rename: Callback<String>,
) -> impl IntoView {
    let now = browser::now_millis();
    let name_row = name_row(account.name.clone(), role_refusal, pending, on_rename);
    let current = account.role.clone();
    let mut roles = Role::ACCOUNT_CHOICES.to_vec();
    if !roles.contains(&current) {
        roles.push(current.clone());
    }
    let options = role_options(roles, Some(current.clone()));
    view! {
        <section class="sa-info" aria-labelledby="sa-info-title">
            <h2 class="sa-section__title" id="sa-info-title">"Information"</h2>
            <table class="sa-info__table">
                <tbody>
                    <tr>
                        <th scope="row">"Numerical identifier"</th>
                        <td>{account.id}</td>
                    </tr>
                    {name_row}
                    <tr>
                        <th scope="row">"ID"</th>
                        <td class="break-anywhere">{account.login.clone()}</td>
                    </tr>
                    <tr>
                        <th scope="row">
                            <label for="sa-role-select">"Roles"</label>
                        </th>
                        <td>
                            <select
                                id="sa-role-select"
                                class="input"
                                disabled=move || role_refusal.read().is_some() || pending.get()
                                title=move || role_refusal.get()
                                aria-describedby="sa-role-note"
                                on:change:target=move |event| {
                                    on_role.run(Role::parse(&event.target().value()))
                                }
                            >
                                {options}
                            </select>
                            <span id="sa-role-note" class="sa-note">
                                {move || role_refusal.get()}
                            </span>
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">"Creation date"</th>
                        <td>{date_cell(account.created_at.as_deref(), now, "Unknown")}</td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

/// Provided by the account's page: the name was just saved, so "Edit" takes the focus once the
/// account is shown again (the row is drawn anew with the server's answer).
#[derive(Debug, Clone, Copy)]
pub struct NameEditFocus(pub RwSignal<bool>);

/// The Name row: the name, and "Edit" where it may be changed; editing shows the field with
/// Save and Cancel, as Grafana's `ServiceAccountProfileRow`. Focus moves into the field, and
/// back to "Edit" when editing ends.
fn name_row(
    name: String,
    refusal: Signal<Option<String>>,
    pending: Signal<bool>,
    on_rename: Callback<String>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(name.clone());
    let input = NodeRef::<leptos::html::Input>::new();
    let edit = NodeRef::<leptos::html::Button>::new();
    let focus = |target: NodeRef<leptos::html::Input>| {
        request_animation_frame(move || {
            if let Some(element) = target.get_untracked() {
                let _ = element.focus();
            }
        })
    };
    let refocus_edit = move || {
        request_animation_frame(move || {
            if let Some(element) = edit.get_untracked() {
                let _ = element.focus();
            }
        })
    };
    let again = use_context::<NameEditFocus>();
    if let Some(NameEditFocus(again)) = again
        && again.get_untracked()
    {
        again.set(false);
        refocus_edit();
    }
    let empty = Signal::derive(move || draft.read().trim().is_empty());
    let shown = StoredValue::new(name.clone());
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let new_name = draft.get_untracked().trim().to_string();
        if new_name.is_empty() || pending.get_untracked() {
            return;
        }
        editing.set(false);
        refocus_edit();
        if shown.with_value(|shown| *shown != new_name) {
            if let Some(NameEditFocus(again)) = again {
                again.set(true);
            }
            on_rename.run(new_name);
        }
    };
    view! {
        <tr>
            <th scope="row">
                <label for="sa-name-edit">"Name"</label>
            </th>
            <td>
                <Show
                    when=move || editing.get()
                    fallback=move || {
                        let name = name.clone();
                        view! {
                            <span class="break-anywhere">{name}</span>
                            {move || refusal.read().is_none().then(|| view! {
                                " "
                                <button
                                    type="button"
                                    class="btn btn--secondary btn--small"
                                    node_ref=edit
                                    aria-label="Edit name"
                                    disabled=move || pending.get()
                                    on:click=move |_| {
                                        editing.set(true);
                                        focus(input);
                                    }
                                >
                                    "Edit"
                                </button>
                            })}
                        }
                    }
                >
                    <form class="sa-name-edit" on:submit=save novalidate>
                        <input
                            id="sa-name-edit"
                            class="input"
                            node_ref=input
                            autocomplete="off"
                            bind:value=draft
                            aria-invalid=move || empty.get().to_string()
                            aria-describedby="sa-name-edit-error"
                        />
                        <button type="submit" class="btn btn--primary btn--small">"Save"</button>
                        <button
                            type="button"
                            class="btn btn--secondary btn--small"
                            on:click=move |_| {
                                draft.set(shown.get_value());
                                editing.set(false);
                                refocus_edit();
                            }
                        >
                            "Cancel"
                        </button>
                        <p class="field__error" id="sa-name-edit-error">
                            {move || empty.get().then_some("Name is required")}
                        </p>
                    </form>
                </Show>
            </td>
        </tr>
    }
}
