//! `web.Bind` (Grafana 8.3+, `pkg/web/binding.go`) for flat JSON commands.
//!
//! * The Content-Type must parse as a media type and be `application/json`
//!   (parameters such as `charset` are fine); a missing one fails.
//! * The body is decoded like Go's `json.NewDecoder(body).Decode(&cmd)`: only
//!   the first JSON value is read (trailing bytes are ignored), an empty body
//!   is accepted (EOF), `null` leaves every field zero, any other non-object
//!   fails, unknown fields are ignored, field names match case-insensitively
//!   (an exact match wins), a wrong type fails, and an int64 field accepts only
//!   an integer literal in range (`0.01` or `1e3` fail).
//! * Then `binding:"Required"` fields must not be the zero value.

use serde_json::{Map, Value};

use crate::request::Req;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Bool,
}

pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// The decoded fields; absent ones hold their Go zero value.
#[derive(Debug, Default)]
pub struct Bound {
    strs: Vec<(&'static str, String)>,
    ints: Vec<(&'static str, i64)>,
    bools: Vec<(&'static str, bool)>,
}

impl Bound {
    pub fn str(&self, name: &str) -> &str {
        self.strs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// A `*string` field: `None` when absent or `null`.
    pub fn opt_str(&self, name: &str) -> Option<&str> {
        self.strs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A `*bool` field: `None` when absent or `null`.
    pub fn opt_bool(&self, name: &str) -> Option<bool> {
        self.bools.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    pub fn int(&self, name: &str) -> i64 {
        self.ints
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .unwrap_or(0)
    }
}

/// Bind the request body; the error text is for logs only (handlers answer
/// their own fixed message, e.g. "bad request data").
pub fn bind(req: &Req, fields: &[Field]) -> Result<Bound, String> {
    let ct = req.header("content-type").unwrap_or("");
    let media = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media.is_empty() {
        return Err("mime: no media type".into());
    }
    if media != "application/json" {
        return Err("bad content type".into());
    }
    let first = serde_json::Deserializer::from_slice(&req.body)
        .into_iter::<Value>()
        .next();
    let object = match first {
        None | Some(Ok(Value::Null)) => Map::new(),
        Some(Ok(Value::Object(m))) => m,
        Some(Ok(other)) => return Err(format!("cannot unmarshal {other} into a command")),
        Some(Err(e)) if e.is_eof() && req.body.iter().all(|b| b.is_ascii_whitespace()) => {
            Map::new()
        }
        Some(Err(e)) => return Err(e.to_string()),
    };
    let mut bound = Bound::default();
    for f in fields {
        let value = object.get(f.name).or_else(|| {
            object
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(f.name))
                .map(|(_, v)| v)
        });
        match (f.kind, value) {
            (_, None | Some(Value::Null)) => {}
            (Kind::Str, Some(Value::String(s))) => bound.strs.push((f.name, s.clone())),
            (Kind::Bool, Some(Value::Bool(b))) => bound.bools.push((f.name, *b)),
            (Kind::Int, Some(Value::Number(n))) => match n.as_i64() {
                Some(i) => bound.ints.push((f.name, i)),
                None => return Err(format!("cannot unmarshal number {n} into int64")),
            },
            (_, Some(v)) => return Err(format!("wrong type for {}: {v}", f.name)),
        }
    }
    for f in fields.iter().filter(|f| f.required) {
        let zero = match f.kind {
            Kind::Str => bound.str(f.name).is_empty(),
            Kind::Int => bound.int(f.name) == 0,
            Kind::Bool => !bound.opt_bool(f.name).unwrap_or(false),
        };
        if zero {
            return Err(format!("required value {} must not be empty", f.name));
        }
    }
    Ok(bound)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use hyper::{HeaderMap, Method};

    const FIELDS: &[Field] = &[
        Field {
            name: "name",
            kind: Kind::Str,
            required: true,
        },
        Field {
            name: "secondsToLive",
            kind: Kind::Int,
            required: false,
        },
    ];

    fn req(ct: Option<&str>, body: &str) -> Req {
        let mut h = HeaderMap::new();
        if let Some(ct) = ct {
            h.insert("content-type", ct.parse().unwrap());
        }
        Req::new(Method::POST, "/x", h, Bytes::from(body.to_string()))
    }

    fn ok(ct: Option<&str>, body: &str) -> bool {
        bind(&req(ct, body), FIELDS).is_ok()
    }

    #[test]
    fn go_decoding_rules() {
        let j = Some("application/json");
        assert!(ok(j, r#"{"name":"a"}"#));
        assert!(ok(
            Some("application/json; charset=utf-8"),
            r#"{"name":"a"}"#
        ));
        assert!(!ok(None, r#"{"name":"a"}"#));
        assert!(!ok(Some("text/plain"), r#"{"name":"a"}"#));
        assert!(!ok(j, ""));
        assert!(!ok(j, "null"));
        assert!(!ok(j, r#"{"name":""}"#));
        assert!(!ok(j, "[]"));
        assert!(!ok(j, "{"));
        assert!(!ok(j, r#"{"name":1}"#));
        assert!(ok(j, r#"{"NAME":"a"}"#));
        assert!(ok(j, r#"{"name":"a"} trailing"#));
        assert!(ok(j, r#"{"name":"a","secondsToLive":null,"other":[1]}"#));
        assert!(!ok(j, r#"{"name":"a","secondsToLive":0.01}"#));
        assert!(!ok(j, r#"{"name":"a","secondsToLive":1e3}"#));
        assert!(!ok(j, r#"{"name":"a","secondsToLive":"60"}"#));
        assert!(!ok(
            j,
            r#"{"name":"a","secondsToLive":99999999999999999999}"#
        ));
        let b = bind(&req(j, r#"{"name":"k","secondsToLive":-5}"#), FIELDS).unwrap();
        assert_eq!((b.str("name"), b.int("secondsToLive")), ("k", -5));
    }
}
