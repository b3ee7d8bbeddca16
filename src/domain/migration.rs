//! What a migration to service accounts reports.

/// The outcome of "Migrate to service accounts now".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateAllOutcome {
    /// Grafana 10.1 and later count what moved and what did not.
    Summary(MigrationResult),
    /// Earlier versions only say it is done.
    Message(String),
}

/// Grafana's `MigrationResult`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MigrationResult {
    pub total: i64,
    pub migrated: i64,
    pub failed: i64,
    pub failed_apikey_ids: Vec<i64>,
    pub failed_details: Vec<String>,
}

impl MigrationResult {
    pub fn all_migrated(&self) -> bool {
        self.failed == 0
    }
}
