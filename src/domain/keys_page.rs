//! What the API keys page is saying: one state at a time, each with one message and one next
//! step. [`decide`] picks the state from what the server answered; the page renders exactly
//! that state and nothing beside it. The whole story, row by row (each row has a test below):
//!
//! | # | State | When | What the user reads | The one next step |
//! |---|---|---|---|---|
//! | 1 | `Loading` | the version or the lists not answered yet | "Loading ..." | (wait) |
//! | 2 | `SignIn` | the lists answer 401 | "Sign in to Grafana" (the sign-in form or link) | Sign in |
//! | 3 | `ReadOnly` | the lists answer 403 (no `apikeys:read`: a Viewer, an Editor) | "You cannot see the API keys of this organization" unless the org bar above already says the org is read-only; never "Could not load", never Retry | (none: ask an Admin) |
//! | 4 | not a member | `?orgId=` names an org the user is not in | the org bar's "Not your organization"; the page is not mounted | Go to an org of theirs |
//! | 5 | `Failed` | any other failure (500, network, not JSON) | "Could not load API keys" and the server's message | Retry |
//! | 6 | `Removed` | 12.1 and later (by version, or the keys route answers 404) | "API keys were removed from Grafana": every key became the token of a service account `sa-autogen-<key name>` | Find them in Service accounts |
//! | 7 | `Hidden` | 9.1–9.4, the page was hidden forever and the org has no key (Grafana's menu leaves the page out) | "The API keys page is hidden": keys live on as service account tokens | Go to service accounts |
//! | 8 | `Migrated(ThisPage)` | no key left after "Migrate to service accounts now" on this page | "API keys migrated to service accounts", and that service accounts replace "Add API key" | Find them in Service accounts (9.1–9.4 also: Hide API keys page forever) |
//! | 9 | `Migrated(Earlier)` | 9.1–9.4, Grafana's migration status says migrated, no key left | same, "were migrated" | same |
//! | 10 | `Migrated(Startup)` | 11.6–12.0 with no key: Grafana migrated them when it started | "Grafana 11.6 and later migrate every API key to a service account when they start" | Find them in Service accounts |
//! | 11 | `Empty` | 8.x–11.2 with no key, never migrated | "You haven't added any API keys yet." | New API key |
//! | 12 | `EmptyNoCreate` | 11.3–11.5 with no key | "No API keys: new API keys can no longer be created" | Go to service accounts |
//! | 13 | `Keys(Plain)` | 8.x (and 9.0) with keys | the table | Add API key |
//! | 14 | `Keys(Migrate)` | 9.1–11.2 with keys | Grafana's "Switch from API keys to service accounts" above the table | Migrate to service accounts now |
//! | 15 | `Keys(MigrateNoCreate)` | 11.3–12.0 with keys | one card: "New API keys can no longer be created", existing keys keep working until migrated | Migrate to service accounts now |
//! | 16 | `Keys(NoCreate)` | keys, no creating and no migrating (a server that hides its version and answered 410) | "New API keys can no longer be created" | Go to service accounts |
//!
//! Inside the table state ([`search_outcome`]): a search or the switch that leaves no row says
//! "No API keys found", unless expired keys match while they are hidden: then "N expired key(s)
//! match; include expired keys to see them", with the button that turns the switch on.
//! During a migration the confirmation dialog says "Migrating..."; a key migrated from its row
//! leaves the table and a notice says "Migrated <name> to a service account".

use super::capabilities::Capabilities;

/// How the key lists answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListsAnswer {
    /// The org's keys: how many, expired included.
    Keys(usize),
    /// 401: the session ended or never was.
    Unauthorized,
    /// 403: the user may not read the keys.
    Forbidden,
    /// 404 on the keys route: a Grafana without API keys (12.1 hiding its version).
    RouteRemoved,
    /// Anything else, with the message to show.
    Failed(String),
}

/// What the page knows when it decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// `None` while the lists or the version are not answered.
    pub lists: Option<ListsAnswer>,
    pub capabilities: Capabilities,
    /// The server answered 410 to a create.
    pub create_gone: bool,
    /// Every key was migrated from this page, in this visit.
    pub migrated_here: bool,
    /// Grafana's migration status (9.1–9.4, kvstore `serviceaccounts/migrationStatus`).
    pub migrated_status: bool,
    /// The API keys page is hidden forever (9.1–9.4): Grafana's menu leaves it out, or the
    /// user just hid it.
    pub hidden: bool,
}

/// How the keys went to service accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigratedBy {
    /// "Migrate to service accounts now" on this page.
    ThisPage,
    /// Before this visit (9.1–9.4's migration status).
    Earlier,
    /// Grafana 11.6 and later, when the server started.
    Startup,
}

/// What sits above the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysBanner {
    /// Nothing: 8.x and 9.0 neither migrate nor stop creating.
    Plain,
    /// 9.1–11.2: Grafana's "Switch from API keys to service accounts".
    Migrate,
    /// 11.3–12.0: nothing can be created, the keys can be migrated.
    MigrateNoCreate,
    /// Nothing can be created or migrated.
    NoCreate,
}

/// The state of the page; see the table in the module's docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeysPageState {
    Loading,
    SignIn,
    ReadOnly,
    Failed(String),
    Removed,
    Hidden,
    Migrated(MigratedBy),
    Empty,
    EmptyNoCreate,
    Keys(KeysBanner),
}

impl Facts {
    /// Whether "Add API key" can be offered: the version creates, and the server did not say 410.
    pub fn can_create(&self) -> bool {
        self.capabilities.create && !self.create_gone
    }
}

/// The page's one state for `facts`.
pub fn decide(facts: &Facts) -> KeysPageState {
    let Some(lists) = &facts.lists else {
        return KeysPageState::Loading;
    };
    let capabilities = facts.capabilities;
    if capabilities.keys_removed {
        return KeysPageState::Removed;
    }
    let count = match lists {
        ListsAnswer::Unauthorized => return KeysPageState::SignIn,
        ListsAnswer::Forbidden => return KeysPageState::ReadOnly,
        ListsAnswer::RouteRemoved => return KeysPageState::Removed,
        ListsAnswer::Failed(message) => return KeysPageState::Failed(message.clone()),
        ListsAnswer::Keys(count) => *count,
    };
    if count > 0 {
        let banner = match (capabilities.migrate, facts.can_create()) {
            (true, true) => KeysBanner::Migrate,
            (true, false) => KeysBanner::MigrateNoCreate,
            (false, true) => KeysBanner::Plain,
            (false, false) => KeysBanner::NoCreate,
        };
        return KeysPageState::Keys(banner);
    }
    if facts.hidden && capabilities.hide_page {
        KeysPageState::Hidden
    } else if facts.migrated_here {
        KeysPageState::Migrated(MigratedBy::ThisPage)
    } else if facts.migrated_status && capabilities.migration_status {
        KeysPageState::Migrated(MigratedBy::Earlier)
    } else if capabilities.migrated_at_startup {
        KeysPageState::Migrated(MigratedBy::Startup)
    } else if facts.can_create() {
        KeysPageState::Empty
    } else {
        KeysPageState::EmptyNoCreate
    }
}

/// The page's subtitle, which follows what the version allows.
pub fn subtitle(facts: &Facts) -> &'static str {
    if matches!(facts.lists, Some(ListsAnswer::Forbidden)) {
        "API keys are used to interact with Grafana HTTP APIs"
    } else if facts.capabilities.keys_removed {
        "Access for applications comes from service accounts and their tokens"
    } else if facts.can_create() {
        "Manage and create API keys that are used to interact with Grafana HTTP APIs"
    } else {
        "Manage the API keys that are used to interact with Grafana HTTP APIs"
    }
}

/// What the table says when no row is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchOutcome {
    /// Rows are shown: nothing to say.
    Rows,
    /// Nothing matches, expired keys included.
    NoneFound,
    /// Only hidden expired keys match: how many.
    ExpiredMatch(usize),
}

/// `shown`: the rows the search and the switch leave; `expired_matches`: the expired keys the
/// search matches that the switch hides.
pub fn search_outcome(shown: usize, expired_matches: usize) -> SearchOutcome {
    match (shown, expired_matches) {
        (0, 0) => SearchOutcome::NoneFound,
        (0, n) => SearchOutcome::ExpiredMatch(n),
        _ => SearchOutcome::Rows,
    }
}

impl SearchOutcome {
    /// The sentence for a search whose only matches are hidden expired keys.
    pub fn expired_text(count: usize) -> String {
        if count == 1 {
            "1 expired key matches; include expired keys to see it.".to_string()
        } else {
            format!("{count} expired keys match; include expired keys to see them.")
        }
    }
}

/// Whether Grafana's index page lists the API keys page in its menu: `Some(false)` when its
/// boot data (`window.grafanaBootData`) has a `navTree` without the `apikeys` item, which is
/// how Grafana 9.1–9.4 report "Hide API keys page forever" (kvstore
/// `serviceaccounts/hideApiKeys`, and the org has no key); `None` when the answer is not that
/// page (a proxy's page, a login page).
pub fn nav_lists_api_keys(html: &str) -> Option<bool> {
    let boot = html.find("grafanaBootData")?;
    let rest = &html[boot..];
    let nav = rest.find("navTree")?;
    let rest = &rest[nav..];
    let end = rest.find("</script>").unwrap_or(rest.len());
    let tree = &rest[..end];
    Some(tree.contains("\"id\":\"apikeys\"") || tree.contains("\"id\": \"apikeys\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::version::GrafanaVersion;

    fn facts(version: &str, lists: Option<ListsAnswer>) -> Facts {
        Facts {
            lists,
            capabilities: Capabilities::of(GrafanaVersion::parse(version)),
            create_gone: false,
            migrated_here: false,
            migrated_status: false,
            hidden: false,
        }
    }

    fn keys(version: &str, count: usize) -> Facts {
        facts(version, Some(ListsAnswer::Keys(count)))
    }

    #[test]
    fn row_1_loading() {
        assert_eq!(decide(&facts("9.4.7", None)), KeysPageState::Loading);
    }

    #[test]
    fn row_2_sign_in() {
        let f = facts("9.4.7", Some(ListsAnswer::Unauthorized));
        assert_eq!(decide(&f), KeysPageState::SignIn);
    }

    #[test]
    fn row_3_read_only_is_not_a_failure() {
        for version in ["8.5.27", "9.4.7", "11.5.2"] {
            let f = facts(version, Some(ListsAnswer::Forbidden));
            assert_eq!(decide(&f), KeysPageState::ReadOnly, "{version}");
        }
    }

    #[test]
    fn row_5_failed() {
        let f = facts("9.4.7", Some(ListsAnswer::Failed("boom".into())));
        assert_eq!(decide(&f), KeysPageState::Failed("boom".into()));
    }

    #[test]
    fn row_6_removed_by_version_or_route() {
        assert_eq!(decide(&keys("12.1.0", 0)), KeysPageState::Removed);
        let f = facts("12.1.0", Some(ListsAnswer::RouteRemoved));
        assert_eq!(decide(&f), KeysPageState::Removed);
        let mut hidden_version = facts("x", Some(ListsAnswer::RouteRemoved));
        hidden_version.capabilities = Capabilities::of(None);
        assert_eq!(decide(&hidden_version), KeysPageState::Removed);
    }

    #[test]
    fn row_7_hidden_forever_only_without_keys_on_9_1_to_9_4() {
        let mut f = keys("9.4.7", 0);
        f.hidden = true;
        f.migrated_status = true;
        assert_eq!(decide(&f), KeysPageState::Hidden);
        // A key created since: Grafana lists the page again.
        f.lists = Some(ListsAnswer::Keys(1));
        assert_eq!(decide(&f), KeysPageState::Keys(KeysBanner::Migrate));
        // Never from an unknown version, whose menu may leave the page out for other reasons.
        let mut unknown = keys("x", 0);
        unknown.capabilities = Capabilities::of(None);
        unknown.hidden = true;
        assert_eq!(decide(&unknown), KeysPageState::Empty);
    }

    #[test]
    fn row_8_migrated_here() {
        for version in ["9.4.7", "10.4.0", "11.5.2"] {
            let mut f = keys(version, 0);
            f.migrated_here = true;
            assert_eq!(
                decide(&f),
                KeysPageState::Migrated(MigratedBy::ThisPage),
                "{version}"
            );
        }
    }

    #[test]
    fn row_9_migrated_earlier_on_9_1_to_9_4() {
        let mut f = keys("9.4.7", 0);
        f.migrated_status = true;
        assert_eq!(decide(&f), KeysPageState::Migrated(MigratedBy::Earlier));
    }

    #[test]
    fn row_10_migrated_at_startup() {
        for version in ["11.6.0", "12.0.2"] {
            assert_eq!(
                decide(&keys(version, 0)),
                KeysPageState::Migrated(MigratedBy::Startup),
                "{version}"
            );
        }
    }

    #[test]
    fn row_11_empty_where_keys_are_created() {
        for version in ["8.5.27", "9.4.7", "11.2.0"] {
            assert_eq!(decide(&keys(version, 0)), KeysPageState::Empty, "{version}");
        }
    }

    #[test]
    fn row_12_empty_where_nothing_is_created() {
        assert_eq!(decide(&keys("11.5.2", 0)), KeysPageState::EmptyNoCreate);
        let mut gone = keys("11.2.0", 0);
        gone.create_gone = true;
        assert_eq!(decide(&gone), KeysPageState::EmptyNoCreate);
    }

    #[test]
    fn rows_13_to_16_the_banner_over_the_table() {
        assert_eq!(
            decide(&keys("8.5.27", 2)),
            KeysPageState::Keys(KeysBanner::Plain)
        );
        assert_eq!(
            decide(&keys("9.4.7", 2)),
            KeysPageState::Keys(KeysBanner::Migrate)
        );
        assert_eq!(
            decide(&keys("11.2.0", 2)),
            KeysPageState::Keys(KeysBanner::Migrate)
        );
        for version in ["11.3.0", "11.5.2", "12.0.2"] {
            assert_eq!(
                decide(&keys(version, 2)),
                KeysPageState::Keys(KeysBanner::MigrateNoCreate),
                "{version}"
            );
        }
        let mut no_create = keys("8.5.27", 2);
        no_create.create_gone = true;
        assert_eq!(
            decide(&no_create),
            KeysPageState::Keys(KeysBanner::NoCreate)
        );
    }

    #[test]
    fn the_subtitle_follows_the_version() {
        assert!(subtitle(&keys("9.4.7", 1)).starts_with("Manage and create"));
        assert!(subtitle(&keys("11.5.2", 1)).starts_with("Manage the API keys"));
        assert!(subtitle(&keys("12.1.0", 0)).starts_with("Access for applications"));
        // Nothing to manage for a user who cannot even read them.
        let read_only = facts("9.4.7", Some(ListsAnswer::Forbidden));
        assert!(subtitle(&read_only).starts_with("API keys are used"));
    }

    #[test]
    fn a_search_with_hidden_expired_matches_says_so() {
        assert_eq!(search_outcome(2, 1), SearchOutcome::Rows);
        assert_eq!(search_outcome(0, 0), SearchOutcome::NoneFound);
        assert_eq!(search_outcome(0, 1), SearchOutcome::ExpiredMatch(1));
        assert_eq!(
            SearchOutcome::expired_text(1),
            "1 expired key matches; include expired keys to see it."
        );
        assert_eq!(
            SearchOutcome::expired_text(3),
            "3 expired keys match; include expired keys to see them."
        );
    }

    #[test]
    fn grafanas_menu_reports_the_hidden_page() {
        let listed = r#"<script>window.grafanaBootData = {
            user: {"isSignedIn":true},
            navTree: [{"id":"cfg","children":[{"text":"API keys","id":"apikeys"}]}],
        };</script>"#;
        assert_eq!(nav_lists_api_keys(listed), Some(true));
        let hidden = r#"<script>window.grafanaBootData = {
            navTree: [{"id":"cfg","children":[{"id":"serviceaccounts"}]}],
        };</script><script>var x = {"id":"apikeys"};</script>"#;
        assert_eq!(nav_lists_api_keys(hidden), Some(false));
        assert_eq!(nav_lists_api_keys("<html>nginx 404</html>"), None);
    }
}
