use leptos::prelude::*;

use crate::api::ApiKey;
use crate::browser;
use crate::domain::expiry::{Expiry, expiry_of};
use crate::domain::time::format_local;

/// The keys as Grafana's table shows them: Name | Role | Expires.
#[component]
pub fn KeysTable(
    /// The keys to list, in the server's order (by name).
    keys: Vec<ApiKey>,
) -> impl IntoView {
    let now = browser::now_millis();
    let rows = keys
        .into_iter()
        .map(|key| {
            let expiry = expiry_of(key.expiration.as_deref(), now);
            let expired = matches!(expiry, Expiry::At { expired: true, .. });
            view! {
                <tr class="keys-table__row" class:keys-table__row--expired=expired>
                    // Text nodes, so a name holding markup is shown, never interpreted.
                    <td class="keys-table__name">{key.name}</td>
                    <td>{key.role}</td>
                    <td>{expires_text(expiry)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="keys-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Expires"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn expires_text(expiry: Expiry) -> AnyView {
    match expiry {
        Expiry::Never => "No expiration date".into_any(),
        Expiry::At {
            unix_millis,
            expired,
            ..
        } => {
            let text = format_local(unix_millis, browser::local_offset_minutes(unix_millis));
            if expired {
                view! {
                    {text}
                    " "
                    <span class="badge badge--expired" title="This API key has expired.">
                        "Expired"
                    </span>
                }
                .into_any()
            } else {
                text.into_any()
            }
        }
        Expiry::Unreadable(text) => text.into_any(),
    }
}
