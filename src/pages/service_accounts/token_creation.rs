//! "Add service account token": the dialog, the request, then the dialog holding the secret
//! until it is closed. The request belongs to the page: closing the form while it runs does
//! not lose the answer, so no token is made whose secret nobody saw.

use leptos::prelude::*;

use crate::api::Grafana;
use crate::components::Notifications;
use crate::components::service_accounts::{AddTokenDialog, TokenCreatedDialog, TokenDraft};
use crate::domain::notice::Notice;
use chrono::DateTime;

use crate::browser;
use crate::domain::rotation::{CarriedLifetime, rotated_name, token_lifetime};
use crate::domain::service_accounts::{CreatedToken, ExpirationChoice, NewToken, Token};
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
    /// The token the form replaces, when it was opened by "Rotate".
    replacing: RwSignal<Option<Token>>,
    /// The last rotation: the old token, which keeps working until deleted, and the new
    /// token's name.
    rotated: RwSignal<Option<(Token, String)>>,
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
        let (replacing, rotated) = (RwSignal::new(None::<Token>), RwSignal::new(None));
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
                    if let Some(old) = replacing.try_update(Option::take).flatten() {
                        rotated.set(Some((old, token.name.clone())));
                    }
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
            replacing,
            rotated,
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
            if self.replacing.try_update(Option::take).flatten().is_some() {
                self.draft.clear();
            }
            if self.account_id.get_untracked() != Some(id) {
                if self.account_id.get_untracked().is_some() {
                    self.draft.clear();
                }
                self.account_id.set(Some(id));
            }
            self.open.set(true)
        })
    }

    /// What a token row's "Rotate" does for account `id`: the form, filled in to replace
    /// `old`: its name with today's date (not one of `taken`), its original lifetime, or no
    /// expiration where it had none. Both can be changed before confirming.
    pub(super) fn rotate(self, id: i64, old: Token, taken: Vec<String>) {
        let now = browser::now_millis();
        let today = DateTime::from_timestamp_millis(
            now + i64::from(browser::local_offset_minutes(now)) * 60_000,
        )
        .map(|at| at.date_naive())
        .unwrap_or_default();
        let draft = self.draft;
        draft.clear();
        draft.name.set(rotated_name(
            &old.name,
            today,
            taken.iter().map(String::as_str),
        ));
        if let CarriedLifetime::Ttl(ttl) = token_lifetime(&old) {
            draft.choice.set(ExpirationChoice::TimeToLive);
            draft.ttl.set(ttl);
        }
        self.account_id.set(Some(id));
        self.replacing.set(Some(old));
        self.open.set(true);
    }

    /// The last rotation (the old token and the new one's name), until it is dismissed (a
    /// tracked read).
    pub(super) fn rotated(self) -> RwSignal<Option<(Token, String)>> {
        self.rotated
    }

    /// Whether the new token's secret is on screen (a tracked read).
    pub(super) fn showing_secret(self) -> bool {
        self.created.with(Option::is_some)
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
            replacing,
            ..
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
                        on_close=Callback::new(move |()| {
                            open.set(false);
                            if !create.pending().get_untracked() {
                                replacing.set(None);
                            }
                        })
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
