//! Changing an account (its role; enabled or disabled) and deleting it, from the list or from
//! its page.

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::components::{ConfirmDialog, Notifications};
use crate::domain::keys::Role;
use crate::domain::notice::Notice;
use crate::domain::service_accounts::{
    AccountChange, ServiceAccount, delete_account_question, disable_account_question,
};
use crate::pages::call::Call;
use crate::pages::{ConfirmTexts, confirmation};

#[derive(Clone, Copy)]
pub(super) struct AccountActions {
    change: Call<(i64, AccountChange)>,
    /// The account being changed, while a change runs.
    changing: RwSignal<Option<i64>>,
    /// The account whose disabling waits for a yes (enabling needs none, as in Grafana).
    confirming_disable: RwSignal<Option<ServiceAccount>>,
    /// Whether the question names the account (the list) or says "this service account" (its
    /// page), as Grafana's two pages do.
    names_account: bool,
    confirming_delete: RwSignal<Option<ServiceAccount>>,
    delete: Call<ServiceAccount>,
}

impl AccountActions {
    /// `on_changed` runs when the account is no longer what the page shows (after any answer
    /// to a change, so a refused role goes back to the server's); `on_deleted` once it is gone.
    /// `names_account`: the disable question names the account (the list) or not (its page).
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_changed: Callback<()>,
        on_deleted: Callback<i64>,
        names_account: bool,
    ) -> Self {
        let confirming_disable = RwSignal::new(None::<ServiceAccount>);
        let changing = RwSignal::new(None);
        let client = grafana.clone();
        let change = Call::new(
            move |(id, change): &(i64, AccountChange)| {
                changing.set(Some(*id));
                let (grafana, id, change) = (client.clone(), *id, change.clone());
                async move { grafana.update_service_account(id, &change).await }
            },
            move |result| {
                changing.set(None);
                confirming_disable.set(None);
                match result {
                    Ok(message) => notifications.show(Notice::success(message)),
                    Err(error) => notifications.show(Notice::from(&error)),
                }
                on_changed.run(());
            },
        );

        let confirming_delete = RwSignal::new(None::<ServiceAccount>);
        let delete = Call::new(
            move |account: &ServiceAccount| {
                let (grafana, id) = (grafana.clone(), account.id);
                async move { (id, grafana.delete_service_account(id).await) }
            },
            move |(id, result)| {
                confirming_delete.set(None);
                match result {
                    Ok(message) => {
                        notifications.show(Notice::success(message));
                        on_deleted.run(id);
                    }
                    Err(ApiError::NotFound(message)) => {
                        notifications.show(Notice::deleted_elsewhere(message, "It"));
                        on_deleted.run(id);
                    }
                    Err(error) => notifications.show(Notice::from(&error)),
                }
            },
        );
        AccountActions {
            change,
            changing,
            confirming_disable,
            names_account,
            confirming_delete,
            delete,
        }
    }

    fn send(self, id: i64, change: AccountChange) {
        if !self.change.pending().get_untracked() {
            self.change.dispatch((id, change));
        }
    }

    /// What "Disable" / "Enable" does: disabling asks first, as Grafana does; enabling does not.
    pub(super) fn toggle_disabled(self) -> Callback<ServiceAccount> {
        Callback::new(move |account: ServiceAccount| {
            if account.is_disabled {
                self.send(account.id, AccountChange::Disabled(false));
            } else {
                self.confirming_disable.set(Some(account));
            }
        })
    }

    /// What the role select does for account `id`.
    pub(super) fn change_role(self, id: i64) -> Callback<Role> {
        Callback::new(move |role| self.send(id, AccountChange::Role(role)))
    }

    /// What the name's Save does for account `id`: Grafana's profile edit (`PATCH {name}`).
    pub(super) fn rename(self, id: i64) -> Callback<String> {
        Callback::new(move |name| self.send(id, AccountChange::Name(name)))
    }

    /// Whether a change runs (a tracked read).
    pub(super) fn pending(self) -> Signal<bool> {
        self.change.pending()
    }

    /// The account being changed right now (a tracked read).
    pub(super) fn busy(self) -> Option<i64> {
        self.changing.get()
    }

    /// What a Delete button does: ask first.
    pub(super) fn ask_delete(self) -> Callback<ServiceAccount> {
        Callback::new(move |account| self.confirming_delete.set(Some(account)))
    }

    /// Both confirmations: disabling and deleting.
    pub(super) fn dialog(self) -> impl IntoView {
        view! {
            {self.disable_dialog()}
            {self.delete_dialog()}
        }
    }

    /// Grafana's ConfirmModal: "Disable service account", its question, and a confirm button
    /// that says what it does. It closes once the server has answered.
    fn disable_dialog(self) -> impl IntoView {
        let AccountActions {
            change,
            confirming_disable,
            names_account,
            ..
        } = self;
        move || {
            confirming_disable.get().map(|account| {
                let question =
                    disable_account_question(names_account.then_some(account.name.as_str()));
                view! {
                    <ConfirmDialog
                        title="Disable service account"
                        confirm_label="Disable service account"
                        busy_label="Disabling..."
                        busy=change.pending()
                        destructive=true
                        on_confirm=Callback::new(move |()| {
                            self.send(account.id, AccountChange::Disabled(true))
                        })
                        on_cancel=Callback::new(move |()| confirming_disable.set(None))
                    >
                        <p class="break-anywhere">{question}</p>
                    </ConfirmDialog>
                }
            })
        }
    }

    fn delete_dialog(self) -> impl IntoView {
        let texts = ConfirmTexts {
            title: "Delete service account",
            confirm: "Delete",
            busy: "Deleting...",
            destructive: true,
        };
        confirmation(
            self.confirming_delete,
            self.delete,
            texts,
            |account: &ServiceAccount| {
                view! {
                    <p class="break-anywhere">
                        {delete_account_question(&account.name, account.tokens)}
                    </p>
                }
                .into_any()
            },
        )
    }
}
