mod deletion;
mod migration;

use leptos::prelude::*;

use self::deletion::KeyDeletion;
use self::migration::Migration;
use crate::api::{self, ApiError, CreatedApiKey};
use crate::browser;
use crate::components::{
    ActionBar, CreateKeyForm, CreateRemovedNotice, EmptyState, ErrorAlert, KeyCreatedDialog,
    KeysRemovedNotice, KeysTable, MigratedCard, MigrationBanner, NotificationArea, Notifications,
    PageHeader, SignInForm,
};
use crate::domain::capabilities::Capabilities;
use crate::domain::keys::KeyLists;
use crate::domain::query::ListQuery;
use crate::domain::version::GrafanaVersion;

/// Runs `handle` once with each result of `action`, then drops the result from the action, so
/// neither a secret nor a stale error lingers there.
fn on_each_result<I, O>(action: Action<I, O>, handle: impl Fn(O) + 'static)
where
    I: Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            action.value().set(None);
            handle(result);
        }
    });
}

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
    // After signing in; the version is public and read once.
    let reload_all = Callback::new(move |()| {
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
        // A Grafana that hides its version answers its own 404 once API keys are gone (12.1);
        // any other 404 (a wrong grafanaPath, a proxy's page) is an error to show.
        (
            Some(Err(ApiError::Http {
                status: 404,
                message,
            })),
            _,
        ) if message == "Not found" => Body::Removed,
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

    let on_changed = Callback::new(move |()| lists.refetch());
    let deletion = KeyDeletion::new(notifications, on_changed);
    let migration = Migration::new(
        notifications,
        Callback::new(move |()| {
            lists.refetch();
            migration_status.refetch();
        }),
        service_accounts_url.clone(),
    );

    let migration_card = {
        let url = service_accounts_url.clone();
        move || {
            let capabilities = capabilities.get();
            if migrated.get() {
                let on_hide = capabilities.migration_status.then(|| migration.ask_hide());
                Some(view! { <MigratedCard service_accounts_url=url.clone() on_hide /> }.into_any())
            } else if capabilities.migrate && !key_lists.read().is_empty() {
                Some(view! { <MigrationBanner on_migrate=migration.ask_all() /> }.into_any())
            } else {
                None
            }
        }
    };

    let table = move || {
        let on_migrate = capabilities.get().migrate.then(|| migration.migrate_one());
        let mut keys = visible_keys.get();
        keys.retain(|key| !migration.was_migrated(key.id));
        view! {
            <KeysTable
                keys=keys
                show_last_used=show_last_used.get()
                on_delete=deletion.ask()
                on_migrate=on_migrate
                migrating=migration.migrating()
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
    view! {
        <div class="page">
            <PageHeader />
            <main class="page-body">{body_view}</main>
            {created_dialog}
            {deletion.dialog()}
            {migration.dialogs()}
            <NotificationArea />
        </div>
    }
}
