use leptos::prelude::*;

use crate::api::{self, ApiError, ApiKey, CreatedApiKey, MigrateAllAnswer, MigrationResult};
use crate::browser;
use crate::components::{
    ActionBar, ConfirmDialog, CreateKeyForm, CreateRemovedNotice, EmptyState, ErrorAlert,
    KeyCreatedDialog, KeysRemovedNotice, KeysTable, MigratedCard, MigrationBanner,
    MigrationSummaryDialog, NotificationArea, Notifications, PageHeader, SignInForm,
    migrate_all_question,
};
use crate::domain::capabilities::Capabilities;
use crate::domain::keys::KeyLists;
use crate::domain::notice::{Notice, Severity};
use crate::domain::query::ListQuery;
use crate::domain::version::GrafanaVersion;

/// What the page body shows; changes only when the server's state does, so the action bar and
/// the search box are not rebuilt while the user types.
#[derive(Debug, Clone, PartialEq)]
enum Body {
    Loading,
    SignIn,
    Failed(ApiError),
    /// Grafana 12.1 and later: no API keys any more.
    Removed,
    NoKeys,
    Keys,
}

/// Grafana's Configuration > API keys page.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let notifications = Notifications::provide();
    let service_accounts_url = browser::grafana_page("org/serviceaccounts");

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

    // What the server is and allows, read once; its answers correct it (410, 404).
    let version = LocalResource::new(api::server_version);
    let server_version = Memo::new(move |_| {
        version
            .get()
            .and_then(Result::ok)
            .flatten()
            .and_then(|text| GrafanaVersion::parse(&text))
    });
    let capabilities = Memo::new(move |_| Capabilities::of(server_version.get()));
    let permissions = LocalResource::new(api::permissions);
    let lists = LocalResource::new(api::load_key_lists);
    let migration_status = LocalResource::new(move || {
        let asked = capabilities.get().migration_status;
        // A server without the endpoint (or refusing it) simply is not migrated.
        async move { asked && matches!(api::migration_status().await, Ok(status) if status.migrated) }
    });
    let migrated = Signal::derive(move || migration_status.get().unwrap_or(false));
    let reload_all = Callback::new(move |()| {
        version.refetch();
        permissions.refetch();
        lists.refetch();
        migration_status.refetch();
    });

    let key_lists = Memo::new(move |_| match lists.get() {
        Some(Ok(lists)) => lists,
        _ => KeyLists::default(),
    });
    let body = Memo::new(move |_| match (lists.get(), version.get()) {
        (None, _) | (_, None) => Body::Loading,
        _ if capabilities.get().keys_removed => Body::Removed,
        (Some(Err(ApiError::Unauthorized(_))), _) => Body::SignIn,
        // A server that hides its version answers 404 once API keys are gone (12.1).
        (Some(Err(ApiError::Http { status: 404, .. })), _) => Body::Removed,
        (Some(Err(error)), _) => Body::Failed(error),
        (Some(Ok(lists)), _) if lists.is_empty() => Body::NoKeys,
        (Some(Ok(_)), _) => Body::Keys,
    });

    // Creating: offered below 11.3, until the server says 410.
    let create_gone = RwSignal::new(None::<String>);
    let create_supported =
        Signal::derive(move || capabilities.get().create && create_gone.read().is_none());
    let add_blocked = Signal::derive(move || match permissions.get() {
        None => Some("Checking your permissions..."),
        Some(Ok(granted)) if !granted.can_create => {
            Some("You need the apikeys:create permission to add API keys.")
        }
        // Where permissions cannot be read, the server decides and says why if it refuses.
        _ => None,
    });
    let can_create = Signal::derive(move || add_blocked.get().is_none());
    let show_last_used = Memo::new(move |_| {
        capabilities.get().last_used
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
    let on_create_gone = Callback::new(move |message: String| {
        adding.set(false);
        create_gone.set(Some(message));
    });
    let open_form = Callback::new(move |()| adding.set(true));
    let close_form = Callback::new(move |()| adding.set(false));
    let form = move || {
        (adding.get() && create_supported.get()).then(|| {
            view! {
                <CreateKeyForm can_create on_created on_cancel=close_form on_gone=on_create_gone />
            }
        })
    };
    let create_removed_notice = {
        let url = service_accounts_url.clone();
        move || {
            (!create_supported.get()).then(|| {
                view! {
                    <CreateRemovedNotice
                        service_accounts_url=url.clone()
                        server_message=create_gone.get()
                    />
                }
            })
        }
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

    // Migrating one key: it leaves the list, now a service account.
    let migrate_key = Action::new_unsync(|key: &ApiKey| api::migrate_key(key.id));
    Effect::new(move |_| {
        let Some(result) = migrate_key.value().get() else {
            return;
        };
        migrate_key.value().set(None);
        match result {
            Ok(answer) => notifications.show(Notice::success(answer.message)),
            Err(error) => notifications.show(Notice::failure(error.status(), error.to_string())),
        }
        lists.refetch();
    });
    let on_migrate_key = Callback::new(move |key: ApiKey| {
        // One migration at a time, so a double click migrates once.
        if !migrate_key.pending().get_untracked() {
            migrate_key.dispatch(key);
        }
    });
    let migrating_key = Signal::derive(move || {
        migrate_key
            .pending()
            .get()
            .then(|| migrate_key.input().get().map(|key| key.id))
            .flatten()
    });

    // Migrating every key: confirm, migrate (awaited), summarise, reload.
    let confirm_migrate_all = RwSignal::new(false);
    let summary = RwSignal::new(None::<MigrationResult>);
    let migrate_all = Action::new_unsync(|_: &()| api::migrate_all_keys());
    Effect::new(move |_| {
        let Some(result) = migrate_all.value().get() else {
            return;
        };
        migrate_all.value().set(None);
        confirm_migrate_all.set(false);
        match result {
            Ok(MigrateAllAnswer::Result(result)) => summary.set(Some(result)),
            Ok(MigrateAllAnswer::Message(answer)) => {
                notifications.show(Notice::success(answer.message))
            }
            Err(error) => notifications.show(Notice::failure(error.status(), error.to_string())),
        }
        lists.refetch();
        migration_status.refetch();
    });

    // Hiding the page for good (9.1 to 9.4), then on to Grafana's service accounts.
    let confirm_hide = RwSignal::new(false);
    let hide = Action::new_unsync(|_: &()| api::hide_api_keys());
    Effect::new({
        let url = service_accounts_url.clone();
        move |_| {
            let Some(result) = hide.value().get() else {
                return;
            };
            hide.value().set(None);
            match result {
                Ok(_) => browser::go_to(&url),
                Err(error) => {
                    confirm_hide.set(false);
                    notifications.show(Notice::failure(error.status(), error.to_string()));
                }
            }
        }
    });

    let migration_card = {
        let url = service_accounts_url.clone();
        move || {
            let capabilities = capabilities.get();
            if migrated.get() {
                let on_hide = capabilities
                    .migration_status
                    .then(|| Callback::new(move |()| confirm_hide.set(true)));
                Some(view! { <MigratedCard service_accounts_url=url.clone() on_hide /> }.into_any())
            } else if capabilities.migrate && !key_lists.read().is_empty() {
                let on_migrate = Callback::new(move |()| confirm_migrate_all.set(true));
                Some(view! { <MigrationBanner on_migrate /> }.into_any())
            } else {
                None
            }
        }
    };

    let table = move || {
        let on_migrate = capabilities.get().migrate.then_some(on_migrate_key);
        view! {
            <KeysTable
                keys=visible_keys.get()
                show_last_used=show_last_used.get()
                on_delete=ask_delete
                on_migrate=on_migrate
                migrating=migrating_key.get()
            />
        }
    };
    let body_view = {
        let url = service_accounts_url.clone();
        move || match body.get() {
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
            Body::Removed => {
                view! { <KeysRemovedNotice service_accounts_url=url.clone() /> }.into_any()
            }
            Body::NoKeys => view! {
                {migration_card.clone()}
                {create_removed_notice.clone()}
                {move || match (form(), create_supported.get(), migrated.get()) {
                    (Some(form), _, _) => form.into_any(),
                    (None, true, false) => {
                        view! { <EmptyState add_blocked on_add=open_form /> }.into_any()
                    }
                    _ => view! { <p class="empty-state__title">"No API keys found"</p> }.into_any(),
                }}
            }
            .into_any(),
            Body::Keys => view! {
                {migration_card.clone()}
                {create_removed_notice.clone()}
                <ActionBar
                    search
                    include_expired=include_expired_shown
                    include_expired_locked
                    on_include_expired=Callback::new(move |on| include_expired.set(on))
                    show_add=create_supported
                    add_blocked=Signal::derive(move || {
                        if adding.get() { Some("The form is open") } else { add_blocked.get() }
                    })
                    on_add=open_form
                />
                {form}
                {table}
            }
            .into_any(),
        }
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
    let migrate_all_dialog = move || {
        confirm_migrate_all.get().then(|| {
            view! {
                <ConfirmDialog
                    title="Migrate API keys to service accounts"
                    confirm_label="Yes, migrate now"
                    busy_label="Migrating..."
                    busy=migrate_all.pending()
                    on_confirm=Callback::new(move |()| {
                        migrate_all.dispatch(());
                    })
                    on_cancel=Callback::new(move |()| confirm_migrate_all.set(false))
                >
                    {migrate_all_question()}
                </ConfirmDialog>
            }
        })
    };
    let summary_dialog = move || {
        summary.get().map(|result| {
            view! {
                <MigrationSummaryDialog
                    result
                    on_close=Callback::new(move |()| summary.set(None))
                />
            }
        })
    };
    let hide_dialog = move || {
        confirm_hide.get().then(|| {
            view! {
                <ConfirmDialog
                    title="Hide API Keys page forever"
                    confirm_label="Yes, hide API keys page."
                    busy_label="Hiding..."
                    busy=hide.pending()
                    on_confirm=Callback::new(move |()| {
                        hide.dispatch(());
                    })
                    on_cancel=Callback::new(move |()| confirm_hide.set(false))
                >
                    <p>
                        "Are you sure you want to hide API keys page forever and use service accounts from now on?"
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
            {migrate_all_dialog}
            {summary_dialog}
            {hide_dialog}
            <NotificationArea />
        </div>
    }
}
