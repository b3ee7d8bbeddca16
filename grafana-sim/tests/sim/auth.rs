//! Users, sessions, basic auth, API-key auth, org header, and the signed-in
//! endpoints (`/api/health`, `/api/user*`, `/api/org`, permissions, home).

use serde_json::json;

use crate::client::*;

#[test]
fn health_reports_the_version_pretty_printed() {
    for (v, shown) in [
        ("8.5", "8.5.0"),
        ("9.4.7", "9.4.7"),
        ("10.4", "10.4.0"),
        ("12.1.0", "12.1.0"),
    ] {
        let srv = sim(v);
        let r = get("/api/health").send(&srv);
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=UTF-8")
        );
        assert_eq!(
            r.body,
            format!(
                "{{\n  \"commit\": \"0000000000\",\n  \"database\": \"ok\",\n  \"version\": \"{shown}\"\n}}"
            )
        );
    }
}

#[test]
fn health_can_hide_the_version() {
    let srv = sim_with("11.5.0", |c| c.hide_version = true);
    let r = get("/api/health").send(&srv);
    assert_eq!(r.status, 200);
    assert_eq!(r.body, "{\n  \"database\": \"ok\"\n}");
}

#[test]
fn preferences_carry_the_configured_theme() {
    let srv = sim("9.4.7");
    let r = get("/api/user/preferences").admin().send(&srv);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["theme"], "");
    let srv = sim_with("9.4.7", |c| c.user_theme = "light".into());
    let r = get("/api/user/preferences").admin().send(&srv);
    assert_eq!(r.json()["theme"], "light");
    assert_eq!(
        get("/api/user/preferences").send(&srv).status,
        401,
        "signed-in users only"
    );
}

#[test]
fn login_cookie_logout() {
    for v in ["9.4", "10.4"] {
        let srv = sim(v);
        let r = post("/login")
            .json(r#"{"user":"admin","password":"admin"}"#)
            .send(&srv);
        assert_eq!(r.status, 200);
        if v == "9.4" {
            assert_eq!(r.json(), json!({"message": "Logged in"}));
        } else {
            assert_eq!(
                r.json(),
                json!({"message": "Logged in", "redirectUrl": "/"})
            );
        }
        let set = r.header("set-cookie").unwrap().to_string();
        assert!(set.starts_with("grafana_session="), "{set}");
        for attr in ["Path=/", "HttpOnly", "SameSite=Lax"] {
            assert!(set.contains(attr), "{set}");
        }
        let cookie = set.split(';').next().unwrap().to_string();
        assert_eq!(cookie.len(), "grafana_session=".len() + 32);

        let me = get("/api/user").cookie(&cookie).send(&srv);
        assert_eq!(me.status, 200);
        assert_eq!(me.json()["login"], "admin");
        assert_eq!(get("/api/auth/keys").cookie(&cookie).send(&srv).status, 200);

        let out = get("/logout").cookie(&cookie).send(&srv);
        assert_eq!(out.status, 302);
        assert_eq!(out.header("location"), Some("/login"));
        let cleared = out.header("set-cookie").unwrap();
        assert!(
            cleared.starts_with("grafana_session=;") && cleared.contains("Max-Age=0"),
            "{cleared}"
        );
        get("/api/user")
            .cookie(&cookie)
            .send(&srv)
            .assert_message(401, "Unauthorized");
        get("/api/user")
            .cookie("grafana_session=forged")
            .send(&srv)
            .assert_message(401, "Unauthorized");
    }
}

#[test]
fn login_failures() {
    let srv = sim("9.4");
    for body in [
        r#"{"user":"admin","password":"wrong"}"#,
        r#"{"user":"nobody","password":"admin"}"#,
    ] {
        let r = post("/login").json(body).send(&srv);
        r.assert_message(401, "Invalid username or password");
        assert!(r.header("set-cookie").is_none());
    }
    post("/login")
        .json(r#"{"user":"admin"}"#)
        .send(&srv)
        .assert_message(400, "bad login data");
    post("/login")
        .body("user=admin&password=admin")
        .send(&srv)
        .assert_message(400, "bad login data");
    // Each built-in user can log in.
    for u in ["admin", "editor", "viewer"] {
        let r = post("/login")
            .json(&format!(r#"{{"user":"{u}","password":"{u}"}}"#))
            .send(&srv);
        assert_eq!(r.status, 200, "{u}");
    }
}

#[test]
fn basic_auth_users_and_profiles() {
    let srv = sim("9.4");
    get("/api/user")
        .basic("admin", "nope")
        .send(&srv)
        .assert_message(401, "Invalid username or password");
    let me = get("/api/user").admin().send(&srv).json();
    assert_eq!(me["id"], 1);
    assert_eq!(me["login"], "admin");
    assert_eq!(me["email"], "admin@localhost");
    assert_eq!(me["orgId"], 1);
    assert_eq!(me["isGrafanaAdmin"], true);
    assert!(me.get("orgRole").is_none());
    for (u, role, admin) in [
        ("admin", "Admin", true),
        ("editor", "Editor", false),
        ("viewer", "Viewer", false),
    ] {
        let orgs = get("/api/user/orgs").basic(u, u).send(&srv).json();
        assert_eq!(
            orgs,
            json!([{"orgId": 1, "name": "Main Org.", "role": role}]),
            "{u}"
        );
        let me = get("/api/user").basic(u, u).send(&srv).json();
        assert_eq!(me["isGrafanaAdmin"], admin);
    }
    let org = get("/api/org").basic("viewer", "viewer").send(&srv).json();
    assert_eq!(org["id"], 1);
    assert_eq!(org["name"], "Main Org.");
    // uid appears from 10.0.
    assert!(me.get("uid").is_none());
    let srv = sim("10.4");
    assert!(get("/api/user").admin().send(&srv).json()["uid"].is_string());
}

#[test]
fn permissions_endpoint_from_rbac_versions() {
    for v in ["9.4", "10.4", "11.5", "12.1"] {
        let srv = sim(v);
        let admin = get("/api/access-control/user/permissions")
            .admin()
            .send(&srv);
        assert_eq!(admin.status, 200, "{v}");
        let p = admin.json();
        assert_eq!(p["apikeys:read"], json!(["apikeys:*"]));
        assert_eq!(p["apikeys:create"], json!([""]));
        assert_eq!(p["apikeys:delete"], json!(["apikeys:*"]));
        assert_eq!(p["serviceaccounts:create"], json!([""]));
        let editor = get("/api/access-control/user/permissions")
            .basic("editor", "editor")
            .send(&srv)
            .json();
        assert!(editor.get("apikeys:create").is_none());
        assert!(editor.get("dashboards:read").is_some());
        let actions = get("/api/access-control/user/actions")
            .admin()
            .send(&srv)
            .json();
        assert_eq!(actions["apikeys:create"], true);
        get("/api/access-control/user/permissions")
            .send(&srv)
            .assert_message(401, "Unauthorized");
    }
    let srv = sim("8.5");
    get("/api/access-control/user/permissions")
        .admin()
        .send(&srv)
        .assert_message(404, "Not found");
}

#[test]
fn issued_keys_authenticate_bearer_and_basic() {
    for v in ["8.5", "9.4", "10.4", "11.2"] {
        let srv = sim(v);
        let (_, viewer_key) = create_key(&srv, "curl-example", "Viewer", None);
        // The page's curl example.
        let home = get("/api/dashboards/home").bearer(&viewer_key).send(&srv);
        assert_eq!(home.status, 200, "{v}: {}", home.body);
        let h = home.json();
        assert_eq!(h["meta"]["isHome"], true);
        assert_eq!(h["dashboard"]["title"], "Home");
        let basic = get("/api/dashboards/home")
            .basic("api_key", &viewer_key)
            .send(&srv);
        assert_eq!(basic.status, 200);
        // A key acts with its role.
        let denied = get("/api/auth/keys").bearer(&viewer_key).send(&srv);
        assert_eq!(denied.status, 403);
        let (_, admin_key) = create_key(&srv, "automation", "Admin", Some(3600));
        assert_eq!(
            get("/api/auth/keys").bearer(&admin_key).send(&srv).status,
            200
        );
        assert_eq!(
            get("/api/org").bearer(&admin_key).send(&srv).json()["id"],
            1
        );
        // An API key is not a user.
        get("/api/user")
            .bearer(&admin_key)
            .send(&srv)
            .assert_message(404, "User not found");
        // Forged or unknown keys.
        let forged = grafana_sim::keygen::new_key(1, "curl-example").client_secret;
        get("/api/dashboards/home")
            .bearer(&forged)
            .send(&srv)
            .assert_message(401, "Invalid API key");
        get("/api/dashboards/home")
            .bearer("not-a-key")
            .send(&srv)
            .assert_message(401, "Invalid API key");
        get("/api/dashboards/home")
            .basic("api_key", "garbage")
            .send(&srv)
            .assert_message(401, "Invalid API key");
        // A deleted key stops working.
        let (id, k) = create_key(&srv, "short-lived", "Viewer", None);
        delete(&format!("/api/auth/keys/{id}"))
            .admin()
            .send(&srv)
            .assert_message(200, "API key deleted");
        get("/api/dashboards/home")
            .bearer(&k)
            .send(&srv)
            .assert_message(401, "Invalid API key");
    }
}

#[test]
fn expired_keys_are_refused() {
    let srv = sim("9.4");
    let seeded = seed(
        &srv,
        r#"{"keys":[{"name":"gone","role":"Admin","secondsToLive":-5}]}"#,
    );
    get("/api/dashboards/home")
        .bearer(&seeded[0].2)
        .send(&srv)
        .assert_message(401, "Expired API key");
}

#[test]
fn last_used_at_is_recorded_from_9_5() {
    for (v, recorded) in [
        ("9.4", false),
        ("9.5", true),
        ("10.4", true),
        ("11.5", true),
    ] {
        let srv = sim(v);
        let seeded = seed(&srv, r#"{"keys":[{"name":"k","role":"Viewer"}]}"#);
        let before = get("/api/auth/keys").admin().send(&srv).json();
        assert!(before[0].get("lastUsedAt").is_none(), "{v}");
        assert_eq!(
            get("/api/dashboards/home")
                .bearer(&seeded[0].2)
                .send(&srv)
                .status,
            200
        );
        let after = get("/api/auth/keys").admin().send(&srv).json();
        assert_eq!(
            after[0].get("lastUsedAt").is_some(),
            recorded,
            "{v}: {after}"
        );
        if recorded {
            let t = after[0]["lastUsedAt"].as_str().unwrap();
            assert!(t.ends_with('Z') && t.len() == 20, "{t}");
        }
    }
}

#[test]
fn keys_stop_authenticating_in_12_1() {
    let srv = sim("12.1");
    let k = grafana_sim::keygen::new_key(1, "x").client_secret;
    get("/api/dashboards/home")
        .bearer(&k)
        .send(&srv)
        .assert_message(401, "Unauthorized");
    assert_eq!(get("/api/dashboards/home").admin().send(&srv).status, 200);
}

#[test]
fn org_header_selects_the_org() {
    let srv = sim("10.4");
    seed(
        &srv,
        r#"{"keys":[{"name":"main-key","role":"Viewer"},{"name":"second-org-key","role":"Editor","orgId":2}]}"#,
    );
    assert_eq!(names(&srv, ""), ["main-key"]);
    let r = get("/api/auth/keys")
        .admin()
        .header("X-Grafana-Org-Id", "2")
        .send(&srv);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()[0]["name"], "second-org-key");
    assert_eq!(
        get("/api/org")
            .admin()
            .header("X-Grafana-Org-Id", "2")
            .send(&srv)
            .json()["id"],
        2
    );
    let r = post("/api/auth/keys")
        .admin()
        .header("X-Grafana-Org-Id", "2")
        .json(r#"{"name":"main-key","role":"Viewer"}"#)
        .send(&srv);
    assert_eq!(r.status, 200, "same name, other org: {}", r.body);
    let key = r.json()["key"].as_str().unwrap().to_string();
    assert_eq!(grafana_sim::keygen::decode(&key).unwrap().id, 2);
    // Editor is not a member of org 2: signed in with no role in org -1, so
    // the `orgs:read` guard refuses (see tests/sim/orgs.rs for the rest).
    let r = get("/api/org")
        .basic("editor", "editor")
        .header("X-Grafana-Org-Id", "2")
        .send(&srv);
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.json()["title"], "Access denied");
    // Admin is in both orgs.
    let orgs = get("/api/user/orgs").admin().send(&srv).json();
    assert_eq!(orgs.as_array().unwrap().len(), 2);
}

#[test]
fn non_api_paths() {
    let srv = sim("9.4");
    let r = get("/nowhere").send(&srv);
    assert_eq!(r.status, 404);
    assert!(!r.header("content-type").unwrap().contains("json"));
    assert_eq!(get("/login").send(&srv).status, 200);
}
