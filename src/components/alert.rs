use leptos::prelude::*;

use super::icons::{Icon, IconName};

/// What an alert banner is about; its colour and icon, and how it is announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    Info,
    Warning,
    Success,
}

impl AlertKind {
    fn class(self) -> &'static str {
        match self {
            AlertKind::Info => "alert alert--info",
            AlertKind::Warning => "alert alert--warning",
            AlertKind::Success => "alert alert--success",
        }
    }

    fn icon(self) -> IconName {
        match self {
            AlertKind::Info => IconName::Info,
            AlertKind::Warning => IconName::Warning,
            AlertKind::Success => IconName::Success,
        }
    }
}

/// A banner on the page (Grafana's `Alert`): icon, title, then the body and actions given as
/// children. A landmark named by its title, so screen-reader users can find it; failures use
/// `ErrorAlert`, which is announced at once.
#[component]
pub fn Alert(
    kind: AlertKind,
    title: &'static str,
    /// The title's id, unique on the page, which names the banner.
    id: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class=kind.class() role="region" aria-labelledby=id>
            <span class="alert__icon">
                <Icon name=kind.icon() size="lg" />
            </span>
            <p class="alert__title" id=id>
                {title}
            </p>
            {children()}
        </div>
    }
}
