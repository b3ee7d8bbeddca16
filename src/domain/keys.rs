//! API keys as the page knows them, the two lists Grafana's page loads, and which keys it shows.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use super::search::matches_query;
use super::time::parse_unix_millis;

/// An org role, as a key (and later a service account) holds it. Grafana's `OrgRole` has the
/// three basic roles and, from Grafana 10, `None`; anything else is kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    Viewer,
    Editor,
    Admin,
    /// "No basic role" (Grafana 10 and later).
    None,
    Other(String),
}

impl Role {
    /// The roles a new key can have, in the order Grafana's select lists them; Viewer first,
    /// as the default.
    pub const CHOICES: [Role; 3] = [Role::Viewer, Role::Editor, Role::Admin];

    /// The roles a service account can have, as Grafana's page lists them: "No basic role" too.
    pub const ACCOUNT_CHOICES: [Role; 4] = [Role::None, Role::Viewer, Role::Editor, Role::Admin];

    pub fn parse(text: &str) -> Self {
        match text {
            "Viewer" => Role::Viewer,
            "Editor" => Role::Editor,
            "Admin" => Role::Admin,
            "None" => Role::None,
            other => Role::Other(other.to_string()),
        }
    }

    /// The name Grafana uses on the wire and on its pages.
    pub fn as_str(&self) -> &str {
        match self {
            Role::Viewer => "Viewer",
            Role::Editor => "Editor",
            Role::Admin => "Admin",
            Role::None => "None",
            Role::Other(other) => other,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One API key of the org. Dates stay as sent: a date the page cannot read is shown as it is
/// rather than failing the whole list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// RFC 3339; `None` when the key never expires.
    pub expiration: Option<String>,
    /// RFC 3339; Grafana reports it from 9.5 on, `None` when never used.
    pub last_used_at: Option<String>,
    /// The key's own permissions (`apikeys:delete` → allowed), where the server has access
    /// control and was asked for them.
    pub access_control: Option<HashMap<String, bool>>,
}

/// What "Add API key" asks the server for. `seconds_to_live: None` means no expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiKey {
    pub name: String,
    pub role: Role,
    pub seconds_to_live: Option<i64>,
}

/// A key just created: the only time its secret is ever known.
#[derive(Clone, PartialEq, Eq)]
pub struct CreatedApiKey {
    pub id: i64,
    pub name: String,
    pub key: Secret,
}

/// A secret shown once (a new key's or token's): every copy of it the app holds is one of
/// these, whose bytes are overwritten when it is dropped (the dialog closes), so the wasm
/// memory keeps no readable copy afterwards. Copies the browser makes (the field's value, the
/// example's text, the answer as JavaScript read it) are JavaScript strings, which cannot be
/// overwritten: they go when the garbage collector takes them.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: String) -> Self {
        Secret(text)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Overwrites the secret's bytes with zeros, in place.
    fn overwrite(&mut self) {
        Secret::wipe(&mut self.0);
    }

    /// Overwrites `text`'s bytes with zeros, in its own buffer (nothing is reallocated: the
    /// zeros fit the capacity the text had).
    pub fn wipe(text: &mut String) {
        let len = text.len();
        text.clear();
        text.extend(std::iter::repeat_n('\0', len));
        // So the writes are not optimised away as stores to memory about to be freed.
        std::hint::black_box(text.as_ptr());
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.overwrite();
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Secret(text.to_string())
    }
}

// Written by hand so the secret never reaches a log or the console through `{:?}`.
impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

// Written by hand so the secret never reaches a log or the console through `{:?}`.
impl fmt::Debug for CreatedApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedApiKey")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// The most API keys Grafana lists (`LIMIT 100`, by name, no paging).
pub const KEY_LIST_LIMIT: usize = 100;

/// The org's keys as `includeExpired=false` and `includeExpired=true` return them, and the
/// server's time when it answered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyLists {
    pub active: Vec<ApiKey>,
    pub all: Vec<ApiKey>,
    /// The server's clock (Unix millis, from the answers' `Date`; the earlier of the two),
    /// where it sent one: what "expired" is measured against, never the browser's clock.
    pub server_now: Option<i64>,
}

impl KeyLists {
    /// No keys at all, expired or not: the page invites to add one.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.active.is_empty()
    }

    /// Only expired keys exist. Grafana then forces "Include expired keys" on and disables it,
    /// so those keys can be seen (and deleted) at all.
    pub fn only_expired(&self) -> bool {
        self.active.is_empty() && !self.all.is_empty()
    }

    /// Whether expired keys are listed, given the user's choice.
    pub fn includes_expired(&self, chosen: bool) -> bool {
        chosen || self.only_expired()
    }

    /// The keys that have expired: an expiration before the server's time, each key once, in
    /// table order. Never a difference between the lists (a key made between the two requests
    /// is in one only), never the browser's clock; without the server's time, none.
    pub fn expired(&self) -> Vec<ApiKey> {
        let Some(now) = self.server_now else {
            return Vec::new();
        };
        let mut expired = self.rows();
        expired.retain(|key| {
            key.expiration
                .as_deref()
                .and_then(parse_unix_millis)
                .is_some_and(|at| now > at)
        });
        expired
    }

    /// How long, by the server's clock, until the next listed key expires: the page asks again
    /// then, so a key that expires while it is open leaves the active list (and locks the
    /// switch on where it was the last) as it would on a reload. Measured from the server's
    /// time, not the browser's, so a skewed clock neither hastens nor delays it; `None` without
    /// the server's time or a key that will expire. At least `0` (already due).
    pub fn next_expiry_in(&self) -> Option<i64> {
        let now = self.server_now?;
        self.active
            .iter()
            .filter_map(|key| key.expiration.as_deref().and_then(parse_unix_millis))
            .map(|at| (at - now).max(0))
            .min()
    }

    /// Where Grafana's list came back full (it lists at most [`KEY_LIST_LIMIT`] keys, by name,
    /// with no paging): the last key it listed, after which, by name, keys exist that nobody is
    /// shown. The list with expired keys holds the other, so it decides while it is full.
    pub fn cut_after(&self) -> Option<&ApiKey> {
        [&self.all, &self.active]
            .into_iter()
            .find(|list| list.len() >= KEY_LIST_LIMIT)
            .and_then(|list| list.last())
    }

    /// Whether any key reports when it was last used.
    pub fn reports_last_use(&self) -> bool {
        self.all.iter().any(|key| key.last_used_at.is_some())
    }

    /// Every key the table may show, in the server's order: all of them, and any that only the
    /// list without expired keys holds (made between the two requests). The table keeps a row
    /// for each and hides what the search and the switch leave out, so typing creates nothing.
    pub fn rows(&self) -> Vec<ApiKey> {
        let mut rows = self.all.clone();
        for key in &self.active {
            if !self.all.iter().any(|listed| listed.id == key.id) {
                rows.push(key.clone());
            }
        }
        rows
    }

    /// The ids of the keys shown: the chosen list, narrowed by the search text.
    pub fn shown_ids(&self, include_expired: bool, query: &str) -> BTreeSet<i64> {
        let list = if self.includes_expired(include_expired) {
            &self.all
        } else {
            &self.active
        };
        list.iter()
            .filter(|key| matches_query(&key.name, key.role.as_str(), query))
            .map(|key| key.id)
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn key(id: i64, name: &str, role: &str) -> ApiKey {
        ApiKey {
            id,
            name: name.to_string(),
            role: Role::parse(role),
            expiration: None,
            last_used_at: None,
            access_control: None,
        }
    }

    fn names(keys: &[ApiKey]) -> Vec<&str> {
        keys.iter().map(|key| key.name.as_str()).collect()
    }

    #[test]
    fn a_full_list_names_its_last_key_as_the_cut() {
        let many = |count: usize, prefix: &str| -> Vec<ApiKey> {
            (0..count)
                .map(|n| key(n as i64, &format!("{prefix}{n:03}"), "Viewer"))
                .collect()
        };
        let lists = |active, all| KeyLists {
            active,
            all,
            server_now: None,
        };
        assert_eq!(lists(many(99, "a"), many(99, "a")).cut_after(), None);
        let full = lists(many(40, "a"), many(100, "a"));
        assert_eq!(full.cut_after().map(|k| k.name.as_str()), Some("a099"));
        // The active list full while the other is not (keys made between the requests).
        let active_full = lists(many(100, "b"), many(99, "b"));
        assert_eq!(
            active_full.cut_after().map(|k| k.name.as_str()),
            Some("b099")
        );
        assert_eq!(lists(Vec::new(), Vec::new()).cut_after(), None);
    }

    /// The names of the keys shown, in table order.
    fn shown(lists: &KeyLists, include_expired: bool, query: &str) -> Vec<String> {
        let ids = lists.shown_ids(include_expired, query);
        lists
            .rows()
            .into_iter()
            .filter(|key| ids.contains(&key.id))
            .map(|key| key.name)
            .collect()
    }

    /// The server's clock in the tests: 2024-05-01T12:00:00Z.
    const NOW: i64 = 1_714_564_800_000;

    fn expiring(id: i64, name: &str, expiration: &str) -> ApiKey {
        ApiKey {
            expiration: Some(expiration.to_string()),
            ..key(id, name, "Viewer")
        }
    }

    #[test]
    fn the_next_expiry_is_measured_on_the_servers_clock() {
        let soon = expiring(1, "soon", "2024-05-01T12:00:05Z");
        let later = expiring(2, "later", "2024-05-02T12:00:00Z");
        let lists = |active: Vec<ApiKey>, server_now| KeyLists {
            all: active.clone(),
            active,
            server_now,
        };
        let both = lists(
            vec![later.clone(), soon.clone(), key(3, "never", "Admin")],
            Some(NOW),
        );
        assert_eq!(both.next_expiry_in(), Some(5_000));
        // Past due by the server's clock (it answered with whole seconds): ask again at once.
        assert_eq!(
            lists(vec![soon.clone()], Some(NOW + 9_000)).next_expiry_in(),
            Some(0)
        );
        // Only keys that never expire, none at all, or no server time: nothing to wait for.
        assert_eq!(
            lists(vec![key(3, "never", "Admin")], Some(NOW)).next_expiry_in(),
            None
        );
        assert_eq!(lists(Vec::new(), Some(NOW)).next_expiry_in(), None);
        assert_eq!(lists(vec![soon], None).next_expiry_in(), None);
        // Expired keys (only in the list with them) are not waited for.
        let expired_only = KeyLists {
            active: Vec::new(),
            all: vec![expiring(4, "old", "2024-04-01T00:00:00Z")],
            server_now: Some(NOW),
        };
        assert_eq!(expired_only.next_expiry_in(), None);
    }

    fn lists() -> KeyLists {
        let live = key(1, "live", "Admin");
        let expired = expiring(2, "old", "2024-04-01T00:00:00Z");
        KeyLists {
            active: vec![live.clone()],
            all: vec![live, expired],
            server_now: Some(NOW),
        }
    }

    #[test]
    fn roles_round_trip_and_keep_unknown_ones() {
        for text in ["Viewer", "Editor", "Admin", "None", "Custom"] {
            assert_eq!(Role::parse(text).as_str(), text);
        }
        assert_eq!(Role::parse("Custom"), Role::Other("Custom".into()));
        assert_eq!(Role::CHOICES[0], Role::Viewer);
    }

    #[test]
    fn the_switch_chooses_the_list() {
        assert_eq!(shown(&lists(), false, ""), ["live"]);
        assert_eq!(shown(&lists(), true, ""), ["live", "old"]);
    }

    #[test]
    fn search_narrows_the_chosen_list() {
        assert_eq!(shown(&lists(), true, "view"), ["old"]);
        assert!(shown(&lists(), false, "view").is_empty());
    }

    #[test]
    fn rows_hold_every_key_once_and_the_ids_say_which_show() {
        let mut lists = lists();
        lists
            .active
            .push(key(3, "made-between-the-requests", "Editor"));
        assert_eq!(
            names(&lists.rows()),
            ["live", "old", "made-between-the-requests"]
        );
        assert_eq!(lists.shown_ids(false, ""), BTreeSet::from([1, 3]));
        assert_eq!(lists.shown_ids(true, "OLD"), BTreeSet::from([2]));
        assert!(lists.shown_ids(true, "(").is_empty());
    }

    #[test]
    fn only_expired_keys_force_the_switch_on() {
        let lists = KeyLists {
            active: vec![],
            all: vec![expiring(2, "old", "2024-04-01T00:00:00Z")],
            server_now: Some(NOW),
        };
        assert!(lists.only_expired());
        // "Delete expired" is offered for them.
        assert_eq!(names(&lists.expired()), ["old"]);
        assert!(lists.includes_expired(false));
        assert_eq!(shown(&lists, false, ""), ["old"]);
        assert!(!lists.is_empty());
    }

    #[test]
    fn the_expired_keys_are_those_past_their_expiration_by_the_servers_clock() {
        assert_eq!(names(&lists().expired()), ["old"]);
        assert!(KeyLists::default().expired().is_empty());
        // Expired only once the server's time is past the instant.
        let at = |now| KeyLists {
            all: vec![expiring(2, "edge", "2024-05-01T12:00:00Z")],
            server_now: Some(now),
            ..KeyLists::default()
        };
        assert!(at(NOW).expired().is_empty());
        assert_eq!(names(&at(NOW + 1).expired()), ["edge"]);
    }

    #[test]
    fn a_key_made_between_the_two_requests_is_not_expired() {
        // Another admin's key, valid for a year, made after the list without expired keys was
        // read and before the one with them: it is in one list only.
        let mut lists = lists();
        lists
            .all
            .push(expiring(3, "made-between", "2025-05-01T12:00:00Z"));
        lists.all.push(key(4, "made-between-forever", "Editor"));
        assert_eq!(names(&lists.expired()), ["old"]);
        // And one in the other list only, with a past expiration, is.
        lists
            .active
            .push(expiring(5, "expired-since", "2024-05-01T11:00:00Z"));
        assert_eq!(names(&lists.expired()), ["old", "expired-since"]);
    }

    #[test]
    fn without_the_servers_time_nothing_is_offered_as_expired() {
        let lists = KeyLists {
            server_now: None,
            ..lists()
        };
        assert!(lists.expired().is_empty());
    }

    #[test]
    fn an_unreadable_expiration_is_not_expired() {
        let lists = KeyLists {
            all: vec![expiring(2, "odd", "yesterday")],
            server_now: Some(NOW),
            ..KeyLists::default()
        };
        assert!(lists.expired().is_empty());
    }

    #[test]
    fn with_active_keys_the_switch_is_free() {
        assert!(!lists().only_expired());
        assert!(!lists().includes_expired(false));
    }

    #[test]
    fn no_keys_at_all_is_empty() {
        assert!(KeyLists::default().is_empty());
        assert!(!KeyLists::default().only_expired());
    }

    #[test]
    fn last_use_is_reported_when_any_key_has_it() {
        let mut lists = lists();
        assert!(!lists.reports_last_use());
        lists.all[1].last_used_at = Some("2024-01-01T00:00:00Z".into());
        assert!(lists.reports_last_use());
    }

    #[test]
    fn a_secret_is_overwritten_in_place() {
        let mut secret = Secret::new("eyJrIjoiSECRET".to_string());
        assert_eq!(format!("{secret:?}"), "<redacted>");
        let (at, len) = (secret.expose().as_ptr(), secret.expose().len());
        // What dropping it does: the same buffer, every byte zero, before it is freed.
        secret.overwrite();
        assert_eq!(secret.expose().as_ptr(), at);
        assert_eq!(secret.expose().as_bytes(), vec![0; len]);
    }

    #[test]
    fn created_key_debug_hides_the_secret() {
        let created = CreatedApiKey {
            id: 1,
            name: "n".into(),
            key: "eyJrIjoiSECRET".into(),
        };
        assert!(!format!("{created:?}").contains("SECRET"));
    }
}
