//! The org admin API (`pkg/api/org.go`, `pkg/api/org_users.go`):
//! `POST /api/orgs`, `GET /api/orgs/:orgId`, `POST /api/orgs/:orgId/users`.
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
use crate::reply;
use crate::request::Req;
use crate::state::AppState;
use crate::store::OrgError;

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
