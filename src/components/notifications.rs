use std::time::Duration;

use leptos::prelude::*;

use super::icons::{Icon, IconName};
use super::{SignInOffer, SignInPrompt};
use crate::domain::notice::{Notice, NoticeAction, Severity};

/// How long a notification stays before it goes by itself.
const SHOWN_FOR: Duration = Duration::from_secs(8);

/// The page's notifications (Grafana's toasts), shared through context.
#[derive(Clone, Copy)]
pub struct Notifications {
    shown: RwSignal<Vec<(u64, Notice)>>,
    next_id: StoredValue<u64>,
}

impl Notifications {
    /// Makes the notifications available to every view below.
    pub fn provide() -> Self {
        let notifications = Notifications {
            shown: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        };
        provide_context(notifications);
        notifications
    }

    pub fn expect() -> Self {
        expect_context()
    }

    pub fn show(&self, notice: Notice) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        // One that offers an action stays until it is used or dismissed.
        let stays = notice.action.is_some();
        self.shown.update(|shown| shown.push((id, notice)));
        if !stays {
            let this = *self;
            set_timeout(move || this.dismiss(id), SHOWN_FOR);
        }
    }

    /// Another org's notices say nothing about this one.
    pub fn clear(&self) {
        self.shown.set(Vec::new());
    }

    /// Once signed in again, the notices that asked for it have done their job.
    pub fn dismiss_sign_in_prompts(&self) {
        self.shown.update(|shown| {
            shown.retain(|(_, notice)| notice.action != Some(NoticeAction::SignIn))
        });
    }

    pub fn dismiss(&self, id: u64) {
        // The page may be gone by the time a timer fires.
        let _ = self
            .shown
            .try_update(|shown| shown.retain(|(shown_id, _)| *shown_id != id));
    }
}

/// Where notifications appear. Successes are announced politely, warnings and errors at once.
#[component]
pub fn NotificationArea(
    /// What a notice's "Sign in" does.
    sign_in: SignInOffer,
) -> impl IntoView {
    let notifications = Notifications::expect();
    let of_severity = move |urgent: bool| {
        move || {
            notifications
                .shown
                .get()
                .into_iter()
                .filter(|(_, notice)| (notice.severity != Severity::Success) == urgent)
                .map(|(id, notice)| view! { <Toast id notice sign_in /> })
                .collect_view()
        }
    };
    view! {
        <div class="toasts">
            <div class="toasts__region" aria-live="polite">
                {of_severity(false)}
            </div>
            <div class="toasts__region" aria-live="assertive">
                {of_severity(true)}
            </div>
        </div>
    }
}

#[component]
fn Toast(id: u64, notice: Notice, sign_in: SignInOffer) -> impl IntoView {
    let notifications = Notifications::expect();
    let severity = notice.severity.as_str();
    let icon = match notice.severity {
        Severity::Success => IconName::Success,
        Severity::Warning => IconName::Warning,
        Severity::Error => IconName::Error,
    };
    view! {
        <div class=format!("toast toast--{severity}") data-severity=severity>
            <span class="toast__icon">
                <Icon name=icon size="lg" />
            </span>
            <div class="toast__text">
                <p class="toast__title">{notice.title}</p>
                {notice.description.map(|text| view! { <p class="toast__description">{text}</p> })}
                {notice
                    .action
                    .map(|action| match action {
                        NoticeAction::SignIn => {
                            view! {
                                <div class="toast__actions">
                                    <SignInPrompt offer=sign_in />
                                </div>
                            }
                        }
                    })}
            </div>
            <button
                type="button"
                class="toast__close"
                aria-label="Dismiss notification"
                on:click=move |_| notifications.dismiss(id)
            >
                <Icon name=IconName::Close />
            </button>
        </div>
    }
}
