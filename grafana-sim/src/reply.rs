//! Building responses the way Grafana writes them.

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;

pub type HttpResponse = Response<Full<Bytes>>;

/// What a handler decided: a response, or dropping the connection without
/// writing anything (the `close` fault).
pub enum Reply {
    Response(HttpResponse),
    Close,
}

impl From<HttpResponse> for Reply {
    fn from(r: HttpResponse) -> Self {
        Reply::Response(r)
    }
}

/// Serialise like Go's `encoding/json`: compact; struct fields in declaration
/// order (DTOs are `#[derive(Serialize)]` structs mirroring Grafana's) and map
/// keys sorted (serde_json's default map, like Go's maps); and `<`, `>`, `&`,
/// U+2028, U+2029 escaped as `\u003c` etc. Those characters can only occur
/// inside JSON strings, so a textual replacement is exact.
pub fn go_json<T: Serialize + ?Sized>(v: &T) -> String {
    let s = serde_json::to_string(v).expect("serialising a JSON value cannot fail");
    go_escape(s)
}

/// Like [`go_json`] but indented by two spaces (`simplejson.EncodePretty`).
pub fn go_json_pretty<T: Serialize + ?Sized>(v: &T) -> String {
    let s = serde_json::to_string_pretty(v).expect("serialising a JSON value cannot fail");
    go_escape(s)
}

fn go_escape(s: String) -> String {
    if !s.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A response with a body and content type.
pub fn raw(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> HttpResponse {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// `response.JSON(status, v)`.
pub fn json<T: Serialize + ?Sized>(status: u16, v: &T) -> HttpResponse {
    raw(status, "application/json", go_json(v))
}

/// `response.Error(status, msg, err)` / `response.Success(msg)`: `{"message":msg}`.
pub fn message(status: u16, msg: &str) -> HttpResponse {
    json(status, &serde_json::json!({ "message": msg }))
}

/// errutil's `PublicError` JSON, fields in Go's order.
#[derive(Serialize)]
struct ErrutilBody<'a> {
    #[serde(rename = "statusCode")]
    status_code: u16,
    #[serde(rename = "messageId")]
    message_id: &'a str,
    message: &'a str,
}

/// An errutil error: `{"statusCode","messageId","message"}`.
pub fn errutil(status: u16, message_id: &str, msg: &str) -> HttpResponse {
    json(
        status,
        &ErrutilBody {
            status_code: status,
            message_id,
            message: msg,
        },
    )
}

/// Grafana's unknown-`/api` route answer.
pub fn api_not_found() -> HttpResponse {
    message(404, "Not found")
}

/// The reason phrase of a status as Go's `http.StatusText` writes it (used
/// for injected faults and their HTML pages): the `http` crate's canonical
/// reason, except where Go still uses the RFC 2616 wording.
pub fn status_text(status: u16) -> &'static str {
    match status {
        // Go: StatusRequestEntityTooLarge / StatusRequestURITooLong /
        // StatusRequestedRangeNotSatisfiable (RFC 9110 renamed them).
        413 => "Request Entity Too Large",
        414 => "Request URI Too Long",
        416 => "Requested Range Not Satisfiable",
        _ => http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_go() {
        let v = serde_json::json!({"b": "a<b>&c", "a": 1});
        assert_eq!(go_json(&v), r#"{"a":1,"b":"a\u003cb\u003e\u0026c"}"#);
    }

    #[test]
    fn status_text_is_gos() {
        assert_eq!(status_text(503), "Service Unavailable");
        assert_eq!(status_text(429), "Too Many Requests");
        assert_eq!(status_text(413), "Request Entity Too Large");
        assert_eq!(status_text(599), "Error");
    }
}
