use leptos::prelude::*;

use crate::api::{self, ApiError, ApiKey, CreatedApiKey};
use crate::browser;
use crate::components::{
    ActionBar, ConfirmDialog, CreateKeyForm, EmptyState, ErrorAlert, KeyCreatedDialog, KeysTable,
    NotificationArea, Notifications, PageHeader, SignInForm,
};
use crate::domain::keys::KeyLists;
use crate::domain::notice::{Notice, Severity};
use crate::domain::query::ListQuery;
use crate::domain::version::GrafanaVersion;

/// What the page body shows; changes only when the lists' state does, so the action bar and
/// the search box are not rebuilt while the user types.
#[derive(Debug, Clone, PartialEq)]
enum Body {
    Loading,
    SignIn,
    Failed(ApiError),
    NoKeys,
    Keys,
}

/// Grafana's Configuration > API keys page.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let notifications = Notifications::provide();

    // The search and the switch live in the query string, so a reload or a link restores them.
    let initial = ListQuery::parse(&browser::location_search());
    let search = RwSignal::new(initial.search);
    let include_expired = RwSignal::new(initial.include_expired);
    Effect::new(move |_| {
        let query = ListQuery {
            search: search.get(),
            include_expired: include_expired.get(),
        };
        browser::replace_query(&query.to_query_string());
    });

    let lists = LocalResource::new(api::load_key_lists);
    let permissions = LocalResource::new(api::permissions);
    let version = LocalResource::new(api::server_version);
    let reload_all = Callback::new(move |()| {
        lists.refetch();
        permissions.refetch();
        version.refetch();
    });

    let key_lists = Memo::new(move |_| match lists.get() {
        Some(Ok(lists)) => lists,
        _ => KeyLists::default(),
    });
    let body = Memo::new(move |_| match lists.get() {
        None => Body::Loading,
        Some(Err(ApiError::Unauthorized(_))) => Body::SignIn,
        Some(Err(error)) => Body::Failed(error),
        Some(Ok(lists)) if lists.is_empty() => Body::NoKeys,
        Some(Ok(_)) => Body::Keys,
    });
    let add_blocked = Signal::derive(move || match permissions.get() {
        None => Some("Checking your permissions..."),
        Some(Ok(granted)) if !granted.can_create => {
            Some("You need the apikeys:create permission to add API keys.")
        }
        // Where permissions cannot be read, the server decides and says why if it refuses.
        _ => None,
    });
    let can_create = Signal::derive(move || add_blocked.get().is_none());
    let server_version = Memo::new(move |_| {
        version
            .get()
            .and_then(Result::ok)
            .flatten()
            .and_then(|text| GrafanaVersion::parse(&text))
    });
    // Grafana reports "Last used at" from 9.5; a key that was never used has no lastUsedAt.
    let show_last_used = Memo::new(move |_| {
        server_version.get().is_some_and(|v| v.at_least(9, 5))
            || key_lists
                .read()
                .all
                .iter()
                .any(|key| key.last_used_at.is_some())
    });
    let visible_keys = Memo::new(move |_| {
        key_lists
            .read()
            .visible(include_expired.get(), &search.read())
    });
    let include_expired_shown =
        Signal::derive(move || key_lists.read().includes_expired(include_expired.get()));
    let include_expired_locked = Signal::derive(move || key_lists.read().only_expired());

    // Adding a key: the form, then the dialog holding the secret until it is closed.
    let adding = RwSignal::new(false);
    let created = RwSignal::new(None::<CreatedApiKey>);
    let on_created = Callback::new(move |key: CreatedApiKey| {
        adding.set(false);
        search.set(String::new());
        created.set(Some(key));
        lists.refetch();
    });
    let open_form = Callback::new(move |()| adding.set(true));
    let close_form = Callback::new(move |()| adding.set(false));
    let form = move || {
        adding
            .get()
            .then(|| view! { <CreateKeyForm can_create on_created on_cancel=close_form /> })
    };

    // Deleting a key: confirm, delete, tell, reload.
    let confirm_delete = RwSignal::new(None::<ApiKey>);
    let delete = Action::new_unsync(|id: &i64| api::delete_key(*id));
    Effect::new(move |_| {
        let Some(result) = delete.value().get() else {
            return;
        };
        delete.value().set(None);
        confirm_delete.set(None);
        match result {
            Ok(answer) => {
                notifications.show(Notice::success(answer.message));
                lists.refetch();
            }
            Err(error) if error.status() == Some(404) => {
                notifications.show(Notice {
                    severity: Severity::Warning,
                    title: error.to_string(),
                    description: Some(
                        "The key was probably deleted elsewhere. The list has been refreshed."
                            .to_string(),
                    ),
                });
                lists.refetch();
            }
            Err(error) => notifications.show(Notice::failure(error.status(), error.to_string())),
        }
    });
    let ask_delete = Callback::new(move |key: ApiKey| confirm_delete.set(Some(key)));

    let table = move || {
        view! {
            <KeysTable
                keys=visible_keys.get()
                show_last_used=show_last_used.get()
                on_delete=ask_delete
            />
        }
    };
    let body_view = move || match body.get() {
        Body::Loading => {
            view! { <p class="page-loading" role="status">"Loading ..."</p> }.into_any()
        }
        Body::SignIn => view! { <SignInForm on_signed_in=reload_all /> }.into_any(),
        Body::Failed(error) => view! {
            <ErrorAlert
                title="Could not load API keys"
                error
                on_retry=Callback::new(move |()| lists.refetch())
            />
        }
        .into_any(),
        Body::NoKeys => view! {
            {move || match form() {
                Some(form) => form.into_any(),
                None => view! { <EmptyState add_blocked on_add=open_form /> }.into_any(),
            }}
        }
        .into_any(),
        Body::Keys => view! {
            <ActionBar
                search
                include_expired=include_expired_shown
                include_expired_locked
                on_include_expired=Callback::new(move |on| include_expired.set(on))
                show_add=true
                add_blocked=Signal::derive(move || {
                    if adding.get() { Some("The form is open") } else { add_blocked.get() }
                })
                on_add=open_form
            />
            {form}
            {table}
        }
        .into_any(),
    };

    let created_dialog = move || {
        created.get().map(|key| {
            view! {
                <KeyCreatedDialog
                    created=key
                    grafana_root=browser::grafana_root()
                    on_close=Callback::new(move |()| created.set(None))
                />
            }
        })
    };
    let delete_dialog = move || {
        confirm_delete.get().map(|key| {
            let id = key.id;
            view! {
                <ConfirmDialog
                    title="Delete API key"
                    confirm_label="Delete"
                    busy_label="Deleting..."
                    busy=delete.pending()
                    destructive=true
                    on_confirm=Callback::new(move |()| {
                        delete.dispatch(id);
                    })
                    on_cancel=Callback::new(move |()| confirm_delete.set(None))
                >
                    <p>
                        "Delete the API key "
                        <strong class="break-anywhere">{key.name}</strong>
                        "? Applications using it will stop working. This cannot be undone."
                    </p>
                </ConfirmDialog>
            }
        })
    };

    view! {
        <div class="page">
            <PageHeader />
            <main class="page-body">{body_view}</main>
            {created_dialog}
            {delete_dialog}
            <NotificationArea />
        </div>
    }
}
