use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One item of `GET /api/auth/keys` (Grafana's `ApiKeyDTO`). Dates stay strings here: a date
/// the page cannot parse is shown as sent rather than failing the whole list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub role: String,
    /// RFC 3339; absent when the key never expires.
    #[serde(default)]
    pub expiration: Option<String>,
    /// RFC 3339; sent from Grafana 9.5 on, and then absent or null when never used.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// Per-key permissions, present when the list was asked with `accesscontrol=true` and the
    /// server has access control.
    #[serde(default)]
    pub access_control: Option<HashMap<String, bool>>,
}

/// The body of `POST /api/auth/keys`. `secondsToLive: null` means no expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewApiKey {
    pub name: String,
    pub role: String,
    pub seconds_to_live: Option<i64>,
}

/// The answer to `POST /api/auth/keys`: the only time the secret `key` is ever sent.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedApiKey {
    pub id: i64,
    pub name: String,
    pub key: String,
}

// Written by hand so the secret never reaches a log or the console through `{:?}`.
impl std::fmt::Debug for CreatedApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedApiKey")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// Grafana's `{"message": …}` answer to a successful change.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Message {
    pub message: String,
}

/// What `POST /api/serviceaccounts/migrate` answers: a message up to Grafana 10.0, a
/// `MigrationResult` from 10.1 (briefly with capitalised field names, so both are read).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum MigrateAllAnswer {
    Result(MigrationResult),
    Message(Message),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MigrationResult {
    #[serde(alias = "Total")]
    pub total: i64,
    #[serde(alias = "Migrated", default)]
    pub migrated: i64,
    #[serde(alias = "Failed", default)]
    pub failed: i64,
    #[serde(
        rename = "failedApikeyIDs",
        alias = "FailedApikeyIDs",
        default,
        deserialize_with = "null_as_empty"
    )]
    pub failed_apikey_ids: Vec<i64>,
    #[serde(
        rename = "failedDetails",
        alias = "FailedDetails",
        default,
        deserialize_with = "null_as_empty"
    )]
    pub failed_details: Vec<String>,
}

/// Go encodes an empty slice that was never made as `null`.
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// `GET /api/serviceaccounts/migrationstatus` (Grafana 9.1 to 9.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct MigrationStatus {
    pub migrated: bool,
}

/// `GET /api/health`; `version` may be hidden by the server's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Health {
    #[serde(default)]
    pub version: Option<String>,
}

/// `GET /api/user`: the signed-in user, with the org the session is in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedInUser {
    pub org_id: i64,
}

/// One item of `GET /api/user/orgs`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserOrg {
    pub org_id: i64,
    pub role: String,
}

/// `GET /api/access-control/user/permissions`: action to the scopes it is granted on.
pub type UserPermissions = HashMap<String, Vec<String>>;

/// `GET /api/user/preferences`: only what the page uses. `theme` is `"dark"`, `"light"`,
/// `"system"` or `""` (the server default).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Preferences {
    #[serde(default)]
    pub theme: String,
}

/// The body of `POST /login`.
#[derive(Debug, Clone, Serialize)]
pub struct SignInRequest {
    pub user: String,
    pub password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrate_all_reads_every_era() {
        let message: MigrateAllAnswer =
            serde_json::from_str(r#"{"message":"API keys migrated to service accounts"}"#).unwrap();
        assert_eq!(
            message,
            MigrateAllAnswer::Message(Message {
                message: "API keys migrated to service accounts".into()
            })
        );

        let lower: MigrateAllAnswer = serde_json::from_str(
            r#"{"total":3,"migrated":2,"failed":1,"failedApikeyIDs":[7],"failedDetails":["API key name: a - Error: x"]}"#,
        )
        .unwrap();
        let capitalised: MigrateAllAnswer = serde_json::from_str(
            r#"{"Total":3,"Migrated":2,"Failed":1,"FailedApikeyIDs":[7],"FailedDetails":["API key name: a - Error: x"]}"#,
        )
        .unwrap();
        assert_eq!(lower, capitalised);
        let MigrateAllAnswer::Result(result) = lower else {
            panic!("a result");
        };
        assert_eq!((result.total, result.migrated, result.failed), (3, 2, 1));
        assert_eq!(result.failed_apikey_ids, vec![7]);
    }

    #[test]
    fn null_lists_are_empty() {
        let answer: MigrateAllAnswer = serde_json::from_str(
            r#"{"total":2,"migrated":2,"failed":0,"failedApikeyIDs":null,"failedDetails":null}"#,
        )
        .unwrap();
        let MigrateAllAnswer::Result(result) = answer else {
            panic!("a result");
        };
        assert!(result.failed_apikey_ids.is_empty() && result.failed_details.is_empty());
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
