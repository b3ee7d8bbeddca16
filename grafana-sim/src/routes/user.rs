//! Signed-in user endpoints: `/api/user`, `/api/user/orgs`, `/api/org`,
//! `/api/user/preferences`, `/api/access-control/user/*`, `/api/dashboards/home`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::Handled;
use crate::auth::{self, Identity, Principal, authorize};
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
    // `orgId` is the stored current org (`user.org_id`), whatever org
    // `X-Grafana-Org-Id` selected for this request.
    let (id, uid, email, name, login, admin, created, org_id) = match who.principal {
        Principal::User { id } => match store.user(id) {
            Some(u) => (
                u.id,
                u.uid.clone(),
                u.email.clone(),
                u.name.clone(),
                u.login.clone(),
                u.is_grafana_admin,
                USERS_CREATED,
                u.org_id,
            ),
            None => return Err(reply::message(404, "User not found")),
        },
        Principal::ServiceAccount { sa_id, .. } => match store.service_account(sa_id) {
            Some(sa) => (
                sa.id,
                sa.uid.clone(),
                String::new(),
                sa.name.clone(),
                sa.login.clone(),
                false,
                sa.created,
                sa.org_id,
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
            org_id,
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
pub struct UserOrg {
    #[serde(rename = "orgId")]
    pub org_id: i64,
    pub name: String,
    pub role: &'static str,
}

pub fn user_orgs(state: &AppState, who: &Identity) -> Handled {
    let store = state.store();
    let orgs: Vec<UserOrg> = match who.principal {
        Principal::User { id } => store
            .user_orgs(id)
            .into_iter()
            .map(|(org_id, name, role)| UserOrg {
                org_id,
                name,
                role: role.as_str(),
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
pub struct Address {
    address1: &'static str,
    address2: &'static str,
    city: &'static str,
    #[serde(rename = "zipCode")]
    zip_code: &'static str,
    state: &'static str,
    country: &'static str,
}

/// `OrgDetailsDTO`.
#[derive(Serialize)]
pub struct OrgDto {
    pub id: i64,
    pub name: String,
    pub address: Address,
}

/// `getOrgHelper`: the org's details, or 404 `Organization not found`.
pub fn org_details(state: &AppState, org_id: i64) -> Handled {
    let Some(name) = state.store().orgs.get(&org_id).cloned() else {
        return Err(reply::message(404, "Organization not found"));
    };
    Ok(reply::json(
        200,
        &OrgDto {
            id: org_id,
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

/// `GET /api/org`: `authorize(reqSignedIn, orgs:read)`. Every basic role
/// holds `orgs:read`, so with RBAC only a caller without a role in the org
/// (org -1, or a `None` key) is refused; the server admin holds it globally
/// and then meets org -1's 404. Without RBAC org -1 answers 404.
pub fn org(state: &AppState, who: &Identity) -> Handled {
    if state.version.rbac_enabled() {
        authorize(state, who, "orgs:read", None)?;
    }
    org_details(state, who.org_id)
}

/// `POST /api/user/using/:id` (`UserSetUsingOrg`): make a member org the
/// user's current org. 400 `id is invalid`, 401 `Not a valid organization`.
pub fn using_org(state: &AppState, who: &Identity, raw: &str) -> Handled {
    let Ok(org_id) = raw.parse::<i64>() else {
        return Err(reply::message(400, "id is invalid"));
    };
    let mut store = state.store();
    let ok = match who.principal {
        Principal::User { id } => store.set_current_org(id, org_id),
        // A service account belongs to its one org; a plain key is no user.
        Principal::ServiceAccount { sa_id, .. } => store
            .service_account(sa_id)
            .is_some_and(|sa| sa.org_id == org_id),
        Principal::ApiKey { .. } => false,
    };
    if ok {
        Ok(reply::message(200, "Active organization changed"))
    } else {
        Err(reply::message(401, "Not a valid organization"))
    }
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
/// The org role's permissions in the request's org, the server admin's
/// global ones, and the caller's managed permissions there (teams, service
/// accounts it may manage).
pub fn permissions(state: &AppState, who: &Identity) -> HttpResponse {
    let all = auth::permissions(&state.store(), who);
    let mut m: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (action, scope) in &all {
        let scopes = m.entry(action).or_default();
        if !scopes.contains(&scope.as_str()) {
            scopes.push(scope);
        }
    }
    reply::json(200, &m)
}

/// `GET /api/access-control/user/actions`: action -> true.
pub fn actions(state: &AppState, who: &Identity) -> HttpResponse {
    let all = auth::permissions(&state.store(), who);
    let m: BTreeMap<&str, bool> = all.iter().map(|(a, _)| (a.as_str(), true)).collect();
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

/// `FrontendSettingsBuildInfoDTO`, in its field order (≈9.3+).
#[derive(Serialize)]
struct BuildInfo {
    #[serde(rename = "hideVersion")]
    hide_version: bool,
    version: String,
    #[serde(rename = "versionString", skip_serializing_if = "Option::is_none")]
    version_string: Option<String>,
    commit: &'static str,
    #[serde(rename = "commitShort", skip_serializing_if = "Option::is_none")]
    commit_short: Option<&'static str>,
    buildstamp: i64,
    edition: &'static str,
    #[serde(rename = "latestVersion")]
    latest_version: &'static str,
    #[serde(rename = "hasUpdate")]
    has_update: bool,
    env: &'static str,
}

/// The DTO (field order kept) or the 8.x map (keys sorted).
#[derive(Serialize)]
#[serde(untagged)]
enum BuildInfoAny {
    Struct(BuildInfo),
    Map(serde_json::Value),
}

/// When the simulated build was "made" (`buildstamp`, Unix seconds).
const BUILDSTAMP: i64 = 1_704_067_200;

/// `GET /api/frontend/settings` (`pkg/api/frontendsettings.go`), registered
/// in the `/api` group behind `reqSignedIn`: signed out it answers 401
/// `Unauthorized` like every other route (anonymous access is off). A
/// realistic subset of the settings, keys sorted; `buildInfo` is what clients
/// read (the Python `grafana-client` takes its `version`). `hideVersion` only
/// hides the version from anonymous users, so a signed-in caller always sees
/// it. 8.x built `buildInfo` as a map (keys sorted), ≈9.3+ as the DTO.
pub fn frontend_settings(state: &AppState, who: &Identity) -> HttpResponse {
    let v = state.version;
    let version = v.to_string();
    let build_info = if v.frontend_settings_struct() {
        let newer = v.build_info_version_string();
        BuildInfoAny::Struct(BuildInfo {
            hide_version: false,
            version_string: newer.then(|| format!("Grafana v{version}")),
            version,
            commit: super::session::COMMIT,
            commit_short: newer.then_some(super::session::COMMIT),
            buildstamp: BUILDSTAMP,
            edition: "Open Source",
            latest_version: "",
            has_update: false,
            env: "production",
        })
    } else {
        BuildInfoAny::Map(json!({
            "buildstamp": BUILDSTAMP,
            "commit": super::session::COMMIT,
            "edition": "Open Source",
            "env": "production",
            "hasUpdate": false,
            "hideVersion": false,
            "latestVersion": "",
            "version": version,
        }))
    };
    #[derive(Serialize)]
    struct Settings {
        #[serde(rename = "allowOrgCreate")]
        allow_org_create: bool,
        #[serde(rename = "appSubUrl")]
        app_sub_url: &'static str,
        #[serde(rename = "appUrl")]
        app_url: &'static str,
        #[serde(rename = "authProxyEnabled")]
        auth_proxy_enabled: bool,
        #[serde(rename = "buildInfo")]
        build_info: BuildInfoAny,
        datasources: serde_json::Value,
        #[serde(rename = "defaultDatasource")]
        default_datasource: &'static str,
        #[serde(rename = "disableLoginForm")]
        disable_login_form: bool,
        #[serde(rename = "featureToggles")]
        feature_toggles: serde_json::Value,
        #[serde(rename = "ldapEnabled")]
        ldap_enabled: bool,
        #[serde(rename = "licenseInfo")]
        license_info: serde_json::Value,
    }
    reply::json(
        200,
        &Settings {
            // (`allow_org_create` && signed in) || Grafana Admin.
            allow_org_create: who.is_grafana_admin,
            app_sub_url: "",
            app_url: "http://localhost:3000/",
            auth_proxy_enabled: false,
            build_info,
            datasources: json!({}),
            default_datasource: "",
            disable_login_form: false,
            feature_toggles: json!({}),
            ldap_enabled: false,
            license_info: json!({
                "edition": "Open Source",
                "enabledFeatures": {},
                "expiry": 0,
                "licenseUrl": "",
                "stateInfo": "",
            }),
        },
    )
}
