//! The deployment's runtime configuration, `config.json` beside `index.html`, so one release
//! build serves every deployment without a rebuild:
//!
//! ```json
//! { "grafanaPath": "/grafana/", "signIn": "grafana" }
//! ```
//!
//! Both keys are optional: Grafana at this origin's root, and Grafana's own login page. Every
//! URL of Grafana the page uses is made here, from it.

use serde::Deserialize;

/// How the page signs in when Grafana answers 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignIn {
    /// Hosted behind Grafana: Grafana's login page, which comes back here afterwards.
    Grafana,
    /// Standalone (`trunk serve`): no Grafana login page on this origin, so the page's own form
    /// posts to `/login` through the proxy.
    Form,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The path Grafana is served under on this origin, with a leading and a trailing `/`.
    pub grafana_path: String,
    pub sign_in: SignIn,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            grafana_path: "/".to_string(),
            sign_in: SignIn::Grafana,
        }
    }
}

/// The file as written; unknown keys are refused so a typo does not silently fall back.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ConfigFile {
    grafana_path: Option<String>,
    sign_in: Option<SignIn>,
}

impl Config {
    /// Reads `config.json`; the error says what is wrong in words a deployer can act on.
    pub fn parse(text: &str) -> Result<Config, String> {
        let file: ConfigFile = serde_json::from_str(text).map_err(|err| err.to_string())?;
        let defaults = Config::default();
        Ok(Config {
            grafana_path: match file.grafana_path {
                Some(path) => normalize_grafana_path(&path)?,
                None => defaults.grafana_path,
            },
            sign_in: file.sign_in.unwrap_or(defaults.sign_in),
        })
    }

    /// A Grafana URL on this origin: `path` (`"/api/auth/keys"`, `"org/serviceaccounts"`)
    /// under the configured path.
    pub fn grafana_url(&self, path: &str) -> String {
        format!("{}{}", self.grafana_path, path.trim_start_matches('/'))
    }

    /// Grafana's login page, told to come back to `return_to` (this page's path and query),
    /// as Grafana itself redirects signed-out users. Always a path on this origin: a page
    /// opened as `//apikeys/...` must not send `redirectTo=//apikeys/...`, which is another
    /// host's address.
    pub fn login_url(&self, return_to: &str) -> String {
        let return_to = format!("/{}", return_to.trim_start_matches(['/', '\\']));
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("redirectTo", &return_to)
            .finish();
        format!("{}?{query}", self.grafana_url("login"))
    }

    /// Grafana's service accounts page.
    pub fn service_accounts_url(&self) -> String {
        self.grafana_url("org/serviceaccounts")
    }

    /// The Grafana root a program outside the browser would call, for the `curl` example:
    /// `origin` plus the Grafana path.
    pub fn grafana_root(&self, origin: &str) -> String {
        format!("{origin}{}", self.grafana_path)
    }
}

/// `"/grafana"` becomes `"/grafana/"`. Only a path on this origin is accepted: the session
/// cookie reaches Grafana only through this origin, and `//host` would leave it. No whitespace
/// or control character anywhere: the browser's URL parser drops tabs and newlines, so
/// `"/\t/host/"` would become `"//host/"`. The loader (public/boot.js) applies the same rule,
/// and both are tested against one table (tests/grafana-path-cases.json); the app then resolves
/// the path against the page's origin too (src/api/config.rs).
pub fn normalize_grafana_path(path: &str) -> Result<String, String> {
    let valid = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains(|c: char| {
            c.is_whitespace() || c.is_control() || matches!(c, '\\' | '?' | '#' | '\u{feff}')
        })
        && !path.split('/').any(|segment| segment == "..");
    if !valid {
        return Err(format!(
            "grafanaPath must be a path on this origin, such as \"/\" or \"/grafana/\" (got {path:?})"
        ));
    }
    Ok(format!("{}/", path.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str) -> Config {
        Config {
            grafana_path: path.to_string(),
            sign_in: SignIn::Grafana,
        }
    }

    #[test]
    fn an_empty_file_means_grafana_at_the_root_and_its_login_page() {
        assert_eq!(Config::parse("{}").unwrap(), Config::default());
        assert_eq!(Config::default().grafana_path, "/");
        assert_eq!(Config::default().sign_in, SignIn::Grafana);
    }

    #[test]
    fn reads_both_keys() {
        let config = Config::parse(r#"{"grafanaPath": "/grafana", "signIn": "form"}"#).unwrap();
        assert_eq!(config.grafana_path, "/grafana/");
        assert_eq!(config.sign_in, SignIn::Form);
    }

    #[test]
    fn refuses_typos_and_unknown_modes() {
        let typo = Config::parse(r#"{"grafanaURL": "/grafana/"}"#).unwrap_err();
        assert!(typo.contains("unknown field"), "{typo}");
        let mode = Config::parse(r#"{"signIn": "sso"}"#).unwrap_err();
        assert!(mode.contains("unknown variant"), "{mode}");
        assert!(Config::parse("<!DOCTYPE html>").is_err());
    }

    /// The table the loader's check is tested against too (tests/e2e/specs/security-app.spec.ts).
    #[derive(serde::Deserialize)]
    struct PathCases {
        cases: Vec<(String, Option<String>)>,
    }

    #[test]
    fn grafana_path_stays_on_this_origin() {
        let table: PathCases =
            serde_json::from_str(include_str!("../../tests/grafana-path-cases.json")).unwrap();
        assert!(table.cases.len() > 20);
        for (path, expected) in table.cases {
            assert_eq!(normalize_grafana_path(&path).ok(), expected, "{path:?}");
        }
    }

    #[test]
    fn every_grafana_url_is_under_the_grafana_path() {
        assert_eq!(at("/").grafana_url("/api/auth/keys"), "/api/auth/keys");
        assert_eq!(
            at("/grafana/").grafana_url("/api/auth/keys?x=1"),
            "/grafana/api/auth/keys?x=1"
        );
        assert_eq!(at("/grafana/").grafana_url("login"), "/grafana/login");
        assert_eq!(at("/").service_accounts_url(), "/org/serviceaccounts");
        assert_eq!(
            at("/grafana/").service_accounts_url(),
            "/grafana/org/serviceaccounts"
        );
        assert_eq!(
            at("/grafana/").grafana_root("https://host"),
            "https://host/grafana/"
        );
    }

    #[test]
    fn login_comes_back_to_the_page_with_its_query() {
        assert_eq!(
            at("/").login_url("/apikeys/org/apikeys?search=prom&includeExpired=true"),
            "/login?redirectTo=%2Fapikeys%2Forg%2Fapikeys%3Fsearch%3Dprom%26includeExpired%3Dtrue"
        );
        assert_eq!(
            at("/grafana/").login_url("/grafana/apikeys/org/apikeys"),
            "/grafana/login?redirectTo=%2Fgrafana%2Fapikeys%2Forg%2Fapikeys"
        );
    }

    #[test]
    fn login_never_comes_back_to_another_host() {
        for here in [
            "//apikeys/org/apikeys",
            "///apikeys/org/apikeys",
            "/\\apikeys/org/apikeys",
            "\\/apikeys/org/apikeys",
        ] {
            assert_eq!(
                at("/").login_url(here),
                "/login?redirectTo=%2Fapikeys%2Forg%2Fapikeys",
                "{here:?}"
            );
        }
    }
}
