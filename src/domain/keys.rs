//! The two lists Grafana's page loads, and which keys it shows.

use crate::api::ApiKey;

use super::search::matches_query;

/// The org's keys as `includeExpired=false` and `includeExpired=true` return them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyLists {
    pub active: Vec<ApiKey>,
    pub all: Vec<ApiKey>,
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

    /// The keys the table shows: the chosen list, narrowed by the search text.
    pub fn visible(&self, include_expired: bool, query: &str) -> Vec<ApiKey> {
        let list = if self.includes_expired(include_expired) {
            &self.all
        } else {
            &self.active
        };
        list.iter()
            .filter(|key| matches_query(&key.name, &key.role, query))
            .cloned()
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
            role: role.to_string(),
            expiration: None,
            last_used_at: None,
            access_control: None,
        }
    }

    fn names(keys: &[ApiKey]) -> Vec<&str> {
        keys.iter().map(|key| key.name.as_str()).collect()
    }

    fn lists() -> KeyLists {
        let live = key(1, "live", "Admin");
        let expired = key(2, "old", "Viewer");
        KeyLists {
            active: vec![live.clone()],
            all: vec![live, expired],
        }
    }

    #[test]
    fn the_switch_chooses_the_list() {
        assert_eq!(names(&lists().visible(false, "")), ["live"]);
        assert_eq!(names(&lists().visible(true, "")), ["live", "old"]);
    }

    #[test]
    fn search_narrows_the_chosen_list() {
        assert_eq!(names(&lists().visible(true, "view")), ["old"]);
        assert!(lists().visible(false, "view").is_empty());
    }

    #[test]
    fn only_expired_keys_force_the_switch_on() {
        let lists = KeyLists {
            active: vec![],
            all: vec![key(2, "old", "Viewer")],
        };
        assert!(lists.only_expired());
        assert!(lists.includes_expired(false));
        assert_eq!(names(&lists.visible(false, "")), ["old"]);
        assert!(!lists.is_empty());
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
}
