//! Who may manage one service account: Grafana's resource permissions on it (the Permissions
//! section of its page, `public/app/core/components/AccessControl/` in Grafana), and the rules
//! of that section: how the list is grouped and sorted, what can be removed, and what a change
//! is sent to.

use super::keys::Role;
use super::service_accounts::ServiceAccount;

/// Grafana's action for reading an account's permissions; the section shows with it.
pub const READ_PERMISSIONS: &str = "serviceaccounts.permissions:read";
/// Grafana's action for changing them; the section's buttons work with it.
pub const WRITE_PERMISSIONS: &str = "serviceaccounts.permissions:write";

/// Whether the account's page shows its Permissions section, and whether it can be changed: as
/// Grafana's page decides from the account's own `accessControl`. A managed (external) account
/// has none; without the account's `accessControl`, Grafana shows none either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionAccess {
    Hidden,
    /// Shown; changing is refused, for this reason.
    ReadOnly(String),
    Editable,
}

pub fn section_access(account: &ServiceAccount) -> SectionAccess {
    let granted = |action: &str| {
        account
            .access_control
            .as_ref()
            .is_some_and(|granted| granted.get(action).copied().unwrap_or(false))
    };
    if account.is_external || !granted(READ_PERMISSIONS) {
        SectionAccess::Hidden
    } else if granted(WRITE_PERMISSIONS) {
        SectionAccess::Editable
    } else {
        SectionAccess::ReadOnly(format!(
            "You need the {WRITE_PERMISSIONS} permission to change who may manage this account."
        ))
    }
}

/// Who a permission is given to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grantee {
    User {
        id: i64,
        login: String,
        avatar_url: String,
    },
    ServiceAccount {
        id: i64,
        login: String,
        avatar_url: String,
    },
    Team {
        id: i64,
        name: String,
        avatar_url: String,
    },
    /// A basic role of the org: Viewer, Editor, Admin.
    Role(String),
}

/// One line of `GET /api/access-control/serviceaccounts/:id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcePermission {
    pub grantee: Grantee,
    /// "Edit" or "Admin".
    pub permission: String,
    /// Given on this account (removable), rather than by a role or provisioning.
    pub is_managed: bool,
    /// Inherited from elsewhere (a role's grant over every account).
    pub is_inherited: bool,
    pub actions: Vec<String>,
}

/// Where a permission goes: the part of `POST /api/access-control/serviceaccounts/:id/<target>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    User(i64),
    Team(i64),
    Role(String),
}

impl Target {
    pub fn path(&self) -> String {
        match self {
            Target::User(id) => format!("users/{id}"),
            Target::Team(id) => format!("teams/{id}"),
            Target::Role(role) => format!("builtInRoles/{role}"),
        }
    }
}

impl ResourcePermission {
    /// The name shown and used in the remove button's label: login, team or role.
    pub fn name(&self) -> &str {
        match &self.grantee {
            Grantee::User { login, .. } | Grantee::ServiceAccount { login, .. } => login,
            Grantee::Team { name, .. } => name,
            Grantee::Role(role) => role,
        }
    }

    /// What removing it is sent to. Only permissions given on this account can be removed:
    /// inherited and provisioned ones are locked, as in Grafana.
    pub fn removal_target(&self) -> Option<Target> {
        if !self.is_managed {
            return None;
        }
        Some(match &self.grantee {
            Grantee::User { id, .. } | Grantee::ServiceAccount { id, .. } => Target::User(*id),
            Grantee::Team { id, .. } => Target::Team(*id),
            Grantee::Role(role) => Target::Role(role.clone()),
        })
    }

    /// Why it cannot be removed, in words, where it cannot.
    pub fn locked_because(&self) -> Option<&'static str> {
        match (self.is_managed, self.is_inherited) {
            (true, _) => None,
            (false, true) => Some("Inherited permission"),
            (false, false) => Some("Provisioned permission"),
        }
    }
}

/// The section's lists, as Grafana shows them: Role, User, Service Account, Team, each sorted
/// by name, and within a name the locked ones first (Grafana sorts `isManaged` false first).
pub fn grouped(items: &[ResourcePermission]) -> Vec<(&'static str, Vec<ResourcePermission>)> {
    type Belongs = fn(&Grantee) -> bool;
    let groups: [(&'static str, Belongs); 4] = [
        ("Role", |g| matches!(g, Grantee::Role(_))),
        ("User", |g| matches!(g, Grantee::User { .. })),
        ("Service Account", |g| {
            matches!(g, Grantee::ServiceAccount { .. })
        }),
        ("Team", |g| matches!(g, Grantee::Team { .. })),
    ];
    groups
        .into_iter()
        .filter_map(|(title, belongs)| {
            let mut list: Vec<_> = items
                .iter()
                .filter(|item| belongs(&item.grantee))
                .cloned()
                .collect();
            list.sort_by(|a, b| (a.name(), a.is_managed).cmp(&(b.name(), b.is_managed)));
            (!list.is_empty()).then_some((title, list))
        })
        .collect()
}

/// `GET /api/access-control/serviceaccounts/description`: whom permissions can be given to,
/// and which.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PermissionsDescription {
    pub users: bool,
    pub service_accounts: bool,
    pub teams: bool,
    pub builtin_roles: bool,
    /// "Edit", "Admin".
    pub permissions: Vec<String>,
}

/// What "Add a permission" can target, in Grafana's order, as the description allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    User,
    Team,
    Role,
}

impl TargetKind {
    pub fn label(self) -> &'static str {
        match self {
            TargetKind::User => "User",
            TargetKind::Team => "Team",
            TargetKind::Role => "Role",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [TargetKind::User, TargetKind::Team, TargetKind::Role]
            .into_iter()
            .find(|kind| kind.label() == text)
    }
}

impl PermissionsDescription {
    pub fn target_kinds(&self) -> Vec<TargetKind> {
        [
            (self.users, TargetKind::User),
            (self.teams, TargetKind::Team),
            (self.builtin_roles, TargetKind::Role),
        ]
        .into_iter()
        .filter_map(|(offered, kind)| offered.then_some(kind))
        .collect()
    }
}

/// The basic roles a permission can be given to.
pub const BASIC_ROLES: [Role; 3] = [Role::Viewer, Role::Editor, Role::Admin];

/// A user the picker found (`GET /api/org/users/lookup`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserMatch {
    pub id: i64,
    pub login: String,
    pub name: String,
}

impl UserMatch {
    /// As Grafana's picker shows a user: "login - name" where the name says more.
    pub fn label(&self) -> String {
        if self.name.is_empty() || self.name == self.login {
            self.login.clone()
        } else {
            format!("{} - {}", self.login, self.name)
        }
    }
}

/// A team the picker found (`GET /api/teams/search`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMatch {
    pub id: i64,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(grantee: Grantee, managed: bool, inherited: bool) -> ResourcePermission {
        ResourcePermission {
            grantee,
            permission: "Edit".into(),
            is_managed: managed,
            is_inherited: inherited,
            actions: Vec::new(),
        }
    }

    fn team(id: i64, name: &str) -> Grantee {
        Grantee::Team {
            id,
            name: name.into(),
            avatar_url: String::new(),
        }
    }

    #[test]
    fn lists_are_grouped_in_grafanas_order_and_sorted_by_name() {
        let items = vec![
            item(team(2, "ops"), true, false),
            item(Grantee::Role("Admin".into()), false, true),
            item(team(1, "analytics"), true, false),
            item(
                Grantee::User {
                    id: 5,
                    login: "viewer".into(),
                    avatar_url: String::new(),
                },
                true,
                false,
            ),
        ];
        let groups = grouped(&items);
        let titles: Vec<_> = groups.iter().map(|(title, _)| *title).collect();
        assert_eq!(titles, ["Role", "User", "Team"]);
        let teams: Vec<_> = groups[2].1.iter().map(ResourcePermission::name).collect();
        assert_eq!(teams, ["analytics", "ops"]);
    }

    #[test]
    fn only_permissions_given_on_the_account_are_removed_and_sent_to_their_target() {
        let inherited = item(Grantee::Role("Admin".into()), false, true);
        assert_eq!(inherited.removal_target(), None);
        assert_eq!(inherited.locked_because(), Some("Inherited permission"));
        let provisioned = item(team(3, "infra"), false, false);
        assert_eq!(provisioned.locked_because(), Some("Provisioned permission"));
        let given = item(team(3, "infra"), true, false);
        assert_eq!(given.removal_target().unwrap().path(), "teams/3");
        let role = item(Grantee::Role("Editor".into()), true, false);
        assert_eq!(role.removal_target().unwrap().path(), "builtInRoles/Editor");
        let account = item(
            Grantee::ServiceAccount {
                id: 9,
                login: "sa-1".into(),
                avatar_url: String::new(),
            },
            true,
            false,
        );
        assert_eq!(account.removal_target().unwrap().path(), "users/9");
    }

    #[test]
    fn the_description_says_what_can_be_targeted() {
        let description = PermissionsDescription {
            users: true,
            service_accounts: false,
            teams: true,
            builtin_roles: false,
            permissions: vec!["Edit".into(), "Admin".into()],
        };
        assert_eq!(
            description.target_kinds(),
            [TargetKind::User, TargetKind::Team]
        );
        assert_eq!(TargetKind::parse("Team"), Some(TargetKind::Team));
        assert_eq!(TargetKind::parse("team"), None);
    }

    #[test]
    fn the_section_follows_the_accounts_own_access_control() {
        let account = |grants: &[&str], external: bool| ServiceAccount {
            id: 1,
            uid: None,
            name: "ci".into(),
            login: "sa-ci".into(),
            org_id: 1,
            is_disabled: false,
            role: Role::Viewer,
            tokens: 0,
            is_external: external,
            created_at: None,
            access_control: Some(grants.iter().map(|a| (a.to_string(), true)).collect()),
        };
        let both = [READ_PERMISSIONS, WRITE_PERMISSIONS];
        assert_eq!(
            section_access(&account(&both, false)),
            SectionAccess::Editable
        );
        assert!(matches!(
            section_access(&account(&[READ_PERMISSIONS], false)),
            SectionAccess::ReadOnly(reason) if reason.contains(WRITE_PERMISSIONS)
        ));
        assert_eq!(section_access(&account(&[], false)), SectionAccess::Hidden);
        assert_eq!(section_access(&account(&both, true)), SectionAccess::Hidden);
        let mut unknown = account(&both, false);
        unknown.access_control = None;
        assert_eq!(section_access(&unknown), SectionAccess::Hidden);
    }

    #[test]
    fn a_user_is_shown_by_login_and_name() {
        let user = |login: &str, name: &str| UserMatch {
            id: 1,
            login: login.into(),
            name: name.into(),
        };
        assert_eq!(user("ann", "Ann Lee").label(), "ann - Ann Lee");
        assert_eq!(user("ann", "ann").label(), "ann");
        assert_eq!(user("ann", "").label(), "ann");
    }
}
