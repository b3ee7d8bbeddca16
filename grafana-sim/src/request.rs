//! A fully read request, handed to the (synchronous) route handlers.

use bytes::Bytes;
use hyper::{HeaderMap, Method};

#[derive(Debug, Clone)]
pub struct Req {
    pub method: Method,
    /// Path without the query, as sent.
    pub path: String,
    /// Decoded query pairs in order.
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Req {
    pub fn new(method: Method, path_and_query: &str, headers: HeaderMap, body: Bytes) -> Req {
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p, parse_query(q)),
            None => (path_and_query, Vec::new()),
        };
        Req {
            method,
            path: path.to_string(),
            query,
            headers,
            body,
        }
    }

    /// First value of a query parameter (Go's `url.Values.Get`).
    pub fn query_str(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `c.QueryBool(name)`: `strconv.ParseBool`, false on anything else.
    pub fn query_bool(&self, name: &str) -> bool {
        matches!(
            self.query_str(name),
            Some("1" | "t" | "T" | "true" | "TRUE" | "True")
        )
    }

    /// `c.QueryInt(name)`: 0 when absent or not an integer.
    pub fn query_int(&self, name: &str) -> i64 {
        self.query_str(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A cookie's value from the `Cookie` header(s).
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(hyper::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.trim_matches('"').to_string())
    }
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(p), String::new()),
        })
        .collect()
}

/// `application/x-www-form-urlencoded` decoding (`+` is a space).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex_val(b[i + 1]), hex_val(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_query_and_cookies() {
        let mut h = HeaderMap::new();
        h.insert("cookie", "a=1; grafana_session=abc; b=2".parse().unwrap());
        let r = Req::new(
            Method::GET,
            "/api/auth/keys?includeExpired=true&accesscontrol=1&q=a%20b+c&x",
            h,
            Bytes::new(),
        );
        assert_eq!(r.path, "/api/auth/keys");
        assert!(r.query_bool("includeExpired"));
        assert!(r.query_bool("accesscontrol"));
        assert!(!r.query_bool("missing"));
        assert_eq!(r.query_str("q"), Some("a b c"));
        assert_eq!(r.query_str("x"), Some(""));
        assert_eq!(r.cookie("grafana_session").as_deref(), Some("abc"));
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%4"), "%4");
    }
}
