//! When a key expires, as the table shows it.

use super::time::parse_unix_millis;

/// How close an expiry must be to be flagged: a week, time to rotate the key.
pub const SOON_MILLIS: i64 = 7 * 24 * 3_600 * 1_000;

/// A key's expiry relative to now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expiry {
    /// No `expiration`: Grafana shows "No expiration date".
    Never,
    /// A readable instant; `expired` once now is past it (Grafana: `Date.now() > expiration`),
    /// `soon` while it has at most a week left.
    At {
        unix_millis: i64,
        expired: bool,
        soon: bool,
    },
    /// A value the page cannot read, shown as sent rather than hidden.
    Unreadable(String),
}

pub fn expiry_of(expiration: Option<&str>, now_millis: i64) -> Expiry {
    match expiration {
        None => Expiry::Never,
        Some(text) => match parse_unix_millis(text) {
            Some(unix_millis) => Expiry::At {
                unix_millis,
                expired: now_millis > unix_millis,
                soon: now_millis <= unix_millis && unix_millis - now_millis <= SOON_MILLIS,
            },
            None => Expiry::Unreadable(text.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON: &str = "2024-05-01T12:00:00Z";

    #[test]
    fn no_expiration_never_expires() {
        assert_eq!(expiry_of(None, 0), Expiry::Never);
    }

    fn at(unix_millis: i64, expired: bool, soon: bool) -> Expiry {
        Expiry::At {
            unix_millis,
            expired,
            soon,
        }
    }

    #[test]
    fn expired_only_after_the_instant() {
        let noon = parse_unix_millis(NOON).unwrap();
        assert_eq!(expiry_of(Some(NOON), noon), at(noon, false, true));
        assert_eq!(expiry_of(Some(NOON), noon + 1), at(noon, true, false));
    }

    #[test]
    fn soon_within_a_week() {
        let noon = parse_unix_millis(NOON).unwrap();
        assert_eq!(
            expiry_of(Some(NOON), noon - SOON_MILLIS),
            at(noon, false, true)
        );
        assert_eq!(
            expiry_of(Some(NOON), noon - SOON_MILLIS - 1),
            at(noon, false, false)
        );
    }

    #[test]
    fn an_unreadable_date_is_kept() {
        assert_eq!(
            expiry_of(Some("soon"), 0),
            Expiry::Unreadable("soon".to_string())
        );
    }
}
