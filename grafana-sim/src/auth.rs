//! Authentication (who is calling) and authorisation (may they).
//!
//! Order as in Grafana's context handler: an API key (`Authorization: Bearer`
//! or basic `api_key:<key>`), then basic auth, then the `grafana_session`
//! cookie. Bad credentials answer 401 with Grafana's texts ("Invalid API key",
//! "Expired API key", "Invalid username or password"); none at all answers
//! `{"message":"Unauthorized"}` on routes that need a signed-in caller.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::keygen;
use crate::model::{self, Role, User};
use crate::reply::{self, HttpResponse};
use crate::request::Req;
use crate::state::AppState;
use crate::timefmt::now_unix;

pub const SESSION_COOKIE: &str = "grafana_session";

#[derive(Debug, Clone, Copy)]
pub enum Principal {
    User(&'static User),
    /// A legacy key, not migrated.
    ApiKey {
        key_id: i64,
    },
    /// A migrated key, acting as its service account's token.
    ServiceAccount {
        sa_id: i64,
        key_id: i64,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Identity {
    pub principal: Principal,
    pub org_id: i64,
    pub role: Role,
    pub is_grafana_admin: bool,
}

pub enum Auth {
    Anonymous,
    Signed(Identity),
    Failed(HttpResponse),
}

pub fn unauthorized() -> HttpResponse {
    reply::message(401, "Unauthorized")
}

pub fn authenticate(state: &AppState, req: &Req) -> Auth {
    if let Some(authz) = req.header("authorization") {
        let authz = authz.trim();
        if let Some(token) = strip_scheme(authz, "Bearer") {
            return api_key(state, token.trim());
        }
        if let Some(b64) = strip_scheme(authz, "Basic") {
            let decoded = STANDARD
                .decode(b64.trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok());
            let Some((user, password)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
                return Auth::Failed(reply::message(401, "Invalid Basic Auth Header"));
            };
            if user == "api_key" {
                return api_key(state, password);
            }
            return match model::user_by_login(user) {
                Some(u) if u.password == password => user_identity(state, req, u),
                _ => Auth::Failed(reply::message(401, "Invalid username or password")),
            };
        }
    }
    if let Some(token) = req.cookie(SESSION_COOKIE) {
        let user_id = state.store().sessions.get(&token).copied();
        return match user_id.and_then(model::user_by_id) {
            Some(u) => user_identity(state, req, u),
            None => Auth::Failed(unauthorized()),
        };
    }
    Auth::Anonymous
}

fn strip_scheme<'a>(header: &'a str, scheme: &str) -> Option<&'a str> {
    let (s, rest) = header.split_once(' ')?;
    s.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// A user acts in org 1 unless `X-Grafana-Org-Id` names another org they
/// belong to; naming one they do not belong to is refused.
fn user_identity(state: &AppState, req: &Req, user: &'static User) -> Auth {
    let org_id = req
        .header("x-grafana-org-id")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|&id| id > 0)
        .unwrap_or(model::MAIN_ORG_ID);
    let exists = state.store().orgs.contains_key(&org_id);
    match model::user_role_in_org(user, org_id, exists) {
        Some(role) => Auth::Signed(Identity {
            principal: Principal::User(user),
            org_id,
            role,
            is_grafana_admin: user.is_grafana_admin,
        }),
        None => Auth::Failed(unauthorized()),
    }
}

/// Legacy key authentication (`pkg/middleware` / authn `api_key` client):
/// decode, find by (org, name), compare hashes, reject expired keys, then
/// record the use (9.5+). Keys are bound to their org; `X-Grafana-Org-Id`
/// does not move them. From 12.1 no client accepts `eyJr…` keys any more.
fn api_key(state: &AppState, secret: &str) -> Auth {
    if state.version.api_keys_removed() {
        return Auth::Failed(unauthorized());
    }
    let invalid = || Auth::Failed(reply::message(401, "Invalid API key"));
    let Some(decoded) = keygen::decode(secret) else {
        return invalid();
    };
    let Some(key) = state.store().key_by_name(decoded.id, &decoded.n).cloned() else {
        return invalid();
    };
    let digest = keygen::hex(&Sha256::digest(secret.trim().as_bytes()));
    let verified = state.cached_verification(&digest).as_deref() == Some(key.hash.as_str());
    if !verified {
        if !keygen::is_valid(&decoded, &key.hash) {
            return invalid();
        }
        state.remember_verification(digest, key.hash.clone());
    }
    let now = now_unix();
    if key.expires.is_some_and(|e| e <= now) {
        return Auth::Failed(reply::message(401, "Expired API key"));
    }
    let mut store = state.store();
    if state.version.last_used_at() {
        // Grafana writes last_used_at at most every 5 minutes per key.
        if let Some(k) = store.key_mut(key.id)
            && k.last_used_at.is_none_or(|t| now - t > 300)
        {
            k.last_used_at = Some(now);
        }
    }
    let (principal, role) = match key.service_account_id {
        None => (Principal::ApiKey { key_id: key.id }, key.role),
        Some(sa_id) => match store.service_account(sa_id) {
            Some(sa) => (
                Principal::ServiceAccount {
                    sa_id,
                    key_id: key.id,
                },
                sa.role,
            ),
            None => return invalid(),
        },
    };
    Auth::Signed(Identity {
        principal,
        org_id: key.org_id,
        role,
        is_grafana_admin: false,
    })
}

#[derive(Serialize)]
struct AccessDenied<'a> {
    // Go map keys: sorted.
    #[serde(rename = "accessErrorId")]
    access_error_id: String,
    message: String,
    title: &'a str,
}

/// The route guard `authorize(reqOrgAdmin, ac.EvalPermission(action, scope))`:
/// with RBAC the permission decides and a denial carries the evaluator; on
/// 8.x (RBAC off) the Org Admin fallback answers "Permission denied".
pub fn authorize(
    state: &AppState,
    who: &Identity,
    action: &str,
    scope: Option<&str>,
) -> Result<(), HttpResponse> {
    if !state.version.rbac_enabled() {
        return if who.role == Role::Admin {
            Ok(())
        } else {
            Err(reply::message(403, "Permission denied"))
        };
    }
    if model::role_has(who.role, action, scope) {
        return Ok(());
    }
    let evaluator = if state.version.verbose_access_denied() {
        format!("action:{action} scopes:{}", scope.unwrap_or(""))
    } else {
        action.to_string()
    };
    let mut digits = [0u8; 10];
    getrandom::fill(&mut digits).expect("the OS random source failed");
    let id: String = digits.iter().map(|d| char::from(b'0' + d % 10)).collect();
    Err(reply::json(
        403,
        &AccessDenied {
            access_error_id: format!("ACE{id}"),
            message: format!(
                "You'll need additional permissions to perform this action. Permissions needed: {evaluator}"
            ),
            title: "Access denied",
        },
    ))
}
