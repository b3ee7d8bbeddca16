//! The in-memory database: API keys, service accounts, sessions, kvstore flags.
//!
//! It is plain data with methods that mirror Grafana's SQL store
//! (`apikeyimpl/xorm_store.go`, `serviceaccounts/database/store.go`). The
//! server wraps one `Store` in a `Mutex` and never holds the lock across an
//! await or a PBKDF2 computation, so each operation (e.g. duplicate check +
//! insert) is atomic and concurrent requests serialise correctly.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::keygen;
use crate::model::{FIRST_SERVICE_ACCOUNT_ID, MAIN_ORG_ID, MAIN_ORG_NAME, Role};
use crate::seed::{Seed, SeedKey};
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
}

impl ApiKey {
    pub fn is_expired(&self, now: i64) -> bool {
        // The list shows `expires >= now` as active; auth rejects `expires <= now`.
        matches!(self.expires, Some(e) if e < now)
    }
}

/// A service-account user created by migration.
#[derive(Debug, Clone)]
pub struct ServiceAccount {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub name: String,
    pub login: String,
    pub role: Role,
    pub created: i64,
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

#[derive(Debug)]
pub struct Store {
    pub version: Version,
    pub keys: Vec<ApiKey>,
    pub next_key_id: i64,
    pub service_accounts: Vec<ServiceAccount>,
    pub next_user_id: i64,
    pub orgs: BTreeMap<i64, String>,
    /// Session token -> user id.
    pub sessions: HashMap<String, i64>,
    /// kvstore `serviceaccounts/migrationStatus` per org (9.x).
    pub migration_status: HashSet<i64>,
    /// kvstore `serviceaccounts/hideApiKeys` per org (9.1 – 9.4).
    pub hide_api_keys: HashSet<i64>,
}

impl Store {
    pub fn new(version: Version) -> Self {
        let mut orgs = BTreeMap::new();
        orgs.insert(MAIN_ORG_ID, MAIN_ORG_NAME.to_string());
        Store {
            version,
            keys: Vec::new(),
            next_key_id: 1,
            service_accounts: Vec::new(),
            next_user_id: FIRST_SERVICE_ACCOUNT_ID,
            orgs,
            sessions: HashMap::new(),
            migration_status: HashSet::new(),
            hide_api_keys: HashSet::new(),
        }
    }

    /// Replace every key and service account with the seed's keys (fresh ids,
    /// as a freshly provisioned database would have), then run the 11.6+
    /// start-up migration. Returns the generated secrets.
    pub fn apply_seed(
        &mut self,
        seed: &Seed,
        prepared: Vec<PreparedSeedKey>,
        now: i64,
    ) -> Vec<SeededKey> {
        debug_assert_eq!(seed.keys.len(), prepared.len());
        self.keys.clear();
        self.service_accounts.clear();
        self.next_key_id = 1;
        self.next_user_id = FIRST_SERVICE_ACCOUNT_ID;
        self.migration_status.clear();
        self.hide_api_keys.clear();
        self.orgs.retain(|&id, _| id == MAIN_ORG_ID);
        let mut out = Vec::new();
        for p in prepared {
            self.orgs
                .entry(p.org_id)
                .or_insert_with(|| format!("Org {}", p.org_id));
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
            });
            out.push(SeededKey {
                id,
                org_id: p.org_id,
                name: p.name,
                secret: p.secret,
            });
        }
        if self.version.auto_migrate_at_start() {
            let orgs: Vec<i64> = self.orgs.keys().copied().collect();
            for org in orgs {
                // 11.6+ counts failures instead of aborting: never an Err.
                let _ = self.migrate_all(org, now);
            }
        }
        out
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
        let base = format!(
            "sa-autogen-{org_id}-{}",
            name.to_lowercase().replace(' ', "-")
        );
        let taken = |login: &str, sas: &[ServiceAccount]| {
            sas.iter().any(|s| s.login == login)
                || crate::model::USERS.iter().any(|u| u.login == login)
        };
        let login = if !taken(&base, &self.service_accounts) {
            base
        } else if self.version.migration_login_retry() {
            (1..=10)
                .map(|i| format!("{base}-{i:03}"))
                .find(|l| !taken(l, &self.service_accounts))
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
            created: now,
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
}

/// Generate secrets and hashes for a seed. PBKDF2 per key is slow, so large
/// seeds are hashed on all cores.
pub fn prepare_seed(seed: &Seed, version: Version) -> Vec<PreparedSeedKey> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = seed.keys.len().div_ceil(threads).max(8);
    std::thread::scope(|scope| {
        let handles: Vec<_> = seed
            .keys
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|k| prepare_key(k, version))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("seed hashing panicked"))
            .collect()
    })
}

fn prepare_key(k: &SeedKey, version: Version) -> PreparedSeedKey {
    let org_id = k.org_id.unwrap_or(MAIN_ORG_ID);
    let new = keygen::new_key(org_id, &k.name);
    let expires_in = k.seconds_to_live.filter(|&s| s != 0);
    // A plausible creation time: a day before first use or expiry.
    let age_seconds = [
        k.last_used_seconds_ago.unwrap_or(0),
        -expires_in.unwrap_or(0),
        0,
    ]
    .into_iter()
    .max()
    .unwrap_or(0)
        + 86_400;
    PreparedSeedKey {
        org_id,
        name: k.name.clone(),
        role: Role::parse(&k.role, true).unwrap_or(Role::Viewer),
        hash: new.hashed_key,
        secret: new.client_secret,
        expires_in,
        last_used_ago: if version.last_used_at() {
            k.last_used_seconds_ago
        } else {
            None
        },
        age_seconds,
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
