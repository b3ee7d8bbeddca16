use leptos::prelude::*;

use super::icons::{Icon, IconName};
use crate::api::ApiKey;
use crate::browser;
use crate::domain::expiry::{Expiry, expiry_of};
use crate::domain::permissions::can_delete;
use crate::domain::time::{format_local, parse_unix_millis, relative, to_rfc3339};

/// The keys as Grafana's table shows them: Name | Role | Expires | [Last used at] | actions.
#[component]
pub fn KeysTable(
    /// The keys to list, in the server's order (by name).
    keys: Vec<ApiKey>,
    /// Show "Last used at" (servers from 9.5 report it).
    #[prop(optional)]
    show_last_used: bool,
    /// Called with the key whose Delete button was pressed.
    on_delete: Callback<ApiKey>,
    /// Called with the key whose "Migrate to service account" button was pressed; no such
    /// button where the server cannot migrate.
    #[prop(default = None)]
    on_migrate: Option<Callback<ApiKey>>,
    /// The key being migrated right now, whose button is busy.
    #[prop(default = None)]
    migrating: Option<i64>,
) -> impl IntoView {
    let now = browser::now_millis();
    let columns = if show_last_used { 5 } else { 4 };
    let rows = if keys.is_empty() {
        view! {
            <tr>
                <td class="keys-table__none" colspan=columns>
                    "No API keys found"
                </td>
            </tr>
        }
        .into_any()
    } else {
        keys.into_iter()
            .map(|key| {
                let actions = RowActions {
                    on_delete,
                    on_migrate,
                    migrating: migrating == Some(key.id),
                };
                key_row(key, now, show_last_used, actions)
            })
            .collect_view()
            .into_any()
    };
    view! {
        <table class="keys-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Expires"</th>
                    {show_last_used.then(|| view! { <th scope="col">"Last used at"</th> })}
                    <th scope="col" class="keys-table__actions">
                        <span class="visually-hidden">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// What a row's buttons do.
struct RowActions {
    on_delete: Callback<ApiKey>,
    on_migrate: Option<Callback<ApiKey>>,
    migrating: bool,
}

fn key_row(key: ApiKey, now: i64, show_last_used: bool, actions: RowActions) -> impl IntoView {
    let RowActions {
        on_delete,
        on_migrate,
        migrating,
    } = actions;
    let expiry = expiry_of(key.expiration.as_deref(), now);
    let expired = matches!(expiry, Expiry::At { expired: true, .. });
    let deletable = can_delete(&key);
    let delete_label = format!("Delete API key {}", key.name);
    let last_used = show_last_used.then(|| {
        view! { <td data-label="Last used at">{last_used_cell(key.last_used_at.as_deref(), now)}</td> }
    });
    let name = key.name.clone();
    let role = key.role.clone();
    view! {
        <tr class="keys-table__row" class:keys-table__row--expired=expired>
            // Text nodes, so a name holding markup is shown, never interpreted.
            <td class="keys-table__name" data-label="Name">{name}</td>
            <td data-label="Role">
                <span class="role-badge">{role}</span>
            </td>
            <td data-label="Expires">{expires_cell(expiry, now)}</td>
            {last_used}
            <td class="keys-table__actions">
                {on_migrate
                    .map(|on_migrate| {
                        let key = key.clone();
                        view! {
                            <button
                                type="button"
                                class="btn btn--secondary btn--small"
                                aria-label=format!("Migrate to service account: {}", key.name)
                                disabled=migrating
                                on:click=move |_| on_migrate.run(key.clone())
                            >
                                {if migrating { "Migrating..." } else { "Migrate to service account" }}
                            </button>
                        }
                    })}
                <button
                    type="button"
                    class="btn btn--destructive btn--small"
                    aria-label=delete_label
                    disabled=!deletable
                    title=(!deletable).then_some("You do not have permission to delete this API key")
                    on:click=move |_| on_delete.run(key.clone())
                >
                    "Delete"
                </button>
            </td>
        </tr>
    }
}

/// A date as `YYYY-MM-DD HH:mm:ss` in the browser's zone, with "in 3 days" beside it and the
/// exact instant on hover.
fn instant(unix_millis: i64, now: i64) -> impl IntoView {
    let local = format_local(unix_millis, browser::local_offset_minutes(unix_millis));
    let utc = to_rfc3339(unix_millis);
    view! {
        <time datetime=utc.clone() title=utc>
            {local}
        </time>
        " "
        <span class="text-secondary keys-table__relative">{relative(now, unix_millis)}</span>
    }
}

fn expires_cell(expiry: Expiry, now: i64) -> AnyView {
    match expiry {
        Expiry::Never => "No expiration date".into_any(),
        Expiry::At {
            unix_millis,
            expired,
            soon,
        } => {
            let badge = if expired {
                Some(state_badge(
                    "expired",
                    IconName::Warning,
                    "Expired",
                    "This API key has expired.",
                ))
            } else if soon {
                Some(state_badge(
                    "soon",
                    IconName::Clock,
                    "Expires soon",
                    "This API key expires within 7 days.",
                ))
            } else {
                None
            };
            view! {
                {instant(unix_millis, now)}
                " "
                {badge}
            }
            .into_any()
        }
        Expiry::Unreadable(text) => text.into_any(),
    }
}

/// A key's state in words, with a tooltip on hover and on keyboard focus (it is a tab stop of
/// its own), and the tooltip's words for screen readers.
fn state_badge(
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

fn last_used_cell(last_used_at: Option<&str>, now: i64) -> AnyView {
    match last_used_at.map(|text| (text, parse_unix_millis(text))) {
        None => "Never".into_any(),
        Some((_, Some(unix_millis))) => instant(unix_millis, now).into_any(),
        Some((text, None)) => text.to_string().into_any(),
    }
}
