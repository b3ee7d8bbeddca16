//! Deleting a key: confirm, delete, tell, reload.

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::components::Notifications;
use crate::domain::keys::ApiKey;
use crate::domain::notice::Notice;
use crate::pages::call::Call;
use crate::pages::{ConfirmTexts, confirmation, on_demand};

#[derive(Clone, Copy)]
pub(super) struct KeyDeletion {
    /// The key whose deletion awaits confirmation.
    confirming: RwSignal<Option<ApiKey>>,
    delete: Call<ApiKey>,
}

impl KeyDeletion {
    /// `on_changed` runs when the list is no longer what the page shows.
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_changed: Callback<()>,
    ) -> Self {
        let confirming = RwSignal::new(None::<ApiKey>);
        let delete = Call::new(
            move |key: &ApiKey| {
                let (grafana, id) = (grafana.clone(), key.id);
                async move { grafana.delete_key(id).await }
            },
            move |result| {
                confirming.set(None);
                match result {
                    Ok(message) => {
                        notifications.show(Notice::success(message));
                        on_changed.run(());
                    }
                    Err(ApiError::NotFound(message)) => {
                        notifications.show(Notice::deleted_elsewhere(message, "The key"));
                        on_changed.run(());
                    }
                    Err(error) => notifications.show(Notice::from(&error)),
                }
            },
        );
        KeyDeletion { confirming, delete }
    }

    /// What a row's Delete button does: ask first.
    pub(super) fn ask(self) -> Callback<ApiKey> {
        Callback::new(move |key| self.confirming.set(Some(key)))
    }

    /// The confirmation, while one is asked for.
    pub(super) fn dialog(self) -> impl IntoView {
        move || {
            self.confirming
                .with(Option::is_some)
                .then(|| on_demand(delete_dialog(self)))
        }
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn delete_dialog(deletion: KeyDeletion) -> AnyView {
    let texts = ConfirmTexts {
        title: "Delete API key",
        confirm: "Delete",
        busy: "Deleting...",
        destructive: true,
    };
    confirmation(
        deletion.confirming,
        deletion.delete,
        texts,
        |key: &ApiKey| {
            view! {
                <p>
                    "Delete the API key "
                    <strong class="break-anywhere">{key.name.clone()}</strong>
                    "? Applications using it will stop working. This cannot be undone."
                </p>
            }
            .into_any()
        },
    )
    .into_any()
}
