//! `/api/access-control/serviceaccounts`: who may manage a service account, as Grafana's
//! Permissions section asks (`public/app/core/components/AccessControl/Permissions.tsx`), and
//! the pickers' searches for users and teams.

use serde::{Deserialize, Serialize};

use super::{ApiError, Grafana, Message};
use crate::domain::resource_permissions::{
    Grantee, PermissionsDescription, ResourcePermission, Target, TeamMatch, UserMatch,
};

/// `resourcepermissions.Description`.
#[derive(Deserialize)]
struct DescriptionWire {
    #[serde(default)]
    assignments: AssignmentsWire,
    #[serde(default)]
    permissions: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct AssignmentsWire {
    #[serde(default)]
    users: bool,
    #[serde(default)]
    service_accounts: bool,
    #[serde(default)]
    teams: bool,
    #[serde(default)]
    built_in_roles: bool,
}

/// `resourcePermissionDTO`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PermissionWire {
    #[serde(default)]
    is_managed: bool,
    #[serde(default)]
    is_inherited: bool,
    #[serde(default)]
    is_service_account: bool,
    #[serde(default)]
    user_id: i64,
    #[serde(default)]
    user_login: String,
    #[serde(default)]
    user_avatar_url: String,
    #[serde(default)]
    team_id: i64,
    #[serde(default)]
    team_avatar_url: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    built_in_role: String,
    #[serde(default)]
    actions: Vec<String>,
    #[serde(default)]
    permission: String,
}

impl From<PermissionWire> for ResourcePermission {
    fn from(wire: PermissionWire) -> Self {
        let grantee = if wire.user_id > 0 && wire.is_service_account {
            Grantee::ServiceAccount {
                id: wire.user_id,
                login: wire.user_login,
                avatar_url: wire.user_avatar_url,
            }
        } else if wire.user_id > 0 {
            Grantee::User {
                id: wire.user_id,
                login: wire.user_login,
                avatar_url: wire.user_avatar_url,
            }
        } else if wire.team_id > 0 {
            Grantee::Team {
                id: wire.team_id,
                name: wire.team,
                avatar_url: wire.team_avatar_url,
            }
        } else {
            Grantee::Role(wire.built_in_role)
        };
        ResourcePermission {
            grantee,
            permission: wire.permission,
            is_managed: wire.is_managed,
            is_inherited: wire.is_inherited,
            actions: wire.actions,
        }
    }
}

/// `dto.UserLookupDTO`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserLookupWire {
    user_id: i64,
    #[serde(default)]
    login: String,
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct TeamSearchWire {
    #[serde(default)]
    teams: Option<Vec<TeamWire>>,
}

#[derive(Deserialize)]
struct TeamWire {
    id: i64,
    #[serde(default)]
    name: String,
}

#[derive(Serialize)]
struct SetPermission<'a> {
    permission: &'a str,
}

/// The picker's search text as a query parameter.
fn query_param(text: &str) -> String {
    form_urlencoded::byte_serialize(text.trim().as_bytes()).collect()
}

impl Grafana {
    /// Whom permissions on service accounts can be given to, and which.
    pub async fn permissions_description(&self) -> Result<PermissionsDescription, ApiError> {
        let wire: DescriptionWire = self
            .get("/api/access-control/serviceaccounts/description")
            .await?;
        Ok(PermissionsDescription {
            users: wire.assignments.users,
            service_accounts: wire.assignments.service_accounts,
            teams: wire.assignments.teams,
            builtin_roles: wire.assignments.built_in_roles,
            permissions: wire.permissions,
        })
    }

    /// Who may manage account `account_id`.
    pub async fn account_permissions(
        &self,
        account_id: i64,
    ) -> Result<Vec<ResourcePermission>, ApiError> {
        let wire: Option<Vec<PermissionWire>> = self
            .get(&format!("/api/access-control/serviceaccounts/{account_id}"))
            .await?;
        Ok(wire
            .unwrap_or_default()
            .into_iter()
            .map(ResourcePermission::from)
            .collect())
    }

    /// Gives `target` the `permission` ("Edit", "Admin") on the account, or takes it away
    /// with an empty one.
    pub async fn set_account_permission(
        &self,
        account_id: i64,
        target: &Target,
        permission: &str,
    ) -> Result<String, ApiError> {
        let path = format!(
            "/api/access-control/serviceaccounts/{account_id}/{}",
            target.path()
        );
        let answer: Message = self.post_json(&path, &SetPermission { permission }).await?;
        Ok(answer.message)
    }

    /// The org's users whose login, e-mail or name matches, as Grafana's user picker asks.
    pub async fn lookup_users(&self, text: &str) -> Result<Vec<UserMatch>, ApiError> {
        let wire: Option<Vec<UserLookupWire>> = self
            .get(&format!(
                "/api/org/users/lookup?query={}&limit=100",
                query_param(text)
            ))
            .await?;
        Ok(wire
            .unwrap_or_default()
            .into_iter()
            .map(|user| UserMatch {
                id: user.user_id,
                login: user.login,
                name: user.name,
            })
            .collect())
    }

    /// The org's teams whose name matches, as Grafana's team picker asks.
    pub async fn search_teams(&self, text: &str) -> Result<Vec<TeamMatch>, ApiError> {
        let wire: TeamSearchWire = self
            .get(&format!(
                "/api/teams/search?perpage=100&page=1&query={}",
                query_param(text)
            ))
            .await?;
        Ok(wire
            .teams
            .unwrap_or_default()
            .into_iter()
            .map(|team| TeamMatch {
                id: team.id,
                name: team.name,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_permission_list_is_read_as_grafana_sends_it() {
        let body = r#"[
          {"id":1,"roleName":"basic:admin","isManaged":false,"isInherited":false,"isServiceAccount":false,
           "builtInRole":"Admin","actions":["serviceaccounts:read"],"permission":"Admin"},
          {"id":2,"roleName":"managed:teams:3:permissions","isManaged":true,"isInherited":false,
           "isServiceAccount":false,"teamId":3,"team":"ops","teamAvatarUrl":"/avatar/x",
           "actions":["serviceaccounts:read","serviceaccounts:write"],"permission":"Edit"},
          {"id":3,"roleName":"managed:users:7:permissions","isManaged":true,"isInherited":false,
           "isServiceAccount":false,"userId":7,"userLogin":"ann","userAvatarUrl":"/avatar/y",
           "actions":[],"permission":"Admin"}
        ]"#;
        let wire: Vec<PermissionWire> = crate::api::decode_response(200, body).unwrap();
        let items: Vec<ResourcePermission> = wire.into_iter().map(Into::into).collect();
        assert_eq!(items[0].grantee, Grantee::Role("Admin".into()));
        assert!(!items[0].is_managed);
        assert_eq!(items[1].name(), "ops");
        assert_eq!(items[1].removal_target(), Some(Target::Team(3)));
        assert_eq!(items[2].removal_target(), Some(Target::User(7)));
        assert_eq!(items[2].permission, "Admin");
    }

    #[test]
    fn the_description_is_read_as_grafana_sends_it() {
        let body = r#"{"assignments":{"users":true,"serviceAccounts":false,"teams":true,"builtInRoles":true},
                       "permissions":["Edit","Admin"]}"#;
        let wire: DescriptionWire = crate::api::decode_response(200, body).unwrap();
        assert!(wire.assignments.teams && wire.assignments.built_in_roles);
        assert_eq!(wire.permissions, ["Edit", "Admin"]);
    }

    #[test]
    fn a_search_text_is_one_query_parameter() {
        assert_eq!(query_param(" a&b=c "), "a%26b%3Dc");
    }
}
