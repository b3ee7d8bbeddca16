//! `/api/auth/keys` and the migration of keys to service accounts.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{ApiError, Grafana, Message};
use crate::domain::keys::{ApiKey, CreatedApiKey, KeyLists, NewApiKey, Role, Secret};
use crate::domain::migration::{MigrateAllOutcome, MigrationResult};

/// One item of `GET /api/auth/keys` (Grafana's `ApiKeyDTO`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiKeyWire {
    id: i64,
    name: String,
    role: String,
    #[serde(default)]
    expiration: Option<String>,
    /// Sent from Grafana 9.5 on, and then absent or null when never used.
    #[serde(default)]
    last_used_at: Option<String>,
    /// Present when asked with `accesscontrol=true` on a server with access control.
    #[serde(default)]
    access_control: Option<HashMap<String, bool>>,
}

impl From<ApiKeyWire> for ApiKey {
    fn from(wire: ApiKeyWire) -> Self {
        ApiKey {
            id: wire.id,
            name: wire.name,
            role: Role::parse(&wire.role),
            expiration: wire.expiration,
            last_used_at: wire.last_used_at,
            access_control: wire.access_control,
        }
    }
}

/// The body of `POST /api/auth/keys`. `secondsToLive: null` means no expiry.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewApiKeyWire<'a> {
    name: &'a str,
    role: &'a str,
    seconds_to_live: Option<i64>,
}

/// The answer to `POST /api/auth/keys`.
#[derive(Deserialize)]
struct CreatedApiKeyWire {
    id: i64,
    name: String,
    key: String,
}

/// What `POST /api/serviceaccounts/migrate` answers: a message up to Grafana 10.0, a
/// `MigrationResult` from 10.1 (briefly with capitalised field names, so both are read). One
/// struct for every era, not an untagged enum: serde buffers an untagged enum's input, and that
/// machinery costs the bundle more than this whole file.
#[derive(Deserialize)]
struct MigrateAllWire {
    /// Present in a `MigrationResult` only.
    #[serde(alias = "Total", default)]
    total: Option<i64>,
    #[serde(alias = "Migrated", default)]
    migrated: i64,
    #[serde(alias = "Failed", default)]
    failed: i64,
    #[serde(rename = "failedApikeyIDs", alias = "FailedApikeyIDs", default)]
    failed_apikey_ids: Option<Vec<i64>>,
    #[serde(rename = "failedDetails", alias = "FailedDetails", default)]
    failed_details: Option<Vec<String>>,
    #[serde(default)]
    message: Option<String>,
}

/// The outcome a `MigrateAllWire` tells; an answer that is neither a summary nor a message
/// fails to decode.
#[derive(Deserialize)]
#[serde(try_from = "MigrateAllWire")]
struct MigrateAllAnswer(MigrateAllOutcome);

impl TryFrom<MigrateAllWire> for MigrateAllAnswer {
    type Error = &'static str;

    fn try_from(wire: MigrateAllWire) -> Result<Self, Self::Error> {
        match (wire.total, wire.message) {
            // Go encodes a slice that was never made as `null`.
            (Some(total), _) => Ok(MigrateAllAnswer(MigrateAllOutcome::Summary(
                MigrationResult {
                    total,
                    migrated: wire.migrated,
                    failed: wire.failed,
                    failed_apikey_ids: wire.failed_apikey_ids.unwrap_or_default(),
                    failed_details: wire.failed_details.unwrap_or_default(),
                },
            ))),
            (None, Some(message)) => Ok(MigrateAllAnswer(MigrateAllOutcome::Message(message))),
            (None, None) => Err("neither a migration result nor a message"),
        }
    }
}

/// `GET /api/serviceaccounts/migrationstatus` (Grafana 9.1 to 9.4).
#[derive(Deserialize)]
struct MigrationStatusWire {
    migrated: bool,
}

impl Grafana {
    /// The keys of the current org, as Grafana's own page loads them: `includeExpired` chooses
    /// the list, `accesscontrol=true` asks for the per-key permissions the buttons need.
    /// With the server's time when it answered.
    async fn list_keys(
        &self,
        include_expired: bool,
    ) -> Result<(Vec<ApiKey>, Option<i64>), ApiError> {
        let (keys, date): (Vec<ApiKeyWire>, _) = self
            .get_dated(&format!(
                "/api/auth/keys?includeExpired={include_expired}&accesscontrol=true"
            ))
            .await?;
        Ok((keys.into_iter().map(ApiKey::from).collect(), date))
    }

    /// Both lists at once, as Grafana's page does, so the "Include expired keys" switch flips
    /// between them with no request; "expired" is then judged by the server's clock, the
    /// earlier of its two answers'.
    pub async fn key_lists(&self) -> Result<KeyLists, ApiError> {
        let (active, all) = futures::join!(self.list_keys(false), self.list_keys(true));
        let ((active, active_date), (all, all_date)) = (active?, all?);
        Ok(KeyLists {
            active,
            all,
            server_now: active_date.into_iter().chain(all_date).min(),
        })
    }

    pub async fn create_key(&self, new_key: &NewApiKey) -> Result<CreatedApiKey, ApiError> {
        let body = NewApiKeyWire {
            name: &new_key.name,
            role: new_key.role.as_str(),
            seconds_to_live: new_key.seconds_to_live,
        };
        let created: CreatedApiKeyWire = self.post_json("/api/auth/keys", &body).await?;
        Ok(CreatedApiKey {
            id: created.id,
            name: created.name,
            key: Secret::new(created.key),
        })
    }

    /// Deletes a key; the answer is Grafana's confirmation, "API key deleted".
    pub async fn delete_key(&self, id: i64) -> Result<String, ApiError> {
        let answer: Message = self.delete(&format!("/api/auth/keys/{id}")).await?;
        Ok(answer.message)
    }

    /// Migrates every API key of the org to service accounts (Grafana 9.1 to 12.0).
    pub async fn migrate_all_keys(&self) -> Result<MigrateAllOutcome, ApiError> {
        let answer: MigrateAllAnswer = self.post("/api/serviceaccounts/migrate").await?;
        Ok(answer.0)
    }

    /// Migrates one key to a service account; Grafana answers "Service accounts migrated".
    pub async fn migrate_key(&self, id: i64) -> Result<String, ApiError> {
        let answer: Message = self
            .post(&format!("/api/serviceaccounts/migrate/{id}"))
            .await?;
        Ok(answer.message)
    }

    /// Whether the org's keys were migrated (Grafana 9.1 to 9.4 only).
    pub async fn migration_status(&self) -> Result<bool, ApiError> {
        let status: MigrationStatusWire = self.get("/api/serviceaccounts/migrationstatus").await?;
        Ok(status.migrated)
    }

    /// Hides the API keys page for good (Grafana 9.1 to 9.4): "API keys hidden".
    pub async fn hide_api_keys(&self) -> Result<String, ApiError> {
        let answer: Message = self.post("/api/serviceaccounts/hideApiKeys").await?;
        Ok(answer.message)
    }

    /// Whether Grafana's menu lists the API keys page, read as Grafana's own frontend learns
    /// it (9.1 to 9.4): the `navTree` of the boot data in Grafana's index page at `index_url`
    /// (Grafana's root), which leaves the page out once it was hidden forever and the org has
    /// no key. No API endpoint reports it. `None` where the answer is not Grafana's page (a
    /// proxy that serves only `/api/`, a login page) or the request failed.
    pub async fn menu_lists_api_keys(&self, index_url: &str) -> Option<bool> {
        let mut request = gloo_net::http::Request::get(index_url).header("Accept", "text/html");
        if let Some(org_id) = self.org_id() {
            request = request.header("X-Grafana-Org-Id", &org_id.to_string());
        }
        let response = request.send().await.ok()?;
        if !response.ok() {
            return None;
        }
        let html = response.text().await.ok()?;
        crate::domain::keys_page::nav_lists_api_keys(&html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode_response;

    fn outcome(body: &str) -> MigrateAllOutcome {
        decode_response::<MigrateAllAnswer>(200, body).unwrap().0
    }

    #[test]
    fn migrate_all_reads_every_era() {
        assert_eq!(
            outcome(r#"{"message":"API keys migrated to service accounts"}"#),
            MigrateAllOutcome::Message("API keys migrated to service accounts".into())
        );
        let lower = outcome(
            r#"{"total":3,"migrated":2,"failed":1,"failedApikeyIDs":[7],"failedDetails":["API key name: a - Error: x"]}"#,
        );
        let capitalised = outcome(
            r#"{"Total":3,"Migrated":2,"Failed":1,"FailedApikeyIDs":[7],"FailedDetails":["API key name: a - Error: x"]}"#,
        );
        assert_eq!(lower, capitalised);
        let MigrateAllOutcome::Summary(result) = lower else {
            panic!("a summary");
        };
        assert_eq!((result.total, result.migrated, result.failed), (3, 2, 1));
        assert_eq!(result.failed_apikey_ids, vec![7]);
    }

    #[test]
    fn an_answer_without_a_total_or_a_message_is_not_read() {
        assert!(matches!(
            decode_response::<MigrateAllAnswer>(200, r#"{"migrated":2}"#),
            Err(ApiError::Decode { status: 200, .. })
        ));
    }

    #[test]
    fn null_lists_are_empty() {
        let MigrateAllOutcome::Summary(result) = outcome(
            r#"{"total":2,"migrated":2,"failed":0,"failedApikeyIDs":null,"failedDetails":null}"#,
        ) else {
            panic!("a summary");
        };
        assert!(result.failed_apikey_ids.is_empty() && result.failed_details.is_empty());
        assert!(result.all_migrated());
    }

    #[test]
    fn a_list_decodes_into_domain_keys() {
        let body = r#"[
            {"id":1,"name":"a","role":"Admin","expiration":"2030-01-02T03:04:05Z","accessControl":{"apikeys:delete":true}},
            {"id":2,"name":"b","role":"Viewer","lastUsedAt":null},
            {"id":3,"name":"c","role":"Editor","lastUsedAt":"2023-05-01T10:00:00Z"}
        ]"#;
        let keys: Vec<ApiKey> = decode_response::<Vec<ApiKeyWire>>(200, body)
            .unwrap()
            .into_iter()
            .map(ApiKey::from)
            .collect();
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[0].role, Role::Admin);
        assert_eq!(keys[0].expiration.as_deref(), Some("2030-01-02T03:04:05Z"));
        assert_eq!(
            keys[0]
                .access_control
                .as_ref()
                .unwrap()
                .get("apikeys:delete"),
            Some(&true)
        );
        assert_eq!(
            (keys[1].expiration.clone(), keys[1].last_used_at.clone()),
            (None, None)
        );
        assert_eq!(
            keys[2].last_used_at.as_deref(),
            Some("2023-05-01T10:00:00Z")
        );
    }

    #[test]
    fn a_new_key_is_sent_as_grafana_reads_it() {
        let body = NewApiKeyWire {
            name: "ci",
            role: Role::Editor.as_str(),
            seconds_to_live: None,
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"name":"ci","role":"Editor","secondsToLive":null}"#
        );
    }
}
