//! `/api/serviceaccounts` CRUD and tokens (the service-accounts contract),
//! `glsa_` authentication and seeded / migrated accounts, per profile.

use serde_json::{Value, json};

use crate::client::*;

/// Create an account as admin; returns its id.
#[track_caller]
fn create_sa(srv: &grafana_sim::Background, body: &str) -> i64 {
    let r = post("/api/serviceaccounts").admin().json(body).send(srv);
    assert_eq!(r.status, 201, "{}", r.body);
    r.json()["id"].as_i64().unwrap()
}

/// Create a token as admin; returns (id, key).
#[track_caller]
fn create_token(srv: &grafana_sim::Background, sa: i64, body: &str) -> (i64, String) {
    let r = post(&format!("/api/serviceaccounts/{sa}/tokens"))
        .admin()
        .json(body)
        .send(srv);
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    (
        v["id"].as_i64().unwrap(),
        v["key"].as_str().unwrap().to_string(),
    )
}

/// Assert an errutil body, byte for byte (Go's struct order).
#[track_caller]
fn assert_errutil(r: &Resp, status: u16, message_id: &str, message: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(
        r.body,
        format!(r#"{{"statusCode":{status},"messageId":"{message_id}","message":"{message}"}}"#)
    );
}

#[test]
fn create_get_update_delete_per_version() {
    for v in ["9.4", "10.4", "11.5"] {
        let errutil = v != "9.4";
        let srv = sim(v);
        let r = post("/api/serviceaccounts")
            .admin()
            .json(r#"{"name":"CI Bot","role":"Editor"}"#)
            .send(&srv);
        assert_eq!(r.status, 201, "{v}: {}", r.body);
        let sa = r.json();
        assert_eq!(sa["name"], "CI Bot");
        assert_eq!(sa["login"], "sa-1-ci-bot");
        assert_eq!(sa["orgId"], 1);
        assert_eq!(sa["role"], "Editor");
        assert_eq!(sa["isDisabled"], false);
        assert_eq!(sa["tokens"], 0);
        assert!(r.body.starts_with(r#"{"id":"#), "{}", r.body);
        assert_eq!(sa.get("uid").is_some(), v != "9.4", "{v}");
        let id = sa["id"].as_i64().unwrap();

        // Role defaults to Viewer; the trailing-slash form is the same route.
        let r = post("/api/serviceaccounts/")
            .admin()
            .json(r#"{"name":"plain"}"#)
            .send(&srv);
        assert_eq!(r.status, 201, "{}", r.body);
        assert_eq!(r.json()["role"], "Viewer");

        // Errors.
        post("/api/serviceaccounts")
            .admin()
            .json(r#"{"role":"Viewer"}"#)
            .send(&srv)
            .assert_message(400, "Bad request data");
        let dup = post("/api/serviceaccounts")
            .admin()
            .json(r#"{"name":"ci bot"}"#)
            .send(&srv);
        let bad_role = post("/api/serviceaccounts")
            .admin()
            .json(r#"{"name":"x","role":"Boss"}"#)
            .send(&srv);
        let missing = get("/api/serviceaccounts/999").admin().send(&srv);
        if errutil {
            assert_errutil(
                &dup,
                400,
                "serviceaccounts.ErrAlreadyExists",
                "service account already exists",
            );
            assert_errutil(
                &bad_role,
                400,
                "serviceaccounts.ErrInvalidRoleSpecified",
                "invalid role specified",
            );
            assert_errutil(
                &missing,
                404,
                "serviceaccounts.ErrNotFound",
                "service account not found",
            );
        } else {
            dup.assert_message(400, "Failed to create service account");
            bad_role.assert_message(400, "invalid role specified");
            missing.assert_message(404, "Failed to retrieve service account");
        }
        get("/api/serviceaccounts/abc")
            .admin()
            .send(&srv)
            .assert_message(400, "Service Account ID is invalid");

        // Read.
        let r = get(&format!("/api/serviceaccounts/{id}?accesscontrol=true"))
            .admin()
            .send(&srv);
        assert_eq!(r.status, 200);
        let p = r.json();
        assert_eq!(p["teams"], json!([]));
        assert!(p.get("tokens").is_none(), "tokens omitted when 0");
        assert_eq!(p["accessControl"]["serviceaccounts:write"], true);
        assert!(p["createdAt"].as_str().unwrap().ends_with('Z'));

        // Update.
        let r = reqwest_patch(
            &srv,
            id,
            r#"{"role":"Admin","isDisabled":true,"name":"CI Bot 2"}"#,
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let u = r.json();
        assert_eq!(u["message"], "Service account updated");
        assert_eq!(u["id"], id);
        assert_eq!(u["name"], "CI Bot 2");
        assert_eq!(u["serviceaccount"]["role"], "Admin");
        assert_eq!(u["serviceaccount"]["isDisabled"], true);
        assert!(r.body.starts_with(r#"{"id":"#));
        let r = reqwest_patch(&srv, id, r#"{"role":"Boss"}"#);
        if errutil {
            assert_errutil(
                &r,
                400,
                "serviceaccounts.ErrInvalidRoleSpecified",
                "invalid role specified",
            );
        } else {
            r.assert_message(400, "invalid role specified");
        }
        let r = reqwest_patch(&srv, 999, r#"{"isDisabled":false}"#);
        if errutil {
            assert_errutil(
                &r,
                404,
                "serviceaccounts.ErrNotFound",
                "service account not found",
            );
        } else {
            r.assert_message(404, "Failed to retrieve service account");
        }

        // Delete (tokens go too).
        let (_, key) = create_token(&srv, id, r#"{"name":"t"}"#);
        delete(&format!("/api/serviceaccounts/{id}"))
            .admin()
            .send(&srv)
            .assert_message(200, "Service account deleted");
        let again = delete(&format!("/api/serviceaccounts/{id}"))
            .admin()
            .send(&srv);
        if errutil {
            assert_errutil(
                &again,
                404,
                "serviceaccounts.ErrNotFound",
                "service account not found",
            );
        } else {
            again.assert_message(500, "Service account deletion error");
        }
        delete("/api/serviceaccounts/x")
            .admin()
            .send(&srv)
            .assert_message(400, "Service account ID is invalid");
        get("/api/dashboards/home")
            .bearer(&key)
            .send(&srv)
            .assert_message(401, "Invalid API key");
        let state = get("/__sim/state").send(&srv).json();
        assert!(state["keys"].as_array().unwrap().is_empty(), "{v}");
    }
}

fn reqwest_patch(srv: &grafana_sim::Background, id: i64, body: &str) -> Resp {
    Call::new("PATCH", &format!("/api/serviceaccounts/{id}"))
        .admin()
        .json(body)
        .send(srv)
}

#[test]
fn non_admins_are_refused_with_the_permission_needed() {
    let srv = sim("10.4");
    let id = create_sa(&srv, r#"{"name":"a"}"#);
    for (call, action) in [
        (get("/api/serviceaccounts/search"), "serviceaccounts:read"),
        (
            post("/api/serviceaccounts").json(r#"{"name":"b"}"#),
            "serviceaccounts:create",
        ),
        (
            get(&format!("/api/serviceaccounts/{id}")),
            "serviceaccounts:read",
        ),
        (
            Call::new("PATCH", &format!("/api/serviceaccounts/{id}")).json("{}"),
            "serviceaccounts:write",
        ),
        (
            delete(&format!("/api/serviceaccounts/{id}")),
            "serviceaccounts:delete",
        ),
        (
            get(&format!("/api/serviceaccounts/{id}/tokens")),
            "serviceaccounts:read",
        ),
        (
            post(&format!("/api/serviceaccounts/{id}/tokens")).json(r#"{"name":"t"}"#),
            "serviceaccounts:write",
        ),
        (
            delete(&format!("/api/serviceaccounts/{id}/tokens/1")),
            "serviceaccounts:write",
        ),
    ] {
        for user in ["editor", "viewer"] {
            let r = call.clone().basic(user, user).send(&srv);
            assert_eq!(r.status, 403, "{user} {action}: {}", r.body);
            let b = r.json();
            assert_eq!(b["title"], "Access denied");
            assert_eq!(
                b["message"],
                format!(
                    "You'll need additional permissions to perform this action. Permissions needed: {action}"
                )
            );
        }
    }
}

#[test]
fn tokens_create_list_delete_and_errors() {
    for v in ["9.4", "10.4", "12.1"] {
        let errutil = v != "9.4";
        let srv = sim(v);
        let sa = create_sa(&srv, r#"{"name":"bot","role":"Admin"}"#);
        let r = post(&format!("/api/serviceaccounts/{sa}/tokens"))
            .admin()
            .json(r#"{"name":"zeta","secondsToLive":3600}"#)
            .send(&srv);
        assert_eq!(r.status, 200, "{}", r.body);
        let t = r.json();
        assert_eq!(
            t.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["id", "key", "name"]
        );
        let key = t["key"].as_str().unwrap();
        let parts: Vec<&str> = key.split('_').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], "glsa");
        assert_eq!(parts[1].len(), 32);
        assert!(parts[1].bytes().all(|b| b.is_ascii_alphanumeric()));
        let crc = crc32fast::hash(format!("glsa_{}", parts[1]).as_bytes());
        assert_eq!(parts[2], grafana_sim::keygen::hex(&crc.to_le_bytes()));
        // The state never holds the secret.
        assert!(!get("/__sim/state").send(&srv).body.contains(parts[1]));

        create_token(&srv, sa, r#"{"name":"alpha"}"#);
        let list = get(&format!("/api/serviceaccounts/{sa}/tokens"))
            .admin()
            .send(&srv);
        assert_eq!(list.status, 200);
        let rows = list.json();
        let names: Vec<&str> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["alpha", "zeta"]);
        let alpha = &rows[0];
        assert_eq!(alpha["expiration"], Value::Null);
        assert_eq!(alpha["lastUsedAt"], Value::Null);
        assert_eq!(alpha["secondsUntilExpiration"], 0);
        assert_eq!(alpha["hasExpired"], false);
        assert_eq!(alpha["isRevoked"], false);
        let zeta = &rows[1];
        let secs = zeta["secondsUntilExpiration"].as_f64().unwrap();
        assert!(secs > 3500.0 && secs <= 3600.0, "{secs}");
        assert!(list.body.starts_with(r#"[{"id":"#));

        // Errors, in handler order.
        let dup = post(&format!("/api/serviceaccounts/{sa}/tokens"))
            .admin()
            .json(r#"{"name":"alpha"}"#)
            .send(&srv);
        let neg = post(&format!("/api/serviceaccounts/{sa}/tokens"))
            .admin()
            .json(r#"{"name":"n","secondsToLive":-1}"#)
            .send(&srv);
        let no_sa = post("/api/serviceaccounts/999/tokens")
            .admin()
            .json(r#"{"name":"n"}"#)
            .send(&srv);
        if errutil {
            assert_errutil(
                &dup,
                400,
                "serviceaccounts.ErrTokenAlreadyExists",
                "service account token with given name already exists in the organization",
            );
            assert_errutil(
                &neg,
                400,
                "serviceaccounts.ErrInvalidInput",
                "invalid SecondsToLive value",
            );
            assert_errutil(
                &no_sa,
                404,
                "serviceaccounts.ErrNotFound",
                "service account not found",
            );
        } else {
            dup.assert_message(
                400,
                "service account token with given name already exists in the organization",
            );
            neg.assert_message(400, "invalid SecondsToLive value");
            no_sa.assert_message(404, "Failed to retrieve service account");
        }
        post(&format!("/api/serviceaccounts/{sa}/tokens"))
            .admin()
            .json(r#"{"secondsToLive":5}"#)
            .send(&srv)
            .assert_message(400, "Bad request data");

        // The token authenticates with the account's role.
        assert_eq!(
            get("/api/dashboards/home").bearer(key).send(&srv).status,
            200
        );
        let me = get("/api/user").bearer(key).send(&srv);
        assert_eq!(me.status, 200, "{}", me.body);
        assert_eq!(me.json()["login"], "sa-1-bot");
        assert_eq!(
            get("/api/serviceaccounts/search")
                .bearer(key)
                .send(&srv)
                .status,
            200
        );
        // ... and its use is recorded.
        let rows = get(&format!("/api/serviceaccounts/{sa}/tokens"))
            .admin()
            .send(&srv)
            .json();
        assert!(rows[1]["lastUsedAt"].is_string(), "{v}: {rows}");

        // Delete.
        let zeta_id = t["id"].as_i64().unwrap();
        delete(&format!("/api/serviceaccounts/{sa}/tokens/x"))
            .admin()
            .send(&srv)
            .assert_message(400, "Token ID is invalid");
        delete(&format!("/api/serviceaccounts/{sa}/tokens/{zeta_id}"))
            .admin()
            .send(&srv)
            .assert_message(200, "Service account token deleted");
        let again = delete(&format!("/api/serviceaccounts/{sa}/tokens/{zeta_id}"))
            .admin()
            .send(&srv);
        if errutil {
            assert_errutil(
                &again,
                404,
                "serviceaccounts.ErrTokenNotFound",
                "service account token not found",
            );
        } else {
            again.assert_message(404, "Failed to delete service account token");
        }
        get("/api/dashboards/home")
            .bearer(key)
            .send(&srv)
            .assert_message(401, "Invalid API key");
    }
}

#[test]
fn token_names_share_the_orgs_key_namespace_and_the_max_ttl() {
    let srv = sim_with("9.4", |c| c.api_key_max_seconds_to_live = 3600);
    let sa = create_sa(&srv, r#"{"name":"bot"}"#);
    post("/api/auth/keys")
        .admin()
        .json(r#"{"name":"shared","role":"Viewer","secondsToLive":60}"#)
        .send(&srv);
    let tok = |body: &str| {
        post(&format!("/api/serviceaccounts/{sa}/tokens"))
            .admin()
            .json(body)
            .send(&srv)
    };
    tok(r#"{"name":"shared","secondsToLive":60}"#).assert_message(
        400,
        "service account token with given name already exists in the organization",
    );
    tok(r#"{"name":"t"}"#).assert_message(400, "Number of seconds before expiration should be set");
    tok(r#"{"name":"t","secondsToLive":3601}"#).assert_message(
        400,
        "Number of seconds before expiration is greater than the global limit",
    );
    assert_eq!(tok(r#"{"name":"t","secondsToLive":3600}"#).status, 200);
}

#[test]
fn expired_forged_and_disabled_tokens_are_refused() {
    let srv = sim("10.4");
    let doc = r#"{"serviceAccounts":[
        {"name":"live","role":"Editor","tokens":[{"name":"ok"},{"name":"old","secondsToLive":-60}]},
        {"name":"off","role":"Admin","isDisabled":true,"tokens":[{"name":"off-token"}]}]}"#;
    let r = post("/__sim/seed").json(doc).send(&srv);
    assert_eq!(r.status, 200, "{}", r.body);
    let tokens = r.json()["tokens"].clone();
    let key = |name: &str| {
        tokens
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap()["key"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        get("/api/dashboards/home")
            .bearer(&key("ok"))
            .send(&srv)
            .status,
        200
    );
    // An Editor account holds no key permissions.
    assert_eq!(
        get("/api/auth/keys").bearer(&key("ok")).send(&srv).status,
        403
    );
    get("/api/dashboards/home")
        .bearer(&key("old"))
        .send(&srv)
        .assert_message(401, "Expired API key");
    get("/api/dashboards/home")
        .bearer(&key("off-token"))
        .send(&srv)
        .assert_message(401, "Invalid API key");
    let mut forged = key("ok");
    forged.replace_range(5..6, if &forged[5..6] == "a" { "b" } else { "a" });
    get("/api/dashboards/home")
        .bearer(&forged)
        .send(&srv)
        .assert_message(401, "Invalid API key");
    // Basic api_key:<token> works as well.
    assert_eq!(
        get("/api/dashboards/home")
            .basic("api_key", &key("ok"))
            .send(&srv)
            .status,
        200
    );
    // Re-enabling lets the token in again.
    let off = tokens
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "off-token")
        .unwrap()["serviceAccountId"]
        .as_i64()
        .unwrap();
    assert_eq!(
        reqwest_patch(&srv, off, r#"{"isDisabled":false}"#).status,
        200
    );
    assert_eq!(
        get("/api/dashboards/home")
            .bearer(&key("off-token"))
            .send(&srv)
            .status,
        200
    );
}

#[test]
fn search_filters_sorting_paging_and_metadata() {
    let srv = sim("10.4");
    seed(
        &srv,
        r#"{"serviceAccounts":[
            {"name":"Zulu","tokens":[{"name":"z1","secondsToLive":-10}]},
            {"name":"alpha","role":"Editor"},
            {"name":"Mike","isDisabled":true,"tokens":[{"name":"m1","secondsToLive":-10}]},
            {"name":"other org","orgId":2}]}"#,
    );
    let search = |q: &str| {
        let r = get(&format!("/api/serviceaccounts/search{q}"))
            .admin()
            .send(&srv);
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()
    };
    let names = |v: &Value| -> Vec<String> {
        v["serviceAccounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    let all = search("");
    assert_eq!(all["totalCount"], 3);
    assert_eq!(all["perPage"], 1000);
    assert_eq!(all["page"], 1);
    assert_eq!(names(&all), ["alpha", "Mike", "Zulu"]);
    assert!(all["serviceAccounts"][0].get("accessControl").is_none());
    assert_eq!(names(&search("?query=ZU")), ["Zulu"]);
    assert_eq!(names(&search("?query=sa-1-m")), ["Mike"]);
    assert_eq!(names(&search("?expiredTokens=true")), ["Mike", "Zulu"]);
    assert_eq!(names(&search("?disabled=true")), ["Mike"]);
    assert_eq!(
        names(&search("?disabled=true&expiredTokens=true")),
        ["Mike"]
    );
    let p2 = search("?perpage=2&page=2");
    assert_eq!(
        (
            p2["totalCount"].as_i64(),
            p2["perPage"].as_i64(),
            p2["page"].as_i64()
        ),
        (Some(3), Some(2), Some(2))
    );
    assert_eq!(names(&p2), ["Zulu"]);
    assert!(
        search("?perpage=2&page=3")["serviceAccounts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let meta = search("?accesscontrol=true");
    assert_eq!(
        meta["serviceAccounts"][0]["accessControl"],
        json!({"serviceaccounts.permissions:read":true,"serviceaccounts.permissions:write":true,
               "serviceaccounts:delete":true,"serviceaccounts:read":true,"serviceaccounts:write":true})
    );
    let z = &all["serviceAccounts"][2];
    assert_eq!(z["tokens"], 1);
    assert_eq!(z["isDisabled"], false);
    assert_eq!(all["serviceAccounts"][1]["isDisabled"], true);
    // Another org's account is not found from org 1.
    let state = get("/__sim/state").send(&srv).json();
    let other = state["serviceAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["orgId"] == 2)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = get(&format!("/api/serviceaccounts/{other}"))
        .admin()
        .send(&srv);
    assert_errutil(
        &r,
        404,
        "serviceaccounts.ErrNotFound",
        "service account not found",
    );
}

#[test]
fn beta_api_needs_the_toggle_before_9_1() {
    for v in ["8.4", "8.5", "9.0"] {
        let srv = sim(v);
        get("/api/serviceaccounts/search")
            .admin()
            .send(&srv)
            .assert_message(404, "Not found");
        post("/api/serviceaccounts")
            .admin()
            .json(r#"{"name":"a"}"#)
            .send(&srv)
            .assert_message(404, "Not found");
    }
    for v in ["8.5", "9.0"] {
        let srv = sim_with(v, |c| c.feature_toggles = vec!["serviceAccounts".into()]);
        let sa = create_sa(&srv, r#"{"name":"a"}"#);
        create_token(&srv, sa, r#"{"name":"t"}"#);
        post(&format!("/api/serviceaccounts/{sa}/tokens"))
            .admin()
            .json(r#"{"name":"t"}"#)
            .send(&srv)
            .assert_message(
                409,
                "service account token with given name already exists in the organization",
            );
        let rows = get(&format!("/api/serviceaccounts/{sa}/tokens"))
            .admin()
            .send(&srv)
            .json();
        assert!(rows[0].get("lastUsedAt").is_none(), "{v}");
        let r = get("/api/serviceaccounts/search")
            .basic("editor", "editor")
            .send(&srv);
        if v == "8.5" {
            r.assert_message(403, "Permission denied");
        } else {
            assert_eq!(r.status, 403);
        }
    }
    let srv = sim_with("8.4", |c| {
        c.feature_toggles = vec!["serviceAccounts".into()]
    });
    get("/api/serviceaccounts/search")
        .admin()
        .send(&srv)
        .assert_message(404, "Not found");
}

#[test]
fn seeded_migrated_key_is_a_token_with_the_key_id() {
    for v in ["9.4", "11.2", "12.0"] {
        let srv = sim(v);
        let r = post("/__sim/seed")
            .json(r#"{"keys":[{"name":"plain","role":"Viewer"},{"name":"Old Sync","role":"Editor","lastUsedSecondsAgo":60,"migrated":true}]}"#)
            .send(&srv);
        assert_eq!(r.status, 200);
        let keys = r.json()["keys"].clone();
        let (old_id, old_secret) = (
            keys[1]["id"].as_i64().unwrap(),
            keys[1]["key"].as_str().unwrap().to_string(),
        );
        let s = get("/api/serviceaccounts/search?query=old")
            .admin()
            .send(&srv)
            .json();
        assert_eq!(s["totalCount"], 1, "{v}");
        let sa = &s["serviceAccounts"][0];
        assert_eq!(sa["name"], "sa-autogen-Old Sync");
        assert_eq!(sa["login"], "sa-autogen-1-old-sync");
        assert_eq!(sa["role"], "Editor");
        let sa_id = sa["id"].as_i64().unwrap();
        let tokens = get(&format!("/api/serviceaccounts/{sa_id}/tokens"))
            .admin()
            .send(&srv)
            .json();
        assert_eq!(tokens[0]["id"], old_id);
        assert_eq!(tokens[0]["name"], "Old Sync");
        assert!(tokens[0]["lastUsedAt"].is_string());
        assert_eq!(
            get("/api/dashboards/home")
                .bearer(&old_secret)
                .send(&srv)
                .status,
            200
        );
        // Not in the key list any more (the plain key is, until 11.6).
        let expected: &[&str] = if v == "12.0" { &[] } else { &["plain"] };
        assert_eq!(names(&srv, "?includeExpired=true"), expected);
    }
}

#[test]
fn dev_seed_has_accounts_tokens_and_a_migrated_key() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/dev.json")).unwrap();
    let srv = sim("10.4");
    let r = post("/__sim/seed").json(&doc).send(&srv);
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(names(&srv, "?includeExpired=true").len(), 7);
    let migrated = body["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "dashboard-sync")
        .unwrap()["id"]
        .clone();
    let s = get("/api/serviceaccounts/search").admin().send(&srv).json();
    let autogen = s["serviceAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"].as_str().unwrap().starts_with("sa-autogen-"))
        .unwrap();
    let tokens = get(&format!("/api/serviceaccounts/{}/tokens", autogen["id"]))
        .admin()
        .send(&srv)
        .json();
    assert_eq!(tokens[0]["id"], migrated);
    assert!(
        s["serviceAccounts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["isDisabled"] == true)
    );
    let expired = get("/api/serviceaccounts/search?expiredTokens=true")
        .admin()
        .send(&srv)
        .json();
    assert!(expired["totalCount"].as_i64().unwrap() >= 1);
    // Every seeded token authenticates or is refused as its state says.
    for t in body["tokens"].as_array().unwrap() {
        let r = get("/api/dashboards/home")
            .bearer(t["key"].as_str().unwrap())
            .send(&srv);
        assert!(matches!(r.status, 200 | 401), "{}", r.body);
    }
}

#[test]
fn uid_in_path_from_11_4() {
    let srv = sim("11.5");
    let r = post("/api/serviceaccounts")
        .admin()
        .json(r#"{"name":"u"}"#)
        .send(&srv)
        .json();
    let uid = r["uid"].as_str().unwrap().to_string();
    let g = get(&format!("/api/serviceaccounts/{uid}"))
        .admin()
        .send(&srv);
    assert_eq!(g.status, 200);
    assert_eq!(g.json()["id"], r["id"]);
    let srv = sim("10.4");
    let r = post("/api/serviceaccounts")
        .admin()
        .json(r#"{"name":"u"}"#)
        .send(&srv)
        .json();
    get(&format!(
        "/api/serviceaccounts/{}",
        r["uid"].as_str().unwrap()
    ))
    .admin()
    .send(&srv)
    .assert_message(400, "Service Account ID is invalid");
}
