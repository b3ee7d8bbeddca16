//! The one place that sends requests (gloo-net) and turns answers into values or `ApiError`s.

use gloo_net::http::{Request, Response};
use serde::Deserialize;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{ApiError, startup};
use crate::domain::config::Config;
use crate::domain::keys::Secret;

/// The Grafana the page talks to: every request URL is made here, under the Grafana path of
/// `config.json`, so Grafana may live at `/` or under a sub-path of this origin. Cheap to clone;
/// the app shell provides it as context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grafana {
    config: Config,
    /// The org every request is made in (`X-Grafana-Org-Id`, as Grafana's own frontend sends
    /// it); none: the user's current org.
    org_id: Option<i64>,
}

impl Grafana {
    pub fn new(config: &Config) -> Self {
        Grafana {
            config: config.clone(),
            org_id: None,
        }
    }

    /// The same Grafana, every request made in org `org_id` for that request only: the user's
    /// current org (`POST /api/user/using/:id`) never changes.
    pub fn with_org(&self, org_id: i64) -> Self {
        Grafana {
            config: self.config.clone(),
            org_id: Some(org_id),
        }
    }

    /// The org requests are made in, where one was chosen.
    pub fn org_id(&self) -> Option<i64> {
        self.org_id
    }

    /// A read; at start-up, the loader's answer where it made the same request.
    pub(super) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let answer = self.exchange(Method::Get, path, None).await?;
        decode_response(answer.status, &answer.body)
    }

    /// A read and the server's time when it answered (its `Date`), where it sent one.
    pub(super) async fn get_dated<T: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<(T, Option<i64>), ApiError> {
        let answer = self.exchange(Method::Get, path, None).await?;
        Ok((decode_response(answer.status, &answer.body)?, answer.date))
    }

    pub(super) async fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let answer = self.exchange(Method::Delete, path, None).await?;
        decode_response(answer.status, &answer.body)
    }

    /// A POST with no body, as Grafana's own page sends its migration calls.
    pub(super) async fn post<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let answer = self.exchange(Method::Post, path, None).await?;
        decode_response(answer.status, &answer.body)
    }

    pub(super) async fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let mut answer = self.exchange(Method::Post, path, Some(json(body)?)).await?;
        let value = decode_response(answer.status, &answer.body);
        // The answer to a creation holds the new secret: its text is overwritten, as the
        // secret's own copy is (`Secret`) when the dialog closes.
        Secret::wipe(&mut answer.body);
        value
    }

    pub(super) async fn patch_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let answer = self
            .exchange(Method::Patch, path, Some(json(body)?))
            .await?;
        decode_response(answer.status, &answer.body)
    }

    /// One request and its answer's status and text; not generic, so the wasm holds it once
    /// and only the decoding is made per answer type. A read adopts the loader's answer where it
    /// made the same request at start-up; a write makes every answer the loader got out of date.
    /// An answer about another org than the chosen one is refused.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        json: Option<String>,
    ) -> Result<Answer, ApiError> {
        let url = self.config.grafana_url(path);
        let request = self.send(method, &url, json);
        let answer = match method {
            Method::Get => startup::get(&url, self.org_id, Box::pin(request)).await?,
            _ => {
                startup::forget();
                read_response(request.await?).await?
            }
        };
        if let Some(org_id) = self.org_id {
            super::orgs::check_answer_org(path, answer.status, &answer.body, org_id)?;
        }
        Ok(answer)
    }

    /// Sends a request for Grafana's JSON answer, with the org header where an org was chosen.
    async fn send(
        &self,
        method: Method,
        url: &str,
        json: Option<String>,
    ) -> Result<Response, gloo_net::Error> {
        let mut request = match method {
            Method::Get => Request::get(url),
            Method::Post => Request::post(url),
            Method::Patch => Request::patch(url),
            Method::Delete => Request::delete(url),
        }
        .header("Accept", "application/json");
        if let Some(org_id) = self.org_id {
            request = request.header("X-Grafana-Org-Id", &org_id.to_string());
        }
        Ok(match json {
            Some(json) => {
                request
                    .header("Content-Type", "application/json")
                    .body(json)?
                    .send()
                    .await?
            }
            None => request.send().await?,
        })
    }
}

/// An answer as the page reads it.
pub(super) struct Answer {
    pub status: u16,
    pub body: String,
    /// The server's time when it answered (Unix millis of its `Date` header), where it sent
    /// one: what "expired" is measured against, never the browser's clock.
    pub date: Option<i64>,
}

/// An answer's status, body and date; a connection dropped mid-body is a network failure, not a
/// bad answer.
pub(super) async fn read_response(response: Response) -> Result<Answer, gloo_net::Error> {
    let date = response.headers().get("date");
    Ok(Answer {
        status: response.status(),
        body: response.text().await?,
        date: http_date(date.as_deref()),
    })
}

/// Unix millis of an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), read by the browser's own
/// parser, which reads every form HTTP allows.
pub(super) fn http_date(text: Option<&str>) -> Option<i64> {
    let millis = js_sys::Date::parse(text?);
    (!millis.is_nan()).then_some(millis as i64)
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

/// A request body as JSON; ours always serialise, so a failure is a bug worth naming.
fn json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|err| ApiError::Decode {
        status: 0,
        detail: err.to_string(),
    })
}

/// Grafana's `{"message": …}`, on every failure.
#[derive(Deserialize)]
struct ErrorBody {
    message: Option<String>,
}

/// Turns a status and body into the value or the error the page shows, classified once.
/// Grafana puts its reason in `{"message": …}` on every failure; anything else (an HTML page
/// from a proxy, an empty body) gets a plain description instead of a JSON parser's complaint.
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
    let message = serde_json::from_str::<ErrorBody>(body)
        .ok()
        .and_then(|body| body.message)
        .map(|message| message.trim().to_string())
        .filter(|message| !message.is_empty());
    // Grafana answers a route it does not have with exactly this body.
    let grafana_route_404 = status == 404 && message.as_deref() == Some("Not found");
    let message = message.unwrap_or_else(|| fallback_message(status, body));
    Err(ApiError::from_status(status, message, grafana_route_404))
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
    let text = body.trim();
    if looks_like_html(body) {
        format!("{reason} (HTTP {status}; the server sent an HTML page instead of JSON)")
    } else if !text.is_empty() && text.len() <= 300 && !text.starts_with(['{', '[']) {
        // Some answers are plain text, such as Grafana's token expiration limit.
        text.to_string()
    } else {
        format!("{reason} (HTTP {status})")
    }
}

fn looks_like_html(body: &str) -> bool {
    body.trim_start().starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::*;

    type Anything = serde_json::Value;

    fn failure(status: u16, body: &str) -> ApiError {
        decode_response::<Anything>(status, body).unwrap_err()
    }

    #[test]
    fn a_grafana_message_becomes_the_error_text() {
        let err = failure(500, r#"{"message":"Failed to list api keys"}"#);
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
    fn statuses_are_classified_once() {
        let cases: &[(u16, &str, ApiError)] = &[
            (
                401,
                r#"{"message":"Unauthorized"}"#,
                ApiError::Unauthorized("Unauthorized".into()),
            ),
            (
                403,
                r#"{"message":"Permissions needed: apikeys:read"}"#,
                ApiError::Forbidden("Permissions needed: apikeys:read".into()),
            ),
            (
                404,
                r#"{"message":"API key not found"}"#,
                ApiError::NotFound("API key not found".into()),
            ),
            (
                404,
                r#"{"message":"Not found"}"#,
                ApiError::RouteRemoved("Not found".into()),
            ),
            (
                409,
                r#"{"message":"API Key Organization ID And Name Must Be Unique"}"#,
                ApiError::Conflict("API Key Organization ID And Name Must Be Unique".into()),
            ),
            (
                410,
                r#"{"message":"API keys are no longer available"}"#,
                ApiError::Gone("API keys are no longer available".into()),
            ),
        ];
        for (status, body, expected) in cases {
            assert_eq!(&failure(*status, body), expected, "HTTP {status}");
        }
    }

    #[test]
    fn only_grafanas_own_body_means_a_removed_route() {
        // A proxy's or a static server's 404 is a plain error, not "this Grafana has no keys".
        assert_eq!(
            failure(404, ""),
            ApiError::NotFound("Not found (HTTP 404)".into())
        );
        assert_eq!(
            failure(404, "<html>404</html>"),
            ApiError::NotFound(
                "Not found (HTTP 404; the server sent an HTML page instead of JSON)".into()
            )
        );
    }

    #[test]
    fn a_401_means_signed_out() {
        let err = failure(401, r#"{"message":"Unauthorized"}"#);
        assert!(err.needs_sign_in());
        assert_eq!(
            err.to_string(),
            "Unauthorized: your Grafana session has ended. Sign in to Grafana again, then retry."
        );
    }

    #[test]
    fn a_403_keeps_grafanas_message() {
        let body = r#"{"accessErrorId":"ACE0947587429","message":"You'll need additional permissions to perform this action. Permissions needed: apikeys:read","title":"Access denied"}"#;
        assert_eq!(
            failure(403, body).to_string(),
            "You'll need additional permissions to perform this action. Permissions needed: apikeys:read"
        );
    }

    #[test]
    fn an_html_error_page_is_described_not_parsed() {
        assert_eq!(
            failure(502, "<html><body>Bad Gateway</body></html>").to_string(),
            "Bad gateway (HTTP 502; the server sent an HTML page instead of JSON)"
        );
    }

    #[test]
    fn html_with_a_200_is_a_decode_error() {
        assert_eq!(
            failure(200, "<!DOCTYPE html><html></html>"),
            ApiError::Decode {
                status: 200,
                detail: "the server sent an HTML page where JSON was expected".into()
            }
        );
    }

    #[test]
    fn a_plain_text_body_is_the_message() {
        assert_eq!(
            failure(
                400,
                "The expiration date input exceeds the limit for service account access tokens expiration date\n"
            )
            .to_string(),
            "The expiration date input exceeds the limit for service account access tokens expiration date"
        );
        assert_eq!(failure(400, "{}").to_string(), "Bad request (HTTP 400)");
    }

    #[test]
    fn an_empty_error_body_gets_the_status_text() {
        assert_eq!(
            failure(500, "").to_string(),
            "Internal server error (HTTP 500)"
        );
    }
}
