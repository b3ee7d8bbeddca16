//! Org roles, the fixed users and orgs, and the RBAC permissions each role has.

use std::fmt;

/// `org.RoleType`. Ordering is privilege order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    None,
    Viewer,
    Editor,
    Admin,
}

impl Role {
    /// Case-sensitive, like `RoleType.IsValid`; "None" only where the version
    /// knows it.
    pub fn parse(s: &str, none_valid: bool) -> Option<Role> {
        match s {
            "Viewer" => Some(Role::Viewer),
            "Editor" => Some(Role::Editor),
            "Admin" => Some(Role::Admin),
            "None" if none_valid => Some(Role::None),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::None => "None",
            Role::Viewer => "Viewer",
            Role::Editor => "Editor",
            Role::Admin => "Admin",
        }
    }

    /// `RoleType.Includes`: a role includes itself and every lower role.
    pub fn includes(self, other: Role) -> bool {
        self >= other
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A built-in user. Passwords are the logins (the issue's `admin/admin` etc.).
/// The store copies these (and the seed's `users`) into its user table.
#[derive(Debug, Clone, Copy)]
pub struct User {
    pub id: i64,
    pub login: &'static str,
    pub password: &'static str,
    pub email: &'static str,
    pub name: &'static str,
    pub uid: &'static str,
    /// Role in org 1 ("Main Org.").
    pub role: Role,
    pub is_grafana_admin: bool,
}

pub const USERS: [User; 3] = [
    User {
        id: 1,
        login: "admin",
        password: "admin",
        email: "admin@localhost",
        name: "",
        uid: "adminuid000001",
        role: Role::Admin,
        is_grafana_admin: true,
    },
    User {
        id: 2,
        login: "editor",
        password: "editor",
        email: "editor@localhost",
        name: "Editor",
        uid: "editoruid00002",
        role: Role::Editor,
        is_grafana_admin: false,
    },
    User {
        id: 3,
        login: "viewer",
        password: "viewer",
        email: "viewer@localhost",
        name: "Viewer",
        uid: "vieweruid00003",
        role: Role::Viewer,
        is_grafana_admin: false,
    },
];

/// Grafana's avatar URL is `/avatar/<md5(email or login)>`; any stable
/// 32-hex-digit digest looks the same to a client.
pub fn avatar_url(login: &str) -> String {
    use sha2::{Digest, Sha256};
    format!(
        "/avatar/{}",
        &crate::keygen::hex(&Sha256::digest(login.as_bytes()))[..32]
    )
}

/// Seeded users and service accounts take user ids after the built-in users.
pub const FIRST_SEEDED_USER_ID: i64 = 4;

pub const MAIN_ORG_ID: i64 = 1;
pub const MAIN_ORG_NAME: &str = "Main Org.";

/// What `GetSignedInUser` leaves in a request whose org the user does not
/// belong to: no role, org -1 (`pkg/services/user/userimpl/store.go`,
/// `if signedInUser.OrgRole == "" { OrgID = -1; OrgName = "Org missing" }`).
pub const NO_ORG_ID: i64 = -1;

/// The global permissions of the Grafana Admin (server admin) basic role that
/// matter here; they hold in every org, member or not (`fixed:orgs:creator`,
/// `fixed:organization:*`, `fixed:users:writer`, `fixed:org.users:writer`).
pub const SERVER_ADMIN_PERMISSIONS: &[(&str, &str)] = &[
    ("orgs:create", ""),
    ("orgs:read", "orgs:*"),
    ("orgs:write", "orgs:*"),
    ("org.users:read", "users:*"),
    ("org.users:add", "users:*"),
    ("org.users:write", "users:*"),
    ("org.users:remove", "users:*"),
];

/// The permissions a basic role has, as (action, scope) pairs, in the subset
/// that matters here. Admin's `apikeys:*` and `serviceaccounts:*` come from
/// the fixed roles `fixed:apikeys:writer` / `fixed:serviceaccounts:writer`
/// granted to Org Admin; the rest is a realistic excerpt of the basic roles.
/// An empty scope is how Grafana stores an unscoped action (`apikeys:create`).
pub fn role_permissions(role: Role) -> Vec<(&'static str, &'static str)> {
    let mut p: Vec<(&'static str, &'static str)> = Vec::new();
    if role >= Role::Viewer {
        p.extend([
            ("dashboards:read", "dashboards:*"),
            ("dashboards:read", "folders:*"),
            ("folders:read", "folders:*"),
            ("annotations:read", "annotations:type:*"),
            ("datasources:query", "datasources:*"),
            ("orgs:read", ""),
        ]);
    }
    if role >= Role::Editor {
        p.extend([
            ("dashboards:create", "folders:*"),
            ("dashboards:write", "dashboards:*"),
            ("dashboards:write", "folders:*"),
            ("dashboards:delete", "dashboards:*"),
            ("folders:create", ""),
            ("datasources:explore", ""),
        ]);
    }
    if role >= Role::Admin {
        p.extend([
            ("apikeys:read", "apikeys:*"),
            ("apikeys:create", ""),
            ("apikeys:delete", "apikeys:*"),
            ("serviceaccounts:read", "serviceaccounts:*"),
            ("serviceaccounts:create", ""),
            ("serviceaccounts:write", "serviceaccounts:*"),
            ("serviceaccounts:delete", "serviceaccounts:*"),
            ("serviceaccounts.permissions:read", "serviceaccounts:*"),
            ("serviceaccounts.permissions:write", "serviceaccounts:*"),
            ("org.users:read", "users:*"),
            ("org.users:add", "users:*"),
            ("org.users:write", "users:*"),
            ("org.users:remove", "users:*"),
            ("orgs:write", ""),
            // `fixed:teams:writer`.
            ("teams:read", "teams:*"),
            ("teams:create", ""),
            ("teams:write", "teams:*"),
            ("teams:delete", "teams:*"),
            ("teams.permissions:read", "teams:*"),
            ("teams.permissions:write", "teams:*"),
            ("datasources:read", "datasources:*"),
            ("datasources:write", "datasources:*"),
            ("datasources:create", ""),
            ("datasources:delete", "datasources:*"),
        ]);
    }
    p
}

/// Does `role` hold `action` on `scope` (None = an unscoped check)?
/// Wildcards follow Grafana: `apikeys:*` covers `apikeys:id:5`.
pub fn role_has(role: Role, action: &str, scope: Option<&str>) -> bool {
    grants(&role_permissions(role), action, scope)
}

/// Does the server-admin role hold `action` on `scope`, in any org?
pub fn server_admin_has(action: &str, scope: Option<&str>) -> bool {
    grants(SERVER_ADMIN_PERMISSIONS, action, scope)
}

/// Does a permission list hold `action` on `scope` (None = an unscoped
/// check: the action on any scope, like `ac.EvalPermission(action)`)?
pub fn grants<A: AsRef<str>, S: AsRef<str>>(
    perms: &[(A, S)],
    action: &str,
    scope: Option<&str>,
) -> bool {
    perms.iter().any(|(a, s)| {
        a.as_ref() == action
            && match scope {
                None => true,
                Some(wanted) => scope_covers(s.as_ref(), wanted),
            }
    })
}

/// Does a granted scope cover the wanted one (`*`, `serviceaccounts:*` and
/// `serviceaccounts:id:*` cover `serviceaccounts:id:5`)?
pub fn scope_covers(granted: &str, wanted: &str) -> bool {
    if granted == wanted || granted == "*" {
        return true;
    }
    match granted.strip_suffix('*') {
        Some(prefix) => wanted.starts_with(prefix),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_and_include() {
        assert_eq!(Role::parse("Admin", false), Some(Role::Admin));
        assert_eq!(Role::parse("admin", false), None);
        assert_eq!(Role::parse("None", false), None);
        assert_eq!(Role::parse("None", true), Some(Role::None));
        assert!(Role::Admin.includes(Role::Editor));
        assert!(Role::Editor.includes(Role::Viewer));
        assert!(!Role::Editor.includes(Role::Admin));
        assert!(!Role::Viewer.includes(Role::Editor));
    }

    #[test]
    fn admin_only_has_key_permissions() {
        assert!(role_has(
            Role::Admin,
            "apikeys:delete",
            Some("apikeys:id:7")
        ));
        assert!(role_has(Role::Admin, "apikeys:create", None));
        assert!(role_has(
            Role::Admin,
            "serviceaccounts:read",
            Some("serviceaccounts:id:4")
        ));
        assert!(!role_has(Role::Editor, "apikeys:read", None));
        assert!(!role_has(Role::Viewer, "serviceaccounts:create", None));
        assert!(role_has(
            Role::Viewer,
            "dashboards:read",
            Some("dashboards:uid:x")
        ));
    }
}
