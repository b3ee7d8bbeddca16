//! The Grafana HTTP API, as the page uses it. Views call these functions; nothing else in the
//! app builds a URL or sends a request.

mod client;
mod error;
mod types;

pub use client::decode_response;
pub use error::ApiError;
pub use types::{
    ApiKey, CreatedApiKey, Health, Message, MigrateAllAnswer, MigrationResult, MigrationStatus,
    NewApiKey, Preferences, SignInRequest, SignedInUser, UserOrg, UserPermissions,
};

use crate::domain::keys::KeyLists;
use crate::domain::permissions::Permissions;

/// The keys of the current org, as Grafana's own page loads them: `includeExpired` chooses the
/// list, `accesscontrol=true` asks for the per-key permissions the page needs for its buttons.
pub async fn list_keys(include_expired: bool) -> Result<Vec<ApiKey>, ApiError> {
    client::get_json(&format!(
        "/api/auth/keys?includeExpired={include_expired}&accesscontrol=true"
    ))
    .await
}

/// Both lists at once, as Grafana's page does, so the "Include expired keys" switch flips
/// between them with no request.
pub async fn load_key_lists() -> Result<KeyLists, ApiError> {
    let (active, all) = futures::join!(list_keys(false), list_keys(true));
    Ok(KeyLists {
        active: active?,
        all: all?,
    })
}

pub async fn create_key(new_key: NewApiKey) -> Result<CreatedApiKey, ApiError> {
    client::post_json("/api/auth/keys", &new_key).await
}

/// Deletes a key; the answer is Grafana's confirmation, "API key deleted".
pub async fn delete_key(id: i64) -> Result<Message, ApiError> {
    client::delete_json(&format!("/api/auth/keys/{id}")).await
}

/// Migrates every API key of the org to service accounts (Grafana 9.1 to 12.0).
pub async fn migrate_all_keys() -> Result<MigrateAllAnswer, ApiError> {
    client::post_empty("/api/serviceaccounts/migrate").await
}

/// Migrates one key to a service account; Grafana answers "Service accounts migrated".
pub async fn migrate_key(id: i64) -> Result<Message, ApiError> {
    client::post_empty(&format!("/api/serviceaccounts/migrate/{id}")).await
}

/// Whether the org's keys were migrated (Grafana 9.1 to 9.4 only).
pub async fn migration_status() -> Result<MigrationStatus, ApiError> {
    client::get_json("/api/serviceaccounts/migrationstatus").await
}

/// Hides the API keys page for good (Grafana 9.1 to 9.4): "API keys hidden".
pub async fn hide_api_keys() -> Result<Message, ApiError> {
    client::post_empty("/api/serviceaccounts/hideApiKeys").await
}

/// The server's version, where it tells it.
pub async fn server_version() -> Result<Option<String>, ApiError> {
    client::get_json::<Health>("/api/health")
        .await
        .map(|health| health.version)
}

/// What the signed-in user may do with API keys: from the access-control permissions where
/// the server has that endpoint, else from the user's role in the current org.
pub async fn permissions() -> Result<Permissions, ApiError> {
    match client::get_json::<UserPermissions>("/api/access-control/user/permissions").await {
        Ok(granted) => Ok(Permissions::from_actions(&granted)),
        Err(ApiError::Http { status: 404, .. }) => {
            let (user, orgs) = futures::join!(
                client::get_json::<SignedInUser>("/api/user"),
                client::get_json::<Vec<UserOrg>>("/api/user/orgs")
            );
            let (user, orgs) = (user?, orgs?);
            let role = orgs
                .iter()
                .find(|org| org.org_id == user.org_id)
                .map(|org| org.role.as_str());
            Ok(Permissions::from_org_role(role))
        }
        Err(error) => Err(error),
    }
}

/// The signed-in user's preferences (theme).
pub async fn user_preferences() -> Result<Preferences, ApiError> {
    client::get_json("/api/user/preferences").await
}

/// Signs in with Grafana's login form endpoint; the session cookie it sets is HttpOnly, so the
/// app never sees it.
pub async fn sign_in(user: String, password: String) -> Result<(), ApiError> {
    client::post_json::<_, serde_json::Value>("/login", &SignInRequest { user, password })
        .await
        .map(|_| ())
        // Here a 401 is a wrong password, not a session that ended.
        .map_err(|error| match error {
            ApiError::Unauthorized(message) => ApiError::Http {
                status: 401,
                message,
            },
            other => other,
        })
}
