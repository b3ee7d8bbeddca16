//! The `curl` example of the created-key dialog.

/// `curl -H "Authorization: Bearer <key>" <grafana>/api/dashboards/home`, with `grafana_root`
/// the Grafana URL the page talks to (origin plus any sub-path, with or without a final `/`).
pub fn curl_example(key: &str, grafana_root: &str) -> String {
    format!(
        "curl -H \"Authorization: Bearer {key}\" {}/api/dashboards/home",
        grafana_root.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::curl_example;

    #[test]
    fn matches_grafanas_example() {
        // Grafana's own test: key "myApiKey", root path "test/path".
        assert_eq!(
            curl_example("myApiKey", "test/path"),
            "curl -H \"Authorization: Bearer myApiKey\" test/path/api/dashboards/home"
        );
    }

    #[test]
    fn joins_a_root_with_a_trailing_slash() {
        assert_eq!(
            curl_example("eyJrIjoi", "https://host/grafana/"),
            "curl -H \"Authorization: Bearer eyJrIjoi\" https://host/grafana/api/dashboards/home"
        );
    }
}
