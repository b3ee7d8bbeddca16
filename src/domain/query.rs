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
        for (name, value) in form_urlencoded::parse(query_string.trim_start_matches('?').as_bytes())
        {
            match name.as_ref() {
                "search" => query.search = value.into_owned(),
                "includeExpired" => query.include_expired = value == "true",
                _ => {}
            }
        }
        query
    }

    /// The query string to put in the URL: `""` for the defaults, else `?…`.
    pub fn to_query_string(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if !self.search.is_empty() {
            query.append_pair("search", &self.search);
        }
        if self.include_expired {
            query.append_pair("includeExpired", "true");
        }
        let query = query.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }
}

/// The first value of `name` in `query_string` (with or without its `?`), decoded.
pub fn query_param(query_string: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query_string.trim_start_matches('?').as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The org `?orgId=N` names (Grafana's convention), where it names one: a positive integer.
pub fn org_id_in(query_string: &str) -> Option<i64> {
    query_param(query_string, "orgId")
        .and_then(|value| value.trim().parse::<i64>().ok())
        .filter(|id| *id > 0)
}

/// `query_string` (with or without its `?`) with `orgId=N` first and every other parameter
/// kept as it was; `""` stays `""` only without an org.
pub fn with_org(query_string: &str, org_id: Option<i64>) -> String {
    let rest = query_string.trim_start_matches('?');
    let kept: Vec<&str> = rest
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| pair.split('=').next() != Some("orgId"))
        .collect();
    let mut parts = Vec::with_capacity(kept.len() + 1);
    let org = org_id.map(|id| format!("orgId={id}"));
    if let Some(org) = &org {
        parts.push(org.as_str());
    }
    parts.extend(kept);
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The query string a page writes (`new`), keeping the org the current URL (`current`) names,
/// so a page that writes only its own list state never drops the org.
pub fn keep_org(new: &str, current: &str) -> String {
    match (org_id_in(new), org_id_in(current)) {
        (None, Some(org)) => with_org(new, Some(org)),
        _ => new.to_string(),
    }
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
        assert_eq!(ListQuery::parse("?search=%28%2A%20%26").search, "(* &");
        assert_eq!(ListQuery::parse("?search=%ZZ%41").search, "%ZZA");
        assert!(!ListQuery::parse("?includeExpired=yes").include_expired);
    }

    #[test]
    fn the_org_is_read_only_when_it_is_a_positive_integer() {
        let cases = [
            ("", None),
            ("?orgId=2", Some(2)),
            ("orgId=3&search=x", Some(3)),
            ("?search=x&orgId=12", Some(12)),
            ("?orgId=abc", None),
            ("?orgId=0", None),
            ("?orgId=-1", None),
            ("?orgid=2", None),
        ];
        for (query, expected) in cases {
            assert_eq!(org_id_in(query), expected, "{query}");
        }
    }

    #[test]
    fn the_org_goes_first_and_the_rest_stays() {
        let cases = [
            ("", Some(2), "?orgId=2"),
            ("", None, ""),
            ("?search=ci+bot", Some(2), "?orgId=2&search=ci+bot"),
            ("?orgId=1&search=a%26b", Some(2), "?orgId=2&search=a%26b"),
            ("?search=x&orgId=1", None, "?search=x"),
            ("search=x", Some(3), "?orgId=3&search=x"),
        ];
        for (query, org, expected) in cases {
            assert_eq!(with_org(query, org), expected, "{query} {org:?}");
        }
    }

    #[test]
    fn a_page_writing_its_list_state_keeps_the_org() {
        let cases = [
            ("?search=ci", "?orgId=2", "?orgId=2&search=ci"),
            ("", "?orgId=2&search=old", "?orgId=2"),
            ("?search=ci", "", "?search=ci"),
            ("", "", ""),
            ("?orgId=3", "?orgId=2", "?orgId=3"),
        ];
        for (new, current, expected) in cases {
            assert_eq!(keep_org(new, current), expected, "{new} {current}");
            assert_eq!(
                ListQuery::parse(expected),
                ListQuery::parse(new),
                "the list state is unchanged"
            );
        }
    }
}
