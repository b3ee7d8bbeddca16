//! The list's state in the URL's query string (`?search=ci&includeExpired=true`), so a reload
//! or a shared link restores it.

/// What the query string holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    pub search: String,
    pub include_expired: bool,
}

impl ListQuery {
    /// Reads `location.search` (with or without its `?`); unknown parameters are ignored.
    pub fn parse(query_string: &str) -> Self {
        let mut query = ListQuery::default();
        for pair in query_string.trim_start_matches('?').split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match decode(name).as_str() {
                "search" => query.search = decode(value),
                "includeExpired" => query.include_expired = decode(value) == "true",
                _ => {}
            }
        }
        query
    }

    /// The query string to put in the URL: `""` for the defaults, else `?…`.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.search.is_empty() {
            parts.push(format!("search={}", encode(&self.search)));
        }
        if self.include_expired {
            parts.push("includeExpired=true".to_string());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// Percent-encodes all but the unreserved characters of RFC 3986.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `%XX` and `+` (form encoding); a malformed escape is kept as written.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(index + 1..index + 3);
                match hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        index += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_leave_the_url_clean() {
        assert_eq!(ListQuery::default().to_query_string(), "");
        assert_eq!(ListQuery::parse(""), ListQuery::default());
    }

    #[test]
    fn round_trips_any_text() {
        for search in ["ci bot", "(", "a&b=c", "100%", "ünï 🔑", "+", "<b>"] {
            let query = ListQuery {
                search: search.to_string(),
                include_expired: true,
            };
            assert_eq!(
                ListQuery::parse(&query.to_query_string()),
                query,
                "{search}"
            );
        }
    }

    #[test]
    fn reads_what_browsers_write() {
        assert_eq!(
            ListQuery::parse("?search=ci+bot&includeExpired=true&other=1"),
            ListQuery {
                search: "ci bot".into(),
                include_expired: true
            }
        );
        assert_eq!(ListQuery::parse("?search=%ZZ%41").search, "%ZZA");
        assert!(!ListQuery::parse("?includeExpired=yes").include_expired);
    }
}
