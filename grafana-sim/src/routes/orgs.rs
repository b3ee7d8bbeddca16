//! The org admin API (`pkg/api/org.go`, `pkg/api/org_users.go`):
//! `POST /api/orgs`, `GET /api/orgs` (search), `GET /api/orgs/:orgId`,
//! `GET /api/orgs/name/:name`, `GET|POST /api/orgs/:orgId/users`,
//! `PATCH|DELETE /api/orgs/:orgId/users/:userId`, `GET /api/org/users`.
//!
//! Guards as in `pkg/api/api.go`: with RBAC (9.0+) `orgs:create` in the
//! global org, `orgs:read` / `org.users:add` (`users:*`) evaluated in the
//! target org (`authorizeInOrg(UseOrgFromContextParams, …)`): the server
//! admin holds them everywhere, an org Admin in its own org (`orgs:read`:
//! any member). Without RBAC (8.x) `/orgs/:orgId*` need a Grafana Admin
//! (403 `Permission denied`) and `POST /api/orgs` answers 403 `Access denied`
//! in its handler (`allow_org_create` is off).

use serde::Serialize;

use super::Handled;
use super::user::org_details;
use crate::auth::{Identity, Principal, access_denied, authorize};
use crate::bind::{self, Field, Kind};
use crate::model::{self, Role};
use crate::reply::{self, HttpResponse};
use crate::request::Req;
use crate::state::AppState;
use crate::store::OrgError;
use crate::timefmt::rfc3339;

const CREATE_ORG: &[Field] = &[Field {
    name: "name",
    kind: Kind::Str,
    required: true,
}];

/// `util.DynMap`: keys sorted.
#[derive(Serialize)]
struct OrgCreated {
    message: &'static str,
    #[serde(rename = "orgId")]
    org_id: i64,
}

/// `POST /api/orgs` `{"name"}` → `{"message":"Organization created","orgId":N}`;
/// the creator becomes the org's Admin (its current org does not change).
pub fn create(state: &AppState, req: &Req, who: &Identity) -> Handled {
    let rbac = state.version.rbac_enabled();
    if rbac {
        authorize(state, who, "orgs:create", None)?;
    }
    let form = bind::bind(req, CREATE_ORG).map_err(|_| reply::message(400, "bad request data"))?;
    if !rbac && !who.is_grafana_admin {
        return Err(reply::message(403, "Access denied"));
    }
    let org_id = state
        .store()
        .create_org(form.str("name"), who.user_id())
        .map_err(|e| match e {
            OrgError::NameTaken => reply::message(409, "Organization name taken"),
            _ => reply::message(500, "Failed to create organization"),
        })?;
    Ok(reply::json(
        200,
        &OrgCreated {
            message: "Organization created",
            org_id,
        },
    ))
}

/// The caller's role in `org_id` for `authorizeInOrg`: a user's membership,
/// a key's or service account's own org.
fn role_in_target(state: &AppState, who: &Identity, org_id: i64) -> Option<Role> {
    match who.principal {
        Principal::User { id } => state.store().role_in(org_id, id),
        _ if who.org_id == org_id => Some(who.role),
        _ => None,
    }
}

/// The `/orgs/:orgId` guard: RBAC in the target org, or Grafana Admin on 8.x.
/// Returns the parsed org id (8.x parses it in the handler: 400 `orgId is
/// invalid`; the RBAC middleware denies an unparsable one with an empty
/// evaluator).
fn guard_in_org(
    state: &AppState,
    who: &Identity,
    raw: &str,
    action: &str,
    scope: Option<&str>,
) -> Result<Result<i64, ()>, reply::HttpResponse> {
    let parsed = raw.parse::<i64>();
    if state.version.rbac_enabled() {
        let Ok(org_id) = parsed else {
            return Err(access_denied(state, None));
        };
        let in_org =
            role_in_target(state, who, org_id).is_some_and(|r| model::role_has(r, action, scope));
        if !(in_org || (who.is_grafana_admin && model::server_admin_has(action, scope))) {
            return Err(access_denied(state, Some((action, scope))));
        }
    } else if !who.is_grafana_admin {
        return Err(reply::message(403, "Permission denied"));
    }
    Ok(parsed.map_err(|_| ()))
}

/// `GET /api/orgs/:orgId` → `OrgDetailsDTO`; 404 `Organization not found`.
pub fn get(state: &AppState, who: &Identity, raw: &str) -> Handled {
    let org_id = guard_in_org(state, who, raw, "orgs:read", None)?
        .map_err(|_| reply::message(400, "orgId is invalid"))?;
    org_details(state, org_id)
}

const ADD_ORG_USER: &[Field] = &[
    Field {
        name: "loginOrEmail",
        kind: Kind::Str,
        required: true,
    },
    Field {
        name: "role",
        kind: Kind::Str,
        required: true,
    },
];

#[derive(Serialize)]
struct UserAdded {
    message: &'static str,
    #[serde(rename = "userId")]
    user_id: i64,
}

/// `POST /api/orgs/:orgId/users` `{"loginOrEmail","role"}`. After the guard:
/// bind (400 `bad request data`) → org id (400 `orgId is invalid`) → role
/// valid (400 `Invalid role specified`) → role within the caller's own role
/// in the request's org unless Grafana Admin (9.0+, 403 `Cannot assign a
/// role higher than user's role`) → user (404 `User not found`) → store:
/// already a member (409 with `userId`), unknown org (500 `Could not add
/// user to organization`).
pub fn add_user(state: &AppState, req: &Req, who: &Identity, raw: &str) -> Handled {
    let parsed = guard_in_org(state, who, raw, "org.users:add", Some("users:*"))?;
    let form =
        bind::bind(req, ADD_ORG_USER).map_err(|_| reply::message(400, "bad request data"))?;
    let org_id = parsed.map_err(|_| reply::message(400, "orgId is invalid"))?;
    let v = state.version;
    let Some(role) = Role::parse(form.str("role"), v.role_none_valid()) else {
        return Err(reply::message(400, "Invalid role specified"));
    };
    if v.role_ceiling_check() && !who.role.includes(role) && !who.is_grafana_admin {
        return Err(reply::message(
            403,
            "Cannot assign a role higher than user's role",
        ));
    }
    let mut store = state.store();
    let Some(user_id) = store.user_by_login(form.str("loginOrEmail")).map(|u| u.id) else {
        return Err(reply::message(404, "User not found"));
    };
    match store.add_org_user(org_id, user_id, role) {
        Ok(()) => Ok(reply::json(
            200,
            &UserAdded {
                message: "User added to organization",
                user_id,
            },
        )),
        Err(OrgError::AlreadyMember) => Err(reply::json(
            409,
            &UserAdded {
                message: "User is already member of this organization",
                user_id,
            },
        )),
        Err(_) => Err(reply::message(500, "Could not add user to organization")),
    }
}

/// The guard of the global-org routes (`GET /api/orgs`, `/api/orgs/name/:name`):
/// `authorizeInOrg(reqGrafanaAdmin, ac.UseGlobalOrg, orgs:read)`. With RBAC
/// only the server admin holds `orgs:read` in the global org (the basic
/// roles' permissions are per org); without RBAC `reqGrafanaAdmin` answers
/// 403 `Permission denied`.
fn guard_global(state: &AppState, who: &Identity, action: &str) -> Result<(), HttpResponse> {
    if state.version.rbac_enabled() {
        if who.is_grafana_admin && model::server_admin_has(action, None) {
            return Ok(());
        }
        return Err(access_denied(state, Some((action, None))));
    }
    if who.is_grafana_admin {
        Ok(())
    } else {
        Err(reply::message(403, "Permission denied"))
    }
}

/// `OrgDTO` of the search.
#[derive(Serialize)]
struct OrgHit {
    id: i64,
    name: String,
}

/// `GET /api/orgs?query=&name=&page=&perpage=` (`SearchOrgs`): `[{"id","name"}]`.
/// `perpage` defaults to 1000; `page` is passed to the store as it is
/// (`LIMIT perpage OFFSET perpage*page`, so the first page is `page=0` or
/// absent); `query` is a name prefix, `name` an exact name.
pub fn search(state: &AppState, req: &Req, who: &Identity) -> Handled {
    guard_global(state, who, "orgs:read")?;
    let per_page = match req.query_int("perpage") {
        n if n <= 0 => 1000,
        n => n,
    };
    let hits: Vec<OrgHit> = state
        .store()
        .search_orgs(
            req.query_str("query").unwrap_or(""),
            req.query_str("name").unwrap_or(""),
            req.query_int("page"),
            per_page,
        )
        .into_iter()
        .map(|(id, name)| OrgHit { id, name })
        .collect();
    Ok(reply::json(200, &hits))
}

/// A path segment as the router hands it to `web.Params` (percent-decoded;
/// `+` stays a plus in a path).
fn path_param(raw: &str) -> String {
    crate::request::percent_decode(&raw.replace('+', "%2B"))
}

/// `GET /api/orgs/name/:name` (`GetOrgByName`) → `OrgDetailsDTO`, 404
/// `Organization not found` (exact, case-sensitive name).
pub fn get_by_name(state: &AppState, who: &Identity, raw: &str) -> Handled {
    guard_global(state, who, "orgs:read")?;
    let name = path_param(raw);
    let Some(org_id) = state.store().org_by_name(&name) else {
        return Err(reply::message(404, "Organization not found"));
    };
    org_details(state, org_id)
}

/// Grafana's `util.GetAgeString`: `"12y"`, `"3M"`, `"5d"`, `"2h"`, `"4m"`,
/// `"< 1 minute"`.
fn age_string(seconds: i64) -> String {
    let minutes = seconds / 60;
    let hours = minutes / 60;
    let days = hours / 24;
    if days >= 365 {
        format!("{}y", days / 365)
    } else if days >= 30 {
        format!("{}M", days / 30)
    } else if days >= 1 {
        format!("{days}d")
    } else if hours >= 1 {
        format!("{hours}h")
    } else if minutes >= 1 {
        format!("{minutes}m")
    } else {
        "< 1 minute".to_string()
    }
}

/// When the users were "created", and when they were last seen: Grafana sets
/// `last_seen_at` ten years before creation for a user who never signed in;
/// the simulator does not record sign-ins, so every user reads so.
const USERS_CREATED: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z
const USERS_LAST_SEEN: i64 = USERS_CREATED - 3653 * 86_400; // 2014-01-01

/// `org.OrgUserDTO`, in Grafana's field order; fields newer versions added
/// are `None` before them.
#[derive(Serialize)]
struct OrgUserDto {
    #[serde(rename = "orgId")]
    org_id: i64,
    #[serde(rename = "userId")]
    user_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
    email: String,
    name: String,
    #[serde(rename = "avatarUrl")]
    avatar_url: String,
    login: String,
    role: &'static str,
    #[serde(rename = "lastSeenAt")]
    last_seen_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(rename = "lastSeenAtAge")]
    last_seen_at_age: String,
    #[serde(rename = "isDisabled", skip_serializing_if = "Option::is_none")]
    is_disabled: Option<bool>,
    #[serde(rename = "authLabels", skip_serializing_if = "Option::is_none")]
    auth_labels: Option<Vec<String>>,
    #[serde(rename = "isExternallySynced", skip_serializing_if = "Option::is_none")]
    is_externally_synced: Option<bool>,
    #[serde(rename = "isProvisioned", skip_serializing_if = "Option::is_none")]
    is_provisioned: Option<bool>,
}

fn org_users_json(state: &AppState, org_id: i64) -> HttpResponse {
    let v = state.version;
    let now = crate::timefmt::now_unix();
    let store = state.store();
    let rows: Vec<OrgUserDto> = store
        .org_users(org_id)
        .into_iter()
        .map(|(u, role)| OrgUserDto {
            org_id,
            user_id: u.id,
            uid: v.org_user_uid().then(|| u.uid.clone()),
            email: u.email.clone(),
            name: u.name.clone(),
            avatar_url: model::avatar_url(&u.email),
            login: u.login.clone(),
            role: role.as_str(),
            last_seen_at: rfc3339(USERS_LAST_SEEN),
            created: v.org_user_uid().then(|| rfc3339(USERS_CREATED)),
            last_seen_at_age: age_string(now - USERS_LAST_SEEN),
            is_disabled: v.org_user_is_disabled().then_some(false),
            auth_labels: v.org_user_auth_labels().then(Vec::new),
            is_externally_synced: v.org_user_externally_synced().then_some(false),
            is_provisioned: v.org_user_uid().then_some(false),
        })
        .collect();
    reply::json(200, &rows)
}

/// `GET /api/orgs/:orgId/users` (`GetOrgUsers`): guard `org.users:read` in
/// the target org (8.x: Grafana Admin) → 400 `orgId is invalid` → the org's
/// users (people, not service accounts) by e-mail then login; an unknown org
/// lists `[]`.
pub fn list_users(state: &AppState, who: &Identity, raw: &str) -> Handled {
    let org_id = guard_in_org(state, who, raw, "org.users:read", None)?
        .map_err(|_| reply::message(400, "orgId is invalid"))?;
    Ok(org_users_json(state, org_id))
}

/// `GET /api/org/users` (`GetOrgUsersForCurrentOrg`): `authorize(reqOrgAdmin,
/// org.users:read)` in the request's org.
pub fn list_current_users(state: &AppState, who: &Identity) -> Handled {
    authorize(state, who, "org.users:read", None)?;
    Ok(org_users_json(state, who.org_id))
}

const UPDATE_ORG_USER: &[Field] = &[Field {
    name: "role",
    kind: Kind::Str,
    required: true,
}];

/// `PATCH /api/orgs/:orgId/users/:userId` `{"role"}` (`UpdateOrgUser`):
/// guard `org.users:write` on `users:id:<userId>` in the target org (8.x:
/// Grafana Admin) → bind (400 `bad request data`) → 400 `orgId is invalid`
/// → 400 `userId is invalid` → 400 `Invalid role specified` → 9.0+: 403
/// `Cannot assign a role higher than user's role` (the caller's role in the
/// request's org, unless Grafana Admin) → store: no such member 500 `Failed
/// update org user`, no Admin left 400 `Cannot change role so that there is
/// no organization admin left` → 200 `Organization user updated`.
pub fn update_user(
    state: &AppState,
    req: &Req,
    who: &Identity,
    raw_org: &str,
    raw_user: &str,
) -> Handled {
    let scope = format!("users:id:{raw_user}");
    let parsed = guard_in_org(state, who, raw_org, "org.users:write", Some(&scope))?;
    let form =
        bind::bind(req, UPDATE_ORG_USER).map_err(|_| reply::message(400, "bad request data"))?;
    let org_id = parsed.map_err(|_| reply::message(400, "orgId is invalid"))?;
    let Ok(user_id) = raw_user.parse::<i64>() else {
        return Err(reply::message(400, "userId is invalid"));
    };
    let v = state.version;
    let Some(role) = Role::parse(form.str("role"), v.role_none_valid()) else {
        return Err(reply::message(400, "Invalid role specified"));
    };
    if v.role_ceiling_check() && !who.role.includes(role) && !who.is_grafana_admin {
        return Err(reply::message(
            403,
            "Cannot assign a role higher than user's role",
        ));
    }
    match state.store().update_org_user(org_id, user_id, role) {
        Ok(()) => Ok(reply::message(200, "Organization user updated")),
        Err(OrgError::LastAdmin) => Err(reply::message(
            400,
            "Cannot change role so that there is no organization admin left",
        )),
        Err(_) => Err(reply::message(500, "Failed update org user")),
    }
}

/// `DELETE /api/orgs/:orgId/users/:userId` (`RemoveOrgUser`): guard
/// `org.users:remove` on `users:id:<userId>` in the target org (8.x: Grafana
/// Admin) → 400 `userId is invalid` → 400 `orgId is invalid` → store:
/// unknown user 500 `Failed to remove user from organization`, no Admin
/// left 400 `Cannot remove last organization admin` → 200 `User removed
/// from organization` (also for a user who was no member).
pub fn remove_user(state: &AppState, who: &Identity, raw_org: &str, raw_user: &str) -> Handled {
    let scope = format!("users:id:{raw_user}");
    let parsed = guard_in_org(state, who, raw_org, "org.users:remove", Some(&scope))?;
    let Ok(user_id) = raw_user.parse::<i64>() else {
        return Err(reply::message(400, "userId is invalid"));
    };
    let org_id = parsed.map_err(|_| reply::message(400, "orgId is invalid"))?;
    match state.store().remove_org_user(org_id, user_id) {
        Ok(()) => Ok(reply::message(200, "User removed from organization")),
        Err(OrgError::LastAdmin) => {
            Err(reply::message(400, "Cannot remove last organization admin"))
        }
        Err(_) => Err(reply::message(
            500,
            "Failed to remove user from organization",
        )),
    }
}
