//! The user's orgs (`/api/user`, `/api/user/orgs`), one org's overview counts, and the check
//! that an answer about org-bound things is about the chosen org.

use serde::Deserialize;

use super::{ApiError, Grafana};
use crate::domain::keys::Role;
use crate::domain::orgs::{Membership, OrgSummary, Part, UserOrgs, key_counts};

/// `GET /api/user`: only the current org.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CurrentUser {
    org_id: i64,
}

/// One item of `GET /api/user/orgs` (`UserOrgDTO`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserOrgWire {
    org_id: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

impl From<UserOrgWire> for Membership {
    fn from(wire: UserOrgWire) -> Self {
        Membership {
            org_id: wire.org_id,
            name: wire.name,
            role: Role::parse(&wire.role),
        }
    }
}

/// The search's count only.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SearchCount {
    #[serde(default)]
    total_count: i64,
}

/// The search for accounts with expired tokens, one account per page: only its `totalCount` is
/// read.
const EXPIRED_TOKENS_SEARCH: &str =
    "/api/serviceaccounts/search?perpage=1&page=1&query=&expiredTokens=true";

impl Grafana {
    /// The signed-in user's current org and memberships. `GET /api/user` reports the stored
    /// current org whatever org header is sent.
    pub async fn user_orgs(&self) -> Result<UserOrgs, ApiError> {
        let (user, orgs) = futures::join!(
            self.get::<CurrentUser>("/api/user"),
            self.get::<Vec<UserOrgWire>>("/api/user/orgs")
        );
        Ok(UserOrgs {
            current: user?.org_id,
            orgs: orgs?.into_iter().map(Membership::from).collect(),
        })
    }

    /// This client's org for the overview: its keys as the keys page loads them (both lists)
    /// and the number of service accounts with expired tokens, asked in parallel.
    pub async fn org_summary(&self, now_millis: i64) -> OrgSummary {
        let (keys, accounts) = futures::join!(
            self.key_lists(),
            self.get::<SearchCount>(EXPIRED_TOKENS_SEARCH)
        );
        OrgSummary {
            // By the server's clock where its answers said it, else the browser's.
            keys: part(
                keys.map(|lists| key_counts(&lists, lists.server_now.unwrap_or(now_millis))),
            ),
            expired_token_accounts: part(accounts.map(|count| count.total_count)),
        }
    }
}

/// An answer as one part of an org's summary: a removed route (keys from 12.1, service
/// accounts before 9.1) is "not here", not a failure.
pub fn part<T>(answer: Result<T, ApiError>) -> Part<T> {
    match answer {
        Ok(value) => Part::Counted(value),
        Err(ApiError::RouteRemoved(_)) => Part::Unavailable,
        Err(error) => Part::Failed(error.to_string()),
    }
}

/// What `check_answer_org` reads of an answer: an account's org, or a search's accounts. Typed
/// rather than a `serde_json::Value`, whose decoder the bundle would carry for this alone.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrgBound {
    #[serde(default)]
    org_id: Option<i64>,
    #[serde(default)]
    service_accounts: Option<Vec<OrgBound>>,
}

impl OrgBound {
    fn other_org(&self, org_id: i64) -> Option<i64> {
        self.org_id.filter(|answered| *answered != org_id)
    }
}

/// Where an answer carries `orgId` (service accounts: an account, or the search's accounts), it
/// must be the org the request was made in; anything else is refused rather than shown under
/// the chosen org's name.
pub(super) fn check_answer_org(
    path: &str,
    status: u16,
    body: &str,
    org_id: i64,
) -> Result<(), ApiError> {
    if !(200..300).contains(&status)
        || !path.starts_with("/api/serviceaccounts")
        || !body.contains("\"orgId\"")
    {
        return Ok(());
    }
    let Ok(answer) = serde_json::from_str::<OrgBound>(body) else {
        // Not JSON (decoding says so), or no org id to check.
        return Ok(());
    };
    let other = match answer.service_accounts {
        Some(accounts) => accounts
            .iter()
            .find_map(|account| account.other_org(org_id)),
        None => answer.other_org(org_id),
    };
    match other {
        None => Ok(()),
        Some(answered) => Err(ApiError::Decode {
            status,
            detail: format!(
                "the answer is about org {answered}, not org {org_id} chosen on this page, so \
                 it is not shown"
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode_response;

    #[test]
    fn reads_grafanas_user_orgs() {
        let body = r#"[{"orgId":1,"name":"Main Org.","role":"Admin"},{"orgId":3,"name":"Partners","role":"Viewer"},{"orgId":2,"name":"Platform","role":"Admin"}]"#;
        let orgs: Vec<Membership> = decode_response::<Vec<UserOrgWire>>(200, body)
            .unwrap()
            .into_iter()
            .map(Membership::from)
            .collect();
        assert_eq!(
            orgs,
            [
                Membership {
                    org_id: 1,
                    name: "Main Org.".into(),
                    role: Role::Admin
                },
                Membership {
                    org_id: 3,
                    name: "Partners".into(),
                    role: Role::Viewer
                },
                Membership {
                    org_id: 2,
                    name: "Platform".into(),
                    role: Role::Admin
                },
            ]
        );
    }

    #[test]
    fn reads_the_current_org_from_grafanas_user() {
        let body = r#"{"id":4,"uid":"u4","email":"ops@localhost","name":"Ops","login":"ops","theme":"","orgId":1,"isGrafanaAdmin":false,"isDisabled":false,"isExternal":false,"isExternallySynced":false,"isGrafanaAdminExternallySynced":false,"authLabels":[],"updatedAt":"2024-05-01T12:00:00Z","createdAt":"2024-05-01T12:00:00Z","avatarUrl":"/avatar/1"}"#;
        assert_eq!(decode_response::<CurrentUser>(200, body).unwrap().org_id, 1);
    }

    #[test]
    fn reads_the_expired_tokens_count() {
        let body = r#"{"totalCount":2,"serviceAccounts":[{"id":4,"name":"grafana-ci","login":"sa-1-grafana-ci","orgId":1,"isDisabled":false,"role":"Editor","tokens":3,"avatarUrl":""}],"page":1,"perPage":1}"#;
        assert_eq!(
            decode_response::<SearchCount>(200, body)
                .unwrap()
                .total_count,
            2
        );
    }

    #[test]
    fn removed_routes_are_unavailable_and_failures_keep_the_message() {
        assert_eq!(
            part::<i64>(Err(ApiError::RouteRemoved("Not found".into()))),
            Part::Unavailable
        );
        assert_eq!(
            part::<i64>(Err(ApiError::Forbidden(
                "Permissions needed: apikeys:read".into()
            ))),
            Part::Failed("Permissions needed: apikeys:read".into())
        );
        assert_eq!(part(Ok(3)), Part::Counted(3));
    }

    #[test]
    fn an_answer_about_another_org_is_refused() {
        let search = |org: i64| {
            format!(
                r#"{{"totalCount":1,"serviceAccounts":[{{"id":9,"name":"x","orgId":{org}}}],"page":1,"perPage":30}}"#
            )
        };
        let account = |org: i64| format!(r#"{{"id":9,"name":"x","orgId":{org}}}"#);
        let path = "/api/serviceaccounts/search?perpage=30";
        let cases: Vec<(&str, u16, String, bool)> = vec![
            (path, 200, search(2), true),
            (path, 200, search(1), false),
            ("/api/serviceaccounts/9", 200, account(2), true),
            ("/api/serviceaccounts/9", 200, account(3), false),
            ("/api/serviceaccounts", 201, account(3), false),
            // Empty searches, other routes and failures are not about an org.
            (
                path,
                200,
                r#"{"totalCount":0,"serviceAccounts":null}"#.into(),
                true,
            ),
            ("/api/user", 200, account(1), true),
            ("/api/serviceaccounts/9", 404, account(1), true),
            ("/api/serviceaccounts/9", 200, "<html>".into(), true),
        ];
        for (path, status, body, accepted) in cases {
            let checked = check_answer_org(path, status, &body, 2);
            assert_eq!(checked.is_ok(), accepted, "{path} {body}");
        }
        assert_eq!(
            check_answer_org(path, 200, &search(1), 2)
                .unwrap_err()
                .to_string(),
            "Grafana's answer could not be read (HTTP 200): the answer is about org 1, not org 2 \
             chosen on this page, so it is not shown"
        );
    }
}
