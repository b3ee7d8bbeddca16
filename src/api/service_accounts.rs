//! `/api/serviceaccounts`: the search, an account, its tokens, and the changes to them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::user::Granted;
use super::{ApiError, Grafana, Message};
use crate::domain::hygiene::ListedTokens;
use crate::domain::keys::{Role, Secret};
use crate::domain::service_accounts::{
    AccountChange, AccountPermissions, AccountRef, AccountTokens, AccountsPage, AccountsQuery,
    CreatedToken, NewServiceAccount, NewToken, ServiceAccount, Token, server_says_expired,
};

/// An account as the search (`ServiceAccountDTO`) and its own route
/// (`ServiceAccountProfileDTO`) send it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountWire {
    id: i64,
    #[serde(default)]
    uid: Option<String>,
    name: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    org_id: i64,
    #[serde(default)]
    is_disabled: bool,
    #[serde(default)]
    role: String,
    /// Omitted by the profile when 0.
    #[serde(default)]
    tokens: i64,
    #[serde(default)]
    is_external: bool,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    access_control: Option<HashMap<String, bool>>,
}

impl From<AccountWire> for ServiceAccount {
    fn from(wire: AccountWire) -> Self {
        ServiceAccount {
            id: wire.id,
            uid: wire.uid.filter(|uid| !uid.is_empty()),
            name: wire.name,
            login: wire.login,
            org_id: wire.org_id,
            is_disabled: wire.is_disabled,
            role: Role::parse(&wire.role),
            tokens: wire.tokens,
            is_external: wire.is_external,
            created_at: wire.created_at,
            access_control: wire.access_control,
        }
    }
}

/// `SearchOrgServiceAccountsResult`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SearchWire {
    #[serde(default)]
    total_count: i64,
    /// Go sends `null` for a slice never made.
    #[serde(default)]
    service_accounts: Option<Vec<AccountWire>>,
    #[serde(default)]
    page: u32,
    #[serde(default)]
    per_page: u32,
}

impl From<SearchWire> for AccountsPage {
    fn from(wire: SearchWire) -> Self {
        AccountsPage {
            total_count: wire.total_count,
            accounts: wire
                .service_accounts
                .unwrap_or_default()
                .into_iter()
                .map(ServiceAccount::from)
                .collect(),
            page: wire.page.max(1),
            per_page: wire.per_page,
        }
    }
}

/// One item of `GET /api/serviceaccounts/:id/tokens` (`TokenDTO`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenWire {
    id: i64,
    name: String,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    last_used_at: Option<String>,
    #[serde(default)]
    expiration: Option<String>,
    /// Always sent by Grafana; where it is not, the server's `Date` decides.
    #[serde(default)]
    has_expired: Option<bool>,
    /// From about 9.3; `null` before secret scanning looked at it.
    #[serde(default)]
    is_revoked: Option<bool>,
}

impl TokenWire {
    /// The token, expired or not by the server's clock: `server_now` is its answer's `Date`.
    fn into_token(self, server_now: Option<i64>) -> Token {
        Token {
            has_expired: server_says_expired(
                self.has_expired,
                self.expiration.as_deref(),
                server_now,
            ),
            id: self.id,
            name: self.name,
            created: self.created,
            last_used_at: self.last_used_at,
            expiration: self.expiration,
            is_revoked: self.is_revoked.unwrap_or(false),
        }
    }
}

/// The body of `POST /api/serviceaccounts`, as Grafana's page sends it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewAccountWire<'a> {
    name: &'a str,
    role: &'a str,
    is_disabled: bool,
}

/// The body of `PATCH /api/serviceaccounts/:id`: only what changes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChangeWire<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_disabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

impl<'a> From<&'a AccountChange> for ChangeWire<'a> {
    fn from(change: &'a AccountChange) -> Self {
        match change {
            AccountChange::Role(role) => ChangeWire {
                role: Some(role.as_str()),
                is_disabled: None,
                name: None,
            },
            AccountChange::Disabled(disabled) => ChangeWire {
                role: None,
                is_disabled: Some(*disabled),
                name: None,
            },
            AccountChange::Name(name) => ChangeWire {
                role: None,
                is_disabled: None,
                name: Some(name.trim()),
            },
        }
    }
}

/// The body of `POST /api/serviceaccounts/:id/tokens`; no `secondsToLive` means no expiry.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewTokenWire<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    seconds_to_live: Option<i64>,
}

/// The answer to `POST /api/serviceaccounts/:id/tokens`.
#[derive(Deserialize)]
struct CreatedTokenWire {
    id: i64,
    name: String,
    key: String,
}

impl Grafana {
    /// One page of the org's service accounts, as the query asks.
    pub async fn search_service_accounts(
        &self,
        query: &AccountsQuery,
    ) -> Result<AccountsPage, ApiError> {
        let page: SearchWire = self
            .get(&format!(
                "/api/serviceaccounts/search?{}",
                query.search_params()
            ))
            .await?;
        Ok(page.into())
    }

    /// One account by id, or by uid where the server takes one (≈11.4+), with its creation
    /// date (`accesscontrol=true` for its permissions).
    pub async fn service_account(&self, account: &AccountRef) -> Result<ServiceAccount, ApiError> {
        let account: AccountWire = self
            .get(&format!(
                "/api/serviceaccounts/{}?accesscontrol=true",
                account.path_segment()
            ))
            .await?;
        Ok(account.into())
    }

    pub async fn create_service_account(
        &self,
        new_account: &NewServiceAccount,
    ) -> Result<ServiceAccount, ApiError> {
        let body = NewAccountWire {
            name: new_account.name.trim(),
            role: new_account.role.as_str(),
            is_disabled: false,
        };
        let created: AccountWire = self.post_json("/api/serviceaccounts", &body).await?;
        Ok(created.into())
    }

    /// Changes an account's role, or enables or disables it: "Service account updated".
    ///
    /// The client has no PATCH yet, so this one request is sent here with the URL made from
    /// `config`, exactly as the client makes every other.
    pub async fn update_service_account(
        &self,
        id: i64,
        change: &AccountChange,
    ) -> Result<String, ApiError> {
        let answer: Message = self
            .patch_json(
                &format!("/api/serviceaccounts/{id}"),
                &ChangeWire::from(change),
            )
            .await?;
        Ok(answer.message)
    }

    /// Deletes an account and its tokens: "Service account deleted".
    pub async fn delete_service_account(&self, id: i64) -> Result<String, ApiError> {
        let answer: Message = self.delete(&format!("/api/serviceaccounts/{id}")).await?;
        Ok(answer.message)
    }

    /// An account's tokens, by name.
    pub async fn service_account_tokens(&self, id: i64) -> Result<Vec<Token>, ApiError> {
        Ok(self.listed_tokens(id).await?.tokens)
    }

    /// An account's tokens, by name, with the server's time when it answered (its `Date`).
    pub async fn listed_tokens(&self, id: i64) -> Result<ListedTokens, ApiError> {
        let (tokens, date): (Vec<TokenWire>, _) = self
            .get_dated(&format!("/api/serviceaccounts/{id}/tokens"))
            .await?;
        Ok(ListedTokens {
            tokens: tokens
                .into_iter()
                .map(|token| token.into_token(date))
                .collect(),
            server_now: date,
        })
    }

    /// The token ids of each account, at most `parallel` requests at a time: what tells which
    /// accounts hold migrated keys.
    pub async fn token_ids_of(
        &self,
        account_ids: &[i64],
        parallel: usize,
    ) -> Result<Vec<AccountTokens>, ApiError> {
        let mut all = Vec::with_capacity(account_ids.len());
        for chunk in account_ids.chunks(parallel.max(1)) {
            let answers =
                futures::future::join_all(chunk.iter().map(|id| self.service_account_tokens(*id)))
                    .await;
            for (id, tokens) in chunk.iter().zip(answers) {
                let tokens = tokens?;
                all.push(AccountTokens {
                    account_id: *id,
                    token_ids: tokens.iter().map(|token| token.id).collect(),
                    token_names: tokens.into_iter().map(|token| token.name).collect(),
                });
            }
        }
        Ok(all)
    }

    pub async fn create_token(
        &self,
        account_id: i64,
        new_token: &NewToken,
    ) -> Result<CreatedToken, ApiError> {
        let body = NewTokenWire {
            name: new_token.name.trim(),
            seconds_to_live: new_token.seconds_to_live,
        };
        let created: CreatedTokenWire = self
            .post_json(&format!("/api/serviceaccounts/{account_id}/tokens"), &body)
            .await?;
        Ok(CreatedToken {
            id: created.id,
            name: created.name,
            key: Secret::new(created.key),
        })
    }

    /// Deletes a token: "Service account token deleted".
    pub async fn delete_token(&self, account_id: i64, token_id: i64) -> Result<String, ApiError> {
        let answer: Message = self
            .delete(&format!(
                "/api/serviceaccounts/{account_id}/tokens/{token_id}"
            ))
            .await?;
        Ok(answer.message)
    }

    /// What the signed-in user may do with service accounts: from access control where the
    /// server has it, else from the user's role in the current org.
    pub async fn service_account_permissions(&self) -> Result<AccountPermissions, ApiError> {
        Ok(match self.granted_actions().await? {
            Granted::Actions(granted) => AccountPermissions::from_actions(&granted),
            Granted::OrgRole(role) => AccountPermissions::from_org_role(role.as_ref()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode_response;

    #[test]
    fn a_search_page_decodes_into_domain_accounts() {
        let body = r#"{"totalCount":3,"serviceAccounts":[
            {"id":4,"uid":"ab12","name":"grafana-ci","login":"sa-1-grafana-ci","orgId":1,"isDisabled":false,"role":"Editor","tokens":3,"avatarUrl":"/avatar/x","accessControl":{"serviceaccounts:delete":true,"serviceaccounts:read":true,"serviceaccounts:write":true}},
            {"id":5,"name":"old","login":"sa-1-old","orgId":1,"isDisabled":true,"role":"None","tokens":0,"avatarUrl":""}
        ],"page":1,"perPage":50}"#;
        let page: AccountsPage = decode_response::<SearchWire>(200, body).unwrap().into();
        assert_eq!((page.total_count, page.page, page.per_page), (3, 1, 50));
        let [ci, old] = page.accounts.as_slice() else {
            panic!("two accounts");
        };
        assert_eq!(
            (ci.id, ci.uid.as_deref(), ci.role.clone()),
            (4, Some("ab12"), Role::Editor)
        );
        assert_eq!(ci.tokens, 3);
        assert_eq!(
            ci.access_control
                .as_ref()
                .unwrap()
                .get("serviceaccounts:write"),
            Some(&true)
        );
        assert!(old.is_disabled && old.uid.is_none() && old.access_control.is_none());
        assert_eq!(old.role, Role::None);
    }

    #[test]
    fn a_null_list_is_empty() {
        let page: AccountsPage = decode_response::<SearchWire>(
            200,
            r#"{"totalCount":0,"serviceAccounts":null,"page":1,"perPage":50}"#,
        )
        .unwrap()
        .into();
        assert!(page.accounts.is_empty());
    }

    #[test]
    fn a_profile_has_its_creation_date_and_may_omit_tokens() {
        let body = r#"{"id":7,"name":"metrics","login":"sa-1-metrics","orgId":1,"isDisabled":false,"createdAt":"2024-01-02T03:04:05Z","updatedAt":"2024-01-02T03:04:05Z","avatarUrl":"","role":"Admin","teams":[]}"#;
        let account: ServiceAccount = decode_response::<AccountWire>(200, body).unwrap().into();
        assert_eq!(account.created_at.as_deref(), Some("2024-01-02T03:04:05Z"));
        assert_eq!(account.tokens, 0);
    }

    #[test]
    fn tokens_decode_with_nulls() {
        let body = r#"[
            {"id":8,"name":"dashboard-sync","created":"2024-01-01T00:00:00Z","lastUsedAt":null,"expiration":null,"secondsUntilExpiration":0,"hasExpired":false,"isRevoked":null},
            {"id":9,"name":"old","created":"2024-01-01T00:00:00Z","lastUsedAt":"2024-02-01T00:00:00Z","expiration":"2024-03-01T00:00:00Z","secondsUntilExpiration":0,"hasExpired":true,"isRevoked":true},
            {"id":10,"name":"beta","created":"2024-01-01T00:00:00Z","hasExpired":false,"secondsUntilExpiration":3600.5},
            {"id":11,"name":"no-flag","expiration":"2024-03-01T00:00:00Z"}
        ]"#;
        // The answer's Date: 2024-05-01T12:00:00Z.
        let date = Some(1_714_564_800_000);
        let tokens: Vec<Token> = decode_response::<Vec<TokenWire>>(200, body)
            .unwrap()
            .into_iter()
            .map(|token| token.into_token(date))
            .collect();
        assert_eq!(tokens.len(), 4);
        assert!(tokens[3].has_expired, "past by the server's Date");
        assert!(!tokens[0].is_revoked && tokens[0].last_used_at.is_none());
        assert!(tokens[1].has_expired && tokens[1].is_revoked);
        assert_eq!(
            tokens[1].expiration.as_deref(),
            Some("2024-03-01T00:00:00Z")
        );
        assert_eq!(tokens[2].expiration, None);
    }

    #[test]
    fn both_error_shapes_show_the_servers_message() {
        let cases: &[(u16, &str, ApiError)] = &[
            (
                404,
                r#"{"message":"Failed to retrieve service account"}"#,
                ApiError::NotFound("Failed to retrieve service account".into()),
            ),
            (
                404,
                r#"{"statusCode":404,"messageId":"serviceaccounts.ErrNotFound","message":"service account not found"}"#,
                ApiError::NotFound("service account not found".into()),
            ),
            (
                400,
                r#"{"statusCode":400,"messageId":"serviceaccounts.ErrTokenAlreadyExists","message":"service account token with given name already exists in the organization"}"#,
                ApiError::Http {
                    status: 400,
                    message:
                        "service account token with given name already exists in the organization"
                            .into(),
                },
            ),
            (
                409,
                r#"{"message":"service account token with given name already exists in the organization"}"#,
                ApiError::Conflict(
                    "service account token with given name already exists in the organization"
                        .into(),
                ),
            ),
            (
                403,
                r#"{"title":"Access denied","message":"You'll need additional permissions to perform this action. Permissions needed: serviceaccounts:read","accessErrorId":"ACE0123456789"}"#,
                ApiError::Forbidden("You'll need additional permissions to perform this action. Permissions needed: serviceaccounts:read".into()),
            ),
            // The search route of a server without service accounts.
            (
                404,
                r#"{"message":"Not found"}"#,
                ApiError::RouteRemoved("Not found".into()),
            ),
        ];
        for (status, body, expected) in cases {
            assert_eq!(
                &decode_response::<SearchWire>(*status, body)
                    .map(|_| ())
                    .unwrap_err(),
                expected,
                "{body}"
            );
        }
    }

    #[test]
    fn a_created_token_decodes() {
        let created = decode_response::<CreatedTokenWire>(
            200,
            r#"{"id":12,"name":"ci","key":"glsa_abc_0123abcd"}"#,
        )
        .unwrap();
        assert_eq!(
            (created.id, created.key.as_str()),
            (12, "glsa_abc_0123abcd")
        );
    }

    #[test]
    fn bodies_are_sent_as_grafana_reads_them() {
        let cases: Vec<(String, &str)> = vec![
            (
                serde_json::to_string(&NewAccountWire {
                    name: "ci",
                    role: "Editor",
                    is_disabled: false,
                })
                .unwrap(),
                r#"{"name":"ci","role":"Editor","isDisabled":false}"#,
            ),
            (
                serde_json::to_string(&ChangeWire::from(&AccountChange::Role(Role::Admin)))
                    .unwrap(),
                r#"{"role":"Admin"}"#,
            ),
            (
                serde_json::to_string(&ChangeWire::from(&AccountChange::Disabled(true))).unwrap(),
                r#"{"isDisabled":true}"#,
            ),
            (
                serde_json::to_string(&ChangeWire::from(&AccountChange::Name(" ci-2 ".into())))
                    .unwrap(),
                r#"{"name":"ci-2"}"#,
            ),
            (
                serde_json::to_string(&NewTokenWire {
                    name: "t",
                    seconds_to_live: None,
                })
                .unwrap(),
                r#"{"name":"t"}"#,
            ),
            (
                serde_json::to_string(&NewTokenWire {
                    name: "t",
                    seconds_to_live: Some(86_400),
                })
                .unwrap(),
                r#"{"name":"t","secondsToLive":86400}"#,
            ),
        ];
        for (sent, expected) in cases {
            assert_eq!(sent, expected);
        }
    }
}
