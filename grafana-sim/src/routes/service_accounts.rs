//! `/api/serviceaccounts/*`: migration of API keys, and the search that shows
//! migrated keys as service accounts (`pkg/services/serviceaccounts/api`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Handled;
use super::keys::access_metadata;
use crate::auth::{Identity, authorize};
use crate::model;
use crate::reply;
use crate::request::Req;
use crate::state::AppState;
use crate::store::{ServiceAccount, Store};
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
    access_control: Option<BTreeMap<&'static str, bool>>,
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

fn dto(
    state: &AppState,
    store: &Store,
    sa: &ServiceAccount,
    who: &Identity,
    meta: bool,
) -> ServiceAccountDto {
    ServiceAccountDto {
        id: sa.id,
        uid: state.version.user_uid().then(|| sa.uid.clone()),
        name: sa.name.clone(),
        login: sa.login.clone(),
        org_id: sa.org_id,
        is_disabled: false,
        role: sa.role.as_str(),
        tokens: store.token_count(sa.id),
        avatar_url: model::avatar_url(&sa.login),
        access_control: meta
            .then(|| access_metadata(who.role, &format!("serviceaccounts:id:{}", sa.id)))
            .filter(|m| !m.is_empty()),
    }
}

/// `GET /api/serviceaccounts/search?query=&page=&perpage=`: the org's service
/// accounts ordered by login; `perpage` defaults to 1000 and `page` to 1.
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
    let meta = state.version.rbac_enabled() && req.query_bool("accesscontrol");
    let store = state.store();
    let mut matching: Vec<&ServiceAccount> = store
        .service_accounts
        .iter()
        .filter(|sa| sa.org_id == who.org_id)
        .filter(|sa| {
            query.is_empty()
                || sa.name.to_lowercase().contains(&query)
                || sa.login.to_lowercase().contains(&query)
        })
        .collect();
    matching.sort_by(|a, b| a.login.cmp(&b.login));
    let total_count = matching.len();
    let service_accounts = matching
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(|sa| dto(state, &store, sa, who, meta))
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
    access_control: Option<BTreeMap<&'static str, bool>>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `GET /api/serviceaccounts/:serviceAccountId`.
pub fn get(state: &AppState, req: &Req, who: &Identity, id: &str) -> Handled {
    authorize(
        state,
        who,
        "serviceaccounts:read",
        Some(&format!("serviceaccounts:id:{id}")),
    )?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(reply::message(400, "Service Account ID is invalid"));
    };
    let store = state.store();
    let Some(sa) = store
        .service_account(id)
        .filter(|sa| sa.org_id == who.org_id)
    else {
        return Err(reply::message(404, "Failed to retrieve service account"));
    };
    let meta = state.version.rbac_enabled() && req.query_bool("accesscontrol");
    Ok(reply::json(
        200,
        &ProfileDto {
            id: sa.id,
            uid: state.version.user_uid().then(|| sa.uid.clone()),
            name: sa.name.clone(),
            login: sa.login.clone(),
            org_id: sa.org_id,
            is_disabled: false,
            created_at: rfc3339(sa.created),
            updated_at: rfc3339(sa.created),
            avatar_url: model::avatar_url(&sa.login),
            role: sa.role.as_str(),
            teams: Vec::new(),
            tokens: store.token_count(sa.id),
            access_control: meta
                .then(|| access_metadata(who.role, &format!("serviceaccounts:id:{}", sa.id)))
                .filter(|m| !m.is_empty()),
        },
    ))
}
