//! `/api/auth/keys` (`pkg/api/apikey.go`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Handled;
use crate::auth::{Identity, authorize};
use crate::bind::{self, Field, Kind};
use crate::keygen;
use crate::model::{self, Role};
use crate::reply;
use crate::request::Req;
use crate::state::AppState;
use crate::timefmt::{now_unix, rfc3339};

/// `dtos.ApiKeyDTO`, fields in Grafana's order.
#[derive(Serialize)]
struct ApiKeyDto {
    id: i64,
    name: String,
    role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiration: Option<String>,
    #[serde(rename = "lastUsedAt", skip_serializing_if = "Option::is_none")]
    last_used_at: Option<String>,
    #[serde(rename = "accessControl", skip_serializing_if = "Option::is_none")]
    access_control: Option<BTreeMap<&'static str, bool>>,
}

/// `dtos.NewApiKeyResult`.
#[derive(Serialize)]
struct NewApiKeyResult {
    id: i64,
    name: String,
    key: String,
}

/// The actions the caller holds on `<prefix>:id:<id>`: the per-row metadata of
/// `getMultiAccessControlMetadata` (only with RBAC and `?accesscontrol=true`).
pub fn access_metadata(role: Role, resource_scope: &str) -> BTreeMap<&'static str, bool> {
    model::role_permissions(role)
        .into_iter()
        .filter(|&(action, scope)| {
            !scope.is_empty() && model::role_has(role, action, Some(resource_scope))
        })
        .map(|(action, _)| (action, true))
        .collect()
}

pub fn list(state: &AppState, req: &Req, who: &Identity) -> Handled {
    authorize(state, who, "apikeys:read", None)?;
    let include_expired = req.query_bool("includeExpired");
    let with_metadata = state.version.rbac_enabled() && req.query_bool("accesscontrol");
    let now = now_unix();
    let store = state.store();
    let rows: Vec<ApiKeyDto> = store
        .list(who.org_id, include_expired, now)
        .into_iter()
        // `accesscontrol.Filter`: only rows the caller may read.
        .filter(|k| {
            !state.version.rbac_enabled()
                || model::role_has(
                    who.role,
                    "apikeys:read",
                    Some(&format!("apikeys:id:{}", k.id)),
                )
        })
        .map(|k| ApiKeyDto {
            id: k.id,
            name: k.name.clone(),
            role: k.role.as_str(),
            expiration: k.expires.map(rfc3339),
            last_used_at: if state.version.last_used_at() {
                k.last_used_at.map(rfc3339)
            } else {
                None
            },
            access_control: with_metadata
                .then(|| access_metadata(who.role, &format!("apikeys:id:{}", k.id)))
                .filter(|m| !m.is_empty()),
        })
        .collect();
    Ok(reply::json(200, &rows))
}

const ADD_COMMAND: &[Field] = &[
    Field {
        name: "name",
        kind: Kind::Str,
        required: true,
    },
    Field {
        name: "role",
        kind: Kind::Str,
        required: true,
    },
    Field {
        name: "secondsToLive",
        kind: Kind::Int,
        required: false,
    },
];

pub fn create(state: &AppState, req: &Req, who: &Identity) -> Handled {
    authorize(state, who, "apikeys:create", None)?;
    // The `quota("api_key")` middleware runs next, before the handler. Its
    // count is every `api_key` row of the org (migrated tokens included).
    if state.api_key_quota >= 0 {
        let used = state
            .store()
            .keys
            .iter()
            .filter(|k| k.org_id == who.org_id)
            .count() as i64;
        if used >= state.api_key_quota {
            return Err(reply::message(403, "api_key Quota reached"));
        }
    }
    let v = state.version;
    if v.create_gone() {
        if state.log_requests {
            eprintln!(
                "grafana-sim: Obsolete and Permanently moved API endpoint called path={}",
                req.path
            );
        }
        return Err(reply::message(
            410,
            "this endpoint has been removed, please use POST /api/serviceaccounts and POST /api/serviceaccounts/{id}/tokens instead",
        ));
    }
    let cmd = bind::bind(req, ADD_COMMAND).map_err(|_| reply::message(400, "bad request data"))?;
    let name = cmd.str("name").to_string();
    let Some(role) = Role::parse(cmd.str("role"), v.role_none_valid()) else {
        return Err(reply::message(400, "Invalid role specified"));
    };
    if v.role_ceiling_check() && !who.role.includes(role) {
        return Err(reply::message(
            403,
            "Cannot assign a role higher than user's role",
        ));
    }
    let ttl = cmd.int("secondsToLive");
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
    // PBKDF2 runs before taking the lock; the lock covers check + insert.
    let new_key = keygen::new_key(who.org_id, &name);
    let added = state
        .store()
        .add(who.org_id, &name, role, ttl, new_key.hashed_key, now_unix());
    match added {
        Ok(key) => Ok(reply::json(
            200,
            &NewApiKeyResult {
                id: key.id,
                name: key.name,
                key: new_key.client_secret,
            },
        )),
        Err(crate::store::AddError::Duplicate) => Err(reply::message(
            409,
            crate::store::AddError::Duplicate.message(),
        )),
        Err(e) => Err(reply::message(400, e.message())),
    }
}

pub fn delete(state: &AppState, who: &Identity, id: &str) -> Handled {
    authorize(
        state,
        who,
        "apikeys:delete",
        Some(&format!("apikeys:id:{id}")),
    )?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(reply::message(400, "id is invalid"));
    };
    if state.store().delete(who.org_id, id) {
        Ok(reply::message(200, "API key deleted"))
    } else {
        Err(reply::message(404, "Failed to delete API key"))
    }
}
