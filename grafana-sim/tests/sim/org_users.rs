//! `GET /api/frontend/settings`, the org search and lookup by name
//! (`GET /api/orgs`, `/api/orgs/name/:name`), org users (`GET
//! /api/orgs/:orgId/users`, `GET /api/org/users`, `PATCH` / `DELETE
//! /api/orgs/:orgId/users/:userId`) per version, and the service-account
//! role and id texts of the 8.5 beta and 9.x (`pkg/api/frontendsettings.go`,
//! `org.go`, `org_users.go`, `api.go`, `serviceaccounts/api/api.go`).

use grafana_sim::Background;
use serde_json::{Value, json};

use crate::client::{Call, Resp, delete, get, post, sim_with};

fn dev(version: &str) -> Background {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/dev.json")).unwrap();
    let seed = grafana_sim::seed::Seed::parse(&text).unwrap();
    sim_with(version, |c| c.seed = seed)
}

fn patch(path: &str) -> Call {
    Call::new("PATCH", path)
}

fn ops(c: Call) -> Call {
    c.basic("ops", "ops")
}

fn keys_of(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// The RBAC 403 with its evaluator text.
#[track_caller]
fn assert_denied(r: &Resp, needed: &str) {
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(
        r.json()["message"],
        format!(
            "You'll need additional permissions to perform this action. Permissions needed: {needed}"
        )
    );
}

/// The raw text of `buildInfo` in the body, to check Go's field order.
fn build_info_text(body: &str) -> &str {
    let start = body.find(r#""buildInfo":{"#).unwrap() + r#""buildInfo":"#.len();
    let end = start + body[start..].find('}').unwrap() + 1;
    &body[start..end]
}

#[test]
fn frontend_settings_build_info_per_version() {
    // 8.x: a map, keys sorted.
    let srv = dev("8.5.27");
    let r = get("/api/frontend/settings").admin().send(&srv);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        build_info_text(&r.body),
        r#"{"buildstamp":1704067200,"commit":"0000000000","edition":"Open Source","env":"production","hasUpdate":false,"hideVersion":false,"latestVersion":"","version":"8.5.27"}"#
    );
    // ≈9.3 – 10.x: the DTO, in its field order.
    let srv = dev("10.4");
    let r = get("/api/frontend/settings/").admin().send(&srv);
    assert_eq!(
        build_info_text(&r.body),
        r#"{"hideVersion":false,"version":"10.4.0","commit":"0000000000","buildstamp":1704067200,"edition":"Open Source","latestVersion":"","hasUpdate":false,"env":"production"}"#
    );
    assert_eq!(r.json()["allowOrgCreate"], true, "the server admin");
    assert_eq!(
        get("/api/frontend/settings")
            .basic("viewer", "viewer")
            .send(&srv)
            .json()["allowOrgCreate"],
        false
    );
    // Behind reqSignedIn: signed out is the usual 401.
    get("/api/frontend/settings")
        .send(&srv)
        .assert_message(401, "Unauthorized");
    // ≈11.0+: versionString and commitShort.
    let srv = dev("12.1.0");
    let r = get("/api/frontend/settings").admin().send(&srv);
    assert_eq!(
        build_info_text(&r.body),
        r#"{"hideVersion":false,"version":"12.1.0","versionString":"Grafana v12.1.0","commit":"0000000000","commitShort":"0000000000","buildstamp":1704067200,"edition":"Open Source","latestVersion":"","hasUpdate":false,"env":"production"}"#
    );
    // hide_version only hides it from anonymous users.
    let srv = sim_with("10.4", |c| c.hide_version = true);
    let r = get("/api/frontend/settings").admin().send(&srv);
    assert_eq!(r.json()["buildInfo"]["version"], "10.4.0");
}

#[test]
fn org_search_and_lookup_by_name_are_for_the_server_admin() {
    for v in ["8.5", "9.1", "10.4", "12.1"] {
        let srv = dev(v);
        let all = get("/api/orgs").admin().send(&srv);
        assert_eq!(all.status, 200, "{v}: {}", all.body);
        assert_eq!(
            all.body,
            r#"[{"id":1,"name":"Main Org."},{"id":2,"name":"Platform"},{"id":3,"name":"Partners"}]"#
        );
        // The store's page counts from 0: ?page=1 is the second page.
        assert_eq!(
            get("/api/orgs?perpage=1&page=1").admin().send(&srv).json(),
            json!([{"id": 2, "name": "Platform"}])
        );
        assert_eq!(
            get("/api/orgs/?perpage=2").admin().send(&srv).json(),
            json!([{"id": 1, "name": "Main Org."}, {"id": 2, "name": "Platform"}])
        );
        // query: a name prefix; name: exact.
        assert_eq!(
            get("/api/orgs?query=pa").admin().send(&srv).json(),
            json!([{"id": 3, "name": "Partners"}])
        );
        assert_eq!(
            get("/api/orgs?name=platform").admin().send(&srv).json(),
            json!([])
        );

        let r = get("/api/orgs/name/Main%20Org.").admin().send(&srv);
        assert_eq!(
            r.body,
            r#"{"id":1,"name":"Main Org.","address":{"address1":"","address2":"","city":"","zipCode":"","state":"","country":""}}"#
        );
        get("/api/orgs/name/platform")
            .admin()
            .send(&srv)
            .assert_message(404, "Organization not found");

        // An org Admin is no server admin: orgs:read is not theirs in the global org.
        for path in ["/api/orgs", "/api/orgs/name/Platform"] {
            let r = ops(get(path)).send(&srv);
            if v == "8.5" {
                r.assert_message(403, "Permission denied");
            } else if v == "9.1" {
                assert_denied(&r, "action:orgs:read scopes:");
            } else {
                assert_denied(&r, "orgs:read");
            }
        }
    }
}

#[test]
fn org_users_fields_per_version() {
    let expect: [(&str, &[&str]); 4] = [
        (
            "8.5",
            &[
                "avatarUrl",
                "email",
                "lastSeenAt",
                "lastSeenAtAge",
                "login",
                "name",
                "orgId",
                "role",
                "userId",
            ],
        ),
        (
            "9.4",
            &[
                "avatarUrl",
                "email",
                "isDisabled",
                "lastSeenAt",
                "lastSeenAtAge",
                "login",
                "name",
                "orgId",
                "role",
                "userId",
            ],
        ),
        (
            "10.4",
            &[
                "authLabels",
                "avatarUrl",
                "email",
                "isDisabled",
                "isExternallySynced",
                "lastSeenAt",
                "lastSeenAtAge",
                "login",
                "name",
                "orgId",
                "role",
                "userId",
            ],
        ),
        (
            "12.1",
            &[
                "authLabels",
                "avatarUrl",
                "created",
                "email",
                "isDisabled",
                "isExternallySynced",
                "isProvisioned",
                "lastSeenAt",
                "lastSeenAtAge",
                "login",
                "name",
                "orgId",
                "role",
                "uid",
                "userId",
            ],
        ),
    ];
    for (v, fields) in expect {
        let srv = dev(v);
        let r = get("/api/orgs/2/users").admin().send(&srv);
        assert_eq!(r.status, 200, "{v}: {}", r.body);
        let rows = r.json();
        // People only (not the org's service account), by e-mail.
        let logins: Vec<&str> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["login"].as_str().unwrap())
            .collect();
        assert_eq!(logins, ["admin", "ops"], "{v}");
        let mut keys = keys_of(&rows[1]);
        keys.sort_unstable();
        assert_eq!(keys, fields, "{v}");
        assert_eq!(rows[1]["orgId"], 2);
        assert_eq!(rows[1]["userId"], 4);
        assert_eq!(rows[1]["role"], "Admin");
        assert!(r.body.starts_with(r#"[{"orgId":2,"userId":1,"#), "{v}");
        assert!(rows[1]["lastSeenAtAge"].as_str().unwrap().ends_with('y'));
        // An unknown org has no users.
        assert_eq!(
            get("/api/orgs/99/users").admin().send(&srv).json(),
            json!([])
        );
    }
}

#[test]
fn org_users_guards() {
    let srv = dev("10.4");
    // An org Admin lists its own org, not one where it is a Viewer.
    assert_eq!(ops(get("/api/orgs/2/users")).send(&srv).status, 200);
    assert_denied(&ops(get("/api/orgs/3/users")).send(&srv), "org.users:read");
    assert_denied(
        &get("/api/orgs/1/users")
            .basic("editor", "editor")
            .send(&srv),
        "org.users:read",
    );
    // A non-numeric org id is denied before it is parsed.
    assert_denied(&get("/api/orgs/abc/users").admin().send(&srv), "");
    // GET /api/org/users: the request's org (X-Grafana-Org-Id), org Admins only.
    let r = ops(get("/api/org/users"))
        .header("X-Grafana-Org-Id", "2")
        .send(&srv);
    assert_eq!(r.status, 200);
    assert_eq!(r.json().as_array().unwrap().len(), 2);
    assert_eq!(
        get("/api/org/users").admin().send(&srv).json()[0]["orgId"],
        1
    );
    assert_denied(
        &get("/api/org/users").basic("viewer", "viewer").send(&srv),
        "org.users:read",
    );
    assert_denied(
        &ops(get("/api/org/users"))
            .header("X-Grafana-Org-Id", "3")
            .send(&srv),
        "org.users:read",
    );
    // 8.x: Grafana Admin for /orgs/:orgId*, org Admin for /org/users.
    let srv = dev("8.5");
    ops(get("/api/orgs/2/users"))
        .send(&srv)
        .assert_message(403, "Permission denied");
    get("/api/org/users")
        .basic("editor", "editor")
        .send(&srv)
        .assert_message(403, "Permission denied");
    assert_eq!(ops(get("/api/org/users")).send(&srv).status, 200);
    get("/api/orgs/abc/users")
        .admin()
        .send(&srv)
        .assert_message(400, "orgId is invalid");
}

fn state_role(srv: &Background, login: &str, org: i64) -> Option<String> {
    get(&format!("/__sim/users/{login}")).send(srv).json()["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["orgId"] == org)
        .map(|o| o["role"].as_str().unwrap().to_string())
}

#[test]
fn update_org_user_role() {
    for v in ["8.5", "9.1", "10.4", "12.1"] {
        let srv = dev(v);
        post("/api/orgs/2/users")
            .admin()
            .json(r#"{"loginOrEmail":"editor","role":"Editor"}"#)
            .send(&srv);
        // Server admin, then an org Admin of the target org.
        patch("/api/orgs/2/users/2")
            .admin()
            .json(r#"{"role":"Viewer"}"#)
            .send(&srv)
            .assert_message(200, "Organization user updated");
        assert_eq!(state_role(&srv, "editor", 2).as_deref(), Some("Viewer"));
        if v != "8.5" {
            ops(patch("/api/orgs/2/users/2"))
                .json(r#"{"role":"Admin"}"#)
                .send(&srv)
                .assert_message(200, "Organization user updated");
            assert_eq!(state_role(&srv, "editor", 2).as_deref(), Some("Admin"));
            // ops is a Viewer in org 3: no org.users:write there.
            let r = ops(patch("/api/orgs/3/users/1"))
                .json(r#"{"role":"Viewer"}"#)
                .send(&srv);
            if v == "9.1" {
                assert_denied(&r, "action:org.users:write scopes:users:id:1");
            } else {
                assert_denied(&r, "org.users:write");
            }
            // The ceiling is the caller's role in the request's org (Viewer in 3).
            ops(patch("/api/orgs/2/users/2"))
                .header("X-Grafana-Org-Id", "3")
                .json(r#"{"role":"Editor"}"#)
                .send(&srv)
                .assert_message(403, "Cannot assign a role higher than user's role");
        } else {
            ops(patch("/api/orgs/2/users/2"))
                .json(r#"{"role":"Admin"}"#)
                .send(&srv)
                .assert_message(403, "Permission denied");
        }
        let admin = |path: &str, body: &str| patch(path).admin().json(body).send(&srv);
        admin("/api/orgs/2/users/2", r#"{"role":"Boss"}"#)
            .assert_message(400, "Invalid role specified");
        admin("/api/orgs/2/users/2", r#"{"rolle":"Viewer"}"#)
            .assert_message(400, "bad request data");
        admin("/api/orgs/2/users/x", r#"{"role":"Viewer"}"#)
            .assert_message(400, "userId is invalid");
        // No such member: the store's ErrOrgUserNotFound is a 500.
        admin("/api/orgs/2/users/3", r#"{"role":"Viewer"}"#)
            .assert_message(500, "Failed update org user");
        // Org 3's only Admin is `admin`.
        admin("/api/orgs/3/users/1", r#"{"role":"Editor"}"#).assert_message(
            400,
            "Cannot change role so that there is no organization admin left",
        );
        assert_eq!(state_role(&srv, "admin", 3).as_deref(), Some("Admin"));
    }
}

#[test]
fn remove_org_user() {
    for v in ["8.5", "10.4", "12.1"] {
        let srv = dev(v);
        let del = |path: &str| delete(path).admin().send(&srv);
        post("/api/orgs/2/users")
            .admin()
            .json(r#"{"loginOrEmail":"editor","role":"Editor"}"#)
            .send(&srv);
        del("/api/orgs/2/users/2").assert_message(200, "User removed from organization");
        assert_eq!(state_role(&srv, "editor", 2), None);
        // No membership to remove is no error.
        del("/api/orgs/2/users/2").assert_message(200, "User removed from organization");
        del("/api/orgs/2/users/999").assert_message(500, "Failed to remove user from organization");
        del("/api/orgs/2/users/x").assert_message(400, "userId is invalid");
        // The last Admin stays; an org without Admins (none at all) refuses too.
        del("/api/orgs/3/users/1").assert_message(400, "Cannot remove last organization admin");
        assert_eq!(state_role(&srv, "admin", 3).as_deref(), Some("Admin"));
        del("/api/orgs/99/users/2").assert_message(400, "Cannot remove last organization admin");
        // A user whose current org goes moves to another of its orgs.
        del("/api/orgs/1/users/4").assert_message(200, "User removed from organization");
        let ops_state = get("/__sim/users/ops").send(&srv).json();
        assert_eq!(ops_state["orgId"], 2, "{v}");
        if v == "8.5" {
            delete("/api/orgs/2/users/1")
                .basic("ops", "ops")
                .send(&srv)
                .assert_message(403, "Permission denied");
        } else {
            assert_denied(
                &delete("/api/orgs/3/users/1").basic("ops", "ops").send(&srv),
                "org.users:remove",
            );
        }
    }
}

#[test]
fn service_account_role_and_id_texts_of_the_beta_and_9x() {
    for (v, invalid_role, invalid_id) in [
        (
            "8.5",
            "Invalid role specified",
            "serviceAccountId is invalid",
        ),
        (
            "9.0",
            "invalid role specified",
            "Service account ID is invalid",
        ),
        (
            "9.4",
            "invalid role specified",
            "Service account ID is invalid",
        ),
    ] {
        let srv = sim_with(v, |c| c.feature_toggles = vec!["serviceAccounts".into()]);
        let r = post("/api/serviceaccounts")
            .admin()
            .json(r#"{"name":"a"}"#)
            .send(&srv);
        assert_eq!(r.status, 201, "{v}: {}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        patch(&format!("/api/serviceaccounts/{id}"))
            .admin()
            .json(r#"{"role":"Boss"}"#)
            .send(&srv)
            .assert_message(400, invalid_role);
        delete("/api/serviceaccounts/abc")
            .admin()
            .send(&srv)
            .assert_message(400, invalid_id);
    }
}
