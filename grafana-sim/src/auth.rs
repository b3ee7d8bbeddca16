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
use crate::model::{self, Role};
use crate::reply::{self, HttpResponse};
use crate::request::Req;
use crate::state::AppState;
use crate::store::Store;
use crate::timefmt::now_unix;
use crate::version::Version;

pub const SESSION_COOKIE: &str = "grafana_session";

#[derive(Debug, Clone, Copy)]
pub enum Principal {
    /// A person (`store.users`), by id.
    User { id: i64 },
    /// A legacy key, not migrated.
    ApiKey { key_id: i64 },
    /// A migrated key, acting as its service account's token.
    ServiceAccount { sa_id: i64, key_id: i64 },
}

#[derive(Debug, Clone, Copy)]
pub struct Identity {
    pub principal: Principal,
    /// The org of this request; [`model::NO_ORG_ID`] (-1) when
    /// `X-Grafana-Org-Id` named an org the user does not belong to.
    pub org_id: i64,
    /// The role in that org; `Role::None` (no permissions) in org -1.
    pub role: Role,
    pub is_grafana_admin: bool,
}

impl Identity {
    pub fn user_id(&self) -> Option<i64> {
        match self.principal {
            Principal::User { id } => Some(id),
            _ => None,
        }
    }
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
            return api_key(state, req, token.trim());
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
                return api_key(state, req, password);
            }
            let id = match state.store().user_by_login(user) {
                Some(u) if u.password == password => u.id,
                _ => return Auth::Failed(reply::message(401, "Invalid username or password")),
            };
            return user_identity(state, req, id);
        }
    }
    if let Some(token) = req.cookie(SESSION_COOKIE) {
        let user_id = state.store().sessions.get(&token).copied();
        return match user_id {
            Some(id) => user_identity(state, req, id),
            None => Auth::Failed(unauthorized()),
        };
    }
    Auth::Anonymous
}

/// The org a request asks for: `X-Grafana-Org-Id` parsed like Go's
/// `strconv.ParseInt`; absent or unparsable = 0 (the caller's own org).
pub fn requested_org(req: &Req) -> i64 {
    req.header("x-grafana-org-id")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0)
}

fn strip_scheme<'a>(header: &'a str, scheme: &str) -> Option<&'a str> {
    let (s, rest) = header.split_once(' ')?;
    s.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// `GetSignedInUser{UserID, OrgID}`: a user acts in the org
/// `X-Grafana-Org-Id` names (when > 0), else in their current org
/// (`user.org_id`). In an org they do not belong to they are still signed
/// in, with no role, in org -1 (`OrgRole == "" → OrgID = -1`), so every
/// permission check fails. A session whose user is gone answers 401.
fn user_identity(state: &AppState, req: &Req, user_id: i64) -> Auth {
    let requested = requested_org(req);
    let store = state.store();
    let Some(user) = store.user(user_id) else {
        return Auth::Failed(unauthorized());
    };
    let org_id = if requested > 0 {
        requested
    } else {
        user.org_id
    };
    let (org_id, role) = match store.role_in(org_id, user.id) {
        Some(role) => (org_id, role),
        None => (model::NO_ORG_ID, Role::None),
    };
    Auth::Signed(Identity {
        principal: Principal::User { id: user.id },
        org_id,
        role,
        is_grafana_admin: user.is_grafana_admin,
    })
}

/// Key authentication (the context handler's `initContextWithAPIKey` before ≈10.0, the authn
/// `api_key` client after). A `glsa_` service-account token is found by its hash; a legacy
/// `eyJr…` key is decoded and found by (org, name), then its hash compared. Then, in
/// Grafana's order: expired (401 "Expired API key"), revoked (≈9.2+: 401 `{"message":"Revoked
/// token"}` from the context handler; from ≈10.0 the authn client's errutil
/// `api-key.revoked` "Revoked API key"), and from ≈10.0 an `X-Grafana-Org-Id` naming another
/// org (401 errutil `api-key.organization-mismatch`; before, the header was ignored for
/// keys). Only then is the use recorded ([`record_use`]). From 12.1 no client accepts `eyJr…`
/// keys any more.
fn api_key(state: &AppState, req: &Req, secret: &str) -> Auth {
    let invalid = || Auth::Failed(reply::message(401, "Invalid API key"));
    let secret = secret.trim();
    let digest = keygen::hex(&Sha256::digest(secret.as_bytes()));
    let key = if secret.starts_with(keygen::SA_TOKEN_PREFIX) {
        let Some(token) = keygen::decode_sa_token(secret) else {
            return invalid();
        };
        // The cache maps the secret's digest to the hash it produced.
        let hash = match state.cached_verification(&digest) {
            Some(h) => h,
            None => {
                let h = token.hash();
                state.remember_verification(digest, h.clone());
                h
            }
        };
        match state.store().key_by_hash(&hash).cloned() {
            Some(k) if k.service_account_id.is_some() => k,
            _ => return invalid(),
        }
    } else {
        if state.version.api_keys_removed() {
            return Auth::Failed(unauthorized());
        }
        let Some(decoded) = keygen::decode(secret) else {
            return invalid();
        };
        let Some(key) = state.store().key_by_name(decoded.id, &decoded.n).cloned() else {
            return invalid();
        };
        let verified = state.cached_verification(&digest).as_deref() == Some(key.hash.as_str());
        if !verified {
            if !keygen::is_valid(&decoded, &key.hash) {
                return invalid();
            }
            state.remember_verification(digest, key.hash.clone());
        }
        key
    };
    let now = now_unix();
    let v = state.version;
    if key.expires.is_some_and(|e| e <= now) {
        return Auth::Failed(reply::message(401, "Expired API key"));
    }
    if key.is_revoked {
        return Auth::Failed(if v.authn_service() {
            reply::errutil(401, "api-key.revoked", "Revoked API key")
        } else {
            reply::message(401, "Revoked token")
        });
    }
    let requested = requested_org(req);
    if v.authn_service() && requested != 0 && requested != key.org_id {
        return Auth::Failed(reply::errutil(
            401,
            "api-key.organization-mismatch",
            "API key does not belong to the requested organization",
        ));
    }
    let mut store = state.store();
    // The context handler stamps the key before it looks at the account (a disabled
    // account's token is stamped, then refused); authn's hook runs only after a success.
    if !v.authn_service() {
        record_use(v, &mut store, &key, now);
    }
    let (principal, role) = match key.service_account_id {
        None => (Principal::ApiKey { key_id: key.id }, key.role),
        Some(sa_id) => match store.service_account(sa_id) {
            // A disabled account's tokens are refused (inferred text).
            Some(sa) if !sa.is_disabled => (
                Principal::ServiceAccount {
                    sa_id,
                    key_id: key.id,
                },
                sa.role,
            ),
            _ => return invalid(),
        },
    };
    if v.authn_service() {
        record_use(v, &mut store, &key, now);
    }
    Auth::Signed(Identity {
        principal,
        org_id: key.org_id,
        role,
        is_grafana_admin: false,
    })
}

/// `UpdateAPIKeyLastUsedDate` after an authentication: from 9.1 (the column), for plain keys
/// and tokens alike, except tokens on 10.1 – 10.2 (the authn hook's regression); from ≈11.1
/// skipped while the stored time is at most 5 minutes old. Before ≈11.1 every use writes.
fn record_use(v: Version, store: &mut Store, key: &crate::store::ApiKey, now: i64) {
    if !v.last_used_column() {
        return;
    }
    if key.service_account_id.is_some() && !v.token_last_used_recorded() {
        return;
    }
    if let Some(k) = store.key_mut(key.id)
        && !(v.last_used_throttled() && k.last_used_at.is_some_and(|t| now - t <= 300))
    {
        k.last_used_at = Some(now);
    }
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
    let allowed = {
        let store = state.store();
        holds(&store, who, action, scope)
    };
    if allowed {
        return Ok(());
    }
    Err(access_denied(state, Some((action, scope))))
}

/// The id whose managed permissions apply: a user's, or the service account
/// a token acts as (a plain API key has none).
pub fn subject(who: &Identity) -> Option<i64> {
    match who.principal {
        Principal::User { id } => Some(id),
        Principal::ServiceAccount { sa_id, .. } => Some(sa_id),
        Principal::ApiKey { .. } => None,
    }
}

/// Every `(action, scope)` the caller holds in the request's org
/// (`SignedInUser.Permissions[orgID]`): its basic role's, the server admin's
/// global ones, and its managed permissions there (its teams, and the
/// service accounts it or its teams may manage).
pub fn permissions(store: &Store, who: &Identity) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = model::role_permissions(who.role)
        .into_iter()
        .map(|(a, s)| (a.to_string(), s.to_string()))
        .collect();
    if who.is_grafana_admin {
        p.extend(
            model::SERVER_ADMIN_PERMISSIONS
                .iter()
                .map(|(a, s)| (a.to_string(), s.to_string())),
        );
    }
    if who.org_id > 0
        && let Some(id) = subject(who)
    {
        p.extend(store.managed_permissions(who.org_id, id));
    }
    p
}

/// Does the caller hold `action` on `scope` (None: on any scope)?
pub fn holds(store: &Store, who: &Identity, action: &str, scope: Option<&str>) -> bool {
    model::grants(&permissions(store, who), action, scope)
}

/// The guard `authorize(ac.EvalAny(ac.EvalPermission(a1), …))` (unscoped
/// actions): any one of them passes; the 403 prints the `anyEvaluator`
/// (`any of a1, a2` from ≈9.3, `any(action:a1 scopes: …)` before).
pub fn authorize_any(
    state: &AppState,
    who: &Identity,
    actions: &[&str],
) -> Result<(), HttpResponse> {
    if !state.version.rbac_enabled() {
        return authorize(state, who, actions[0], None);
    }
    let allowed = {
        let store = state.store();
        actions.iter().any(|a| holds(&store, who, a, None))
    };
    if allowed {
        return Ok(());
    }
    let text = if state.version.verbose_access_denied() {
        let parts: Vec<String> = actions
            .iter()
            .map(|a| format!("action:{a} scopes:"))
            .collect();
        format!("any({})", parts.join(" "))
    } else {
        format!("any of {}", actions.join(", "))
    };
    Err(denied(text))
}

/// The RBAC 403 (`accesscontrol.deny`): the evaluator's text, or nothing
/// when the middleware failed before evaluating (e.g. a target org that does
/// not parse).
pub fn access_denied(state: &AppState, evaluator: Option<(&str, Option<&str>)>) -> HttpResponse {
    let evaluator = match evaluator {
        None => String::new(),
        Some((action, scope)) if state.version.verbose_access_denied() => {
            format!("action:{action} scopes:{}", scope.unwrap_or(""))
        }
        Some((action, _)) => action.to_string(),
    };
    denied(evaluator)
}

fn denied(evaluator: String) -> HttpResponse {
    let mut digits = [0u8; 10];
    getrandom::fill(&mut digits).expect("the OS random source failed");
    let id: String = digits.iter().map(|d| char::from(b'0' + d % 10)).collect();
    reply::json(
        403,
        &AccessDenied {
            access_error_id: format!("ACE{id}"),
            message: format!(
                "You'll need additional permissions to perform this action. Permissions needed: {evaluator}"
            ),
            title: "Access denied",
        },
    )
}
