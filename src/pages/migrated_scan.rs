//! Where migrated keys went, across the whole search: every page of it (up to a bound), then
//! the token ids of the accounts that have tokens, a few at a time, with progress. Serves the
//! "Migrated from API keys" filter and the keys page's links to the accounts holding its keys.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::domain::service_accounts::{
    AccountFilter, AccountsQuery, MigratedScan, ScanStage, ServiceAccount, accounts_with_tokens,
    scan_pages,
};

/// At most this many token lists are asked for at once.
const PARALLEL_TOKEN_LOADS: usize = 4;

/// Where the latest scan stands; an older scan still running (the search changed) stays quiet.
#[derive(Clone, Copy)]
pub(crate) struct ScanProgress {
    stage: RwSignal<Option<ScanStage>>,
    latest: StoredValue<u64>,
}

impl ScanProgress {
    pub(crate) fn new() -> Self {
        ScanProgress {
            stage: RwSignal::new(None),
            latest: StoredValue::new(0),
        }
    }

    /// The stage of the scan running now; `None` when none runs (a tracked read).
    pub(crate) fn get(self) -> Option<ScanStage> {
        self.stage.get()
    }

    fn start(self) -> u64 {
        let run = self.latest.get_value().wrapping_add(1);
        self.latest.set_value(run);
        run
    }

    fn set(self, run: u64, stage: Option<ScanStage>) {
        if self.latest.try_get_value() == Some(run) {
            let _ = self.stage.try_set(stage);
        }
    }
}

/// Reads the search for `search` page by page, then the tokens of each account that has any.
/// `progress` says where it stands while it runs, and is `None` once it is done.
pub(crate) async fn scan(
    grafana: &Grafana,
    search: &str,
    progress: ScanProgress,
) -> Result<MigratedScan, ApiError> {
    let run_id = progress.start();
    let result = scan_accounts(grafana, search, |stage| progress.set(run_id, Some(stage))).await;
    progress.set(run_id, None);
    result
}

/// The scan itself; `progress` hears each stage.
pub(crate) async fn scan_accounts(
    grafana: &Grafana,
    search: &str,
    progress: impl Fn(ScanStage),
) -> Result<MigratedScan, ApiError> {
    let query = |page| AccountsQuery {
        search: search.to_string(),
        filter: AccountFilter::All,
        page,
    };
    progress(ScanStage::Searching {
        page: 1,
        pages: None,
    });
    let first = grafana.search_service_accounts(&query(1)).await?;
    let (pages, truncated) = scan_pages(&first);
    let total_count = first.total_count;
    let mut seen = BTreeSet::new();
    let mut accounts = Vec::new();
    let mut add = |found: Vec<ServiceAccount>| {
        for account in found {
            if seen.insert(account.id) {
                accounts.push(account);
            }
        }
    };
    add(first.accounts);
    for page in 2..=pages {
        progress(ScanStage::Searching {
            page,
            pages: Some(pages),
        });
        let next = grafana.search_service_accounts(&query(page)).await?;
        if next.accounts.is_empty() {
            break;
        }
        add(next.accounts);
    }

    let ids = accounts_with_tokens(&accounts);
    let mut tokens = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(PARALLEL_TOKEN_LOADS) {
        progress(ScanStage::Tokens {
            done: tokens.len(),
            total: ids.len(),
        });
        tokens.extend(grafana.token_ids_of(chunk, PARALLEL_TOKEN_LOADS).await?);
    }
    Ok(MigratedScan {
        accounts,
        tokens,
        total_count,
        truncated,
    })
}
