//! The Permissions section of an account's page: who may manage the account (users, teams,
//! basic roles, as Edit or Admin), "Add a permission" and removing one, as Grafana's page has
//! it. The section is built by a `#[lazy]` function: its code comes in a chunk of its own once
//! an account that shows it is loaded.

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::components::Notifications;
use crate::components::service_accounts::{AddPermissionForm, PermissionDraft, PermissionLists};
use crate::domain::notice::Notice;
use crate::domain::resource_permissions::{ResourcePermission, Target, TargetKind};
use crate::pages::call::Call;
use crate::pages::load::Load;
use crate::pages::{ConfirmTexts, confirmation};

/// The section for account `account_id`; `write_refusal` says why nothing can be changed.
#[cfg_attr(feature = "split", leptos::lazy)]
pub(super) async fn permissions_section(
    grafana: Grafana,
    account_id: i64,
    write_refusal: Option<String>,
) -> AnyView {
    let notifications = Notifications::expect();
    let client = grafana.clone();
    let list = Load::new(move || {
        let grafana = client.clone();
        async move { grafana.account_permissions(account_id).await }
    });
    let client = grafana.clone();
    let description = Load::new(move || {
        let grafana = client.clone();
        async move { grafana.permissions_description().await }
    });
    let draft = PermissionDraft::new();
    let client = grafana.clone();
    // The picker's matches, asked again as the search or the kind changes.
    let matches = Load::new(move || {
        let (kind, text, grafana) = (draft.kind.get(), draft.search.get(), client.clone());
        async move {
            match kind {
                TargetKind::User => (
                    grafana.lookup_users(&text).await.unwrap_or_default(),
                    Vec::new(),
                ),
                TargetKind::Team => (
                    Vec::new(),
                    grafana.search_teams(&text).await.unwrap_or_default(),
                ),
                TargetKind::Role => (Vec::new(), Vec::new()),
            }
        }
    });
    let adding = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The permission asked to be removed, and where the removal goes.
    let removing = RwSignal::new(None::<(Target, ResourcePermission)>);
    // Adding and removing are the same request: a permission, or none ("").
    let client = grafana.clone();
    let set = move |target: Target, permission: String| {
        let grafana = client.clone();
        async move {
            grafana
                .set_account_permission(account_id, &target, &permission)
                .await
        }
    };
    let set_again = set.clone();
    let add = Call::new(
        move |(target, permission): &(Target, String)| set(target.clone(), permission.clone()),
        move |result: Result<String, ApiError>| {
            match result {
                Ok(message) => {
                    adding.set(false);
                    error.set(None);
                    notifications.show(Notice::success(message));
                }
                Err(failure) if adding.get_untracked() => error.set(Some(failure.to_string())),
                Err(failure) => notifications.show(Notice::from(&failure)),
            }
            list.refetch();
        },
    );
    let remove = Call::new(
        move |(target, _): &(Target, ResourcePermission)| set_again(target.clone(), String::new()),
        move |result: Result<String, ApiError>| {
            removing.set(None);
            notifications.show(match result {
                Ok(message) => Notice::success(message),
                Err(failure) => Notice::from(&failure),
            });
            list.refetch();
        },
    );
    let refusal = StoredValue::new(write_refusal);
    let write_refusal = Signal::derive(move || refusal.get_value());

    let form = move || {
        let description = description.get().and_then(Result::ok)?;
        adding.get().then(|| {
            view! {
                <AddPermissionForm
                    draft
                    kinds=description.target_kinds()
                    permissions=description.permissions.clone()
                    users=Signal::derive(move || matches.get().map(|found| found.0).unwrap_or_default())
                    teams=Signal::derive(move || matches.get().map(|found| found.1).unwrap_or_default())
                    pending=add.pending()
                    server_error=error
                    on_save=Callback::new(move |choice| add.dispatch(choice))
                    on_cancel=Callback::new(move |()| {
                        adding.set(false);
                        error.set(None);
                    })
                />
            }
        })
    };
    let lists = move || match list.get() {
        None => view! { <p class="page-loading" role="status">"Loading ..."</p> }.into_any(),
        Some(Err(failure)) => view! {
            <p class="form-error" role="alert">
                {format!("Could not load the permissions: {failure}")}
            </p>
        }
        .into_any(),
        Some(Ok(items)) => view! {
            <PermissionLists
                items
                write_refusal
                on_remove=Callback::new(move |item: ResourcePermission| {
                    if let Some(target) = item.removal_target() {
                        removing.set(Some((target, item)));
                    }
                })
            />
        }
        .into_any(),
    };
    let texts = ConfirmTexts {
        title: "Remove permission",
        confirm: "Remove",
        busy: "Removing...",
        destructive: true,
    };
    view! {
        <section class="sa-section" aria-labelledby="sa-permissions-title">
            <h2 class="sa-section__title" id="sa-permissions-title">"Permissions"</h2>
            <div class="action-bar">
                <button
                    type="button"
                    class="btn btn--primary"
                    disabled=move || write_refusal.get().is_some() || adding.get()
                    title=move || write_refusal.get()
                    on:click=move |_| adding.set(true)
                >
                    "Add a permission"
                </button>
                <span class="sa-note">{move || write_refusal.get()}</span>
            </div>
            {form}
            {lists}
        </section>
        {confirmation(removing, remove, texts, |(_, item): &(Target, ResourcePermission)| {
            view! {
                <p>
                    {format!("Remove the {} permission of ", item.permission)}
                    <strong class="break-anywhere">{item.name().to_string()}</strong>
                    " on this service account? They lose what it allowed at once."
                </p>
            }
            .into_any()
        })}
    }
    .into_any()
}
