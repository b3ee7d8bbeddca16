//! Migrating to service accounts: every key at once (confirm, migrate, summarise), one key
//! from its row, and hiding the page for good once migrated (9.1 to 9.4).

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::components::{
    KeyDestination, MigratedKeysNotice, MigrationSummaryDialog, Notifications, destination_items,
    migrate_all_question,
};
use crate::domain::keys::{ApiKey, KeyLists};
use crate::domain::migration::{MigrateAllOutcome, MigrationResult};
use crate::domain::notice::Notice;
use crate::domain::service_accounts::account_holding_key;
use crate::pages::call::{Call, Later};
use crate::pages::migrated_scan::scan_accounts;
use crate::pages::{ConfirmTexts, confirmation, on_demand};

#[derive(Clone, Copy)]
pub(super) struct Migration {
    confirming_all: RwSignal<Option<()>>,
    /// Every key of the org was migrated from this page.
    migrated_all: RwSignal<bool>,
    summary: RwSignal<Option<MigrationResult>>,
    confirming_hide: RwSignal<Option<()>>,
    /// The requests, made on first use by `migration_calls` (in a chunk of its own).
    calls: Later<MigrationCalls>,
    /// What the requests are made with, kept until then.
    parts: StoredValue<CallParts, LocalStorage>,
    /// The key being migrated, while that runs.
    migrating: RwSignal<Option<i64>>,
    /// Keys migrated one by one since the list was loaded: they leave the table at once, and a
    /// click that arrives after the answer cannot migrate them again.
    migrated_keys: RwSignal<Vec<i64>>,
    /// Where each key migrated from its row went, once found.
    destinations: RwSignal<Vec<KeyDestination>>,
    /// The page was hidden forever from here (9.1 to 9.4).
    hid: RwSignal<bool>,
}

#[derive(Clone, Copy)]
struct MigrationCalls {
    migrate_all: Call<()>,
    migrate_key: Call<ApiKey>,
    hide: Call<()>,
}

struct CallParts {
    grafana: Grafana,
    notifications: Notifications,
    on_changed: Callback<()>,
    key_lists: Memo<KeyLists>,
}

impl Migration {
    /// `on_changed` runs after a migration, whether it worked or not: keys may have left the
    /// list either way. Once hidden, the page says so (it stays where it is).
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_changed: Callback<()>,
        // The keys as listed before a migration: failures are counted against them.
        key_lists: Memo<KeyLists>,
    ) -> Self {
        Migration {
            confirming_all: RwSignal::new(None),
            migrated_all: RwSignal::new(false),
            summary: RwSignal::new(None),
            confirming_hide: RwSignal::new(None),
            calls: Later::new(),
            parts: StoredValue::new_local(CallParts {
                grafana,
                notifications,
                on_changed,
                key_lists,
            }),
            migrating: RwSignal::new(None),
            migrated_keys: RwSignal::new(Vec::new()),
            destinations: RwSignal::new(Vec::new()),
            hid: RwSignal::new(false),
        }
    }

    /// Whether the page was hidden forever from here (a tracked read).
    pub(super) fn hid(self) -> bool {
        self.hid.get()
    }

    /// Whether every key was migrated from this page (a tracked read).
    pub(super) fn migrated_all(self) -> bool {
        self.migrated_all.get()
    }

    /// Where the keys migrated from their rows went: each links to the account holding it.
    pub(super) fn destinations(self) -> impl IntoView {
        let destinations = self.destinations;
        move || {
            let all = destinations.get();
            (!all.is_empty()).then(|| {
                view! {
                    <MigratedKeysNotice
                        destinations=all
                        on_dismiss=Callback::new(move |()| destinations.set(Vec::new()))
                    />
                }
            })
        }
    }

    /// Where the keys went, as list items for the migrated card (a tracked read).
    pub(super) fn destination_list(self) -> impl IntoView {
        let destinations = self.destinations;
        move || {
            let all = destinations.get();
            (!all.is_empty()).then(
                || view! { <ul class="alert__body migrated-keys">{destination_items(all)}</ul> },
            )
        }
    }

    /// What the banner's button does: ask first.
    pub(super) fn ask_all(self) -> Callback<()> {
        Callback::new(move |()| self.confirming_all.set(Some(())))
    }

    /// What the migrated card's button does: ask first.
    pub(super) fn ask_hide(self) -> Callback<()> {
        Callback::new(move |()| self.confirming_hide.set(Some(())))
    }

    /// What a row's "Migrate to service account" does: one at a time, so a double click
    /// migrates once.
    pub(super) fn migrate_one(self) -> Callback<ApiKey> {
        Callback::new(move |key: ApiKey| {
            let done = self
                .migrated_keys
                .with_untracked(|ids| ids.contains(&key.id));
            if done || self.migrating.get_untracked().is_some() {
                return;
            }
            // Said at once; the request follows once its code is there.
            self.migrating.set(Some(key.id));
            leptos::task::spawn_local(async move {
                migration_calls(self).await.migrate_key.dispatch(key);
            });
        })
    }

    /// Whether a key was migrated from its row (a tracked read).
    pub(super) fn was_migrated(self, id: i64) -> bool {
        self.migrated_keys.with(|ids| ids.contains(&id))
    }

    /// The key being migrated right now (a tracked read).
    pub(super) fn migrating(self) -> Option<i64> {
        self.migrating.get()
    }

    /// The confirmations and the summary, while they are open.
    pub(super) fn dialogs(self) -> impl IntoView {
        let open = Memo::new(move |_| {
            self.confirming_all.with(Option::is_some)
                || self.summary.with(Option::is_some)
                || self.confirming_hide.with(Option::is_some)
        });
        move || open.get().then(|| on_demand(migration_dialogs(self)))
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn migration_dialogs(migration: Migration) -> AnyView {
    let Migration {
        confirming_all,
        summary,
        confirming_hide,
        ..
    } = migration;
    let MigrationCalls {
        migrate_all, hide, ..
    } = migration_calls(migration).await;
    let migrate_all_texts = ConfirmTexts {
        title: "Migrate API keys to service accounts",
        confirm: "Yes, migrate now",
        busy: "Migrating...",
        destructive: false,
    };
    let hide_texts = ConfirmTexts {
        title: "Hide API Keys page forever",
        confirm: "Yes, hide API keys page.",
        busy: "Hiding...",
        destructive: false,
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
    view! {
        {confirmation(
            confirming_all,
            migrate_all,
            migrate_all_texts,
            |_| migrate_all_question().into_any(),
        )}
        {summary_dialog}
        {confirmation(
            confirming_hide,
            hide,
            hide_texts,
            |_| {
                view! {
                    <p>
                        "Are you sure you want to hide API keys page forever and use service accounts from now on?"
                    </p>
                }
                    .into_any()
            },
        )}
    }
    .into_any()
}

/// The migration's requests: made once, on the first click that needs them, in the page's
/// owner; their code (and the search for where keys went) is in this function's chunk.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn migration_calls(migration: Migration) -> MigrationCalls {
    migration.calls.get_or_make(|| make_calls(migration))
}

fn make_calls(migration: Migration) -> MigrationCalls {
    let Migration {
        confirming_all,
        migrated_all,
        summary,
        confirming_hide,
        migrating,
        migrated_keys,
        destinations,
        hid,
        ..
    } = migration;
    let (grafana, notifications, on_changed, key_lists) = migration.parts.with_value(|parts| {
        (
            parts.grafana.clone(),
            parts.notifications,
            parts.on_changed,
            parts.key_lists,
        )
    });

    let client = grafana.clone();
    let locate = Call::new(
        move |(keys, search): &(Vec<ApiKey>, String)| {
            let (grafana, keys, search) = (client.clone(), keys.clone(), search.clone());
            async move {
                let ids = keys.iter().map(|key| key.id).collect::<Vec<_>>();
                (ids, find_accounts_holding(&grafana, &keys, &search).await)
            }
        },
        move |(ids, result)| {
            destinations.update(|all| {
                for destination in all.iter_mut().filter(|d| ids.contains(&d.key_id)) {
                    destination.account = Some(match &result {
                        Ok(found) => Ok(found
                            .iter()
                            .find(|(key_id, _)| *key_id == destination.key_id)
                            .and_then(|(_, account)| account.clone())),
                        Err(error) => Err(error.to_string()),
                    });
                }
            })
        },
    );
    // Follows `keys` to their accounts: `search` narrows where to look ("" for everywhere).
    let follow = move |keys: Vec<ApiKey>, search: String| {
        destinations.update(|all| {
            all.extend(keys.iter().map(|key| KeyDestination {
                key_id: key.id,
                key_name: key.name.clone(),
                account: None,
            }))
        });
        locate.dispatch((keys, search));
    };

    let client = grafana.clone();
    let migrate_all = Call::new(
        move |_: &()| {
            let grafana = client.clone();
            async move { grafana.migrate_all_keys().await }
        },
        move |result| {
            confirming_all.set(None);
            // The page's card says what happened; Grafana's summary (10.1 on) counts it,
            // in a dialog that goes once read. Before 10.1 the card alone says it.
            match result {
                Ok(MigrateAllOutcome::Summary(result)) => {
                    // Keys whose migration failed stayed keys: the table stays for them.
                    let failed = key_lists
                        .get_untracked()
                        .rows()
                        .iter()
                        .any(|key| result.failed_apikey_ids.contains(&key.id));
                    migrated_all.set(!failed);
                    summary.set(Some(result));
                }
                Ok(MigrateAllOutcome::Message(_)) => migrated_all.set(true),
                Err(error) => notifications.show(Notice::from(&error)),
            }
            // Where each key went, listed in the page's one card.
            if migrated_all.get_untracked() {
                destinations.set(Vec::new());
                follow(key_lists.get_untracked().rows(), String::new());
            }
            on_changed.run(());
        },
    );

    let client = grafana.clone();
    let migrate_key = Call::new(
        move |key: &ApiKey| {
            migrating.set(Some(key.id));
            let (grafana, key) = (client.clone(), key.clone());
            async move {
                let answer = grafana.migrate_key(key.id).await;
                (key, answer)
            }
        },
        move |(key, result)| {
            migrating.set(None);
            match result {
                Ok(_) => {
                    // The row leaves: its button had the focus, the next row's gets it.
                    let focus_after = super::focus_after_row(key.id);
                    migrated_keys.update(|ids| ids.push(key.id));
                    notifications.show(Notice::success(format!(
                        "Migrated {} to a service account",
                        key.name
                    )));
                    focus_after();
                    let name = key.name.clone();
                    follow(vec![key], name);
                }
                Err(error) => notifications.show(Notice::from(&error)),
            }
            on_changed.run(());
        },
    );

    let hide = Call::new(
        move |_: &()| {
            let grafana = grafana.clone();
            async move { grafana.hide_api_keys().await }
        },
        move |result| {
            confirming_hide.set(None);
            match result {
                // The page now shows the hidden state, as Grafana's menu reports it.
                Ok(_) => {
                    hid.set(true);
                    super::refocus(&["#keys-hidden-title ~ a"]);
                }
                Err(error) => notifications.show(Notice::from(&error)),
            }
        },
    );

    MigrationCalls {
        migrate_all,
        migrate_key,
        hide,
    }
}

/// Each key's account since its migration: (key id, the account's id and name, if found).
type Found = Vec<(i64, Option<(i64, String)>)>;

/// The accounts that hold `keys` since their migration. The evidence is a token with the key's
/// id, which migration keeps; `search` (a key's name, since its account is `sa-autogen-<key
/// name>`) only narrows where to look, it proves nothing by itself.
async fn find_accounts_holding(
    grafana: &Grafana,
    keys: &[ApiKey],
    search: &str,
) -> Result<Found, ApiError> {
    let scan = scan_accounts(grafana, search, |_| {}).await?;
    Ok(keys
        .iter()
        .map(|key| {
            let account = account_holding_key(key.id, &scan.tokens).and_then(|id| {
                scan.accounts
                    .iter()
                    .find(|account| account.id == id)
                    .map(|account| (account.id, account.name.clone()))
            });
            (key.id, account)
        })
        .collect())
}
