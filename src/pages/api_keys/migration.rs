//! Migrating to service accounts: every key at once (confirm, migrate, summarise), one key
//! from its row, and hiding the page for good once migrated (9.1 to 9.4).

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::browser;
use crate::components::{
    KeyDestination, MigratedKeysNotice, MigrationSummaryDialog, Notifications, migrate_all_question,
};
use crate::domain::keys::{ApiKey, KeyLists};
use crate::domain::migration::{MigrateAllOutcome, MigrationResult};
use crate::domain::notice::Notice;
use crate::domain::service_accounts::account_holding_key;
use crate::pages::call::Call;
use crate::pages::migrated_scan::scan_accounts;
use crate::pages::{ConfirmTexts, confirmation};

#[derive(Clone, Copy)]
pub(super) struct Migration {
    confirming_all: RwSignal<Option<()>>,
    /// Every key of the org was migrated from this page.
    migrated_all: RwSignal<bool>,
    summary: RwSignal<Option<MigrationResult>>,
    confirming_hide: RwSignal<Option<()>>,
    migrate_all: Call<()>,
    migrate_key: Call<ApiKey>,
    /// The key being migrated, while that runs.
    migrating: RwSignal<Option<i64>>,
    /// Keys migrated one by one since the list was loaded: they leave the table at once, and a
    /// click that arrives after the answer cannot migrate them again.
    migrated_keys: RwSignal<Vec<i64>>,
    /// Where each key migrated from its row went, once found.
    destinations: RwSignal<Vec<KeyDestination>>,
    hide: Call<()>,
}

impl Migration {
    /// `on_changed` runs after a migration, whether it worked or not: keys may have left the
    /// list either way. A hidden page goes on to `service_accounts_url`.
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_changed: Callback<()>,
        service_accounts_url: String,
        // The keys as listed before a migration: where each went is looked up afterwards.
        key_lists: Memo<KeyLists>,
    ) -> Self {
        let confirming_all = RwSignal::new(None);
        let migrated_all = RwSignal::new(false);
        let summary = RwSignal::new(None::<MigrationResult>);
        let confirming_hide = RwSignal::new(None);

        let migrated_keys = RwSignal::new(Vec::new());
        let destinations = RwSignal::new(Vec::<KeyDestination>::new());
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
                if let Ok(outcome) = &result {
                    migrated_all.set(true);
                    // Keys whose migration failed stayed keys.
                    let failed = match outcome {
                        MigrateAllOutcome::Summary(summary) => summary.failed_apikey_ids.clone(),
                        MigrateAllOutcome::Message(_) => Vec::new(),
                    };
                    let mut keys = key_lists.get_untracked().all;
                    keys.retain(|key| !failed.contains(&key.id));
                    follow(keys, String::new());
                }
                match result {
                    Ok(MigrateAllOutcome::Summary(result)) => summary.set(Some(result)),
                    Ok(MigrateAllOutcome::Message(message)) => {
                        notifications.show(Notice::success(message))
                    }
                    Err(error) => notifications.show(Notice::from(&error)),
                }
                on_changed.run(());
            },
        );

        let migrating = RwSignal::new(None);
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
                    Ok(message) => {
                        migrated_keys.update(|ids| ids.push(key.id));
                        notifications.show(Notice::success(message));
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
            move |result| match result {
                Ok(_) => browser::go_to(&service_accounts_url),
                Err(error) => {
                    confirming_hide.set(None);
                    notifications.show(Notice::from(&error));
                }
            },
        );

        Migration {
            confirming_all,
            migrated_all,
            summary,
            confirming_hide,
            migrate_all,
            migrate_key,
            migrating,
            migrated_keys,
            destinations,
            hide,
        }
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
        let Migration {
            migrate_key,
            migrated_keys,
            ..
        } = self;
        Callback::new(move |key: ApiKey| {
            let done = migrated_keys.with_untracked(|ids| ids.contains(&key.id));
            if !done && !migrate_key.pending().get_untracked() {
                migrate_key.dispatch(key);
            }
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
        let Migration {
            confirming_all,
            summary,
            confirming_hide,
            migrate_all,
            hide,
            ..
        } = self;
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
