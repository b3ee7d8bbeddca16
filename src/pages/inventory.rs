//! "Export" (issue 22, "Inventory export"): every API key and service-account token in scope
//! (the page's org, or every org of the overview) as CSV or JSON, built in the browser and
//! downloaded as `grafana-credentials-<host>-<date>.<csv|json>`. Never a secret: the rows are
//! made from lists that carry none (`domain::inventory`).
//!
//! How it runs, per org: both key lists (where the server still has keys: a removed route is no
//! keys), every page of the service accounts search, then the tokens of each account that has
//! any; at most six requests at a time across all orgs (`Limit`), with progress ("Exported 120
//! of 2,000 accounts…"). An export is all or nothing: the first failed request ends it, says
//! which request failed and why, and offers Retry; nothing is downloaded. Closing the dialog
//! stops it, and so does leaving the page.
//!
//! Only the button and this controller's signals are in the module that shows the page: the
//! dialog, the requests and the file are in a chunk of their own (`export_dialog`, `#[lazy]` in
//! the split build), fetched on the click.

use std::cell::Cell;
use std::collections::BTreeSet;

use futures::future::{AbortHandle, Abortable, try_join_all};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Grafana};
use crate::browser;
use crate::components::{ExportButton, ExportDialog};
use crate::domain::config::Config;
use crate::domain::inventory::{
    ExportFormat, ExportRequest, ExportStage, ExportStatus, ExportSummary, InventoryRow,
    account_rows, export_file_name, host_of, key_list_note, local_date, token_list_note,
};
use crate::domain::keys::KeyLists;
use crate::domain::orgs::{ChosenOrg, Membership};
use crate::domain::service_accounts::{
    AccountFilter, AccountsQuery, ServiceAccount, Token, tokens_cut_after,
};
use crate::pages::KnownKeyIds;
use crate::pages::limit::Limit;
use crate::pages::on_demand;

/// At most this many requests at once, whatever the number of orgs and accounts.
const REQUESTS_AT_ONCE: usize = 6;

/// What an export covers.
pub(crate) enum ExportScope {
    /// The page's org: its `Grafana` client and its `ChosenOrg`, from context.
    ThisOrg,
    /// These orgs (the overview's), each through a client of its own.
    Orgs(Vec<Membership>),
}

/// One org to export.
#[derive(Clone)]
struct Target {
    grafana: Grafana,
    org_id: i64,
    org_name: String,
}

/// The export's controller: the dialog's state, the running export, and what it covers.
#[derive(Clone, Copy)]
pub(crate) struct Export {
    open: RwSignal<bool>,
    format: RwSignal<ExportFormat>,
    status: RwSignal<ExportStatus>,
    /// Stops the running export.
    running: StoredValue<Option<AbortHandle>>,
    targets: StoredValue<Vec<Target>>,
    /// "Main Org.", "the 3 organizations you administer".
    scope_text: StoredValue<String>,
    /// The Grafana host, for the file name.
    host: StoredValue<String>,
    known: KnownKeyIds,
}

impl Export {
    /// The controller for `scope`; `None` where it names no org (the page's org is not known:
    /// the orgs could not be read).
    pub(crate) fn new(scope: ExportScope) -> Option<Self> {
        let grafana = use_context::<Grafana>()?;
        let (targets, scope_text) = match scope {
            ExportScope::ThisOrg => {
                let org = use_context::<ChosenOrg>()?;
                let target = Target {
                    grafana,
                    org_id: org.id,
                    org_name: org.name.clone(),
                };
                (vec![target], org.name)
            }
            ExportScope::Orgs(orgs) => {
                let text = match orgs.as_slice() {
                    [] => return None,
                    [org] => org.name.clone(),
                    all => format!("the {} organizations you administer", all.len()),
                };
                let targets = orgs
                    .into_iter()
                    .map(|org| Target {
                        grafana: grafana.with_org(org.org_id),
                        org_id: org.org_id,
                        org_name: org.name,
                    })
                    .collect();
                (targets, text)
            }
        };
        let origin = browser::origin();
        let root =
            use_context::<Config>().map_or_else(|| origin.clone(), |c| c.grafana_root(&origin));
        let export = Export {
            open: RwSignal::new(false),
            format: RwSignal::new(ExportFormat::Csv),
            status: RwSignal::new(ExportStatus::Ready),
            running: StoredValue::new(None),
            targets: StoredValue::new(targets),
            scope_text: StoredValue::new(scope_text),
            host: StoredValue::new(host_of(&root).to_string()),
            known: KnownKeyIds::from_context(),
        };
        // Leaving the page ends its export: nobody is left to see it.
        on_cleanup(move || export.stop());
        Some(export)
    }

    /// The "Export" button, right-aligned above the list.
    pub(crate) fn button(self) -> impl IntoView {
        view! {
            <div class="page-tools">
                <ExportButton on_open=Callback::new(move |()| self.open.set(true)) />
            </div>
        }
    }

    /// The dialog while it is open; its code is fetched on the click.
    pub(crate) fn dialog(self) -> impl IntoView {
        move || self.open.get().then(|| on_demand(export_dialog(self)))
    }

    fn stop(self) {
        if let Some(handle) = self.running.try_update_value(Option::take).flatten() {
            handle.abort();
        }
    }

    fn close(self) {
        self.stop();
        self.status.set(ExportStatus::Ready);
        self.open.set(false);
    }

    /// Starts an export in the chosen format (again, after a failure: from the start).
    fn start(self) {
        self.stop();
        let (handle, registration) = AbortHandle::new_pair();
        self.running.set_value(Some(handle));
        let format = self.format.get_untracked();
        let targets = self.targets.get_value();
        let known = untrack(|| self.known.get());
        let host = self.host.get_value();
        let status = self.status;
        status.set(ExportStatus::Running(ExportStage::Listing {
            orgs_done: 0,
            orgs: targets.len(),
            accounts: 0,
        }));
        spawn_local(async move {
            let progress = move |stage| {
                let _ = status.try_set(ExportStatus::Running(stage));
            };
            let gathered = Abortable::new(gather(&targets, &known, &progress), registration).await;
            // Stopped (closed, restarted, or the page left): not a word more.
            let Ok(gathered) = gathered else { return };
            if self.running.try_set_value(None).is_some() {
                return;
            }
            let outcome = match gathered {
                Ok(inventory) => save(inventory, format, &host),
                Err(failure) => ExportStatus::Failed(failure),
            };
            let _ = status.try_set(outcome);
        });
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn export_dialog(export: Export) -> AnyView {
    view! {
        <ExportDialog
            scope=export.scope_text.get_value()
            format=export.format
            status=export.status
            on_start=Callback::new(move |()| export.start())
            on_close=Callback::new(move |()| export.close())
        />
    }
    .into_any()
}

/// What was gathered, before it is written.
struct Inventory {
    rows: Vec<InventoryRow>,
    orgs: usize,
    accounts: usize,
    keys: usize,
    tokens: usize,
    notes: Vec<String>,
}

/// One org's keys (`None`: this server has none) and accounts.
struct Listed<'a> {
    target: &'a Target,
    keys: Option<KeyLists>,
    accounts: Vec<ServiceAccount>,
}

/// Every org's keys and accounts, then every account's tokens, as rows; the first failure ends
/// it with its message.
async fn gather(
    targets: &[Target],
    known: &BTreeSet<i64>,
    progress: &dyn Fn(ExportStage),
) -> Result<Inventory, String> {
    let limit = Limit::new(REQUESTS_AT_ONCE);
    let (orgs_done, found) = (Cell::new(0), Cell::new(0));
    let listing = || ExportStage::Listing {
        orgs_done: orgs_done.get(),
        orgs: targets.len(),
        accounts: found.get(),
    };
    let on_found = |count: usize| {
        found.set(found.get() + count);
        progress(listing());
    };
    let listed = try_join_all(targets.iter().map(|target| async {
        let listed = list_org(target, &limit, &on_found).await?;
        orgs_done.set(orgs_done.get() + 1);
        progress(listing());
        Ok::<_, String>(listed)
    }))
    .await?;

    let accounts: Vec<(&Listed, &ServiceAccount)> = listed
        .iter()
        .flat_map(|org| org.accounts.iter().map(move |account| (org, account)))
        .collect();
    let (done, total) = (Cell::new(0), accounts.len());
    progress(ExportStage::Tokens { done: 0, total });
    let tokens = try_join_all(accounts.iter().map(|(org, account)| async {
        let tokens = if account.tokens > 0 {
            let _turn = limit.turn().await;
            org.target
                .grafana
                .service_account_tokens(account.id)
                .await
                .map_err(|error| {
                    ExportRequest::Tokens {
                        org: org.target.org_name.clone(),
                        account: account.name.clone(),
                    }
                    .failure_text(&error.to_string())
                })?
        } else {
            Vec::new()
        };
        done.set(done.get() + 1);
        progress(ExportStage::Tokens {
            done: done.get(),
            total,
        });
        Ok::<_, String>(tokens)
    }))
    .await?;

    Ok(rows(&listed, &accounts, &tokens, known))
}

/// The rows, org by org: its keys, then each account's tokens.
fn rows(
    listed: &[Listed],
    accounts: &[(&Listed, &ServiceAccount)],
    tokens: &[Vec<Token>],
    known: &BTreeSet<i64>,
) -> Inventory {
    let mut inventory = Inventory {
        rows: Vec::new(),
        orgs: listed.len(),
        accounts: accounts.len(),
        keys: 0,
        tokens: 0,
        notes: Vec::new(),
    };
    let mut held = accounts.iter().zip(tokens).peekable();
    for org in listed {
        let Target {
            org_id, org_name, ..
        } = org.target;
        if let Some(lists) = &org.keys {
            let now = lists.server_now.unwrap_or_else(browser::now_millis);
            let keys = lists.rows();
            inventory.keys += keys.len();
            inventory.rows.extend(
                keys.iter()
                    .map(|key| InventoryRow::key(*org_id, org_name, key, now)),
            );
            if let Some(last) = lists.cut_after() {
                inventory.notes.push(key_list_note(org_name, &last.name));
            }
        }
        while let Some(((_, account), tokens)) =
            held.next_if(|((owner, _), _)| std::ptr::eq(*owner, org))
        {
            inventory.tokens += tokens.len();
            inventory
                .rows
                .extend(account_rows(*org_id, org_name, account, tokens, known));
            if let Some(last) = tokens_cut_after(tokens) {
                inventory
                    .notes
                    .push(token_list_note(org_name, &account.name, &last.name));
            }
        }
    }
    inventory
}

/// One org's keys and every page of its service accounts, at once.
async fn list_org<'a>(
    target: &'a Target,
    limit: &Limit,
    on_found: &dyn Fn(usize),
) -> Result<Listed<'a>, String> {
    let org = || target.org_name.clone();
    let keys = async {
        let _turn = limit.turn().await;
        // Both lists: the expired keys are only in one.
        match target.grafana.key_lists().await {
            Ok(lists) => Ok(Some(lists)),
            // Keys are gone from this server (12.1+): there are none.
            Err(ApiError::RouteRemoved(_)) => Ok(None),
            Err(error) => Err(ExportRequest::Keys { org: org() }.failure_text(&error.to_string())),
        }
    };
    let accounts = async {
        let search = |page: u32| async move {
            let _turn = limit.turn().await;
            let query = AccountsQuery {
                search: String::new(),
                filter: AccountFilter::All,
                page,
            };
            let found = target.grafana.search_service_accounts(&query).await;
            if let Ok(found) = &found {
                on_found(found.accounts.len());
            }
            found
        };
        let failed = |page, error: ApiError| {
            ExportRequest::Accounts { org: org(), page }.failure_text(&error.to_string())
        };
        let first = match search(1).await {
            Ok(first) => first,
            // No service accounts on this server (before 9.1).
            Err(ApiError::RouteRemoved(_)) => return Ok(Vec::new()),
            Err(error) => return Err(failed(1, error)),
        };
        let rest =
            try_join_all((2..=first.page_count()).map(|page| async move {
                search(page).await.map_err(|error| failed(page, error))
            }))
            .await?;
        // An account added while the pages are read can push another onto the next page:
        // each once.
        let mut seen = BTreeSet::new();
        let mut accounts = first.accounts;
        accounts.extend(rest.into_iter().flat_map(|page| page.accounts));
        accounts.retain(|account| seen.insert(account.id));
        Ok(accounts)
    };
    let (keys, accounts) = futures::try_join!(keys, accounts)?;
    Ok(Listed {
        target,
        keys,
        accounts,
    })
}

/// Writes the file and hands it to the browser.
fn save(inventory: Inventory, format: ExportFormat, host: &str) -> ExportStatus {
    let text = format.render(&inventory.rows);
    let now = browser::now_millis();
    let date = local_date(now, browser::local_offset_minutes(now)).unwrap_or_default();
    let file_name = export_file_name(host, date, format);
    match browser::download(&file_name, format.media_type(), &text) {
        Ok(()) => ExportStatus::Done(ExportSummary {
            orgs: inventory.orgs,
            accounts: inventory.accounts,
            keys: inventory.keys,
            tokens: inventory.tokens,
            file_name,
            notes: inventory.notes,
        }),
        Err(why) => ExportStatus::Failed(format!("The file could not be saved: {why}")),
    }
}
