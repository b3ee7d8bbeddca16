//! Deleting a key: confirm, delete, tell, reload.

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::components::Notifications;
use crate::domain::keys::ApiKey;
use crate::domain::notice::Notice;
use crate::pages::call::{Call, Later};
use crate::pages::{ConfirmTexts, confirmation, on_demand};

#[derive(Clone, Copy)]
pub(super) struct KeyDeletion {
    /// The key whose deletion awaits confirmation.
    confirming: RwSignal<Option<ApiKey>>,
    /// The request, made by the dialog (in its chunk) when first asked.
    delete: Later<Call<ApiKey>>,
    parts: StoredValue<(Grafana, Notifications, Callback<()>), LocalStorage>,
}

impl KeyDeletion {
    /// `on_changed` runs when the list is no longer what the page shows.
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_changed: Callback<()>,
    ) -> Self {
        KeyDeletion {
            confirming: RwSignal::new(None),
            delete: Later::new(),
            parts: StoredValue::new_local((grafana, notifications, on_changed)),
        }
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
    let delete = deletion.delete.get_or_make(|| delete_call(deletion));
    let texts = ConfirmTexts {
        title: "Delete API key",
        confirm: "Delete",
        busy: "Deleting...",
        destructive: true,
    };
    confirmation(deletion.confirming, delete, texts, |key: &ApiKey| {
        view! {
            <p>
                "Delete the API key "
                <strong class="break-anywhere">{key.name.clone()}</strong>
                "? Applications using it will stop working. This cannot be undone."
            </p>
        }
        .into_any()
    })
    .into_any()
}

fn delete_call(deletion: KeyDeletion) -> Call<ApiKey> {
    let confirming = deletion.confirming;
    let (grafana, notifications, on_changed) = deletion.parts.get_value();
    Call::new(
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
    )
}
