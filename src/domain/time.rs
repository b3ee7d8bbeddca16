//! Instants as Grafana sends them (RFC 3339) and as the page shows them.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, Timelike};

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
    DateTime::from_timestamp_millis(unix_millis)
        .map(|instant| civil(instant.with_timezone(&offset).naive_local(), ' '))
        .unwrap_or_default()
}

/// The RFC 3339 text (UTC, whole seconds) of an instant, for `<time datetime>`.
pub fn to_rfc3339(unix_millis: i64) -> String {
    DateTime::from_timestamp_millis(unix_millis)
        .map(|instant| civil(instant.naive_utc(), 'T') + "Z")
        .unwrap_or_default()
}

/// Date and time with `between` them. Written out rather than with chrono's `format`, whose
/// pattern parser runs for every cell of a table and costs bytes in the wasm.
fn civil(at: NaiveDateTime, between: char) -> String {
    format!(
        "{:04}-{:02}-{:02}{between}{:02}:{:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// How far `then` is from `now`, in words: "in 3 days", "2 hours ago", "just now": the largest
/// unit that fits (a month is 30 days, a year 365), rounded to the nearest whole one, so a key
/// made to last 7 days still says "in 7 days" a second later.
pub fn relative(now_millis: i64, then_millis: i64) -> String {
    const UNITS: [(i64, &str); 6] = [
        (365 * 86_400, "year"),
        (30 * 86_400, "month"),
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    let seconds = (then_millis - now_millis) / 1000;
    let (size, unit) = UNITS
        .into_iter()
        // Within 1% of a unit counts as one: a key made to last a year says "in 1 year",
        // not "in 12 months", a moment later.
        .find(|(size, _)| seconds.abs() * 100 >= *size * 99)
        .unwrap_or((0, ""));
    if size == 0 {
        return "just now".to_string();
    }
    let count = (seconds.abs() + size / 2) / size;
    let plural = if count == 1 { "" } else { "s" };
    if seconds > 0 {
        format!("in {count} {unit}{plural}")
    } else {
        format!("{count} {unit}{plural} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        let millis = parse_unix_millis("2019-06-26T10:52:03+03:00").unwrap();
        assert_eq!(to_rfc3339(millis), "2019-06-26T07:52:03Z");
    }

    #[test]
    fn relative_in_the_largest_unit_that_fits() {
        let now = 1_700_000_000_000;
        let s = 1000;
        assert_eq!(relative(now, now), "just now");
        assert_eq!(relative(now, now + 500), "just now");
        assert_eq!(relative(now, now + s), "in 1 second");
        assert_eq!(relative(now, now - 30 * s), "30 seconds ago");
        assert_eq!(relative(now, now + 60 * s), "in 1 minute");
        assert_eq!(relative(now, now - 2 * 3_600 * s - 5 * s), "2 hours ago");
        assert_eq!(relative(now, now + 3 * 86_400 * s + 7_000 * s), "in 3 days");
        assert_eq!(relative(now, now + 29 * 86_400 * s), "in 29 days");
        assert_eq!(relative(now, now + 45 * 86_400 * s), "in 2 months");
        assert_eq!(relative(now, now + 7 * 86_400 * s - 2 * s), "in 7 days");
        assert_eq!(relative(now, now - 90 * s), "2 minutes ago");
        assert_eq!(relative(now, now + 365 * 86_400 * s - 60 * s), "in 1 year");
        assert_eq!(relative(now, now + 200 * 86_400 * s), "in 7 months");
        assert_eq!(relative(now, now - 400 * 86_400 * s), "1 year ago");
        assert_eq!(relative(now, now + 3 * 365 * 86_400 * s), "in 3 years");
    }

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
