//! Wall-clock helpers and RFC 3339 output like Go's `time.Time` JSON.
//!
//! Grafana stores expiry as Unix seconds and renders `time.Unix(expires, 0)`,
//! so whole seconds are exact; we render in UTC with a `Z` suffix (the lead's
//! interface decision 5), which any RFC 3339 parser reads the same.

use chrono::{DateTime, SecondsFormat, Utc};

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    Utc::now().timestamp()
}

/// `2019-06-26T10:52:03Z` for a Unix second (whole seconds, `Z` suffix).
/// Instants chrono cannot represent (beyond ±262 000 years) render as Go's
/// zero time.
pub fn rfc3339(unix: i64) -> String {
    DateTime::<Utc>::from_timestamp(unix, 0).map_or_else(
        || "0001-01-01T00:00:00Z".to_string(),
        |t| t.to_rfc3339_opts(SecondsFormat::Secs, true),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_561_535_523), "2019-06-26T07:52:03Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(4_102_444_800), "2100-01-01T00:00:00Z");
        assert_eq!(rfc3339(i64::MAX), "0001-01-01T00:00:00Z");
        assert!((now_unix() - 1_700_000_000) > 0);
    }
}
