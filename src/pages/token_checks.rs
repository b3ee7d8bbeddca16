//! Reading accounts' tokens where only accounts are listed (issue 22). Grafana's search gives a
//! token count per account, nothing more, so what the tokens need (rotating soon, revoked,
//! unused) takes one `GET /api/serviceaccounts/:id/tokens` per account: the list asks it for the
//! accounts it shows, the overview for the first page of each org's accounts, never more than
//! [`TOKEN_READS_AT_ONCE`] at a time.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Grafana, part};
use crate::browser;
use crate::domain::hygiene::{OrgRotation, TokenCheck};
use crate::domain::orgs::Part;
use crate::domain::service_accounts::{AccountsQuery, ServiceAccount, accounts_with_tokens};
use crate::pages::limit::Limit;

/// At most this many token lists are asked for at once.
pub(crate) const TOKEN_READS_AT_ONCE: usize = 6;

/// The list's token checks: each shown account with tokens is read once (again when its token
/// count changes, or after a failure and Retry), [`TOKEN_READS_AT_ONCE`] at a time. A check
/// still waiting when its account is no longer shown (another page, search or filter), or when
/// the page goes away, is never sent.
#[derive(Clone, Copy)]
pub(crate) struct TokenChecks {
    grafana: StoredValue<Grafana, LocalStorage>,
    limit: StoredValue<Limit, LocalStorage>,
    checks: RwSignal<HashMap<i64, TokenCheck>>,
    /// The token count each check was made for.
    asked: StoredValue<HashMap<i64, i64>>,
    /// The accounts shown now.
    shown: StoredValue<HashSet<i64>>,
    /// Bumped when failed checks are forgotten, for the caller to check again.
    retries: RwSignal<u64>,
}

impl TokenChecks {
    pub(crate) fn new(grafana: Grafana) -> Self {
        TokenChecks {
            grafana: StoredValue::new_local(grafana),
            limit: StoredValue::new_local(Limit::new(TOKEN_READS_AT_ONCE)),
            checks: RwSignal::new(HashMap::new()),
            asked: StoredValue::new(HashMap::new()),
            shown: StoredValue::new(HashSet::new()),
            retries: RwSignal::new(0),
        }
    }

    /// Tracks what asks for another `check`: a Retry.
    pub(crate) fn track(self) {
        self.retries.track();
    }

    /// Every check so far, by account id (a tracked read).
    pub(crate) fn signal(self) -> Signal<HashMap<i64, TokenCheck>> {
        self.checks.into()
    }

    /// `accounts` are the ones shown now: reads the tokens of those that have any and were not
    /// read for their current token count.
    pub(crate) fn check(self, accounts: &[ServiceAccount]) {
        self.shown
            .set_value(accounts.iter().map(|account| account.id).collect());
        let wanted: Vec<(i64, i64)> = accounts
            .iter()
            .filter(|account| account.tokens > 0)
            .filter(|account| {
                self.asked
                    .with_value(|asked| asked.get(&account.id) != Some(&account.tokens))
            })
            .map(|account| (account.id, account.tokens))
            .collect();
        if wanted.is_empty() {
            return;
        }
        self.asked
            .update_value(|asked| asked.extend(wanted.iter().copied()));
        self.checks.update(|checks| {
            for (id, _) in &wanted {
                checks.insert(*id, TokenCheck::Checking);
            }
        });
        for (id, _) in wanted {
            let (grafana, limit) = (self.grafana.get_value(), self.limit.get_value());
            spawn_local(async move {
                let _turn = limit.turn().await;
                // The page is gone: not sent.
                let Some(shown) = self.shown.try_with_value(|shown| shown.contains(&id)) else {
                    return;
                };
                // No longer shown: not sent, and asked again if it is shown again.
                if !shown {
                    self.asked.update_value(|asked| {
                        asked.remove(&id);
                    });
                    self.checks.update(|checks| {
                        checks.remove(&id);
                    });
                    return;
                }
                let check = match grafana.listed_tokens(id).await {
                    Ok(listed) => TokenCheck::Checked(listed),
                    Err(error) => TokenCheck::Failed(error.to_string()),
                };
                self.checks.try_update(|checks| checks.insert(id, check));
            });
        }
    }

    /// Forgets the checks that failed, and asks for another `check` (see `track`).
    pub(crate) fn forget_failed(self) {
        let failed: Vec<i64> = self.checks.with_untracked(|checks| {
            checks
                .iter()
                .filter(|(_, check)| matches!(check, TokenCheck::Failed(_)))
                .map(|(id, _)| *id)
                .collect()
        });
        self.asked.update_value(|asked| {
            for id in &failed {
                asked.remove(id);
            }
        });
        self.checks.update(|checks| {
            for id in &failed {
                checks.remove(id);
            }
        });
        self.retries
            .update(|retries| *retries = retries.wrapping_add(1));
    }
}

/// One org's tokens to rotate soon, for the overview: the first page of its accounts (Grafana's
/// page size, 50, in Grafana's order), and the tokens of those that have any, each request
/// taking its turn of `limit`.
pub(crate) async fn org_rotation(grafana: &Grafana, limit: &Limit) -> Part<OrgRotation> {
    part(read_org_rotation(grafana, limit).await)
}

async fn read_org_rotation(grafana: &Grafana, limit: &Limit) -> Result<OrgRotation, ApiError> {
    let page = {
        let _turn = limit.turn().await;
        grafana
            .search_service_accounts(&AccountsQuery::default())
            .await?
    };
    let ids = accounts_with_tokens(&page.accounts);
    let answers = futures::future::join_all(ids.iter().map(|id| async move {
        let _turn = limit.turn().await;
        grafana.listed_tokens(*id).await
    }))
    .await;
    let lists = answers.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(OrgRotation::of(
        &lists,
        page.accounts.len(),
        page.total_count,
        browser::now_millis(),
    ))
}
