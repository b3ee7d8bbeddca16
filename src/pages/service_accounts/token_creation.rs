//! "Add service account token": the dialog, the request, then the dialog holding the secret
//! until it is closed. The request belongs to the page: closing the form while it runs does
//! not lose the answer, so no token is made whose secret nobody saw.

use leptos::prelude::*;

use crate::api::Grafana;
use crate::components::Notifications;
use crate::components::service_accounts::{AddTokenDialog, TokenCreatedDialog, TokenDraft};
use crate::domain::notice::Notice;
use crate::domain::service_accounts::{CreatedToken, NewToken};
use crate::pages::call::Call;

#[derive(Clone, Copy)]
pub(super) struct TokenCreation {
    open: RwSignal<bool>,
    /// The account the form adds a token to: the page's, or the list row's whose "Add token"
    /// was pressed.
    account_id: RwSignal<Option<i64>>,
    draft: TokenDraft,
    create: Call<(i64, NewToken)>,
    error: RwSignal<Option<String>>,
    created: RwSignal<Option<CreatedToken>>,
}

impl TokenCreation {
    /// `on_created` runs once a token exists: the list is no longer what the page shows.
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_created: Callback<()>,
    ) -> Self {
        let (open, draft, error, created) = (
            RwSignal::new(false),
            TokenDraft::new(),
            RwSignal::new(None),
            RwSignal::new(None),
        );
        let create = Call::new(
            move |(account_id, new_token): &(i64, NewToken)| {
                let (grafana, account_id, new_token) =
                    (grafana.clone(), *account_id, new_token.clone());
                async move { grafana.create_token(account_id, &new_token).await }
            },
            move |result| match result {
                Ok(token) => {
                    open.set(false);
                    draft.clear();
                    error.set(None);
                    created.set(Some(token));
                    on_created.run(());
                }
                Err(failure) => {
                    if !open.get_untracked() {
                        notifications.show(Notice::from(&failure));
                    }
                    error.set(Some(failure.to_string()));
                }
            },
        );
        let creation = TokenCreation {
            open,
            account_id: RwSignal::new(None),
            draft,
            create,
            error,
            created,
        };
        Effect::new(move |_| {
            draft.name.track();
            draft.choice.track();
            draft.ttl.track();
            draft.date.track();
            if error.with_untracked(Option::is_some) {
                error.set(None);
            }
        });
        creation
    }

    /// Opens the form for account `id`. A draft typed for another account is not carried over.
    pub(super) fn open(self) -> Callback<i64> {
        Callback::new(move |id: i64| {
            if self.account_id.get_untracked() != Some(id) {
                if self.account_id.get_untracked().is_some() {
                    self.draft.clear();
                }
                self.account_id.set(Some(id));
            }
            self.open.set(true)
        })
    }

    /// The form while open, and the created token's dialog; closing the latter drops the
    /// page's last copy of the secret.
    pub(super) fn dialogs(self, grafana_root: String) -> impl IntoView {
        let TokenCreation {
            open,
            account_id,
            draft,
            create,
            error,
            created,
        } = self;
        let form = move || {
            open.get().then(|| {
                view! {
                    <AddTokenDialog
                        draft
                        pending=create.pending()
                        server_error=error
                        on_submit=Callback::new(move |new_token| {
                            if let Some(id) = account_id.get_untracked()
                                && !create.pending().get_untracked()
                            {
                                create.dispatch((id, new_token));
                            }
                        })
                        on_close=Callback::new(move |()| open.set(false))
                    />
                }
            })
        };
        let secret = move || {
            created.get().map(|token| {
                view! {
                    <TokenCreatedDialog
                        created=token
                        grafana_root=grafana_root.clone()
                        on_close=Callback::new(move |()| created.set(None))
                    />
                }
            })
        };
        view! {
            {form}
            {secret}
        }
    }
}
