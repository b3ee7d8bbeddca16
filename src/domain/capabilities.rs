//! What the server can do, by Grafana version (the contract's version matrix). Where the
//! version is hidden or unreadable, everything is assumed possible and the answers decide:
//! a 410 on create, a 404 on a route.

use super::version::GrafanaVersion;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// `POST /api/auth/keys` creates keys (before 11.3; 410 from then on).
    pub create: bool,
    /// `POST /api/serviceaccounts/migrate` and `/migrate/:keyId` exist (9.1 to 12.0).
    pub migrate: bool,
    /// `GET /api/serviceaccounts/migrationstatus` and `POST /hideApiKeys` exist (9.1 to 9.4).
    pub migration_status: bool,
    /// Migrate-all answers a `MigrationResult` rather than a message (10.1 on).
    pub migration_result: bool,
    /// "Hide API keys page forever" is offered and Grafana's menu reports it (9.1 to 9.4, and
    /// only where the version is known: a menu without the page means other things elsewhere).
    pub hide_page: bool,
    /// Keys report `lastUsedAt` (9.5 on).
    pub last_used: bool,
    /// Grafana migrates every key to a service account when it starts (11.6 on).
    pub migrated_at_startup: bool,
    /// API keys are gone from Grafana altogether (12.1 on).
    pub keys_removed: bool,
}

impl Capabilities {
    pub fn of(version: Option<GrafanaVersion>) -> Self {
        let Some(v) = version else {
            return Capabilities {
                create: true,
                migrate: true,
                migration_status: true,
                migration_result: true,
                hide_page: false,
                last_used: false,
                migrated_at_startup: false,
                keys_removed: false,
            };
        };
        let removed = v.at_least(12, 1);
        Capabilities {
            create: !v.at_least(11, 3),
            migrate: v.at_least(9, 1) && !removed,
            migration_status: v.at_least(9, 1) && !v.at_least(9, 5),
            migration_result: v.at_least(10, 1),
            hide_page: v.at_least(9, 1) && !v.at_least(9, 5),
            last_used: v.at_least(9, 5),
            migrated_at_startup: v.at_least(11, 6),
            keys_removed: removed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Capabilities {
        Capabilities::of(GrafanaVersion::parse(text))
    }

    #[test]
    fn grafana_8_5_creates_and_cannot_migrate() {
        let c = of("8.5.27");
        assert!(c.create && !c.migrate && !c.migration_status && !c.last_used && !c.keys_removed);
    }

    #[test]
    fn grafana_9_1_to_9_4_has_the_migration_status() {
        for version in ["9.1.0", "9.4.7"] {
            let c = of(version);
            assert!(c.create && c.migrate && c.migration_status, "{version}");
            assert!(!c.migration_result && !c.last_used, "{version}");
        }
        assert!(!of("9.0.9").migrate);
    }

    #[test]
    fn grafana_9_5_reports_last_use_and_drops_the_status() {
        let c = of("9.5.0");
        assert!(c.create && c.migrate && c.last_used && !c.migration_status);
        assert!(!c.migration_result);
    }

    #[test]
    fn migration_results_from_10_1() {
        assert!(!of("10.0.3").migration_result);
        assert!(of("10.1.0").migration_result);
        assert!(of("11.2.0").migration_result);
    }

    #[test]
    fn creation_ends_in_11_3() {
        assert!(of("11.2.9").create);
        let c = of("11.3.0");
        assert!(!c.create && c.migrate && !c.keys_removed);
        assert!(!of("12.0.2").create && of("12.0.2").migrate);
    }

    #[test]
    fn keys_are_migrated_at_startup_from_11_6() {
        assert!(!of("11.5.2").migrated_at_startup);
        let c = of("11.6.0");
        assert!(c.migrated_at_startup && c.migrate && !c.create && !c.keys_removed);
        assert!(of("12.1.0").migrated_at_startup);
    }

    #[test]
    fn keys_are_removed_in_12_1() {
        let c = of("12.1.0");
        assert!(c.keys_removed && !c.create && !c.migrate && !c.migration_status);
    }

    #[test]
    fn an_unknown_version_tries_everything() {
        let c = Capabilities::of(None);
        assert!(c.create && c.migrate && c.migration_status && !c.keys_removed);
    }
}
