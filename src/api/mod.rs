//! The Grafana HTTP API, as the page uses it. Views call these functions; nothing else in the
//! app builds a URL or sends a request.

mod client;
mod error;
mod types;

pub use client::decode_response;
pub use error::ApiError;
pub use types::{ApiKey, SignInRequest};

/// The keys of the current org, as Grafana's own page loads them: `includeExpired` chooses the
/// list, `accesscontrol=true` asks for the per-key permissions the page needs for its buttons.
pub async fn list_keys(include_expired: bool) -> Result<Vec<ApiKey>, ApiError> {
    client::get_json(&format!(
        "/api/auth/keys?includeExpired={include_expired}&accesscontrol=true"
    ))
    .await
}

/// Signs in with Grafana's login form endpoint; the session cookie it sets is HttpOnly, so the
/// app never sees it.
pub async fn sign_in(user: String, password: String) -> Result<(), ApiError> {
    client::post_json::<_, serde_json::Value>("/login", &SignInRequest { user, password })
        .await
        .map(|_| ())
}
