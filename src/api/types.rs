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
