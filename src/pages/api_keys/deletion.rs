//! Deleting a key: confirm, delete, tell, reload.

use leptos::prelude::*;

use super::on_each_result;
use crate::api::{self, ApiError, ApiKey, Message};
use crate::components::{ConfirmDialog, Notifications};
use crate::domain::notice::{Notice, Severity};

#[derive(Clone, Copy)]
pub(super) struct KeyDeletion {
    /// The key whose deletion awaits confirmation.
    confirming: RwSignal<Option<ApiKey>>,
    delete: Action<i64, Result<Message, ApiError>>,
}

impl KeyDeletion {
    /// `on_changed` runs when the list is no longer what the page shows.
    pub(super) fn new(notifications: Notifications, on_changed: Callback<()>) -> Self {
        let confirming = RwSignal::new(None::<ApiKey>);
        let delete = Action::new_unsync(|id: &i64| api::delete_key(*id));
        on_each_result(delete, move |result| {
            confirming.set(None);
            match result {
                Ok(answer) => {
                    notifications.show(Notice::success(answer.message));
                    on_changed.run(());
                }
                Err(error) if error.status() == Some(404) => {
                    notifications.show(Notice {
                        severity: Severity::Warning,
                        title: error.to_string(),
                        description: Some(
                            "The key was probably deleted elsewhere. The list has been refreshed."
                                .to_string(),
                        ),
                    });
                    on_changed.run(());
                }
                Err(error) => notifications.show_failure(&error),
            }
        });
        KeyDeletion { confirming, delete }
    }

    /// What a row's Delete button does: ask first.
    pub(super) fn ask(self) -> Callback<ApiKey> {
        Callback::new(move |key| self.confirming.set(Some(key)))
    }

    /// The confirmation, while one is asked for.
    pub(super) fn dialog(self) -> impl IntoView {
        let KeyDeletion { confirming, delete } = self;
        move || {
            confirming.get().map(|key| {
                let id = key.id;
                view! {
                    <ConfirmDialog
                        title="Delete API key"
                        confirm_label="Delete"
                        busy_label="Deleting..."
                        busy=delete.pending()
                        destructive=true
                        on_confirm=Callback::new(move |()| {
                            delete.dispatch(id);
                        })
                        on_cancel=Callback::new(move |()| confirming.set(None))
                    >
                        <p>
                            "Delete the API key "
                            <strong class="break-anywhere">{key.name}</strong>
                            "? Applications using it will stop working. This cannot be undone."
                        </p>
                    </ConfirmDialog>
                }
            })
        }
    }
}
