//! The orgs a user belongs to: which one the page works in (from the URL and the user's current
//! org), what the user's role there allows, and the all-orgs overview's counts.

use super::expiry::{Expiry, expiry_of};
use super::keys::{KeyLists, Role};

/// One org the user belongs to, with the user's role in it (`GET /api/user/orgs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub org_id: i64,
    pub name: String,
    pub role: Role,
}

/// The signed-in user's orgs: `GET /api/user`'s current org and `GET /api/user/orgs`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserOrgs {
    /// Grafana's current org for the user (changed only by `POST /api/user/using/:id`, which
    /// this page never calls).
    pub current: i64,
    pub orgs: Vec<Membership>,
}

/// What a role allows on this page, in Grafana's default roles: API keys and service accounts
/// are both managed by org Admins only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manages {
    pub keys: bool,
    pub service_accounts: bool,
}

impl Manages {
    pub fn of(role: &Role) -> Self {
        let admin = *role == Role::Admin;
        Manages {
            keys: admin,
            service_accounts: admin,
        }
    }

    pub fn anything(self) -> bool {
        self.keys || self.service_accounts
    }
}

impl Membership {
    pub fn manages(&self) -> Manages {
        Manages::of(&self.role)
    }

    /// The picker's text for the org: "Platform — Admin", and why it cannot be chosen where the
    /// role allows nothing here.
    pub fn label(&self) -> String {
        if self.manages().anything() {
            format!("{} — {}", self.name, self.role)
        } else {
            format!(
                "{} — {} (cannot manage keys or service accounts)",
                self.name, self.role
            )
        }
    }

    /// Why nothing can be done in this org, where that is so.
    pub fn refusal(&self) -> Option<String> {
        (!self.manages().anything()).then(|| {
            format!(
                "You are {} in {}: managing API keys and service accounts needs the Admin role \
                 in this organization, so nothing can be changed here.",
                with_article(&self.role),
                self.name
            )
        })
    }
}

/// "a Viewer", "an Editor", "an Admin".
pub fn with_article(role: &Role) -> String {
    let name = role.to_string();
    let article = if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// Who is signed in (`GET /api/user`), for the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInUser {
    pub login: String,
}

/// The shell's line about the user: "admin · Admin in Main Org.", or the login alone where the
/// org is not known.
pub fn signed_in_text(user: &SignedInUser, org: Option<(&str, &Role)>) -> String {
    match org {
        Some((name, role)) => format!("{} · {role} in {name}", user.login),
        None => user.login.clone(),
    }
}

/// The org the page works in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenOrg {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// Named by `?orgId=` in the URL (else the user's current org, and the URL stays clean).
    pub in_url: bool,
}

/// Where the URL and the memberships lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgChoice {
    Chosen(ChosenOrg),
    /// The URL (or the current org) names an org the user is not a member of; `back` is where
    /// to go instead: the current org if the user is in it, else the first membership.
    NotMember {
        asked: i64,
        back: Option<Membership>,
    },
}

/// The org to work in: the one `?orgId=` names, else the user's current org.
pub fn choose(asked: Option<i64>, user: &UserOrgs) -> OrgChoice {
    let id = asked.unwrap_or(user.current);
    match user.orgs.iter().find(|org| org.org_id == id) {
        Some(org) => OrgChoice::Chosen(ChosenOrg {
            id,
            name: org.name.clone(),
            role: org.role.clone(),
            in_url: asked.is_some(),
        }),
        None => OrgChoice::NotMember {
            asked: id,
            back: user
                .orgs
                .iter()
                .find(|org| org.org_id == user.current)
                .or_else(|| user.orgs.first())
                .cloned(),
        },
    }
}

/// Where a switch of org leads from `path` (the app's route, without its base): the same view,
/// except that an account's page goes back to the list, since ids belong to one org, and the
/// all-orgs overview (which is no org's view) opens the chosen org's.
pub fn path_after_switch(path: &str) -> &str {
    if path.starts_with("/org/serviceaccounts/") {
        "/org/serviceaccounts"
    } else if path == "/orgs" {
        "/org/apikeys"
    } else if path.is_empty() {
        "/"
    } else {
        path
    }
}

/// The orgs the overview covers: those where the user is an Admin.
pub fn overview_orgs(orgs: &[Membership]) -> Vec<Membership> {
    orgs.iter()
        .filter(|org| org.role == Role::Admin)
        .cloned()
        .collect()
}

/// The overview's key counts of one org.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyCounts {
    /// Every key, expired ones included (`includeExpired=true`).
    pub total: usize,
    pub expired: usize,
    /// Not expired, and expiring within 7 days.
    pub expiring_soon: usize,
}

/// Counts the keys of both lists, each key once (by id).
pub fn key_counts(lists: &KeyLists, now_millis: i64) -> KeyCounts {
    let mut seen = std::collections::BTreeSet::new();
    let mut counts = KeyCounts::default();
    for key in lists.all.iter().chain(&lists.active) {
        if !seen.insert(key.id) {
            continue;
        }
        counts.total += 1;
        match expiry_of(key.expiration.as_deref(), now_millis) {
            Expiry::At { expired: true, .. } => counts.expired += 1,
            Expiry::At { soon: true, .. } => counts.expiring_soon += 1,
            _ => {}
        }
    }
    counts
}

/// One part of an org's overview row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part<T> {
    Counted(T),
    /// This Grafana has no such API (keys from 12.1, service accounts before 9.1).
    Unavailable,
    /// The server's message.
    Failed(String),
}

/// One org's row of the overview.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrgSummary {
    pub keys: Part<KeyCounts>,
    /// Service accounts with expired tokens.
    pub expired_token_accounts: Part<i64>,
}

/// "Loaded 2 of 3 orgs".
pub fn progress_text(loaded: usize, total: usize) -> String {
    if total == 1 {
        format!("Loaded {loaded} of 1 org")
    } else {
        format!("Loaded {loaded} of {total} orgs")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::keys::ApiKey;
    use crate::domain::time::parse_unix_millis;

    fn member(org_id: i64, name: &str, role: Role) -> Membership {
        Membership {
            org_id,
            name: name.into(),
            role,
        }
    }

    fn ops() -> UserOrgs {
        UserOrgs {
            current: 1,
            orgs: vec![
                member(1, "Main Org.", Role::Admin),
                member(3, "Partners", Role::Viewer),
                member(2, "Platform", Role::Admin),
            ],
        }
    }

    fn chosen(id: i64, name: &str, role: Role, in_url: bool) -> OrgChoice {
        OrgChoice::Chosen(ChosenOrg {
            id,
            name: name.into(),
            role,
            in_url,
        })
    }

    #[test]
    fn the_url_wins_else_the_current_org() {
        let cases = [
            (None, chosen(1, "Main Org.", Role::Admin, false)),
            (Some(1), chosen(1, "Main Org.", Role::Admin, true)),
            (Some(2), chosen(2, "Platform", Role::Admin, true)),
            (Some(3), chosen(3, "Partners", Role::Viewer, true)),
            (
                Some(9),
                OrgChoice::NotMember {
                    asked: 9,
                    back: Some(member(1, "Main Org.", Role::Admin)),
                },
            ),
        ];
        for (asked, expected) in cases {
            assert_eq!(choose(asked, &ops()), expected, "{asked:?}");
        }
    }

    #[test]
    fn a_current_org_the_user_left_leads_to_a_membership() {
        let user = UserOrgs {
            current: 5,
            orgs: vec![member(2, "Platform", Role::Editor)],
        };
        assert_eq!(
            choose(None, &user),
            OrgChoice::NotMember {
                asked: 5,
                back: Some(member(2, "Platform", Role::Editor)),
            }
        );
        assert_eq!(
            choose(None, &UserOrgs::default()),
            OrgChoice::NotMember {
                asked: 0,
                back: None
            }
        );
    }

    #[test]
    fn only_admins_manage_keys_and_service_accounts() {
        let cases = [
            (Role::Admin, true),
            (Role::Editor, false),
            (Role::Viewer, false),
            (Role::None, false),
            (Role::Other("Custom".into()), false),
        ];
        for (role, manages) in cases {
            let of = Manages::of(&role);
            assert_eq!(
                (of.keys, of.service_accounts, of.anything()),
                (manages, manages, manages),
                "{role}"
            );
        }
    }

    #[test]
    fn labels_say_the_role_and_why_an_org_cannot_be_chosen() {
        assert_eq!(
            member(2, "Platform", Role::Admin).label(),
            "Platform — Admin"
        );
        assert_eq!(
            member(3, "Partners", Role::Viewer).label(),
            "Partners — Viewer (cannot manage keys or service accounts)"
        );
        assert_eq!(member(2, "Platform", Role::Admin).refusal(), None);
        assert_eq!(
            member(3, "Partners", Role::Viewer).refusal().unwrap(),
            "You are a Viewer in Partners: managing API keys and service accounts needs the \
             Admin role in this organization, so nothing can be changed here."
        );
    }

    #[test]
    fn a_switch_keeps_the_view_but_not_an_account() {
        let cases = [
            ("/org/apikeys", "/org/apikeys"),
            ("/org/serviceaccounts", "/org/serviceaccounts"),
            ("/org/serviceaccounts/12", "/org/serviceaccounts"),
            ("/orgs", "/org/apikeys"),
            ("", "/"),
        ];
        for (from, to) in cases {
            assert_eq!(path_after_switch(from), to, "{from}");
        }
    }

    #[test]
    fn roles_read_as_english() {
        assert_eq!(with_article(&Role::Editor), "an Editor");
        assert_eq!(with_article(&Role::Admin), "an Admin");
        assert_eq!(with_article(&Role::Viewer), "a Viewer");
        assert_eq!(
            member(3, "Partners", Role::Editor).refusal().unwrap(),
            "You are an Editor in Partners: managing API keys and service accounts needs the \
             Admin role in this organization, so nothing can be changed here."
        );
        let user = SignedInUser {
            login: "ops".into(),
        };
        assert_eq!(
            signed_in_text(&user, Some(("Partners", &Role::Viewer))),
            "ops · Viewer in Partners"
        );
        assert_eq!(signed_in_text(&user, None), "ops");
    }

    #[test]
    fn the_overview_covers_admin_orgs() {
        let names: Vec<String> = overview_orgs(&ops().orgs)
            .into_iter()
            .map(|org| org.name)
            .collect();
        assert_eq!(names, ["Main Org.", "Platform"]);
    }

    fn key(id: i64, expiration: Option<&str>) -> ApiKey {
        ApiKey {
            id,
            name: format!("k{id}"),
            role: Role::Viewer,
            expiration: expiration.map(Into::into),
            last_used_at: None,
            access_control: None,
        }
    }

    #[test]
    fn counts_expired_and_expiring_keys_once() {
        let now = parse_unix_millis("2024-05-01T12:00:00Z").unwrap();
        let never = key(1, None);
        let expired = key(2, Some("2024-04-30T12:00:00Z"));
        let soon = key(3, Some("2024-05-07T12:00:00Z"));
        let week_edge = key(4, Some("2024-05-08T12:00:00Z"));
        let later = key(5, Some("2024-06-01T12:00:00Z"));
        let unreadable = key(6, Some("someday"));
        let all = vec![
            never.clone(),
            expired.clone(),
            soon.clone(),
            week_edge.clone(),
            later.clone(),
            unreadable.clone(),
        ];
        let active = vec![never, soon, week_edge, later, unreadable];
        let cases = [
            (
                KeyLists {
                    active: active.clone(),
                    all: all.clone(),
                    ..KeyLists::default()
                },
                KeyCounts {
                    total: 6,
                    expired: 1,
                    expiring_soon: 2,
                },
            ),
            (KeyLists::default(), KeyCounts::default()),
            // A key listed only as active (created between the two requests) still counts.
            (
                KeyLists {
                    active: vec![key(7, None)],
                    all: vec![],
                    ..KeyLists::default()
                },
                KeyCounts {
                    total: 1,
                    expired: 0,
                    expiring_soon: 0,
                },
            ),
        ];
        for (lists, expected) in cases {
            assert_eq!(key_counts(&lists, now), expected, "{lists:?}");
        }
    }

    #[test]
    fn progress_counts_orgs() {
        assert_eq!(progress_text(2, 3), "Loaded 2 of 3 orgs");
        assert_eq!(progress_text(0, 1), "Loaded 0 of 1 org");
    }
}
