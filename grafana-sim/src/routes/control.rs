//! The test-only control API under `/__sim/` (only with `--test-control`).
//! It is neither faulted nor delayed, so a test can always undo a fault.

use hyper::Method;
use serde::{Deserialize, Serialize};

use crate::faults::{self, Fault};
use crate::grants::{Assignee, SaLevel};
use crate::reply::{self, Reply};
use crate::request::Req;
use crate::routes::user::UserOrg;
use crate::seed::Seed;
use crate::state::AppState;
use crate::store::SeedReport;
use crate::timefmt::rfc3339;

#[derive(Serialize)]
struct SeededKeyDto {
    id: i64,
    #[serde(rename = "orgId")]
    org_id: i64,
    name: String,
    /// The secret, so tests can authenticate as a seeded key.
    key: String,
}

#[derive(Serialize)]
struct SeededTokenDto {
    id: i64,
    #[serde(rename = "orgId")]
    org_id: i64,
    #[serde(rename = "serviceAccountId")]
    service_account_id: i64,
    name: String,
    /// The `glsa_` secret.
    key: String,
}

#[derive(Serialize)]
struct Seeded {
    message: &'static str,
    keys: Vec<SeededKeyDto>,
    tokens: Vec<SeededTokenDto>,
}

fn seeded(message: &'static str, report: SeedReport) -> Reply {
    reply::json(
        200,
        &Seeded {
            message,
            tokens: report
                .tokens
                .into_iter()
                .map(|t| SeededTokenDto {
                    id: t.id,
                    org_id: t.org_id,
                    service_account_id: t.service_account_id,
                    name: t.name,
                    key: t.secret,
                })
                .collect(),
            keys: report
                .keys
                .into_iter()
                .map(|k| SeededKeyDto {
                    id: k.id,
                    org_id: k.org_id,
                    name: k.name,
                    key: k.secret,
                })
                .collect(),
        },
    )
    .into()
}

#[derive(Deserialize)]
struct Latency {
    ms: u64,
}

pub fn handle(state: &AppState, req: &Req, rest: &[&str]) -> Reply {
    let body = String::from_utf8_lossy(&req.body);
    match (&req.method, rest) {
        (&Method::POST, ["reset"]) => seeded("State reset", state.reset()),
        (&Method::POST, ["seed"]) => match Seed::parse(&body) {
            Ok(seed) => seeded("Seeded", state.seed(&seed)),
            Err(e) => reply::message(400, &e).into(),
        },
        (&Method::PUT, ["faults"]) => {
            let specs: Vec<String> = match serde_json::from_str(&body) {
                Ok(s) => s,
                Err(e) => {
                    return reply::message(400, &format!("expected a JSON array of strings: {e}"))
                        .into();
                }
            };
            match faults::parse_all(&specs) {
                Ok(list) => {
                    state.knobs().faults = list;
                    reply::message(200, "Faults set").into()
                }
                Err(e) => reply::message(400, &e).into(),
            }
        }
        (&Method::PUT, ["latency"]) => match serde_json::from_str::<Latency>(&body) {
            Ok(l) => {
                state.knobs().latency_ms = l.ms;
                reply::message(200, "Latency set").into()
            }
            Err(e) => reply::message(400, &format!("expected {{\"ms\":N}}: {e}")).into(),
        },
        (&Method::POST, ["tokens", id, "revoke"]) => revoke(state, id),
        (&Method::GET, ["state"]) => state_dump(state),
        (&Method::GET, ["users", login]) => user_dump(state, login),
        _ => reply::message(404, "Not found").into(),
    }
}

/// `POST /__sim/tokens/:id/revoke`: what Grafana's secret scanning does to a leaked token
/// (`RevokeServiceAccountToken`: `is_revoked = true`; the row stays).
fn revoke(state: &AppState, id: &str) -> Reply {
    if !state.version.token_is_revoked() {
        return reply::message(
            400,
            &format!(
                "Grafana {} has no token revocation (is_revoked exists from 9.2)",
                state.version
            ),
        )
        .into();
    }
    let revoked = id
        .parse::<i64>()
        .is_ok_and(|id| state.store().revoke_token(id));
    if revoked {
        reply::message(200, "Token revoked").into()
    } else {
        reply::message(404, "Token not found").into()
    }
}

#[derive(Serialize)]
struct KeyRow {
    id: i64,
    #[serde(rename = "orgId")]
    org_id: i64,
    name: String,
    role: &'static str,
    /// The stored form: PBKDF2 hash, never the secret.
    hash: String,
    created: String,
    expires: Option<String>,
    #[serde(rename = "lastUsedAt")]
    last_used_at: Option<String>,
    #[serde(rename = "serviceAccountId")]
    service_account_id: Option<i64>,
    #[serde(rename = "isRevoked")]
    is_revoked: bool,
}

#[derive(Serialize)]
struct SaRow {
    id: i64,
    #[serde(rename = "orgId")]
    org_id: i64,
    name: String,
    login: String,
    role: &'static str,
    #[serde(rename = "isDisabled")]
    is_disabled: bool,
}

/// `GET /__sim/users/:login`: a user's current org and memberships (as
/// `/api/user` and `/api/user/orgs` report them), without signing in.
#[derive(Serialize)]
struct UserDump {
    id: i64,
    login: String,
    #[serde(rename = "orgId")]
    org_id: i64,
    orgs: Vec<UserOrg>,
}

fn user_dump(state: &AppState, login: &str) -> Reply {
    let login = crate::request::percent_decode(login);
    let store = state.store();
    let Some(u) = store.user_by_login(&login) else {
        return reply::message(404, "User not found").into();
    };
    reply::json(
        200,
        &UserDump {
            id: u.id,
            login: u.login.clone(),
            org_id: u.org_id,
            orgs: store
                .user_orgs(u.id)
                .into_iter()
                .map(|(org_id, name, role)| UserOrg {
                    org_id,
                    name,
                    role: role.as_str(),
                })
                .collect(),
        },
    )
    .into()
}

#[derive(Serialize)]
struct MemberRow {
    login: String,
    role: &'static str,
}

#[derive(Serialize)]
struct OrgRow {
    id: i64,
    name: String,
    members: Vec<MemberRow>,
}

#[derive(Serialize)]
struct UserRowDump {
    id: i64,
    login: String,
    #[serde(rename = "orgId")]
    org_id: i64,
    #[serde(rename = "isGrafanaAdmin")]
    is_grafana_admin: bool,
}

#[derive(Serialize)]
struct TeamMemberDump {
    login: String,
    permission: &'static str,
}

#[derive(Serialize)]
struct TeamDump {
    id: i64,
    uid: String,
    #[serde(rename = "orgId")]
    org_id: i64,
    name: String,
    members: Vec<TeamMemberDump>,
}

/// A managed permission on a service account: `userId` or `teamId`.
#[derive(Serialize)]
struct SaPermissionDump {
    #[serde(rename = "orgId")]
    org_id: i64,
    #[serde(rename = "serviceAccountId")]
    service_account_id: i64,
    #[serde(rename = "userId", skip_serializing_if = "Option::is_none")]
    user_id: Option<i64>,
    #[serde(rename = "teamId", skip_serializing_if = "Option::is_none")]
    team_id: Option<i64>,
    permission: &'static str,
}

#[derive(Serialize)]
struct StateDump {
    version: String,
    keys: Vec<KeyRow>,
    #[serde(rename = "serviceAccounts")]
    service_accounts: Vec<SaRow>,
    #[serde(rename = "migrationStatusOrgs")]
    migration_status_orgs: Vec<i64>,
    #[serde(rename = "hideApiKeysOrgs")]
    hide_api_keys_orgs: Vec<i64>,
    orgs: Vec<OrgRow>,
    users: Vec<UserRowDump>,
    teams: Vec<TeamDump>,
    #[serde(rename = "serviceAccountPermissions")]
    service_account_permissions: Vec<SaPermissionDump>,
    faults: Vec<String>,
    #[serde(rename = "latencyMs")]
    latency_ms: u64,
}

fn state_dump(state: &AppState) -> Reply {
    let (faults, latency_ms) = {
        let k = state.knobs();
        (
            k.faults.iter().map(Fault::to_string).collect(),
            k.latency_ms,
        )
    };
    let store = state.store();
    let mut migration_status_orgs: Vec<i64> = store.migration_status.iter().copied().collect();
    migration_status_orgs.sort_unstable();
    let mut hide_api_keys_orgs: Vec<i64> = store.hide_api_keys.iter().copied().collect();
    hide_api_keys_orgs.sort_unstable();
    reply::json(
        200,
        &StateDump {
            version: state.version.to_string(),
            keys: store
                .keys
                .iter()
                .map(|k| KeyRow {
                    id: k.id,
                    org_id: k.org_id,
                    name: k.name.clone(),
                    role: k.role.as_str(),
                    hash: k.hash.clone(),
                    created: rfc3339(k.created),
                    expires: k.expires.map(rfc3339),
                    last_used_at: k.last_used_at.map(rfc3339),
                    service_account_id: k.service_account_id,
                    is_revoked: k.is_revoked,
                })
                .collect(),
            service_accounts: store
                .service_accounts
                .iter()
                .map(|s| SaRow {
                    id: s.id,
                    org_id: s.org_id,
                    name: s.name.clone(),
                    login: s.login.clone(),
                    role: s.role.as_str(),
                    is_disabled: s.is_disabled,
                })
                .collect(),
            migration_status_orgs,
            hide_api_keys_orgs,
            orgs: store
                .orgs
                .iter()
                .map(|(&id, name)| OrgRow {
                    id,
                    name: name.clone(),
                    members: store
                        .members
                        .iter()
                        .filter(|((o, _), _)| *o == id)
                        .filter_map(|(&(_, u), &role)| {
                            store.user(u).map(|u| MemberRow {
                                login: u.login.clone(),
                                role: role.as_str(),
                            })
                        })
                        .collect(),
                })
                .collect(),
            users: store
                .users
                .iter()
                .map(|u| UserRowDump {
                    id: u.id,
                    login: u.login.clone(),
                    org_id: u.org_id,
                    is_grafana_admin: u.is_grafana_admin,
                })
                .collect(),
            teams: store
                .teams
                .iter()
                .map(|t| TeamDump {
                    id: t.id,
                    uid: t.uid.clone(),
                    org_id: t.org_id,
                    name: t.name.clone(),
                    members: t
                        .members
                        .iter()
                        .map(|m| TeamMemberDump {
                            login: store
                                .user(m.user_id)
                                .map(|u| u.login.clone())
                                .or_else(|| {
                                    store.service_account(m.user_id).map(|s| s.login.clone())
                                })
                                .unwrap_or_default(),
                            permission: if m.admin { "Admin" } else { "Member" },
                        })
                        .collect(),
                })
                .collect(),
            service_account_permissions: store
                .sa_grants
                .iter()
                .map(|g| SaPermissionDump {
                    org_id: g.org_id,
                    service_account_id: g.sa_id,
                    user_id: match g.assignee {
                        Assignee::User(u) => Some(u),
                        Assignee::Team(_) => None,
                    },
                    team_id: match g.assignee {
                        Assignee::Team(t) => Some(t),
                        Assignee::User(_) => None,
                    },
                    permission: g.level().map_or("", SaLevel::as_str),
                })
                .collect(),
            faults,
            latency_ms,
        },
    )
    .into()
}
