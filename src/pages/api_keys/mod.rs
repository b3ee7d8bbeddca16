mod creation;
mod deletion;
mod migration;

use leptos::prelude::*;

use self::creation::KeyCreation;
use self::deletion::KeyDeletion;
use self::migration::Migration;
use crate::api::{ApiError, Grafana};
use crate::browser;
use crate::components::{
    ActionBar, CreateRemovedNotice, EmptyState, ErrorAlert, KeysLiveOnNotice, KeysRemovedNotice,
    KeysTable, MigratedCard, MigrationBanner, Notifications, PageHeader,
};
use crate::domain::capabilities::Capabilities;
use crate::domain::config::Config;
use crate::domain::keys::{ApiKey, KeyLists};
use crate::domain::permissions::can_delete;
use crate::domain::query::ListQuery;
use crate::domain::version::GrafanaVersion;
use crate::pages::bulk_delete::{BulkDelete, BulkTexts};
use crate::pages::load::Load;
use crate::pages::{KnownKeyIds, SignInFlow};

/// The longest wait for a key's expiry the page schedules a new look for.
const DAY_MILLIS: i64 = 86_400_000;

/// What the page body shows; changes only when the server's state does, so the action bar and
/// the search box are not rebuilt while the user types.
#[derive(Debug, Clone, PartialEq)]
enum Body {
    Loading,
    SignIn,
    Failed(String),
    /// Grafana 12.1 and later: no API keys any more.
    Removed,
    NoKeys,
    Keys,
}

/// Grafana's Configuration > API keys page.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let config = expect_context::<Config>();
    let grafana = expect_context::<Grafana>();
    let notifications = Notifications::expect();
    let sign_in = SignInFlow::expect();
    let service_accounts_url = config.service_accounts_url();

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

    // What the server is and allows, read once; its answers correct it (410, 404). Everything
    // else loads again after signing in.
    let client = grafana.clone();
    let version = Load::new(move || {
        let grafana = client.clone();
        async move { grafana.server_version().await }
    });
    let capabilities = Memo::new(move |_| {
        let text = version.get().and_then(Result::ok).flatten();
        Capabilities::of(text.as_deref().and_then(GrafanaVersion::parse))
    });
    let client = grafana.clone();
    let permissions = Load::new(move || {
        sign_in.track();
        let grafana = client.clone();
        async move { grafana.permissions().await }
    });
    let client = grafana.clone();
    let lists = Load::new(move || {
        sign_in.track();
        let grafana = client.clone();
        async move { grafana.key_lists().await }
    });
    let client = grafana.clone();
    let migration_status = Load::new(move || {
        sign_in.track();
        // Asked once the version says the server has the endpoint, not before and again after.
        let asked = version.get().is_some() && capabilities.get().migration_status;
        let grafana = client.clone();
        // A server without the endpoint (or refusing it) simply is not migrated.
        async move { asked && matches!(grafana.migration_status().await, Ok(true)) }
    });
    let migrated = Signal::derive(move || migration_status.get().unwrap_or(false));

    let key_lists = Memo::new(move |_| match lists.get() {
        Some(Ok(lists)) => lists,
        _ => KeyLists::default(),
    });
    // Where a key went after a migration: its token keeps the key's id.
    let known_keys = KnownKeyIds::from_context();
    Effect::new(move |_| known_keys.record(key_lists.read().all.iter().map(|key| key.id)));
    // A key that expires while the page is open: ask the server again once it has (a second
    // after, as Grafana counts whole seconds), so the lists, the switch and "Delete expired"
    // change as a reload would change them. One timer at a time; none beyond a day.
    let expiry_timer = StoredValue::new(None::<TimeoutHandle>);
    let clear_expiry_timer = move || {
        if let Some(timer) = expiry_timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    };
    Effect::new(move |_| {
        clear_expiry_timer();
        let due = key_lists.read().next_expiry_in();
        let timer = due
            .filter(|&millis| millis <= DAY_MILLIS)
            .and_then(|millis| {
                let wait = std::time::Duration::from_millis(millis.unsigned_abs() + 1_000);
                set_timeout_with_handle(move || lists.refetch(), wait).ok()
            });
        expiry_timer.set_value(timer);
    });
    on_cleanup(clear_expiry_timer);
    let body = Memo::new(move |_| match (lists.get(), version.get()) {
        (None, _) | (_, None) => Body::Loading,
        _ if capabilities.get().keys_removed => Body::Removed,
        (Some(Err(ApiError::Unauthorized(_))), _) => Body::SignIn,
        // A Grafana that hides its version has no keys route once API keys are gone (12.1);
        // any other 404 (a wrong grafanaPath, a proxy's page) is an error to show.
        (Some(Err(ApiError::RouteRemoved(_))), _) => Body::Removed,
        (Some(Err(error)), _) => Body::Failed(error.to_string()),
        (Some(Ok(lists)), _) if lists.is_empty() => Body::NoKeys,
        (Some(Ok(_)), _) => Body::Keys,
    });

    let on_changed = Callback::new(move |()| lists.refetch());
    let creation = KeyCreation::new(
        grafana.clone(),
        notifications,
        Callback::new(move |()| {
            search.set(String::new());
            lists.refetch();
        }),
    );
    let deletion = KeyDeletion::new(grafana.clone(), notifications, on_changed);
    let client = grafana.clone();
    let bulk_delete = BulkDelete::new(
        BulkTexts {
            title: "Delete expired API keys",
            one: "This expired API key will be deleted; no other key is touched:",
            many: "These {count} expired API keys will be deleted, one request at a time; no other key is touched:",
        },
        |key: &ApiKey| key.name.clone(),
        move |key: ApiKey| {
            let grafana = client.clone();
            async move { grafana.delete_key(key.id).await }
        },
        on_changed,
    );
    let migration = Migration::new(
        grafana,
        notifications,
        Callback::new(move |()| {
            lists.refetch();
            migration_status.refetch();
        }),
        service_accounts_url.clone(),
        key_lists,
    );

    // What "Delete expired" offers: the expired keys this user may delete.
    let deletable_expired = Memo::new(move |_| {
        let mut expired = key_lists.read().expired();
        expired.retain(|key| can_delete(key) && !migration.was_migrated(key.id));
        expired
    });
    // Creating: offered below 11.3, until the server says 410.
    let create_supported =
        Signal::derive(move || capabilities.get().create && creation.gone().is_none());
    let add_blocked = Signal::derive(move || match permissions.get() {
        None => Some("Checking your permissions..."),
        Some(Ok(granted)) if !granted.can_create => {
            Some("You need the apikeys:create permission to add API keys.")
        }
        // Where permissions cannot be read, the server decides and says why if it refuses.
        _ => None,
    });
    let can_create = Signal::derive(move || add_blocked.get().is_none());
    let show_last_used =
        Memo::new(move |_| capabilities.get().last_used || key_lists.read().reports_last_use());
    // Every row once; the search and the switch choose which show.
    let table_keys = Memo::new(move |_| {
        let mut keys = key_lists.read().rows();
        keys.retain(|key| !migration.was_migrated(key.id));
        keys
    });
    let shown_keys = Memo::new(move |_| {
        key_lists
            .read()
            .shown_ids(include_expired.get(), &search.read())
    });
    let include_expired_shown =
        Signal::derive(move || key_lists.read().includes_expired(include_expired.get()));
    let include_expired_locked = Signal::derive(move || key_lists.read().only_expired());

    let form = move || {
        create_supported
            .get()
            .then(|| creation.form(can_create, sign_in))
    };
    let create_removed_notice = {
        let url = service_accounts_url.clone();
        move || {
            (!create_supported.get()).then(|| {
                view! {
                    <CreateRemovedNotice
                        service_accounts_url=url.clone()
                        server_message=creation.gone()
                    />
                }
            })
        }
    };
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

    // Past the migration: where the keys live now, in the service accounts view.
    let keys_live_on = move || {
        let capabilities = capabilities.get();
        let lead = if capabilities.keys_removed {
            Some("Grafana 12.1 removed API keys.")
        } else if capabilities.migrated_at_startup {
            Some(
                "From Grafana 11.6 on, Grafana migrates every API key to a service account when it starts.",
            )
        } else if migration.migrated_all() {
            Some("The API keys of this organization were migrated to service accounts.")
        } else {
            None
        };
        lead.map(|lead| view! { <KeysLiveOnNotice lead /> })
    };

    // Made again only if the columns or the row buttons change (the server's version is known
    // before the table shows, so in practice once).
    let table = move || {
        view! {
            <KeysTable
                keys=table_keys
                shown=shown_keys
                show_last_used=show_last_used.get()
                on_delete=deletion.ask()
                on_migrate=capabilities.get().migrate.then(|| migration.migrate_one())
                migrating=Signal::derive(move || migration.migrating())
            />
        }
    };
    let body_view = {
        let url = service_accounts_url.clone();
        move || {
            match body.get() {
            Body::Loading => {
                view! { <p class="page-loading" role="status">"Loading ..."</p> }.into_any()
            }
            Body::SignIn => sign_in.page_view().into_any(),
            Body::Failed(message) => view! {
                <ErrorAlert
                    title="Could not load API keys"
                    message
                    on_retry=Callback::new(move |()| lists.refetch())
                />
            }
            .into_any(),
            Body::Removed => view! {
                <KeysRemovedNotice service_accounts_url=url.clone() />
                {keys_live_on}
            }
            .into_any(),
            Body::NoKeys => view! {
                {keys_live_on}
                {migration.destinations()}
                {migration_card.clone()}
                {create_removed_notice.clone()}
                {move || match (creation.is_open(), create_supported.get(), migrated.get()) {
                    (true, true, _) => form().into_any(),
                    (false, true, false) => {
                        view! { <EmptyState add_blocked on_add=creation.open() /> }.into_any()
                    }
                    _ => view! { <p class="empty-state__title">"No API keys found"</p> }.into_any(),
                }}
            }
            .into_any(),
            Body::Keys => view! {
                {keys_live_on}
                {migration.destinations()}
                {migration_card.clone()}
                {create_removed_notice.clone()}
                <ActionBar
                    search
                    include_expired=include_expired_shown
                    include_expired_locked
                    on_include_expired=Callback::new(move |on| include_expired.set(on))
                    show_add=create_supported
                    add_blocked=Signal::derive(move || {
                        if creation.is_open() { Some("The form is open") } else { add_blocked.get() }
                    })
                    on_add=creation.open()
                    expired=Signal::derive(move || deletable_expired.read().len())
                    on_delete_expired=Callback::new(move |()| {
                        bulk_delete.ask().run(deletable_expired.get_untracked())
                    })
                />
                {form}
                {table}
            }
            .into_any(),
        }
        }
    };

    view! {
        <div class="page">
            <PageHeader
                title="API keys".to_string()
                subtitle="Manage and create API keys that are used to interact with Grafana HTTP APIs"
            />
            <main class="page-body">{body_view}</main>
            {creation.created_dialog(config.grafana_root(&browser::origin()))}
            {deletion.dialog()}
            {bulk_delete.dialogs()}
            {migration.dialogs()}
        </div>
    }
}
