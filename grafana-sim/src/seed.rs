//! The seed document (`--seed FILE.json`, `POST /__sim/seed`).
//!
//! ```json
//! {"keys":[{"name":"ci-bot","role":"Editor","secondsToLive":604800,"lastUsedSecondsAgo":3600}]}
//! ```
//! `secondsToLive` null/absent/0 = no expiry, negative = expired that many
//! seconds ago; `lastUsedSecondsAgo` is only reported from 9.5; `orgId`
//! defaults to 1.

use std::collections::HashSet;

use serde::Deserialize;

use crate::model::Role;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Seed {
    #[serde(default)]
    pub keys: Vec<SeedKey>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedKey {
    pub name: String,
    pub role: String,
    #[serde(default, rename = "secondsToLive")]
    pub seconds_to_live: Option<i64>,
    #[serde(default, rename = "lastUsedSecondsAgo")]
    pub last_used_seconds_ago: Option<i64>,
    #[serde(default, rename = "orgId")]
    pub org_id: Option<i64>,
}

impl Seed {
    /// Parse and validate: roles Grafana knows, non-empty names, unique
    /// (org, name), org ids >= 1, non-negative `lastUsedSecondsAgo`.
    pub fn parse(text: &str) -> Result<Seed, String> {
        let seed: Seed =
            serde_json::from_str(text).map_err(|e| format!("invalid seed JSON: {e}"))?;
        let mut seen = HashSet::new();
        for (i, k) in seed.keys.iter().enumerate() {
            let at = format!("keys[{i}] ({:?})", k.name);
            if k.name.is_empty() {
                return Err(format!("{at}: name must not be empty"));
            }
            if Role::parse(&k.role, true).is_none() {
                return Err(format!(
                    "{at}: role must be Viewer, Editor, Admin or None, not {:?}",
                    k.role
                ));
            }
            let org = k.org_id.unwrap_or(1);
            if org < 1 {
                return Err(format!("{at}: orgId must be >= 1"));
            }
            if k.last_used_seconds_ago.is_some_and(|s| s < 0) {
                return Err(format!("{at}: lastUsedSecondsAgo must not be negative"));
            }
            if !seen.insert((org, k.name.clone())) {
                return Err(format!("{at}: duplicate name in org {org}"));
            }
        }
        Ok(seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        let s = Seed::parse(
            r#"{"keys":[{"name":"a","role":"Editor","secondsToLive":null},
                {"name":"b","role":"Viewer","secondsToLive":-60,"lastUsedSecondsAgo":5,"orgId":2}]}"#,
        )
        .unwrap();
        assert_eq!(s.keys.len(), 2);
        assert_eq!(s.keys[1].seconds_to_live, Some(-60));
        assert!(Seed::parse(r#"{"keys":[{"name":"a","role":"Boss"}]}"#).is_err());
        assert!(Seed::parse(r#"{"keys":[{"name":"","role":"Admin"}]}"#).is_err());
        assert!(
            Seed::parse(r#"{"keys":[{"name":"a","role":"Admin"},{"name":"a","role":"Viewer"}]}"#)
                .is_err()
        );
        assert!(Seed::parse("{}").unwrap().keys.is_empty());
    }

    #[test]
    fn dev_seed_is_valid_and_matches_the_brief() {
        let text = include_str!("../seeds/dev.json");
        let s = Seed::parse(text).unwrap();
        assert!((6..=8).contains(&s.keys.len()));
        let ttl: Vec<Option<i64>> = s.keys.iter().map(|k| k.seconds_to_live).collect();
        assert_eq!(
            ttl.iter()
                .filter(|t| matches!(t, Some(s) if *s < 0))
                .count(),
            1
        );
        assert_eq!(
            ttl.iter()
                .filter(|t| matches!(t, Some(s) if *s > 0 && *s <= 7 * 86_400))
                .count(),
            2
        );
        assert!(ttl.iter().any(|t| t.is_none()));
        assert!(ttl.iter().any(|t| matches!(t, Some(s) if *s > 7 * 86_400)));
    }
}
