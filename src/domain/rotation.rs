//! Rotating a service-account token: the new token's name, the lifetime carried over from the
//! old one, and which tokens are due ("rotate soon").
//!
//! Grafana has no rotation endpoint: rotating is creating a token (`POST
//! /api/serviceaccounts/:id/tokens {name, secondsToLive}`) and then deleting the old one. Names
//! are unique per org across every `api_key` row (keys and tokens of every account), so the
//! name must avoid all of them.

use chrono::{Datelike, NaiveDate};

use super::expiry::{Expiry, expiry_of};
use super::service_accounts::Token;
use super::time::parse_unix_millis;

/// The longest name Grafana stores: `api_key.name` is `NVARCHAR(190)`. No handler checks it;
/// MySQL and PostgreSQL refuse a longer name (a 500), SQLite keeps it.
pub const MAX_NAME_CHARS: usize = 190;

/// The new token's name: `<base>-<today>` where `<base>` is the old name without a date
/// suffix of its own (`ci-token-2025-01-01` and `ci-token-2025-01-01-3` both have base
/// `ci-token`), so dates are replaced, not stacked. When that name is in `taken` (compared
/// case-insensitively: MySQL's collation would call them duplicates), `-2`, `-3`, … follow.
/// The base is shortened so the whole fits [`MAX_NAME_CHARS`].
pub fn rotated_name<'a>(
    old: &str,
    today: NaiveDate,
    taken: impl IntoIterator<Item = &'a str>,
) -> String {
    let taken: Vec<String> = taken.into_iter().map(str::to_lowercase).collect();
    let is_taken = |name: &str| taken.contains(&name.to_lowercase());
    let base = base_name(old.trim());
    let date = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        today.month(),
        today.day()
    );
    (1u32..)
        .map(|n| {
            let suffix = if n == 1 {
                format!("-{date}")
            } else {
                format!("-{date}-{n}")
            };
            fitted(base, &suffix)
        })
        .find(|name| !is_taken(name))
        .expect("an unbounded counter always finds a free name")
}

/// The name without a trailing `-YYYY-MM-DD` (a real date), itself optionally followed by
/// `-N` (the counter [`rotated_name`] adds). A name that is only a date keeps it.
fn base_name(name: &str) -> &str {
    let without_counter = match name.rsplit_once('-') {
        Some((head, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            if strip_date(head).is_some() {
                head
            } else {
                name
            }
        }
        _ => name,
    };
    match strip_date(without_counter) {
        Some(base) if !base.is_empty() => base,
        _ => name,
    }
}

/// `Some(base)` when `name` is `<base>-YYYY-MM-DD` with a valid calendar date.
fn strip_date(name: &str) -> Option<&str> {
    let split = name.len().checked_sub(11)?;
    if !name.is_char_boundary(split) {
        return None;
    }
    let (base, tail) = name.split_at(split);
    let date = tail.strip_prefix('-')?;
    let well_formed = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    (well_formed && NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()).then_some(base)
}

/// `base + suffix`, the base cut (on a character boundary, without a trailing `-` or space)
/// so the whole has at most [`MAX_NAME_CHARS`] characters.
fn fitted(base: &str, suffix: &str) -> String {
    let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
    let cut: String = base.chars().take(room).collect();
    let cut = if cut.len() < base.len() {
        cut.trim_end_matches(['-', ' '])
    } else {
        cut.as_str()
    };
    format!("{cut}{suffix}")
}

/// The lifetime a rotated token inherits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CarriedLifetime {
    /// The old token never expired: the new one gets "No expiration" (`secondsToLive` unset).
    NoExpiration,
    /// A time to live the TTL field reads (`domain::ttl::parse_ttl`): `"30d"`, `"1y"`,
    /// `"12h"`, `"90m"`, `"45s"`.
    Ttl(String),
    /// The old token's dates cannot be read, or it expired before it was created: the user
    /// chooses.
    Unknown,
}

/// What the old token lived: `expiration − created`, written in the one unit the TTL field
/// takes. The largest of years (365 days), days, hours and minutes that fits the lifetime is
/// used (within a minute for years and days, 36 s for hours, exactly for minutes: creation and
/// expiry are stored to the second, so a 30-day token is 30 days to the second, but a
/// migrated or hand-edited one may be off a little); a lifetime under an hour that is not
/// whole minutes is given in seconds, a longer one to the nearest minute. Weeks and 30-day
/// months are never produced (days read better).
pub fn carried_lifetime(created: Option<&str>, expiration: Option<&str>) -> CarriedLifetime {
    let Some(expiration) = expiration else {
        return CarriedLifetime::NoExpiration;
    };
    let (Some(from), Some(to)) = (
        created.and_then(parse_unix_millis),
        parse_unix_millis(expiration),
    ) else {
        return CarriedLifetime::Unknown;
    };
    let seconds = (to - from) / 1000;
    if seconds <= 0 {
        return CarriedLifetime::Unknown;
    }
    CarriedLifetime::Ttl(ttl_text(seconds))
}

/// [`carried_lifetime`] of a token.
pub fn token_lifetime(token: &Token) -> CarriedLifetime {
    carried_lifetime(token.created.as_deref(), token.expiration.as_deref())
}

/// `seconds` (> 0) in one unit, as [`carried_lifetime`] describes.
fn ttl_text(seconds: i64) -> String {
    const YEAR: i64 = 365 * 86_400;
    // (unit seconds, suffix, tolerance in seconds for "fits")
    const UNITS: [(i64, char, i64); 4] = [
        (YEAR, 'y', 60),
        (86_400, 'd', 60),
        (3_600, 'h', 36),
        (60, 'm', 0),
    ];
    let nearest = |unit: i64| (seconds + unit / 2) / unit;
    for (unit, suffix, tolerance) in UNITS {
        let count = nearest(unit);
        if count >= 1 && (seconds - count * unit).abs() <= tolerance {
            return format!("{count}{suffix}");
        }
    }
    if seconds < 3_600 {
        format!("{seconds}s")
    } else {
        format!("{}m", nearest(60))
    }
}

/// Due for rotation: not expired and expiring within 7 days (the table's "soon",
/// `domain::expiry::SOON_MILLIS`, inclusive), by the server's clock `now_millis` (its `Date`
/// header), never the browser's. A token the server says has expired is not "soon": it is
/// expired.
pub fn rotate_soon(token: &Token, now_millis: i64) -> bool {
    !token.is_expired() && expires_soon(token.expiration.as_deref(), now_millis)
}

/// [`rotate_soon`] for any expiration (an API key's too): a readable instant at most 7 days
/// ahead of `now_millis`, not past.
pub fn expires_soon(expiration: Option<&str>, now_millis: i64) -> bool {
    matches!(
        expiry_of(expiration, now_millis),
        Expiry::At {
            expired: false,
            soon: true,
            ..
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ttl::parse_ttl;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn names_table() {
        let today = day("2026-12-04");
        let cases: &[(&str, &[&str], &str)] = &[
            ("ci-token", &[], "ci-token-2026-12-04"),
            // A date suffix is replaced, not stacked; so is the counter after it.
            ("ci-token-2025-01-01", &[], "ci-token-2026-12-04"),
            ("ci-token-2025-01-01-3", &[], "ci-token-2026-12-04"),
            // Taken: -2, -3 … (case-insensitively, as MySQL compares).
            (
                "ci-token",
                &["ci-token-2026-12-04"],
                "ci-token-2026-12-04-2",
            ),
            (
                "ci-token",
                &["CI-TOKEN-2026-12-04", "ci-token-2026-12-04-2"],
                "ci-token-2026-12-04-3",
            ),
            // Rotating twice on one day: the first rotation's name is taken.
            (
                "ci-token-2026-12-04",
                &["ci-token-2026-12-04"],
                "ci-token-2026-12-04-2",
            ),
            // Not a date, or not a real one: kept.
            ("ci-token-2025-13-01", &[], "ci-token-2025-13-01-2026-12-04"),
            ("ci-token-2025-02-30", &[], "ci-token-2025-02-30-2026-12-04"),
            ("ci-token-20250101", &[], "ci-token-20250101-2026-12-04"),
            ("build-7", &[], "build-7-2026-12-04"),
            ("v2-2", &[], "v2-2-2026-12-04"),
            // Only a date: nothing to strip it from.
            ("2025-01-01", &[], "2025-01-01-2026-12-04"),
            ("-2025-01-01", &[], "-2025-01-01-2026-12-04"),
            // Spaces and Unicode survive.
            ("Prod Déploiement", &[], "Prod Déploiement-2026-12-04"),
            ("  padded  ", &[], "padded-2026-12-04"),
            ("ключ-2024-02-29", &[], "ключ-2026-12-04"),
        ];
        for (old, taken, expected) in cases {
            assert_eq!(
                rotated_name(old, today, taken.iter().copied()),
                *expected,
                "{old:?} with {taken:?}"
            );
        }
    }

    #[test]
    fn long_names_fit_the_column() {
        let today = day("2026-12-04");
        let long = "x".repeat(300);
        let name = rotated_name(&long, today, []);
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        assert!(name.ends_with("x-2026-12-04"));
        let taken = [name.as_str()];
        let second = rotated_name(&long, today, taken);
        assert_eq!(second.chars().count(), MAX_NAME_CHARS);
        assert!(second.ends_with("-2026-12-04-2"));
        // Cut on characters, not bytes; no dangling dash at the cut.
        let wide = format!("{}-{}", "é".repeat(178), "z".repeat(20));
        let name = rotated_name(&wide, today, []);
        assert_eq!(name.chars().count(), 189);
        assert_eq!(name, format!("{}-2026-12-04", "é".repeat(178)));
    }

    const T0: &str = "2026-01-01T00:00:00Z";

    fn at(seconds: i64) -> String {
        crate::domain::time::to_rfc3339(parse_unix_millis(T0).unwrap() + seconds * 1000)
    }

    #[test]
    fn lifetimes_table() {
        let d = 86_400;
        let cases: &[(i64, &str)] = &[
            (30 * d, "30d"),
            (7 * d, "7d"),
            (90 * d, "90d"),
            (365 * d, "1y"),
            (2 * 365 * d, "2y"),
            (366 * d, "366d"),
            (12 * 3_600, "12h"),
            (36 * 3_600, "36h"),
            (3_600, "1h"),
            (90 * 60, "90m"),
            (45, "45s"),
            (1, "1s"),
            // A second or a minute off a whole day still reads as days.
            (30 * d - 1, "30d"),
            (30 * d + 59, "30d"),
            // Not whole days: hours, minutes, else seconds under an hour, else the nearest
            // minute.
            (30 * d + 3 * 3_600 + 7, "723h"),
            (90 * 60 + 7, "90m"),
            (5 * 3_600 + 20 * 60 + 31, "321m"),
            (61, "61s"),
            (3_599, "1h"),
            (3_500, "3500s"),
        ];
        for (seconds, expected) in cases {
            let lifetime = carried_lifetime(Some(T0), Some(&at(*seconds)));
            assert_eq!(
                lifetime,
                CarriedLifetime::Ttl(expected.to_string()),
                "{seconds}s"
            );
            // The TTL field reads what is produced.
            assert!(parse_ttl(expected).unwrap().is_some(), "{expected}");
        }
    }

    #[test]
    fn exact_lifetimes_round_trip_through_the_ttl_grammar() {
        for seconds in [60, 3_600, 86_400, 30 * 86_400, 365 * 86_400, 123, 7_200] {
            let CarriedLifetime::Ttl(text) = carried_lifetime(Some(T0), Some(&at(seconds))) else {
                panic!("{seconds}");
            };
            assert_eq!(parse_ttl(&text), Ok(Some(seconds)), "{text}");
        }
    }

    #[test]
    fn no_expiration_and_unreadable_dates() {
        assert_eq!(
            carried_lifetime(Some(T0), None),
            CarriedLifetime::NoExpiration
        );
        assert_eq!(carried_lifetime(None, None), CarriedLifetime::NoExpiration);
        assert_eq!(carried_lifetime(None, Some(T0)), CarriedLifetime::Unknown);
        assert_eq!(
            carried_lifetime(Some("yesterday"), Some(T0)),
            CarriedLifetime::Unknown
        );
        assert_eq!(
            carried_lifetime(Some(&at(10)), Some(T0)),
            CarriedLifetime::Unknown
        );
        assert_eq!(
            carried_lifetime(Some(T0), Some(T0)),
            CarriedLifetime::Unknown
        );
        // Offsets are honoured.
        assert_eq!(
            carried_lifetime(
                Some("2026-01-01T02:00:00+02:00"),
                Some("2026-01-31T00:00:00Z")
            ),
            CarriedLifetime::Ttl("30d".into())
        );
    }

    fn token(expiration: Option<&str>, has_expired: bool) -> Token {
        Token {
            id: 1,
            name: "t".into(),
            created: Some(T0.into()),
            last_used_at: None,
            expiration: expiration.map(str::to_string),
            has_expired,
            is_revoked: false,
        }
    }

    #[test]
    fn rotate_soon_table() {
        let now = parse_unix_millis(T0).unwrap();
        let week = 7 * 86_400;
        let cases: &[(Option<String>, bool, bool)] = &[
            (None, false, false),
            (Some(at(3 * 86_400)), false, true),
            (Some(at(week)), false, true),
            (Some(at(week + 1)), false, false),
            (Some(at(1)), false, true),
            (Some(at(0)), false, true),
            // Past: expired, not "soon".
            (Some(at(-1)), false, false),
            // The server said expired (its clock is ahead of ours): not "soon".
            (Some(at(60)), true, false),
            (Some("soon".into()), false, false),
        ];
        for (expiration, has_expired, soon) in cases {
            assert_eq!(
                rotate_soon(&token(expiration.as_deref(), *has_expired), now),
                *soon,
                "{expiration:?} {has_expired}"
            );
        }
        assert!(expires_soon(Some(&at(60)), now));
        assert!(!expires_soon(None, now));
    }
}
