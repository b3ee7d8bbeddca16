//! The Permissions section of an account's page, as Grafana's (`AccessControl/Permissions.tsx`):
//! "Add a permission", then one table per kind of grantee (Role, User, Service Account, Team).

use leptos::prelude::*;

use crate::components::field::Field;
use crate::domain::resource_permissions::{
    BASIC_ROLES, Grantee, ResourcePermission, Target, TargetKind, TeamMatch, UserMatch, grouped,
};

/// The lists of who may manage the account, with a remove button on what can be removed.
#[component]
pub fn PermissionLists(
    items: Vec<ResourcePermission>,
    /// Why the user cannot change permissions, if they cannot.
    #[prop(into)]
    write_refusal: Signal<Option<String>>,
    on_remove: Callback<ResourcePermission>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="sa-note">"There are no permissions"</p> }.into_any();
    }
    grouped(&items)
        .into_iter()
        .map(|(title, items)| {
            view! {
                <table class="table sa-permissions">
                    <caption class="visually-hidden">{format!("Permissions by {title}")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{title}</th>
                            <th scope="col">"Permission"</th>
                            <th scope="col">
                                <span class="visually-hidden">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {items
                            .into_iter()
                            .map(|item| permission_row(item, write_refusal, on_remove))
                            .collect_view()}
                    </tbody>
                </table>
            }
        })
        .collect_view()
        .into_any()
}

fn permission_row(
    item: ResourcePermission,
    write_refusal: Signal<Option<String>>,
    on_remove: Callback<ResourcePermission>,
) -> impl IntoView {
    let avatar = match &item.grantee {
        Grantee::User { avatar_url, .. }
        | Grantee::ServiceAccount { avatar_url, .. }
        | Grantee::Team { avatar_url, .. }
            if !avatar_url.is_empty() =>
        {
            view! { <img class="sa-permissions__avatar" src=avatar_url.clone() alt="" /> }
                .into_any()
        }
        _ => ().into_any(),
    };
    let name = item.name().to_string();
    let permission = item.permission.clone();
    let action = match item.locked_because() {
        Some(reason) => view! { <em class="sa-note">{reason}</em> }.into_any(),
        None => {
            let label = format!("Remove permission for {name}");
            view! {
                <button
                    type="button"
                    class="btn btn--destructive btn--small"
                    aria-label=label
                    disabled=move || write_refusal.get().is_some()
                    title=move || write_refusal.get()
                    on:click=move |_| on_remove.run(item.clone())
                >
                    "Remove"
                </button>
            }
            .into_any()
        }
    };
    view! {
        <tr>
            <td class="sa-permissions__who">{avatar} <span class="break-anywhere">{name.clone()}</span></td>
            <td>{permission}</td>
            <td class="sa-permissions__action">{action}</td>
        </tr>
    }
}

/// What "Add a permission" has chosen so far; it belongs to the page's controller.
#[derive(Clone, Copy)]
pub struct PermissionDraft {
    pub kind: RwSignal<TargetKind>,
    /// The picker's search text (users and teams).
    pub search: RwSignal<String>,
    /// The chosen user's or team's id, or role, as the select's value.
    pub chosen: RwSignal<String>,
    pub permission: RwSignal<String>,
}

impl PermissionDraft {
    pub fn new() -> Self {
        PermissionDraft {
            kind: RwSignal::new(TargetKind::User),
            search: RwSignal::new(String::new()),
            chosen: RwSignal::new(String::new()),
            permission: RwSignal::new(String::new()),
        }
    }

    /// Where the permission goes, once something is chosen.
    pub fn target(&self) -> Option<Target> {
        let chosen = self.chosen.get();
        match self.kind.get() {
            TargetKind::User => chosen.parse().ok().map(Target::User),
            TargetKind::Team => chosen.parse().ok().map(Target::Team),
            TargetKind::Role => (!chosen.is_empty()).then_some(Target::Role(chosen)),
        }
    }
}

impl Default for PermissionDraft {
    fn default() -> Self {
        Self::new()
    }
}

/// Grafana's "Add permission for": a user, a team or a role, then Edit or Admin.
#[component]
pub fn AddPermissionForm(
    draft: PermissionDraft,
    kinds: Vec<TargetKind>,
    permissions: Vec<String>,
    /// The picker's matches for the search (users or teams, as the kind says).
    #[prop(into)]
    users: Signal<Vec<UserMatch>>,
    #[prop(into)] teams: Signal<Vec<TeamMatch>>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] server_error: Signal<Option<String>>,
    on_save: Callback<(Target, String)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    if draft.permission.get_untracked().is_empty()
        && let Some(first) = permissions.first()
    {
        draft.permission.set(first.clone());
    }
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        if let Some(target) = untrack(|| draft.target()) {
            on_save.run((target, draft.permission.get_untracked()));
        }
    };
    let kind_options = kinds
        .into_iter()
        .map(|kind| view! { <option value=kind.label()>{kind.label()}</option> })
        .collect_view();
    let permission_options = permissions
        .into_iter()
        .map(|permission| view! { <option value=permission.clone()>{permission.clone()}</option> })
        .collect_view();
    let choices = move || match draft.kind.get() {
        TargetKind::Role => view! {
            <Field label="Role" id="permission-role">
                <select id="permission-role" class="input" bind:value=draft.chosen required>
                    <option value="">"Choose a role"</option>
                    {BASIC_ROLES
                        .iter()
                        .map(|role| view! { <option value=role.as_str()>{role.as_str()}</option> })
                        .collect_view()}
                </select>
            </Field>
        }
        .into_any(),
        kind => {
            let (what, options) = match kind {
                TargetKind::User => (
                    "User",
                    users
                        .get()
                        .into_iter()
                        .map(|user| (user.id, user.label()))
                        .collect::<Vec<_>>(),
                ),
                _ => (
                    "Team",
                    teams
                        .get()
                        .into_iter()
                        .map(|team| (team.id, team.name))
                        .collect(),
                ),
            };
            let found = options.len();
            view! {
                <Field label="Search" id="permission-search">
                    <input
                        id="permission-search"
                        type="search"
                        class="input"
                        placeholder=format!("Search by {}", if what == "User" { "login, e-mail or name" } else { "name" })
                        bind:value=draft.search
                    />
                </Field>
                <Field label=what id="permission-grantee">
                    <select id="permission-grantee" class="input" bind:value=draft.chosen required>
                        <option value="">{format!("Choose one of {found} found")}</option>
                        {options
                            .into_iter()
                            .map(|(id, label)| view! { <option value=id.to_string()>{label}</option> })
                            .collect_view()}
                    </select>
                </Field>
            }
            .into_any()
        }
    };
    view! {
        <form class="sa-add-permission" aria-labelledby="add-permission-title" on:submit=submit>
            <h3 class="sa-add-permission__title" id="add-permission-title">"Add permission for"</h3>
            <Field label="Assign to" id="permission-kind">
                <select
                    id="permission-kind"
                    class="input"
                    on:change:target=move |event| {
                        if let Some(kind) = TargetKind::parse(&event.target().value()) {
                            draft.kind.set(kind);
                            draft.chosen.set(String::new());
                        }
                    }
                    prop:value=move || draft.kind.get().label()
                >
                    {kind_options}
                </select>
            </Field>
            {choices}
            <Field label="Permission" id="permission-level">
                <select id="permission-level" class="input" bind:value=draft.permission>
                    {permission_options}
                </select>
            </Field>
            {move || server_error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <div class="sa-form__footer">
                <button type="button" class="btn btn--secondary" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
                <button type="submit" class="btn btn--primary" disabled=move || pending.get() || draft.target().is_none()>
                    {move || if pending.get() { "Saving..." } else { "Save" }}
                </button>
            </div>
        </form>
    }
}
