//! Deleting a token: confirm, delete, tell, reload.

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::components::Notifications;
use crate::domain::notice::Notice;
use crate::domain::service_accounts::Token;
use crate::pages::call::Call;
use crate::pages::{ConfirmTexts, confirmation};

#[derive(Clone, Copy)]
pub(super) struct TokenDeletion {
    confirming: RwSignal<Option<(i64, Token)>>,
    delete: Call<(i64, Token)>,
}

impl TokenDeletion {
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_changed: Callback<()>,
    ) -> Self {
        let confirming = RwSignal::new(None::<(i64, Token)>);
        let delete = Call::new(
            move |(account_id, token): &(i64, Token)| {
                let (grafana, account_id, token_id) = (grafana.clone(), *account_id, token.id);
                async move { grafana.delete_token(account_id, token_id).await }
            },
            move |result| {
                confirming.set(None);
                match result {
                    Ok(message) => notifications.show(Notice::success(message)),
                    Err(ApiError::NotFound(message)) => {
                        notifications.show(Notice::deleted_elsewhere(message, "The token"))
                    }
                    Err(error) => notifications.show(Notice::from(&error)),
                }
                on_changed.run(());
            },
        );
        TokenDeletion { confirming, delete }
    }

    /// What a row's Delete does for account `account_id`: ask first.
    pub(super) fn ask(self, account_id: Memo<Option<i64>>) -> Callback<Token> {
        Callback::new(move |token| {
            if let Some(id) = account_id.get_untracked() {
                self.confirming.set(Some((id, token)));
            }
        })
    }

    pub(super) fn dialog(self) -> impl IntoView {
        let texts = ConfirmTexts {
            title: "Delete service account token",
            confirm: "Delete",
            busy: "Deleting...",
            destructive: true,
        };
        confirmation(
            self.confirming,
            self.delete,
            texts,
            |(_, token): &(i64, Token)| {
                view! {
                    <p>
                        "Delete the token "
                        <strong class="break-anywhere">{token.name.clone()}</strong>
                        "? Applications using it will stop working. This cannot be undone."
                    </p>
                }
                .into_any()
            },
        )
    }
}
