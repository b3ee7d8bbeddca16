//! Creating a key: the form, the request, then the dialog holding the secret until it is
//! closed. The request belongs to the page, not the form: closing the form while "Adding..."
//! runs does not drop the answer, so no key is ever created whose secret nobody saw.

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::components::{CreateKeyForm, KeyCreatedDialog, KeyDraft, Notifications};
use crate::domain::keys::{CreatedApiKey, NewApiKey};
use crate::domain::notice::Notice;
use crate::pages::call::{Call, Later};
use crate::pages::{SignInFlow, on_demand};

#[derive(Clone, Copy)]
pub(super) struct KeyCreation {
    open: RwSignal<bool>,
    draft: KeyDraft,
    /// The request, made by the form (in its chunk) when it first opens.
    create: Later<Call<NewApiKey>>,
    parts: StoredValue<(Grafana, Notifications, Callback<()>), LocalStorage>,
    /// The last refusal, shown in the form until the user types again.
    error: RwSignal<Option<ApiError>>,
    /// The server answered 410: it no longer creates API keys (Grafana 11.3 and later).
    gone: RwSignal<Option<String>>,
    created: RwSignal<Option<CreatedApiKey>>,
}

impl KeyCreation {
    /// `on_created` runs once a key exists: the list is no longer what the page shows.
    pub(super) fn new(
        grafana: Grafana,
        notifications: Notifications,
        on_created: Callback<()>,
    ) -> Self {
        let (open, draft, error, gone, created) = (
            RwSignal::new(false),
            KeyDraft::new(),
            RwSignal::new(None),
            RwSignal::new(None),
            RwSignal::new(None),
        );
        let creation = KeyCreation {
            open,
            draft,
            create: Later::new(),
            parts: StoredValue::new_local((grafana, notifications, on_created)),
            error,
            gone,
            created,
        };
        // Typing again clears the server's complaint about what was typed before.
        Effect::new(move |_| {
            draft.name.track();
            draft.role.track();
            draft.ttl.track();
            if error.with_untracked(Option::is_some) {
                error.set(None);
            }
        });
        creation
    }

    pub(super) fn open(self) -> Callback<()> {
        Callback::new(move |()| self.open.set(true))
    }

    /// Whether the form is open (a tracked read).
    pub(super) fn is_open(self) -> bool {
        self.open.get()
    }

    /// The server's word that it creates no more API keys, once it said so (a tracked read).
    pub(super) fn gone(self) -> Option<String> {
        self.gone.get()
    }

    /// The form, while it is open.
    pub(super) fn form(self, can_create: Signal<bool>, sign_in: SignInFlow) -> impl IntoView {
        move || {
            self.open
                .get()
                .then(|| on_demand(key_form(self, can_create, sign_in)))
        }
    }

    /// The created key's dialog; closing it drops the page's last copy of the secret.
    pub(super) fn created_dialog(self, grafana_root: String) -> impl IntoView {
        let created = self.created;
        move || {
            created
                .get()
                .map(|key| on_demand(created_dialog(created, key, grafana_root.clone())))
        }
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn key_form(creation: KeyCreation, can_create: Signal<bool>, sign_in: SignInFlow) -> AnyView {
    let create = creation.create.get_or_make(|| create_call(creation));
    let KeyCreation {
        open, draft, error, ..
    } = creation;
    view! {
        <CreateKeyForm
            draft
            can_create
            pending=create.pending()
            server_error=Signal::derive(move || {
                error
                    .read()
                    .as_ref()
                    .filter(|error| !matches!(error, ApiError::Conflict(_)))
                    .map(ToString::to_string)
            })
            name_refused=Signal::derive(move || match error.read().as_ref() {
                Some(ApiError::Conflict(message)) => Some(message.clone()),
                _ => None,
            })
            sign_in=Signal::derive(move || {
                error
                    .read()
                    .as_ref()
                    .is_some_and(ApiError::needs_sign_in)
                    .then(|| sign_in.offer())
            })
            on_submit=Callback::new(move |new_key| {
                if !create.pending().get_untracked() {
                    create.dispatch(new_key);
                }
            })
            on_close=Callback::new(move |()| {
                // As Grafana's form, empty when it opens again; but what a running
                // request was sent with stays until its answer says what happened.
                if !create.pending().get_untracked() {
                    draft.clear();
                    error.set(None);
                }
                open.set(false);
                // The focus goes back to what opened the form.
                super::refocus(&["#add-api-key", "#new-api-key"]);
            })
        />
    }
    .into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn created_dialog(
    created: RwSignal<Option<CreatedApiKey>>,
    key: CreatedApiKey,
    grafana_root: String,
) -> AnyView {
    view! {
        <KeyCreatedDialog
            created=key
            grafana_root
            on_close=Callback::new(move |()| {
                created.set(None);
                // The form that opened it is gone: back to "Add API key".
                super::refocus(&["#add-api-key", "#new-api-key"]);
            })
        />
    }
    .into_any()
}

fn create_call(creation: KeyCreation) -> Call<NewApiKey> {
    let KeyCreation {
        open,
        draft,
        error,
        gone,
        created,
        ..
    } = creation;
    let (grafana, notifications, on_created) = creation.parts.get_value();
    Call::new(
        move |new_key: &NewApiKey| {
            let (grafana, new_key) = (grafana.clone(), new_key.clone());
            async move { grafana.create_key(&new_key).await }
        },
        move |result| match result {
            Ok(key) => {
                open.set(false);
                draft.clear();
                created.set(Some(key));
                on_created.run(());
            }
            Err(ApiError::Gone(message)) => {
                open.set(false);
                gone.set(Some(message));
            }
            Err(failure) => {
                // With the form closed, say it where it will be seen; the form shows it again
                // when reopened, with what was typed.
                if !open.get_untracked() {
                    notifications.show(Notice::from(&failure));
                }
                error.set(Some(failure));
            }
        },
    )
}
