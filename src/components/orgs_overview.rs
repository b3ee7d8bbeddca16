//! The all-orgs overview: one row per org where the user is an Admin, filled as each org
//! answers.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::hygiene::OrgRotation;
use crate::domain::orgs::{KeyCounts, Membership, OrgSummary, Part, progress_text};

/// Each org's tokens to rotate soon, by org id, once read.
pub type Rotations = BTreeMap<i64, Part<OrgRotation>>;

/// One org's row: the org, the link that opens it, and its counts once loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewRow {
    pub org: Membership,
    pub href: String,
    pub summary: Option<OrgSummary>,
}

/// The table, with the progress above it ("Loaded 2 of 3 orgs") and the orgs left out below.
#[component]
pub fn OrgsOverviewTable(
    #[prop(into)] rows: Signal<Vec<OverviewRow>>,
    /// Orgs the user belongs to without being an Admin: named, not counted.
    left_out: Vec<Membership>,
    /// Whether the server has API keys to count (not from 12.1): without them, only the
    /// service accounts column.
    #[prop(into)]
    keys_columns: Signal<bool>,
    /// Each org's tokens to rotate soon, read after its counts; with it, a "Tokens to rotate
    /// soon" column ("Checking…" until an org's are read).
    #[prop(optional, into)]
    rotation: Option<Signal<Rotations>>,
) -> impl IntoView {
    let progress = move || {
        rows.with(|rows| {
            let loaded = rows.iter().filter(|row| row.summary.is_some()).count();
            progress_text(loaded, rows.len())
        })
    };
    let left_out = (!left_out.is_empty()).then(|| {
        let names = left_out
            .iter()
            .map(|org| format!("{} ({})", org.name, org.role))
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <p class="orgs-overview__left-out">
                {format!("Not included, as you are not an Admin there: {names}.")}
            </p>
        }
    });
    view! {
        <p class="orgs-overview__progress" role="status">
            {progress}
        </p>
        <table class="keys-table orgs-overview">
            <caption class="visually-hidden">
                {move || if keys_columns.get() {
                    "API keys and service accounts in each organization"
                } else {
                    "Service accounts in each organization"
                }}
            </caption>
            <thead>
                <tr>
                    <th scope="col">"Organization"</th>
                    <Show when=move || keys_columns.get()>
                        <th scope="col">"API keys"</th>
                        <th scope="col">"Expired"</th>
                        <th scope="col">"Expire within 7 days"</th>
                    </Show>
                    <th scope="col">"Service accounts with expired tokens"</th>
                    {rotation.map(|_| view! { <th scope="col">"Tokens to rotate soon"</th> })}
                </tr>
            </thead>
            <tbody>
                <For
                    each=move || {
                        let keys = keys_columns.get();
                        rows.get().into_iter().map(move |row| (row, keys))
                    }
                    key=|(row, keys)| (row.org.org_id, row.href.clone(), row.summary.clone(), *keys)
                    children=move |(row, keys)| overview_row(row, keys, rotation)
                />
            </tbody>
        </table>
        {left_out}
    }
}

fn overview_row(
    row: OverviewRow,
    keys_columns: bool,
    rotation: Option<Signal<Rotations>>,
) -> impl IntoView {
    let OverviewRow { org, href, summary } = row;
    let org_id = org.org_id;
    let cells = match summary {
        None => view! {
            <td colspan=if keys_columns { "4" } else { "1" } class="orgs-overview__loading">
                "Loading..."
            </td>
        }
        .into_any(),
        Some(summary) => view! {
            {keys_columns.then(|| key_cells(summary.keys))}
            {account_cell(summary.expired_token_accounts)}
        }
        .into_any(),
    };
    view! {
        <tr class="keys-table__row" data-org-id=org.org_id.to_string()>
            <th scope="row" class="keys-table__name">
                <A href=href>{org.name.clone()}</A>
            </th>
            {cells}
            {rotation.map(|rotation| rotation_cell(org_id, rotation))}
        </tr>
    }
}

/// The org's tokens to rotate soon: "Checking…" until read, then the count, with the accounts
/// read where not all were.
fn rotation_cell(org_id: i64, rotation: Signal<Rotations>) -> impl IntoView {
    let found = move || rotation.with(|found| found.get(&org_id).cloned());
    view! {
        <td data-label="Tokens to rotate soon">
            {move || match found() {
                None => view! { <span class="orgs-overview__loading">"Checking…"</span> }.into_any(),
                Some(Part::Counted(counted)) => view! {
                    {counted.rotate_soon}
                    {counted.note().map(|note| view! {
                        " " <span class="orgs-overview__note">{format!("({note})")}</span>
                    })}
                }
                .into_any(),
                Some(Part::Unavailable) => view! {
                    <span class="orgs-overview__none">
                        <span aria-hidden="true">"—"</span>
                        <span class="visually-hidden">"No service accounts in this Grafana"</span>
                    </span>
                }
                .into_any(),
                Some(Part::Failed(message)) => view! {
                    <span class="orgs-overview__error">
                        {format!("Could not check tokens: {message}")}
                    </span>
                }
                .into_any(),
            }}
        </td>
    }
}

fn key_cells(keys: Part<KeyCounts>) -> AnyView {
    match keys {
        Part::Counted(counts) => view! {
            <td data-label="API keys">{counts.total}</td>
            <td data-label="Expired">{counts.expired}</td>
            <td data-label="Expire within 7 days">{counts.expiring_soon}</td>
        }
        .into_any(),
        Part::Unavailable => view! {
            <td colspan="3" class="orgs-overview__none">
                "No API keys: this Grafana has removed them (12.1 and later)"
            </td>
        }
        .into_any(),
        Part::Failed(message) => view! {
            <td colspan="3" class="orgs-overview__error">
                {format!("Could not load API keys: {message}")}
            </td>
        }
        .into_any(),
    }
}

fn account_cell(accounts: Part<i64>) -> AnyView {
    match accounts {
        Part::Counted(count) => {
            view! { <td data-label="Service accounts with expired tokens">{count}</td> }.into_any()
        }
        Part::Unavailable => view! {
            <td class="orgs-overview__none">
                <span aria-hidden="true">"—"</span>
                <span class="visually-hidden">"No service accounts in this Grafana"</span>
            </td>
        }
        .into_any(),
        Part::Failed(message) => view! {
            <td class="orgs-overview__error">
                {format!("Could not load service accounts: {message}")}
            </td>
        }
        .into_any(),
    }
}
