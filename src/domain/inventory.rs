//! The credential inventory export: one row per API key or service-account token, as CSV
//! (RFC 4180, spreadsheet formulas neutralised) or JSON, and the file's name.
//!
//! The row type has no field for a secret, and none of the types it is made from carries one
//! (secrets only live in `keys::Secret`, which is neither `Clone`d into rows nor `Serialize`).
//!
//! The CSV is written here rather than with the `csv` crate: that crate quotes but does not
//! neutralise formulas, so a cell pass was needed anyway, and it cost about 18 KB gzipped in a
//! release wasm (opt-level z, LTO, wasm-opt -Oz) against under 1 KB for these few lines.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::expiry::{Expiry, expiry_of};
use super::keys::{ApiKey, KEY_LIST_LIMIT};
use super::service_accounts::{
    AccountTokens, ServiceAccount, TOKEN_LIST_LIMIT, Token, migrated_evidence,
};
use super::time::{parse_unix_millis, to_rfc3339};

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Kind {
    #[serde(rename = "API key")]
    ApiKey,
    #[serde(rename = "token")]
    Token,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ApiKey => "API key",
            Kind::Token => "token",
        }
    }
}

/// One credential in the export. Instants are RFC 3339 in UTC (`2024-05-01T10:00:00Z`) when
/// readable, else as the server sent them; `None` is an empty CSV cell and JSON `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InventoryRow {
    pub org_id: i64,
    pub org_name: String,
    pub kind: Kind,
    /// The service account's name; empty for an API key.
    pub account_name: String,
    /// The service account's login; empty for an API key.
    pub account_login: String,
    pub name: String,
    /// The key's role, or the token's account's role (a token acts with its account's role).
    pub role: String,
    /// Tokens only: Grafana's key list has no creation date.
    pub created: Option<String>,
    /// `None`: never expires.
    pub expires: Option<String>,
    /// `None`: never used, or not reported by this Grafana (keys before 9.5, tokens before
    /// 9.1).
    pub last_used: Option<String>,
    /// By the server's clock (a token's `hasExpired`; a key's expiration against `now`).
    pub expired: bool,
    /// Revoked by secret scanning (tokens, ≈9.2+).
    pub revoked: bool,
    /// For a migrated API key (its row lives on as this account's token, same id): the
    /// account's login. Set on the token row of a migrated key, and on a key row the page
    /// knows was migrated.
    pub migrated_to: Option<String>,
}

/// An instant as exported: UTC RFC 3339 when readable, else as sent.
fn instant(text: Option<&str>) -> Option<String> {
    text.map(|t| parse_unix_millis(t).map_or_else(|| t.to_string(), to_rfc3339))
}

impl InventoryRow {
    /// An API key of the org, `expired` by the server's clock `now_millis`.
    pub fn key(org_id: i64, org_name: &str, key: &ApiKey, now_millis: i64) -> Self {
        InventoryRow {
            org_id,
            org_name: org_name.to_string(),
            kind: Kind::ApiKey,
            account_name: String::new(),
            account_login: String::new(),
            name: key.name.clone(),
            role: key.role.as_str().to_string(),
            created: None,
            expires: instant(key.expiration.as_deref()),
            last_used: instant(key.last_used_at.as_deref()),
            expired: matches!(
                expiry_of(key.expiration.as_deref(), now_millis),
                Expiry::At { expired: true, .. }
            ),
            revoked: false,
            migrated_to: None,
        }
    }

    /// A token of `account`; `migrated`: the token is a migrated API key (the page's migrated
    /// scan found it), so `migrated_to` names the account.
    pub fn token(
        org_id: i64,
        org_name: &str,
        account: &ServiceAccount,
        token: &Token,
        migrated: bool,
    ) -> Self {
        InventoryRow {
            org_id,
            org_name: org_name.to_string(),
            kind: Kind::Token,
            account_name: account.name.clone(),
            account_login: account.login.clone(),
            name: token.name.clone(),
            role: account.role.as_str().to_string(),
            created: instant(token.created.as_deref()),
            expires: instant(token.expiration.as_deref()),
            last_used: instant(token.last_used_at.as_deref()),
            expired: token.is_expired(),
            revoked: token.is_revoked,
            migrated_to: migrated.then(|| account.login.clone()),
        }
    }

    /// The cells, in [`CSV_HEADER`]'s order.
    fn cells(&self) -> [String; 13] {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        [
            self.org_id.to_string(),
            self.org_name.clone(),
            self.kind.as_str().to_string(),
            self.account_name.clone(),
            self.account_login.clone(),
            self.name.clone(),
            self.role.clone(),
            opt(&self.created),
            opt(&self.expires),
            opt(&self.last_used),
            self.expired.to_string(),
            self.revoked.to_string(),
            opt(&self.migrated_to),
        ]
    }
}

/// The CSV's first line.
pub const CSV_HEADER: [&str; 13] = [
    "Org ID",
    "Org",
    "Kind",
    "Account",
    "Account login",
    "Name",
    "Role",
    "Created",
    "Expires",
    "Last used",
    "Expired",
    "Revoked",
    "Migrated to",
];

/// A cell as written: a value that a spreadsheet would run as a formula (first character, or
/// first after leading spaces, `=`, `+`, `-`, `@`, tab, CR or LF: OWASP's "CSV injection"
/// list, plus LF) gets a `'` in front, and is quoted; a value with a comma, a double quote, CR
/// or LF is quoted, its double quotes doubled (RFC 4180).
pub fn csv_cell(value: &str) -> String {
    let first = value.trim_start_matches(' ').chars().next();
    let formula = matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n'))
        || value.starts_with(['\t', '\r', '\n']);
    let quoted = formula || value.contains([',', '"', '\r', '\n']);
    if !quoted {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 3);
    out.push('"');
    if formula {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The rows as CSV: [`CSV_HEADER`], then one line per row, every line ended by CRLF
/// (RFC 4180), cells written by [`csv_cell`]. UTF-8, no byte-order mark.
pub fn to_csv(rows: &[InventoryRow]) -> String {
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.map(|c| csv_cell(&c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&mut CSV_HEADER.iter().map(|h| h.to_string()));
    for row in rows {
        line(&mut row.cells().into_iter());
    }
    out
}

/// The rows as a pretty-printed JSON array of objects (`orgId`, `orgName`, `kind`,
/// `accountName`, `accountLogin`, `name`, `role`, `created`, `expires`, `lastUsed`,
/// `expired`, `revoked`, `migratedTo`), values as they are (no formula neutralising: JSON is
/// not run by spreadsheets).
pub fn to_json(rows: &[InventoryRow]) -> String {
    serde_json::to_string_pretty(rows).expect("inventory rows always serialise")
}

/// The export's two formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    /// The `type` of the download's `Blob`.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::Json => "application/json",
        }
    }

    /// The rows in this format.
    pub fn render(self, rows: &[InventoryRow]) -> String {
        match self {
            ExportFormat::Csv => to_csv(rows),
            ExportFormat::Json => to_json(rows),
        }
    }
}

/// The host (and port) of a URL such as `https://grafana.example.com:3000/grafana/`: what
/// follows the scheme, up to the path; the whole text if it has no scheme.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or_default()
}

/// The local date at `now_millis` (Unix), `offset_minutes` ahead of UTC there.
pub fn local_date(now_millis: i64, offset_minutes: i32) -> Option<NaiveDate> {
    let local = now_millis.checked_add(i64::from(offset_minutes) * 60_000)?;
    chrono::DateTime::from_timestamp_millis(local).map(|at| at.date_naive())
}

/// `grafana-credentials-<host>-<YYYY-MM-DD>.<csv|json>`, the host made safe for a file name:
/// lower-cased ASCII letters, digits, `.`, `_` and `-` kept, anything else (a port's `:`,
/// IPv6 brackets, slashes, spaces, non-ASCII) a `-`, runs of `-` made one, `-` and `.` trimmed
/// at both ends, at most 63 characters; `grafana` when nothing is left.
pub fn export_file_name(host: &str, date: NaiveDate, format: ExportFormat) -> String {
    let mut safe = String::new();
    for c in host.trim().chars() {
        let c = c.to_ascii_lowercase();
        let kept = if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            c
        } else {
            '-'
        };
        if !(kept == '-' && safe.ends_with('-')) {
            safe.push(kept);
        }
    }
    let safe: String = safe
        .trim_matches(['-', '.'])
        .chars()
        .take(63)
        .collect::<String>()
        .trim_end_matches(['-', '.'])
        .to_string();
    let host = if safe.is_empty() { "grafana" } else { &safe };
    format!(
        "grafana-credentials-{host}-{:04}-{:02}-{:02}.{}",
        date.year(),
        date.month(),
        date.day(),
        format.extension()
    )
}

/// The rows of one account: each of its `tokens`, those that are migrated API keys marked as the
/// "Migrated from API keys" filter tells them (`migrated_evidence`): a token whose id is a key
/// id seen in this session (`known`), else, for an account `sa-autogen-<key name>`, its token of
/// that name.
pub fn account_rows(
    org_id: i64,
    org_name: &str,
    account: &ServiceAccount,
    tokens: &[Token],
    known: &BTreeSet<i64>,
) -> Vec<InventoryRow> {
    let held = AccountTokens {
        account_id: account.id,
        token_ids: tokens.iter().map(|token| token.id).collect(),
        token_names: tokens.iter().map(|token| token.name.clone()).collect(),
    };
    let evidence = migrated_evidence(account, &held, known);
    tokens
        .iter()
        .map(|token| {
            let migrated = evidence.as_ref().is_some_and(|found| {
                if found.key_ids.is_empty() {
                    found.key_names.contains(&token.name)
                } else {
                    found.key_ids.contains(&token.id)
                }
            });
            InventoryRow::token(org_id, org_name, account, token, migrated)
        })
        .collect()
}

/// `1234567` as "1,234,567".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// Where a running export stands, for its progress text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportStage {
    /// Reading each org's API keys and every page of its service accounts: `orgs_done` of
    /// `orgs` read, `accounts` found so far.
    Listing {
        orgs_done: usize,
        orgs: usize,
        accounts: usize,
    },
    /// Reading the accounts' tokens: `done` of `total` accounts.
    Tokens { done: usize, total: usize },
}

impl ExportStage {
    pub fn text(self) -> String {
        match self {
            ExportStage::Listing {
                orgs_done,
                orgs,
                accounts,
            } => {
                let found = plural(accounts, "service account", "service accounts");
                if orgs > 1 {
                    format!(
                        "Listing API keys and service accounts: {} of {} orgs, {found} so far…",
                        grouped(orgs_done),
                        grouped(orgs)
                    )
                } else {
                    format!("Listing API keys and service accounts: {found} so far…")
                }
            }
            ExportStage::Tokens { done, total } => format!(
                "Exported {} of {}…",
                grouped(done),
                plural(total, "account", "accounts")
            ),
        }
    }
}

/// What a finished export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub orgs: usize,
    pub accounts: usize,
    pub keys: usize,
    pub tokens: usize,
    pub file_name: String,
    /// What the file cannot hold because Grafana's lists stop (see [`key_list_note`],
    /// [`token_list_note`]).
    pub notes: Vec<String>,
}

impl ExportSummary {
    /// "Export complete: 2 API keys and 5 tokens of 3 service accounts (1 org), in
    /// grafana-credentials-….csv."
    pub fn text(&self) -> String {
        format!(
            "Export complete: {} and {} of {} ({}), in {}.",
            plural(self.keys, "API key", "API keys"),
            plural(self.tokens, "token", "tokens"),
            plural(self.accounts, "service account", "service accounts"),
            plural(self.orgs, "org", "orgs"),
            self.file_name
        )
    }
}

/// Grafana lists at most 100 API keys, by name: where an org's list was full, the file lacks
/// the keys after `last`.
pub fn key_list_note(org_name: &str, last: &str) -> String {
    format!(
        "{org_name}: Grafana lists at most {KEY_LIST_LIMIT} API keys, by name, so any after \
         \"{last}\" are not in the file."
    )
}

/// The same for an account's tokens (at most 300).
pub fn token_list_note(org_name: &str, account: &str, last: &str) -> String {
    format!(
        "{org_name}, {account}: Grafana lists at most {TOKEN_LIST_LIMIT} tokens of an account, \
         by name, so any after \"{last}\" are not in the file."
    )
}

/// The request an export failed on, for its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportRequest {
    Keys { org: String },
    Accounts { org: String, page: u32 },
    Tokens { org: String, account: String },
}

impl ExportRequest {
    /// "Reading the tokens of service account \"ci\" in Main Org. failed: <why>. Nothing was
    /// downloaded."
    pub fn failure_text(&self, why: &str) -> String {
        let what = match self {
            ExportRequest::Keys { org } => format!("Reading the API keys of {org}"),
            ExportRequest::Accounts { org, page } => {
                format!("Reading the service accounts of {org} (page {page})")
            }
            ExportRequest::Tokens { org, account } => {
                format!("Reading the tokens of service account \"{account}\" in {org}")
            }
        };
        let why = why.trim_end();
        let stop = if why.ends_with(['.', '!', '?']) {
            ""
        } else {
            "."
        };
        format!("{what} failed: {why}{stop} Nothing was downloaded.")
    }
}

/// Where the export dialog stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ExportStatus {
    #[default]
    Ready,
    Running(ExportStage),
    Done(ExportSummary),
    /// What failed and why ([`ExportRequest::failure_text`]); an export is all or nothing.
    Failed(String),
}

impl ExportStatus {
    pub fn is_running(&self) -> bool {
        matches!(self, ExportStatus::Running(_))
    }

    /// The progress text (`role="status"`): the stage, or the result.
    pub fn text(&self) -> String {
        match self {
            ExportStatus::Ready | ExportStatus::Failed(_) => String::new(),
            ExportStatus::Running(stage) => stage.text(),
            ExportStatus::Done(summary) => summary.text(),
        }
    }

    /// `(done, total)` while tokens are read, for a progress bar.
    pub fn fraction(&self) -> Option<(usize, usize)> {
        match self {
            ExportStatus::Running(ExportStage::Tokens { done, total }) => Some((*done, *total)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::keys::Role;

    const NOW: &str = "2026-06-01T00:00:00Z";

    fn now() -> i64 {
        parse_unix_millis(NOW).unwrap()
    }

    fn api_key(name: &str, expiration: Option<&str>, last_used_at: Option<&str>) -> ApiKey {
        ApiKey {
            id: 7,
            name: name.into(),
            role: Role::Editor,
            expiration: expiration.map(str::to_string),
            last_used_at: last_used_at.map(str::to_string),
            access_control: None,
        }
    }

    fn account() -> ServiceAccount {
        ServiceAccount {
            id: 4,
            uid: Some("abc".into()),
            name: "sa-autogen-legacy".into(),
            login: "sa-autogen-1-legacy".into(),
            org_id: 1,
            is_disabled: false,
            role: Role::Admin,
            tokens: 1,
            is_external: false,
            created_at: None,
            access_control: None,
        }
    }

    fn token() -> Token {
        Token {
            id: 9,
            name: "legacy".into(),
            created: Some("2026-01-01T02:00:00+02:00".into()),
            last_used_at: None,
            expiration: Some("2026-05-01T00:00:00Z".into()),
            has_expired: true,
            is_revoked: true,
        }
    }

    #[test]
    fn key_and_token_rows() {
        let k = InventoryRow::key(
            2,
            "Platform, EU",
            &api_key(
                "ci",
                Some("2026-05-31T23:59:59Z"),
                Some("2026-05-01T12:00:00+02:00"),
            ),
            now(),
        );
        assert_eq!(k.kind, Kind::ApiKey);
        assert_eq!(
            (k.account_name.as_str(), k.account_login.as_str()),
            ("", "")
        );
        assert_eq!(k.role, "Editor");
        assert_eq!(k.created, None);
        assert!(k.expired);
        assert_eq!(k.last_used.as_deref(), Some("2026-05-01T10:00:00Z"));
        let live = InventoryRow::key(1, "Main Org.", &api_key("x", None, None), now());
        assert!(!live.expired);
        assert_eq!((live.expires, live.last_used), (None, None));

        let t = InventoryRow::token(1, "Main Org.", &account(), &token(), true);
        assert_eq!(t.kind, Kind::Token);
        assert_eq!(t.account_name, "sa-autogen-legacy");
        assert_eq!(t.role, "Admin");
        assert_eq!(t.created.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert!(t.expired && t.revoked);
        assert_eq!(t.migrated_to.as_deref(), Some("sa-autogen-1-legacy"));
        let plain = InventoryRow::token(1, "Main Org.", &account(), &token(), false);
        assert_eq!(plain.migrated_to, None);
        // An unreadable date is kept as sent.
        let odd = InventoryRow::key(1, "o", &api_key("x", Some("someday"), None), now());
        assert_eq!(odd.expires.as_deref(), Some("someday"));
        assert!(!odd.expired);
    }

    #[test]
    fn cells_table() {
        let cases: &[(&str, &str)] = &[
            ("plain", "plain"),
            ("", ""),
            ("with space", "with space"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\rhere", "\"cr\rhere\""),
            // Formulas: neutralised and quoted.
            ("=1+1", "\"'=1+1\""),
            ("+1", "\"'+1\""),
            ("-1", "\"'-1\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("\rx", "\"'\rx\""),
            ("\nx", "\"'\nx\""),
            ("  =cmd", "\"'  =cmd\""),
            (
                "=HYPERLINK(\"http://x\",\"a\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\"",
            ),
            ("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\""),
            // Not at the start: harmless.
            ("a=b", "a=b"),
            ("ci-token-2026", "ci-token-2026"),
            ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
            ("'quoted'", "'quoted'"),
            ("Déploiement", "Déploiement"),
        ];
        for (value, expected) in cases {
            assert_eq!(csv_cell(value), *expected, "{value:?}");
        }
    }

    #[test]
    fn csv_document() {
        let rows = [
            InventoryRow::key(
                1,
                "Main, Org",
                &api_key("=evil", None, Some("2026-05-01T00:00:00Z")),
                now(),
            ),
            InventoryRow::token(1, "Main, Org", &account(), &token(), true),
        ];
        let csv = to_csv(&rows);
        let expected = "Org ID,Org,Kind,Account,Account login,Name,Role,Created,Expires,Last used,Expired,Revoked,Migrated to\r\n\
            1,\"Main, Org\",API key,,,\"'=evil\",Editor,,,2026-05-01T00:00:00Z,false,false,\r\n\
            1,\"Main, Org\",token,sa-autogen-legacy,sa-autogen-1-legacy,legacy,Admin,2026-01-01T00:00:00Z,2026-05-01T00:00:00Z,,true,true,sa-autogen-1-legacy\r\n";
        assert_eq!(csv, expected);
        assert_eq!(to_csv(&[]), format!("{}\r\n", CSV_HEADER.join(",")));
    }

    #[test]
    fn json_has_exactly_the_row_fields_and_no_secret() {
        let rows = [InventoryRow::token(
            1,
            "Main Org.",
            &account(),
            &token(),
            false,
        )];
        let json = to_json(&rows);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let object = value[0].as_object().unwrap();
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        let mut expected = vec![
            "accountLogin",
            "accountName",
            "created",
            "expired",
            "expires",
            "kind",
            "lastUsed",
            "migratedTo",
            "name",
            "orgId",
            "orgName",
            "revoked",
            "role",
        ];
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(value[0]["kind"], "token");
        assert_eq!(value[0]["lastUsed"], serde_json::Value::Null);
        assert_eq!(value[0]["migratedTo"], serde_json::Value::Null);
        for forbidden in ["key", "secret", "hash", "token"] {
            assert!(!object.contains_key(forbidden), "{forbidden}");
        }
        let key_row = InventoryRow::key(1, "o", &api_key("k", None, None), now());
        assert!(to_json(&[key_row]).contains("\"kind\": \"API key\""));
        assert_eq!(to_json(&[]), "[]");
    }

    #[test]
    fn file_names() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let cases: &[(&str, &str)] = &[
            ("grafana.example.com", "grafana.example.com"),
            ("Grafana.Example.COM:3000", "grafana.example.com-3000"),
            ("127.0.0.1:3000", "127.0.0.1-3000"),
            ("[::1]:3000", "1-3000"),
            ("my host/../etc", "my-host-..-etc"),
            ("..", "grafana"),
            ("", "grafana"),
            ("ünïcode.example", "n-code.example"),
            ("a__b", "a__b"),
            ("-.lead.-", "lead"),
        ];
        for (host, safe) in cases {
            assert_eq!(
                export_file_name(host, date, ExportFormat::Csv),
                format!("grafana-credentials-{safe}-2026-12-04.csv"),
                "{host:?}"
            );
        }
        assert_eq!(
            export_file_name("h", date, ExportFormat::Json),
            "grafana-credentials-h-2026-12-04.json"
        );
        let long = export_file_name(&"a".repeat(200), date, ExportFormat::Csv);
        assert_eq!(
            long,
            format!("grafana-credentials-{}-2026-12-04.csv", "a".repeat(63))
        );
        assert_eq!(ExportFormat::Csv.media_type(), "text/csv;charset=utf-8");
        assert_eq!(ExportFormat::Json.render(&[]), "[]");
    }

    #[test]
    fn account_rows_mark_migrated_tokens() {
        let mut migrated = account();
        migrated.name = "sa-autogen-legacy".into();
        let other = Token {
            id: 10,
            name: "other".into(),
            ..token()
        };
        // By name: the token named as the key, not the other one.
        let rows = account_rows(
            1,
            "o",
            &migrated,
            &[token(), other.clone()],
            &BTreeSet::new(),
        );
        let marked: Vec<_> = rows.iter().map(|r| r.migrated_to.is_some()).collect();
        assert_eq!(marked, [true, false]);
        // By a known key id: only that token.
        let mut plain = account();
        plain.name = "ci".into();
        let rows = account_rows(1, "o", &plain, &[token(), other], &BTreeSet::from([10]));
        let marked: Vec<_> = rows.iter().map(|r| r.migrated_to.is_some()).collect();
        assert_eq!(marked, [false, true]);
        assert!(account_rows(1, "o", &plain, &[], &BTreeSet::new()).is_empty());
    }

    #[test]
    fn hosts_and_local_dates() {
        for (url, host) in [
            ("https://grafana.example.com/", "grafana.example.com"),
            ("http://127.0.0.1:3000/grafana/", "127.0.0.1:3000"),
            ("http://[::1]:3000", "[::1]:3000"),
            ("https://h?x=1", "h"),
            ("plain-host", "plain-host"),
            ("", ""),
        ] {
            assert_eq!(host_of(url), host, "{url:?}");
        }
        let at = parse_unix_millis("2026-12-04T23:30:00Z").unwrap();
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(local_date(at, 0), date(2026, 12, 4));
        // An hour ahead of UTC it is already tomorrow; five behind, still today.
        assert_eq!(local_date(at, 60), date(2026, 12, 5));
        assert_eq!(local_date(at, -300), date(2026, 12, 4));
        assert_eq!(local_date(i64::MAX, 60), None);
    }

    #[test]
    fn grouped_numbers() {
        for (n, text) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (2000, "2,000"),
            (12345, "12,345"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(grouped(n), text);
        }
    }

    #[test]
    fn progress_and_result_texts() {
        let cases = [
            (
                ExportStage::Tokens {
                    done: 120,
                    total: 2000,
                },
                "Exported 120 of 2,000 accounts…",
            ),
            (
                ExportStage::Tokens { done: 0, total: 1 },
                "Exported 0 of 1 account…",
            ),
            (
                ExportStage::Listing {
                    orgs_done: 0,
                    orgs: 1,
                    accounts: 50,
                },
                "Listing API keys and service accounts: 50 service accounts so far…",
            ),
            (
                ExportStage::Listing {
                    orgs_done: 1,
                    orgs: 3,
                    accounts: 1,
                },
                "Listing API keys and service accounts: 1 of 3 orgs, 1 service account so far…",
            ),
        ];
        for (stage, text) in cases {
            assert_eq!(stage.text(), text);
            assert_eq!(ExportStatus::Running(stage).text(), text);
        }
        let summary = ExportSummary {
            orgs: 1,
            accounts: 2000,
            keys: 1,
            tokens: 2,
            file_name: "f.csv".into(),
            notes: vec![],
        };
        assert_eq!(
            summary.text(),
            "Export complete: 1 API key and 2 tokens of 2,000 service accounts (1 org), in f.csv."
        );
        assert_eq!(ExportStatus::Ready.text(), "");
        assert_eq!(
            ExportStatus::Running(ExportStage::Tokens { done: 3, total: 9 }).fraction(),
            Some((3, 9))
        );
        assert_eq!(
            ExportRequest::Tokens {
                org: "Main Org.".into(),
                account: "ci".into()
            }
            .failure_text("Boom."),
            "Reading the tokens of service account \"ci\" in Main Org. failed: Boom. Nothing was downloaded."
        );
        assert_eq!(
            ExportRequest::Accounts {
                org: "P".into(),
                page: 3
            }
            .failure_text("Internal Server Error"),
            "Reading the service accounts of P (page 3) failed: Internal Server Error. Nothing was downloaded."
        );
        assert_eq!(
            ExportRequest::Keys { org: "P".into() }.failure_text("Is it? "),
            "Reading the API keys of P failed: Is it? Nothing was downloaded."
        );
        assert!(key_list_note("P", "key-099").contains("at most 100 API keys"));
        assert!(token_list_note("P", "bot", "t-299").contains("at most 300 tokens"));
    }
}
