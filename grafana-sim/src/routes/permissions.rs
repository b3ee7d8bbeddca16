//! `/api/access-control/serviceaccounts/*`: the resource permissions of
//! service accounts (`pkg/services/accesscontrol/resourcepermissions/api.go`,
//! registered by `ProvideServiceAccountPermissions` in
//! `ossaccesscontrol/service_account.go`), and the user picker's
//! `GET /api/org/users/lookup` (`pkg/api/org_users.go`).
//!
//! Options of the service-account resource: attribute `id`, assignments users
//! and teams (no built-in roles, so no `builtInRoles/:role` route and no
//! appended `Admin` role row), permissions `Edit` / `Admin` (see
//! [`crate::grants`]). Guards: `serviceaccounts.permissions:read` (any scope)
//! for the description, on `serviceaccounts:id:<id>` for the list,
//! `serviceaccounts.permissions:write` on it for the changes. From ≈11.4 a
//! `resourceResolver` turns a uid into the id before the guard (unknown uid:
//! 404 `Not found`), and `:userID` / `:teamID` take uids too.

use serde::Serialize;

use super::Handled;
use super::service_accounts::sa_not_found;
use crate::auth::{self, Identity, authorize, authorize_any};
use crate::bind::{self, Field, Kind};
use crate::grants::{Assignee, SaLevel};
use crate::model;
use crate::reply::{self, HttpResponse};
use crate::request::Req;
use crate::state::AppState;

#[derive(Serialize)]
struct Assignments {
    users: bool,
    #[serde(rename = "serviceAccounts", skip_serializing_if = "Option::is_none")]
    service_accounts: Option<bool>,
    teams: bool,
    #[serde(rename = "builtInRoles")]
    built_in_roles: bool,
}

#[derive(Serialize)]
struct Description {
    assignments: Assignments,
    permissions: [&'static str; 2],
}

/// `GET /api/access-control/serviceaccounts/description`.
pub fn description(state: &AppState, who: &Identity) -> Handled {
    authorize(state, who, "serviceaccounts.permissions:read", None)?;
    Ok(reply::json(
        200,
        &Description {
            assignments: Assignments {
                users: true,
                service_accounts: state
                    .version
                    .perm_service_account_assignees()
                    .then_some(false),
                teams: true,
                built_in_roles: false,
            },
            // The levels by action count, reversed for display.
            permissions: ["Edit", "Admin"],
        },
    ))
}

/// `resourcePermissionDTO`, in Grafana's field order; the `omitempty`
/// fields are left out when empty.
#[derive(Serialize)]
struct PermissionDto {
    id: i64,
    #[serde(rename = "roleName")]
    role_name: String,
    #[serde(rename = "isManaged")]
    is_managed: bool,
    #[serde(rename = "isInherited", skip_serializing_if = "Option::is_none")]
    is_inherited: Option<bool>,
    #[serde(rename = "isServiceAccount", skip_serializing_if = "Option::is_none")]
    is_service_account: Option<bool>,
    #[serde(rename = "userId", skip_serializing_if = "is_zero")]
    user_id: i64,
    #[serde(rename = "userUid", skip_serializing_if = "String::is_empty")]
    user_uid: String,
    #[serde(rename = "userLogin", skip_serializing_if = "String::is_empty")]
    user_login: String,
    #[serde(rename = "userAvatarUrl", skip_serializing_if = "String::is_empty")]
    user_avatar_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    team: String,
    #[serde(rename = "teamId", skip_serializing_if = "is_zero")]
    team_id: i64,
    #[serde(rename = "teamUid", skip_serializing_if = "String::is_empty")]
    team_uid: String,
    #[serde(rename = "teamAvatarUrl", skip_serializing_if = "String::is_empty")]
    team_avatar_url: String,
    #[serde(rename = "builtInRole", skip_serializing_if = "String::is_empty")]
    built_in_role: String,
    actions: Vec<&'static str>,
    permission: &'static str,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// `dtos.GetGravatarUrlWithDefault(email, name)`: the e-mail's avatar, else
/// one made of the name's letters and digits `@localhost`.
pub fn team_avatar_url(email: &str, name: &str) -> String {
    if email.is_empty() {
        let base: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        model::avatar_url(&format!("{base}@localhost"))
    } else {
        model::avatar_url(email)
    }
}

/// The ≈11.4 `resourceResolver`: a non-numeric `:resourceID` is the uid of
/// one of the org's accounts (404 `Not found` otherwise). Before, the
/// parameter is used as it is.
fn resolve_resource(state: &AppState, who: &Identity, raw: &str) -> Result<String, HttpResponse> {
    if !state.version.perm_uids() || raw.is_empty() || raw.parse::<i64>().is_ok() {
        return Ok(raw.to_string());
    }
    match state.store().sa_by_uid(who.org_id, raw) {
        Some(sa) => Ok(sa.id.to_string()),
        None => Err(reply::message(404, "Not found")),
    }
}

/// `GET /api/access-control/serviceaccounts/:resourceID`: the managed
/// permissions on the account, users (by id) then teams (by id); team rows
/// only for teams the caller may read (`teams:read`). An id no account of
/// the org has lists `[]`.
pub fn list(state: &AppState, who: &Identity, raw: &str) -> Handled {
    let id = resolve_resource(state, who, raw)?;
    let scope = format!("serviceaccounts:id:{id}");
    authorize(state, who, "serviceaccounts.permissions:read", Some(&scope))?;
    let v = state.version;
    let store = state.store();
    let perms = auth::permissions(&store, who);
    let Ok(sa_id) = id.parse::<i64>() else {
        return Ok(reply::json(200, &Vec::<PermissionDto>::new()));
    };
    let mut rows = Vec::new();
    for g in store.sa_grants_of(who.org_id, sa_id) {
        let Some(level) = g.level() else { continue };
        let mut dto = PermissionDto {
            id: g.id(),
            role_name: String::new(),
            is_managed: true,
            is_inherited: v.perm_is_inherited().then_some(false),
            is_service_account: v.perm_service_account_assignees().then_some(false),
            user_id: 0,
            user_uid: String::new(),
            user_login: String::new(),
            user_avatar_url: String::new(),
            team: String::new(),
            team_id: 0,
            team_uid: String::new(),
            team_avatar_url: String::new(),
            built_in_role: String::new(),
            actions: g.actions(),
            permission: level.as_str(),
        };
        match g.assignee {
            Assignee::User(uid) => {
                dto.role_name = format!("managed:users:{uid}:permissions");
                dto.user_id = uid;
                if let Some(u) = store.user(uid) {
                    dto.user_login = u.login.clone();
                    dto.user_avatar_url = model::avatar_url(&u.email);
                    if v.perm_uids() {
                        dto.user_uid = u.uid.clone();
                    }
                } else if let Some(sa) = store.service_account(uid) {
                    // A service account's e-mail is its login.
                    dto.user_login = sa.login.clone();
                    dto.user_avatar_url = model::avatar_url(&sa.login);
                    dto.is_service_account = v.perm_service_account_assignees().then_some(true);
                    if v.perm_uids() {
                        dto.user_uid = sa.uid.clone();
                    }
                }
            }
            Assignee::Team(tid) => {
                let Some(t) = store.team(who.org_id, tid) else {
                    continue;
                };
                if !model::grants(&perms, "teams:read", Some(&format!("teams:id:{tid}"))) {
                    continue;
                }
                dto.role_name = format!("managed:teams:{tid}:permissions");
                dto.team_id = tid;
                dto.team = t.name.clone();
                dto.team_avatar_url = team_avatar_url(&t.email, &t.name);
                if v.perm_uids() {
                    dto.team_uid = t.uid.clone();
                }
            }
        }
        rows.push(dto);
    }
    Ok(reply::json(200, &rows))
}

const SET_PERMISSION: &[Field] = &[Field {
    name: "permission",
    kind: Kind::Str,
    required: false,
}];

/// Which assignee a `POST` names.
#[derive(Clone, Copy)]
enum Target {
    User,
    Team,
}

impl Target {
    /// The handler's parameter name and its ≈10.x failure text.
    fn param(self) -> &'static str {
        match self {
            Target::User => "userID",
            Target::Team => "teamID",
        }
    }

    fn failure(self) -> &'static str {
        match self {
            Target::User => "failed to set user permission",
            Target::Team => "failed to set team permission",
        }
    }
}

/// The ≈11.4 `userUIDResolver` / `teamUIDResolver` on `:userID` / `:teamID`:
/// a non-numeric value is a uid (a user's is global, a team's in the org);
/// unknown: 404 `User not found` / `Not found`.
fn resolve_assignee(
    state: &AppState,
    who: &Identity,
    target: Target,
    raw: &str,
) -> Result<String, HttpResponse> {
    if !state.version.perm_uids() || raw.is_empty() || raw.parse::<i64>().is_ok() {
        return Ok(raw.to_string());
    }
    let store = state.store();
    match target {
        Target::User => store
            .users
            .iter()
            .find(|u| u.uid == raw)
            .map(|u| u.id)
            .or_else(|| {
                store
                    .service_accounts
                    .iter()
                    .find(|s| s.uid == raw)
                    .map(|s| s.id)
            })
            .map(|id| id.to_string())
            .ok_or_else(|| reply::message(404, "User not found")),
        Target::Team => store
            .team_by_uid(who.org_id, raw)
            .map(|t| t.id.to_string())
            .ok_or_else(|| reply::message(404, "Not found")),
    }
}

/// A service error of `SetUserPermission` / `SetTeamPermission`.
enum SetErr {
    InvalidPermission(String),
    /// `ResourceValidator`: the id does not parse.
    BadResourceId,
    /// `ResourceValidator`: no such account in the org.
    NoAccount,
    /// `validateUser`: no such user (`GetSignedInUser` finds any user, even
    /// one outside the org); `validateTeam`: no such team in the org.
    NoAssignee,
}

impl SetErr {
    /// ≈11.0+: errutil bodies through `response.Err`; before, every service
    /// error answered 400 with the handler's text.
    fn render(self, state: &AppState, target: Target) -> HttpResponse {
        if !state.version.perm_errutil() {
            return reply::message(400, target.failure());
        }
        match self {
            SetErr::InvalidPermission(p) => reply::errutil(
                400,
                "resourcePermissions.invalidPermission",
                &format!("Permission [{p}] is invalid for this resource type"),
            ),
            // A `strconv` error is no errutil error: `response.Err` answers 500.
            SetErr::BadResourceId => reply::message(500, "Internal Server Error"),
            SetErr::NoAccount => sa_not_found(state),
            SetErr::NoAssignee => reply::errutil(
                400,
                "accesscontrol.assignmentEntityNotFound",
                match target {
                    Target::User => "user not found",
                    Target::Team => "team not found",
                },
            ),
        }
    }
}

/// `POST /api/access-control/serviceaccounts/:resourceID/users/:userID` and
/// `…/teams/:teamID` `{"permission":"Edit"|"Admin"|""}`. Order: resolvers
/// (≈11.4) → guard → the assignee id parses (400 `userID is invalid`; errutil
/// `Param [userID] is invalid` ≈11.0+) → bind (400 `bad request data`) →
/// the level (`""` removes) → the account (`ResourceValidator`) and the
/// assignee, both in the request's org (teams: assignee first) → 200
/// `Permission updated` / `Permission removed`.
fn set(
    state: &AppState,
    req: &Req,
    who: &Identity,
    raw_resource: &str,
    raw_assignee: &str,
    target: Target,
) -> Handled {
    let resource = resolve_resource(state, who, raw_resource)?;
    let raw_assignee = resolve_assignee(state, who, target, raw_assignee)?;
    authorize(
        state,
        who,
        "serviceaccounts.permissions:write",
        Some(&format!("serviceaccounts:id:{resource}")),
    )?;
    let v = state.version;
    let Ok(assignee_id) = raw_assignee.parse::<i64>() else {
        return Err(if v.perm_errutil() {
            reply::errutil(
                400,
                "resourcePermissions.invalidParam",
                &format!("Param [{}] is invalid", target.param()),
            )
        } else {
            reply::message(400, &format!("{} is invalid", target.param()))
        });
    };
    let form =
        bind::bind(req, SET_PERMISSION).map_err(|_| reply::message(400, "bad request data"))?;
    let permission = form.str("permission");
    let level = match permission {
        "" => None,
        p => Some(
            SaLevel::parse(p)
                .ok_or_else(|| SetErr::InvalidPermission(p.to_string()).render(state, target))?,
        ),
    };
    let mut store = state.store();
    let check_resource = |store: &crate::store::Store| -> Result<i64, SetErr> {
        let id = resource.parse::<i64>().map_err(|_| SetErr::BadResourceId)?;
        store
            .sa_in_org(who.org_id, id)
            .map(|sa| sa.id)
            .ok_or(SetErr::NoAccount)
    };
    let (sa_id, assignee) = match target {
        Target::User => {
            let sa_id = check_resource(&store).map_err(|e| e.render(state, target))?;
            if !store.identity_exists(assignee_id) {
                return Err(SetErr::NoAssignee.render(state, target));
            }
            (sa_id, Assignee::User(assignee_id))
        }
        Target::Team => {
            if store.team(who.org_id, assignee_id).is_none() {
                return Err(SetErr::NoAssignee.render(state, target));
            }
            let sa_id = check_resource(&store).map_err(|e| e.render(state, target))?;
            (sa_id, Assignee::Team(assignee_id))
        }
    };
    store.set_sa_permission(who.org_id, sa_id, assignee, level);
    Ok(reply::message(
        200,
        if level.is_some() {
            "Permission updated"
        } else {
            "Permission removed"
        },
    ))
}

pub fn set_user(
    state: &AppState,
    req: &Req,
    who: &Identity,
    resource: &str,
    user: &str,
) -> Handled {
    set(state, req, who, resource, user, Target::User)
}

pub fn set_team(
    state: &AppState,
    req: &Req,
    who: &Identity,
    resource: &str,
    team: &str,
) -> Handled {
    set(state, req, who, resource, team, Target::Team)
}

/// `dtos.UserLookupDTO`.
#[derive(Serialize)]
struct UserLookup {
    #[serde(rename = "userId")]
    user_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
    login: String,
    #[serde(rename = "avatarUrl")]
    avatar_url: String,
}

/// `GET /api/org/users/lookup?query=&limit=` (`GetOrgUsersForCurrentOrgLookup`,
/// the user picker): guard `any of org.users:read, teams.permissions:write,
/// folders.permissions:write, dashboards.permissions:write` (OSS; note that
/// `serviceaccounts.permissions:write` is not among them) → the org's users
/// (people, not service accounts) whose login, e-mail or name contains
/// `query` (case-insensitive), by e-mail then login, at most `limit` (≤ 0:
/// all) → `[{"userId","uid"(≈11.4),"login","avatarUrl"}]`.
pub fn lookup(state: &AppState, req: &Req, who: &Identity) -> Handled {
    authorize_any(
        state,
        who,
        &[
            "org.users:read",
            "teams.permissions:write",
            "folders.permissions:write",
            "dashboards.permissions:write",
        ],
    )?;
    let query = req.query_str("query").unwrap_or("").to_lowercase();
    let limit = usize::try_from(req.query_int("limit")).unwrap_or(0);
    let with_uid = state.version.perm_uids();
    let store = state.store();
    let rows: Vec<UserLookup> = store
        .org_users(who.org_id)
        .into_iter()
        .map(|(u, _)| u)
        .filter(|u| {
            query.is_empty()
                || u.login.to_lowercase().contains(&query)
                || u.email.to_lowercase().contains(&query)
                || u.name.to_lowercase().contains(&query)
        })
        .take(if limit == 0 { usize::MAX } else { limit })
        .map(|u| UserLookup {
            user_id: u.id,
            uid: with_uid.then(|| u.uid.clone()),
            login: u.login.clone(),
            avatar_url: model::avatar_url(&u.email),
        })
        .collect();
    Ok(reply::json(200, &rows))
}
