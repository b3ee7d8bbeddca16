//! "Search keys": which keys a query shows.

/// Whether a key matches the search box: the query found in its name or role, ignoring case.
/// The query is plain text, so `(`, `*` or `\` are just characters (Grafana builds a RegExp
/// from it and throws on such input).
pub fn matches_query(name: &str, role: &str, query: &str) -> bool {
    let query = query.trim().to_lowercase();
    query.is_empty() || name.to_lowercase().contains(&query) || role.to_lowercase().contains(&query)
}

#[cfg(test)]
mod tests {
    use super::matches_query;

    #[test]
    fn an_empty_query_matches_everything() {
        assert!(matches_query("ci-bot", "Editor", ""));
        assert!(matches_query("ci-bot", "Editor", "  "));
    }

    #[test]
    fn matches_name_or_role_ignoring_case() {
        assert!(matches_query("CI-Bot", "Editor", "ci-b"));
        assert!(matches_query("ci-bot", "Editor", "EDIT"));
        assert!(!matches_query("ci-bot", "Editor", "admin"));
    }

    #[test]
    fn regex_characters_are_plain_text() {
        assert!(matches_query("build (nightly)", "Viewer", "(nightly"));
        assert!(matches_query("a*b", "Viewer", "*"));
        assert!(!matches_query("abc", "Viewer", "a.c"));
        assert!(matches_query("path\\key", "Viewer", "\\"));
        assert!(!matches_query("abc", "Viewer", "["));
    }

    #[test]
    fn unicode_names_fold_case() {
        assert!(matches_query("ÉQUIPE-backup", "Admin", "équipe"));
    }
}
