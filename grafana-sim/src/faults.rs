//! Fault injection: `METHOD PATH=ACTION`, e.g. `GET /api/auth/keys=500`,
//! `POST /api/auth/keys=close`, `GET /api/auth/keys=html`,
//! `DELETE /api/auth/keys/*=503`.
//!
//! METHOD is an HTTP method or `*` (any). PATH is matched against the request
//! path without its query; a `*` segment matches exactly one segment. ACTION
//! is a status code (JSON `{"message":…}` body), `close` (drop the connection
//! without a response) or `html` / `html:CODE` (an HTML error page with
//! status 200 or CODE, as a misconfigured proxy would send).

use std::fmt;

use crate::reply::{self, HttpResponse, Reply};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    Status(u16),
    Close,
    Html(u16),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub method: String,
    pub path: Vec<String>,
    pub action: FaultAction,
    spec: String,
}

impl Fault {
    pub fn parse(spec: &str) -> Result<Fault, String> {
        let bad = |why: &str| {
            format!(
                "invalid fault {spec:?}: {why} (expected \"METHOD PATH=ACTION\", e.g. \"GET /api/auth/keys=500\")"
            )
        };
        let (target, action) = spec.rsplit_once('=').ok_or_else(|| bad("missing '='"))?;
        let mut words = target.split_whitespace();
        let (method, path) = match (words.next(), words.next(), words.next()) {
            (Some(m), Some(p), None) => (m, p),
            _ => return Err(bad("the target must be METHOD then PATH")),
        };
        if !path.starts_with('/') {
            return Err(bad("PATH must start with '/'"));
        }
        if method != "*" && !method.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(bad("METHOD must be a word or '*'"));
        }
        let action = action.trim();
        let parse_code = |s: &str| -> Result<u16, String> {
            match s.parse::<u16>() {
                Ok(c) if (100..=599).contains(&c) => Ok(c),
                _ => Err(bad(
                    "ACTION must be a status code 100-599, close, html or html:CODE",
                )),
            }
        };
        let action = match action {
            "close" => FaultAction::Close,
            "html" => FaultAction::Html(200),
            a => match a.strip_prefix("html:") {
                Some(code) => FaultAction::Html(parse_code(code)?),
                None => FaultAction::Status(parse_code(a)?),
            },
        };
        Ok(Fault {
            method: method.to_ascii_uppercase(),
            path: segments(path),
            action,
            spec: spec.trim().to_string(),
        })
    }

    pub fn matches(&self, method: &str, path: &str) -> bool {
        if self.method != "*" && !self.method.eq_ignore_ascii_case(method) {
            return false;
        }
        let segs = segments(path);
        segs.len() == self.path.len()
            && self
                .path
                .iter()
                .zip(&segs)
                .all(|(want, got)| want == "*" || want == got)
    }

    /// What the faulty route answers (the request's method and path pick
    /// Grafana's own 500 text for the route).
    pub fn reply(&self, method: &str, path: &str) -> Reply {
        match self.action {
            FaultAction::Close => Reply::Close,
            FaultAction::Status(code) => Reply::Response(status_reply(code, method, path)),
            FaultAction::Html(code) => Reply::Response(html_page(code)),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.spec)
    }
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .skip(1)
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
}

/// Realistic bodies: Grafana's own texts where Grafana would say something
/// (a 500 on a key route carries that handler's message, contract §1.2/§1.6).
fn status_reply(code: u16, method: &str, path: &str) -> HttpResponse {
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    let msg = match (code, method.to_ascii_uppercase().as_str(), segs.as_slice()) {
        (500, "GET", ["api", "auth", "keys"]) => "Failed to list api keys",
        (500, "POST", ["api", "auth", "keys"]) => "Failed to add API Key",
        (500, "DELETE", ["api", "auth", "keys", _]) => "Failed to delete API key",
        (500, "POST", ["api", "serviceaccounts", "migrate", _]) => "Error converting API key",
        (500, "POST", ["api", "serviceaccounts", "revert", _]) => "Error reverting to API key",
        (401, _, _) => "Unauthorized",
        (403, _, _) => "Permission denied",
        (404, _, _) => "Not found",
        (500, _, _) => "Internal server error",
        _ => reply::status_text(code),
    };
    reply::message(code, msg)
}

/// An nginx-style error page, the kind a reverse proxy answers with when
/// Grafana is down or a login portal intercepts the call.
fn html_page(code: u16) -> HttpResponse {
    let title = if code == 200 {
        "502 Bad Gateway".to_string()
    } else {
        format!("{code} {}", reply::status_text(code))
    };
    let body = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    reply::raw(code, "text/html", body)
}

pub fn parse_all(specs: &[String]) -> Result<Vec<Fault>, String> {
    specs.iter().map(|s| Fault::parse(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_matches() {
        let f = Fault::parse("DELETE /api/auth/keys/*=503").unwrap();
        assert_eq!(f.action, FaultAction::Status(503));
        assert!(f.matches("DELETE", "/api/auth/keys/12"));
        assert!(!f.matches("DELETE", "/api/auth/keys"));
        assert!(!f.matches("GET", "/api/auth/keys/12"));
        assert!(!f.matches("DELETE", "/api/auth/keys/12/x"));
        let f = Fault::parse("get /api/auth/keys=html").unwrap();
        assert_eq!(f.action, FaultAction::Html(200));
        assert!(f.matches("GET", "/api/auth/keys"));
        assert_eq!(
            Fault::parse("* /api/health=close").unwrap().action,
            FaultAction::Close
        );
        assert_eq!(
            Fault::parse("GET /x=html:502").unwrap().action,
            FaultAction::Html(502)
        );
        for bad in [
            "GET /x",
            "GET=500",
            "GET x=500",
            "GET /x=99",
            "GET /x=boom",
            "G-T /x=500",
        ] {
            assert!(Fault::parse(bad).is_err(), "{bad}");
        }
    }
}
