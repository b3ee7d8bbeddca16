//! Credential hygiene as Grafana reports it, per version: `lastUsedAt` in the key and token
//! lists, when a use is recorded (and the 5-minute throttle), revoked tokens, the token list's
//! cap and a seeded `created`.

use serde_json::Value;

use crate::client::*;

/// Seed through the control API; the whole answer (keys and tokens with their secrets).
#[track_caller]
fn seed_doc(srv: &grafana_sim::Background, doc: &str) -> Value {
    let r = post("/__sim/seed").json(doc).send(srv);
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

/// The seeded secret of the key or token called `name`.
#[track_caller]
fn secret(seeded: &Value, name: &str) -> String {
    ["keys", "tokens"]
        .iter()
        .flat_map(|list| seeded[list].as_array().unwrap())
        .find(|row| row["name"] == name)
        .unwrap_or_else(|| panic!("{name} not seeded: {seeded}"))["key"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The id of the key or token called `name`.
#[track_caller]
fn id_of(seeded: &Value, name: &str) -> i64 {
    ["keys", "tokens"]
        .iter()
        .flat_map(|list| seeded[list].as_array().unwrap())
        .find(|row| row["name"] == name)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// The stored row of a key or token (`/__sim/state`), whatever the lists show.
#[track_caller]
fn stored(srv: &grafana_sim::Background, name: &str) -> Value {
    get("/__sim/state").send(srv).json()["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == name)
        .unwrap_or_else(|| panic!("{name} not stored"))
        .clone()
}

/// Seconds since an RFC 3339 instant.
#[track_caller]
fn age(instant: &Value) -> i64 {
    let text = instant
        .as_str()
        .unwrap_or_else(|| panic!("not a time: {instant}"));
    let at = chrono::DateTime::parse_from_rfc3339(text).unwrap();
    chrono::Utc::now().timestamp() - at.timestamp()
}

/// The token rows of the first service account named `account`.
#[track_caller]
fn tokens_of(srv: &grafana_sim::Background, account: &str) -> Vec<Value> {
    let found = get(&format!("/api/serviceaccounts/search?query={account}"))
        .admin()
        .send(srv)
        .json();
    let id = found["serviceAccounts"][0]["id"].as_i64().unwrap();
    get(&format!("/api/serviceaccounts/{id}/tokens"))
        .admin()
        .send(srv)
        .json()
        .as_array()
        .unwrap()
        .clone()
}

/// A use: any route a key may call.
#[track_caller]
fn use_credential(srv: &grafana_sim::Background, secret: &str) -> Resp {
    get("/api/dashboards/home").bearer(secret).send(srv)
}

const KEYS_AND_TOKENS: &str = r#"{"keys":[
    {"name":"used-key","role":"Viewer","lastUsedSecondsAgo":3600},
    {"name":"never-key","role":"Viewer"}],
  "serviceAccounts":[{"name":"bot","tokens":[
    {"name":"used-token","lastUsedSecondsAgo":3600},
    {"name":"never-token"}]}]}"#;

/// `GET /api/auth/keys`: `lastUsedAt` from 9.5 (`dtos.ApiKeyDTO`, PR #64293), omitted (not
/// `null`) for a key never used (`omitempty`); nothing before 9.5 even for a used key.
#[test]
fn key_list_reports_last_used_from_9_5_and_omits_it_when_never_used() {
    for (v, shown) in [
        ("9.4", false),
        ("9.5", true),
        ("10.4", true),
        ("11.5", true),
    ] {
        let srv = sim(v);
        seed_doc(&srv, KEYS_AND_TOKENS);
        let rows = get("/api/auth/keys").admin().send(&srv).json();
        let row = |name: &str| {
            rows.as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == name)
                .unwrap()
                .clone()
        };
        assert!(row("never-key").get("lastUsedAt").is_none(), "{v}: {rows}");
        if shown {
            let a = age(&row("used-key")["lastUsedAt"]);
            assert!((3599..3700).contains(&a), "{v}: {a}");
        } else {
            assert!(row("used-key").get("lastUsedAt").is_none(), "{v}: {rows}");
        }
    }
}

/// `GET /api/serviceaccounts/:id/tokens`: `lastUsedAt` from 9.1 (`TokenDTO`, no omitempty),
/// `null` for a token never used; absent from the 9.0 beta's rows.
#[test]
fn token_list_reports_last_used_from_9_1_and_null_when_never_used() {
    let beta = sim_with("9.0", |c| {
        c.feature_toggles = vec!["serviceAccounts".into()]
    });
    seed_doc(&beta, KEYS_AND_TOKENS);
    for row in tokens_of(&beta, "bot") {
        assert!(row.get("lastUsedAt").is_none(), "{row}");
    }
    for v in ["9.1", "10.4", "12.1"] {
        let srv = sim(v);
        seed_doc(&srv, KEYS_AND_TOKENS);
        let rows = tokens_of(&srv, "bot");
        assert_eq!(rows[0]["name"], "never-token");
        // Present and null, not absent.
        assert_eq!(rows[0].get("lastUsedAt"), Some(&Value::Null), "{v}");
        let a = age(&rows[1]["lastUsedAt"]);
        assert!((3599..3700).contains(&a), "{v}: {a}");
    }
}

/// Which uses are stamped: from 9.1 every key and token (the context handler's
/// `UpdateAPIKeyLastUsedDate`, before the list shows it for keys at 9.5); 10.1 – 10.2 lost
/// the stamp for service-account identities (tokens) while plain keys kept it (PR #79254
/// fixed it); from 12.1 only tokens authenticate.
#[test]
fn a_use_is_recorded_per_version() {
    for (v, key_stamped, token_stamped) in [
        ("9.0", false, false),
        ("9.1", true, true),
        ("9.4", true, true),
        ("10.0", true, true),
        ("10.1", true, false),
        ("10.2", true, false),
        ("10.3", true, true),
        ("11.5", true, true),
        ("12.1", false, true),
    ] {
        let srv = sim_with(v, |c| c.feature_toggles = vec!["serviceAccounts".into()]);
        let seeded = seed_doc(&srv, KEYS_AND_TOKENS);
        let key = use_credential(&srv, &secret(&seeded, "never-key"));
        assert_eq!(key.status, if v == "12.1" { 401 } else { 200 }, "{v}");
        assert_eq!(
            use_credential(&srv, &secret(&seeded, "never-token")).status,
            200,
            "{v}"
        );
        let key_row = stored(&srv, "never-key");
        let token_row = stored(&srv, "never-token");
        assert_eq!(key_row["lastUsedAt"].is_string(), key_stamped, "{v}: key");
        assert_eq!(
            token_row["lastUsedAt"].is_string(),
            token_stamped,
            "{v}: token"
        );
        for row in [key_row, token_row] {
            if row["lastUsedAt"].is_string() {
                assert!(age(&row["lastUsedAt"]) <= 2, "{v}: {row}");
            }
        }
        // Visible afterwards where the version lists it.
        if v != "9.0" {
            let rows = tokens_of(&srv, "bot");
            assert_eq!(rows[0]["lastUsedAt"].is_string(), token_stamped, "{v}");
        }
        if v != "12.1" {
            let keys = get("/api/auth/keys").admin().send(&srv).json();
            let listed = keys
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k["name"] == "never-key")
                .unwrap()
                .get("lastUsedAt")
                .is_some();
            let from_9_5 = !matches!(v, "9.0" | "9.1" | "9.4");
            assert_eq!(listed, key_stamped && from_9_5, "{v}: {keys}");
        }
    }
}

/// Before ≈11.1 every use writes `last_used_at`; from then the authn client skips the write
/// while the stored time is at most 5 minutes old (`shouldUpdateLastUsedAt`).
#[test]
fn the_five_minute_throttle_from_11_1() {
    let doc = r#"{"keys":[
        {"name":"key-1m","role":"Viewer","lastUsedSecondsAgo":60},
        {"name":"key-10m","role":"Viewer","lastUsedSecondsAgo":600}],
      "serviceAccounts":[{"name":"bot","tokens":[
        {"name":"token-1m","lastUsedSecondsAgo":60},
        {"name":"token-10m","lastUsedSecondsAgo":600}]}]}"#;
    for (v, throttled) in [
        ("9.4", false),
        ("11.0", false),
        ("11.1", true),
        ("11.5", true),
    ] {
        let srv = sim(v);
        let seeded = seed_doc(&srv, doc);
        for name in ["key-1m", "key-10m", "token-1m", "token-10m"] {
            assert_eq!(use_credential(&srv, &secret(&seeded, name)).status, 200);
        }
        for (name, was) in [
            ("key-1m", 60),
            ("key-10m", 600),
            ("token-1m", 60),
            ("token-10m", 600),
        ] {
            let a = age(&stored(&srv, name)["lastUsedAt"]);
            if throttled && was == 60 {
                assert!((59..70).contains(&a), "{v} {name}: kept, {a}");
            } else {
                assert!(a <= 2, "{v} {name}: stamped now, {a}");
            }
        }
    }
}

/// A key used on 9.4 (stamped, though its list does not show it) keeps the time when it is
/// migrated: its token reports it.
#[test]
fn a_migrated_key_carries_its_last_use() {
    let srv = sim("9.4");
    let seeded = seed_doc(&srv, r#"{"keys":[{"name":"legacy","role":"Editor"}]}"#);
    assert_eq!(use_credential(&srv, &secret(&seeded, "legacy")).status, 200);
    let id = id_of(&seeded, "legacy");
    let r = post(&format!("/api/serviceaccounts/migrate/{id}"))
        .admin()
        .send(&srv);
    assert_eq!(r.status, 200, "{}", r.body);
    let rows = tokens_of(&srv, "sa-autogen-legacy");
    assert_eq!(rows[0]["id"], id);
    assert!(age(&rows[0]["lastUsedAt"]) <= 2, "{rows:?}");
}

const REVOKED: &str = r#"{"keys":[{"name":"migrated-revoked","role":"Viewer","migrated":true,"isRevoked":true}],
  "serviceAccounts":[{"name":"bot","tokens":[
    {"name":"live"},
    {"name":"revoked","isRevoked":true},
    {"name":"expired-revoked","secondsToLive":-60,"isRevoked":true}]}]}"#;

/// A token revoked by secret scanning (`is_revoked`, ≈9.2+) stays listed with `isRevoked:
/// true` and is refused: the context handler's 401 `{"message":"Revoked token"}`, from the
/// authn service (≈10.0) errutil `api-key.revoked` "Revoked API key". Expiry is checked
/// first; the org check and the use stamp come after.
#[test]
fn revoked_tokens_are_listed_and_refused_per_version() {
    let srv = sim("9.1");
    let seeded = seed_doc(&srv, REVOKED);
    assert_eq!(
        use_credential(&srv, &secret(&seeded, "revoked")).status,
        200,
        "9.1 has no is_revoked column: the seed's flag cannot take"
    );
    assert!(tokens_of(&srv, "bot")[0].get("isRevoked").is_none());

    for v in ["9.2", "9.5", "10.0", "11.5", "12.1"] {
        let srv = sim(v);
        let seeded = seed_doc(&srv, REVOKED);
        let rows = tokens_of(&srv, "bot");
        let flags: Vec<(&str, bool)> = rows
            .iter()
            .map(|r| {
                (
                    r["name"].as_str().unwrap(),
                    r["isRevoked"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            flags,
            [
                ("expired-revoked", true),
                ("live", false),
                ("revoked", true)
            ],
            "{v}"
        );
        let r = use_credential(&srv, &secret(&seeded, "revoked"));
        if v.starts_with('9') {
            r.assert_message(401, "Revoked token");
        } else {
            assert_eq!(r.status, 401, "{v}");
            assert_eq!(
                r.body,
                r#"{"statusCode":401,"messageId":"api-key.revoked","message":"Revoked API key"}"#,
                "{v}"
            );
        }
        use_credential(&srv, &secret(&seeded, "expired-revoked"))
            .assert_message(401, "Expired API key");
        assert!(stored(&srv, "revoked")["lastUsedAt"].is_null(), "{v}");
        assert_eq!(use_credential(&srv, &secret(&seeded, "live")).status, 200);
        if v != "9.2" && v != "9.5" {
            // Revoked before the org check.
            let r = get("/api/dashboards/home")
                .bearer(&secret(&seeded, "revoked"))
                .header("X-Grafana-Org-Id", "2")
                .send(&srv);
            assert!(r.body.contains("api-key.revoked"), "{v}: {}", r.body);
        }
        // A migrated key is a token too; its eyJr secret works until 12.1.
        let r = use_credential(&srv, &secret(&seeded, "migrated-revoked"));
        assert_eq!(r.status, 401, "{v}");
        if v != "12.1" {
            assert!(r.body.contains("Revoked"), "{v}: {}", r.body);
        }
    }
}

/// `POST /__sim/tokens/:id/revoke` does what secret scanning does to a leaked token.
#[test]
fn the_control_api_revokes_a_token() {
    let srv = sim("10.4");
    let seeded = seed_doc(&srv, KEYS_AND_TOKENS);
    let token = id_of(&seeded, "used-token");
    assert_eq!(
        use_credential(&srv, &secret(&seeded, "used-token")).status,
        200
    );
    post(&format!("/__sim/tokens/{token}/revoke"))
        .send(&srv)
        .assert_message(200, "Token revoked");
    assert_eq!(
        use_credential(&srv, &secret(&seeded, "used-token")).status,
        401
    );
    assert_eq!(stored(&srv, "used-token")["isRevoked"], true);
    let rows = tokens_of(&srv, "bot");
    assert_eq!(rows[1]["name"], "used-token");
    assert_eq!(rows[1]["isRevoked"], true);
    // Plain keys are never revoked; unknown ids are not found.
    let key = id_of(&seeded, "used-key");
    post(&format!("/__sim/tokens/{key}/revoke"))
        .send(&srv)
        .assert_message(404, "Token not found");
    post("/__sim/tokens/999/revoke")
        .send(&srv)
        .assert_message(404, "Token not found");
    let old = sim("9.1");
    post("/__sim/tokens/1/revoke").send(&old).assert_message(
        400,
        "Grafana 9.1.0 has no token revocation (is_revoked exists from 9.2)",
    );
}

/// The token list is capped at 300 rows by name from ≈9.2 (`maxRetrievedTokens`); 9.1 lists
/// them all. The key list's cap (100) is in `keys.rs`.
#[test]
fn token_list_cap_per_version() {
    let tokens: Vec<String> = (0..305)
        .rev()
        .map(|i| format!(r#"{{"name":"t{i:03}"}}"#))
        .collect();
    let doc = format!(
        r#"{{"serviceAccounts":[{{"name":"many","tokens":[{}]}}]}}"#,
        tokens.join(",")
    );
    for (v, expected) in [("9.1", 305), ("9.2", 300), ("11.5", 300)] {
        let srv = sim(v);
        seed_doc(&srv, &doc);
        let rows = tokens_of(&srv, "many");
        assert_eq!(rows.len(), expected, "{v}");
        assert_eq!(rows[0]["name"], "t000");
        assert_eq!(rows[expected - 1]["name"], format!("t{:03}", expected - 1));
    }
}

/// `createdSecondsAgo` sets `created`, so a token's original lifetime (expiration − created)
/// is what the seed says: here 30 days, 20 of them gone.
#[test]
fn seeded_created_gives_the_original_lifetime() {
    let srv = sim("11.5");
    seed_doc(
        &srv,
        r#"{"serviceAccounts":[{"name":"bot","tokens":[
            {"name":"monthly","secondsToLive":864000,"createdSecondsAgo":1728000},
            {"name":"default"}]}]}"#,
    );
    let rows = tokens_of(&srv, "bot");
    let monthly = &rows[1];
    assert_eq!(monthly["name"], "monthly");
    let created = chrono::DateTime::parse_from_rfc3339(monthly["created"].as_str().unwrap())
        .unwrap()
        .timestamp();
    let expires = chrono::DateTime::parse_from_rfc3339(monthly["expiration"].as_str().unwrap())
        .unwrap()
        .timestamp();
    assert_eq!(expires - created, 30 * 86_400);
    assert!((1_727_998..1_728_010).contains(&age(&monthly["created"])));
    // Without it, a day before first use or expiry, as before.
    assert!((86_398..86_410).contains(&age(&rows[0]["created"])));
    // The seed refuses a creation after the first use or the expiry.
    let r = post("/__sim/seed")
        .json(r#"{"serviceAccounts":[{"name":"bot","tokens":[{"name":"t","lastUsedSecondsAgo":10,"createdSecondsAgo":5}]}]}"#)
        .send(&srv);
    assert_eq!(r.status, 400, "{}", r.body);
}

/// The context handler (before the authn service) stamps the key before it loads the
/// account, so a disabled account's token is stamped and then refused; authn's hook runs only
/// after a success.
#[test]
fn a_disabled_accounts_refused_token_is_stamped_only_before_authn() {
    let doc =
        r#"{"serviceAccounts":[{"name":"off","isDisabled":true,"tokens":[{"name":"off-token"}]}]}"#;
    for (v, stamped) in [("9.4", true), ("10.4", false)] {
        let srv = sim(v);
        let seeded = seed_doc(&srv, doc);
        assert_eq!(
            use_credential(&srv, &secret(&seeded, "off-token")).status,
            401
        );
        assert_eq!(
            stored(&srv, "off-token")["lastUsedAt"].is_string(),
            stamped,
            "{v}"
        );
    }
}
