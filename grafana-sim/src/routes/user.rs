//! Signed-in user endpoints: `/api/user`, `/api/user/orgs`, `/api/org`,
//! `/api/user/preferences`, `/api/access-control/user/*`, `/api/dashboards/home`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::Handled;
use crate::auth::{Identity, Principal};
use crate::model::{self, Role};
use crate::reply::{self, HttpResponse};
use crate::state::AppState;
use crate::timefmt::rfc3339;

/// When the built-in users were "created" (any fixed instant will do).
const USERS_CREATED: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z

/// `dtos.UserProfileDTO`, in Grafana's field order. Note: no org role here;
/// that is in `/api/user/orgs` (`role`).
#[derive(Serialize)]
struct UserProfile {
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
    email: String,
    name: String,
    login: String,
    theme: &'static str,
    #[serde(rename = "orgId")]
    org_id: i64,
    #[serde(rename = "isGrafanaAdmin")]
    is_grafana_admin: bool,
    #[serde(rename = "isDisabled")]
    is_disabled: bool,
    #[serde(rename = "isExternal")]
    is_external: bool,
    #[serde(rename = "isExternallySynced", skip_serializing_if = "Option::is_none")]
    is_externally_synced: Option<bool>,
    #[serde(
        rename = "isGrafanaAdminExternallySynced",
        skip_serializing_if = "Option::is_none"
    )]
    is_grafana_admin_externally_synced: Option<bool>,
    #[serde(rename = "authLabels")]
    auth_labels: Vec<String>,
    #[serde(rename = "updatedAt")]
    updated_at: String,
    #[serde(rename = "createdAt")]
    created_at: String,
    #[serde(rename = "avatarUrl")]
    avatar_url: String,
}

pub fn user(state: &AppState, who: &Identity) -> Handled {
    let newer = state.version.user_uid();
    let store = state.store();
    let (id, uid, email, name, login, admin, created) = match who.principal {
        Principal::User(u) => (
            u.id,
            u.uid.to_string(),
            u.email.to_string(),
            u.name.to_string(),
            u.login.to_string(),
            u.is_grafana_admin,
            USERS_CREATED,
        ),
        Principal::ServiceAccount { sa_id, .. } => match store.service_account(sa_id) {
            Some(sa) => (
                sa.id,
                sa.uid.clone(),
                String::new(),
                sa.name.clone(),
                sa.login.clone(),
                false,
                sa.created,
            ),
            None => return Err(reply::message(404, "User not found")),
        },
        // An API key is no user: `GetSignedInUser` finds no user id 0.
        Principal::ApiKey { .. } => return Err(reply::message(404, "User not found")),
    };
    Ok(reply::json(
        200,
        &UserProfile {
            id,
            uid: newer.then_some(uid),
            email,
            name,
            avatar_url: model::avatar_url(&login),
            login,
            theme: "",
            org_id: who.org_id,
            is_grafana_admin: admin,
            is_disabled: false,
            is_external: false,
            is_externally_synced: newer.then_some(false),
            is_grafana_admin_externally_synced: newer.then_some(false),
            auth_labels: Vec::new(),
            updated_at: rfc3339(created),
            created_at: rfc3339(created),
        },
    ))
}

#[derive(Serialize)]
struct UserOrg {
    #[serde(rename = "orgId")]
    org_id: i64,
    name: String,
    role: &'static str,
}

pub fn user_orgs(state: &AppState, who: &Identity) -> Handled {
    let store = state.store();
    let orgs: Vec<UserOrg> = match who.principal {
        Principal::User(u) => store
            .orgs
            .iter()
            .filter_map(|(&id, name)| {
                model::user_role_in_org(u, id, true).map(|role| UserOrg {
                    org_id: id,
                    name: name.clone(),
                    role: role.as_str(),
                })
            })
            .collect(),
        Principal::ServiceAccount { .. } => vec![UserOrg {
            org_id: who.org_id,
            name: store.orgs.get(&who.org_id).cloned().unwrap_or_default(),
            role: who.role.as_str(),
        }],
        Principal::ApiKey { .. } => Vec::new(),
    };
    Ok(reply::json(200, &orgs))
}

#[derive(Serialize)]
struct Address {
    address1: &'static str,
    address2: &'static str,
    city: &'static str,
    #[serde(rename = "zipCode")]
    zip_code: &'static str,
    state: &'static str,
    country: &'static str,
}

#[derive(Serialize)]
struct OrgDto {
    id: i64,
    name: String,
    address: Address,
}

pub fn org(state: &AppState, who: &Identity) -> Handled {
    let name = state
        .store()
        .orgs
        .get(&who.org_id)
        .cloned()
        .unwrap_or_default();
    Ok(reply::json(
        200,
        &OrgDto {
            id: who.org_id,
            name,
            address: Address {
                address1: "",
                address2: "",
                city: "",
                zip_code: "",
                state: "",
                country: "",
            },
        },
    ))
}

#[derive(Serialize)]
struct Preferences<'a> {
    theme: &'a str,
    #[serde(rename = "homeDashboardId")]
    home_dashboard_id: i64,
    timezone: &'static str,
    #[serde(rename = "weekStart")]
    week_start: &'static str,
}

pub fn preferences(state: &AppState) -> HttpResponse {
    reply::json(
        200,
        &Preferences {
            theme: &state.user_theme,
            home_dashboard_id: 0,
            timezone: "",
            week_start: "",
        },
    )
}

/// `GET /api/access-control/user/permissions`: action -> scopes
/// (`GroupScopesByAction`); an unscoped action lists the empty scope.
pub fn permissions(who: &Identity) -> HttpResponse {
    let mut m: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (action, scope) in model::role_permissions(who.role) {
        m.entry(action).or_default().push(scope);
    }
    reply::json(200, &m)
}

/// `GET /api/access-control/user/actions`: action -> true.
pub fn actions(who: &Identity) -> HttpResponse {
    let m: BTreeMap<&str, bool> = model::role_permissions(who.role)
        .into_iter()
        .map(|(a, _)| (a, true))
        .collect();
    reply::json(200, &m)
}

/// `dtos.DashboardMeta` as the home dashboard fills it.
#[derive(Serialize)]
struct HomeMeta {
    #[serde(rename = "isHome")]
    is_home: bool,
    #[serde(rename = "canSave")]
    can_save: bool,
    #[serde(rename = "canEdit")]
    can_edit: bool,
    #[serde(rename = "canAdmin")]
    can_admin: bool,
    #[serde(rename = "canStar")]
    can_star: bool,
    #[serde(rename = "canDelete")]
    can_delete: bool,
    slug: &'static str,
    url: &'static str,
    expires: &'static str,
    created: &'static str,
    updated: &'static str,
    #[serde(rename = "updatedBy")]
    updated_by: &'static str,
    #[serde(rename = "createdBy")]
    created_by: &'static str,
    version: i64,
    #[serde(rename = "hasAcl")]
    has_acl: bool,
    #[serde(rename = "isFolder")]
    is_folder: bool,
    #[serde(rename = "folderId")]
    folder_id: i64,
    #[serde(rename = "folderUid")]
    folder_uid: &'static str,
    #[serde(rename = "folderTitle")]
    folder_title: &'static str,
    #[serde(rename = "folderUrl")]
    folder_url: &'static str,
    provisioned: bool,
    #[serde(rename = "provisionedExternalId")]
    provisioned_external_id: &'static str,
}

#[derive(Serialize)]
struct Home {
    dashboard: serde_json::Value,
    meta: HomeMeta,
}

/// `GET /api/dashboards/home`: the built-in home dashboard, for any signed-in
/// caller (a key of any role included) — what the page's `curl` example calls.
pub fn dashboards_home(state: &AppState, who: &Identity) -> HttpResponse {
    let zero = "0001-01-01T00:00:00Z";
    let dashboard = json!({
        "editable": false,
        "graphTooltip": 0,
        "id": null,
        "links": [],
        "panels": [
            {
                "gridPos": {"h": 3, "w": 24, "x": 0, "y": 0},
                "id": 1,
                "options": {"content": format!("# Welcome to Grafana {}", state.version), "mode": "markdown"},
                "title": "",
                "transparent": true,
                "type": "text"
            },
            {
                "gridPos": {"h": 9, "w": 12, "x": 0, "y": 3},
                "id": 2,
                "options": {"showHeadings": true, "showRecentlyViewed": true, "showSearch": false, "showStarred": true},
                "title": "Dashboards",
                "type": "dashlist"
            }
        ],
        "refresh": "",
        "schemaVersion": 36,
        "style": "dark",
        "tags": [],
        "time": {"from": "now-6h", "to": "now"},
        "timepicker": {"hidden": true},
        "timezone": "browser",
        "title": "Home",
        "version": 0
    });
    reply::json(
        200,
        &Home {
            dashboard,
            meta: HomeMeta {
                is_home: true,
                can_save: false,
                can_edit: who.role >= Role::Editor,
                can_admin: false,
                can_star: false,
                can_delete: false,
                slug: "",
                url: "",
                expires: zero,
                created: zero,
                updated: zero,
                updated_by: "",
                created_by: "",
                version: 0,
                has_acl: false,
                is_folder: false,
                folder_id: 0,
                folder_uid: "",
                folder_title: "General",
                folder_url: "",
                provisioned: false,
                provisioned_external_id: "",
            },
        },
    )
}
