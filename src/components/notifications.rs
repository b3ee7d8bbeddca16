use std::time::Duration;

use leptos::prelude::*;

use super::icons::{Icon, IconName};
use crate::api::ApiError;
use crate::domain::notice::{Notice, Severity};

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

    /// A failed request, as Grafana announces one (warning below 500, error from 500).
    pub fn show_failure(&self, error: &ApiError) {
        self.show(Notice::failure(error.status(), error.to_string()));
    }

    pub fn show(&self, notice: Notice) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.shown.update(|shown| shown.push((id, notice)));
        let this = *self;
        set_timeout(move || this.dismiss(id), SHOWN_FOR);
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
pub fn NotificationArea() -> impl IntoView {
    let notifications = Notifications::expect();
    let of_severity = move |urgent: bool| {
        move || {
            notifications
                .shown
                .get()
                .into_iter()
                .filter(|(_, notice)| (notice.severity != Severity::Success) == urgent)
                .map(|(id, notice)| view! { <Toast id notice /> })
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
fn Toast(id: u64, notice: Notice) -> impl IntoView {
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
