use leptos::prelude::*;

use crate::browser;
use crate::components::icons::IconName;
use crate::components::instant::{date_cell, instant};
use crate::components::state_badge::state_badge;
use crate::domain::rotation::rotate_soon;
use crate::domain::service_accounts::Token;
use crate::domain::time::parse_unix_millis;

pub const EXPIRED_TOOLTIP: &str = "This token has expired";
pub const ROTATE_SOON_TOOLTIP: &str = "This token expires within 7 days: rotate it now";
pub const REVOKED_TOOLTIP: &str = "This token has been publicly exposed. Please rotate this token";

/// An account's tokens as Grafana lists them: Name | Expires | Created | Last used at | actions.
#[component]
pub fn TokensTable(
    #[prop(into)] tokens: Signal<Vec<Token>>,
    /// Why tokens may not be deleted, if they may not.
    #[prop(into)]
    delete_refusal: Signal<Option<String>>,
    /// Called with the token whose Delete button was pressed.
    on_delete: Callback<Token>,
    /// Called with the token whose Rotate button was pressed (servers with tokens' dates).
    #[prop(optional)]
    on_rotate: Option<Callback<Token>>,
) -> impl IntoView {
    let now = browser::now_millis();
    view! {
        <table class="keys-table sa-tokens">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Expires"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Last used at"</th>
                    <th scope="col" class="keys-table__actions">
                        <span class="visually-hidden">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                <Show when=move || tokens.read().is_empty()>
                    <tr>
                        <td class="keys-table__none" colspan="5">
                            "No tokens"
                        </td>
                    </tr>
                </Show>
                <For
                    each=move || tokens.get()
                    key=|token| token.clone()
                    children=move |token| token_row(token, now, delete_refusal, on_delete, on_rotate)
                />
            </tbody>
        </table>
    }
}

fn token_row(
    token: Token,
    now: i64,
    delete_refusal: Signal<Option<String>>,
    on_delete: Callback<Token>,
    on_rotate: Option<Callback<Token>>,
) -> impl IntoView {
    let expired = token.is_expired();
    let soon = rotate_soon(&token, now);
    let soon_badge =
        soon.then(|| state_badge("soon", IconName::Clock, "Rotate soon", ROTATE_SOON_TOOLTIP));
    // Revoked and soon-expiring tokens offer Rotate first, as the main action of the row.
    let rotate = on_rotate.map(|on_rotate| {
        let urgent = token.is_revoked || soon;
        let label = format!("Rotate token {}", token.name);
        let old = token.clone();
        view! {
            <button
                type="button"
                class=if urgent { "btn btn--primary btn--small" } else { "btn btn--secondary btn--small" }
                aria-label=label
                disabled=move || delete_refusal.get().is_some()
                title=move || delete_refusal.get()
                on:click=move |_| on_rotate.run(old.clone())
            >
                "Rotate"
            </button>
        }
    });
    let expires = match token.expiration.as_deref() {
        None => "Never".into_any(),
        Some(text) => match parse_unix_millis(text) {
            Some(at) => instant(at, now).into_any(),
            None => text.to_string().into_any(),
        },
    };
    let expired_badge =
        expired.then(|| state_badge("expired", IconName::Warning, "Expired", EXPIRED_TOOLTIP));
    let revoked_badge = token
        .is_revoked
        .then(|| state_badge("revoked", IconName::Error, "Revoked", REVOKED_TOOLTIP));
    let created = date_cell(token.created.as_deref(), now, "");
    let last_used = date_cell(token.last_used_at.as_deref(), now, "Never");
    let label = format!("Delete token {}", token.name);
    let name = token.name.clone();
    view! {
        <tr class="keys-table__row" class:keys-table__row--expired=expired>
            <td class="keys-table__name" data-label="Name">{name}</td>
            <td data-label="Expires">{expires} " " {expired_badge} " " {revoked_badge} " " {soon_badge}</td>
            <td data-label="Created">{created}</td>
            <td data-label="Last used at">{last_used}</td>
            <td class="keys-table__actions">
                {rotate}
                " "
                <button
                    type="button"
                    class="btn btn--destructive btn--small"
                    aria-label=label
                    disabled=move || delete_refusal.get().is_some()
                    title=move || delete_refusal.get()
                    on:click=move |_| on_delete.run(token.clone())
                >
                    "Delete"
                </button>
            </td>
        </tr>
    }
}
