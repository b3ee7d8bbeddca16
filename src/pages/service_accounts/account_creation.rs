//! "Add service account": the dialog, the request, then the new account's page.

use leptos::prelude::*;

use crate::api::Grafana;
use crate::components::Notifications;
use crate::components::service_accounts::{AccountDraft, AddAccountDialog};
use crate::domain::notice::Notice;
use crate::domain::service_accounts::{NewServiceAccount, ServiceAccount};
use crate::pages::call::Call;

#[derive(Clone, Copy)]
pub(super) struct AccountCreation {
    open: RwSignal<bool>,
    draft: AccountDraft,
    create: Call<NewServiceAccount>,
    error: RwSignal<Option<String>>,
}

impl AccountCreation {
    /// `on_created` runs with the account once it exists.
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_created: Callback<ServiceAccount>,
    ) -> Self {
        let (open, draft, error) = (
            RwSignal::new(false),
            AccountDraft::new(),
            RwSignal::new(None),
        );
        let create = Call::new(
            move |new_account: &NewServiceAccount| {
                let (grafana, new_account) = (grafana.clone(), new_account.clone());
                async move { grafana.create_service_account(&new_account).await }
            },
            move |result| match result {
                Ok(account) => {
                    open.set(false);
                    draft.clear();
                    error.set(None);
                    notifications.show(Notice::success(format!(
                        "Service account {} created",
                        account.name
                    )));
                    on_created.run(account);
                }
                Err(failure) => {
                    if !open.get_untracked() {
                        notifications.show(Notice::from(&failure));
                    }
                    error.set(Some(failure.to_string()));
                }
            },
        );
        let creation = AccountCreation {
            open,
            draft,
            create,
            error,
        };
        Effect::new(move |_| {
            draft.name.track();
            draft.role.track();
            if error.with_untracked(Option::is_some) {
                error.set(None);
            }
        });
        creation
    }

    pub(super) fn open(self) -> Callback<()> {
        Callback::new(move |()| self.open.set(true))
    }

    pub(super) fn dialog(self) -> impl IntoView {
        let AccountCreation {
            open,
            draft,
            create,
            error,
        } = self;
        move || {
            open.get().then(|| {
                view! {
                    <AddAccountDialog
                        draft
                        pending=create.pending()
                        server_error=error
                        on_submit=Callback::new(move |new_account| {
                            if !create.pending().get_untracked() {
                                create.dispatch(new_account);
                            }
                        })
                        on_close=Callback::new(move |()| open.set(false))
                    />
                }
            })
        }
    }
}
