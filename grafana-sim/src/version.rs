//! Grafana versions and the per-version capability table.
//!
//! Every behaviour that differs between Grafana releases is decided here, by a
//! pure function of the version, so the routes stay free of version arithmetic
//! and the table can be read (and unit-tested) in one place. The boundaries
//! come from the contract's version matrix (section 4); the few marked "≈"
//! there are inferred and are marked the same way below.

use std::fmt;
use std::str::FromStr;

/// A Grafana release number. Ordering is numeric, so `Version::new(9, 5, 0) <= v`
/// reads as "from 9.5 on".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl Version {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// True when `self` is at least `major.minor`.
    fn at_least(self, major: u32, minor: u32) -> bool {
        self >= Version::new(major, minor, 0)
    }

    /// Fine-grained access control (RBAC) is on. In OSS 8.x it was off unless
    /// a feature toggle was set, so the legacy `reqOrgAdmin` guard answered
    /// 403 "Permission denied"; from 9.0 RBAC is on by default.
    pub fn rbac_enabled(self) -> bool {
        self.at_least(9, 0)
    }

    /// Older evaluators printed themselves as `action:X scopes:Y` in the 403
    /// body; later ones print just the action (`permissionEvaluator.String`).
    /// The switch date is not in the contract: ≈9.3 (the `GoString` split).
    pub fn verbose_access_denied(self) -> bool {
        !self.at_least(9, 3)
    }

    /// `org.RoleNone` ("None", "No basic role") is a valid key role (≈10.0).
    pub fn role_none_valid(self) -> bool {
        self.at_least(10, 0)
    }

    /// POST /api/auth/keys answers 403 "Cannot assign a role higher than
    /// user's role" when the caller's org role does not include the key's
    /// role (≈9.x; absent in the 8.x handler).
    pub fn role_ceiling_check(self) -> bool {
        self.at_least(9, 0)
    }

    /// POST /api/auth/keys answers 410 Gone (11.3.0 – 12.0.x).
    pub fn create_gone(self) -> bool {
        self.at_least(11, 3)
    }

    /// Every /api/auth/keys route, /api/serviceaccounts/migrate* and legacy
    /// API key authentication are gone (12.1.0, PRs #106019 / #105998).
    pub fn api_keys_removed(self) -> bool {
        self.at_least(12, 1)
    }

    /// The service-account API (search, migrate, migrate/:keyId) is on by
    /// default from 9.1 (changelog 9.1.0 #51402); before it was toggle-gated,
    /// so a stock server has no such routes.
    pub fn service_accounts(self) -> bool {
        self.at_least(9, 1)
    }

    /// The beta service-account API (search, CRUD, tokens) exists when the
    /// `serviceAccounts` feature toggle is on: 8.5 – 9.0 (contract "Versions").
    pub fn service_accounts_toggleable(self) -> bool {
        self.at_least(8, 5) && !self.service_accounts()
    }

    /// Service-account errors from the store answer errutil bodies
    /// `{"statusCode","messageId","message"}` (PRs #63884 / #64299, after the
    /// 9.4 branch); 9.4 and earlier answer `{"message"}` with the handler's text.
    pub fn sa_errutil(self) -> bool {
        self.at_least(9, 5)
    }

    /// A duplicate token name answers 400 (`ErrDuplicateToken` as a bad
    /// request); the 9.0 beta answered 409 Conflict.
    pub fn sa_duplicate_token_status(self) -> u16 {
        if self.at_least(9, 1) { 400 } else { 409 }
    }

    /// The 8.5 beta handlers (`pkg/services/serviceaccounts/api/api.go` of
    /// 8.5, before `validateRole` and `serviceaccounts/errors.go`): PATCH
    /// checks the role inline with the org API's capitalised texts ("Invalid
    /// role specified", "Cannot assign a role higher than user's role"), and
    /// DELETE parses the id as "serviceAccountId is invalid". From 9.0 the
    /// role errors are `err.Error()` ("invalid role specified", "can not
    /// assign …") and the id text "Service account ID is invalid".
    pub fn sa_beta_handlers(self) -> bool {
        !self.at_least(9, 0)
    }

    /// `api_key.is_revoked` exists (PR #53896, opened 2022-08-18, after 9.1.0 shipped, so
    /// ≈9.2): token rows carry `isRevoked` (`TokenDTO.IsRevoked *bool`, no omitempty) and a
    /// revoked key or token is refused at authentication. Only secret scanning sets it
    /// (`secretscan/service.go` → `RevokeServiceAccountToken`); no HTTP route does.
    pub fn token_is_revoked(self) -> bool {
        self.at_least(9, 2)
    }

    /// `api_key.last_used_at` exists and authenticating with a key or a token writes it (PR
    /// #51446, 9.1: the context handler's `UpdateAPIKeyLastUsedDate` for every key, plain or
    /// service-account, before the account checks). Plain keys only *show* it from 9.5
    /// ([`Version::last_used_at`]); tokens show it from 9.1.
    pub fn last_used_column(self) -> bool {
        self.at_least(9, 1)
    }

    /// A service-account identity's use is recorded. 10.1 – 10.2 broke it: the authn
    /// `APIKey.Hook` only parsed `api-key:` identities, so tokens (migrated keys included)
    /// were never stamped (issue "Service Account token 'Last used at' date no longer gets
    /// updated", reported on 10.1.0; fixed by PR #79254, merged December 2023, ≈10.3).
    /// Plain keys kept being recorded.
    pub fn token_last_used_recorded(self) -> bool {
        !self.at_least(10, 1) || self.at_least(10, 3)
    }

    /// The authn client skips the write while the stored `last_used_at` is at most 5 minutes
    /// old (`shouldUpdateLastUsedAt`: `LastUsedAt == nil || time.Since(*LastUsedAt) >
    /// 5*time.Minute`). Absent from the `authn.NamespaceID` era client (≈10.3 – 11.0),
    /// present in the authlib `claims` era one (≈11.2): ≈11.1.
    pub fn last_used_throttled(self) -> bool {
        self.at_least(11, 1)
    }

    /// `GET /api/serviceaccounts/:id/tokens` is capped at 300 rows (`maxRetrievedTokens`,
    /// added with `GetSATokensQuery` for secret scanning, ≈9.2); the 9.1 store listed every
    /// token of the account.
    pub fn token_list_limit(self) -> Option<usize> {
        self.at_least(9, 2).then_some(300)
    }

    /// `:serviceAccountId` also accepts the account's uid (≈11.4, PR #95401).
    pub fn sa_uid_in_path(self) -> bool {
        self.at_least(11, 4)
    }

    /// POST /api/serviceaccounts/migrate and /migrate/:keyId exist.
    pub fn migrate_endpoints(self) -> bool {
        self.service_accounts() && !self.api_keys_removed()
    }

    /// `migrationstatus`, `hideApiKeys` and `revert/:keyId` exist (9.1 – 9.4).
    pub fn migration_status_endpoints(self) -> bool {
        self.service_accounts() && !self.at_least(9, 5)
    }

    /// How migrate-all answers.
    pub fn migrate_all_style(self) -> MigrateAllStyle {
        if !self.at_least(10, 1) {
            MigrateAllStyle::Message
        } else if !self.at_least(10, 2) {
            MigrateAllStyle::ResultCapitalised
        } else {
            MigrateAllStyle::Result
        }
    }

    /// A migrated service account's login clash is retried with -001 … -010
    /// suffixes (newer store code) instead of failing the whole call. Tied to
    /// the MigrationResult era (10.1), where failures are counted.
    pub fn migration_login_retry(self) -> bool {
        self.at_least(10, 1)
    }

    /// The key list DTO carries `lastUsedAt` (`dtos.ApiKeyDTO`, `json:"lastUsedAt,omitempty"`:
    /// absent when never used), PR #64293, merged March 2023, so 9.5. The use is recorded
    /// from 9.1 ([`Version::last_used_column`]).
    pub fn last_used_at(self) -> bool {
        self.at_least(9, 5)
    }

    /// Every remaining key is migrated at server start (11.6.0, PR #96924).
    pub fn auto_migrate_at_start(self) -> bool {
        self.at_least(11, 6)
    }

    /// GET /api/access-control/user/permissions (and /user/actions) exist.
    /// Registered by the RBAC API, which OSS only runs with RBAC on (≈9.0).
    pub fn user_permissions_endpoint(self) -> bool {
        self.rbac_enabled()
    }

    /// `/api/user` carries the user's `uid` (≈10.0).
    pub fn user_uid(self) -> bool {
        self.at_least(10, 0)
    }

    /// Requests are authenticated by the authn service (`pkg/services/authn`,
    /// ≈10.0) instead of the context handler's own `initContextWith*`. For
    /// keys this adds the org check: an `X-Grafana-Org-Id` other than the
    /// key's org answers 401 `api-key.organization-mismatch`; before, the
    /// header was ignored for keys.
    pub fn authn_service(self) -> bool {
        self.at_least(10, 0)
    }

    /// `GET /api/frontend/settings` builds `buildInfo` from the
    /// `FrontendSettingsBuildInfoDTO` struct (fields in declaration order);
    /// before (8.x) it was a `map[string]interface{}` (keys sorted). ≈9.3.
    pub fn frontend_settings_struct(self) -> bool {
        self.at_least(9, 3)
    }

    /// `buildInfo` carries `versionString` ("Grafana v11.0.0") and
    /// `commitShort` (≈11.0, the DTO's comment names 11.0.0).
    pub fn build_info_version_string(self) -> bool {
        self.at_least(11, 0)
    }

    /// `OrgUserDTO` (`/api/org/users`, `/api/orgs/:orgId/users`) carries
    /// `isDisabled` (≈9.0; absent from the 8.x `models.OrgUserDTO`).
    pub fn org_user_is_disabled(self) -> bool {
        self.at_least(9, 0)
    }

    /// `OrgUserDTO` carries `authLabels` (≈10.0).
    pub fn org_user_auth_labels(self) -> bool {
        self.at_least(10, 0)
    }

    /// `OrgUserDTO` carries `isExternallySynced` (≈10.3).
    pub fn org_user_externally_synced(self) -> bool {
        self.at_least(10, 3)
    }

    /// `OrgUserDTO` carries `uid`, `created` and `isProvisioned` (≈12.0).
    pub fn org_user_uid(self) -> bool {
        self.at_least(12, 0)
    }

    /// Service-account resource permissions (`ProvideServiceAccountPermissions`,
    /// PR #51818, July 2022): `/api/access-control/serviceaccounts/*`, the
    /// creator's Admin on a new account, and Edit / Admin grants to users and
    /// teams that take effect on the account. Registered with the GA
    /// service-account API and RBAC (9.1).
    pub fn sa_permissions(self) -> bool {
        self.service_accounts() && self.rbac_enabled()
    }

    /// `ResourcePermissionDTO` carries `isInherited` (nested folders; ≈10.0,
    /// present in the 10.0 development tree, absent from 9.x).
    pub fn perm_is_inherited(self) -> bool {
        self.at_least(10, 0)
    }

    /// Service accounts as assignees of resource permissions (PR #76133,
    /// Oct 2023, ≈10.2): the DTO's `isServiceAccount` and the description's
    /// `assignments.serviceAccounts` (false for service accounts themselves).
    /// Present in the OpenAPI spec of Jan 2024 (before 10.4).
    pub fn perm_service_account_assignees(self) -> bool {
        self.at_least(10, 2)
    }

    /// UIDs in the permission APIs (PRs #94011, #95401, #95424, #95552,
    /// Oct 2024, ≈11.4): `:resourceID` of `/api/access-control/serviceaccounts`
    /// also takes the account's uid (an unknown uid answers 404 `Not found`),
    /// `:userID` / `:teamID` also take a uid, the DTO carries `userUid` /
    /// `teamUid`, the user lookup `uid` and `POST /api/teams` answers `uid`.
    /// Absent from the OpenAPI spec of Aug 2024, present in Nov 2024.
    pub fn perm_uids(self) -> bool {
        self.at_least(11, 4)
    }

    /// Resource-permission errors are errutil bodies (`resourcePermissions.*`,
    /// `accesscontrol.assignmentEntityNotFound`, the validator's own errors
    /// through `response.Err`); before, every service error answered 400
    /// `failed to set user permission` / `failed to set team permission`
    /// (10.0 tree). The switch is inferred (≈11.0: the errutil version still
    /// imports `pkg/util/errutil`, which moved to `pkg/apimachinery` in 11.x).
    pub fn perm_errutil(self) -> bool {
        self.at_least(11, 0)
    }

    /// `TeamDTO` carries `externalUID` and `isProvisioned` (≈12.0, in the
    /// OpenAPI spec from Apr 2025).
    pub fn team_provisioned_fields(self) -> bool {
        self.at_least(12, 0)
    }

    /// POST /login always answers a `redirectUrl` (authn-based login, ≈10.0);
    /// before, only when a `redirect_to` cookie was present.
    pub fn login_always_redirect_url(self) -> bool {
        self.at_least(10, 0)
    }
}

/// The three shapes of the migrate-all answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrateAllStyle {
    /// 9.x – 10.0: `{"message":"API keys migrated to service accounts"}`.
    Message,
    /// ≈10.1: the `MigrationResult` struct without json tags (`Total`, …),
    /// as read by the 10.1 frontend.
    ResultCapitalised,
    /// 10.2+: `{"total":…,"migrated":…,"failed":…,"failedApikeyIDs":[…],"failedDetails":[…]}`.
    Result,
}

impl Default for Version {
    /// The lead's default profile.
    fn default() -> Self {
        Version::new(9, 4, 7)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for Version {
    type Err = String;

    /// Accepts `9.4.7`, `10.4`, `11`, `v11.5.0` and ignores a pre-release or
    /// build suffix (`12.1.0-pre`, `11.2.0+security-01`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("invalid Grafana version {s:?} (expected e.g. 9.4.7, 10.4 or 12.1.0)");
        let core = s.trim().trim_start_matches(['v', 'V']);
        let core = core.split(['-', '+']).next().unwrap_or("");
        let mut parts = core.split('.');
        let mut next = |required: bool| -> Result<u32, String> {
            match parts.next() {
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map_err(|_| bad())
                }
                None if !required => Ok(0),
                _ => Err(bad()),
            }
        };
        let major = next(true)?;
        let minor = next(false)?;
        let patch = next(false)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(Version::new(major, minor, patch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    #[test]
    fn parses_all_accepted_forms() {
        assert_eq!(v("9.4.7"), Version::new(9, 4, 7));
        assert_eq!(v("10.4"), Version::new(10, 4, 0));
        assert_eq!(v("11.5.0"), Version::new(11, 5, 0));
        assert_eq!(v("v12.1.0"), Version::new(12, 1, 0));
        assert_eq!(v("12.1.0-pre"), Version::new(12, 1, 0));
        assert_eq!(v("11"), Version::new(11, 0, 0));
        assert!("".parse::<Version>().is_err());
        assert!("9.x".parse::<Version>().is_err());
        assert!("9.4.7.1".parse::<Version>().is_err());
        assert_eq!(v("10.4").to_string(), "10.4.0");
    }

    #[test]
    fn matrix_boundaries() {
        assert!(!v("8.5").rbac_enabled());
        assert!(v("9.0").rbac_enabled());
        assert!(!v("11.2.9").create_gone());
        assert!(v("11.3.0").create_gone());
        assert!(!v("12.0.9").api_keys_removed());
        assert!(v("12.1.0").api_keys_removed());
        assert!(!v("9.0").service_accounts());
        assert!(v("9.1").migration_status_endpoints());
        assert!(v("9.4.7").migration_status_endpoints());
        assert!(!v("9.5").migration_status_endpoints());
        assert!(v("12.0").migrate_endpoints());
        assert!(!v("12.1").migrate_endpoints());
        assert_eq!(v("10.0").migrate_all_style(), MigrateAllStyle::Message);
        assert_eq!(
            v("10.1").migrate_all_style(),
            MigrateAllStyle::ResultCapitalised
        );
        assert_eq!(v("10.4").migrate_all_style(), MigrateAllStyle::Result);
        assert!(!v("9.4").last_used_at());
        assert!(v("9.5").last_used_at());
        assert!(!v("9.0").last_used_column());
        assert!(v("9.1").last_used_column());
        assert!(!v("9.1").token_is_revoked());
        assert!(v("9.2").token_is_revoked());
        assert!(v("10.0.9").token_last_used_recorded());
        assert!(!v("10.1").token_last_used_recorded());
        assert!(!v("10.2.9").token_last_used_recorded());
        assert!(v("10.3").token_last_used_recorded());
        assert!(!v("11.0.9").last_used_throttled());
        assert!(v("11.1").last_used_throttled());
        assert_eq!(v("9.1").token_list_limit(), None);
        assert_eq!(v("9.2").token_list_limit(), Some(300));
        assert!(!v("11.5").auto_migrate_at_start());
        assert!(v("11.6").auto_migrate_at_start());
        assert!(v("8.5").service_accounts_toggleable());
        assert!(v("9.0").service_accounts_toggleable());
        assert!(!v("8.4").service_accounts_toggleable());
        assert!(!v("9.1").service_accounts_toggleable());
        assert!(!v("9.4.7").sa_errutil());
        assert!(v("9.5").sa_errutil());
        assert_eq!(v("9.0").sa_duplicate_token_status(), 409);
        assert_eq!(v("9.1").sa_duplicate_token_status(), 400);
        assert!(!v("9.5").authn_service());
        assert!(v("10.0").authn_service());
        assert!(v("8.5").sa_beta_handlers());
        assert!(!v("9.0").sa_beta_handlers());
        assert!(!v("9.2").frontend_settings_struct());
        assert!(v("9.3").frontend_settings_struct());
        assert!(!v("10.4").build_info_version_string());
        assert!(v("11.0").build_info_version_string());
        assert!(!v("8.5").org_user_is_disabled());
        assert!(v("10.0").org_user_auth_labels());
        assert!(!v("10.2").org_user_externally_synced());
        assert!(v("12.1").org_user_uid());
        assert!(!v("9.0").sa_permissions());
        assert!(v("9.1").sa_permissions());
        assert!(!v("10.1").perm_service_account_assignees());
        assert!(v("10.4").perm_service_account_assignees());
        assert!(!v("10.4").perm_uids());
        assert!(!v("11.3").perm_uids());
        assert!(v("11.4").perm_uids());
        assert!(v("12.1").perm_uids());
        assert!(!v("10.4").perm_errutil());
        assert!(v("12.1").perm_errutil());
        assert!(!v("11.6").team_provisioned_fields());
        assert!(v("12.1").team_provisioned_fields());
    }
}
