//! What the signed-in user may do with API keys, as Grafana's page decides it.

use std::collections::HashMap;

use super::keys::{ApiKey, Role};

/// `GET /api/access-control/user/permissions`: each granted action with its scopes.
pub type GrantedActions = HashMap<String, Vec<String>>;

pub const CREATE: &str = "apikeys:create";
pub const DELETE: &str = "apikeys:delete";

/// Page-wide permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permissions {
    pub can_create: bool,
}

impl Permissions {
    /// From `GET /api/access-control/user/permissions` (action to scopes).
    pub fn from_actions(granted: &GrantedActions) -> Self {
        Permissions {
            can_create: granted.contains_key(CREATE),
        }
    }

    /// For servers without that endpoint: before access control, only an org Admin manages
    /// API keys.
    pub fn from_org_role(role: Option<&Role>) -> Self {
        Permissions {
            can_create: role == Some(&Role::Admin),
        }
    }
}

/// Whether the row's delete button is enabled: the key's own `accessControl` must allow it;
/// a server without access control sends none, and then Grafana's page allows it
/// (`hasPermissionInMetadata`) and leaves the decision to the server.
pub fn can_delete(key: &ApiKey) -> bool {
    match &key.access_control {
        None => true,
        Some(granted) => granted.get(DELETE).copied().unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::keys::tests::key;

    #[test]
    fn create_needs_the_action() {
        let mut granted = GrantedActions::new();
        granted.insert("apikeys:read".into(), vec!["apikeys:*".into()]);
        assert!(!Permissions::from_actions(&granted).can_create);
        granted.insert(CREATE.into(), vec![]);
        assert!(Permissions::from_actions(&granted).can_create);
    }

    #[test]
    fn without_access_control_only_admins_create() {
        assert!(Permissions::from_org_role(Some(&Role::Admin)).can_create);
        assert!(!Permissions::from_org_role(Some(&Role::Editor)).can_create);
        assert!(!Permissions::from_org_role(None).can_create);
    }

    #[test]
    fn delete_follows_the_key_metadata() {
        let mut with_delete = key(1, "a", "Admin");
        with_delete.access_control = Some(HashMap::from([(DELETE.to_string(), true)]));
        let mut read_only = key(2, "b", "Admin");
        read_only.access_control = Some(HashMap::from([("apikeys:read".to_string(), true)]));
        assert!(can_delete(&with_delete));
        assert!(!can_delete(&read_only));
        assert!(can_delete(&key(3, "c", "Admin")));
    }
}
