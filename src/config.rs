//! The deployment's runtime configuration: `config.json` beside `index.html`, read once on
//! first use, so one release build serves every deployment without a rebuild.
//!
//! ```json
//! { "grafanaPath": "/grafana/", "signIn": "grafana" }
//! ```
//!
//! Both keys are optional: Grafana at this origin's root, and Grafana's own login page.

use std::cell::RefCell;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use serde::Deserialize;

/// How the page signs in when Grafana answers 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignIn {
    /// Hosted behind Grafana: go to Grafana's login page, which comes back here afterwards.
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

/// `"/grafana"` becomes `"/grafana/"`. Only a path on this origin is accepted: the session
/// cookie reaches Grafana only through this origin, and `//host` would leave it.
pub fn normalize_grafana_path(path: &str) -> Result<String, String> {
    let path = path.trim();
    let valid = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains(['\\', '?', '#', ' '])
        && !path.split('/').any(|segment| segment == "..");
    if !valid {
        return Err(format!(
            "grafanaPath must be a path on this origin, such as \"/\" or \"/grafana/\" (got {path:?})"
        ));
    }
    Ok(format!("{}/", path.trim_end_matches('/')))
}

/// A Grafana URL on this origin: `api_path` (`"/api/auth/keys"`) under the configured path.
pub fn join(grafana_path: &str, api_path: &str) -> String {
    format!(
        "{}/{}",
        grafana_path.trim_end_matches('/'),
        api_path.trim_start_matches('/')
    )
}

/// Grafana's login page, told to come back to `return_to` (this page's path and query):
/// `<grafana>/login?redirectTo=<encoded>`, as Grafana itself redirects signed-out users.
pub fn login_redirect_url(grafana_path: &str, return_to: &str) -> String {
    format!(
        "{}?redirectTo={}",
        join(grafana_path, "login"),
        encode_uri_component(return_to)
    )
}

/// JavaScript's `encodeURIComponent`: everything but the unreserved characters is escaped.
fn encode_uri_component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Why `config.json` could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// No answer at all (the connection failed).
    Network(String),
    /// An answer, but not a usable configuration.
    Invalid { status: u16, message: String },
}

type Loading = Shared<LocalBoxFuture<'static, Result<Config, LoadError>>>;

thread_local! {
    /// The one load of `config.json`, shared by every request that starts before it ends.
    static LOADING: RefCell<Option<Loading>> = const { RefCell::new(None) };
}

/// The configuration, fetched on first use and then cached for the page's life. A failed load
/// is forgotten, so "Retry" tries the file again.
pub async fn load() -> Result<Config, LoadError> {
    let loading = LOADING.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| fetch().boxed_local().shared())
            .clone()
    });
    let result = loading.await;
    if result.is_err() {
        LOADING.with(|cell| cell.borrow_mut().take());
    }
    result
}

/// The configuration if it has been loaded: for synchronous callers (the `curl` example, the
/// sign-in choice), which only run after an API call, so after the load.
pub fn cached() -> Option<Config> {
    LOADING.with(|cell| {
        cell.borrow()
            .as_ref()
            .and_then(|loading| loading.peek().cloned())
            .and_then(Result::ok)
    })
}

async fn fetch() -> Result<Config, LoadError> {
    // A relative URL resolves against `<base>`: the file beside index.html, wherever that is.
    let response = gloo_net::http::Request::get("config.json")
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|err| LoadError::Network(format!("config.json: {err}")))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|err| LoadError::Network(format!("config.json: {err}")))?;
    interpret(status, &text)
}

/// A missing file (a 404, or the SPA fallback's index.html in its place) means the defaults;
/// a file that is there but wrong is an error, so a broken deployment is noticed.
fn interpret(status: u16, text: &str) -> Result<Config, LoadError> {
    if status == 404 || (status == 200 && text.trim_start().starts_with('<')) {
        leptos::logging::warn!(
            "config.json was not found beside index.html; using the defaults (Grafana at this origin's root)"
        );
        return Ok(Config::default());
    }
    if !(200..300).contains(&status) {
        return Err(LoadError::Invalid {
            status,
            message: format!("The page's config.json could not be loaded (HTTP {status})"),
        });
    }
    parse(text).map_err(|err| LoadError::Invalid {
        status,
        message: format!("The page's config.json is invalid: {err}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_means_grafana_at_the_root_and_its_login_page() {
        assert_eq!(parse("{}").unwrap(), Config::default());
        assert_eq!(Config::default().grafana_path, "/");
        assert_eq!(Config::default().sign_in, SignIn::Grafana);
    }

    #[test]
    fn reads_both_keys() {
        let config = parse(r#"{"grafanaPath": "/grafana", "signIn": "form"}"#).unwrap();
        assert_eq!(config.grafana_path, "/grafana/");
        assert_eq!(config.sign_in, SignIn::Form);
    }

    #[test]
    fn refuses_typos_and_unknown_modes() {
        assert!(
            parse(r#"{"grafanaURL": "/grafana/"}"#)
                .unwrap_err()
                .contains("unknown field")
        );
        assert!(
            parse(r#"{"signIn": "sso"}"#)
                .unwrap_err()
                .contains("unknown variant")
        );
        assert!(parse("<!DOCTYPE html>").is_err());
    }

    #[test]
    fn grafana_path_stays_on_this_origin() {
        assert_eq!(normalize_grafana_path("/").unwrap(), "/");
        assert_eq!(normalize_grafana_path("/grafana/").unwrap(), "/grafana/");
        assert_eq!(normalize_grafana_path(" /a/b ").unwrap(), "/a/b/");
        for bad in [
            "grafana/",
            "https://host/",
            "//evil.example/",
            "/a/../b",
            "/a?b",
            "",
        ] {
            assert!(normalize_grafana_path(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn joins_api_paths_under_the_grafana_path() {
        assert_eq!(join("/", "/api/auth/keys"), "/api/auth/keys");
        assert_eq!(
            join("/grafana/", "/api/auth/keys?x=1"),
            "/grafana/api/auth/keys?x=1"
        );
        assert_eq!(join("/grafana/", "login"), "/grafana/login");
    }

    #[test]
    fn login_redirect_comes_back_to_the_page_with_its_query() {
        assert_eq!(
            login_redirect_url(
                "/",
                "/apikeys/org/apikeys?search=ci bot&includeExpired=true"
            ),
            "/login?redirectTo=%2Fapikeys%2Forg%2Fapikeys%3Fsearch%3Dci%20bot%26includeExpired%3Dtrue"
        );
        assert_eq!(
            login_redirect_url("/grafana/", "/grafana/apikeys/org/apikeys"),
            "/grafana/login?redirectTo=%2Fgrafana%2Fapikeys%2Forg%2Fapikeys"
        );
    }

    #[test]
    fn a_missing_file_means_the_defaults_and_a_broken_one_an_error() {
        assert_eq!(interpret(404, "Not found"), Ok(Config::default()));
        assert_eq!(
            interpret(200, "<!DOCTYPE html><html>"),
            Ok(Config::default())
        );
        assert_eq!(
            interpret(200, r#"{"signIn":"form"}"#).unwrap().sign_in,
            SignIn::Form
        );
        match interpret(200, r#"{"grafanaPath":"grafana"}"#) {
            Err(LoadError::Invalid {
                status: 200,
                message,
            }) => {
                assert!(message.starts_with("The page's config.json is invalid: grafanaPath"))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            interpret(500, "oops"),
            Err(LoadError::Invalid { status: 500, .. })
        ));
    }

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(
            encode_uri_component("a-b_c.d!e~f*g'h(i)"),
            "a-b_c.d!e~f*g'h(i)"
        );
        assert_eq!(encode_uri_component("é/#"), "%C3%A9%2F%23");
    }
}
