//! The in-memory database: API keys, service accounts, sessions, kvstore flags.
//!
//! It is plain data with methods that mirror Grafana's SQL store
//! (`apikeyimpl/xorm_store.go`, `serviceaccounts/database/store.go`). The
//! server wraps one `Store` in a `Mutex` and never holds the lock across an
//! await or a PBKDF2 computation, so each operation (e.g. duplicate check +
//! insert) is atomic and concurrent requests serialise correctly.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::grants::{Assignee, SaGrant, SaLevel, Team};
use crate::keygen;
use crate::model::{self, FIRST_SEEDED_USER_ID, MAIN_ORG_ID, MAIN_ORG_NAME, Role};
use crate::seed::{Seed, SeedKey, SeedToken};
use crate::version::Version;

/// A row of `api_key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub role: Role,
    /// `hex(PBKDF2(k, name))`, never the secret.
    pub hash: String,
    pub created: i64,
    /// Unix seconds; `None` = never expires.
    pub expires: Option<i64>,
    /// Unix seconds of the last authenticated use.
    pub last_used_at: Option<i64>,
    /// Set once migrated: the key then lives on as that account's token.
    pub service_account_id: Option<i64>,
    /// `is_revoked` (≈9.2+): set by secret scanning only; a revoked key or token is refused
    /// at authentication but stays listed.
    pub is_revoked: bool,
}

impl ApiKey {
    pub fn is_expired(&self, now: i64) -> bool {
        // The list shows `expires >= now` as active; auth rejects `expires <= now`.
        matches!(self.expires, Some(e) if e < now)
    }
}

/// A row of `user` (people, not service accounts): the built-in users and
/// the seed's `users`.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub login: String,
    pub password: String,
    pub email: String,
    pub name: String,
    pub uid: String,
    pub is_grafana_admin: bool,
    /// `user.org_id`: the current (default) org, changed only by
    /// `POST /api/user/using/:id`. Requests without `X-Grafana-Org-Id` act in it.
    pub org_id: i64,
}

/// The org store errors (`pkg/services/org`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgError {
    /// `ErrOrgNameTaken`.
    NameTaken,
    /// `ErrOrgUserAlreadyAdded`.
    AlreadyMember,
    /// `ErrOrgNotFound` (also `ErrOrgUserNotFound` for an update).
    NotFound,
    /// `ErrLastOrgAdmin`.
    LastAdmin,
    /// `user.ErrUserNotFound`.
    UserNotFound,
}

/// A service-account user (created through the API, by a seed, or by
/// migrating a key).
#[derive(Debug, Clone)]
pub struct ServiceAccount {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub name: String,
    pub login: String,
    pub role: Role,
    pub is_disabled: bool,
    pub created: i64,
    pub updated: i64,
}

/// The store errors of `pkg/services/serviceaccounts` (models.go); the
/// handlers render them per version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaError {
    NotFound,
    AlreadyExists,
    TokenNotFound,
    DuplicateToken,
    InvalidExpiration,
}

/// `sa-<orgId>-<name>` style logins: lower case, spaces as dashes.
pub fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

#[derive(Debug, PartialEq, Eq)]
pub enum AddError {
    /// `apikey.ErrDuplicate`.
    Duplicate,
    /// `apikey.ErrInvalidExpiration`.
    InvalidExpiration,
}

impl AddError {
    /// The error texts Grafana puts in the body.
    pub fn message(&self) -> &'static str {
        match self {
            AddError::Duplicate => "API key, organization ID and name must be unique",
            AddError::InvalidExpiration => "negative value for SecondsToLive",
        }
    }
}

/// `serviceaccounts.MigrationResult`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MigrationResult {
    pub total: usize,
    pub migrated: usize,
    pub failed: usize,
    pub failed_apikey_ids: Vec<i64>,
    pub failed_details: Vec<String>,
}

/// A key a seed created, with its secret (reported only to the control API).
#[derive(Debug, Clone)]
pub struct SeededKey {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub secret: String,
}

/// A service-account token a seed created, with its secret.
#[derive(Debug, Clone)]
pub struct SeededToken {
    pub id: i64,
    pub org_id: i64,
    pub service_account_id: i64,
    pub name: String,
    pub secret: String,
}

/// What a seed created: the secrets, for the control API only.
#[derive(Debug, Clone, Default)]
pub struct SeedReport {
    pub keys: Vec<SeededKey>,
    pub tokens: Vec<SeededToken>,
}

#[derive(Debug)]
pub struct Store {
    pub version: Version,
    pub keys: Vec<ApiKey>,
    pub next_key_id: i64,
    pub service_accounts: Vec<ServiceAccount>,
    pub next_user_id: i64,
    /// Org id -> name.
    pub orgs: BTreeMap<i64, String>,
    /// People (not service accounts).
    pub users: Vec<UserRow>,
    /// `org_user`: (org id, user id) -> role.
    pub members: BTreeMap<(i64, i64), Role>,
    /// Session token -> user id.
    pub sessions: HashMap<String, i64>,
    /// kvstore `serviceaccounts/migrationStatus` per org (9.x).
    pub migration_status: HashSet<i64>,
    /// kvstore `serviceaccounts/hideApiKeys` per org (9.1 – 9.4).
    pub hide_api_keys: HashSet<i64>,
    /// `team` / `team_member`.
    pub teams: Vec<Team>,
    pub next_team_id: i64,
    /// Managed permissions on service accounts (see [`crate::grants`]).
    pub sa_grants: Vec<SaGrant>,
    /// The last `permission` row id handed out.
    pub next_permission_id: i64,
}

impl Store {
    pub fn new(version: Version) -> Self {
        let mut store = Store {
            version,
            keys: Vec::new(),
            next_key_id: 1,
            service_accounts: Vec::new(),
            next_user_id: FIRST_SEEDED_USER_ID,
            orgs: BTreeMap::new(),
            users: Vec::new(),
            members: BTreeMap::new(),
            sessions: HashMap::new(),
            migration_status: HashSet::new(),
            hide_api_keys: HashSet::new(),
            teams: Vec::new(),
            next_team_id: 1,
            sa_grants: Vec::new(),
            next_permission_id: 0,
        };
        store.reset_people(&Seed::default());
        store
    }

    /// The built-in users and org 1, then the seed's users, orgs and
    /// memberships (validated by `Seed::parse`). Orgs that only keys or
    /// service accounts name are added later by [`Store::implicit_org`].
    fn reset_people(&mut self, seed: &Seed) {
        self.orgs.clear();
        self.users.clear();
        self.members.clear();
        self.orgs.insert(MAIN_ORG_ID, MAIN_ORG_NAME.to_string());
        for u in model::USERS {
            self.users.push(UserRow {
                id: u.id,
                login: u.login.into(),
                password: u.password.into(),
                email: u.email.into(),
                name: u.name.into(),
                uid: u.uid.into(),
                is_grafana_admin: u.is_grafana_admin,
                org_id: MAIN_ORG_ID,
            });
            self.members.insert((MAIN_ORG_ID, u.id), u.role);
        }
        let mut id = FIRST_SEEDED_USER_ID;
        for u in &seed.users {
            self.users.push(UserRow {
                id,
                login: u.login.clone(),
                password: u.password.clone().unwrap_or_else(|| u.login.clone()),
                email: u
                    .email
                    .clone()
                    .unwrap_or_else(|| format!("{}@localhost", u.login)),
                name: u.name.clone().unwrap_or_default(),
                uid: format!("{}uid{id:05}", u.login.to_lowercase())
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect(),
                is_grafana_admin: u.is_grafana_admin,
                org_id: 0,
            });
            id += 1;
        }
        self.next_user_id = id;
        for o in &seed.orgs {
            let name = match (&o.name, o.id) {
                (Some(n), _) => n.clone(),
                (None, MAIN_ORG_ID) => MAIN_ORG_NAME.to_string(),
                (None, other) => format!("Org {other}"),
            };
            self.orgs.insert(o.id, name);
            for m in &o.members {
                let role = Role::parse(&m.role, true).unwrap_or(Role::Viewer);
                if let Some(uid) = self.user_by_login(&m.login).map(|u| u.id) {
                    self.members.insert((o.id, uid), role);
                }
            }
        }
        // Current org: as the seed says, else the user's lowest org.
        for i in 0..self.users.len() {
            let uid = self.users[i].id;
            let wanted = seed
                .users
                .iter()
                .find(|s| s.login.eq_ignore_ascii_case(&self.users[i].login))
                .and_then(|s| s.current_org_id);
            let current = match wanted {
                Some(o) if self.members.contains_key(&(o, uid)) => Some(o),
                _ if self.members.contains_key(&(self.users[i].org_id, uid)) => {
                    Some(self.users[i].org_id)
                }
                _ => self
                    .members
                    .keys()
                    .filter(|(_, u)| *u == uid)
                    .map(|(o, _)| *o)
                    .min(),
            };
            self.users[i].org_id = current.unwrap_or(MAIN_ORG_ID);
        }
    }

    /// An org only keys or service accounts of the seed name: "Org N", with
    /// the server admin as its Admin (as if `admin` had created it).
    fn implicit_org(&mut self, org_id: i64) {
        if let std::collections::btree_map::Entry::Vacant(e) = self.orgs.entry(org_id) {
            e.insert(format!("Org {org_id}"));
            for u in &self.users {
                if u.is_grafana_admin {
                    self.members.insert((org_id, u.id), Role::Admin);
                }
            }
        }
    }

    pub fn user(&self, id: i64) -> Option<&UserRow> {
        self.users.iter().find(|u| u.id == id)
    }

    /// `GetByLogin`: the login or e-mail, case-insensitively.
    pub fn user_by_login(&self, login_or_email: &str) -> Option<&UserRow> {
        self.users
            .iter()
            .find(|u| u.login.eq_ignore_ascii_case(login_or_email))
            .or_else(|| {
                self.users
                    .iter()
                    .find(|u| u.email.eq_ignore_ascii_case(login_or_email))
            })
    }

    /// The user's role in the org; `None` = not a member.
    pub fn role_in(&self, org_id: i64, user_id: i64) -> Option<Role> {
        self.members.get(&(org_id, user_id)).copied()
    }

    /// `GetUserOrgList`: the user's orgs ordered by name.
    pub fn user_orgs(&self, user_id: i64) -> Vec<(i64, String, Role)> {
        let mut v: Vec<(i64, String, Role)> = self
            .members
            .iter()
            .filter(|((_, u), _)| *u == user_id)
            .map(|(&(o, _), &r)| (o, self.orgs.get(&o).cloned().unwrap_or_default(), r))
            .collect();
        v.sort_by(|a, b| a.1.as_bytes().cmp(b.1.as_bytes()).then(a.0.cmp(&b.0)));
        v
    }

    /// `CreateWithMember`: a new org (next id), its creator as Admin.
    pub fn create_org(&mut self, name: &str, creator: Option<i64>) -> Result<i64, OrgError> {
        if self.orgs.values().any(|n| n == name) {
            return Err(OrgError::NameTaken);
        }
        let id = self.orgs.keys().max().copied().unwrap_or(0) + 1;
        self.orgs.insert(id, name.to_string());
        if let Some(u) = creator.filter(|&u| self.user(u).is_some()) {
            self.members.insert((id, u), Role::Admin);
        }
        Ok(id)
    }

    /// `AddOrgUser`: the membership check comes before the org's existence.
    pub fn add_org_user(&mut self, org_id: i64, user_id: i64, role: Role) -> Result<(), OrgError> {
        if self.members.contains_key(&(org_id, user_id)) {
            return Err(OrgError::AlreadyMember);
        }
        if !self.orgs.contains_key(&org_id) {
            return Err(OrgError::NotFound);
        }
        let had_orgs = self.members.keys().any(|(_, u)| *u == user_id);
        self.members.insert((org_id, user_id), role);
        // A user without any org gets this one as current (setUsingOrgInTransaction).
        if !had_orgs && let Some(u) = self.users.iter_mut().find(|u| u.id == user_id) {
            u.org_id = org_id;
        }
        Ok(())
    }

    /// `validateOneAdminLeftInOrg`: `SELECT 1 FROM org_user WHERE org_id=? AND
    /// role='Admin'` (service accounts have `org_user` rows too).
    fn org_has_admin(&self, org_id: i64) -> bool {
        self.members
            .iter()
            .any(|(&(o, _), &r)| o == org_id && r == Role::Admin)
            || self
                .service_accounts
                .iter()
                .any(|sa| sa.org_id == org_id && sa.role == Role::Admin)
    }

    /// `UpdateOrgUser`: the member's new role; `NotFound` when the user is no
    /// member (`ErrOrgUserNotFound`), `LastAdmin` (rolled back) when no Admin
    /// would be left.
    pub fn update_org_user(
        &mut self,
        org_id: i64,
        user_id: i64,
        role: Role,
    ) -> Result<(), OrgError> {
        let Some(old) = self.members.get(&(org_id, user_id)).copied() else {
            return Err(OrgError::NotFound);
        };
        self.members.insert((org_id, user_id), role);
        if !self.org_has_admin(org_id) {
            self.members.insert((org_id, user_id), old);
            return Err(OrgError::LastAdmin);
        }
        Ok(())
    }

    /// `RemoveOrgUser` (`ShouldDeleteOrphanedUser` false, the
    /// `/api/orgs/:orgId/users/:userId` route): `UserNotFound` for an unknown
    /// user; the membership goes (none to remove is no error); `LastAdmin`
    /// (rolled back) when the org has no Admin left, which an org without
    /// members (or no such org) never has; a user whose current org went
    /// moves to another of its orgs, or to none (org 0).
    pub fn remove_org_user(&mut self, org_id: i64, user_id: i64) -> Result<(), OrgError> {
        if self.user(user_id).is_none() {
            return Err(OrgError::UserNotFound);
        }
        let old = self.members.remove(&(org_id, user_id));
        if !self.org_has_admin(org_id) {
            if let Some(r) = old {
                self.members.insert((org_id, user_id), r);
            }
            return Err(OrgError::LastAdmin);
        }
        let next = self
            .members
            .keys()
            .filter(|(_, u)| *u == user_id)
            .map(|(o, _)| *o)
            .min();
        if let Some(u) = self.users.iter_mut().find(|u| u.id == user_id)
            && !next.is_some_and(|_| self.members.contains_key(&(u.org_id, user_id)))
        {
            u.org_id = next.unwrap_or(0);
        }
        Ok(())
    }

    /// `SearchOrgUsers` without a query: the org's members (people, not
    /// service accounts) ordered by e-mail then login.
    pub fn org_users(&self, org_id: i64) -> Vec<(&UserRow, Role)> {
        let mut v: Vec<(&UserRow, Role)> = self
            .members
            .iter()
            .filter(|((o, _), _)| *o == org_id)
            .filter_map(|(&(_, u), &r)| self.user(u).map(|row| (row, r)))
            .collect();
        v.sort_by(|a, b| {
            (a.0.email.as_bytes(), a.0.login.as_bytes())
                .cmp(&(b.0.email.as_bytes(), b.0.login.as_bytes()))
        });
        v
    }

    /// `SearchOrgs`: `name LIKE 'query%'` (SQLite: ASCII case-insensitive),
    /// `name = ?`, `LIMIT perpage OFFSET perpage*page` (page counts from 0 in
    /// the store, so `?page=1` is the second page), in id order.
    pub fn search_orgs(
        &self,
        query: &str,
        name: &str,
        page: i64,
        per_page: i64,
    ) -> Vec<(i64, String)> {
        let q = query.to_ascii_lowercase();
        let matching = self
            .orgs
            .iter()
            .filter(|(_, n)| query.is_empty() || n.to_ascii_lowercase().starts_with(&q))
            .filter(|(_, n)| name.is_empty() || n.as_str() == name)
            .map(|(&id, n)| (id, n.clone()));
        if per_page > 0 {
            let skip = usize::try_from(per_page.saturating_mul(page.max(0))).unwrap_or(usize::MAX);
            let take = usize::try_from(per_page).unwrap_or(usize::MAX);
            matching.skip(skip).take(take).collect()
        } else {
            matching.collect()
        }
    }

    /// `GetByName`: exact (case-sensitive) name.
    pub fn org_by_name(&self, name: &str) -> Option<i64> {
        self.orgs
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(&id, _)| id)
    }

    /// `POST /api/user/using/:id`: false when the user is not a member.
    pub fn set_current_org(&mut self, user_id: i64, org_id: i64) -> bool {
        if !self.members.contains_key(&(org_id, user_id)) {
            return false;
        }
        match self.users.iter_mut().find(|u| u.id == user_id) {
            Some(u) => {
                u.org_id = org_id;
                true
            }
            None => false,
        }
    }

    /// Replace every key and service account with the seed's (fresh ids, as
    /// a freshly provisioned database would have), migrate the keys marked
    /// `migrated`, then run the 11.6+ start-up migration. Returns the
    /// generated secrets.
    pub fn apply_seed(&mut self, seed: &Seed, prepared: PreparedSeed, now: i64) -> SeedReport {
        debug_assert_eq!(seed.keys.len(), prepared.keys.len());
        self.keys.clear();
        self.service_accounts.clear();
        self.next_key_id = 1;
        self.migration_status.clear();
        self.hide_api_keys.clear();
        self.teams.clear();
        self.next_team_id = 1;
        self.sa_grants.clear();
        self.next_permission_id = 0;
        self.reset_people(seed);
        let mut report = SeedReport::default();
        for p in prepared.keys {
            self.implicit_org(p.org_id);
            let id = self.next_key_id;
            self.next_key_id += 1;
            self.keys.push(ApiKey {
                id,
                org_id: p.org_id,
                name: p.name.clone(),
                role: p.role,
                hash: p.hash,
                created: now - p.age_seconds,
                expires: p.expires_in.map(|s| now + s),
                last_used_at: p.last_used_ago.map(|s| now - s),
                service_account_id: None,
                is_revoked: p.is_revoked,
            });
            report.keys.push(SeededKey {
                id,
                org_id: p.org_id,
                name: p.name,
                secret: p.secret,
            });
        }
        if self.version.service_accounts() {
            for (k, seeded) in seed.keys.iter().zip(&report.keys) {
                if k.migrated {
                    // A clash only drops the flag: the seed stays usable.
                    let _ = self.migrate_key(seeded.id, now);
                }
            }
        }
        for t in &seed.teams {
            let org_id = t.org_id.unwrap_or(MAIN_ORG_ID);
            self.implicit_org(org_id);
            let Ok(team) = self.create_team(org_id, &t.name, &t.email) else {
                continue;
            };
            for m in &t.members {
                if let Some(uid) = self.user_by_login(&m.login).map(|u| u.id)
                    && self.role_in(org_id, uid).is_some()
                {
                    let _ = self.add_team_member(org_id, team.id, uid, m.permission == "Admin");
                }
            }
        }
        let mut tokens = prepared.tokens.into_iter();
        for sa in &seed.service_accounts {
            let org_id = sa.org_id.unwrap_or(MAIN_ORG_ID);
            self.implicit_org(org_id);
            let role = Role::parse(&sa.role, true).unwrap_or(Role::Viewer);
            let created = now - 30 * 86_400;
            let Ok(account) =
                self.create_service_account(org_id, &sa.name, role, sa.is_disabled, created)
            else {
                continue;
            };
            self.seed_sa_permissions(org_id, account.id, sa.permissions.as_deref());
            for t in tokens.by_ref().take(sa.tokens.len()) {
                let id = self.next_key_id;
                self.next_key_id += 1;
                self.keys.push(ApiKey {
                    id,
                    org_id,
                    name: t.name.clone(),
                    role,
                    hash: t.hash,
                    created: now - t.age_seconds,
                    expires: t.expires_in.map(|s| now + s),
                    last_used_at: t.last_used_ago.map(|s| now - s),
                    service_account_id: Some(account.id),
                    is_revoked: t.is_revoked,
                });
                report.tokens.push(SeededToken {
                    id,
                    org_id,
                    service_account_id: account.id,
                    name: t.name,
                    secret: t.secret,
                });
            }
        }
        if self.version.auto_migrate_at_start() {
            let orgs: Vec<i64> = self.orgs.keys().copied().collect();
            for org in orgs {
                // 11.6+ counts failures instead of aborting: never an Err.
                let _ = self.migrate_all(org, now);
            }
        }
        report
    }

    /// A seeded account's managed permissions: as listed, or (absent) the
    /// creator's Admin, `admin` having created it when it is in the org.
    fn seed_sa_permissions(
        &mut self,
        org_id: i64,
        sa_id: i64,
        permissions: Option<&[crate::seed::SeedSaPermission]>,
    ) {
        let Some(list) = permissions else {
            if let Some(admin) = self.user_by_login("admin").map(|u| u.id)
                && self.role_in(org_id, admin).is_some()
            {
                self.set_sa_permission(org_id, sa_id, Assignee::User(admin), Some(SaLevel::Admin));
            }
            return;
        };
        for p in list {
            let assignee = match (&p.login, &p.team) {
                (Some(login), _) => self.user_by_login(login).map(|u| Assignee::User(u.id)),
                (None, Some(team)) => self
                    .teams
                    .iter()
                    .find(|t| t.org_id == org_id && &t.name == team)
                    .map(|t| Assignee::Team(t.id)),
                (None, None) => None,
            };
            if let Some(a) = assignee {
                self.set_sa_permission(org_id, sa_id, a, SaLevel::parse(&p.permission));
            }
        }
    }

    /// `GetAPIKeys`: org's non-migrated keys, `ORDER BY name ASC LIMIT 100`,
    /// without expired ones unless asked.
    pub fn list(&self, org_id: i64, include_expired: bool, now: i64) -> Vec<&ApiKey> {
        let mut v: Vec<&ApiKey> = self
            .keys
            .iter()
            .filter(|k| k.org_id == org_id && k.service_account_id.is_none())
            .filter(|k| include_expired || !k.is_expired(now))
            .collect();
        // Byte order, like SQLite's default BINARY collation; id breaks ties
        // the way row order would.
        v.sort_by(|a, b| {
            a.name
                .as_bytes()
                .cmp(b.name.as_bytes())
                .then(a.id.cmp(&b.id))
        });
        v.truncate(100);
        v
    }

    /// `AddAPIKey`: the duplicate check covers every row of the org (expired
    /// keys and migrated tokens included, issue #42404), then the expiry.
    pub fn add(
        &mut self,
        org_id: i64,
        name: &str,
        role: Role,
        seconds_to_live: i64,
        hash: String,
        now: i64,
    ) -> Result<ApiKey, AddError> {
        if self
            .keys
            .iter()
            .any(|k| k.org_id == org_id && k.name == name)
        {
            return Err(AddError::Duplicate);
        }
        let expires = if seconds_to_live > 0 {
            Some(now.saturating_add(seconds_to_live))
        } else if seconds_to_live < 0 {
            return Err(AddError::InvalidExpiration);
        } else {
            None
        };
        let key = ApiKey {
            id: self.next_key_id,
            org_id,
            name: name.to_string(),
            role,
            hash,
            created: now,
            expires,
            last_used_at: None,
            service_account_id: None,
            is_revoked: false,
        };
        self.next_key_id += 1;
        self.keys.push(key.clone());
        Ok(key)
    }

    /// `DeleteApiKey`: only a non-migrated key of that org; false = not found.
    pub fn delete(&mut self, org_id: i64, id: i64) -> bool {
        let before = self.keys.len();
        self.keys
            .retain(|k| !(k.id == id && k.org_id == org_id && k.service_account_id.is_none()));
        self.keys.len() != before
    }

    /// `GetApiKeyByName` for authentication.
    pub fn key_by_name(&self, org_id: i64, name: &str) -> Option<&ApiKey> {
        self.keys
            .iter()
            .find(|k| k.org_id == org_id && k.name == name)
    }

    pub fn key_mut(&mut self, id: i64) -> Option<&mut ApiKey> {
        self.keys.iter_mut().find(|k| k.id == id)
    }

    pub fn service_account(&self, id: i64) -> Option<&ServiceAccount> {
        self.service_accounts.iter().find(|s| s.id == id)
    }

    /// Number of tokens (migrated keys) of a service account.
    pub fn token_count(&self, sa_id: i64) -> usize {
        self.keys
            .iter()
            .filter(|k| k.service_account_id == Some(sa_id))
            .count()
    }

    /// `CreateServiceAccountFromApikey` for one key: a service account named
    /// after the key, with the key's role, and the key re-attached to it.
    fn migrate_key(&mut self, key_id: i64, now: i64) -> Result<(), String> {
        let (org_id, name, role) = match self.keys.iter().find(|k| k.id == key_id) {
            Some(k) => (k.org_id, k.name.clone(), k.role),
            None => return Err("API key not found".into()),
        };
        let base = format!("sa-autogen-{org_id}-{}", slug(&name));
        let login = if !self.login_taken(&base) {
            base
        } else if self.version.migration_login_retry() {
            (1..=10)
                .map(|i| format!("{base}-{i:03}"))
                .find(|l| !self.login_taken(l))
                .ok_or_else(|| "service account already exists".to_string())?
        } else {
            return Err("service account already exists".into());
        };
        let id = self.next_user_id;
        self.next_user_id += 1;
        self.service_accounts.push(ServiceAccount {
            id,
            uid: keygen::random_string(14).to_lowercase(),
            org_id,
            name: format!("sa-autogen-{name}"),
            login,
            role,
            is_disabled: false,
            created: now,
            updated: now,
        });
        if let Some(k) = self.key_mut(key_id) {
            k.service_account_id = Some(id);
        }
        Ok(())
    }

    /// Migrate every remaining key of the org. Old versions stop at the first
    /// failure (the caller answers 500); newer ones count failures.
    pub fn migrate_all(&mut self, org_id: i64, now: i64) -> Result<MigrationResult, String> {
        let ids: Vec<i64> = self
            .keys
            .iter()
            .filter(|k| k.org_id == org_id && k.service_account_id.is_none())
            .map(|k| k.id)
            .collect();
        let mut result = MigrationResult {
            total: ids.len(),
            ..Default::default()
        };
        let counts_failures = self.version.migration_login_retry();
        for id in ids {
            match self.migrate_key(id, now) {
                Ok(()) => result.migrated += 1,
                Err(e) if counts_failures => {
                    let name = self
                        .keys
                        .iter()
                        .find(|k| k.id == id)
                        .map(|k| k.name.clone());
                    result.failed += 1;
                    result.failed_apikey_ids.push(id);
                    result.failed_details.push(format!(
                        "API key name: {} - Error: {e}",
                        name.unwrap_or_default()
                    ));
                }
                Err(e) => return Err(e),
            }
        }
        self.migration_status.insert(org_id);
        Ok(result)
    }

    /// Migrate one key: errors when the org has no keys at all ("no API keys
    /// to convert found"); silently does nothing when the id is not among them.
    pub fn migrate_one(&mut self, org_id: i64, key_id: i64, now: i64) -> Result<(), String> {
        let basic: Vec<i64> = self
            .keys
            .iter()
            .filter(|k| k.org_id == org_id && k.service_account_id.is_none())
            .map(|k| k.id)
            .collect();
        if basic.is_empty() {
            return Err("no API keys to convert found".into());
        }
        if basic.contains(&key_id) {
            self.migrate_key(key_id, now)?;
        }
        Ok(())
    }

    /// The account `id` if it belongs to `org_id` (ids are global but
    /// org-bound: another org's id is "not found").
    pub fn sa_in_org(&self, org_id: i64, id: i64) -> Option<&ServiceAccount> {
        self.service_accounts
            .iter()
            .find(|s| s.id == id && s.org_id == org_id)
    }

    /// The account with this uid in the org (the ≈11.4 uid resolver).
    pub fn sa_by_uid(&self, org_id: i64, uid: &str) -> Option<&ServiceAccount> {
        self.service_accounts
            .iter()
            .find(|s| s.uid == uid && s.org_id == org_id)
    }

    /// `CreateServiceAccount`: login `sa-<orgId>-<name>`; a taken login (or
    /// e-mail, the same string) is `ErrServiceAccountAlreadyExists`.
    pub fn create_service_account(
        &mut self,
        org_id: i64,
        name: &str,
        role: Role,
        is_disabled: bool,
        now: i64,
    ) -> Result<ServiceAccount, SaError> {
        let login = format!("sa-{org_id}-{}", slug(name));
        if self.login_taken(&login) {
            return Err(SaError::AlreadyExists);
        }
        let sa = ServiceAccount {
            id: self.next_user_id,
            uid: keygen::random_string(14).to_lowercase(),
            org_id,
            name: name.to_string(),
            login,
            role,
            is_disabled,
            created: now,
            updated: now,
        };
        self.next_user_id += 1;
        self.service_accounts.push(sa.clone());
        Ok(sa)
    }

    /// `UpdateServiceAccount`: only the fields given change.
    pub fn update_service_account(
        &mut self,
        org_id: i64,
        id: i64,
        name: Option<&str>,
        role: Option<Role>,
        is_disabled: Option<bool>,
        now: i64,
    ) -> Result<ServiceAccount, SaError> {
        let sa = self
            .service_accounts
            .iter_mut()
            .find(|s| s.id == id && s.org_id == org_id)
            .ok_or(SaError::NotFound)?;
        if let Some(n) = name {
            sa.name = n.to_string();
        }
        if let Some(r) = role {
            sa.role = r;
        }
        if let Some(d) = is_disabled {
            sa.is_disabled = d;
        }
        sa.updated = now;
        Ok(sa.clone())
    }

    /// `DeleteServiceAccount`: the account and all its tokens.
    pub fn delete_service_account(&mut self, org_id: i64, id: i64) -> Result<(), SaError> {
        if self.sa_in_org(org_id, id).is_none() {
            return Err(SaError::NotFound);
        }
        self.service_accounts.retain(|s| s.id != id);
        self.keys.retain(|k| k.service_account_id != Some(id));
        self.drop_sa_grants(id);
        Ok(())
    }

    /// `ListTokens`: the account's tokens by name, at most 300 from ≈9.2
    /// ([`Version::token_list_limit`]).
    pub fn tokens(&self, org_id: i64, sa_id: i64) -> Vec<&ApiKey> {
        let mut v: Vec<&ApiKey> = self
            .keys
            .iter()
            .filter(|k| k.org_id == org_id && k.service_account_id == Some(sa_id))
            .collect();
        v.sort_by(|a, b| {
            a.name
                .as_bytes()
                .cmp(b.name.as_bytes())
                .then(a.id.cmp(&b.id))
        });
        if let Some(limit) = self.version.token_list_limit() {
            v.truncate(limit);
        }
        v
    }

    /// `RevokeServiceAccountToken` (what secret scanning calls for a leaked token): `UPDATE
    /// api_key SET is_revoked = true WHERE id=? and org_id=? and service_account_id=?`. Here
    /// by id alone (the control API's view); false when no token has that id.
    pub fn revoke_token(&mut self, token_id: i64) -> bool {
        match self
            .keys
            .iter_mut()
            .find(|k| k.id == token_id && k.service_account_id.is_some())
        {
            Some(k) => {
                k.is_revoked = true;
                true
            }
            None => false,
        }
    }

    /// `AddServiceAccountToken`: names are unique per org across every
    /// `api_key` row (keys and tokens), checked before the expiry.
    pub fn add_token(
        &mut self,
        org_id: i64,
        sa_id: i64,
        name: &str,
        seconds_to_live: i64,
        hash: String,
        now: i64,
    ) -> Result<ApiKey, SaError> {
        let role = self.sa_in_org(org_id, sa_id).ok_or(SaError::NotFound)?.role;
        if self
            .keys
            .iter()
            .any(|k| k.org_id == org_id && k.name == name)
        {
            return Err(SaError::DuplicateToken);
        }
        let expires = match seconds_to_live {
            0 => None,
            s if s < 0 => return Err(SaError::InvalidExpiration),
            s => Some(now.saturating_add(s)),
        };
        let key = ApiKey {
            id: self.next_key_id,
            org_id,
            name: name.to_string(),
            role,
            hash,
            created: now,
            expires,
            last_used_at: None,
            service_account_id: Some(sa_id),
            is_revoked: false,
        };
        self.next_key_id += 1;
        self.keys.push(key.clone());
        Ok(key)
    }

    /// `DeleteServiceAccountToken`.
    pub fn delete_token(&mut self, org_id: i64, sa_id: i64, token_id: i64) -> Result<(), SaError> {
        let before = self.keys.len();
        self.keys.retain(|k| {
            !(k.id == token_id && k.org_id == org_id && k.service_account_id == Some(sa_id))
        });
        if self.keys.len() == before {
            Err(SaError::TokenNotFound)
        } else {
            Ok(())
        }
    }

    /// `GetAPIKeyByHash` (how `glsa_` tokens are found).
    pub fn key_by_hash(&self, hash: &str) -> Option<&ApiKey> {
        self.keys.iter().find(|k| k.hash == hash)
    }

    /// Does any token of the account expire before `now`?
    pub fn has_expired_token(&self, sa_id: i64, now: i64) -> bool {
        self.keys
            .iter()
            .any(|k| k.service_account_id == Some(sa_id) && k.is_expired(now))
    }

    /// Is a login used by a service account or a user?
    fn login_taken(&self, login: &str) -> bool {
        self.service_accounts.iter().any(|s| s.login == login)
            || self.users.iter().any(|u| u.login == login)
    }

    /// `RevertApiKey` (9.1 – 9.4): detach the key and delete its account.
    pub fn revert(&mut self, org_id: i64, key_id: i64) -> Result<(), String> {
        let sa_id = self
            .keys
            .iter()
            .find(|k| k.id == key_id && k.org_id == org_id)
            .ok_or("API key not found")?
            .service_account_id
            .ok_or("API key is not a service account token")?;
        if self.token_count(sa_id) != 1 {
            return Err("service account has more than one token".into());
        }
        if let Some(k) = self.key_mut(key_id) {
            k.service_account_id = None;
        }
        self.service_accounts.retain(|s| s.id != sa_id);
        self.drop_sa_grants(sa_id);
        Ok(())
    }
}

/// A seed key with its secret and hash already computed (outside the lock).
#[derive(Debug, Clone)]
pub struct PreparedSeedKey {
    pub org_id: i64,
    pub name: String,
    pub role: Role,
    pub hash: String,
    pub secret: String,
    pub expires_in: Option<i64>,
    pub last_used_ago: Option<i64>,
    pub age_seconds: i64,
    pub is_revoked: bool,
}

/// A seed token with its secret and hash computed.
#[derive(Debug, Clone)]
pub struct PreparedSeedToken {
    pub name: String,
    pub hash: String,
    pub secret: String,
    pub expires_in: Option<i64>,
    pub last_used_ago: Option<i64>,
    pub age_seconds: i64,
    pub is_revoked: bool,
}

/// Every secret and hash of a seed; tokens in file order (account by account).
#[derive(Debug, Clone, Default)]
pub struct PreparedSeed {
    pub keys: Vec<PreparedSeedKey>,
    pub tokens: Vec<PreparedSeedToken>,
}

/// `f` over `items` on all cores (PBKDF2 per key is slow in debug builds).
fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = items.len().div_ceil(threads).max(8);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per_thread)
            .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("seed hashing panicked"))
            .collect()
    })
}

/// Generate secrets and hashes for a seed, on all cores.
pub fn prepare_seed(seed: &Seed, version: Version) -> PreparedSeed {
    let tokens: Vec<&SeedToken> = seed
        .service_accounts
        .iter()
        .flat_map(|sa| sa.tokens.iter())
        .collect();
    PreparedSeed {
        keys: par_map(&seed.keys, |k| prepare_key(k, version)),
        tokens: par_map(&tokens, |t| prepare_token(t, version)),
    }
}

/// How long ago a seeded row was created: `createdSecondsAgo` when the seed gives it, else a
/// plausible time, a day before its first use or its expiry.
fn age_seconds(
    created_ago: Option<i64>,
    last_used_ago: Option<i64>,
    expires_in: Option<i64>,
) -> i64 {
    created_ago.unwrap_or_else(|| {
        [last_used_ago.unwrap_or(0), -expires_in.unwrap_or(0), 0]
            .into_iter()
            .max()
            .unwrap_or(0)
            + 86_400
    })
}

fn prepare_token(t: &SeedToken, version: Version) -> PreparedSeedToken {
    let (secret, hash) = keygen::new_sa_token();
    let expires_in = t.seconds_to_live.filter(|&s| s != 0);
    PreparedSeedToken {
        name: t.name.clone(),
        hash,
        secret,
        expires_in,
        // No `last_used_at` column before 9.1 (the 8.5 – 9.0 beta).
        last_used_ago: t
            .last_used_seconds_ago
            .filter(|_| version.last_used_column()),
        age_seconds: age_seconds(t.created_seconds_ago, t.last_used_seconds_ago, expires_in),
        // No `is_revoked` column before ≈9.2.
        is_revoked: t.is_revoked && version.token_is_revoked(),
    }
}

fn prepare_key(k: &SeedKey, version: Version) -> PreparedSeedKey {
    let org_id = k.org_id.unwrap_or(MAIN_ORG_ID);
    let new = keygen::new_key(org_id, &k.name);
    let expires_in = k.seconds_to_live.filter(|&s| s != 0);
    PreparedSeedKey {
        org_id,
        name: k.name.clone(),
        role: Role::parse(&k.role, true).unwrap_or(Role::Viewer),
        hash: new.hashed_key,
        secret: new.client_secret,
        expires_in,
        // Stored from 9.1 (the column); the key list shows it from 9.5, a migrated key's
        // token from 9.1.
        last_used_ago: k
            .last_used_seconds_ago
            .filter(|_| version.last_used_column()),
        age_seconds: age_seconds(k.created_seconds_ago, k.last_used_seconds_ago, expires_in),
        // Only a migrated key (a token) may be seeded revoked; the column is ≈9.2+.
        is_revoked: k.is_revoked && version.token_is_revoked(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(v: &str) -> Store {
        Store::new(v.parse().unwrap())
    }

    #[test]
    fn add_checks_duplicates_including_expired_then_expiry() {
        let mut s = store("9.4.7");
        let k = s.add(1, "a", Role::Viewer, -0, "h".into(), 1000).unwrap();
        assert_eq!(k.expires, None);
        assert_eq!(
            s.add(1, "a", Role::Viewer, 10, "h".into(), 1000),
            Err(AddError::Duplicate)
        );
        assert_eq!(
            s.add(1, "b", Role::Viewer, -5, "h".into(), 1000),
            Err(AddError::InvalidExpiration)
        );
        // An expired key still holds its name.
        s.add(1, "c", Role::Viewer, 1, "h".into(), 1000).unwrap();
        assert!(s.list(1, false, 2000).iter().all(|k| k.name != "c"));
        assert_eq!(
            s.add(1, "c", Role::Viewer, 0, "h".into(), 2000),
            Err(AddError::Duplicate)
        );
        // Same name in another org is fine.
        s.add(2, "a", Role::Viewer, 0, "h".into(), 1000).unwrap();
    }

    #[test]
    fn list_orders_by_name_and_limits_to_100() {
        let mut s = store("9.4.7");
        for i in (0..120).rev() {
            s.add(1, &format!("k{i:03}"), Role::Viewer, 0, "h".into(), 0)
                .unwrap();
        }
        let l = s.list(1, true, 0);
        assert_eq!(l.len(), 100);
        assert_eq!(l[0].name, "k000");
        assert_eq!(l[99].name, "k099");
    }

    #[test]
    fn migration_hides_keys_and_respects_version_rules() {
        let mut s = store("9.4.7");
        s.add(1, "CI Bot", Role::Editor, 0, "h".into(), 0).unwrap();
        s.add(1, "ci-bot", Role::Viewer, 0, "h".into(), 0).unwrap();
        // 9.x: the login clash aborts migrate-all.
        assert!(s.migrate_all(1, 0).is_err());
        let mut s = store("10.4");
        s.add(1, "CI Bot", Role::Editor, 0, "h".into(), 0).unwrap();
        s.add(1, "ci-bot", Role::Viewer, 0, "h".into(), 0).unwrap();
        let r = s.migrate_all(1, 0).unwrap();
        assert_eq!((r.total, r.migrated, r.failed), (2, 2, 0));
        assert_eq!(s.service_accounts[1].login, "sa-autogen-1-ci-bot-001");
        assert!(s.list(1, true, 0).is_empty());
        assert!(!s.delete(1, 1));
        assert_eq!(
            s.migrate_one(1, 1, 0),
            Err("no API keys to convert found".into())
        );
    }

    #[test]
    fn revert_restores_a_migrated_key() {
        let mut s = store("9.4.7");
        let k = s.add(1, "a", Role::Admin, 0, "h".into(), 0).unwrap();
        s.migrate_one(1, 99, 0).unwrap();
        assert!(s.service_accounts.is_empty());
        s.migrate_one(1, k.id, 0).unwrap();
        assert_eq!(s.service_accounts[0].name, "sa-autogen-a");
        assert_eq!(s.service_accounts[0].role, Role::Admin);
        s.revert(1, k.id).unwrap();
        assert!(s.service_accounts.is_empty());
        assert_eq!(s.list(1, false, 0).len(), 1);
        assert!(s.revert(1, k.id).is_err());
    }
}
