//! `/api/serviceaccounts/*` (`pkg/services/serviceaccounts/api`): migration of
//! API keys, search, create / read / update / delete of accounts, and their
//! tokens. Store errors answer `{"message"}` with the handler's text up to 9.4
//! and errutil bodies from 9.5 (see [`SaErr`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Handled;
use crate::auth::{self, Identity, Principal, authorize};
use crate::bind::{self, Field, Kind};
use crate::grants::{Assignee, SaLevel};
use crate::keygen;
use crate::model::{self, Role};
use crate::reply::{self, HttpResponse};
use crate::request::Req;
use crate::state::AppState;
use crate::store::{ApiKey, SaError, ServiceAccount, Store};
use crate::timefmt::{now_unix, rfc3339};
use crate::version::MigrateAllStyle;

#[derive(Serialize)]
struct MigrationResultLower<'a> {
    total: usize,
    migrated: usize,
    failed: usize,
    #[serde(rename = "failedApikeyIDs")]
    failed_apikey_ids: &'a [i64],
    #[serde(rename = "failedDetails")]
    failed_details: &'a [String],
}

/// The ≈10.1 struct without json tags: Go uses the field names.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MigrationResultCapitalised<'a> {
    total: usize,
    migrated: usize,
    failed: usize,
    #[serde(rename = "FailedApikeyIDs")]
    failed_apikey_ids: &'a [i64],
    failed_details: &'a [String],
}

pub fn migrate_all(state: &AppState, who: &Identity) -> Handled {
    authorize(state, who, "serviceaccounts:create", None)?;
    let result = state
        .store()
        .migrate_all(who.org_id, now_unix())
        .map_err(|_| reply::message(500, "Internal server error"))?;
    Ok(match state.version.migrate_all_style() {
        MigrateAllStyle::Message => reply::message(200, "API keys migrated to service accounts"),
        MigrateAllStyle::ResultCapitalised => reply::json(
            200,
            &MigrationResultCapitalised {
                total: result.total,
                migrated: result.migrated,
                failed: result.failed,
                failed_apikey_ids: &result.failed_apikey_ids,
                failed_details: &result.failed_details,
            },
        ),
        MigrateAllStyle::Result => reply::json(
            200,
            &MigrationResultLower {
                total: result.total,
                migrated: result.migrated,
                failed: result.failed,
                failed_apikey_ids: &result.failed_apikey_ids,
                failed_details: &result.failed_details,
            },
        ),
    })
}

pub fn migrate_one(state: &AppState, who: &Identity, key_id: &str) -> Handled {
    authorize(state, who, "serviceaccounts:create", None)?;
    let Ok(key_id) = key_id.parse::<i64>() else {
        return Err(reply::message(400, "Key ID is invalid"));
    };
    state
        .store()
        .migrate_one(who.org_id, key_id, now_unix())
        .map_err(|_| reply::message(500, "Error converting API key"))?;
    Ok(reply::message(200, "Service accounts migrated"))
}

#[derive(Serialize)]
struct MigrationStatus {
    migrated: bool,
}

pub fn migration_status(state: &AppState, who: &Identity) -> Handled {
    authorize(state, who, "serviceaccounts:read", None)?;
    let migrated = state.store().migration_status.contains(&who.org_id);
    Ok(reply::json(200, &MigrationStatus { migrated }))
}

pub fn hide_api_keys(state: &AppState, who: &Identity) -> Handled {
    authorize(state, who, "serviceaccounts:create", None)?;
    state.store().hide_api_keys.insert(who.org_id);
    Ok(reply::message(200, "API keys hidden"))
}

/// Whether Grafana's menu lists the API keys page for `who`, as 9.1 – 9.4 build it
/// (`navtreeimpl.setupConfigNodes`, `pkg/api/index.go` before 9.3): the page needs
/// `apikeys:read` (Org Admin on 8.x), and once "Hide API keys page forever" set kvstore
/// `serviceaccounts/hideApiKeys` for the org it is left out while the org has no API key.
/// Grafana answers this nowhere in its HTTP API: the menu reaches its frontend only as
/// `navTree` in the boot data of the HTML page it serves for every frontend route.
fn lists_api_keys_page(state: &AppState, who: &Identity) -> bool {
    let store = state.store();
    let hidden = store.hide_api_keys.contains(&who.org_id)
        && store.list(who.org_id, true, now_unix()).is_empty();
    drop(store);
    authorize(state, who, "apikeys:read", None).is_ok() && !hidden
}

#[derive(Serialize)]
struct NavLink {
    text: &'static str,
    id: &'static str,
    url: &'static str,
}

/// `GET /` (Grafana's index page, which it serves for every frontend route): the SPA's
/// shell with `window.grafanaBootData`, whose `navTree` is how Grafana's frontend learns
/// which pages the menu lists, the API keys page included (see [`lists_api_keys_page`]).
/// Signed out, Grafana redirects to its login page.
pub fn index_page(state: &AppState, who: Option<&Identity>) -> HttpResponse {
    let Some(who) = who else {
        let mut resp = reply::raw(
            302,
            "text/html; charset=utf-8",
            "<a href=\"/login\">Found</a>.\n\n",
        );
        resp.headers_mut().insert(
            hyper::header::LOCATION,
            hyper::header::HeaderValue::from_static("/login"),
        );
        return resp;
    };
    let mut children = Vec::new();
    if lists_api_keys_page(state, who) {
        children.push(NavLink {
            text: "API keys",
            id: "apikeys",
            url: "/org/apikeys",
        });
    }
    if state.service_account_api() && authorize(state, who, "serviceaccounts:read", None).is_ok() {
        children.push(NavLink {
            text: "Service accounts",
            id: "serviceaccounts",
            url: "/org/serviceaccounts",
        });
    }
    #[derive(Serialize)]
    struct Section<'a> {
        text: &'static str,
        id: &'static str,
        children: &'a [NavLink],
    }
    let nav_tree = [Section {
        text: "Configuration",
        id: "cfg",
        children: &children,
    }];
    let nav_tree = serde_json::to_string(&nav_tree).unwrap_or_else(|_| "[]".to_string());
    let body = format!(
        "<!DOCTYPE html><html><head><title>Grafana</title></head><body>\
         <div id=\"reactRoot\"></div><script nonce=\"\">window.grafanaBootData = {{\n\
         user: {{\"isSignedIn\":true,\"orgId\":{}}},\n\
         navTree: {nav_tree},\n\
         }};</script></body></html>\n",
        who.org_id
    );
    reply::raw(200, "text/html; charset=UTF-8", body)
}

pub fn revert(state: &AppState, who: &Identity, key_id: &str) -> Handled {
    authorize(state, who, "serviceaccounts:delete", None)?;
    let Ok(key_id) = key_id.parse::<i64>() else {
        return Err(reply::message(400, "Key ID is invalid"));
    };
    state
        .store()
        .revert(who.org_id, key_id)
        .map_err(|_| reply::message(500, "Error reverting to API key"))?;
    Ok(reply::message(200, "Reverted service account to API key"))
}

/// The errors the service-account handlers answer: the store's plus the two
/// role checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SaErr {
    Store(SaError),
    InvalidRole,
    RoleForbidden,
}

impl From<SaError> for SaErr {
    fn from(e: SaError) -> Self {
        SaErr::Store(e)
    }
}

impl SaErr {
    /// The errutil identity of the error (`serviceaccounts/models.go`).
    fn errutil(self) -> (u16, &'static str, &'static str) {
        match self {
            SaErr::Store(SaError::NotFound) => (
                404,
                "serviceaccounts.ErrNotFound",
                "service account not found",
            ),
            SaErr::Store(SaError::AlreadyExists) => (
                400,
                "serviceaccounts.ErrAlreadyExists",
                "service account already exists",
            ),
            SaErr::Store(SaError::TokenNotFound) => (
                404,
                "serviceaccounts.ErrTokenNotFound",
                "service account token not found",
            ),
            SaErr::Store(SaError::DuplicateToken) => (
                400,
                "serviceaccounts.ErrTokenAlreadyExists",
                "service account token with given name already exists in the organization",
            ),
            SaErr::Store(SaError::InvalidExpiration) => (
                400,
                "serviceaccounts.ErrInvalidInput",
                "invalid SecondsToLive value",
            ),
            SaErr::InvalidRole => (
                400,
                "serviceaccounts.ErrInvalidRoleSpecified",
                "invalid role specified",
            ),
            SaErr::RoleForbidden => (
                403,
                "serviceaccounts.ErrRoleForbidden",
                "can not assign a role higher than user's role",
            ),
        }
    }

    /// The ≤9.4 `response.Error` texts, per handler where they differ. From
    /// 9.0 the two role checks answer `err.Error()` of
    /// `ErrServiceAccountInvalidRole` / `ErrServiceAccountRolePrivilegeDenied`
    /// (`serviceaccounts/errors.go`: lower case); the 8.5 beta's PATCH wrote
    /// the org API's capitalised texts inline.
    fn legacy(self, state: &AppState, op: Op) -> (u16, &'static str) {
        match (self, op) {
            (SaErr::InvalidRole, _) if state.version.sa_beta_handlers() => {
                (400, "Invalid role specified")
            }
            (SaErr::RoleForbidden, _) if state.version.sa_beta_handlers() => {
                (403, "Cannot assign a role higher than user's role")
            }
            (SaErr::InvalidRole, _) => (400, "invalid role specified"),
            (SaErr::RoleForbidden, _) => (403, "can not assign a role higher than user's role"),
            (SaErr::Store(SaError::AlreadyExists), _) => (400, "Failed to create service account"),
            (SaErr::Store(SaError::NotFound), Op::Delete) => {
                (500, "Service account deletion error")
            }
            (SaErr::Store(SaError::NotFound), _) => (404, "Failed to retrieve service account"),
            (SaErr::Store(SaError::TokenNotFound), _) => {
                (404, "Failed to delete service account token")
            }
            (SaErr::Store(SaError::DuplicateToken), _) => (
                state.version.sa_duplicate_token_status(),
                "service account token with given name already exists in the organization",
            ),
            (SaErr::Store(SaError::InvalidExpiration), _) => (400, "invalid SecondsToLive value"),
        }
    }

    fn render(self, state: &AppState, op: Op) -> HttpResponse {
        if state.version.sa_errutil() {
            let (status, message_id, message) = self.errutil();
            errutil(status, message_id, message)
        } else {
            let (status, message) = self.legacy(state, op);
            reply::message(status, message)
        }
    }
}

/// Which handler answers (the ≤9.4 texts differ per handler).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Other,
    Delete,
}

pub fn errutil(status: u16, message_id: &str, message: &str) -> HttpResponse {
    reply::errutil(status, message_id, message)
}

/// `ServiceAccountDTO`.
#[derive(Serialize)]
struct ServiceAccountDto {
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
    name: String,
    login: String,
    #[serde(rename = "orgId")]
    org_id: i64,
    #[serde(rename = "isDisabled")]
    is_disabled: bool,
    role: &'static str,
    tokens: usize,
    #[serde(rename = "avatarUrl")]
    avatar_url: String,
    #[serde(rename = "accessControl", skip_serializing_if = "Option::is_none")]
    access_control: Option<BTreeMap<String, bool>>,
}

#[derive(Serialize)]
struct SearchResult {
    #[serde(rename = "totalCount")]
    total_count: usize,
    #[serde(rename = "serviceAccounts")]
    service_accounts: Vec<ServiceAccountDto>,
    page: i64,
    #[serde(rename = "perPage")]
    per_page: i64,
}

/// `?accesscontrol=true` metadata for one account (RBAC only).
fn metadata(
    state: &AppState,
    req: &Req,
    perms: &[(String, String)],
    id: i64,
) -> Option<BTreeMap<String, bool>> {
    (state.version.rbac_enabled() && req.query_bool("accesscontrol"))
        .then(|| resource_metadata(perms, &format!("serviceaccounts:id:{id}")))
        .filter(|m| !m.is_empty())
}

/// `ac.GetResourcesMetadata`: every action the caller holds on the resource
/// (its basic role's wildcards and its managed permissions alike).
pub(super) fn resource_metadata(
    perms: &[(String, String)],
    resource_scope: &str,
) -> BTreeMap<String, bool> {
    perms
        .iter()
        .filter(|(_, scope)| !scope.is_empty() && model::scope_covers(scope, resource_scope))
        .map(|(action, _)| (action.clone(), true))
        .collect()
}

fn dto(
    state: &AppState,
    req: &Req,
    store: &Store,
    sa: &ServiceAccount,
    perms: &[(String, String)],
) -> ServiceAccountDto {
    ServiceAccountDto {
        id: sa.id,
        uid: state.version.user_uid().then(|| sa.uid.clone()),
        name: sa.name.clone(),
        login: sa.login.clone(),
        org_id: sa.org_id,
        is_disabled: sa.is_disabled,
        role: sa.role.as_str(),
        tokens: store.token_count(sa.id),
        avatar_url: model::avatar_url(&sa.login),
        access_control: metadata(state, req, perms, sa.id),
    }
}

/// `GET /api/serviceaccounts/search?query=&page=&perpage=&expiredTokens=&disabled=`:
/// the org's service accounts ordered by e-mail then login (an account's
/// e-mail is its login); `perpage` defaults to 1000 and `page` to 1; the
/// query matches e-mail, name or login case-insensitively; `disabled` beats
/// `expiredTokens`.
pub fn search(state: &AppState, req: &Req, who: &Identity) -> Handled {
    authorize(state, who, "serviceaccounts:read", None)?;
    let per_page = match req.query_int("perpage") {
        n if n <= 0 => 1000,
        n => n,
    };
    let page = match req.query_int("page") {
        n if n <= 0 => 1,
        n => n,
    };
    let query = req.query_str("query").unwrap_or("").to_lowercase();
    let only_disabled = req.query_bool("disabled");
    let only_expired = !only_disabled && req.query_bool("expiredTokens");
    let now = now_unix();
    let store = state.store();
    let perms = auth::permissions(&store, who);
    let mut matching: Vec<&ServiceAccount> = store
        .service_accounts
        .iter()
        .filter(|sa| sa.org_id == who.org_id)
        // `accesscontrol.Filter`: only rows the caller may read (its role's
        // wildcard, or a managed permission on the account).
        .filter(|sa| {
            !state.version.rbac_enabled()
                || model::grants(
                    &perms,
                    "serviceaccounts:read",
                    Some(&format!("serviceaccounts:id:{}", sa.id)),
                )
        })
        .filter(|sa| {
            query.is_empty()
                || sa.name.to_lowercase().contains(&query)
                || sa.login.to_lowercase().contains(&query)
        })
        .filter(|sa| !only_disabled || sa.is_disabled)
        .filter(|sa| !only_expired || store.has_expired_token(sa.id, now))
        .collect();
    matching.sort_by(|a, b| a.login.as_bytes().cmp(b.login.as_bytes()));
    let total_count = matching.len();
    let skip = (page - 1).saturating_mul(per_page);
    let service_accounts = matching
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .map(|sa| dto(state, req, &store, sa, &perms))
        .collect();
    Ok(reply::json(
        200,
        &SearchResult {
            total_count,
            service_accounts,
            page,
            per_page,
        },
    ))
}

/// `ServiceAccountProfileDTO`.
#[derive(Serialize)]
struct ProfileDto {
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
    name: String,
    login: String,
    #[serde(rename = "orgId")]
    org_id: i64,
    #[serde(rename = "isDisabled")]
    is_disabled: bool,
    #[serde(rename = "createdAt")]
    created_at: String,
    #[serde(rename = "updatedAt")]
    updated_at: String,
    #[serde(rename = "avatarUrl")]
    avatar_url: String,
    role: &'static str,
    teams: Vec<String>,
    #[serde(skip_serializing_if = "is_zero")]
    tokens: usize,
    #[serde(rename = "accessControl", skip_serializing_if = "Option::is_none")]
    access_control: Option<BTreeMap<String, bool>>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `profile` with what the store knows: the caller's permissions, the
/// account's teams (`GetTeamsByUser`, by team id) and token count.
fn profile_from(
    state: &AppState,
    req: &Req,
    store: &Store,
    who: &Identity,
    sa: &ServiceAccount,
    tokens: usize,
) -> ProfileDto {
    let perms = auth::permissions(store, who);
    let teams = store
        .teams
        .iter()
        .filter(|t| t.org_id == sa.org_id && t.members.iter().any(|m| m.user_id == sa.id))
        .map(|t| t.name.clone())
        .collect();
    profile(state, req, &perms, sa, teams, tokens)
}

fn profile(
    state: &AppState,
    req: &Req,
    perms: &[(String, String)],
    sa: &ServiceAccount,
    teams: Vec<String>,
    tokens: usize,
) -> ProfileDto {
    ProfileDto {
        id: sa.id,
        uid: state.version.user_uid().then(|| sa.uid.clone()),
        name: sa.name.clone(),
        login: sa.login.clone(),
        org_id: sa.org_id,
        is_disabled: sa.is_disabled,
        created_at: rfc3339(sa.created),
        updated_at: rfc3339(sa.updated),
        avatar_url: model::avatar_url(&sa.login),
        role: sa.role.as_str(),
        teams,
        tokens,
        access_control: metadata(state, req, perms, sa.id),
    }
}

/// `:serviceAccountId` as given, or (≈11.4+) the numeric id of the org's
/// account with that uid (`saUIDResolver`; an unknown uid stays as it is and
/// then fails to parse).
fn resolve_id(state: &AppState, who: &Identity, raw: &str) -> String {
    if state.version.sa_uid_in_path()
        && raw.parse::<i64>().is_err()
        && let Some(sa) = state.store().sa_by_uid(who.org_id, raw)
    {
        return sa.id.to_string();
    }
    raw.to_string()
}

/// The route guard on `serviceaccounts:id:<id>`, then the id parse.
fn guard(
    state: &AppState,
    who: &Identity,
    raw: &str,
    action: &str,
    invalid: &str,
) -> Result<i64, HttpResponse> {
    let id = resolve_id(state, who, raw);
    authorize(
        state,
        who,
        action,
        Some(&format!("serviceaccounts:id:{id}")),
    )?;
    id.parse::<i64>().map_err(|_| reply::message(400, invalid))
}

const ID_INVALID: &str = "Service Account ID is invalid";

/// The store's `ErrServiceAccountNotFound` as this version renders it.
pub(super) fn sa_not_found(state: &AppState) -> HttpResponse {
    SaErr::from(SaError::NotFound).render(state, Op::Other)
}

/// `GET /api/serviceaccounts/:serviceAccountId`.
pub fn get(state: &AppState, req: &Req, who: &Identity, id: &str) -> Handled {
    let id = guard(state, who, id, "serviceaccounts:read", ID_INVALID)?;
    let store = state.store();
    let sa = store
        .sa_in_org(who.org_id, id)
        .ok_or_else(|| SaErr::from(SaError::NotFound).render(state, Op::Other))?;
    Ok(reply::json(
        200,
        &profile_from(state, req, &store, who, sa, store.token_count(sa.id)),
    ))
}

const CREATE_FORM: &[Field] = &[
    Field {
        name: "name",
        kind: Kind::Str,
        required: true,
    },
    Field {
        name: "role",
        kind: Kind::Str,
        required: false,
    },
    Field {
        name: "isDisabled",
        kind: Kind::Bool,
        required: false,
    },
];

/// A `role` field: absent = `None`; present must be valid and within the
/// caller's own role.
fn checked_role(
    state: &AppState,
    who: &Identity,
    role: Option<&str>,
) -> Result<Option<Role>, SaErr> {
    let Some(role) = role else {
        return Ok(None);
    };
    let role = Role::parse(role, state.version.role_none_valid()).ok_or(SaErr::InvalidRole)?;
    if !who.role.includes(role) {
        return Err(SaErr::RoleForbidden);
    }
    Ok(Some(role))
}

/// `POST /api/serviceaccounts` `{name, role?, isDisabled?}` → 201 the account.
pub fn create(state: &AppState, req: &Req, who: &Identity) -> Handled {
    authorize(state, who, "serviceaccounts:create", None)?;
    let form = bind::bind(req, CREATE_FORM).map_err(|_| reply::message(400, "Bad request data"))?;
    let role = checked_role(state, who, form.opt_str("role"))
        .map_err(|e| e.render(state, Op::Other))?
        .unwrap_or(Role::Viewer);
    let sa = {
        let mut store = state.store();
        let sa = store
            .create_service_account(
                who.org_id,
                form.str("name"),
                role,
                form.opt_bool("isDisabled").unwrap_or(false),
                now_unix(),
            )
            .map_err(|e| SaErr::from(e).render(state, Op::Other))?;
        // `if c.SignedInUser.IsRealUser() { SetUserPermission(creator, "Admin") }`
        // (9.1+, with RBAC): a person who creates an account may manage it.
        if state.version.sa_permissions()
            && let Principal::User { id } = who.principal
        {
            store.set_sa_permission(who.org_id, sa.id, Assignee::User(id), Some(SaLevel::Admin));
        }
        sa
    };
    Ok(reply::json(
        201,
        &ServiceAccountDto {
            id: sa.id,
            uid: state.version.user_uid().then(|| sa.uid.clone()),
            name: sa.name,
            login: sa.login,
            org_id: sa.org_id,
            is_disabled: sa.is_disabled,
            role: sa.role.as_str(),
            tokens: 0,
            avatar_url: String::new(),
            access_control: None,
        },
    ))
}

const UPDATE_FORM: &[Field] = &[
    Field {
        name: "name",
        kind: Kind::Str,
        required: false,
    },
    Field {
        name: "serviceAccountId",
        kind: Kind::Int,
        required: false,
    },
    Field {
        name: "role",
        kind: Kind::Str,
        required: false,
    },
    Field {
        name: "isDisabled",
        kind: Kind::Bool,
        required: false,
    },
];

/// `util.DynMap` of the update answer: Go sorts map keys.
#[derive(Serialize)]
struct Updated {
    id: i64,
    message: &'static str,
    name: String,
    serviceaccount: ProfileDto,
}

/// `PATCH /api/serviceaccounts/:serviceAccountId` `{name?, role?, isDisabled?}`.
pub fn update(state: &AppState, req: &Req, who: &Identity, id: &str) -> Handled {
    let id = guard(state, who, id, "serviceaccounts:write", ID_INVALID)?;
    let form = bind::bind(req, UPDATE_FORM).map_err(|_| reply::message(400, "Bad request data"))?;
    let role =
        checked_role(state, who, form.opt_str("role")).map_err(|e| e.render(state, Op::Other))?;
    let sa = state
        .store()
        .update_service_account(
            who.org_id,
            id,
            form.opt_str("name"),
            role,
            form.opt_bool("isDisabled"),
            now_unix(),
        )
        .map_err(|e| SaErr::from(e).render(state, Op::Other))?;
    let serviceaccount = profile_from(state, req, &state.store(), who, &sa, 0);
    Ok(reply::json(
        200,
        &Updated {
            id: sa.id,
            message: "Service account updated",
            name: sa.name.clone(),
            serviceaccount,
        },
    ))
}

/// `DELETE /api/serviceaccounts/:serviceAccountId`: the account and its tokens.
pub fn delete(state: &AppState, who: &Identity, id: &str) -> Handled {
    let invalid = if state.version.sa_beta_handlers() {
        "serviceAccountId is invalid"
    } else {
        "Service account ID is invalid"
    };
    let id = guard(state, who, id, "serviceaccounts:delete", invalid)?;
    state
        .store()
        .delete_service_account(who.org_id, id)
        .map_err(|e| SaErr::from(e).render(state, Op::Delete))?;
    Ok(reply::message(200, "Service account deleted"))
}

/// `TokenDTO`, in Grafana's field order.
#[derive(Serialize)]
struct TokenDto {
    id: i64,
    name: String,
    created: String,
    /// From 9.1; `null` when never used.
    #[serde(rename = "lastUsedAt", skip_serializing_if = "Option::is_none")]
    last_used_at: Option<Option<String>>,
    expiration: Option<String>,
    #[serde(rename = "secondsUntilExpiration")]
    seconds_until_expiration: serde_json::Number,
    #[serde(rename = "hasExpired")]
    has_expired: bool,
    /// ≈9.2+ (the column); `true` once secret scanning revoked it.
    #[serde(rename = "isRevoked", skip_serializing_if = "Option::is_none")]
    is_revoked: Option<bool>,
}

/// Seconds since the epoch with the sub-second part (Go's `time.Until`).
fn now_precise() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

fn token_dto(state: &AppState, t: &ApiKey, now: i64, now_f: f64) -> TokenDto {
    let has_expired = t.is_expired(now);
    // Only set when expiring within 7 days; a float64 in Go (0 prints as 0).
    let seconds = match t.expires {
        Some(e) if !has_expired && (e as f64) < now_f + 7.0 * 86_400.0 => {
            serde_json::Number::from_f64(e as f64 - now_f).unwrap_or_else(|| 0.into())
        }
        _ => 0.into(),
    };
    TokenDto {
        id: t.id,
        name: t.name.clone(),
        created: rfc3339(t.created),
        last_used_at: state
            .version
            .service_accounts()
            .then(|| t.last_used_at.map(rfc3339)),
        expiration: t.expires.map(rfc3339),
        seconds_until_expiration: seconds,
        has_expired,
        is_revoked: state.version.token_is_revoked().then_some(t.is_revoked),
    }
}

/// `GET /api/serviceaccounts/:serviceAccountId/tokens`: by name.
pub fn list_tokens(state: &AppState, who: &Identity, id: &str) -> Handled {
    let id = guard(state, who, id, "serviceaccounts:read", ID_INVALID)?;
    let (now, now_f) = (now_unix(), now_precise());
    let store = state.store();
    let rows: Vec<TokenDto> = store
        .tokens(who.org_id, id)
        .into_iter()
        .map(|t| token_dto(state, t, now, now_f))
        .collect();
    Ok(reply::json(200, &rows))
}

const TOKEN_FORM: &[Field] = &[
    Field {
        name: "name",
        kind: Kind::Str,
        required: true,
    },
    Field {
        name: "secondsToLive",
        kind: Kind::Int,
        required: false,
    },
];

#[derive(Serialize)]
struct NewToken {
    id: i64,
    name: String,
    key: String,
}

/// `POST /api/serviceaccounts/:serviceAccountId/tokens` `{name, secondsToLive?}`.
/// Order: account exists → bind → `api_key_max_seconds_to_live` → store
/// (duplicate name in the org, then negative TTL).
pub fn create_token(state: &AppState, req: &Req, who: &Identity, id: &str) -> Handled {
    let id = guard(state, who, id, "serviceaccounts:write", ID_INVALID)?;
    if state.store().sa_in_org(who.org_id, id).is_none() {
        return Err(SaErr::from(SaError::NotFound).render(state, Op::Other));
    }
    let form = bind::bind(req, TOKEN_FORM).map_err(|_| reply::message(400, "Bad request data"))?;
    let ttl = form.int("secondsToLive");
    let max = state.api_key_max_seconds_to_live;
    if max != -1 {
        if ttl == 0 {
            return Err(reply::message(
                400,
                "Number of seconds before expiration should be set",
            ));
        }
        if ttl > max {
            return Err(reply::message(
                400,
                "Number of seconds before expiration is greater than the global limit",
            ));
        }
    }
    // PBKDF2 outside the lock; the lock covers check + insert.
    let (secret, hash) = keygen::new_sa_token();
    let token = state
        .store()
        .add_token(who.org_id, id, form.str("name"), ttl, hash, now_unix())
        .map_err(|e| SaErr::from(e).render(state, Op::Other))?;
    Ok(reply::json(
        200,
        &NewToken {
            id: token.id,
            name: token.name,
            key: secret,
        },
    ))
}

/// `DELETE /api/serviceaccounts/:serviceAccountId/tokens/:tokenId`.
pub fn delete_token(state: &AppState, who: &Identity, id: &str, token_id: &str) -> Handled {
    let id = guard(state, who, id, "serviceaccounts:write", ID_INVALID)?;
    if state.store().sa_in_org(who.org_id, id).is_none() {
        return Err(SaErr::from(SaError::NotFound).render(state, Op::Other));
    }
    let Ok(token_id) = token_id.parse::<i64>() else {
        return Err(reply::message(400, "Token ID is invalid"));
    };
    state
        .store()
        .delete_token(who.org_id, id, token_id)
        .map_err(|e| SaErr::from(e).render(state, Op::Other))?;
    Ok(reply::message(200, "Service account token deleted"))
}
