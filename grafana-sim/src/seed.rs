//! The seed document (`--seed FILE.json`, `POST /__sim/seed`).
//!
//! ```json
//! {"keys":[{"name":"ci-bot","role":"Editor","secondsToLive":604800,"lastUsedSecondsAgo":3600}]}
//! ```
//! `secondsToLive` null/absent/0 = no expiry, negative = expired that many
//! seconds ago; `lastUsedSecondsAgo` is stored from 9.1 and reported in the key
//! list from 9.5; `createdSecondsAgo` sets `created` (default: a day before the
//! first use or the expiry); `orgId` defaults to 1; `"migrated": true` migrates
//! the key at seed time (9.1+), so it becomes the token of an `sa-autogen-…`
//! account with the key's id; a migrated key may be `"isRevoked": true`.
//!
//! `serviceAccounts` (optional): `{"name","role","isDisabled","orgId",
//! "tokens":[{"name","secondsToLive","lastUsedSecondsAgo","createdSecondsAgo",
//! "isRevoked"}]}`; token names share the (org, name) namespace of keys;
//! `isRevoked` (as secret scanning leaves a leaked token) takes effect from ≈9.2.
//!
//! `users` (optional): `{"login","password","name","email","isGrafanaAdmin",
//! "currentOrgId"}`, user ids 4, 5, … in file order (service accounts follow).
//! `orgs` (optional): `{"id","name","members":[{"login","role"}]}`; org 1
//! ("Main Org.") always exists with admin/editor/viewer.
//!
//! `teams` (optional): `{"name","orgId","email","members":[{"login",
//! "permission":"Member"|"Admin"}]}`, ids 1, 2, … in file order. A service
//! account's `permissions` (optional): `[{"login"|"team","permission":
//! "Edit"|"Admin"}]`; absent = `admin` gets Admin (as its creator). See the
//! README for the whole format.

use std::collections::HashSet;

use serde::Deserialize;

use crate::model::{self, Role};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Seed {
    #[serde(default)]
    pub keys: Vec<SeedKey>,
    #[serde(default, rename = "serviceAccounts")]
    pub service_accounts: Vec<SeedServiceAccount>,
    #[serde(default)]
    pub users: Vec<SeedUser>,
    #[serde(default)]
    pub orgs: Vec<SeedOrg>,
    #[serde(default)]
    pub teams: Vec<SeedTeam>,
}

/// A team (`pkg/services/team`): ids 1, 2, … in file order.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedTeam {
    pub name: String,
    /// Default 1.
    #[serde(default, rename = "orgId")]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub members: Vec<SeedTeamMember>,
}

/// A team member: a user of the team's org, `Member` (default) or `Admin`.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedTeamMember {
    pub login: String,
    #[serde(default = "member")]
    pub permission: String,
}

fn member() -> String {
    "Member".into()
}

/// A managed permission on a service account: a user (`login`) or a team
/// (`team`, by name, in the account's org) gets `Edit` or `Admin`.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedSaPermission {
    #[serde(default)]
    pub login: Option<String>,
    #[serde(default)]
    pub team: Option<String>,
    pub permission: String,
}

/// A user besides the built-in admin/editor/viewer.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedUser {
    pub login: String,
    /// Default: the login.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// Default: `<login>@localhost`.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, rename = "isGrafanaAdmin")]
    pub is_grafana_admin: bool,
    /// The current org (`user.org_id`); default: the lowest org id the user
    /// belongs to.
    #[serde(default, rename = "currentOrgId")]
    pub current_org_id: Option<i64>,
}

/// An org and its members.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedOrg {
    pub id: i64,
    /// Required except for org 1 ("Main Org.").
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub members: Vec<SeedMember>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedMember {
    pub login: String,
    pub role: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedServiceAccount {
    pub name: String,
    #[serde(default = "viewer")]
    pub role: String,
    #[serde(default, rename = "isDisabled")]
    pub is_disabled: bool,
    #[serde(default, rename = "orgId")]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub tokens: Vec<SeedToken>,
    /// Who may manage the account. Absent: as if `admin` had created it
    /// (`admin` gets Admin when it is a member of the account's org); `[]`:
    /// nobody but the org's Admins.
    #[serde(default)]
    pub permissions: Option<Vec<SeedSaPermission>>,
}

fn viewer() -> String {
    "Viewer".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedToken {
    pub name: String,
    #[serde(default, rename = "secondsToLive")]
    pub seconds_to_live: Option<i64>,
    #[serde(default, rename = "lastUsedSecondsAgo")]
    pub last_used_seconds_ago: Option<i64>,
    /// `created` = now − this; its lifetime is then `secondsToLive + createdSecondsAgo`.
    #[serde(default, rename = "createdSecondsAgo")]
    pub created_seconds_ago: Option<i64>,
    /// Revoked by secret scanning (≈9.2+; ignored before, where the column does not exist).
    #[serde(default, rename = "isRevoked")]
    pub is_revoked: bool,
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
    #[serde(default)]
    pub migrated: bool,
    #[serde(default, rename = "createdSecondsAgo")]
    pub created_seconds_ago: Option<i64>,
    /// Only with `migrated` (secret scanning revokes tokens, never plain keys).
    #[serde(default, rename = "isRevoked")]
    pub is_revoked: bool,
}

/// `createdSecondsAgo` must be a time before the row's first use and before its expiry.
fn check_created(
    created_ago: Option<i64>,
    last_used_ago: Option<i64>,
    seconds_to_live: Option<i64>,
) -> Result<(), String> {
    let Some(created) = created_ago else {
        return Ok(());
    };
    if created < 0 {
        return Err("createdSecondsAgo must not be negative".into());
    }
    if last_used_ago.is_some_and(|used| used > created) {
        return Err(
            "createdSecondsAgo must be at least lastUsedSecondsAgo (used after created)".into(),
        );
    }
    if seconds_to_live.is_some_and(|ttl| ttl < 0 && -ttl >= created) {
        return Err(
            "createdSecondsAgo must be more than -secondsToLive (created before it expired)".into(),
        );
    }
    Ok(())
}

impl Seed {
    /// Parse and validate: roles Grafana knows, non-empty names, unique
    /// (org, name), org ids >= 1, non-negative `lastUsedSecondsAgo`.
    pub fn parse(text: &str) -> Result<Seed, String> {
        let seed: Seed =
            serde_json::from_str(text).map_err(|e| format!("invalid seed JSON: {e}"))?;
        seed.validate_people()?;
        seed.validate_teams()?;
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
            check_created(
                k.created_seconds_ago,
                k.last_used_seconds_ago,
                k.seconds_to_live,
            )
            .map_err(|e| format!("{at}: {e}"))?;
            if k.is_revoked && !k.migrated {
                return Err(format!(
                    "{at}: isRevoked needs \"migrated\": true (secret scanning revokes tokens only)"
                ));
            }
            if !seen.insert((org, k.name.clone())) {
                return Err(format!("{at}: duplicate name in org {org}"));
            }
        }
        let mut logins = HashSet::new();
        for (i, sa) in seed.service_accounts.iter().enumerate() {
            let at = format!("serviceAccounts[{i}] ({:?})", sa.name);
            if sa.name.is_empty() {
                return Err(format!("{at}: name must not be empty"));
            }
            if Role::parse(&sa.role, true).is_none() {
                return Err(format!(
                    "{at}: role must be Viewer, Editor, Admin or None, not {:?}",
                    sa.role
                ));
            }
            let org = sa.org_id.unwrap_or(1);
            if org < 1 {
                return Err(format!("{at}: orgId must be >= 1"));
            }
            if !logins.insert((org, crate::store::slug(&sa.name))) {
                return Err(format!("{at}: duplicate service account in org {org}"));
            }
            for t in &sa.tokens {
                if t.name.is_empty() {
                    return Err(format!("{at}: token name must not be empty"));
                }
                if t.last_used_seconds_ago.is_some_and(|s| s < 0) {
                    return Err(format!(
                        "{at}: token {:?}: lastUsedSecondsAgo must not be negative",
                        t.name
                    ));
                }
                check_created(
                    t.created_seconds_ago,
                    t.last_used_seconds_ago,
                    t.seconds_to_live,
                )
                .map_err(|e| format!("{at}: token {:?}: {e}", t.name))?;
                if !seen.insert((org, t.name.clone())) {
                    return Err(format!(
                        "{at}: token {:?}: name already used by a key or token in org {org}",
                        t.name
                    ));
                }
            }
            seed.validate_sa_permissions(&at, org, sa.permissions.as_deref().unwrap_or(&[]))?;
        }
        Ok(seed)
    }
}

impl Seed {
    /// Users unique and distinct from the built-in ones; org ids >= 1 and
    /// unique, names unique (org 1 may omit its name); members known users
    /// with valid roles, once per org; every seeded user in some org; a
    /// `currentOrgId` among the user's orgs.
    fn validate_people(&self) -> Result<(), String> {
        let mut logins: Vec<String> = model::USERS.iter().map(|u| u.login.to_string()).collect();
        for (i, u) in self.users.iter().enumerate() {
            let at = format!("users[{i}] ({:?})", u.login);
            if u.login.trim().is_empty() {
                return Err(format!("{at}: login must not be empty"));
            }
            if logins.iter().any(|l| l.eq_ignore_ascii_case(&u.login)) {
                return Err(format!("{at}: login already taken"));
            }
            logins.push(u.login.clone());
        }
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        if !self.orgs.iter().any(|o| o.id == model::MAIN_ORG_ID) {
            names.insert(model::MAIN_ORG_NAME.to_string());
        }
        for (i, o) in self.orgs.iter().enumerate() {
            let at = format!("orgs[{i}] (id {})", o.id);
            if o.id < 1 {
                return Err(format!("{at}: id must be >= 1"));
            }
            if !ids.insert(o.id) {
                return Err(format!("{at}: duplicate org id"));
            }
            let name = match (&o.name, o.id) {
                (Some(n), _) if n.trim().is_empty() => {
                    return Err(format!("{at}: name must not be empty"));
                }
                (Some(n), _) => n.clone(),
                (None, model::MAIN_ORG_ID) => model::MAIN_ORG_NAME.to_string(),
                (None, _) => return Err(format!("{at}: name is required")),
            };
            if !names.insert(name.clone()) {
                return Err(format!("{at}: duplicate org name {name:?}"));
            }
            let mut seen = HashSet::new();
            for m in &o.members {
                if !logins.iter().any(|l| l.eq_ignore_ascii_case(&m.login)) {
                    return Err(format!("{at}: unknown member {:?}", m.login));
                }
                if Role::parse(&m.role, true).is_none() {
                    return Err(format!(
                        "{at}: member {:?}: role must be Viewer, Editor, Admin or None, not {:?}",
                        m.login, m.role
                    ));
                }
                if !seen.insert(m.login.to_lowercase()) {
                    return Err(format!("{at}: member {:?} listed twice", m.login));
                }
            }
        }
        for (i, u) in self.users.iter().enumerate() {
            let at = format!("users[{i}] ({:?})", u.login);
            let orgs: Vec<i64> = self
                .orgs
                .iter()
                .filter(|o| {
                    o.members
                        .iter()
                        .any(|m| m.login.eq_ignore_ascii_case(&u.login))
                })
                .map(|o| o.id)
                .collect();
            if orgs.is_empty() {
                return Err(format!(
                    "{at}: member of no org (list it in orgs[].members)"
                ));
            }
            if let Some(c) = u.current_org_id
                && !orgs.contains(&c)
            {
                return Err(format!("{at}: currentOrgId {c} is not one of its orgs"));
            }
        }
        Ok(())
    }
}

impl Seed {
    /// Is `login` (case-insensitive) a member of `org` once the seed is
    /// applied: the built-in users in org 1, the declared members of declared
    /// orgs, and the Grafana Admins in orgs only keys, service accounts or
    /// teams name (which they join as if they had created them)?
    fn is_member(&self, org: i64, login: &str) -> bool {
        let builtin = model::USERS
            .iter()
            .any(|u| u.login.eq_ignore_ascii_case(login));
        if builtin && org == model::MAIN_ORG_ID {
            return true;
        }
        match self.orgs.iter().find(|o| o.id == org) {
            Some(o) => o
                .members
                .iter()
                .any(|m| m.login.eq_ignore_ascii_case(login)),
            None => {
                org != model::MAIN_ORG_ID
                    && (model::USERS
                        .iter()
                        .any(|u| u.is_grafana_admin && u.login.eq_ignore_ascii_case(login))
                        || self
                            .users
                            .iter()
                            .any(|u| u.is_grafana_admin && u.login.eq_ignore_ascii_case(login)))
            }
        }
    }

    /// Teams: non-empty names unique per org (`ErrTeamNameTaken`), org ids
    /// >= 1, members once each, users of the team's org, `Member` or `Admin`.
    fn validate_teams(&self) -> Result<(), String> {
        let mut names = HashSet::new();
        for (i, t) in self.teams.iter().enumerate() {
            let at = format!("teams[{i}] ({:?})", t.name);
            if t.name.trim().is_empty() {
                return Err(format!("{at}: name must not be empty"));
            }
            let org = t.org_id.unwrap_or(model::MAIN_ORG_ID);
            if org < 1 {
                return Err(format!("{at}: orgId must be >= 1"));
            }
            if !names.insert((org, t.name.clone())) {
                return Err(format!("{at}: team name taken in org {org}"));
            }
            let mut seen = HashSet::new();
            for m in &t.members {
                if !self.is_member(org, &m.login) {
                    return Err(format!(
                        "{at}: member {:?} is not a user of org {org}",
                        m.login
                    ));
                }
                if !matches!(m.permission.as_str(), "Member" | "Admin") {
                    return Err(format!(
                        "{at}: member {:?}: permission must be Member or Admin, not {:?}",
                        m.login, m.permission
                    ));
                }
                if !seen.insert(m.login.to_lowercase()) {
                    return Err(format!("{at}: member {:?} listed twice", m.login));
                }
            }
        }
        Ok(())
    }

    /// A service account's `permissions`: `login` xor `team`, `Edit` or
    /// `Admin`, a user of the account's org or a team of it, each once.
    fn validate_sa_permissions(
        &self,
        at: &str,
        org: i64,
        permissions: &[SeedSaPermission],
    ) -> Result<(), String> {
        let mut seen = HashSet::new();
        for p in permissions {
            if !matches!(p.permission.as_str(), "Edit" | "Admin") {
                return Err(format!(
                    "{at}: permission must be Edit or Admin, not {:?}",
                    p.permission
                ));
            }
            let key =
                match (&p.login, &p.team) {
                    (Some(login), None) => {
                        if !self.is_member(org, login) {
                            return Err(format!(
                                "{at}: permission for {login:?}: not a user of org {org}"
                            ));
                        }
                        format!("user:{}", login.to_lowercase())
                    }
                    (None, Some(team)) => {
                        if !self.teams.iter().any(|t| {
                            t.org_id.unwrap_or(model::MAIN_ORG_ID) == org && &t.name == team
                        }) {
                            return Err(format!(
                                "{at}: permission for team {team:?}: no such team in org {org}"
                            ));
                        }
                        format!("team:{team}")
                    }
                    _ => {
                        return Err(format!(
                            "{at}: each permission names either a login or a team"
                        ));
                    }
                };
            if !seen.insert(key) {
                return Err(format!("{at}: the same user or team is listed twice"));
            }
        }
        Ok(())
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
        let s = Seed::parse(
            r#"{"serviceAccounts":[{"name":"ci","tokens":[{"name":"t1","secondsToLive":-5}]}]}"#,
        )
        .unwrap();
        assert_eq!(s.service_accounts[0].role, "Viewer");
        assert!(
            Seed::parse(
                r#"{"keys":[{"name":"t","role":"Admin"}],"serviceAccounts":[{"name":"ci","tokens":[{"name":"t"}]}]}"#
            )
            .is_err()
        );
        assert!(Seed::parse(r#"{"serviceAccounts":[{"name":"ci"},{"name":"CI"}]}"#).is_err());
    }

    #[test]
    fn created_and_revoked_are_checked() {
        let s = Seed::parse(
            r#"{"keys":[{"name":"m","role":"Viewer","migrated":true,"isRevoked":true,"createdSecondsAgo":100}],
                "serviceAccounts":[{"name":"ci","tokens":[{"name":"t","secondsToLive":-10,"createdSecondsAgo":11,"lastUsedSecondsAgo":11,"isRevoked":true}]}]}"#,
        )
        .unwrap();
        assert!(s.keys[0].is_revoked);
        assert_eq!(
            s.service_accounts[0].tokens[0].created_seconds_ago,
            Some(11)
        );
        assert!(s.service_accounts[0].tokens[0].is_revoked);
        for bad in [
            r#"{"keys":[{"name":"k","role":"Viewer","isRevoked":true}]}"#,
            r#"{"keys":[{"name":"k","role":"Viewer","createdSecondsAgo":-1}]}"#,
            r#"{"keys":[{"name":"k","role":"Viewer","createdSecondsAgo":5,"lastUsedSecondsAgo":6}]}"#,
            r#"{"serviceAccounts":[{"name":"ci","tokens":[{"name":"t","secondsToLive":-10,"createdSecondsAgo":10}]}]}"#,
        ] {
            assert!(Seed::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn validates_users_and_orgs() {
        let ok = r#"{"users":[{"login":"ops"}],
            "orgs":[{"id":1,"members":[{"login":"ops","role":"Admin"}]},
                    {"id":2,"name":"Platform","members":[{"login":"OPS","role":"Viewer"}]}]}"#;
        let s = Seed::parse(ok).unwrap();
        assert_eq!(s.users.len(), 1);
        assert_eq!(s.orgs[1].members[0].role, "Viewer");
        for bad in [
            r#"{"users":[{"login":"admin"}]}"#,
            r#"{"users":[{"login":"ops"}]}"#,
            r#"{"users":[{"login":"ops","currentOrgId":2}],"orgs":[{"id":1,"members":[{"login":"ops","role":"Admin"}]}]}"#,
            r#"{"orgs":[{"id":2}]}"#,
            r#"{"orgs":[{"id":0,"name":"x"}]}"#,
            r#"{"orgs":[{"id":2,"name":"x"},{"id":2,"name":"y"}]}"#,
            r#"{"orgs":[{"id":2,"name":"Main Org."}]}"#,
            r#"{"orgs":[{"id":2,"name":"x","members":[{"login":"nobody","role":"Admin"}]}]}"#,
            r#"{"orgs":[{"id":2,"name":"x","members":[{"login":"editor","role":"Boss"}]}]}"#,
            r#"{"orgs":[{"id":2,"name":"x","members":[{"login":"editor","role":"Admin"},{"login":"Editor","role":"Viewer"}]}]}"#,
        ] {
            assert!(Seed::parse(bad).is_err(), "{bad}");
        }
    }

    /// `seeds/hygiene.json`: credentials for the hygiene views (last use spread over never,
    /// 45, 100, 110, 400 days; revoked tokens; tokens expiring within 7 days with known
    /// lifetimes; CSV-hostile names).
    #[test]
    fn hygiene_seed_is_valid() {
        let s = Seed::parse(include_str!("../seeds/hygiene.json")).unwrap();
        assert!(s.keys.iter().any(|k| k.is_revoked && k.migrated));
        let tokens: Vec<&SeedToken> = s.service_accounts.iter().flat_map(|a| &a.tokens).collect();
        assert!(tokens.iter().any(|t| t.is_revoked));
        assert!(tokens.iter().any(|t| t.last_used_seconds_ago.is_none()));
        assert!(s.keys.iter().any(|k| k.name.starts_with('=')));
    }

    #[test]
    fn dev_seed_is_valid_and_matches_the_brief() {
        let text = include_str!("../seeds/dev.json");
        let s = Seed::parse(text).unwrap();
        let main: Vec<&SeedKey> = s
            .keys
            .iter()
            .filter(|k| k.org_id.unwrap_or(1) == 1)
            .collect();
        assert!((6..=8).contains(&main.len()));
        let ttl: Vec<Option<i64>> = main.iter().map(|k| k.seconds_to_live).collect();
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
        // One migrated key (last, so the others keep ids 1..7), accounts with
        // tokens, some expired, and one disabled account.
        assert_eq!(main.iter().filter(|k| k.migrated).count(), 1);
        assert!(main.last().unwrap().migrated);
        assert!(s.service_accounts.len() >= 3);
        assert!(s.service_accounts.iter().any(|a| a.is_disabled));
        assert!(
            s.service_accounts
                .iter()
                .flat_map(|a| &a.tokens)
                .any(|t| t.seconds_to_live.is_some_and(|s| s < 0))
        );
        // Orgs 2 "Platform" and 3 "Partners"; ops is Admin in 1 and 2, Viewer in 3.
        let names: Vec<(i64, Option<&str>)> =
            s.orgs.iter().map(|o| (o.id, o.name.as_deref())).collect();
        assert!(names.contains(&(2, Some("Platform"))));
        assert!(names.contains(&(3, Some("Partners"))));
        let role = |org: i64| {
            s.orgs
                .iter()
                .find(|o| o.id == org)
                .and_then(|o| o.members.iter().find(|m| m.login == "ops"))
                .map(|m| m.role.as_str())
        };
        assert_eq!(
            (role(1), role(2), role(3)),
            (Some("Admin"), Some("Admin"), Some("Viewer"))
        );
        // Teams, and grafana-ci managed by admin (Admin) and "Platform team" (Edit).
        assert!(s.teams.iter().any(|t| t.name == "Platform team"));
        let ci = s
            .service_accounts
            .iter()
            .find(|a| a.name == "grafana-ci")
            .unwrap();
        assert_eq!(ci.permissions.as_ref().map(Vec::len), Some(2));
        // Org 1 keeps 7 plain keys with ids 1..7 (other orgs' keys come after).
        assert!(s.keys[..8].iter().all(|k| k.org_id.unwrap_or(1) == 1));
    }
}
