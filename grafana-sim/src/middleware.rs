//! What Grafana's global HTTP middleware does around every route, in its
//! order (`pkg/api/http_server.go` `addMiddlewaresAndStaticRoutes`): the CSRF
//! filter (`pkg/middleware/csrf`) first, whose refusal is written before any
//! default header; then `AddDefaultResponseHeaders` (`pkg/middleware/middleware.go`),
//! which sets the no-cache headers, `X-Frame-Options: deny` (`allow_embedding`
//! is false by default) and the security headers on every later answer.
//!
//! Also, for the tests only (`--test-control`), a record of the last requests
//! as they arrived, so a test can see which headers a proxy in front passed on.

use std::collections::VecDeque;
use std::sync::Mutex;

use hyper::header::{HeaderName, HeaderValue};
use hyper::{HeaderMap, Method};
use serde::Serialize;

use crate::auth::SESSION_COOKIE;
use crate::reply::{self, HttpResponse};
use crate::request::Req;
use crate::version::Version;

/// The origin check arrived with the fix of CVE-2022-21703 (8.3.5, and
/// 7.5.15 on the 7.x line).
pub const CSRF_CHECK_SINCE: Version = Version::new(8, 3, 5);

/// `addNoCacheHeaders` became `Cache-Control: no-store` (and no `Pragma` nor
/// `Expires`) with grafana/grafana#62021, merged for 9.4 (≈9.4.0).
pub const NO_STORE_SINCE: Version = Version::new(9, 4, 0);

/// Grafana's CSRF filter: a request carrying the session cookie, with a method
/// other than HEAD, OPTIONS or TRACE (GET is checked: "it may have side
/// effects in some APIs") and an `Origin` header, must come from an origin
/// whose host name is the request's `Host` name (ports are ignored). Without
/// the cookie (API keys, basic auth) or without `Origin` it passes. A refusal
/// is Go's `http.Error`: 403 `text/plain` "origin not allowed". No trusted
/// origins nor extra host headers (`[security] csrf_trusted_origins`,
/// `csrf_additional_headers`): their defaults are empty.
pub fn csrf(version: Version, req: &Req) -> Result<(), HttpResponse> {
    if version < CSRF_CHECK_SINCE || req.cookie(SESSION_COOKIE).is_none() {
        return Ok(());
    }
    if [Method::HEAD, Method::OPTIONS, Method::TRACE].contains(&req.method) {
        return Ok(());
    }
    let host = host_name(req.header("host").unwrap_or(""));
    let origin = match req.header("origin") {
        None | Some("") => return Ok(()),
        Some(o) => origin_host_name(o),
    };
    if host.is_empty() || origin != host {
        return Err(go_http_error(403, "origin not allowed"));
    }
    Ok(())
}

/// `util.SplitHostPortDefault(host, "", "0").Host`: the name without port or
/// IPv6 brackets.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    match host.rsplit_once(':') {
        Some((name, _)) if !name.contains(':') => name,
        _ => host,
    }
}

/// `url.Parse(origin).Hostname()`: empty for anything without a scheme and
/// authority (`null`, a bare name), so it never matches a host.
fn origin_host_name(origin: &str) -> &str {
    let Some((_, rest)) = origin.split_once("://") else {
        return "";
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    host_name(authority)
}

/// Go's `http.Error(w, msg, code)`.
fn go_http_error(status: u16, msg: &str) -> HttpResponse {
    let mut resp = reply::raw(status, "text/plain; charset=utf-8", format!("{msg}\n"));
    resp.headers_mut().insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    resp
}

/// `AddDefaultResponseHeaders` with Grafana's default settings, on an answer
/// of Grafana's (any route, any status, but not the CSRF refusal): no caching
/// (`no-store` from 9.4; `no-cache`, `Pragma`, `Expires: -1` before), no
/// framing, `nosniff` and `X-XSS-Protection` (`[security]
/// x_content_type_options`, `x_xss_protection`, both true by default). Answers
/// carrying a new secret (a created key or token) are among them.
pub fn add_default_headers(version: Version, resp: &mut HttpResponse) {
    let h = resp.headers_mut();
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    };
    if version >= NO_STORE_SINCE {
        set(h, "cache-control", "no-store");
        h.remove("pragma");
        h.remove("expires");
    } else {
        set(h, "cache-control", "no-cache");
        set(h, "pragma", "no-cache");
        set(h, "expires", "-1");
    }
    set(h, "x-frame-options", "deny");
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-xss-protection", "1; mode=block");
}

/// One request as it arrived (`GET /__sim/requests`).
#[derive(Clone, Serialize)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    /// Every header line in order, names lower-cased, values as text.
    pub headers: Vec<(String, String)>,
}

/// The last [`Recorder::CAPACITY`] requests outside the control API, kept
/// only with `--test-control`.
#[derive(Default)]
pub struct Recorder {
    log: Mutex<VecDeque<Recorded>>,
}

impl Recorder {
    pub const CAPACITY: usize = 200;

    pub fn record(&self, method: &Method, path_and_query: &str, headers: &HeaderMap) {
        let entry = Recorded {
            method: method.to_string(),
            path: path_and_query.to_string(),
            headers: headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
        };
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() == Self::CAPACITY {
            log.pop_front();
        }
        log.push_back(entry);
    }

    /// `GET /__sim/requests`: the recorded requests, oldest first.
    pub fn answer(&self) -> HttpResponse {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let list: Vec<&Recorded> = log.iter().collect();
        reply::json(200, &list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_as_go_splits_them() {
        assert_eq!(host_name("127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(host_name("grafana.example.com"), "grafana.example.com");
        assert_eq!(host_name("[::1]:3000"), "::1");
        assert_eq!(host_name(""), "");
        assert_eq!(origin_host_name("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(
            origin_host_name("https://u:p@grafana.example.com/x"),
            "grafana.example.com"
        );
        assert_eq!(origin_host_name("http://[::1]:8080"), "::1");
        assert_eq!(origin_host_name("null"), "");
        assert_eq!(origin_host_name("grafana.example.com"), "");
    }
}
