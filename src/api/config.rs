//! `config.json`, beside `index.html`.

use crate::domain::config::Config;

/// Why `config.json` could not be used, in words a deployer can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

/// As public/boot.js asks for it too, so the app adopts the loader's answer.
const CONFIG_URL: &str = "config.json";

/// Reads the deployment's configuration. A relative URL resolves against `<base>`: the file
/// beside index.html, wherever that is.
pub async fn load_config() -> Result<Config, ConfigError> {
    let network = |err: gloo_net::Error| {
        ConfigError(format!("The page's config.json could not be loaded: {err}"))
    };
    let request = gloo_net::http::Request::get(CONFIG_URL)
        .header("Accept", "application/json")
        .send();
    let answer = super::startup::get(CONFIG_URL, None, Box::pin(request))
        .await
        .map_err(network)?;
    let config = interpret(answer.status, &answer.body)?;
    if !on_this_origin(&config.grafana_path) {
        return Err(ConfigError(format!(
            "The page's config.json is invalid: grafanaPath {:?} leads to another origin",
            config.grafana_path
        )));
    }
    Ok(config)
}

/// Whether `path`, resolved against the page's origin as the browser resolves every request
/// URL, stays on it (public/boot.js checks the same).
fn on_this_origin(path: &str) -> bool {
    let origin = crate::browser::origin();
    web_sys::Url::new_with_base(path, &origin).is_ok_and(|url| url.origin() == origin)
}

/// A missing file (a 404, or the SPA fallback's index.html in its place) means the defaults;
/// a file that is there but wrong is an error, so a broken deployment is noticed.
fn interpret(status: u16, text: &str) -> Result<Config, ConfigError> {
    if status == 404 || (status == 200 && text.trim_start().starts_with('<')) {
        leptos::logging::warn!(
            "config.json was not found beside index.html; using the defaults (Grafana at this origin's root)"
        );
        return Ok(Config::default());
    }
    if !(200..300).contains(&status) {
        return Err(ConfigError(format!(
            "The page's config.json could not be loaded (HTTP {status})"
        )));
    }
    Config::parse(text)
        .map_err(|err| ConfigError(format!("The page's config.json is invalid: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::config::SignIn;

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
        let invalid = interpret(200, r#"{"grafanaPath":"grafana"}"#).unwrap_err();
        assert!(
            invalid
                .to_string()
                .starts_with("The page's config.json is invalid: grafanaPath"),
            "{invalid}"
        );
        assert_eq!(
            interpret(500, "oops").unwrap_err().to_string(),
            "The page's config.json could not be loaded (HTTP 500)"
        );
    }
}
