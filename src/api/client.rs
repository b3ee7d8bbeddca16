//! The one place that sends requests (gloo-net) and turns answers into `ApiError`s.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::ApiError;
use crate::config::{self, LoadError};

/// The one place a request URL is made: `path` (`"/api/..."`, `"/login"`) under the Grafana
/// path of `config.json`, so Grafana may live at `/` or under a sub-path of this origin.
async fn grafana_url(path: &str) -> Result<String, ApiError> {
    let config = config::load().await.map_err(|err| match err {
        LoadError::Network(detail) => ApiError::Network(detail),
        LoadError::Invalid { status, message } => ApiError::Http { status, message },
    })?;
    Ok(config::join(&config.grafana_path, path))
}

pub(super) async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send_empty(Request::get(&grafana_url(path).await?)).await
}

pub(super) async fn post_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let response = Request::post(&grafana_url(path).await?)
        .header("Accept", "application/json")
        .json(body)
        .map_err(|err| ApiError::Decode {
            status: 0,
            detail: err.to_string(),
        })?
        .send()
        .await
        .map_err(network_error)?;
    read(response).await
}

/// A POST with no body, as Grafana's own page sends its migration calls.
pub(super) async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send_empty(Request::post(&grafana_url(path).await?)).await
}

pub(super) async fn delete_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send_empty(Request::delete(&grafana_url(path).await?)).await
}

/// Sends a request without a body and reads Grafana's JSON answer.
async fn send_empty<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, ApiError> {
    let response = request
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(network_error)?;
    read(response).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    // A connection dropped mid-body is a network failure, not a bad answer.
    let body = response.text().await.map_err(network_error)?;
    decode_response(status, &body)
}

fn network_error(err: gloo_net::Error) -> ApiError {
    ApiError::Network(err.to_string())
}

/// Turns a status and body into the value or the error the page shows. Grafana puts its
/// reason in `{"message": …}` on every failure; anything else (an HTML page from a proxy, an
/// empty body) gets a plain description instead of a JSON parser's complaint.
pub fn decode_response<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        return serde_json::from_str(body).map_err(|err| ApiError::Decode {
            status,
            detail: if looks_like_html(body) {
                "the server sent an HTML page where JSON was expected".to_string()
            } else {
                err.to_string()
            },
        });
    }
    let message = server_message(body).unwrap_or_else(|| fallback_message(status, body));
    Err(match status {
        401 => ApiError::Unauthorized(message),
        _ => ApiError::Http { status, message },
    })
}

fn server_message(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let message = value.get("message")?.as_str()?.trim();
    (!message.is_empty()).then(|| message.to_string())
}

fn fallback_message(status: u16, body: &str) -> String {
    let reason = match status {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Permission denied",
        404 => "Not found",
        409 => "Conflict",
        410 => "Gone",
        500 => "Internal server error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => "Request failed",
    };
    if looks_like_html(body) {
        format!("{reason} (HTTP {status}; the server sent an HTML page instead of JSON)")
    } else {
        format!("{reason} (HTTP {status})")
    }
}

fn looks_like_html(body: &str) -> bool {
    let start = body.trim_start();
    start.starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiKey;

    #[test]
    fn a_grafana_message_becomes_the_error_text() {
        let err = decode_response::<Vec<ApiKey>>(500, r#"{"message":"Failed to list api keys"}"#)
            .unwrap_err();
        assert_eq!(
            err,
            ApiError::Http {
                status: 500,
                message: "Failed to list api keys".into()
            }
        );
        assert_eq!(err.to_string(), "Failed to list api keys");
    }

    #[test]
    fn a_401_means_signed_out() {
        let err = decode_response::<Vec<ApiKey>>(401, r#"{"message":"Unauthorized"}"#).unwrap_err();
        assert_eq!(err, ApiError::Unauthorized("Unauthorized".into()));
        assert_eq!(err.status(), Some(401));
        assert_eq!(
            err.to_string(),
            "Unauthorized: your Grafana session has ended. Sign in to Grafana again, then retry."
        );
    }

    #[test]
    fn an_rbac_denial_keeps_its_full_message() {
        let body = r#"{"accessErrorId":"ACE0947587429","message":"You'll need additional permissions to perform this action. Permissions needed: apikeys:read","title":"Access denied"}"#;
        let err = decode_response::<Vec<ApiKey>>(403, body).unwrap_err();
        assert_eq!(
            err.to_string(),
            "You'll need additional permissions to perform this action. Permissions needed: apikeys:read"
        );
    }

    #[test]
    fn an_html_error_page_is_described_not_parsed() {
        let err = decode_response::<Vec<ApiKey>>(502, "<html><body>Bad Gateway</body></html>")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Bad gateway (HTTP 502; the server sent an HTML page instead of JSON)"
        );
    }

    #[test]
    fn html_with_a_200_is_a_decode_error() {
        let err = decode_response::<Vec<ApiKey>>(200, "<!DOCTYPE html><html></html>").unwrap_err();
        assert_eq!(
            err,
            ApiError::Decode {
                status: 200,
                detail: "the server sent an HTML page where JSON was expected".into()
            }
        );
    }

    #[test]
    fn an_empty_error_body_gets_the_status_text() {
        let err = decode_response::<Vec<ApiKey>>(404, "").unwrap_err();
        assert_eq!(err.to_string(), "Not found (HTTP 404)");
    }

    #[test]
    fn a_list_decodes_with_optional_fields() {
        let body = r#"[
            {"id":1,"name":"a","role":"Admin","expiration":"2030-01-02T03:04:05Z","accessControl":{"apikeys:delete":true}},
            {"id":2,"name":"b","role":"Viewer","lastUsedAt":null},
            {"id":3,"name":"c","role":"Editor","lastUsedAt":"2023-05-01T10:00:00Z"}
        ]"#;
        let keys: Vec<ApiKey> = decode_response(200, body).unwrap();
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[0].expiration.as_deref(), Some("2030-01-02T03:04:05Z"));
        assert_eq!(
            keys[0]
                .access_control
                .as_ref()
                .unwrap()
                .get("apikeys:delete"),
            Some(&true)
        );
        assert_eq!(keys[1].expiration, None);
        assert_eq!(keys[1].last_used_at, None);
        assert_eq!(
            keys[2].last_used_at.as_deref(),
            Some("2023-05-01T10:00:00Z")
        );
    }
}
