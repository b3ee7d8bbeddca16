//! Grafana's Configuration > API keys page. It shows one state at a time, each with one message
//! and one next step: `crate::domain::keys_page::decide` picks it from what the server answered,
//! and its module docs hold the table of states (a host test per row); `body_view` below renders
//! exactly that state.

mod creation;
mod deletion;
mod migration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use self::creation::KeyCreation;
use self::deletion::KeyDeletion;
use self::migration::Migration;
use crate::api::{ApiError, Grafana};
use crate::browser;
use crate::components::{
    ActionBar, Alert, AlertKind, CreateRemovedNotice, EmptyState, ErrorAlert, KeysHiddenCard,
    KeysMovedCard, KeysTable, ListLimitNotice, MigrationBanner, Notifications, PageHeader,
    UnusedCleanup,
};
use crate::domain::capabilities::Capabilities;
use crate::domain::config::Config;
use crate::domain::keys::{ApiKey, KEY_LIST_LIMIT, KeyLists};
use crate::domain::keys_page::{
    Facts, KeysBanner, KeysPageState, ListsAnswer, MigratedBy, decide, subtitle,
};
use crate::domain::orgs::{ChosenOrg, UserOrgs};
use crate::domain::permissions::can_delete;
use crate::domain::query::ListQuery;
use crate::domain::unused::{UnusedFilter, last_use_text};
use crate::domain::version::GrafanaVersion;
use crate::pages::bulk_delete::{BulkDelete, BulkTexts};
use crate::pages::inventory::{Export, ExportScope};
use crate::pages::load::Load;
use crate::pages::{KnownKeyIds, SignInFlow};

/// The longest wait for a key's expiry the page schedules a new look for.
const DAY_MILLIS: i64 = 86_400_000;

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
    // "Export": the org's keys and tokens; the dialog and its requests come on the click.
    let export = Export::new(ExportScope::ThisOrg);
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
    let client = grafana.clone();
    let bulk_delete_unused = BulkDelete::new(
        BulkTexts {
            title: "Delete unused API keys",
            one: "This unused API key will be deleted; no other key is touched:",
            many: "These {count} unused API keys will be deleted, one request at a time; no other key is touched:",
        },
        |key: &ApiKey| {
            let offset = browser::local_offset_minutes(browser::now_millis());
            format!(
                "{} ({})",
                key.name,
                last_use_text(key.last_used_at.as_deref(), offset)
            )
        },
        move |key: ApiKey| {
            let grafana = client.clone();
            async move { grafana.delete_key(key.id).await }
        },
        on_changed,
    );
    let grafana_for_menu = grafana.clone();
    let migration = Migration::new(
        grafana,
        notifications,
        Callback::new(move |()| {
            lists.refetch();
            migration_status.refetch();
        }),
        key_lists,
    );

    // Grafana 9.1 to 9.4 keep "Hide API keys page forever" in their menu only: asked where
    // it can matter, once the org has no key.
    let ask_menu = Memo::new(move |_| {
        capabilities.get().hide_page && matches!(lists.get(), Some(Ok(lists)) if lists.is_empty())
    });
    let client = grafana_for_menu;
    let index_url = config.grafana_url("/");
    let menu_lists_keys = Load::new(move || {
        let ask = ask_menu.get();
        let (grafana, url) = (client.clone(), index_url.clone());
        async move {
            if ask {
                grafana.menu_lists_api_keys(&url).await
            } else {
                None
            }
        }
    });

    // Everything the page's one state is decided from (src/domain/keys_page.rs has the table).
    let facts = Memo::new(move |_| {
        let answer = match (lists.get(), version.get()) {
            (None, _) | (_, None) => None,
            (Some(Ok(lists)), _) => Some(ListsAnswer::Keys(lists.rows().len())),
            (Some(Err(ApiError::Unauthorized(_))), _) => Some(ListsAnswer::Unauthorized),
            (Some(Err(ApiError::Forbidden(_))), _) => Some(ListsAnswer::Forbidden),
            (Some(Err(ApiError::RouteRemoved(_))), _) => Some(ListsAnswer::RouteRemoved),
            (Some(Err(error)), _) => Some(ListsAnswer::Failed(error.to_string())),
        };
        Facts {
            lists: answer,
            capabilities: capabilities.get(),
            create_gone: creation.gone().is_some(),
            migrated_here: migration.migrated_all(),
            migrated_status: migrated.get(),
            hidden: migration.hid() || menu_lists_keys.get().flatten() == Some(false),
        }
    });
    let state = Memo::new(move |_| decide(&facts.read()));
    // The org bar above already says the org is read-only for this user.
    let read_only_said = use_context::<ChosenOrg>()
        .zip(use_context::<UserOrgs>())
        .and_then(|(org, user)| {
            user.orgs
                .iter()
                .find(|member| member.org_id == org.id)
                .and_then(|member| member.refusal())
        })
        .is_some();

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
    // "Last used": where Grafana says when keys were last used, only the keys unused by the
    // chosen rule, on the server's clock.
    let unused_filter = RwSignal::new(None::<UnusedFilter>);
    let shown_keys = Memo::new(move |_| {
        let lists = key_lists.read();
        let mut shown = lists.shown_ids(include_expired.get(), &search.read());
        if let Some(filter) = unused_filter.get() {
            let now = lists.server_now.unwrap_or_else(browser::now_millis);
            let rows = lists.rows();
            shown.retain(|id| {
                rows.iter()
                    .any(|key| key.id == *id && filter.matches(key, now))
            });
        }
        shown
    });
    // What "Delete unused" offers: the keys the filter shows that this user may delete.
    let deletable_unused = Memo::new(move |_| {
        if unused_filter.read().is_none() {
            return Vec::new();
        }
        let shown = shown_keys.read();
        let mut keys = table_keys.get();
        keys.retain(|key| shown.contains(&key.id) && can_delete(key));
        keys
    });
    // Expired keys the search matches that the switch leaves out.
    let hidden_expired_matches = Memo::new(move |_| {
        let lists = key_lists.read();
        if lists.includes_expired(include_expired.get()) {
            return 0;
        }
        let query = search.read();
        let active = lists.shown_ids(false, &query);
        lists
            .shown_ids(true, &query)
            .difference(&active)
            .filter(|id| !migration.was_migrated(**id))
            .count()
    });
    let include_expired_shown =
        Signal::derive(move || key_lists.read().includes_expired(include_expired.get()));
    let include_expired_locked = Signal::derive(move || key_lists.read().only_expired());
    // Grafana's list came back full: the last key it listed, after which none is shown.
    let cut_after = Memo::new(move |_| key_lists.read().cut_after().map(|key| key.name.clone()));

    let form = move || {
        create_supported
            .get()
            .then(|| creation.form(can_create, sign_in))
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
                expired_matches=hidden_expired_matches
                on_include_expired=Callback::new(move |()| {
                    include_expired.set(true);
                    refocus(&["#showExpired"]);
                })
            />
        }
    };
    let url = service_accounts_url.clone();
    // The one card above the table, as the state says.
    let banner = move |banner: KeysBanner| match banner {
        KeysBanner::Plain => ().into_any(),
        KeysBanner::Migrate | KeysBanner::MigrateNoCreate => view! {
            <MigrationBanner
                creates=banner == KeysBanner::Migrate
                server_message=creation.gone()
                on_migrate=migration.ask_all()
            />
        }
        .into_any(),
        KeysBanner::NoCreate => view! {
            <CreateRemovedNotice
                service_accounts_url=service_accounts_url.clone()
                server_message=creation.gone()
            />
        }
        .into_any(),
    };
    let body_view = move || {
        match state.get() {
        KeysPageState::Loading => {
            view! { <p class="page-loading" role="status">"Loading ..."</p> }.into_any()
        }
        KeysPageState::SignIn => sign_in.page_view().into_any(),
        // Not a failure: nothing to retry. Said once: by the org bar where it already says so.
        KeysPageState::ReadOnly if read_only_said => ().into_any(),
        KeysPageState::ReadOnly => view! {
            <Alert
                kind=AlertKind::Warning
                title="You cannot see the API keys of this organization"
                id="keys-read-only-title"
            >
                <p class="alert__body">
                    "Listing them needs the apikeys:read permission, which Grafana gives organization Admins. Ask an Admin of this organization if you need a key."
                </p>
            </Alert>
        }
        .into_any(),
        KeysPageState::Failed(message) => view! {
            <ErrorAlert
                title="Could not load API keys"
                message
                on_retry=Callback::new(move |()| lists.refetch())
            />
        }
        .into_any(),
        KeysPageState::Removed => view! {
            <KeysMovedCard
                title="API keys were removed from Grafana"
                lead="Grafana 12.1 removed API keys: every remaining key was migrated to a service account."
                on_hide=None
            />
        }
        .into_any(),
        KeysPageState::Hidden => {
            view! { <KeysHiddenCard service_accounts_url=url.clone() /> }.into_any()
        }
        KeysPageState::Migrated(by) => {
            let (title, lead) = match by {
                MigratedBy::ThisPage => (
                    "API keys migrated to service accounts",
                    "Every API key of this organization was migrated to a service account.",
                ),
                MigratedBy::Earlier => (
                    "API keys were migrated to service accounts",
                    "The API keys of this organization were migrated to service accounts.",
                ),
                MigratedBy::Startup => (
                    "API keys live on as service accounts",
                    "Grafana 11.6 and later migrate every API key to a service account when they start.",
                ),
            };
            let on_hide = (by != MigratedBy::Startup && capabilities.get_untracked().hide_page)
                .then(|| migration.ask_hide());
            view! {
                <KeysMovedCard title lead on_hide>
                    {migration.destination_list()}
                </KeysMovedCard>
            }
            .into_any()
        }
        KeysPageState::Empty => view! {
            {move || {
                if creation.is_open() {
                    form().into_any()
                } else {
                    view! { <EmptyState add_blocked on_add=creation.open() /> }.into_any()
                }
            }}
        }
        .into_any(),
        KeysPageState::EmptyNoCreate => view! {
            <CreateRemovedNotice
                service_accounts_url=url.clone()
                server_message=creation.gone()
            />
        }
        .into_any(),
        KeysPageState::Keys(kind) => view! {
            {migration.destinations()}
            {banner(kind)}
            {move || cut_after.get().map(|last| view! { <KeysLimitNotice last capabilities /> })}
            {export.map(Export::button)}
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
                search_note=Signal::derive(move || {
                    cut_after
                        .read()
                        .as_ref()
                        .map(|_| format!("Searches the {KEY_LIST_LIMIT} listed keys only."))
                })
            >
                {move || {
                    show_last_used
                        .get()
                        .then(|| {
                            view! {
                                <UnusedCleanup
                                    filter=unused_filter
                                    id="keys-last-used"
                                    count=Signal::derive(move || deletable_unused.read().len())
                                    on_delete=Callback::new(move |()| {
                                        bulk_delete_unused.ask().run(deletable_unused.get_untracked())
                                    })
                                />
                            }
                        })
                }}
            </ActionBar>
            {form}
            {table}
        }
        .into_any(),
    }
    };

    view! {
        <div class="page">
            <PageHeader title="API keys".to_string()>
                {move || subtitle(&facts.read())}
            </PageHeader>
            <main class="page-body">{body_view}</main>
            {creation.created_dialog(config.grafana_root(&browser::origin()))}
            {deletion.dialog()}
            {bulk_delete.on_demand(keys_bulk_dialogs)}
            {export.map(Export::dialog)}
            {bulk_delete_unused.on_demand(keys_bulk_dialogs)}
            {migration.dialogs()}
        </div>
    }
}

/// Grafana's key list came back full: what is not shown, and the ways to reach it that this
/// server offers.
#[component]
fn KeysLimitNotice(last: String, capabilities: Memo<Capabilities>) -> impl IntoView {
    let how = if capabilities.get_untracked().migrate {
        "To reach them, delete expired keys, or migrate keys to service accounts: the Service accounts view lists their tokens without this limit."
    } else {
        "To reach them, delete keys that have expired or are no longer needed."
    };
    view! {
        <ListLimitNotice
            title="Only the first 100 API keys are listed"
            what="API keys"
            limit=KEY_LIST_LIMIT
            last
            id="keys-limit-title"
        >
            {how}
        </ListLimitNotice>
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn keys_bulk_dialogs(bulk_delete: BulkDelete<ApiKey>) -> AnyView {
    bulk_delete.dialogs().into_any()
}

/// Moves the focus on the next frame (once the view has changed) to the first element on the
/// page that matches one of `selectors`.
pub(super) fn refocus(selectors: &'static [&'static str]) {
    request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else {
            return;
        };
        for selector in selectors {
            if let Ok(Some(element)) = document.query_selector(selector)
                && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = element.focus();
                return;
            }
        }
    });
}

/// Before the row of key `id` leaves the table: where its focus goes then. The next shown
/// row's first button, else the previous row's, else the search box; nothing moves if the
/// focus is elsewhere on the page by then.
pub(super) fn focus_after_row(id: i64) -> impl FnOnce() {
    let target = (|| {
        let document = web_sys::window()?.document()?;
        let row = document
            .query_selector(&format!("tr[data-key-id=\"{id}\"]"))
            .ok()??;
        let shown_button = |row: Option<web_sys::Element>, next: bool| {
            let mut row = row;
            while let Some(candidate) = row {
                if !candidate.has_attribute("hidden")
                    && let Ok(Some(button)) = candidate.query_selector("button")
                {
                    return Some(button);
                }
                row = if next {
                    candidate.next_element_sibling()
                } else {
                    candidate.previous_element_sibling()
                };
            }
            None
        };
        shown_button(row.next_element_sibling(), true)
            .or_else(|| shown_button(row.previous_element_sibling(), false))
    })();
    move || {
        request_animation_frame(move || {
            let Some(document) = web_sys::window().and_then(|window| window.document()) else {
                return;
            };
            // Only where the focus was lost with the row.
            let lost = document
                .active_element()
                .is_none_or(|active| Some(active) == document.body().map(Into::into));
            if !lost {
                return;
            }
            let target = target
                .filter(|button| button.is_connected())
                .or_else(|| document.query_selector("input[type=search]").ok().flatten());
            if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = element.focus();
            }
        });
    }
}
