//! Teams and the managed permissions on service accounts, as Grafana keeps
//! them (`pkg/services/team`, `pkg/services/accesscontrol/resourcepermissions`,
//! `ossaccesscontrol/service_account.go`).
//!
//! A managed permission is a set of `(action, scope)` rows in the
//! `managed:users:<id>:permissions` or `managed:teams:<id>:permissions` role
//! of its assignee, scoped `serviceaccounts:id:<account id>`. `Edit` is
//! `serviceaccounts:read` + `serviceaccounts:write` (which also cover the
//! account's tokens); `Admin` adds `serviceaccounts:delete`,
//! `serviceaccounts.permissions:read` and `serviceaccounts.permissions:write`.
//! Team membership is itself a managed permission on the team: a `Member`
//! holds `teams:read` on `teams:id:<id>`, an `Admin` the team's admin actions.
//! Every request computes the caller's permissions afresh from these rows, so
//! a grant or a removal takes effect on the next request (Grafana caches a
//! user's permissions for a short while; the simulator does not).

use crate::keygen;
use crate::store::Store;

/// `ServiceAccountEditActions` / `ServiceAccountAdminActions`.
pub const SA_EDIT_ACTIONS: &[&str] = &["serviceaccounts:read", "serviceaccounts:write"];
pub const SA_ADMIN_ACTIONS: &[&str] = &[
    "serviceaccounts:read",
    "serviceaccounts:write",
    "serviceaccounts:delete",
    "serviceaccounts.permissions:read",
    "serviceaccounts.permissions:write",
];

/// `TeamMemberActions` / `TeamAdminActions`.
pub const TEAM_MEMBER_ACTIONS: &[&str] = &["teams:read"];
pub const TEAM_ADMIN_ACTIONS: &[&str] = &[
    "teams:read",
    "teams:delete",
    "teams:write",
    "teams.permissions:read",
    "teams.permissions:write",
];

/// A row of `team` with its `team_member` rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub name: String,
    pub email: String,
    pub members: Vec<TeamMember>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamMember {
    /// A user's or a service account's id.
    pub user_id: i64,
    /// `Admin` (permission 4) rather than `Member` (0).
    pub admin: bool,
}

/// The team store errors (`pkg/services/team`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamError {
    NameTaken,
    NotFound,
    AlreadyMember,
}

/// Who holds a managed permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Assignee {
    User(i64),
    Team(i64),
}

/// The two permission levels of a service account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaLevel {
    Edit,
    Admin,
}

impl SaLevel {
    /// Case-sensitive, like the `PermissionsToActions` lookup.
    pub fn parse(s: &str) -> Option<SaLevel> {
        match s {
            "Edit" => Some(SaLevel::Edit),
            "Admin" => Some(SaLevel::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SaLevel::Edit => "Edit",
            SaLevel::Admin => "Admin",
        }
    }

    pub fn actions(self) -> &'static [&'static str] {
        match self {
            SaLevel::Edit => SA_EDIT_ACTIONS,
            SaLevel::Admin => SA_ADMIN_ACTIONS,
        }
    }
}

/// The rows of one assignee's managed role on one service account.
#[derive(Debug, Clone)]
pub struct SaGrant {
    pub org_id: i64,
    pub sa_id: i64,
    pub assignee: Assignee,
    /// `(action, permission id)`, in the order of the level's actions.
    pub rows: Vec<(&'static str, i64)>,
}

impl SaGrant {
    /// `MapActions`: the largest level whose actions the rows contain.
    pub fn level(&self) -> Option<SaLevel> {
        let has = |actions: &[&str]| actions.iter().all(|a| self.rows.iter().any(|r| r.0 == *a));
        if has(SA_ADMIN_ACTIONS) {
            Some(SaLevel::Admin)
        } else if has(SA_EDIT_ACTIONS) {
            Some(SaLevel::Edit)
        } else {
            None
        }
    }

    /// The DTO's `id`: the first row's id.
    pub fn id(&self) -> i64 {
        self.rows.iter().map(|r| r.1).min().unwrap_or(0)
    }

    pub fn actions(&self) -> Vec<&'static str> {
        self.rows.iter().map(|r| r.0).collect()
    }
}

impl Store {
    /// The org's team with this id.
    pub fn team(&self, org_id: i64, id: i64) -> Option<&Team> {
        self.teams.iter().find(|t| t.org_id == org_id && t.id == id)
    }

    /// The org's team with this uid (≈11.4 `MiddlewareTeamUIDResolver`).
    pub fn team_by_uid(&self, org_id: i64, uid: &str) -> Option<&Team> {
        self.teams
            .iter()
            .find(|t| t.org_id == org_id && t.uid == uid)
    }

    /// `CreateTeam`: names are unique per org (exact match).
    pub fn create_team(&mut self, org_id: i64, name: &str, email: &str) -> Result<Team, TeamError> {
        if self
            .teams
            .iter()
            .any(|t| t.org_id == org_id && t.name == name)
        {
            return Err(TeamError::NameTaken);
        }
        let team = Team {
            id: self.next_team_id,
            uid: keygen::random_string(14).to_lowercase(),
            org_id,
            name: name.to_string(),
            email: email.to_string(),
            members: Vec::new(),
        };
        self.next_team_id += 1;
        self.teams.push(team.clone());
        Ok(team)
    }

    /// `AddTeamMember` through the team permission service: the member's
    /// managed role gets the team's Member or Admin actions.
    pub fn add_team_member(
        &mut self,
        org_id: i64,
        team_id: i64,
        user_id: i64,
        admin: bool,
    ) -> Result<(), TeamError> {
        let team = self
            .teams
            .iter_mut()
            .find(|t| t.org_id == org_id && t.id == team_id)
            .ok_or(TeamError::NotFound)?;
        if team.members.iter().any(|m| m.user_id == user_id) {
            return Err(TeamError::AlreadyMember);
        }
        team.members.push(TeamMember { user_id, admin });
        Ok(())
    }

    /// Is `id` a person or a service account (`GetSignedInUser{OrgID, UserID}`
    /// finds any user row; one outside the org just has no role there)?
    pub fn identity_exists(&self, id: i64) -> bool {
        self.user(id).is_some() || self.service_account(id).is_some()
    }

    /// `SetUserResourcePermission` / `SetTeamResourcePermission` on a service
    /// account: the rows of the level's actions stay (with their ids), the
    /// others go, the missing ones are added; `None` (permission `""`)
    /// removes them all.
    pub fn set_sa_permission(
        &mut self,
        org_id: i64,
        sa_id: i64,
        assignee: Assignee,
        level: Option<SaLevel>,
    ) {
        let wanted: &[&'static str] = level.map_or(&[], SaLevel::actions);
        let pos = self
            .sa_grants
            .iter()
            .position(|g| g.org_id == org_id && g.sa_id == sa_id && g.assignee == assignee);
        let old: Vec<(&'static str, i64)> = match pos {
            Some(i) => self.sa_grants.remove(i).rows,
            None => Vec::new(),
        };
        let mut rows = Vec::with_capacity(wanted.len());
        for &action in wanted {
            let id = match old.iter().find(|r| r.0 == action) {
                Some(r) => r.1,
                None => {
                    self.next_permission_id += 1;
                    self.next_permission_id
                }
            };
            rows.push((action, id));
        }
        if !rows.is_empty() {
            let grant = SaGrant {
                org_id,
                sa_id,
                assignee,
                rows,
            };
            match pos {
                Some(i) => self.sa_grants.insert(i, grant),
                None => self.sa_grants.push(grant),
            }
        }
    }

    /// The managed permissions on one account: users (by id), then teams (by
    /// id), as the store's `UNION` groups them.
    pub fn sa_grants_of(&self, org_id: i64, sa_id: i64) -> Vec<&SaGrant> {
        let mut v: Vec<&SaGrant> = self
            .sa_grants
            .iter()
            .filter(|g| g.org_id == org_id && g.sa_id == sa_id)
            .collect();
        v.sort_by_key(|g| g.assignee);
        v
    }

    /// Forget every managed permission on a deleted account.
    pub fn drop_sa_grants(&mut self, sa_id: i64) {
        self.sa_grants.retain(|g| g.sa_id != sa_id);
    }

    /// The managed permissions `subject` (a user's or a service account's id)
    /// holds in the org: its team memberships, and the service-account
    /// permissions given to it or to a team it belongs to.
    pub fn managed_permissions(&self, org_id: i64, subject: i64) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut teams = Vec::new();
        for t in self.teams.iter().filter(|t| t.org_id == org_id) {
            if let Some(m) = t.members.iter().find(|m| m.user_id == subject) {
                teams.push(t.id);
                let actions = if m.admin {
                    TEAM_ADMIN_ACTIONS
                } else {
                    TEAM_MEMBER_ACTIONS
                };
                let scope = format!("teams:id:{}", t.id);
                out.extend(actions.iter().map(|a| (a.to_string(), scope.clone())));
            }
        }
        for g in self.sa_grants.iter().filter(|g| g.org_id == org_id) {
            let mine = match g.assignee {
                Assignee::User(u) => u == subject,
                Assignee::Team(t) => teams.contains(&t),
            };
            if mine {
                let scope = format!("serviceaccounts:id:{}", g.sa_id);
                out.extend(g.rows.iter().map(|r| (r.0.to_string(), scope.clone())));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    #[test]
    fn levels_keep_row_ids_and_removal_drops_the_grant() {
        let mut s = Store::new("12.1".parse().unwrap());
        let sa = s
            .create_service_account(1, "ci", Role::Viewer, false, 0)
            .unwrap();
        s.set_sa_permission(1, sa.id, Assignee::User(3), Some(SaLevel::Edit));
        let g = s.sa_grants_of(1, sa.id)[0].clone();
        assert_eq!(g.level(), Some(SaLevel::Edit));
        assert_eq!(g.actions(), SA_EDIT_ACTIONS);
        let first = g.id();
        s.set_sa_permission(1, sa.id, Assignee::User(3), Some(SaLevel::Admin));
        let g = s.sa_grants_of(1, sa.id)[0].clone();
        assert_eq!(g.level(), Some(SaLevel::Admin));
        assert_eq!(g.id(), first);
        assert_eq!(g.rows.len(), 5);
        s.set_sa_permission(1, sa.id, Assignee::User(3), None);
        assert!(s.sa_grants_of(1, sa.id).is_empty());
    }

    #[test]
    fn team_members_inherit_the_teams_grants_in_its_org_only() {
        let mut s = Store::new("10.4".parse().unwrap());
        let sa = s
            .create_service_account(1, "ci", Role::Viewer, false, 0)
            .unwrap();
        let t = s.create_team(1, "Platform", "").unwrap();
        assert_eq!(s.create_team(1, "Platform", ""), Err(TeamError::NameTaken));
        s.add_team_member(1, t.id, 3, false).unwrap();
        assert_eq!(
            s.add_team_member(1, t.id, 3, true),
            Err(TeamError::AlreadyMember)
        );
        s.set_sa_permission(1, sa.id, Assignee::Team(t.id), Some(SaLevel::Edit));
        let p = s.managed_permissions(1, 3);
        assert!(p.contains(&("teams:read".into(), format!("teams:id:{}", t.id))));
        assert!(p.contains(&(
            "serviceaccounts:write".into(),
            format!("serviceaccounts:id:{}", sa.id)
        )));
        assert!(s.managed_permissions(2, 3).is_empty());
        assert!(s.managed_permissions(1, 2).is_empty());
    }
}
