//! "Add service account": the dialog, the request, then the new account's page.

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::components::Notifications;
use crate::components::service_accounts::{AccountDraft, AddAccountDialog};
use crate::domain::notice::Notice;
use crate::domain::service_accounts::{
    NewServiceAccount, ServiceAccount, duplicate_account_text, is_duplicate_account,
};
use crate::pages::call::Call;

#[derive(Clone, Copy)]
pub(super) struct AccountCreation {
    open: RwSignal<bool>,
    draft: AccountDraft,
    create: Call<NewServiceAccount>,
    error: RwSignal<Option<String>>,
    /// The name is taken: said at the name field, which is marked and focused.
    name_taken: RwSignal<Option<String>>,
}

impl AccountCreation {
    /// `on_created` runs with the account once it exists.
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_created: Callback<ServiceAccount>,
    ) -> Self {
        let (open, draft, error, name_taken) = (
            RwSignal::new(false),
            AccountDraft::new(),
            RwSignal::new(None),
            RwSignal::new(None),
        );
        let create = Call::new(
            move |new_account: &NewServiceAccount| {
                let (grafana, new_account) = (grafana.clone(), new_account.clone());
                async move {
                    let name = new_account.name.clone();
                    (name, grafana.create_service_account(&new_account).await)
                }
            },
            move |(name, result): (String, Result<ServiceAccount, ApiError>)| match result {
                Ok(account) => {
                    open.set(false);
                    draft.clear();
                    error.set(None);
                    name_taken.set(None);
                    notifications.show(Notice::success(format!(
                        "Service account {} created",
                        account.name
                    )));
                    on_created.run(account);
                }
                Err(failure) => {
                    let taken = match &failure {
                        ApiError::Http { status, message }
                            if is_duplicate_account(Some(*status), message) =>
                        {
                            Some(duplicate_account_text(message, &name))
                        }
                        ApiError::Conflict(message) if is_duplicate_account(None, message) => {
                            Some(duplicate_account_text(message, &name))
                        }
                        _ => None,
                    };
                    if !open.get_untracked() {
                        notifications.show(Notice::from(&failure));
                    }
                    match taken {
                        Some(text) => {
                            error.set(None);
                            name_taken.set(Some(text));
                        }
                        None => error.set(Some(failure.to_string())),
                    }
                }
            },
        );
        let creation = AccountCreation {
            open,
            draft,
            create,
            error,
            name_taken,
        };
        Effect::new(move |_| {
            draft.name.track();
            draft.role.track();
            if error.with_untracked(Option::is_some) {
                error.set(None);
            }
        });
        // Another name answers the "taken" (the role does not).
        Effect::new(move |_| {
            draft.name.track();
            if name_taken.with_untracked(Option::is_some) {
                name_taken.set(None);
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
            name_taken,
        } = self;
        move || {
            open.get().then(|| {
                view! {
                    <AddAccountDialog
                        draft
                        pending=create.pending()
                        server_error=error
                        name_taken
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
