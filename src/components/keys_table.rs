use std::collections::BTreeSet;

use leptos::prelude::*;

use super::icons::IconName;
use super::instant::{date_cell, instant};
use super::state_badge::state_badge;
use crate::browser;
use crate::domain::expiry::{Expiry, expiry_of};
use crate::domain::keys::ApiKey;
use crate::domain::keys_page::{SearchOutcome, search_outcome};
use crate::domain::permissions::can_delete;

/// The keys as Grafana's table shows them: Name | Role | Expires | [Last used at] | actions.
/// Rows are keyed by the key and made once; the search and the switch only hide and show them,
/// so a keystroke touches just the rows whose state changes, and a row's button keeps the
/// focus while its action runs.
#[component]
pub fn KeysTable(
    /// The keys to list, in the server's order (by name).
    #[prop(into)]
    keys: Signal<Vec<ApiKey>>,
    /// The ids of the keys shown; every key when not given.
    #[prop(optional, into)]
    shown: Option<Signal<BTreeSet<i64>>>,
    /// Show "Last used at" (servers from 9.5 report it). Plain values, not signals: they are
    /// settled before the table shows, and a row costs less without an effect for each.
    #[prop(optional)]
    show_last_used: bool,
    /// Called with the key whose Delete button was pressed.
    on_delete: Callback<ApiKey>,
    /// Called with the key whose "Migrate to service account" button was pressed; no such
    /// button where the server cannot migrate.
    #[prop(optional_no_strip)]
    on_migrate: Option<Callback<ApiKey>>,
    /// The key being migrated right now, whose button is busy.
    #[prop(optional, into)]
    migrating: Signal<Option<i64>>,
    /// Expired keys the search matches while the switch hides them: said where no row shows,
    /// with the button that turns the switch on.
    #[prop(optional, into)]
    expired_matches: Signal<usize>,
    #[prop(optional)] on_include_expired: Option<Callback<()>>,
) -> impl IntoView {
    let now = browser::now_millis();
    let columns = if show_last_used { 5 } else { 4 };
    let actions = RowActions {
        on_delete,
        on_migrate,
        migrating,
        shown,
    };
    let none_shown = move || match shown {
        Some(shown) => shown.read().is_empty(),
        None => keys.read().is_empty(),
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
            <tbody>
                <Show when=none_shown>
                    <tr>
                        <td class="keys-table__none" colspan=columns>
                            {move || match search_outcome(0, expired_matches.get()) {
                                SearchOutcome::ExpiredMatch(count) => view! {
                                    {SearchOutcome::expired_text(count)}
                                    " "
                                    {on_include_expired
                                        .map(|on_include_expired| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="btn btn--secondary btn--small"
                                                    on:click=move |_| on_include_expired.run(())
                                                >
                                                    "Include expired keys"
                                                </button>
                                            }
                                        })}
                                }
                                .into_any(),
                                _ => "No API keys found".into_any(),
                            }}
                        </td>
                    </tr>
                </Show>
                // A key never changes its name or role; what can change is when it expires
                // (never, in Grafana) and when it was last used.
                <For
                    each=move || keys.get()
                    key=|key| (key.id, key.last_used_at.clone())
                    children=move |key| key_row(key, now, show_last_used, actions)
                />
            </tbody>
        </table>
    }
}

/// What a row's buttons do.
#[derive(Clone, Copy)]
struct RowActions {
    on_delete: Callback<ApiKey>,
    on_migrate: Option<Callback<ApiKey>>,
    migrating: Signal<Option<i64>>,
    shown: Option<Signal<BTreeSet<i64>>>,
}

fn key_row(key: ApiKey, now: i64, show_last_used: bool, actions: RowActions) -> impl IntoView {
    let RowActions {
        on_delete,
        on_migrate,
        migrating,
        shown,
    } = actions;
    let id = key.id;
    let expiry = expiry_of(key.expiration.as_deref(), now);
    let expired = matches!(expiry, Expiry::At { expired: true, .. });
    let deletable = can_delete(&key);
    let delete_label = format!("Delete API key {}", key.name);
    let last_used = show_last_used.then(|| {
        view! {
            <td data-label="Last used at">
                {date_cell(key.last_used_at.as_deref(), now, "Never")}
            </td>
        }
    });
    let migrate_button = on_migrate.map(|on_migrate| {
        let key = key.clone();
        let label = format!("Migrate to service account: {}", key.name);
        let busy = move || migrating.get() == Some(id);
        // aria-disabled, not disabled: a disabled button would drop the focus.
        view! {
            <button
                type="button"
                class="btn btn--secondary btn--small"
                aria-label=label
                aria-disabled=move || busy().then_some("true")
                on:click=move |_| {
                    if !busy() {
                        on_migrate.run(key.clone())
                    }
                }
            >
                {move || if busy() { "Migrating..." } else { "Migrate to service account" }}
            </button>
        }
    });
    let name = key.name.clone();
    let role = key.role.to_string();
    view! {
        <tr
            class="keys-table__row"
            data-key-id=id
            class:keys-table__row--expired=expired
            hidden=move || shown.is_some_and(|shown| !shown.read().contains(&id))
        >
            // Text nodes, so a name holding markup is shown, never interpreted.
            <td class="keys-table__name" data-label="Name">{name}</td>
            <td data-label="Role">
                <span class="role-badge">{role}</span>
            </td>
            <td data-label="Expires">{expires_cell(expiry, now)}</td>
            {last_used}
            <td class="keys-table__actions">
                {migrate_button}
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
