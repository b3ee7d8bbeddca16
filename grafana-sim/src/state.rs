//! Shared server state.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use crate::cli::Config;
use crate::faults::Fault;
use crate::seed::Seed;
use crate::store::{self, SeedReport, Store};
use crate::timefmt::now_unix;
use crate::version::Version;

/// Knobs the control API can change at run time.
#[derive(Debug, Clone)]
pub struct Knobs {
    pub faults: Vec<Fault>,
    pub latency_ms: u64,
}

pub struct AppState {
    pub version: Version,
    pub api_key_max_seconds_to_live: i64,
    pub api_key_quota: i64,
    pub hide_version: bool,
    pub user_theme: String,
    pub test_control: bool,
    pub log_requests: bool,
    /// `--feature-toggles serviceAccounts`.
    pub service_accounts_toggle: bool,
    /// What `/__sim/reset` goes back to.
    initial_seed: Seed,
    initial_latency_ms: u64,
    store: Mutex<Store>,
    knobs: Mutex<Knobs>,
    /// sha256(secret) -> the stored hash it was verified against. PBKDF2 with
    /// 10 000 rounds is slow (especially in debug builds), and a key is used
    /// on every request; a later change of the stored hash invalidates the
    /// entry. The secret itself is never kept.
    verified: Mutex<HashMap<String, String>>,
}

impl AppState {
    /// Build the state and apply the startup seed (and, from 11.6, the
    /// startup migration).
    pub fn new(cfg: &Config) -> AppState {
        let state = AppState {
            version: cfg.version,
            api_key_max_seconds_to_live: cfg.api_key_max_seconds_to_live,
            api_key_quota: cfg.api_key_quota,
            hide_version: cfg.hide_version,
            user_theme: cfg.user_theme.clone(),
            test_control: cfg.test_control,
            log_requests: cfg.log_requests,
            service_accounts_toggle: cfg.feature_toggles.iter().any(|t| t == "serviceAccounts"),
            initial_seed: cfg.seed.clone(),
            initial_latency_ms: cfg.latency_ms,
            store: Mutex::new(Store::new(cfg.version)),
            knobs: Mutex::new(Knobs {
                faults: cfg.faults.clone(),
                latency_ms: cfg.latency_ms,
            }),
            verified: Mutex::new(HashMap::new()),
        };
        state.seed(&cfg.seed);
        state
    }

    /// The service-account API (search, CRUD, tokens) is registered: GA from
    /// 9.1, behind the `serviceAccounts` toggle on 8.5 – 9.0.
    pub fn service_account_api(&self) -> bool {
        self.version.service_accounts()
            || (self.version.service_accounts_toggleable() && self.service_accounts_toggle)
    }

    /// Lock the database. A panic in another handler must not wedge the
    /// server, so a poisoned lock is taken over.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn knobs(&self) -> MutexGuard<'_, Knobs> {
        self.knobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replace all keys with the seed's; hashing happens before locking.
    pub fn seed(&self, seed: &Seed) -> SeedReport {
        let prepared = store::prepare_seed(seed, self.version);
        self.store().apply_seed(seed, prepared, now_unix())
    }

    /// `/__sim/reset`: startup seed, no faults, startup latency.
    pub fn reset(&self) -> SeedReport {
        *self.knobs() = Knobs {
            faults: Vec::new(),
            latency_ms: self.initial_latency_ms,
        };
        let seed = self.initial_seed.clone();
        self.seed(&seed)
    }

    pub fn cached_verification(&self, secret_digest: &str) -> Option<String> {
        self.verified
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(secret_digest)
            .cloned()
    }

    pub fn remember_verification(&self, secret_digest: String, stored_hash: String) {
        let mut m = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        if m.len() > 10_000 {
            m.clear();
        }
        m.insert(secret_digest, stored_hash);
    }
}
