use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser;
use crate::components::{app_path, role_options};
use crate::domain::hygiene::{Attention, CHECKING_TEXT, TokenCheck, check_failed_text};
use crate::domain::keys::Role;
use crate::domain::service_accounts::{AccountPermissions, Migrated, ServiceAccount, actions};

/// One row of the list: the account, what the user may do with it, and, under "Migrated from
/// API keys", what shows it was made from API keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub account: ServiceAccount,
    pub permissions: AccountPermissions,
    pub migrated: Option<Migrated>,
}

/// The service accounts as Grafana's table shows them: Account | ID | Roles | Tokens | State |
/// actions. Keyed rows: a change touches only the rows that change.
#[component]
pub fn AccountsTable(
    #[prop(into)] rows: Signal<Vec<AccountRow>>,
    /// Called with the account whose Disable or Enable button was pressed.
    on_toggle_disabled: Callback<ServiceAccount>,
    /// Called with the account whose Delete button was pressed.
    on_delete: Callback<ServiceAccount>,
    /// The account being changed right now, whose buttons are busy.
    #[prop(optional, into)]
    busy: Signal<Option<i64>>,
    /// Called with the account whose "Add token" was pressed (shown, as in Grafana, for an
    /// account with no tokens); without it "Add token" links to the account's page.
    #[prop(optional)]
    on_add_token: Option<Callback<ServiceAccount>>,
    /// Called with the account and the role chosen in its row's role picker (Grafana's
    /// `OrgRolePicker`), shown where the user may change the account; else the role is text.
    #[prop(optional)]
    on_change_role: Option<Callback<(ServiceAccount, Role)>>,
    /// What each account's tokens need, by account id, as they are read: "checking…", then
    /// how many to rotate soon and how many revoked, under the token count.
    #[prop(optional, into)]
    token_checks: Option<Signal<HashMap<i64, TokenCheck>>>,
) -> impl IntoView {
    view! {
        <table class="keys-table sa-table">
            <thead>
                <tr>
                    <th scope="col">"Account"</th>
                    <th scope="col">"ID"</th>
                    <th scope="col">"Roles"</th>
                    <th scope="col">"Tokens"</th>
                    <th scope="col">"State"</th>
                    <th scope="col" class="keys-table__actions">
                        <span class="visually-hidden">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                <Show when=move || rows.read().is_empty()>
                    <tr>
                        <td class="keys-table__none" colspan="6">
                            "No service accounts found"
                        </td>
                    </tr>
                </Show>
                <For
                    each=move || rows.get()
                    key=|row| {
                        let a = &row.account;
                        (
                            a.id,
                            a.name.clone(),
                            a.login.clone(),
                            a.is_disabled,
                            a.role.clone(),
                            a.tokens,
                            row.migrated.clone(),
                            row.permissions,
                        )
                    }
                    children=move |row| {
                        account_row(
                            row,
                            on_toggle_disabled,
                            on_delete,
                            on_add_token,
                            on_change_role,
                            busy,
                            token_checks,
                        )
                    }
                />
            </tbody>
        </table>
    }
}

fn account_row(
    row: AccountRow,
    on_toggle_disabled: Callback<ServiceAccount>,
    on_delete: Callback<ServiceAccount>,
    on_add_token: Option<Callback<ServiceAccount>>,
    on_change_role: Option<Callback<(ServiceAccount, Role)>>,
    busy: Signal<Option<i64>>,
    token_checks: Option<Signal<HashMap<i64, TokenCheck>>>,
) -> impl IntoView {
    let AccountRow {
        account,
        permissions,
        migrated,
    } = row;
    let id = account.id;
    let href = app_path(&format!("/org/serviceaccounts/{id}"));
    let write_refusal = permissions.refusal(actions::WRITE);
    let delete_refusal = permissions.refusal(actions::DELETE);
    let is_busy = move || busy.get() == Some(id);
    let toggle_label = if account.is_disabled {
        "Enable"
    } else {
        "Disable"
    };
    let tokens = match account.tokens {
        0 => "No tokens".to_string(),
        1 => "1 token".to_string(),
        n => format!("{n} tokens"),
    };
    let add_token = (account.tokens == 0 && write_refusal.is_none()).then(|| {
        let name = account.name.clone();
        let label =
            view! { "Add token" <span class="visually-hidden">{format!(" to {name}")}</span> };
        match on_add_token {
            Some(on_add_token) => {
                let for_account = account.clone();
                view! {
                    <button
                        type="button"
                        class="btn btn--secondary btn--small"
                        on:click=move |_| on_add_token.run(for_account.clone())
                    >
                        {label}
                    </button>
                }
                .into_any()
            }
            None => view! {
                <A href=href.clone() attr:class="btn btn--secondary btn--small btn--link">
                    {label}
                </A>
            }
            .into_any(),
        }
    });
    let migrated = migrated.map(|found| {
        view! {
            <span class="sa-table__migrated">
                <span class="badge sa-table__migrated-badge">{found.label()}</span>
                " "
                <span class="break-anywhere">{found.keys_text()}</span>
            </span>
        }
    });
    let role = match on_change_role.filter(|_| write_refusal.is_none()) {
        Some(on_change_role) => {
            let current = account.role.clone();
            let mut roles = Role::ACCOUNT_CHOICES.to_vec();
            if !roles.contains(&current) {
                roles.push(current.clone());
            }
            let for_account = account.clone();
            let label = format!("Role of service account {}", account.name);
            view! {
                <select
                    class="input input--small sa-table__role"
                    aria-label=label
                    disabled=is_busy
                    on:change:target=move |event| {
                        on_change_role.run((for_account.clone(), Role::parse(&event.target().value())))
                    }
                >
                    {role_options(roles, Some(current))}
                </select>
            }
            .into_any()
        }
        None => view! { <span class="role-badge">{account.role.to_string()}</span> }.into_any(),
    };
    let state = if account.is_disabled {
        view! { <span class="badge badge--disabled">"Disabled"</span> }.into_any()
    } else {
        view! { <span class="text-secondary">"Enabled"</span> }.into_any()
    };
    let toggle_account = account.clone();
    let delete_account = account.clone();
    let name = account.name.clone();
    let toggle_aria = format!("{toggle_label} service account {name}");
    let delete_aria = format!("Delete service account {name}");
    view! {
        <tr class="keys-table__row" class:sa-table__row--disabled=account.is_disabled>
            <td class="keys-table__name" data-label="Account">
                <A href=href>{name}</A>
                {migrated}
            </td>
            <td class="break-anywhere" data-label="ID">{account.login.clone()}</td>
            <td data-label="Roles">{role}</td>
            <td data-label="Tokens">
                {tokens}
                {token_checks.map(|checks| token_check_line(id, checks))}
            </td>
            <td data-label="State">{state}</td>
            <td class="keys-table__actions">
                {add_token}
                // A user who may not change or delete the account is not offered to.
                {write_refusal
                    .is_none()
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn--secondary btn--small"
                                aria-label=toggle_aria
                                aria-disabled=move || is_busy().then_some("true")
                                on:click=move |_| {
                                    if !is_busy() {
                                        on_toggle_disabled.run(toggle_account.clone())
                                    }
                                }
                            >
                                {toggle_label}
                            </button>
                        }
                    })}
                {delete_refusal
                    .is_none()
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn--destructive btn--small"
                                aria-label=delete_aria
                                on:click=move |_| on_delete.run(delete_account.clone())
                            >
                                "Delete"
                            </button>
                        }
                    })}
            </td>
        </tr>
    }
}

/// What a row says of its account's tokens once read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CheckLine {
    Checking,
    Read(Attention),
    Failed(String),
}

/// The line under an account's token count: "checking…", then "2 to rotate soon" and
/// "1 revoked" where any, or why the tokens could not be read. Redrawn only when it changes.
fn token_check_line(id: i64, checks: Signal<HashMap<i64, TokenCheck>>) -> impl IntoView {
    let now = browser::now_millis();
    let line = Memo::new(move |_| {
        checks.with(|checks| {
            checks.get(&id).map(|check| match check {
                TokenCheck::Checking => CheckLine::Checking,
                TokenCheck::Checked(listed) => CheckLine::Read(listed.attention(now)),
                TokenCheck::Failed(message) => CheckLine::Failed(message.clone()),
            })
        })
    });
    move || {
        line.get().and_then(|line| match line {
            CheckLine::Checking => Some(
                view! { <span class="sa-table__check text-secondary">{CHECKING_TEXT}</span> }
                    .into_any(),
            ),
            CheckLine::Read(attention) => {
                let soon = attention.rotate_soon_text();
                let revoked = attention.revoked_text();
                (soon.is_some() || revoked.is_some()).then(|| {
                    view! {
                        <span class="sa-table__check">
                            {soon.map(|text| view! { <span class="badge badge--soon">{text}</span> })}
                            " "
                            {revoked.map(|text| view! { <span class="badge badge--revoked">{text}</span> })}
                        </span>
                    }
                    .into_any()
                })
            }
            CheckLine::Failed(message) => Some(
                view! {
                    <span class="sa-table__check form-error">{check_failed_text(&message)}</span>
                }
                .into_any(),
            ),
        })
    }
}
