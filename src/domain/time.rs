//! Instants as Grafana sends them (RFC 3339) and as the page shows them.

use chrono::{DateTime, FixedOffset};

/// Milliseconds since the Unix epoch of an RFC 3339 text such as Grafana's
/// `2019-06-26T10:52:03+03:00`; `None` when the text is not one.
pub fn parse_unix_millis(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|instant| instant.timestamp_millis())
}

/// `YYYY-MM-DD HH:mm:ss` at the given offset from UTC (minutes east), the format of
/// Grafana's `dateTimeFormat` in the user's time zone.
pub fn format_local(unix_millis: i64, offset_minutes: i32) -> String {
    let offset = FixedOffset::east_opt(offset_minutes * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset is valid"));
    match DateTime::from_timestamp_millis(unix_millis) {
        Some(instant) => instant
            .with_timezone(&offset)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_grafana_offsets_and_utc() {
        assert_eq!(
            parse_unix_millis("2019-06-26T10:52:03+03:00"),
            parse_unix_millis("2019-06-26T07:52:03Z")
        );
        assert_eq!(parse_unix_millis("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_unix_millis("not a date"), None);
        assert_eq!(parse_unix_millis(""), None);
    }

    #[test]
    fn formats_in_the_given_zone() {
        let millis = parse_unix_millis("2021-01-01T00:00:00Z").unwrap();
        assert_eq!(format_local(millis, 0), "2021-01-01 00:00:00");
        assert_eq!(format_local(millis, 120), "2021-01-01 02:00:00");
        assert_eq!(format_local(millis, -330), "2020-12-31 18:30:00");
    }

    #[test]
    fn an_impossible_offset_falls_back_to_utc() {
        let millis = parse_unix_millis("2021-01-01T00:00:00Z").unwrap();
        assert_eq!(format_local(millis, 100_000), "2021-01-01 00:00:00");
    }
}
