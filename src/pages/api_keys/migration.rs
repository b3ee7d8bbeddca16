//! Migrating to service accounts: every key at once (confirm, migrate, summarise), one key
//! from its row, and hiding the page for good once migrated (9.1 to 9.4).

use leptos::prelude::*;

use super::on_each_result;
use crate::api::{self, ApiError, ApiKey, Message, MigrateAllAnswer, MigrationResult};
use crate::browser;
use crate::components::{
    ConfirmDialog, MigrationSummaryDialog, Notifications, migrate_all_question,
};
use crate::domain::notice::Notice;

#[derive(Clone, Copy)]
pub(super) struct Migration {
    confirming_all: RwSignal<bool>,
    summary: RwSignal<Option<MigrationResult>>,
    confirming_hide: RwSignal<bool>,
    migrate_all: Action<(), Result<MigrateAllAnswer, ApiError>>,
    migrate_key: Action<ApiKey, (i64, Result<Message, ApiError>)>,
    /// Keys migrated one by one since the list was loaded: they leave the table at once, and a
    /// click that arrives after the answer cannot migrate them again.
    migrated_keys: RwSignal<Vec<i64>>,
    hide: Action<(), Result<Message, ApiError>>,
}

impl Migration {
    /// `on_changed` runs after a migration, whether it worked or not: keys may have left the
    /// list either way. A hidden page goes on to `service_accounts_url`.
    pub(super) fn new(
        notifications: Notifications,
        on_changed: Callback<()>,
        service_accounts_url: String,
    ) -> Self {
        let confirming_all = RwSignal::new(false);
        let summary = RwSignal::new(None::<MigrationResult>);
        let confirming_hide = RwSignal::new(false);

        let migrate_all = Action::new_unsync(|_: &()| api::migrate_all_keys());
        on_each_result(migrate_all, move |result| {
            confirming_all.set(false);
            match result {
                Ok(MigrateAllAnswer::Result(result)) => summary.set(Some(result)),
                Ok(MigrateAllAnswer::Message(answer)) => {
                    notifications.show(Notice::success(answer.message))
                }
                Err(error) => notifications.show_failure(&error),
            }
            on_changed.run(());
        });

        let migrated_keys = RwSignal::new(Vec::new());
        let migrate_key = Action::new_unsync(|key: &ApiKey| {
            let id = key.id;
            async move { (id, api::migrate_key(id).await) }
        });
        on_each_result(migrate_key, move |(id, result)| {
            match result {
                Ok(answer) => {
                    migrated_keys.update(|ids| ids.push(id));
                    notifications.show(Notice::success(answer.message));
                }
                Err(error) => notifications.show_failure(&error),
            }
            on_changed.run(());
        });

        let hide = Action::new_unsync(|_: &()| api::hide_api_keys());
        on_each_result(hide, move |result| match result {
            Ok(_) => browser::go_to(&service_accounts_url),
            Err(error) => {
                confirming_hide.set(false);
                notifications.show_failure(&error);
            }
        });

        Migration {
            confirming_all,
            summary,
            confirming_hide,
            migrate_all,
            migrate_key,
            migrated_keys,
            hide,
        }
    }

    /// What the banner's button does: ask first.
    pub(super) fn ask_all(self) -> Callback<()> {
        Callback::new(move |()| self.confirming_all.set(true))
    }

    /// What the migrated card's button does: ask first.
    pub(super) fn ask_hide(self) -> Callback<()> {
        Callback::new(move |()| self.confirming_hide.set(true))
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
        let migrate_key = self.migrate_key;
        migrate_key
            .pending()
            .get()
            .then(|| migrate_key.input().get().map(|key| key.id))
            .flatten()
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
        let confirm_all = move || {
            confirming_all.get().then(|| {
                view! {
                    <ConfirmDialog
                        title="Migrate API keys to service accounts"
                        confirm_label="Yes, migrate now"
                        busy_label="Migrating..."
                        busy=migrate_all.pending()
                        on_confirm=Callback::new(move |()| {
                            migrate_all.dispatch(());
                        })
                        on_cancel=Callback::new(move |()| confirming_all.set(false))
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
        let confirm_hide = move || {
            confirming_hide.get().then(|| {
                view! {
                    <ConfirmDialog
                        title="Hide API Keys page forever"
                        confirm_label="Yes, hide API keys page."
                        busy_label="Hiding..."
                        busy=hide.pending()
                        on_confirm=Callback::new(move |()| {
                            hide.dispatch(());
                        })
                        on_cancel=Callback::new(move |()| confirming_hide.set(false))
                    >
                        <p>
                            "Are you sure you want to hide API keys page forever and use service accounts from now on?"
                        </p>
                    </ConfirmDialog>
                }
            })
        };
        view! {
            {confirm_all}
            {summary_dialog}
            {confirm_hide}
        }
    }
}
