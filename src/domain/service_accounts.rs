//! Service accounts and their tokens, as the page knows them, and the rules over them: the
//! list's query, paging, who may do what, when the view is offered, a token's expiration,
//! which accounts hold migrated API keys, and the queue that deletes expired tokens one by one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::NaiveDate;

use super::keys::{Role, Secret};
use super::permissions::GrantedActions;
use super::time::parse_unix_millis;
use super::ttl::parse_ttl;
use super::version::GrafanaVersion;

/// Grafana's page size for the list (`perpage=50`).
pub const PER_PAGE: u32 = 50;

/// The prefix Grafana gives the accounts it makes from API keys: a hint, never proof.
pub const AUTOGEN_PREFIX: &str = "sa-autogen-";

/// One service account, from the search (no dates) or from its own page (with them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    pub id: i64,
    /// Sent from Grafana 10.
    pub uid: Option<String>,
    pub name: String,
    pub login: String,
    pub org_id: i64,
    pub is_disabled: bool,
    pub role: Role,
    /// How many tokens it holds.
    pub tokens: i64,
    /// Managed outside Grafana (provisioned); Grafana's page does not edit those.
    pub is_external: bool,
    /// RFC 3339; only the account's own page has it.
    pub created_at: Option<String>,
    /// The account's own permissions, where the server has access control and was asked.
    pub access_control: Option<HashMap<String, bool>>,
}

/// One page of `GET /api/serviceaccounts/search`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountsPage {
    pub total_count: i64,
    pub accounts: Vec<ServiceAccount>,
    pub page: u32,
    pub per_page: u32,
}

impl AccountsPage {
    /// How many pages the total makes; at least one.
    pub fn page_count(&self) -> u32 {
        let per_page = i64::from(self.per_page.max(1));
        let pages = (self.total_count.max(0) + per_page - 1) / per_page;
        u32::try_from(pages.max(1)).unwrap_or(u32::MAX)
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.page_count()
    }
}

/// "1 service account", "12 service accounts".
pub fn total_text(total: i64) -> String {
    if total == 1 {
        "1 service account".to_string()
    } else {
        format!("{total} service accounts")
    }
}

/// One token of an account (`GET /api/serviceaccounts/:id/tokens`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    pub id: i64,
    pub name: String,
    /// RFC 3339.
    pub created: Option<String>,
    /// RFC 3339; `None` when never used (or on servers before 9.1).
    pub last_used_at: Option<String>,
    /// RFC 3339; `None` when it never expires.
    pub expiration: Option<String>,
    /// Expired by the server's clock ([`server_says_expired`]).
    pub has_expired: bool,
    /// Publicly exposed and revoked by secret scanning.
    pub is_revoked: bool,
}

/// The most tokens of one account Grafana lists (by name, no paging).
pub const TOKEN_LIST_LIMIT: usize = 300;

/// Where Grafana's token list came back full: the last token it listed, after which, by name,
/// tokens exist that nobody is shown.
pub fn tokens_cut_after(tokens: &[Token]) -> Option<&Token> {
    (tokens.len() >= TOKEN_LIST_LIMIT)
        .then(|| tokens.last())
        .flatten()
}

/// Whether a token has expired, by the server's clock, never the browser's: Grafana's
/// `hasExpired` where it sends it, else an expiration before the server's time when it
/// answered (`server_now`, from its `Date`); without either, not expired.
pub fn server_says_expired(
    has_expired: Option<bool>,
    expiration: Option<&str>,
    server_now: Option<i64>,
) -> bool {
    has_expired.unwrap_or_else(|| {
        let at = expiration.and_then(parse_unix_millis);
        matches!((at, server_now), (Some(at), Some(now)) if now > at)
    })
}

impl Token {
    /// Expired by the server's clock.
    pub fn is_expired(&self) -> bool {
        self.has_expired
    }
}

/// The tokens "Delete expired" removes, in the table's order; nothing else.
pub fn expired_tokens(tokens: &[Token]) -> Vec<Token> {
    tokens
        .iter()
        .filter(|token| token.is_expired())
        .cloned()
        .collect()
}

/// What "Add service account" asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewServiceAccount {
    pub name: String,
    pub role: Role,
}

/// A change to an account (`PATCH`): the role, enabled/disabled, or the name (Grafana's
/// ServiceAccountProfile edits it in place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountChange {
    Role(Role),
    Disabled(bool),
    Name(String),
}

/// What "Add service account token" asks for. `seconds_to_live: None` means no expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub name: String,
    pub seconds_to_live: Option<i64>,
}

/// A token just created: the only time its secret is ever known.
#[derive(Clone, PartialEq, Eq)]
pub struct CreatedToken {
    pub id: i64,
    pub name: String,
    pub key: Secret,
}

// Written by hand so the secret never reaches a log or the console through `{:?}`.
impl fmt::Debug for CreatedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedToken")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// The list's filter: Grafana's three, and the page's own "Migrated from API keys".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccountFilter {
    #[default]
    All,
    ExpiredTokens,
    Disabled,
    Migrated,
}

impl AccountFilter {
    pub const ALL: [AccountFilter; 4] = [
        AccountFilter::All,
        AccountFilter::ExpiredTokens,
        AccountFilter::Disabled,
        AccountFilter::Migrated,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AccountFilter::All => "All",
            AccountFilter::ExpiredTokens => "With expired tokens",
            AccountFilter::Disabled => "Disabled",
            AccountFilter::Migrated => "Migrated from API keys",
        }
    }

    /// The value in the page's URL.
    fn as_param(self) -> &'static str {
        match self {
            AccountFilter::All => "",
            AccountFilter::ExpiredTokens => "expiredTokens",
            AccountFilter::Disabled => "disabled",
            AccountFilter::Migrated => "migrated",
        }
    }

    fn from_param(text: &str) -> Self {
        match text {
            "expiredTokens" => AccountFilter::ExpiredTokens,
            "disabled" => AccountFilter::Disabled,
            "migrated" => AccountFilter::Migrated,
            _ => AccountFilter::All,
        }
    }
}

/// The list's state, in the page's URL (`?search=ci&filter=disabled&page=2`) so a reload or a
/// link restores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountsQuery {
    pub search: String,
    pub filter: AccountFilter,
    /// From 1.
    pub page: u32,
}

impl Default for AccountsQuery {
    fn default() -> Self {
        AccountsQuery {
            search: String::new(),
            filter: AccountFilter::All,
            page: 1,
        }
    }
}

impl AccountsQuery {
    /// Reads `location.search` (with or without its `?`); unknown parameters are ignored.
    pub fn parse(query_string: &str) -> Self {
        let mut query = AccountsQuery::default();
        for (name, value) in form_urlencoded::parse(query_string.trim_start_matches('?').as_bytes())
        {
            match name.as_ref() {
                "search" => query.search = value.into_owned(),
                "filter" => query.filter = AccountFilter::from_param(&value),
                "page" => query.page = value.parse().ok().filter(|page| *page >= 1).unwrap_or(1),
                _ => {}
            }
        }
        query
    }

    /// The query string for the page's URL: `""` for the defaults, else `?…`.
    pub fn to_query_string(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if !self.search.is_empty() {
            query.append_pair("search", &self.search);
        }
        if self.filter != AccountFilter::All {
            query.append_pair("filter", self.filter.as_param());
        }
        if self.page > 1 {
            query.append_pair("page", &self.page.to_string());
        }
        let query = query.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }

    /// The search request's query, as Grafana's page sends it (`perpage=50`, `accesscontrol`).
    pub fn search_params(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("perpage", &PER_PAGE.to_string())
            .append_pair("page", &self.page.to_string())
            .append_pair("query", self.search.trim())
            .append_pair("accesscontrol", "true");
        match self.filter {
            AccountFilter::ExpiredTokens => {
                query.append_pair("expiredTokens", "true");
            }
            AccountFilter::Disabled => {
                query.append_pair("disabled", "true");
            }
            AccountFilter::All | AccountFilter::Migrated => {}
        }
        query.finish()
    }
}

/// The service-account actions of access control.
pub mod actions {
    pub const READ: &str = "serviceaccounts:read";
    pub const WRITE: &str = "serviceaccounts:write";
    pub const CREATE: &str = "serviceaccounts:create";
    pub const DELETE: &str = "serviceaccounts:delete";
}

/// What the user may do with service accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AccountPermissions {
    pub read: bool,
    pub write: bool,
    pub create: bool,
    pub delete: bool,
}

impl AccountPermissions {
    /// From `GET /api/access-control/user/permissions`.
    pub fn from_actions(granted: &GrantedActions) -> Self {
        AccountPermissions {
            read: granted.contains_key(actions::READ),
            write: granted.contains_key(actions::WRITE),
            create: granted.contains_key(actions::CREATE),
            delete: granted.contains_key(actions::DELETE),
        }
    }

    /// Without access control only an org Admin manages service accounts.
    pub fn from_org_role(role: Option<&Role>) -> Self {
        let admin = role == Some(&Role::Admin);
        AccountPermissions {
            read: admin,
            write: admin,
            create: admin,
            delete: admin,
        }
    }

    /// For one account: its own `accessControl` where Grafana sent it, else the page-wide
    /// permissions. An external (provisioned) account is never edited here.
    pub fn for_account(self, account: &ServiceAccount) -> Self {
        let allowed = |action: &str, page_wide: bool| match &account.access_control {
            Some(granted) => granted.get(action).copied().unwrap_or(false),
            None => page_wide,
        };
        AccountPermissions {
            read: allowed(actions::READ, self.read),
            write: allowed(actions::WRITE, self.write) && !account.is_external,
            create: self.create,
            delete: allowed(actions::DELETE, self.delete) && !account.is_external,
        }
    }

    /// Why `action` is not allowed, in words for the disabled control; `None` when it is.
    pub fn refusal(self, action: &'static str) -> Option<String> {
        let allowed = match action {
            actions::READ => self.read,
            actions::WRITE => self.write,
            actions::CREATE => self.create,
            actions::DELETE => self.delete,
            _ => false,
        };
        (!allowed).then(|| format!("You need the {action} permission to do this."))
    }
}

/// Whether this server has the service-account API, as far as its version tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// 9.1 and later (GA), or a hidden version: ask, and a 404 on search says no.
    Ask,
    /// 8.5 to 9.0: only behind the `serviceAccounts` toggle; ask, a 404 says no.
    Beta,
    /// Before 8.5: no such API.
    No,
}

pub fn availability(version: Option<GrafanaVersion>) -> Availability {
    match version {
        None => Availability::Ask,
        Some(v) if v.at_least(9, 1) => Availability::Ask,
        Some(v) if v.at_least(8, 5) => Availability::Beta,
        Some(_) => Availability::No,
    }
}

/// What the page says where the server has no service accounts.
pub fn unavailable_text(version: Option<&str>) -> String {
    let server = match version.map(str::trim).filter(|text| !text.is_empty()) {
        Some(version) => format!("This Grafana server ({version})"),
        None => "This Grafana server".to_string(),
    };
    format!(
        "{server} has no service accounts: they arrived in Grafana 9.1 (in 8.5 to 9.0 only with \
         the serviceAccounts feature toggle)."
    )
}

/// Whether Grafana's refusal to create an account says its name is taken: "service account
/// already exists" (10.x on, errutil), or 9.x's 400 "Failed to create service account", which
/// 9.x answers with that status only for `ErrServiceAccountAlreadyExists` (a failure of the
/// store is a 500 with the same text).
pub fn is_duplicate_account(status: Option<u16>, message: &str) -> bool {
    let message = message.trim();
    message.eq_ignore_ascii_case("service account already exists")
        || (status == Some(400) && message == "Failed to create service account")
}

/// What the name field says when the name is taken: Grafana's answer, then what it means.
pub fn duplicate_account_text(message: &str, name: &str) -> String {
    format!(
        "{}: a service account named \"{}\" already exists in this organization. Choose another \
         name.",
        message.trim().trim_end_matches('.'),
        name.trim()
    )
}

/// Grafana's question before deleting an account, which names the tokens that go with it.
pub fn delete_account_question(name: &str, tokens: i64) -> String {
    match tokens {
        0 => format!("Are you sure you want to delete {name}?"),
        1 => format!("Are you sure you want to delete {name} and 1 accompanying token?"),
        n => format!("Are you sure you want to delete {name} and {n} accompanying tokens?"),
    }
}

/// Grafana's question before disabling an account: by name on the list
/// (`ServiceAccountsListPage`), "this service account" on its own page (`ServiceAccountPage`).
pub fn disable_account_question(name: Option<&str>) -> String {
    match name {
        Some(name) => format!("Are you sure you want to disable '{name}'?"),
        None => "Are you sure you want to disable this service account?".to_string(),
    }
}

/// How a link names an account: its numeric id, or its uid (accepted by Grafana from ≈11.4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AccountRef {
    Id(i64),
    Uid(String),
}

impl AccountRef {
    /// The `:id` of `/org/serviceaccounts/:id`; `None` when empty.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() {
            None
        } else if let Ok(id) = text.parse::<i64>() {
            Some(AccountRef::Id(id))
        } else {
            Some(AccountRef::Uid(text.to_string()))
        }
    }

    /// The numeric id, where the link gave one.
    pub fn id(&self) -> Option<i64> {
        match self {
            AccountRef::Id(id) => Some(*id),
            AccountRef::Uid(_) => None,
        }
    }

    /// The `:serviceAccountId` segment of a request path, percent-encoded.
    pub fn path_segment(&self) -> String {
        match self {
            AccountRef::Id(id) => id.to_string(),
            AccountRef::Uid(uid) => uid
                .bytes()
                .map(|byte| {
                    if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
                        char::from(byte).to_string()
                    } else {
                        format!("%{byte:02X}")
                    }
                })
                .collect(),
        }
    }
}

/// Whether the server takes an account's uid where Grafana's routes say `:serviceAccountId`:
/// from ≈11.4; `None` when the version is not known.
pub fn accepts_account_uids(version: Option<GrafanaVersion>) -> Option<bool> {
    version.map(|v| v.at_least(11, 4))
}

/// What the account page says when a link names an account by uid and the server answered
/// `message` (its "Service Account ID is invalid") because it only takes numeric ids.
pub fn numeric_id_needed_text(version: Option<&str>, message: &str) -> String {
    let server = match version.map(str::trim).filter(|text| !text.is_empty()) {
        Some(version) => format!("This Grafana server ({version})"),
        None => "This Grafana server".to_string(),
    };
    format!(
        "{message}. {server} needs the service account's numeric id in the link \
         (/org/serviceaccounts/<number>): uids are accepted from Grafana 11.4. Open the account \
         from the list instead."
    )
}

/// "Migrated from API keys" reads at most this many pages of the search (50 accounts each).
pub const MIGRATED_SCAN_MAX_PAGES: u32 = 20;

/// Where the scan for "Migrated from API keys" stands, for its progress text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanStage {
    /// Reading page `page` of the search; `pages` once the total is known.
    Searching { page: u32, pages: Option<u32> },
    /// Reading the tokens of the accounts that have any: `done` of `total`.
    Tokens { done: usize, total: usize },
}

impl ScanStage {
    pub fn text(self) -> String {
        match self {
            ScanStage::Searching { page, pages: None } => {
                format!("Searching service accounts: page {page}…")
            }
            ScanStage::Searching {
                page,
                pages: Some(pages),
            } => format!("Searching service accounts: page {page} of {pages}…"),
            ScanStage::Tokens { done, total } => {
                let accounts = if total == 1 { "account" } else { "accounts" };
                format!("Reading tokens: {done} of {total} {accounts}…")
            }
        }
    }
}

/// The pages to read for the scan: all of them, up to `MIGRATED_SCAN_MAX_PAGES`; and whether
/// the search has more than that.
pub fn scan_pages(first: &AccountsPage) -> (u32, bool) {
    let pages = first.page_count();
    (
        pages.min(MIGRATED_SCAN_MAX_PAGES),
        pages > MIGRATED_SCAN_MAX_PAGES,
    )
}

/// The accounts whose tokens are worth reading: only one with a token can hold a key.
pub fn accounts_with_tokens(accounts: &[ServiceAccount]) -> Vec<i64> {
    accounts
        .iter()
        .filter(|account| account.tokens > 0)
        .map(|account| account.id)
        .collect()
}

/// What the scan found across every page it read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MigratedScan {
    /// Every account the scan read, in the search's order.
    pub accounts: Vec<ServiceAccount>,
    /// The token ids of those that have tokens.
    pub tokens: Vec<AccountTokens>,
    /// The search's total.
    pub total_count: i64,
    /// The search had more pages than the scan reads.
    pub truncated: bool,
}

impl MigratedScan {
    /// The accounts made from API keys, in the search's order, each with what shows it: a
    /// token whose id is a key id in `known` (proof: the migration keeps the key's row, id
    /// included), else Grafana's footprint by name (`sa-autogen-<key name>` holding a token
    /// named `<key name>`).
    pub fn rows(&self, known: &BTreeSet<i64>) -> Vec<(ServiceAccount, Migrated)> {
        self.accounts
            .iter()
            .filter_map(|account| {
                let tokens = self
                    .tokens
                    .iter()
                    .find(|held| held.account_id == account.id)?;
                migrated_evidence(account, tokens, known).map(|found| (account.clone(), found))
            })
            .collect()
    }

    /// How many accounts are named `sa-autogen-…` without the migration's footprint (no token
    /// of the key's name, no known key id): a hint, not listed.
    pub fn hinted(&self, known: &BTreeSet<i64>) -> usize {
        let listed: BTreeSet<i64> = self
            .rows(known)
            .iter()
            .map(|(account, _)| account.id)
            .collect();
        self.accounts
            .iter()
            .filter(|account| has_autogen_name(&account.name) && !listed.contains(&account.id))
            .count()
    }

    /// The summary under the filter once the scan is done.
    pub fn summary(&self, known: &BTreeSet<i64>) -> String {
        let rows = self.rows(known);
        let read = self.accounts.len();
        let by_id = rows
            .iter()
            .filter(|(_, found)| !found.key_ids.is_empty())
            .count();
        let by_name = rows.len() - by_id;
        let mut text = match rows.len() {
            0 => format!("None of the {read} service accounts searched was made from an API key."),
            found => {
                let were = if found == 1 { "was" } else { "were" };
                let accounts = if read == 1 { "account" } else { "accounts" };
                let how = match (by_id, by_name) {
                    (_, 0) => "each proven by a key id seen on the API keys page in this session"
                        .to_string(),
                    (0, _) => "known by name (sa-autogen-<key name> holding a token of that name)"
                        .to_string(),
                    (by_id, by_name) => format!(
                        "{by_id} proven by a key id seen on the API keys page in this session, \
                         {by_name} by name only (sa-autogen-<key name> holding a token of that \
                         name)"
                    ),
                };
                format!(
                    "{found} of the {read} service {accounts} searched {were} made from API keys, {how}."
                )
            }
        };
        if self.truncated {
            text.push_str(&format!(
                " Only the first {} of {} were searched: narrow the search to see the rest.",
                read, self.total_count
            ));
        }
        text
    }
}

/// The note under "Migrated from API keys" about accounts named like migrated ones that are
/// not listed.
pub fn hinted_text(count: usize) -> String {
    if count == 1 {
        "1 other account is named sa-autogen-… but holds no token of its key's name: not listed, \
         as a name alone is no proof."
            .to_string()
    } else {
        format!(
            "{count} other accounts are named sa-autogen-… but hold no token of their key's name: \
             not listed, as a name alone is no proof."
        )
    }
}

/// How an account is known to hold migrated API keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Migrated {
    /// The key ids (seen in this session) its tokens carry: the proof. Empty where only the
    /// name tells.
    pub key_ids: Vec<i64>,
    /// The names of the keys, as their tokens carry them.
    pub key_names: Vec<String>,
}

impl Migrated {
    /// "migrated (key #5)", "migrated (keys #5, #6)", or "migrated (by name)".
    pub fn label(&self) -> String {
        let ids: Vec<String> = self.key_ids.iter().map(|id| format!("#{id}")).collect();
        match ids.len() {
            0 => "migrated (by name)".to_string(),
            1 => format!("migrated (key {})", ids[0]),
            _ => format!("migrated (keys {})", ids.join(", ")),
        }
    }

    /// "API key ci-deploy-bot", "API keys a, b".
    pub fn keys_text(&self) -> String {
        match self.key_names.len() {
            1 => format!("API key {}", self.key_names[0]),
            _ => format!("API keys {}", self.key_names.join(", ")),
        }
    }
}

/// What shows that `account` (with its `tokens`) was made from API keys, if anything does.
pub fn migrated_evidence(
    account: &ServiceAccount,
    tokens: &AccountTokens,
    known: &BTreeSet<i64>,
) -> Option<Migrated> {
    let proven: Vec<(i64, String)> = tokens
        .token_ids
        .iter()
        .zip(tokens.names())
        .filter(|(id, _)| known.contains(id))
        .map(|(id, name)| (*id, name))
        .collect();
    if !proven.is_empty() {
        let (key_ids, key_names) = proven.into_iter().unzip();
        return Some(Migrated { key_ids, key_names });
    }
    let key_name = account.name.strip_prefix(AUTOGEN_PREFIX)?;
    tokens
        .token_names
        .iter()
        .any(|name| name == key_name)
        .then(|| Migrated {
            key_ids: Vec::new(),
            key_names: vec![key_name.to_string()],
        })
}

/// How a new token expires, as chosen in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExpirationChoice {
    #[default]
    Never,
    /// A time to live in the keys page's grammar (`30d`).
    TimeToLive,
    /// A calendar date (`<input type=date>`), the end of which is the expiry... at its start,
    /// local midnight, as Grafana's date picker gives it.
    Date,
}

pub const TTL_REQUIRED: &str = "Enter a time to live, e.g. 30d";
pub const DATE_REQUIRED: &str = "Choose an expiration date";
pub const DATE_IN_PAST: &str = "The expiration date must be in the future";

/// The `secondsToLive` to send: `Ok(None)` for no expiry, else the seconds from now; the form's
/// message when the input is not valid. A date is local midnight at its start, `offset_minutes`
/// east of UTC.
pub fn token_seconds_to_live(
    choice: ExpirationChoice,
    ttl: &str,
    date: &str,
    now_millis: i64,
    offset_minutes: i32,
) -> Result<Option<i64>, &'static str> {
    match choice {
        ExpirationChoice::Never => Ok(None),
        ExpirationChoice::TimeToLive => match parse_ttl(ttl)? {
            None => Err(TTL_REQUIRED),
            some => Ok(some),
        },
        ExpirationChoice::Date => {
            let date = date.trim();
            if date.is_empty() {
                return Err(DATE_REQUIRED);
            }
            let day = parse_date(date).ok_or(DATE_REQUIRED)?;
            let midnight_utc = day
                .and_hms_opt(0, 0, 0)
                .ok_or(DATE_REQUIRED)?
                .and_utc()
                .timestamp_millis();
            let at = midnight_utc - i64::from(offset_minutes) * 60_000;
            let seconds = (at - now_millis).div_euclid(1000);
            if seconds <= 0 {
                Err(DATE_IN_PAST)
            } else {
                Ok(Some(seconds))
            }
        }
    }
}

/// `YYYY-MM-DD`, as `<input type=date>` gives it. Read by hand: chrono's format-string parser
/// would add its whole parsing machinery to the bundle for this one date.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.splitn(3, '-').map(|part| part.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// An account with the ids (and names) of its tokens: what tells where a key went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountTokens {
    pub account_id: i64,
    pub token_ids: Vec<i64>,
    /// The tokens' names, in the order of `token_ids`; a migrated key's token keeps its name.
    pub token_names: Vec<String>,
}

impl AccountTokens {
    /// Each token's name, in the order of `token_ids` ("" where it is not known).
    fn names(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.token_ids.len()).map(|at| self.token_names.get(at).cloned().unwrap_or_default())
    }
}

/// The accounts that hold migrated API keys, with the key ids each holds. Evidence is a token
/// whose id is a key id the page knew: migration keeps the key's row, id included. A name is
/// never evidence.
pub fn migrated_accounts(
    accounts: &[AccountTokens],
    known_key_ids: &BTreeSet<i64>,
) -> BTreeMap<i64, Vec<i64>> {
    accounts
        .iter()
        .filter_map(|account| {
            let keys: Vec<i64> = account
                .token_ids
                .iter()
                .copied()
                .filter(|id| known_key_ids.contains(id))
                .collect();
            (!keys.is_empty()).then_some((account.account_id, keys))
        })
        .collect()
}

/// The account whose token is the key `key_id`, for the keys page's "open its service account".
pub fn account_holding_key(key_id: i64, accounts: &[AccountTokens]) -> Option<i64> {
    accounts
        .iter()
        .find(|account| account.token_ids.contains(&key_id))
        .map(|account| account.account_id)
}

/// Whether the name is what Grafana's migration gives an account: a hint to look closer.
pub fn has_autogen_name(name: &str) -> bool {
    name.starts_with(AUTOGEN_PREFIX)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_full_token_list_names_its_last_token_as_the_cut() {
        let tokens = |count: usize| -> Vec<Token> {
            (0..count)
                .map(|n| Token {
                    id: n as i64,
                    name: format!("t{n:03}"),
                    created: None,
                    last_used_at: None,
                    expiration: None,
                    has_expired: false,
                    is_revoked: false,
                })
                .collect()
        };
        assert_eq!(tokens_cut_after(&tokens(299)), None);
        assert_eq!(
            tokens_cut_after(&tokens(300)).map(|t| t.name.as_str()),
            Some("t299")
        );
    }

    use super::*;

    pub(crate) fn account(id: i64, name: &str) -> ServiceAccount {
        ServiceAccount {
            id,
            uid: None,
            name: name.to_string(),
            login: format!("sa-1-{name}"),
            org_id: 1,
            is_disabled: false,
            role: Role::Viewer,
            tokens: 0,
            is_external: false,
            created_at: None,
            access_control: None,
        }
    }

    fn token(id: i64, expiration: Option<&str>, has_expired: bool) -> Token {
        Token {
            id,
            name: format!("t{id}"),
            created: None,
            last_used_at: None,
            expiration: expiration.map(Into::into),
            has_expired,
            is_revoked: false,
        }
    }

    #[test]
    fn paging_follows_the_total() {
        let cases: &[(i64, u32, u32, bool, bool)] = &[
            // total, page, page count, previous, next
            (0, 1, 1, false, false),
            (1, 1, 1, false, false),
            (50, 1, 1, false, false),
            (51, 1, 2, false, true),
            (51, 2, 2, true, false),
            (120, 2, 3, true, true),
        ];
        for &(total_count, page, count, previous, next) in cases {
            let p = AccountsPage {
                total_count,
                accounts: vec![],
                page,
                per_page: PER_PAGE,
            };
            assert_eq!(
                (p.page_count(), p.has_previous(), p.has_next()),
                (count, previous, next),
                "{total_count} on page {page}"
            );
        }
        assert_eq!(total_text(1), "1 service account");
        assert_eq!(total_text(0), "0 service accounts");
        assert_eq!(total_text(51), "51 service accounts");
    }

    #[test]
    fn the_query_round_trips_through_the_url() {
        assert_eq!(AccountsQuery::default().to_query_string(), "");
        for filter in AccountFilter::ALL {
            for search in ["", "ci bot", "a&b=c", "ünï"] {
                let query = AccountsQuery {
                    search: search.into(),
                    filter,
                    page: 3,
                };
                assert_eq!(AccountsQuery::parse(&query.to_query_string()), query);
            }
        }
        let odd = AccountsQuery::parse("?page=0&filter=nope&x=1");
        assert_eq!(odd, AccountsQuery::default());
        assert_eq!(AccountsQuery::parse("?page=-2").page, 1);
    }

    #[test]
    fn the_search_asks_as_grafana_does() {
        let cases: &[(AccountFilter, &str)] = &[
            (
                AccountFilter::All,
                "perpage=50&page=2&query=ci+bot&accesscontrol=true",
            ),
            (
                AccountFilter::ExpiredTokens,
                "perpage=50&page=2&query=ci+bot&accesscontrol=true&expiredTokens=true",
            ),
            (
                AccountFilter::Disabled,
                "perpage=50&page=2&query=ci+bot&accesscontrol=true&disabled=true",
            ),
            (
                AccountFilter::Migrated,
                "perpage=50&page=2&query=ci+bot&accesscontrol=true",
            ),
        ];
        for &(filter, expected) in cases {
            let query = AccountsQuery {
                search: " ci bot ".into(),
                filter,
                page: 2,
            };
            assert_eq!(query.search_params(), expected, "{filter:?}");
        }
    }

    #[test]
    fn permissions_from_actions_role_and_row() {
        let mut granted = GrantedActions::new();
        granted.insert(actions::READ.into(), vec!["serviceaccounts:*".into()]);
        granted.insert(actions::WRITE.into(), vec![]);
        let page = AccountPermissions::from_actions(&granted);
        assert_eq!(
            (page.read, page.write, page.create, page.delete),
            (true, true, false, false)
        );
        assert_eq!(
            page.refusal(actions::CREATE).as_deref(),
            Some("You need the serviceaccounts:create permission to do this.")
        );
        assert_eq!(page.refusal(actions::WRITE), None);

        let admin = AccountPermissions::from_org_role(Some(&Role::Admin));
        assert!(admin.read && admin.write && admin.create && admin.delete);
        for role in [Some(Role::Editor), Some(Role::Viewer), None] {
            let p = AccountPermissions::from_org_role(role.as_ref());
            assert!(!p.read && !p.write && !p.create && !p.delete, "{role:?}");
        }

        // A row's metadata wins over the page-wide permissions, both ways.
        let mut row = account(4, "a");
        row.access_control = Some(HashMap::from([(actions::DELETE.to_string(), true)]));
        let for_row = page.for_account(&row);
        assert!(for_row.delete && !for_row.write && !for_row.read);
        assert_eq!(page.for_account(&account(5, "b")), page);
        let mut external = account(6, "c");
        external.is_external = true;
        assert!(!admin.for_account(&external).write && !admin.for_account(&external).delete);
    }

    #[test]
    fn availability_by_version() {
        let v = |text| GrafanaVersion::parse(text);
        let cases = [
            (None, Availability::Ask),
            (v("8.4.11"), Availability::No),
            (v("8.5.27"), Availability::Beta),
            (v("9.0.9"), Availability::Beta),
            (v("9.1.0"), Availability::Ask),
            (v("12.1.0"), Availability::Ask),
        ];
        for (version, expected) in cases {
            assert_eq!(availability(version), expected, "{version:?}");
        }
        assert!(unavailable_text(Some("9.0.9")).starts_with("This Grafana server (9.0.9) has no"));
        assert!(unavailable_text(None).starts_with("This Grafana server has no"));
    }

    #[test]
    fn the_delete_question_counts_the_tokens() {
        let cases = [
            (0, "Are you sure you want to delete ci?"),
            (
                1,
                "Are you sure you want to delete ci and 1 accompanying token?",
            ),
            (
                3,
                "Are you sure you want to delete ci and 3 accompanying tokens?",
            ),
        ];
        for (tokens, expected) in cases {
            assert_eq!(delete_account_question("ci", tokens), expected);
        }
    }

    #[test]
    fn a_tokens_expiration_from_the_form() {
        let now = parse_unix_millis("2024-05-01T12:00:00Z").unwrap();
        type Case<'a> = (
            ExpirationChoice,
            &'a str,
            &'a str,
            i32,
            Result<Option<i64>, &'a str>,
        );
        let cases: &[Case] = &[
            (ExpirationChoice::Never, "junk", "junk", 0, Ok(None)),
            (ExpirationChoice::TimeToLive, "1d", "", 0, Ok(Some(86_400))),
            (ExpirationChoice::TimeToLive, "", "", 0, Err(TTL_REQUIRED)),
            (
                ExpirationChoice::TimeToLive,
                "1.5h",
                "",
                0,
                Err("Not a valid duration"),
            ),
            // The next day's midnight, UTC: 12 hours away.
            (
                ExpirationChoice::Date,
                "",
                "2024-05-02",
                0,
                Ok(Some(43_200)),
            ),
            // The same midnight two hours east of UTC is two hours sooner.
            (
                ExpirationChoice::Date,
                "",
                "2024-05-02",
                120,
                Ok(Some(36_000)),
            ),
            (
                ExpirationChoice::Date,
                "",
                "2024-05-01",
                0,
                Err(DATE_IN_PAST),
            ),
            (ExpirationChoice::Date, "", "", 0, Err(DATE_REQUIRED)),
            (
                ExpirationChoice::Date,
                "",
                "02/05/2024",
                0,
                Err(DATE_REQUIRED),
            ),
        ];
        for &(choice, ttl, date, offset, expected) in cases {
            assert_eq!(
                token_seconds_to_live(choice, ttl, date, now, offset),
                expected,
                "{choice:?} {ttl:?} {date:?} {offset}"
            );
        }
    }

    #[test]
    fn dates_are_read_as_the_date_input_gives_them() {
        assert_eq!(
            parse_date("2024-05-02"),
            NaiveDate::from_ymd_opt(2024, 5, 2)
        );
        for text in [
            "2024-02-30",
            "2024-13-01",
            "2024-05",
            "2024-05-02T00:00",
            "x-05-02",
            "",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn expired_tokens_are_those_the_server_calls_expired() {
        let tokens = vec![
            token(1, None, false),
            token(2, Some("2024-04-30T00:00:00Z"), true),
            token(3, Some("2030-01-01T00:00:00Z"), false),
            token(4, None, true),
        ];
        let ids: Vec<i64> = expired_tokens(&tokens).iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![2, 4]);
    }

    #[test]
    fn expiry_is_the_servers_word_else_its_clock_never_the_browsers() {
        let now = parse_unix_millis("2024-05-01T12:00:00Z").unwrap();
        let past = Some("2024-04-30T00:00:00Z");
        let future = Some("2024-06-01T00:00:00Z");
        let cases = [
            // Grafana's hasExpired decides where it is sent, whatever the dates say.
            (Some(false), past, Some(now), false),
            (Some(true), future, Some(now), true),
            (Some(false), past, None, false),
            // Else the expiration against the server's time (its Date header).
            (None, past, Some(now), true),
            (None, future, Some(now), false),
            (None, Some("2024-05-01T12:00:00Z"), Some(now), false),
            (None, None, Some(now), false),
            (None, Some("unreadable"), Some(now), false),
            // Without the server's time, nothing is called expired.
            (None, past, None, false),
        ];
        for (has_expired, expiration, server_now, expected) in cases {
            assert_eq!(
                server_says_expired(has_expired, expiration, server_now),
                expected,
                "{has_expired:?} {expiration:?} {server_now:?}"
            );
        }
    }

    #[test]
    fn migrated_keys_are_found_by_token_id_only() {
        let accounts = vec![
            AccountTokens {
                account_id: 10,
                token_ids: vec![3, 9],
                token_names: vec![],
            },
            AccountTokens {
                account_id: 11,
                token_ids: vec![12],
                token_names: vec![],
            },
            AccountTokens {
                account_id: 12,
                token_ids: vec![],
                token_names: vec![],
            },
        ];
        type Expected<'a> = &'a [(i64, &'a [i64])];
        let cases: &[(&[i64], Expected)] = &[
            (&[], &[]),
            (&[3], &[(10, &[3])]),
            (&[3, 9, 12], &[(10, &[3, 9]), (11, &[12])]),
            (&[4, 5], &[]),
        ];
        for &(known, expected) in cases {
            let known: BTreeSet<i64> = known.iter().copied().collect();
            let expected: BTreeMap<i64, Vec<i64>> = expected
                .iter()
                .map(|(account, keys)| (*account, keys.to_vec()))
                .collect();
            assert_eq!(migrated_accounts(&accounts, &known), expected, "{known:?}");
        }
        assert_eq!(account_holding_key(9, &accounts), Some(10));
        assert_eq!(account_holding_key(12, &accounts), Some(11));
        assert_eq!(account_holding_key(7, &accounts), None);
        assert!(has_autogen_name("sa-autogen-ci"));
        assert!(!has_autogen_name("ci-sa-autogen-"));
    }

    #[test]
    fn the_disable_question_names_the_account_on_the_list_only() {
        assert_eq!(
            disable_account_question(Some("ci")),
            "Are you sure you want to disable 'ci'?"
        );
        assert_eq!(
            disable_account_question(None),
            "Are you sure you want to disable this service account?"
        );
    }

    #[test]
    fn a_link_names_an_account_by_id_or_uid() {
        let cases: &[(&str, Option<AccountRef>, &str)] = &[
            ("12", Some(AccountRef::Id(12)), "12"),
            (" 7 ", Some(AccountRef::Id(7)), "7"),
            ("ae3fk2", Some(AccountRef::Uid("ae3fk2".into())), "ae3fk2"),
            ("a b/c", Some(AccountRef::Uid("a b/c".into())), "a%20b%2Fc"),
            ("", None, ""),
        ];
        for (text, expected, segment) in cases {
            let parsed = AccountRef::parse(text);
            assert_eq!(&parsed, expected, "{text:?}");
            if let Some(parsed) = parsed {
                assert_eq!(parsed.path_segment(), *segment);
            }
        }
        let v = |text| GrafanaVersion::parse(text);
        assert_eq!(accepts_account_uids(v("11.3.2")), Some(false));
        assert_eq!(accepts_account_uids(v("11.4.0")), Some(true));
        assert_eq!(accepts_account_uids(v("12.1.0")), Some(true));
        assert_eq!(accepts_account_uids(None), None);
        assert!(
            numeric_id_needed_text(Some("10.4.1"), "Service Account ID is invalid").starts_with(
                "Service Account ID is invalid. This Grafana server (10.4.1) needs the service \
                 account's numeric id"
            )
        );
    }

    #[test]
    fn the_migrated_scan_reads_every_page_up_to_a_bound() {
        let page = |total_count| AccountsPage {
            total_count,
            accounts: vec![],
            page: 1,
            per_page: PER_PAGE,
        };
        assert_eq!(scan_pages(&page(0)), (1, false));
        assert_eq!(scan_pages(&page(120)), (3, false));
        assert_eq!(scan_pages(&page(1000)), (20, false));
        assert_eq!(scan_pages(&page(1001)), (20, true));
        assert_eq!(
            ScanStage::Searching {
                page: 2,
                pages: Some(3)
            }
            .text(),
            "Searching service accounts: page 2 of 3…"
        );
        assert_eq!(
            ScanStage::Tokens { done: 4, total: 9 }.text(),
            "Reading tokens: 4 of 9 accounts…"
        );
        assert_eq!(
            ScanStage::Tokens { done: 0, total: 1 }.text(),
            "Reading tokens: 0 of 1 account…"
        );

        let mut with_tokens = account(1, "ci");
        with_tokens.tokens = 2;
        let mut autogen = account(2, "sa-autogen-old");
        autogen.tokens = 1;
        let mut hinted = account(3, "sa-autogen-other");
        hinted.tokens = 1;
        let accounts = vec![with_tokens, account(4, "none"), autogen, hinted];
        assert_eq!(accounts_with_tokens(&accounts), vec![1, 2, 3]);
        let mut by_name = account(5, "sa-autogen-legacy-reader");
        by_name.tokens = 1;
        let mut accounts = accounts;
        accounts.push(by_name);
        let tokens = |account_id, ids: Vec<i64>, names: &[&str]| AccountTokens {
            account_id,
            token_ids: ids,
            token_names: names.iter().map(|name| name.to_string()).collect(),
        };
        let scan = MigratedScan {
            accounts,
            tokens: vec![
                tokens(1, vec![30], &["ci"]),
                tokens(2, vec![5], &["old"]),
                // Named like a migrated account, but no token of the key's name: OnCall's way.
                tokens(3, vec![31], &["rotated"]),
                tokens(5, vec![40], &["legacy-reader"]),
            ],
            total_count: 1200,
            truncated: true,
        };
        let known: BTreeSet<i64> = [5, 6].into();
        let found: Vec<(i64, String, String)> = scan
            .rows(&known)
            .into_iter()
            .map(|(account, found)| (account.id, found.label(), found.keys_text()))
            .collect();
        assert_eq!(
            found,
            vec![
                (2, "migrated (key #5)".into(), "API key old".into()),
                (
                    5,
                    "migrated (by name)".into(),
                    "API key legacy-reader".into()
                ),
            ]
        );
        assert_eq!(scan.hinted(&known), 1, "a name alone is a hint only");
        assert_eq!(
            scan.summary(&known),
            "2 of the 5 service accounts searched were made from API keys, 1 proven by a key id \
             seen on the API keys page in this session, 1 by name only (sa-autogen-<key name> \
             holding a token of that name). Only the first 5 of 1200 were searched: narrow the \
             search to see the rest."
        );
        // A fresh session, where no key was ever listed (Grafana 12.1): found by name.
        let none = BTreeSet::new();
        let by_name: Vec<String> = scan
            .rows(&none)
            .into_iter()
            .map(|(account, found)| format!("{} {}", account.name, found.label()))
            .collect();
        assert_eq!(
            by_name,
            [
                "sa-autogen-old migrated (by name)",
                "sa-autogen-legacy-reader migrated (by name)"
            ]
        );
        assert_eq!(
            Migrated {
                key_ids: vec![5, 6],
                key_names: vec!["a".into(), "b".into()]
            }
            .label(),
            "migrated (keys #5, #6)"
        );
    }

    #[test]
    fn a_taken_name_is_told_at_the_field() {
        let cases = [
            (Some(400), "Failed to create service account", true),
            (Some(500), "Failed to create service account", false),
            (Some(400), "service account already exists", true),
            (Some(400), "invalid role specified", false),
            (
                Some(403),
                "can not assign a role higher than user's role",
                false,
            ),
        ];
        for (status, message, expected) in cases {
            assert_eq!(
                is_duplicate_account(status, message),
                expected,
                "{status:?} {message}"
            );
        }
        assert_eq!(
            duplicate_account_text("Failed to create service account", " grafana-ci "),
            "Failed to create service account: a service account named \"grafana-ci\" already \
             exists in this organization. Choose another name."
        );
    }

    #[test]
    fn created_token_debug_hides_the_secret() {
        let created = CreatedToken {
            id: 1,
            name: "n".into(),
            key: "glsa_SECRET_abcd1234".into(),
        };
        assert!(!format!("{created:?}").contains("SECRET"));
    }
}
