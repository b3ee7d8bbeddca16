//! Teams (`pkg/api/team.go`, `pkg/api/team_members.go`,
//! `pkg/services/team/teamimpl/store.go`): the team picker's
//! `GET /api/teams/search`, `POST /api/teams` and
//! `POST /api/teams/:teamId/members`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Handled;
use super::permissions::team_avatar_url;
use super::service_accounts::resource_metadata;
use crate::auth::{self, Identity, Principal, authorize};
use crate::bind::{self, Field, Kind};
use crate::grants::TeamError;
use crate::model;
use crate::reply;
use crate::request::Req;
use crate::state::AppState;

/// `team.TeamDTO`, in Grafana's field order. `accessControl` has no
/// `omitempty`: `null` unless `?accesscontrol=true`.
#[derive(Serialize)]
struct TeamDto {
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
    #[serde(rename = "orgId")]
    org_id: i64,
    name: String,
    email: String,
    #[serde(rename = "externalUID", skip_serializing_if = "Option::is_none")]
    external_uid: Option<String>,
    #[serde(rename = "isProvisioned", skip_serializing_if = "Option::is_none")]
    is_provisioned: Option<bool>,
    #[serde(rename = "avatarUrl")]
    avatar_url: String,
    #[serde(rename = "memberCount")]
    member_count: usize,
    permission: i64,
    #[serde(rename = "accessControl")]
    access_control: Option<BTreeMap<String, bool>>,
}

/// `team.SearchTeamQueryResult`.
#[derive(Serialize)]
struct SearchResult {
    #[serde(rename = "totalCount")]
    total_count: usize,
    teams: Vec<TeamDto>,
    page: i64,
    #[serde(rename = "perPage")]
    per_page: i64,
}

/// `GET /api/teams/search?query=&name=&perpage=&page=&accesscontrol=`: guard
/// `teams:read` (any scope: Org Admins on `teams:*`, members on their team)
/// → the org's teams the caller may read, whose name contains `query`
/// (ASCII case-insensitive) and equals `name` when given, by name;
/// `perpage` defaults to 1000, `page` to 1. `permission` is 0 (the search
/// does not join the caller's membership).
pub fn search(state: &AppState, req: &Req, who: &Identity) -> Handled {
    authorize(state, who, "teams:read", None)?;
    let per_page = match req.query_int("perpage") {
        n if n <= 0 => 1000,
        n => n,
    };
    let page = match req.query_int("page") {
        n if n < 1 => 1,
        n => n,
    };
    let query = req.query_str("query").unwrap_or("").to_ascii_lowercase();
    let name = req.query_str("name").unwrap_or("");
    let with_metadata = state.version.rbac_enabled() && req.query_bool("accesscontrol");
    let v = state.version;
    let store = state.store();
    let perms = auth::permissions(&store, who);
    let mut matching: Vec<_> = store
        .teams
        .iter()
        .filter(|t| t.org_id == who.org_id)
        .filter(|t| {
            !v.rbac_enabled()
                || model::grants(&perms, "teams:read", Some(&format!("teams:id:{}", t.id)))
        })
        .filter(|t| query.is_empty() || t.name.to_ascii_lowercase().contains(&query))
        .filter(|t| name.is_empty() || t.name == name)
        .collect();
    matching.sort_by(|a, b| {
        a.name
            .as_bytes()
            .cmp(b.name.as_bytes())
            .then(a.id.cmp(&b.id))
    });
    let total_count = matching.len();
    let skip = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let teams = matching
        .into_iter()
        .skip(skip)
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .map(|t| TeamDto {
            id: t.id,
            uid: v.user_uid().then(|| t.uid.clone()),
            org_id: t.org_id,
            name: t.name.clone(),
            email: t.email.clone(),
            external_uid: v.team_provisioned_fields().then(String::new),
            is_provisioned: v.team_provisioned_fields().then_some(false),
            avatar_url: team_avatar_url(&t.email, &t.name),
            member_count: t.members.len(),
            permission: 0,
            access_control: with_metadata
                .then(|| resource_metadata(&perms, &format!("teams:id:{}", t.id)))
                .filter(|m| !m.is_empty()),
        })
        .collect();
    Ok(reply::json(
        200,
        &SearchResult {
            total_count,
            teams,
            page,
            per_page,
        },
    ))
}

const CREATE_TEAM: &[Field] = &[
    Field {
        name: "name",
        kind: Kind::Str,
        required: true,
    },
    Field {
        name: "email",
        kind: Kind::Str,
        required: false,
    },
];

/// `util.DynMap`: keys sorted.
#[derive(Serialize)]
struct TeamCreated {
    message: &'static str,
    #[serde(rename = "teamId")]
    team_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
}

/// `POST /api/teams` `{"name","email"?}`: guard `teams:create` → bind (400
/// `bad request data`, name required) → 409 `Team name taken` → the
/// creator, when a user, becomes the team's Admin → 200
/// `{"message":"Team created","teamId":N}` (`uid` too from ≈11.4).
pub fn create(state: &AppState, req: &Req, who: &Identity) -> Handled {
    authorize(state, who, "teams:create", None)?;
    let form = bind::bind(req, CREATE_TEAM).map_err(|_| reply::message(400, "bad request data"))?;
    let mut store = state.store();
    let team = store
        .create_team(who.org_id, form.str("name"), form.str("email"))
        .map_err(|e| match e {
            TeamError::NameTaken => reply::message(409, "Team name taken"),
            _ => reply::message(500, "Failed to create Team"),
        })?;
    if let Principal::User { id } = who.principal {
        let _ = store.add_team_member(who.org_id, team.id, id, true);
    }
    Ok(reply::json(
        200,
        &TeamCreated {
            message: "Team created",
            team_id: team.id,
            uid: state.version.perm_uids().then_some(team.uid),
        },
    ))
}

const ADD_MEMBER: &[Field] = &[Field {
    name: "userId",
    kind: Kind::Int,
    required: true,
}];

/// `POST /api/teams/:teamId/members` `{"userId"}`: guard
/// `teams.permissions:write` on `teams:id:<teamId>` → bind (400 `bad request
/// data`) → 400 `teamId is invalid` → 400 `User is already added to this
/// team` → no such team or user: 500 `Failed to add Member to Team` → 200
/// `{"message":"Member added to Team"}` (as a `Member`).
pub fn add_member(state: &AppState, req: &Req, who: &Identity, raw: &str) -> Handled {
    authorize(
        state,
        who,
        "teams.permissions:write",
        Some(&format!("teams:id:{raw}")),
    )?;
    let form = bind::bind(req, ADD_MEMBER).map_err(|_| reply::message(400, "bad request data"))?;
    let Ok(team_id) = raw.parse::<i64>() else {
        return Err(reply::message(400, "teamId is invalid"));
    };
    let user_id = form.int("userId");
    let mut store = state.store();
    if store
        .team(who.org_id, team_id)
        .is_some_and(|t| t.members.iter().any(|m| m.user_id == user_id))
    {
        return Err(reply::message(400, "User is already added to this team"));
    }
    if !store.identity_exists(user_id) {
        return Err(reply::message(500, "Failed to add Member to Team"));
    }
    store
        .add_team_member(who.org_id, team_id, user_id, false)
        .map_err(|_| reply::message(500, "Failed to add Member to Team"))?;
    Ok(reply::message(200, "Member added to Team"))
}
