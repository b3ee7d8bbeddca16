use leptos::prelude::*;

use super::icons::{Icon, IconName};

/// A key's or token's state in words (Expired, Expires soon, Revoked), with its tooltip on hover
/// and on keyboard focus (it is a tab stop of its own), and the tooltip's words for screen
/// readers; `modifier` picks the colour (`badge--expired`...).
pub fn state_badge(
    modifier: &'static str,
    icon: IconName,
    label: &'static str,
    tooltip: &'static str,
) -> impl IntoView {
    view! {
        <span class=format!("badge badge--{modifier}") tabindex="0" data-tooltip=tooltip>
            <Icon name=icon />
            {label}
            <span class="visually-hidden">{format!(": {tooltip}")}</span>
        </span>
    }
}
