//! Orgs: users with a role per org, `X-Grafana-Org-Id`, the current org
//! (`POST /api/user/using/:id`), the org admin API (`POST /api/orgs`,
//! `POST /api/orgs/:orgId/users`, `GET /api/orgs/:orgId`), keys and
//! service accounts bound to their org, and the `/__sim/users/:login`
//! control endpoint.

use grafana_sim::Background;
use serde_json::{Value, json};

use crate::client::{Call, delete, get, post, sim_with};

fn dev_seed() -> grafana_sim::seed::Seed {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/dev.json")).unwrap();
    grafana_sim::seed::Seed::parse(&text).unwrap()
}

/// A server on `version` started with `seeds/dev.json`.
fn dev(version: &str) -> Background {
    sim_with(version, |c| c.seed = dev_seed())
}

fn ops(c: Call) -> Call {
    c.basic("ops", "ops")
}

fn org(c: Call, id: &str) -> Call {
    c.header("X-Grafana-Org-Id", id)
}

fn key_names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap().to_string())
        .collect()
}

/// The RBAC 403: `{"accessErrorId":"ACE…","message":"… Permissions needed: <p>","title":"Access denied"}`.
#[track_caller]
fn assert_access_denied(r: &crate::client::Resp, needed: &str) {
    assert_eq!(r.status, 403, "{}", r.body);
    let v = r.json();
    assert_eq!(v["title"], "Access denied");
    assert_eq!(
        v["message"],
        format!(
            "You'll need additional permissions to perform this action. Permissions needed: {needed}"
        )
    );
    assert!(v["accessErrorId"].as_str().unwrap().starts_with("ACE"));
    assert_eq!(v.as_object().unwrap().len(), 3);
}

#[test]
fn dev_seed_orgs_users_and_memberships() {
    let srv = dev("10.4");
    let orgs = ops(get("/api/user/orgs")).send(&srv);
    assert_eq!(orgs.status, 200);
    // Ordered by org name, like GetUserOrgList.
    assert_eq!(
        orgs.json(),
        json!([
            {"orgId": 1, "name": "Main Org.", "role": "Admin"},
            {"orgId": 3, "name": "Partners", "role": "Viewer"},
            {"orgId": 2, "name": "Platform", "role": "Admin"}
        ])
    );
    assert_eq!(
        get("/api/user/orgs").admin().send(&srv).json(),
        json!([
            {"orgId": 1, "name": "Main Org.", "role": "Admin"},
            {"orgId": 3, "name": "Partners", "role": "Admin"},
            {"orgId": 2, "name": "Platform", "role": "Admin"}
        ])
    );
    assert_eq!(
        get("/api/user/orgs")
            .basic("editor", "editor")
            .send(&srv)
            .json(),
        json!([{"orgId": 1, "name": "Main Org.", "role": "Editor"}])
    );
    let me = ops(get("/api/user")).send(&srv).json();
    assert_eq!(
        (&me["id"], &me["login"], &me["orgId"], &me["email"]),
        (&json!(4), &json!("ops"), &json!(1), &json!("ops@localhost"))
    );
    assert_eq!(me["isGrafanaAdmin"], false);
    let ctl = get("/__sim/users/ops").send(&srv);
    assert_eq!(ctl.status, 200);
    assert_eq!(
        ctl.body,
        r#"{"id":4,"login":"ops","orgId":1,"orgs":[{"orgId":1,"name":"Main Org.","role":"Admin"},{"orgId":3,"name":"Partners","role":"Viewer"},{"orgId":2,"name":"Platform","role":"Admin"}]}"#
    );
    get("/__sim/users/nobody")
        .send(&srv)
        .assert_message(404, "User not found");
    // Something to count in every org: keys (one expired, one expiring within
    // 7 days) and, in org 2, an account with an expired token.
    for (o, n) in [("1", 7), ("2", 3), ("3", 3)] {
        // admin: ops is only a Viewer in org 3.
        let keys = org(get("/api/auth/keys?includeExpired=true").admin(), o)
            .send(&srv)
            .json();
        assert_eq!(keys.as_array().unwrap().len(), n, "org {o}: {keys}");
    }
    let platform = org(ops(get("/api/auth/keys?includeExpired=true")), "2")
        .send(&srv)
        .json();
    assert_eq!(
        key_names(&platform),
        [
            "platform-deploy",
            "platform-legacy-export",
            "platform-oncall-pager"
        ]
    );
    let expired = org(
        ops(get("/api/serviceaccounts/search?expiredTokens=true")),
        "2",
    )
    .send(&srv)
    .json();
    assert_eq!(expired["totalCount"], 1);
    assert_eq!(expired["serviceAccounts"][0]["name"], "platform-ci");
    assert_eq!(expired["serviceAccounts"][0]["orgId"], 2);
    assert_eq!(expired["serviceAccounts"][0]["tokens"], 2);
    // The state dump lists orgs with members and users with current orgs.
    let state = get("/__sim/state").send(&srv).json();
    assert_eq!(state["orgs"][1]["name"], "Platform");
    assert_eq!(
        state["orgs"][2]["members"],
        json!([{"login": "admin", "role": "Admin"}, {"login": "ops", "role": "Viewer"}])
    );
    assert_eq!(
        state["users"][3],
        json!({"id": 4, "login": "ops", "orgId": 1, "isGrafanaAdmin": false})
    );
}

#[test]
fn org_header_selects_the_org_for_one_request() {
    let srv = dev("10.4");
    let main = ops(get("/api/auth/keys?includeExpired=true"))
        .send(&srv)
        .json();
    assert!(key_names(&main).contains(&"ci-deploy-bot".to_string()));
    let platform = org(ops(get("/api/auth/keys")), "2").send(&srv);
    assert_eq!(platform.status, 200);
    assert!(!key_names(&platform.json()).contains(&"ci-deploy-bot".to_string()));
    assert_eq!(
        org(ops(get("/api/org")), "2").send(&srv).json()["name"],
        "Platform"
    );
    // Viewer in org 3: the key routes refuse, /api/org answers.
    assert_access_denied(
        &org(ops(get("/api/auth/keys")), "3").send(&srv),
        "apikeys:read",
    );
    assert_access_denied(
        &org(ops(get("/api/serviceaccounts/search")), "3").send(&srv),
        "serviceaccounts:read",
    );
    assert_eq!(org(ops(get("/api/org")), "3").send(&srv).json()["id"], 3);
    let perms = org(ops(get("/api/access-control/user/permissions")), "3")
        .send(&srv)
        .json();
    assert!(perms.get("apikeys:read").is_none());
    assert!(perms.get("dashboards:read").is_some());
    // The header never moves the current org.
    assert_eq!(
        org(ops(get("/api/user")), "2").send(&srv).json()["orgId"],
        1
    );
    assert_eq!(get("/__sim/users/ops").send(&srv).json()["orgId"], 1);
    // 0, negative and unparsable headers mean "my current org".
    for h in ["0", "-3", "two", ""] {
        let r = org(ops(get("/api/org")), h).send(&srv);
        assert_eq!(r.json()["id"], 1, "header {h:?}: {}", r.body);
    }
    // A key created with the header belongs to that org.
    let r = org(ops(post("/api/auth/keys")), "2")
        .json(r#"{"name":"ci-deploy-bot","role":"Viewer"}"#)
        .send(&srv);
    assert_eq!(r.status, 200, "{}", r.body);
    let key = r.json()["key"].as_str().unwrap().to_string();
    assert_eq!(grafana_sim::keygen::decode(&key).unwrap().id, 2);
}

#[test]
fn non_member_org_resolves_to_org_minus_one_without_a_role() {
    let seed = r#"{"keys":[{"name":"solo-key","role":"Viewer","orgId":2}],
        "orgs":[{"id":2,"name":"Solo","members":[{"login":"viewer","role":"Admin"}]}]}"#;
    for v in ["9.4", "10.4", "12.1"] {
        let srv = sim_with(v, |c| {
            c.seed = grafana_sim::seed::Seed::parse(seed).unwrap()
        });
        for h in ["2", "99"] {
            let editor = |c: Call| org(c.basic("editor", "editor"), h);
            // Still signed in: the user endpoints answer, with the stored org.
            let me = editor(get("/api/user")).send(&srv);
            assert_eq!(me.status, 200, "{v} {h}");
            assert_eq!(me.json()["orgId"], 1);
            assert_eq!(
                editor(get("/api/user/orgs"))
                    .send(&srv)
                    .json()
                    .as_array()
                    .unwrap()
                    .len(),
                1
            );
            assert_eq!(editor(get("/api/user/preferences")).send(&srv).status, 200);
            assert_eq!(editor(get("/api/dashboards/home")).send(&srv).status, 200);
            // No role: no permissions, so every org-scoped guard refuses.
            assert_eq!(
                editor(get("/api/access-control/user/permissions"))
                    .send(&srv)
                    .json(),
                json!({})
            );
            assert_access_denied(&editor(get("/api/org")).send(&srv), "orgs:read");
            assert_access_denied(
                &editor(get("/api/serviceaccounts/search")).send(&srv),
                "serviceaccounts:read",
            );
            assert_access_denied(
                &editor(post("/api/serviceaccounts"))
                    .json(r#"{"name":"x"}"#)
                    .send(&srv),
                "serviceaccounts:create",
            );
            if v != "12.1" {
                assert_access_denied(&editor(get("/api/auth/keys")).send(&srv), "apikeys:read");
                assert_access_denied(
                    &editor(post("/api/serviceaccounts/migrate")).send(&srv),
                    "serviceaccounts:create",
                );
            }
        }
        // The server admin is no member of org 2 either: its global
        // `orgs:read` passes the guard and org -1 is not found; key
        // permissions are per org.
        org(get("/api/org").admin(), "2")
            .send(&srv)
            .assert_message(404, "Organization not found");
        if v != "12.1" {
            assert_access_denied(
                &org(get("/api/auth/keys").admin(), "2").send(&srv),
                "apikeys:read",
            );
        }
        let perms = org(get("/api/access-control/user/permissions").admin(), "2")
            .send(&srv)
            .json();
        assert_eq!(perms["orgs:create"], json!([""]));
        assert!(perms.get("apikeys:read").is_none());
        // Its member sees it.
        let r = org(get("/api/auth/keys").basic("viewer", "viewer"), "2").send(&srv);
        if v != "12.1" {
            assert_eq!(key_names(&r.json()), ["solo-key"]);
        }
    }
    // 8.x (RBAC off): the legacy guards.
    let srv = sim_with("8.5", |c| {
        c.seed = grafana_sim::seed::Seed::parse(seed).unwrap()
    });
    let editor = |c: Call| org(c.basic("editor", "editor"), "2");
    editor(get("/api/auth/keys"))
        .send(&srv)
        .assert_message(403, "Permission denied");
    editor(get("/api/org"))
        .send(&srv)
        .assert_message(404, "Organization not found");
    assert_eq!(editor(get("/api/user")).send(&srv).json()["orgId"], 1);
}

#[test]
fn using_org_changes_the_current_org_for_every_credential() {
    let srv = dev("10.4");
    let r = ops(post("/api/user/using/2")).send(&srv);
    assert_eq!(r.body, r#"{"message":"Active organization changed"}"#);
    assert_eq!(r.status, 200);
    assert_eq!(ops(get("/api/user")).send(&srv).json()["orgId"], 2);
    assert_eq!(get("/__sim/users/ops").send(&srv).json()["orgId"], 2);
    // Without the header, basic auth now acts in org 2 …
    assert_eq!(ops(get("/api/org")).send(&srv).json()["id"], 2);
    let keys = ops(get("/api/auth/keys")).send(&srv).json();
    assert!(key_names(&keys).iter().all(|n| n.starts_with("platform-")));
    // … and so does a session cookie (the session has no org of its own).
    let login = post("/login")
        .json(r#"{"user":"ops","password":"ops"}"#)
        .send(&srv);
    let cookie = login
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(get("/api/org").cookie(&cookie).send(&srv).json()["id"], 2);
    assert_eq!(
        org(get("/api/org").cookie(&cookie), "1").send(&srv).json()["id"],
        1
    );
    let r = post("/api/user/using/3").cookie(&cookie).send(&srv);
    r.assert_message(200, "Active organization changed");
    assert_eq!(
        get("/api/user").cookie(&cookie).send(&srv).json()["orgId"],
        3
    );
    assert_eq!(ops(get("/api/user")).send(&srv).json()["orgId"], 3);
    // Other users keep theirs.
    assert_eq!(get("/api/user").admin().send(&srv).json()["orgId"], 1);
    // Errors.
    ops(post("/api/user/using/99"))
        .send(&srv)
        .assert_message(401, "Not a valid organization");
    post("/api/user/using/2")
        .basic("editor", "editor")
        .send(&srv)
        .assert_message(401, "Not a valid organization");
    ops(post("/api/user/using/abc"))
        .send(&srv)
        .assert_message(400, "id is invalid");
    post("/api/user/using/1")
        .send(&srv)
        .assert_message(401, "Unauthorized");
    // A plain API key is no user.
    let key = post("/__sim/reset").send(&srv).json()["keys"][0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    post("/api/user/using/1")
        .bearer(&key)
        .send(&srv)
        .assert_message(401, "Not a valid organization");
    // The reset restored the seed's current org.
    assert_eq!(get("/__sim/users/ops").send(&srv).json()["orgId"], 1);
}

#[test]
fn create_org_and_add_users_as_the_server_admin() {
    let srv = dev("10.4");
    let r = post("/api/orgs")
        .admin()
        .json(r#"{"name":"Sandbox"}"#)
        .send(&srv);
    assert_eq!(r.status, 200);
    assert_eq!(r.body, r#"{"message":"Organization created","orgId":4}"#);
    // The creator is its Admin; its current org does not move.
    let mine = get("/api/user/orgs").admin().send(&srv).json();
    assert!(
        mine.as_array()
            .unwrap()
            .contains(&json!({"orgId": 4, "name": "Sandbox", "role": "Admin"}))
    );
    assert_eq!(get("/api/user").admin().send(&srv).json()["orgId"], 1);
    post("/api/orgs")
        .admin()
        .json(r#"{"name":"Platform"}"#)
        .send(&srv)
        .assert_message(409, "Organization name taken");
    post("/api/orgs")
        .admin()
        .json(r#"{"name":""}"#)
        .send(&srv)
        .assert_message(400, "bad request data");
    // Only the server admin holds orgs:create (an org Admin does not).
    assert_access_denied(
        &ops(post("/api/orgs")).json(r#"{"name":"Mine"}"#).send(&srv),
        "orgs:create",
    );
    assert_access_denied(
        &post("/api/orgs")
            .basic("editor", "editor")
            .json(r#"{"name":"Mine"}"#)
            .send(&srv),
        "orgs:create",
    );

    // Add users.
    let add = |path: &str, body: &str| post(path).admin().json(body).send(&srv);
    let r = add(
        "/api/orgs/4/users",
        r#"{"loginOrEmail":"editor","role":"Viewer"}"#,
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        r#"{"message":"User added to organization","userId":2}"#
    );
    let r = add(
        "/api/orgs/4/users",
        r#"{"loginOrEmail":"editor","role":"Admin"}"#,
    );
    assert_eq!(r.status, 409);
    assert_eq!(
        r.body,
        r#"{"message":"User is already member of this organization","userId":2}"#
    );
    let r = add(
        "/api/orgs/4/users",
        r#"{"loginOrEmail":"VIEWER@localhost","role":"Editor"}"#,
    );
    assert_eq!(
        r.json(),
        json!({"message": "User added to organization", "userId": 3})
    );
    add(
        "/api/orgs/4/users",
        r#"{"loginOrEmail":"nobody","role":"Viewer"}"#,
    )
    .assert_message(404, "User not found");
    add(
        "/api/orgs/4/users",
        r#"{"loginOrEmail":"ops","role":"Boss"}"#,
    )
    .assert_message(400, "Invalid role specified");
    add("/api/orgs/4/users", r#"{"loginOrEmail":"ops"}"#).assert_message(400, "bad request data");
    add(
        "/api/orgs/99/users",
        r#"{"loginOrEmail":"ops","role":"Viewer"}"#,
    )
    .assert_message(500, "Could not add user to organization");
    assert_access_denied(
        &add(
            "/api/orgs/x/users",
            r#"{"loginOrEmail":"ops","role":"Viewer"}"#,
        ),
        "",
    );
    // The new member sees the org and can act in it.
    assert_eq!(
        get("/api/user/orgs")
            .basic("editor", "editor")
            .send(&srv)
            .json(),
        json!([
            {"orgId": 1, "name": "Main Org.", "role": "Editor"},
            {"orgId": 4, "name": "Sandbox", "role": "Viewer"}
        ])
    );
    assert_eq!(
        org(get("/api/org").basic("viewer", "viewer"), "4")
            .send(&srv)
            .json()["name"],
        "Sandbox"
    );
    assert_eq!(
        get("/__sim/users/viewer").send(&srv).json()["orgs"][1],
        json!({"orgId": 4, "name": "Sandbox", "role": "Editor"})
    );

    // An org Admin may add users to its own org, within its own role.
    let r = ops(post("/api/orgs/2/users"))
        .json(r#"{"loginOrEmail":"editor","role":"Editor"}"#)
        .send(&srv);
    assert_eq!(
        r.json(),
        json!({"message": "User added to organization", "userId": 2})
    );
    assert_access_denied(
        &ops(post("/api/orgs/3/users"))
            .json(r#"{"loginOrEmail":"editor","role":"Viewer"}"#)
            .send(&srv),
        "org.users:add",
    );
    assert_access_denied(
        &post("/api/orgs/1/users")
            .basic("editor", "editor")
            .json(r#"{"loginOrEmail":"ops","role":"Viewer"}"#)
            .send(&srv),
        "org.users:add",
    );
    // The ceiling is the caller's role in the request's org (Viewer in 3).
    org(ops(post("/api/orgs/2/users")), "3")
        .json(r#"{"loginOrEmail":"viewer","role":"Admin"}"#)
        .send(&srv)
        .assert_message(403, "Cannot assign a role higher than user's role");

    // GET /api/orgs/:orgId.
    let r = get("/api/orgs/2").admin().send(&srv);
    assert_eq!(
        r.body,
        r#"{"id":2,"name":"Platform","address":{"address1":"","address2":"","city":"","zipCode":"","state":"","country":""}}"#
    );
    assert_eq!(
        ops(get("/api/orgs/3")).send(&srv).json()["name"],
        "Partners"
    );
    get("/api/orgs/99")
        .admin()
        .send(&srv)
        .assert_message(404, "Organization not found");
    assert_access_denied(
        &get("/api/orgs/3").basic("editor", "editor").send(&srv),
        "orgs:read",
    );
    // The reset forgets all of it.
    post("/__sim/reset").send(&srv);
    get("/api/orgs/4")
        .admin()
        .send(&srv)
        .assert_message(404, "Organization not found");
    assert_eq!(
        get("/__sim/users/editor").send(&srv).json()["orgs"],
        json!([{"orgId": 1, "name": "Main Org.", "role": "Editor"}])
    );
}

#[test]
fn org_admin_api_without_rbac() {
    let srv = dev("8.5");
    post("/api/orgs")
        .basic("editor", "editor")
        .json(r#"{"name":"Mine"}"#)
        .send(&srv)
        .assert_message(403, "Access denied");
    post("/api/orgs")
        .basic("editor", "editor")
        .json("{}")
        .send(&srv)
        .assert_message(400, "bad request data");
    let r = post("/api/orgs")
        .admin()
        .json(r#"{"name":"Mine"}"#)
        .send(&srv);
    assert_eq!(
        r.json(),
        json!({"message": "Organization created", "orgId": 4})
    );
    // /orgs/:orgId* need a Grafana Admin, org Admins included.
    ops(post("/api/orgs/2/users"))
        .json(r#"{"loginOrEmail":"editor","role":"Viewer"}"#)
        .send(&srv)
        .assert_message(403, "Permission denied");
    ops(get("/api/orgs/2"))
        .send(&srv)
        .assert_message(403, "Permission denied");
    let r = post("/api/orgs/4/users")
        .admin()
        .json(r#"{"loginOrEmail":"editor","role":"Admin"}"#)
        .send(&srv);
    assert_eq!(
        r.json(),
        json!({"message": "User added to organization", "userId": 2})
    );
    get("/api/orgs/x")
        .admin()
        .send(&srv)
        .assert_message(400, "orgId is invalid");
    // 9.0 – 9.2 print the verbose evaluator.
    let srv = dev("9.1");
    assert_access_denied(
        &ops(post("/api/orgs")).json(r#"{"name":"Mine"}"#).send(&srv),
        "action:orgs:create scopes:",
    );
    assert_access_denied(
        &ops(post("/api/orgs/3/users"))
            .json(r#"{"loginOrEmail":"editor","role":"Viewer"}"#)
            .send(&srv),
        "action:org.users:add scopes:users:*",
    );
}

#[test]
fn keys_and_tokens_stay_in_their_org() {
    for v in ["9.4", "10.4"] {
        let srv = dev(v);
        let report = post("/__sim/reset").send(&srv).json();
        let secret = |name: &str, kind: &str| {
            report[kind]
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k["name"] == name)
                .unwrap()["key"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let key = secret("platform-deploy", "keys");
        let token = secret("platform-ci-2025", "tokens");
        for cred in [&key, &token] {
            let r = get("/api/org").bearer(cred).send(&srv);
            assert_eq!(r.json()["id"], 2, "{v}");
            assert_eq!(
                org(get("/api/org").bearer(cred), "2").send(&srv).json()["id"],
                2
            );
            assert_eq!(
                org(get("/api/org").bearer(cred), "0").send(&srv).json()["id"],
                2
            );
            let other = org(get("/api/org").bearer(cred), "1").send(&srv);
            if v == "9.4" {
                // The context handler ignores the header for keys.
                assert_eq!(other.json()["id"], 2, "{}", other.body);
            } else {
                // authn's api_key client: 401 errutil.
                assert_eq!(other.status, 401);
                assert_eq!(
                    other.body,
                    r#"{"statusCode":401,"messageId":"api-key.organization-mismatch","message":"API key does not belong to the requested organization"}"#
                );
            }
        }
        // Expiry is checked before the org.
        let expired = secret("platform-legacy-export", "keys");
        org(get("/api/org").bearer(&expired), "1")
            .send(&srv)
            .assert_message(401, "Expired API key");
    }
}

#[test]
fn ids_from_another_org_are_not_found() {
    for v in ["9.4", "10.4"] {
        let srv = dev(v);
        let state = get("/__sim/state").send(&srv).json();
        let sa_id = |name: &str| {
            state["serviceAccounts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == name)
                .unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let main_sa = sa_id("grafana-ci");
        let platform_sa = sa_id("platform-ci");
        let in2 = |c: Call| org(c.admin(), "2");
        // A key of org 1 cannot be deleted from org 2.
        in2(delete("/api/auth/keys/1"))
            .send(&srv)
            .assert_message(404, "Failed to delete API key");
        // Accounts of org 1 are not found from org 2, and the other way round.
        for (path, from) in [
            (format!("/api/serviceaccounts/{main_sa}"), "2"),
            (format!("/api/serviceaccounts/{platform_sa}"), "1"),
        ] {
            let r = org(get(&path).admin(), from).send(&srv);
            assert_eq!(r.status, 404, "{v} {path}: {}", r.body);
            if v == "9.4" {
                r.assert_message(404, "Failed to retrieve service account");
            } else {
                assert_eq!(r.json()["messageId"], "serviceaccounts.ErrNotFound");
            }
        }
        let tokens = in2(get(&format!("/api/serviceaccounts/{main_sa}/tokens"))).send(&srv);
        assert_eq!(tokens.json(), json!([]));
        let r = in2(delete(&format!("/api/serviceaccounts/{main_sa}/tokens/9"))).send(&srv);
        assert_eq!(r.status, 404, "{}", r.body);
        let r = in2(post(&format!("/api/serviceaccounts/{main_sa}/tokens")))
            .json(r#"{"name":"sneaky"}"#)
            .send(&srv);
        assert_eq!(r.status, 404, "{}", r.body);
        // The same name is free in another org.
        let r = in2(post(&format!("/api/serviceaccounts/{platform_sa}/tokens")))
            .json(r#"{"name":"ci-pipeline"}"#)
            .send(&srv);
        assert_eq!(r.status, 200, "{}", r.body);
        // Org 2's account list has only org 2's accounts.
        let s = in2(get("/api/serviceaccounts/search")).send(&srv).json();
        assert!(
            s["serviceAccounts"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["orgId"] == 2)
        );
    }
}

#[test]
fn seeds_without_orgs_keep_the_implicit_org_rule() {
    // Keys in an undeclared org create "Org N" with the server admin as Admin.
    let srv = sim_with("10.4", |_| {});
    let r = post("/__sim/seed")
        .json(r#"{"keys":[{"name":"k","role":"Viewer","orgId":5}]}"#)
        .send(&srv);
    assert_eq!(r.status, 200);
    assert_eq!(
        get("/api/user/orgs").admin().send(&srv).json(),
        json!([
            {"orgId": 1, "name": "Main Org.", "role": "Admin"},
            {"orgId": 5, "name": "Org 5", "role": "Admin"}
        ])
    );
    // A bad people section is refused with a message.
    let r = post("/__sim/seed")
        .json(r#"{"users":[{"login":"ops"}]}"#)
        .send(&srv);
    assert_eq!(r.status, 400);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("member of no org")
    );
}
