//! When a key expires, as the table shows it.

use super::time::parse_unix_millis;

/// A key's expiry relative to now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expiry {
    /// No `expiration`: Grafana shows "No expiration date".
    Never,
    /// A readable instant; `expired` once now is past it (Grafana: `Date.now() > expiration`).
    At { unix_millis: i64, expired: bool },
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

    #[test]
    fn expired_only_after_the_instant() {
        let at = parse_unix_millis(NOON).unwrap();
        assert_eq!(
            expiry_of(Some(NOON), at),
            Expiry::At {
                unix_millis: at,
                expired: false
            }
        );
        assert_eq!(
            expiry_of(Some(NOON), at + 1),
            Expiry::At {
                unix_millis: at,
                expired: true
            }
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
