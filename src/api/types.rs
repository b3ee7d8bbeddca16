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
    /// RFC 3339; sent from Grafana 9.5 on, absent or null when never used.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// Per-key permissions, present when the list was asked with `accesscontrol=true`.
    #[serde(default)]
    pub access_control: Option<HashMap<String, bool>>,
}

/// The body of `POST /login`.
#[derive(Debug, Clone, Serialize)]
pub struct SignInRequest {
    pub user: String,
    pub password: String,
}
