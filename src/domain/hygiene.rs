//! Token hygiene where only accounts are listed (issue 22): what each account's tokens need on
//! the service accounts list (rotating soon, revoked), whether all of an account's tokens are
//! unused, and the all-orgs overview's count of tokens to rotate soon.
//!
//! Grafana's search gives only a token count per account, so each account's tokens are read on
//! their own (`GET /api/serviceaccounts/:id/tokens`); these rules take what was read, measured by
//! the server's clock of that answer where it sent one.

use super::query::query_param;
use super::rotation::rotate_soon;
use super::service_accounts::{Token, tokens_cut_after};
use super::unused::UnusedFilter;

/// One account's tokens as Grafana listed them, and the server's time when it answered (Unix
/// millis of its `Date`), where it sent one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListedTokens {
    pub tokens: Vec<Token>,
    pub server_now: Option<i64>,
}

impl ListedTokens {
    /// The clock these tokens are measured by: the server's when it answered, else the
    /// browser's.
    pub fn now(&self, browser_now: i64) -> i64 {
        self.server_now.unwrap_or(browser_now)
    }

    /// How many need rotating soon ([`rotate_soon`]) and how many are revoked. A revoked token
    /// expiring within 7 days counts in both, as the account's page marks it with both.
    pub fn attention(&self, browser_now: i64) -> Attention {
        let now = self.now(browser_now);
        Attention {
            rotate_soon: self
                .tokens
                .iter()
                .filter(|token| rotate_soon(token, now))
                .count(),
            revoked: self.tokens.iter().filter(|token| token.is_revoked).count(),
        }
    }

    /// Whether the account is unused by `filter`: it has tokens, Grafana listed them all (the
    /// list is not cut at its 300), and every one passes `filter`. An account without tokens
    /// is not unused: it has nothing to clean up.
    pub fn all_unused(&self, filter: UnusedFilter, browser_now: i64) -> bool {
        let now = self.now(browser_now);
        !self.tokens.is_empty()
            && tokens_cut_after(&self.tokens).is_none()
            && self.tokens.iter().all(|token| filter.matches(token, now))
    }
}

/// What an account's tokens need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Attention {
    /// Not expired, expiring within 7 days.
    pub rotate_soon: usize,
    /// Publicly exposed and revoked by secret scanning.
    pub revoked: usize,
}

impl Attention {
    /// "2 to rotate soon", where any.
    pub fn rotate_soon_text(self) -> Option<String> {
        (self.rotate_soon > 0).then(|| format!("{} to rotate soon", self.rotate_soon))
    }

    /// "1 revoked", where any.
    pub fn revoked_text(self) -> Option<String> {
        (self.revoked > 0).then(|| format!("{} revoked", self.revoked))
    }
}

/// Where reading one account's tokens stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    Checking,
    Checked(ListedTokens),
    /// The server's message.
    Failed(String),
}

impl TokenCheck {
    /// Read, or failed: nothing more is coming for it.
    pub fn is_done(&self) -> bool {
        !matches!(self, TokenCheck::Checking)
    }
}

/// A row's word while its account's tokens are read.
pub const CHECKING_TEXT: &str = "checking…";

/// A row whose account's tokens could not be read.
pub fn check_failed_text(message: &str) -> String {
    format!("tokens not checked: {message}")
}

/// The unused filter's help, next to it.
pub const UNUSED_HELP: &str = "Lists the service accounts whose every token has not been used \
     for that long, or never. An account without tokens is not listed: it has nothing to clean \
     up.";

/// While the filter waits for the tokens of the accounts on the page.
pub fn unused_progress_text(done: usize, total: usize) -> String {
    format!("Checking the tokens of the service accounts on this page: {done} of {total}…")
}

/// What the filter kept, once every account on the page was checked: "2 of 5 service accounts
/// on this page have only tokens not used for 90 days." Where the search has more pages, that
/// they are checked when opened; where some account could not be checked, that it is not
/// listed.
pub fn unused_summary(
    filter: UnusedFilter,
    matched: usize,
    on_page: usize,
    failed: usize,
    page: u32,
    page_count: u32,
) -> String {
    let accounts = if on_page == 1 {
        "1 service account".to_string()
    } else {
        format!("{on_page} service accounts")
    };
    let verb = if matched == 1 { "has" } else { "have" };
    let what = filter.label().to_lowercase();
    let mut text = format!("{matched} of {accounts} on this page {verb} only tokens {what}.");
    if failed > 0 {
        let them = if failed == 1 {
            "1 account could not be read: it is".to_string()
        } else {
            format!("{failed} accounts could not be read: they are")
        };
        text.push_str(&format!(" The tokens of {them} not listed."));
    }
    if page_count > 1 {
        text.push_str(&format!(
            " Only this page is checked (page {page} of {page_count}): the others are checked \
             when you open them."
        ));
    }
    text
}

/// `?unused=` of the list's URL.
pub fn unused_in_query(query_string: &str) -> Option<UnusedFilter> {
    query_param(query_string, "unused").and_then(|value| UnusedFilter::from_param(&value))
}

/// The list's query string (`""` or `?…`) with `unused=` added for `filter`.
pub fn with_unused(query_string: String, filter: Option<UnusedFilter>) -> String {
    let Some(filter) = filter else {
        return query_string;
    };
    let pair = form_urlencoded::Serializer::new(String::new())
        .append_pair("unused", &filter.param())
        .finish();
    if query_string.is_empty() {
        format!("?{pair}")
    } else {
        format!("{query_string}&{pair}")
    }
}

/// One org's tokens to rotate soon, for the overview, over the accounts whose tokens were read:
/// the first page of Grafana's search (its order), not every account of a large org.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct OrgRotation {
    /// Tokens not expired and expiring within 7 days.
    pub rotate_soon: usize,
    /// The accounts of the search's first page (those with tokens had them read).
    pub accounts_read: usize,
    /// The org's accounts, as the search counts them.
    pub accounts_total: i64,
}

impl OrgRotation {
    /// Counts the tokens of `lists` (the accounts read) to rotate soon.
    pub fn of(
        lists: &[ListedTokens],
        accounts_read: usize,
        accounts_total: i64,
        browser_now: i64,
    ) -> Self {
        OrgRotation {
            rotate_soon: lists
                .iter()
                .map(|list| list.attention(browser_now).rotate_soon)
                .sum(),
            accounts_read,
            accounts_total,
        }
    }

    /// Where the org has more accounts than were read: "in the first 50 of 120 service
    /// accounts".
    pub fn note(self) -> Option<String> {
        (self.accounts_total > self.accounts_read as i64).then(|| {
            format!(
                "in the first {} of {} service accounts",
                self.accounts_read, self.accounts_total
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service_accounts::TOKEN_LIST_LIMIT;
    use crate::domain::time::{parse_unix_millis, to_rfc3339};

    const DAY: i64 = 86_400_000;
    const NOW: &str = "2026-06-01T00:00:00Z";

    fn now() -> i64 {
        parse_unix_millis(NOW).unwrap()
    }

    /// A token expiring `expires_in` days from now (none: never), last used `used_ago` days ago
    /// (none: never), made 400 days ago.
    fn token(expires_in: Option<i64>, used_ago: Option<i64>, revoked: bool) -> Token {
        Token {
            id: 1,
            name: "t".into(),
            created: Some(to_rfc3339(now() - 400 * DAY)),
            last_used_at: used_ago.map(|days| to_rfc3339(now() - days * DAY)),
            expiration: expires_in.map(|days| to_rfc3339(now() + days * DAY)),
            has_expired: expires_in.is_some_and(|days| days < 0),
            is_revoked: revoked,
        }
    }

    fn listed(tokens: Vec<Token>) -> ListedTokens {
        ListedTokens {
            tokens,
            server_now: Some(now()),
        }
    }

    #[test]
    fn attention_table() {
        let cases: &[(Vec<Token>, Attention)] = &[
            (vec![], Attention::default()),
            (
                vec![token(Some(3), None, false), token(Some(30), None, false)],
                Attention {
                    rotate_soon: 1,
                    revoked: 0,
                },
            ),
            (
                // Expired is not "soon"; never expiring neither.
                vec![token(Some(-1), None, false), token(None, None, false)],
                Attention::default(),
            ),
            (
                // Revoked and soon: counted in both.
                vec![token(Some(2), None, true), token(None, None, true)],
                Attention {
                    rotate_soon: 1,
                    revoked: 2,
                },
            ),
            (
                vec![token(Some(7), None, false), token(Some(8), None, false)],
                Attention {
                    rotate_soon: 1,
                    revoked: 0,
                },
            ),
        ];
        for (tokens, expected) in cases {
            assert_eq!(listed(tokens.clone()).attention(0), *expected, "{tokens:?}");
        }
    }

    #[test]
    fn the_servers_clock_wins_over_the_browsers() {
        // Expires in 10 days by the browser's clock; in 5 by the server's (9 days ahead).
        let list = ListedTokens {
            tokens: vec![token(Some(10), None, false)],
            server_now: Some(now() + 5 * DAY),
        };
        assert_eq!(list.attention(now()).rotate_soon, 1);
        // Without the server's time, the browser's.
        let list = ListedTokens {
            server_now: None,
            ..list
        };
        assert_eq!(list.attention(now()).rotate_soon, 0);
        assert_eq!(list.attention(now() + 5 * DAY).rotate_soon, 1);
        // Unused: by the server's clock too.
        let idle = ListedTokens {
            tokens: vec![token(None, Some(20), false)],
            server_now: Some(now() + 15 * DAY),
        };
        let thirty = UnusedFilter::NotUsedFor { days: 30 };
        assert!(idle.all_unused(thirty, now()));
        assert!(
            !ListedTokens {
                server_now: None,
                ..idle
            }
            .all_unused(thirty, now())
        );
    }

    #[test]
    fn attention_texts() {
        let none = Attention::default();
        assert_eq!((none.rotate_soon_text(), none.revoked_text()), (None, None));
        let some = Attention {
            rotate_soon: 2,
            revoked: 1,
        };
        assert_eq!(some.rotate_soon_text().unwrap(), "2 to rotate soon");
        assert_eq!(some.revoked_text().unwrap(), "1 revoked");
    }

    #[test]
    fn an_account_is_unused_when_every_token_is() {
        let [thirty, ninety, year, never] = UnusedFilter::CHOICES;
        // (tokens, [30, 90, 365, never])
        let cases: &[(Vec<Token>, [bool; 4])] = &[
            // No tokens: nothing to clean up, never "unused".
            (vec![], [false; 4]),
            (vec![token(None, None, false)], [true, true, true, true]),
            (
                vec![token(None, Some(45), false)],
                [true, false, false, false],
            ),
            (
                vec![token(None, Some(45), false), token(None, Some(100), false)],
                [true, false, false, false],
            ),
            (
                vec![token(None, Some(100), false), token(None, Some(400), false)],
                [true, true, false, false],
            ),
            (
                vec![token(None, Some(400), false)],
                [true, true, true, false],
            ),
            // One token in use keeps the account.
            (
                vec![token(None, None, false), token(None, Some(1), false)],
                [false; 4],
            ),
            // Never used, but one of them made yesterday: not unused for 30 days yet.
            (
                vec![
                    token(None, None, false),
                    Token {
                        created: Some(to_rfc3339(now() - DAY)),
                        ..token(None, None, false)
                    },
                ],
                [false, false, false, true],
            ),
            // Expired or revoked tokens unused count as unused.
            (
                vec![
                    token(Some(-5), Some(40), false),
                    token(None, Some(60), true),
                ],
                [true, false, false, false],
            ),
        ];
        for (tokens, expected) in cases {
            let list = listed(tokens.clone());
            let got = [thirty, ninety, year, never].map(|f| list.all_unused(f, 0));
            assert_eq!(got, *expected, "{tokens:?}");
        }
    }

    #[test]
    fn a_list_cut_at_grafanas_limit_is_not_known_to_be_unused() {
        let all_idle = vec![token(None, None, false); TOKEN_LIST_LIMIT];
        assert!(!listed(all_idle.clone()).all_unused(UnusedFilter::Never, 0));
        assert!(listed(all_idle[1..].to_vec()).all_unused(UnusedFilter::Never, 0));
    }

    #[test]
    fn checks_are_done_once_read_or_failed() {
        assert!(!TokenCheck::Checking.is_done());
        assert!(TokenCheck::Checked(ListedTokens::default()).is_done());
        assert!(TokenCheck::Failed("x".into()).is_done());
        assert_eq!(
            check_failed_text("Internal server error"),
            "tokens not checked: Internal server error"
        );
    }

    #[test]
    fn filter_texts() {
        let [thirty, _, year, never] = UnusedFilter::CHOICES;
        let cases = [
            (
                unused_summary(thirty, 2, 5, 0, 1, 1),
                "2 of 5 service accounts on this page have only tokens not used for 30 days.",
            ),
            (
                unused_summary(never, 1, 1, 0, 1, 1),
                "1 of 1 service account on this page has only tokens never used.",
            ),
            (
                unused_summary(year, 0, 50, 1, 2, 3),
                "0 of 50 service accounts on this page have only tokens not used for a year. The \
                 tokens of 1 account could not be read: it is not listed. Only this page is \
                 checked (page 2 of 3): the others are checked when you open them.",
            ),
            (
                unused_summary(thirty, 0, 4, 2, 1, 1),
                "0 of 4 service accounts on this page have only tokens not used for 30 days. The \
                 tokens of 2 accounts could not be read: they are not listed.",
            ),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
        assert_eq!(
            unused_progress_text(3, 12),
            "Checking the tokens of the service accounts on this page: 3 of 12…"
        );
        assert!(UNUSED_HELP.contains("An account without tokens is not listed"));
    }

    #[test]
    fn the_filter_lives_in_the_url_next_to_the_lists_query() {
        let ninety = UnusedFilter::NotUsedFor { days: 90 };
        let cases = [
            ("", None, ""),
            ("", Some(ninety), "?unused=90d"),
            (
                "?search=ci",
                Some(UnusedFilter::Never),
                "?search=ci&unused=never",
            ),
            ("?filter=disabled&page=2", None, "?filter=disabled&page=2"),
        ];
        for (query, filter, expected) in cases {
            let url = with_unused(query.to_string(), filter);
            assert_eq!(url, expected);
            assert_eq!(unused_in_query(&url), filter, "{url}");
        }
        assert_eq!(unused_in_query("?unused=7d"), None);
        assert_eq!(
            unused_in_query("search=x&unused=365d"),
            Some(UnusedFilter::NotUsedFor { days: 365 })
        );
    }

    #[test]
    fn the_overview_counts_tokens_to_rotate_soon_over_the_accounts_read() {
        let lists = [
            listed(vec![
                token(Some(1), None, false),
                token(Some(6), None, true),
            ]),
            listed(vec![
                token(Some(-1), None, false),
                token(Some(30), None, false),
            ]),
            listed(vec![token(Some(3), None, false)]),
        ];
        let all = OrgRotation::of(&lists, 4, 4, 0);
        assert_eq!(all.rotate_soon, 3);
        assert_eq!(all.note(), None);
        let partial = OrgRotation::of(&lists, 50, 120, 0);
        assert_eq!(
            partial.note().unwrap(),
            "in the first 50 of 120 service accounts"
        );
        assert_eq!(OrgRotation::of(&[], 0, 0, 0), OrgRotation::default());
    }
}
