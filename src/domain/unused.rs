//! Unused credentials: which keys and tokens have not been used for a while, or never, by the
//! server's clock; and how a confirmation tells "never used" from "last used on <date>".
//!
//! What Grafana reports (grafana-sim's README, "Last use"): the key list carries `lastUsedAt`
//! from 9.5 (omitted when never used), the token list from 9.1 (`null` when never used); uses
//! are stored from 9.1 for both; 10.1 – 10.2 did not record token uses at all; from ≈11.1 a use
//! within 5 minutes of the previous one is not written. So "never used" is only meaningful
//! where [`last_use_reported`] says so.

use super::keys::ApiKey;
use super::service_accounts::Token;
use super::time::{format_local, parse_unix_millis};
use super::version::GrafanaVersion;

const DAY_MILLIS: i64 = 86_400_000;

/// A key or a token, as far as its use goes.
pub trait LastUse {
    /// RFC 3339 of the last use; `None` when never used (or not reported).
    fn last_used_at(&self) -> Option<&str>;
    /// RFC 3339 of the creation, where the server sends it (tokens; keys never).
    fn created(&self) -> Option<&str>;
}

impl LastUse for ApiKey {
    fn last_used_at(&self) -> Option<&str> {
        self.last_used_at.as_deref()
    }
    fn created(&self) -> Option<&str> {
        None
    }
}

impl LastUse for Token {
    fn last_used_at(&self) -> Option<&str> {
        self.last_used_at.as_deref()
    }
    fn created(&self) -> Option<&str> {
        self.created.as_deref()
    }
}

/// A credential's use, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// No `lastUsedAt` (or Go's zero time, `0001-01-01T00:00:00Z`, which no version sends but
    /// would mean the same).
    Never,
    /// Last used at this instant.
    LastUsed { unix_millis: i64 },
    /// A value the page cannot read, kept as sent: never counted as unused.
    Unreadable(String),
}

/// Reads `lastUsedAt`.
pub fn usage_of(last_used_at: Option<&str>) -> Usage {
    match last_used_at {
        None => Usage::Never,
        Some(text) => match parse_unix_millis(text) {
            Some(_) if text.trim().starts_with("0001-01-01") => Usage::Never,
            Some(unix_millis) => Usage::LastUsed { unix_millis },
            None => Usage::Unreadable(text.to_string()),
        },
    }
}

/// The filter's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnusedFilter {
    /// Not used for more than `days` days (30, 90 or 365 in the page's choices): last used
    /// before then, or never used and not created within them.
    NotUsedFor { days: u32 },
    /// Never used.
    Never,
}

impl UnusedFilter {
    /// The page's choices, in order.
    pub const CHOICES: [UnusedFilter; 4] = [
        UnusedFilter::NotUsedFor { days: 30 },
        UnusedFilter::NotUsedFor { days: 90 },
        UnusedFilter::NotUsedFor { days: 365 },
        UnusedFilter::Never,
    ];

    /// "Not used for 30 days", "Not used for a year", "Never used".
    pub fn label(self) -> String {
        match self {
            UnusedFilter::NotUsedFor { days: 365 } => "Not used for a year".to_string(),
            UnusedFilter::NotUsedFor { days: 1 } => "Not used for a day".to_string(),
            UnusedFilter::NotUsedFor { days } => format!("Not used for {days} days"),
            UnusedFilter::Never => "Never used".to_string(),
        }
    }

    /// The value in the list's URL (`?unused=90d`): `30d`, `90d`, `365d`, `never`.
    pub fn param(self) -> String {
        match self {
            UnusedFilter::NotUsedFor { days } => format!("{days}d"),
            UnusedFilter::Never => "never".to_string(),
        }
    }

    /// One of [`UnusedFilter::CHOICES`] by its [`UnusedFilter::param`]; anything else: none.
    pub fn from_param(text: &str) -> Option<Self> {
        Self::CHOICES
            .into_iter()
            .find(|choice| choice.param() == text.trim())
    }

    /// Whether `item` passes, at `now_millis` (the server's clock). `NotUsedFor { days }`:
    /// last used more than `days` × 24 h ago; or never used, unless its creation is known and
    /// within those days (a token made yesterday is not "unused for 30 days"; a key, whose
    /// creation Grafana never sends, counts). `Never`: no use at all. An unreadable
    /// `lastUsedAt` never passes: nothing is offered for deletion on a value not understood.
    pub fn matches(self, item: &impl LastUse, now_millis: i64) -> bool {
        let usage = usage_of(item.last_used_at());
        match self {
            UnusedFilter::Never => usage == Usage::Never,
            UnusedFilter::NotUsedFor { days } => {
                let span = i64::from(days) * DAY_MILLIS;
                match usage {
                    Usage::LastUsed { unix_millis } => now_millis - unix_millis > span,
                    Usage::Never => item
                        .created()
                        .and_then(parse_unix_millis)
                        .is_none_or(|created| now_millis - created > span),
                    Usage::Unreadable(_) => false,
                }
            }
        }
    }
}

/// The items `filter` keeps, in their order.
pub fn unused<T: LastUse>(items: &[T], filter: UnusedFilter, now_millis: i64) -> Vec<&T> {
    items
        .iter()
        .filter(|item| filter.matches(*item, now_millis))
        .collect()
}

/// For a confirmation: "never used", "last used on 2024-05-01" (the date in the user's zone,
/// `offset_minutes` east of UTC), or "last used at an unreadable time (…)".
pub fn last_use_text(last_used_at: Option<&str>, offset_minutes: i32) -> String {
    match usage_of(last_used_at) {
        Usage::Never => "never used".to_string(),
        Usage::LastUsed { unix_millis } => {
            let local = format_local(unix_millis, offset_minutes);
            let date = local.split(' ').next().unwrap_or_default();
            format!("last used on {date}")
        }
        Usage::Unreadable(text) => format!("last used at an unreadable time ({text})"),
    }
}

/// Which credentials' last use the server reports at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    ApiKey,
    Token,
}

/// Whether the server's lists say when a credential was last used: the key list from 9.5, the
/// token list from 9.1. Where they do not, every row looks "never used" and the filter must
/// not be offered. An unknown version: not reported.
pub fn last_use_reported(kind: Credential, version: Option<GrafanaVersion>) -> bool {
    version.is_some_and(|v| match kind {
        Credential::ApiKey => v.at_least(9, 5),
        Credential::Token => v.at_least(9, 1),
    })
}

/// A warning to show next to token last-use figures, where the server is known to report them
/// wrong: 10.1 – 10.2 did not record token uses (fixed in Grafana 10.3), so tokens used on such
/// a server may look unused.
pub fn token_last_use_caveat(version: Option<GrafanaVersion>) -> Option<&'static str> {
    version
        .filter(|v| v.at_least(10, 1) && !v.at_least(10, 3))
        .map(|_| {
            "Grafana 10.1 and 10.2 do not record when a token is used: a token used since the \
             upgrade may look unused."
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::keys::Role;

    const NOW: &str = "2026-06-01T00:00:00Z";

    fn now() -> i64 {
        parse_unix_millis(NOW).unwrap()
    }

    fn ago(days: i64, extra_seconds: i64) -> String {
        crate::domain::time::to_rfc3339(now() - days * DAY_MILLIS - extra_seconds * 1000)
    }

    fn key(last_used_at: Option<&str>) -> ApiKey {
        ApiKey {
            id: 1,
            name: "k".into(),
            role: Role::Viewer,
            expiration: None,
            last_used_at: last_used_at.map(str::to_string),
            access_control: None,
        }
    }

    fn token(last_used_at: Option<&str>, created: Option<&str>) -> Token {
        Token {
            id: 1,
            name: "t".into(),
            created: created.map(str::to_string),
            last_used_at: last_used_at.map(str::to_string),
            expiration: None,
            has_expired: false,
            is_revoked: false,
        }
    }

    #[test]
    fn filter_table_for_keys() {
        let thirty = UnusedFilter::NotUsedFor { days: 30 };
        let ninety = UnusedFilter::NotUsedFor { days: 90 };
        let year = UnusedFilter::NotUsedFor { days: 365 };
        let never = UnusedFilter::Never;
        let cases: &[(Option<String>, [bool; 4])] = &[
            // last use                  30     90     365    never
            (None, [true, true, true, true]),
            (Some(ago(0, 60)), [false, false, false, false]),
            (Some(ago(30, 0)), [false, false, false, false]),
            (Some(ago(30, 1)), [true, false, false, false]),
            (Some(ago(45, 0)), [true, false, false, false]),
            (Some(ago(100, 0)), [true, true, false, false]),
            (Some(ago(400, 0)), [true, true, true, false]),
            (
                Some("0001-01-01T00:00:00Z".into()),
                [true, true, true, true],
            ),
            (Some("garbage".into()), [false, false, false, false]),
            // In the future (a skewed clock): used, recently.
            (Some(ago(-1, 0)), [false, false, false, false]),
        ];
        for (last, expected) in cases {
            let k = key(last.as_deref());
            let got = [thirty, ninety, year, never].map(|f| f.matches(&k, now()));
            assert_eq!(got, *expected, "{last:?}");
        }
    }

    #[test]
    fn a_new_token_never_used_is_not_unused_yet() {
        let thirty = UnusedFilter::NotUsedFor { days: 30 };
        let fresh = token(None, Some(&ago(2, 0)));
        let old = token(None, Some(&ago(31, 0)));
        let unknown = token(None, None);
        let unreadable = token(None, Some("?"));
        assert!(!thirty.matches(&fresh, now()));
        assert!(thirty.matches(&old, now()));
        assert!(thirty.matches(&unknown, now()));
        assert!(thirty.matches(&unreadable, now()));
        // "Never used" is about use alone.
        assert!(UnusedFilter::Never.matches(&fresh, now()));
        let tokens = [
            fresh,
            old.clone(),
            token(Some(&ago(1, 0)), Some(&ago(90, 0))),
        ];
        assert_eq!(unused(&tokens, thirty, now()), vec![&old]);
    }

    #[test]
    fn labels() {
        let labels: Vec<String> = UnusedFilter::CHOICES.iter().map(|f| f.label()).collect();
        assert_eq!(
            labels,
            [
                "Not used for 30 days",
                "Not used for 90 days",
                "Not used for a year",
                "Never used"
            ]
        );
    }

    #[test]
    fn params_round_trip_and_only_the_choices_are_read() {
        let params: Vec<String> = UnusedFilter::CHOICES.iter().map(|f| f.param()).collect();
        assert_eq!(params, ["30d", "90d", "365d", "never"]);
        for choice in UnusedFilter::CHOICES {
            assert_eq!(UnusedFilter::from_param(&choice.param()), Some(choice));
        }
        for other in ["", "7d", "30", "Never", "d", "-30d"] {
            assert_eq!(UnusedFilter::from_param(other), None, "{other:?}");
        }
    }

    #[test]
    fn confirmation_texts() {
        assert_eq!(last_use_text(None, 0), "never used");
        assert_eq!(
            last_use_text(Some("2024-05-01T23:30:00Z"), 0),
            "last used on 2024-05-01"
        );
        // The user's date, not UTC's.
        assert_eq!(
            last_use_text(Some("2024-05-01T23:30:00Z"), 60),
            "last used on 2024-05-02"
        );
        assert_eq!(
            last_use_text(Some("2024-05-01T23:30:00+02:00"), 0),
            "last used on 2024-05-01"
        );
        assert_eq!(last_use_text(Some("0001-01-01T00:00:00Z"), 0), "never used");
        assert_eq!(
            last_use_text(Some("later"), 0),
            "last used at an unreadable time (later)"
        );
    }

    #[test]
    fn where_last_use_is_reported() {
        let v = |text: &str| GrafanaVersion::parse(text);
        let cases = [
            ("9.0.0", false, false),
            ("9.1.0", false, true),
            ("9.4.7", false, true),
            ("9.5.0", true, true),
            ("12.1.0", true, true),
        ];
        for (version, keys, tokens) in cases {
            assert_eq!(last_use_reported(Credential::ApiKey, v(version)), keys);
            assert_eq!(last_use_reported(Credential::Token, v(version)), tokens);
        }
        assert!(!last_use_reported(Credential::Token, None));
        assert!(token_last_use_caveat(v("10.0.9")).is_none());
        assert!(token_last_use_caveat(v("10.1.0")).is_some());
        assert!(token_last_use_caveat(v("10.2.3")).is_some());
        assert!(token_last_use_caveat(v("10.3.0")).is_none());
        assert!(token_last_use_caveat(None).is_none());
    }
}
