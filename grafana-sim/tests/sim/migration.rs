//! `/api/serviceaccounts/*` (contract §1.6) per profile.

use serde_json::json;

use crate::client::*;

const TWO_KEYS: &str = r#"{"keys":[{"name":"ci bot","role":"Editor"},{"name":"viewer-key","role":"Viewer","secondsToLive":-60}]}"#;

#[test]
fn migrate_all_answer_per_version() {
    for v in ["9.4", "10.0", "10.1", "10.4", "11.2", "11.5"] {
        let srv = sim(v);
        seed(&srv, TWO_KEYS);
        let r = post("/api/serviceaccounts/migrate").admin().send(&srv);
        match v {
            "9.4" | "10.0" => r.assert_message(200, "API keys migrated to service accounts"),
            "10.1" => {
                assert_eq!(r.status, 200);
                assert_eq!(
                    r.body,
                    r#"{"Total":2,"Migrated":2,"Failed":0,"FailedApikeyIDs":[],"FailedDetails":[]}"#
                );
            }
            _ => {
                assert_eq!(r.status, 200);
                assert_eq!(
                    r.body,
                    r#"{"total":2,"migrated":2,"failed":0,"failedApikeyIDs":[],"failedDetails":[]}"#
                );
            }
        }
        // Migrated keys leave the list, expired ones included.
        assert!(names(&srv, "?includeExpired=true").is_empty(), "{v}");
        // ... and appear as service accounts.
        let s = get("/api/serviceaccounts/search?perpage=10&page=1&query=")
            .admin()
            .send(&srv);
        assert_eq!(s.status, 200, "{v}");
        let s = s.json();
        assert_eq!(s["totalCount"], 2);
        assert_eq!(s["page"], 1);
        assert_eq!(s["perPage"], 10);
        let sa = &s["serviceAccounts"][0];
        assert_eq!(sa["name"], "sa-autogen-ci bot");
        assert_eq!(sa["login"], "sa-autogen-1-ci-bot");
        assert_eq!(sa["role"], "Editor");
        assert_eq!(sa["tokens"], 1);
        assert_eq!(sa["orgId"], 1);
        assert_eq!(sa["isDisabled"], false);
        // Nothing left: 9.x/10.0 still answer the message; later a zero result.
        let again = post("/api/serviceaccounts/migrate").admin().send(&srv);
        assert_eq!(again.status, 200);
    }
}

#[test]
fn migrate_all_failures() {
    // Two names whose logins clash: 9.x aborts with 500, 10.1+ retries with a suffix.
    let clash = r#"{"keys":[{"name":"CI Bot","role":"Editor"},{"name":"ci-bot","role":"Viewer"}]}"#;
    let srv = sim("9.4");
    seed(&srv, clash);
    post("/api/serviceaccounts/migrate")
        .admin()
        .send(&srv)
        .assert_message(500, "Internal server error");
    let srv = sim("10.4");
    seed(&srv, clash);
    let r = post("/api/serviceaccounts/migrate")
        .admin()
        .send(&srv)
        .json();
    assert_eq!(r["migrated"], 2);
}

#[test]
fn migrate_one_rows() {
    for v in ["9.4", "10.4", "11.2", "11.5"] {
        let srv = sim(v);
        // No keys at all in the org: the store errors.
        post("/api/serviceaccounts/migrate/1")
            .admin()
            .send(&srv)
            .assert_message(500, "Error converting API key");
        let seeded = seed(&srv, TWO_KEYS);
        post("/api/serviceaccounts/migrate/abc")
            .admin()
            .send(&srv)
            .assert_message(400, "Key ID is invalid");
        // Unknown id while keys exist: silently 200.
        post("/api/serviceaccounts/migrate/999")
            .admin()
            .send(&srv)
            .assert_message(200, "Service accounts migrated");
        assert_eq!(names(&srv, "?includeExpired=true").len(), 2);
        let id = seeded[0].1;
        post(&format!("/api/serviceaccounts/migrate/{id}"))
            .admin()
            .send(&srv)
            .assert_message(200, "Service accounts migrated");
        assert_eq!(names(&srv, "?includeExpired=true"), ["viewer-key"]);
        // The migrated key can no longer be deleted as an API key ...
        delete(&format!("/api/auth/keys/{id}"))
            .admin()
            .send(&srv)
            .assert_message(404, "Failed to delete API key");
        // ... but keeps working, now as the service account's token.
        let home = get("/api/dashboards/home").bearer(&seeded[0].2).send(&srv);
        assert_eq!(home.status, 200, "{v}");
        // Its name still blocks a new key of the same name (on versions that create).
        if v != "11.5" {
            post("/api/auth/keys")
                .admin()
                .json(r#"{"name":"ci bot","role":"Viewer"}"#)
                .send(&srv)
                .assert_message(409, "API key, organization ID and name must be unique");
        }
        let sa = get("/api/serviceaccounts/search").admin().send(&srv).json();
        assert_eq!(sa["totalCount"], 1);
        assert_eq!(sa["perPage"], 1000);
    }
}

#[test]
fn migration_status_hide_and_revert_only_9_1_to_9_4() {
    let srv = sim("9.4");
    let seeded = seed(&srv, TWO_KEYS);
    let st = get("/api/serviceaccounts/migrationstatus")
        .admin()
        .send(&srv);
    assert_eq!(st.status, 200);
    assert_eq!(st.json(), json!({"migrated": false}));
    post("/api/serviceaccounts/revert/x")
        .admin()
        .send(&srv)
        .assert_message(400, "Key ID is invalid");
    post(&format!("/api/serviceaccounts/revert/{}", seeded[0].1))
        .admin()
        .send(&srv)
        .assert_message(500, "Error reverting to API key");
    post("/api/serviceaccounts/migrate")
        .admin()
        .send(&srv)
        .assert_message(200, "API keys migrated to service accounts");
    assert_eq!(
        get("/api/serviceaccounts/migrationstatus")
            .admin()
            .send(&srv)
            .json(),
        json!({"migrated": true})
    );
    post(&format!("/api/serviceaccounts/revert/{}", seeded[0].1))
        .admin()
        .send(&srv)
        .assert_message(200, "Reverted service account to API key");
    assert_eq!(names(&srv, ""), ["ci bot"]);
    post("/api/serviceaccounts/hideApiKeys")
        .admin()
        .send(&srv)
        .assert_message(200, "API keys hidden");
    let state = get("/__sim/state").send(&srv).json();
    assert_eq!(state["hideApiKeysOrgs"], json!([1]));

    for v in ["9.5", "10.4", "11.2"] {
        let srv = sim(v);
        seed(&srv, TWO_KEYS);
        // A stale status call lands on GET /:serviceAccountId.
        get("/api/serviceaccounts/migrationstatus")
            .admin()
            .send(&srv)
            .assert_message(400, "Service Account ID is invalid");
        post("/api/serviceaccounts/hideApiKeys")
            .admin()
            .send(&srv)
            .assert_message(404, "Not found");
        post("/api/serviceaccounts/revert/1")
            .admin()
            .send(&srv)
            .assert_message(404, "Not found");
    }
}

#[test]
fn service_account_routes_absent_before_9_1_and_migrate_gone_in_12_1() {
    let srv = sim("8.5");
    for call in [
        post("/api/serviceaccounts/migrate"),
        post("/api/serviceaccounts/migrate/1"),
        get("/api/serviceaccounts/migrationstatus"),
        post("/api/serviceaccounts/hideApiKeys"),
        post("/api/serviceaccounts/revert/1"),
        get("/api/serviceaccounts/search"),
    ] {
        call.admin().send(&srv).assert_message(404, "Not found");
    }
    let srv = sim("12.1");
    post("/api/serviceaccounts/migrate")
        .admin()
        .send(&srv)
        .assert_message(404, "Not found");
    post("/api/serviceaccounts/migrate/1")
        .admin()
        .send(&srv)
        .assert_message(404, "Not found");
    let s = get("/api/serviceaccounts/search").admin().send(&srv);
    assert_eq!(s.status, 200);
}

#[test]
fn migration_needs_service_account_permissions() {
    for v in ["9.4", "10.4", "11.5"] {
        let srv = sim(v);
        seed(&srv, TWO_KEYS);
        for (call, action) in [
            (
                post("/api/serviceaccounts/migrate"),
                "serviceaccounts:create",
            ),
            (
                post("/api/serviceaccounts/migrate/1"),
                "serviceaccounts:create",
            ),
            (get("/api/serviceaccounts/search"), "serviceaccounts:read"),
        ] {
            let r = call.basic("editor", "editor").send(&srv);
            assert_eq!(r.status, 403, "{v}");
            assert_eq!(
                r.json()["message"],
                format!(
                    "You'll need additional permissions to perform this action. Permissions needed: {action}"
                )
            );
        }
        assert_eq!(names(&srv, "?includeExpired=true").len(), 2);
    }
}

#[test]
fn keys_are_migrated_at_start_from_11_6() {
    for v in ["11.6", "12.0"] {
        let srv = sim_with(v, |c| {
            c.seed = grafana_sim::seed::Seed::parse(TWO_KEYS).unwrap();
        });
        assert!(names(&srv, "?includeExpired=true").is_empty(), "{v}");
        let s = get("/api/serviceaccounts/search").admin().send(&srv).json();
        assert_eq!(s["totalCount"], 2);
        // Re-seeding behaves like a restart.
        seed(&srv, r#"{"keys":[{"name":"late","role":"Viewer"}]}"#);
        assert!(names(&srv, "").is_empty());
    }
    let srv = sim_with("11.5", |c| {
        c.seed = grafana_sim::seed::Seed::parse(TWO_KEYS).unwrap();
    });
    assert_eq!(names(&srv, "?includeExpired=true").len(), 2);
}
