//! Request routing. Handlers are synchronous (the server runs them on the
//! blocking pool because key hashing is CPU work) and return a [`Reply`].

mod control;
mod keys;
mod orgs;
mod permissions;
mod service_accounts;
mod session;
mod teams;
mod user;

use hyper::Method;

use crate::auth::{self, Auth, Identity};
use crate::reply::{self, HttpResponse, Reply};
use crate::request::Req;
use crate::state::AppState;

/// Is this a control-API request (answered even when faults are set)?
pub fn is_control(state: &AppState, req: &Req) -> bool {
    state.test_control && req.path.starts_with("/__sim/")
}

pub fn dispatch(state: &AppState, req: &Req) -> Reply {
    let segs: Vec<&str> = req.path.split('/').skip(1).collect();
    let get = req.method == Method::GET || req.method == Method::HEAD;
    match (segs.as_slice(), get) {
        (["__sim", rest @ ..], _) if state.test_control => control::handle(state, req, rest),
        (["api", "health"], true) => session::health(state).into(),
        (["login"], _) if req.method == Method::POST => session::login(state, req).into(),
        (["login"], true) => session::login_page().into(),
        (["logout"], true) => session::logout(state, req).into(),
        (["api", rest @ ..], _) => api(state, req, rest).into(),
        // Grafana's index page (its menu, in the boot data, says whether the API keys page is
        // hidden forever, 9.1 – 9.4).
        ([""], true) => match auth::authenticate(state, req) {
            Auth::Signed(who) => service_accounts::index_page(state, Some(&who)),
            Auth::Anonymous => service_accounts::index_page(state, None),
            Auth::Failed(resp) => resp,
        }
        .into(),
        _ => reply::raw(404, "text/plain; charset=utf-8", "404 page not found\n").into(),
    }
}

/// A matched `/api` route; `None` from [`route`] means Grafana has no such
/// route in this version, which answers 404 `{"message":"Not found"}` before
/// any authentication.
enum Route<'a> {
    User,
    UserOrgs,
    UserPreferences,
    UsingOrg(&'a str),
    Org,
    OrgCreate,
    OrgsSearch,
    OrgGet(&'a str),
    OrgByName(&'a str),
    OrgUsers(&'a str),
    OrgAddUser(&'a str),
    OrgUpdateUser(&'a str, &'a str),
    OrgRemoveUser(&'a str, &'a str),
    CurrentOrgUsers,
    FrontendSettings,
    UserPermissions,
    UserActions,
    DashboardsHome,
    KeysList,
    KeysCreate,
    KeysDelete(&'a str),
    MigrateAll,
    MigrateOne(&'a str),
    MigrationStatus,
    HideApiKeys,
    Revert(&'a str),
    ServiceAccountsSearch,
    ServiceAccountCreate,
    ServiceAccountGet(&'a str),
    ServiceAccountUpdate(&'a str),
    ServiceAccountDelete(&'a str),
    TokensList(&'a str),
    TokenCreate(&'a str),
    TokenDelete(&'a str, &'a str),
    SaPermissionsDescription,
    SaPermissions(&'a str),
    SaPermissionUser(&'a str, &'a str),
    SaPermissionTeam(&'a str, &'a str),
    OrgUsersLookup,
    TeamsSearch,
    TeamCreate,
    TeamAddMember(&'a str),
}

fn route<'a>(state: &AppState, method: &Method, rest: &[&'a str]) -> Option<Route<'a>> {
    let v = state.version;
    let keys = !v.api_keys_removed();
    let sa = state.service_account_api();
    let r = match (method.as_str(), rest) {
        ("GET", ["user"]) => Route::User,
        ("GET", ["user", "orgs"]) => Route::UserOrgs,
        ("GET", ["user", "preferences"]) => Route::UserPreferences,
        ("POST", ["user", "using", id]) => Route::UsingOrg(id),
        ("GET", ["org"]) => Route::Org,
        ("GET", ["org", "users"]) => Route::CurrentOrgUsers,
        ("GET", ["frontend", "settings"] | ["frontend", "settings", ""]) => Route::FrontendSettings,
        ("POST", ["orgs"]) => Route::OrgCreate,
        ("GET", ["orgs"] | ["orgs", ""]) => Route::OrgsSearch,
        ("GET", ["orgs", "name", name] | ["orgs", "name", name, ""]) => Route::OrgByName(name),
        ("GET", ["orgs", id] | ["orgs", id, ""]) => Route::OrgGet(id),
        ("GET", ["orgs", id, "users"]) => Route::OrgUsers(id),
        ("POST", ["orgs", id, "users"]) => Route::OrgAddUser(id),
        ("PATCH", ["orgs", id, "users", user]) => Route::OrgUpdateUser(id, user),
        ("DELETE", ["orgs", id, "users", user]) => Route::OrgRemoveUser(id, user),
        ("GET", ["access-control", "user", "permissions"]) if v.user_permissions_endpoint() => {
            Route::UserPermissions
        }
        ("GET", ["access-control", "user", "actions"]) if v.user_permissions_endpoint() => {
            Route::UserActions
        }
        ("GET", ["dashboards", "home"]) => Route::DashboardsHome,
        ("GET", ["auth", "keys"]) if keys => Route::KeysList,
        ("POST", ["auth", "keys"]) if keys => Route::KeysCreate,
        ("DELETE", ["auth", "keys", id]) if keys => Route::KeysDelete(id),
        ("POST", ["serviceaccounts", "migrate"]) if v.migrate_endpoints() => Route::MigrateAll,
        ("POST", ["serviceaccounts", "migrate", id]) if v.migrate_endpoints() => {
            Route::MigrateOne(id)
        }
        ("GET", ["serviceaccounts", "migrationstatus"]) if v.migration_status_endpoints() => {
            Route::MigrationStatus
        }
        ("POST", ["serviceaccounts", "hideApiKeys"]) if v.migration_status_endpoints() => {
            Route::HideApiKeys
        }
        ("POST", ["serviceaccounts", "revert", id]) if v.migration_status_endpoints() => {
            Route::Revert(id)
        }
        ("GET", ["serviceaccounts", "search"]) if sa => Route::ServiceAccountsSearch,
        // `POST /api/serviceaccounts/` (trailing slash) is the same route.
        ("POST", ["serviceaccounts"] | ["serviceaccounts", ""]) if sa => {
            Route::ServiceAccountCreate
        }
        // Also what a stale `GET …/migrationstatus` hits from 9.5 on.
        ("GET", ["serviceaccounts", id]) if sa => Route::ServiceAccountGet(id),
        ("PATCH", ["serviceaccounts", id]) if sa => Route::ServiceAccountUpdate(id),
        ("DELETE", ["serviceaccounts", id]) if sa => Route::ServiceAccountDelete(id),
        ("GET", ["serviceaccounts", id, "tokens"]) if sa => Route::TokensList(id),
        ("POST", ["serviceaccounts", id, "tokens"]) if sa => Route::TokenCreate(id),
        ("DELETE", ["serviceaccounts", id, "tokens", token]) if sa => Route::TokenDelete(id, token),
        // `ProvideServiceAccountPermissions` (9.1+): no built-in role
        // assignments, so no `builtInRoles/:builtInRole` route.
        ("GET", ["access-control", "serviceaccounts", "description"]) if v.sa_permissions() => {
            Route::SaPermissionsDescription
        }
        ("GET", ["access-control", "serviceaccounts", id]) if v.sa_permissions() => {
            Route::SaPermissions(id)
        }
        ("POST", ["access-control", "serviceaccounts", id, "users", user])
            if v.sa_permissions() =>
        {
            Route::SaPermissionUser(id, user)
        }
        ("POST", ["access-control", "serviceaccounts", id, "teams", team])
            if v.sa_permissions() =>
        {
            Route::SaPermissionTeam(id, team)
        }
        ("GET", ["org", "users", "lookup"]) => Route::OrgUsersLookup,
        ("GET", ["teams", "search"]) => Route::TeamsSearch,
        ("POST", ["teams"] | ["teams", ""]) => Route::TeamCreate,
        ("POST", ["teams", id, "members"]) => Route::TeamAddMember(id),
        _ => return None,
    };
    Some(r)
}

fn api(state: &AppState, req: &Req, rest: &[&str]) -> HttpResponse {
    let method = if req.method == Method::HEAD {
        Method::GET
    } else {
        req.method.clone()
    };
    let Some(route) = route(state, &method, rest) else {
        return reply::api_not_found();
    };
    let who = match auth::authenticate(state, req) {
        Auth::Signed(who) => who,
        Auth::Anonymous => return auth::unauthorized(),
        Auth::Failed(resp) => return resp,
    };
    match handle(state, req, &who, route) {
        Ok(r) | Err(r) => r,
    }
}

type Handled = Result<HttpResponse, HttpResponse>;

fn handle(state: &AppState, req: &Req, who: &Identity, route: Route<'_>) -> Handled {
    match route {
        Route::User => user::user(state, who),
        Route::UserOrgs => user::user_orgs(state, who),
        Route::UserPreferences => Ok(user::preferences(state)),
        Route::UsingOrg(id) => user::using_org(state, who, id),
        Route::Org => user::org(state, who),
        Route::OrgCreate => orgs::create(state, req, who),
        Route::OrgsSearch => orgs::search(state, req, who),
        Route::OrgGet(id) => orgs::get(state, who, id),
        Route::OrgByName(name) => orgs::get_by_name(state, who, name),
        Route::OrgUsers(id) => orgs::list_users(state, who, id),
        Route::OrgAddUser(id) => orgs::add_user(state, req, who, id),
        Route::OrgUpdateUser(id, user) => orgs::update_user(state, req, who, id, user),
        Route::OrgRemoveUser(id, user) => orgs::remove_user(state, who, id, user),
        Route::CurrentOrgUsers => orgs::list_current_users(state, who),
        Route::FrontendSettings => Ok(user::frontend_settings(state, who)),
        Route::UserPermissions => Ok(user::permissions(state, who)),
        Route::UserActions => Ok(user::actions(state, who)),
        Route::DashboardsHome => Ok(user::dashboards_home(state, who)),
        Route::KeysList => keys::list(state, req, who),
        Route::KeysCreate => keys::create(state, req, who),
        Route::KeysDelete(id) => keys::delete(state, who, id),
        Route::MigrateAll => service_accounts::migrate_all(state, who),
        Route::MigrateOne(id) => service_accounts::migrate_one(state, who, id),
        Route::MigrationStatus => service_accounts::migration_status(state, who),
        Route::HideApiKeys => service_accounts::hide_api_keys(state, who),
        Route::Revert(id) => service_accounts::revert(state, who, id),
        Route::ServiceAccountsSearch => service_accounts::search(state, req, who),
        Route::ServiceAccountCreate => service_accounts::create(state, req, who),
        Route::ServiceAccountGet(id) => service_accounts::get(state, req, who, id),
        Route::ServiceAccountUpdate(id) => service_accounts::update(state, req, who, id),
        Route::ServiceAccountDelete(id) => service_accounts::delete(state, who, id),
        Route::TokensList(id) => service_accounts::list_tokens(state, who, id),
        Route::TokenCreate(id) => service_accounts::create_token(state, req, who, id),
        Route::TokenDelete(id, token) => service_accounts::delete_token(state, who, id, token),
        Route::SaPermissionsDescription => permissions::description(state, who),
        Route::SaPermissions(id) => permissions::list(state, who, id),
        Route::SaPermissionUser(id, user) => permissions::set_user(state, req, who, id, user),
        Route::SaPermissionTeam(id, team) => permissions::set_team(state, req, who, id, team),
        Route::OrgUsersLookup => permissions::lookup(state, req, who),
        Route::TeamsSearch => teams::search(state, req, who),
        Route::TeamCreate => teams::create(state, req, who),
        Route::TeamAddMember(id) => teams::add_member(state, req, who, id),
    }
}
