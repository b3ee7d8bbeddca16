//! What Grafana's global middleware does around the routes: the CSRF filter's
//! origin check on cookie-authenticated requests (from 8.3.5), the no-cache
//! headers (`no-store` from 9.4) and `X-Frame-Options: deny` on its answers,
//! and the control API's record of the requests as they arrived.

use serde_json::Value;

use crate::client::*;

const CREATE: &str = r#"{"name":"k","role":"Viewer"}"#;

/// Sign in as admin; returns the `Cookie` header value.
fn session(srv: &grafana_sim::Background) -> String {
    let r = post("/login")
        .json(r#"{"user":"admin","password":"admin"}"#)
        .send(srv);
    assert_eq!(r.status, 200, "{}", r.body);
    let set = r.header("set-cookie").unwrap();
    set.split(';').next().unwrap().to_string()
}

#[track_caller]
fn assert_origin_refused(r: &Resp) {
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body, "origin not allowed\n");
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    // Refused before Grafana's default headers are set.
    assert_eq!(r.header("x-frame-options"), None);
}

#[test]
fn cookie_writes_from_another_host_are_refused() {
    let srv = sim("10.4");
    let cookie = session(&srv);
    let port = srv.addr().port();
    // Another host name than the request's Host (127.0.0.1): refused, nothing written.
    for origin in [
        "http://evil.example".to_string(),
        format!("http://localhost:{port}"),
        "null".to_string(),
    ] {
        let r = post("/api/auth/keys")
            .cookie(&cookie)
            .header("Origin", &origin)
            .json(CREATE)
            .send(&srv);
        assert_origin_refused(&r);
        let r = post("/api/serviceaccounts/migrate")
            .cookie(&cookie)
            .header("Origin", &origin)
            .send(&srv);
        assert_origin_refused(&r);
        // GET is checked too ("it may have side effects in some APIs").
        let r = get("/api/auth/keys")
            .cookie(&cookie)
            .header("Origin", &origin)
            .send(&srv);
        assert_origin_refused(&r);
        // And /login, when the browser already holds a session cookie.
        let r = post("/login")
            .cookie(&cookie)
            .header("Origin", &origin)
            .json(r#"{"user":"admin","password":"admin"}"#)
            .send(&srv);
        assert_origin_refused(&r);
    }
    assert!(names(&srv, "?includeExpired=true").is_empty());

    // HEAD, OPTIONS and TRACE are not checked.
    let r = Call::new("HEAD", "/api/auth/keys")
        .cookie(&cookie)
        .header("Origin", "http://evil.example")
        .send(&srv);
    assert_eq!(r.status, 200);
}

#[test]
fn cookie_writes_from_the_same_host_or_without_origin_pass() {
    let srv = sim("10.4");
    let cookie = session(&srv);
    let port = srv.addr().port();
    // Grafana compares host names only: a sibling port on the same name passes (which is why
    // the README's dev proxy checks the whole origin itself).
    for (i, origin) in [
        Some(format!("http://127.0.0.1:{port}")),
        Some("http://127.0.0.1:9".to_string()),
        None,
    ]
    .into_iter()
    .enumerate()
    {
        let mut call = post("/api/auth/keys").cookie(&cookie);
        if let Some(o) = &origin {
            call = call.header("Origin", o);
        }
        let r = call
            .json(&format!(r#"{{"name":"k{i}","role":"Viewer"}}"#))
            .send(&srv);
        assert_eq!(r.status, 200, "{origin:?}: {}", r.body);
    }
    // Without the session cookie (API keys, basic auth) there is nothing to check.
    let r = post("/api/auth/keys")
        .admin()
        .header("Origin", "http://evil.example")
        .json(CREATE)
        .send(&srv);
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn the_origin_check_arrived_in_8_3_5() {
    for (version, refused) in [
        ("8.3.4", false),
        ("8.3.5", true),
        ("9.4.7", true),
        ("12.1", true),
    ] {
        let srv = sim(version);
        let cookie = session(&srv);
        let r = delete("/api/auth/keys/999")
            .cookie(&cookie)
            .header("Origin", "http://evil.example")
            .send(&srv);
        if refused {
            assert_origin_refused(&r);
        } else {
            assert_ne!(r.status, 403, "{version}: {}", r.body);
        }
    }
}

#[track_caller]
fn assert_no_store(r: &Resp) {
    assert_eq!(
        r.header("cache-control"),
        Some("no-store"),
        "{:?}",
        r.headers
    );
    assert_eq!(r.header("pragma"), None);
    assert_eq!(r.header("expires"), None);
    assert_eq!(r.header("x-frame-options"), Some("deny"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("x-xss-protection"), Some("1; mode=block"));
}

#[test]
fn answers_carrying_a_secret_are_not_stored_and_not_framed() {
    let srv = sim("10.4");
    let key = post("/api/auth/keys").admin().json(CREATE).send(&srv);
    assert_eq!(key.status, 200);
    assert!(key.json()["key"].as_str().unwrap().starts_with("eyJr"));
    assert_no_store(&key);

    let sa = post("/api/serviceaccounts")
        .admin()
        .json(r#"{"name":"ci","role":"Viewer"}"#)
        .send(&srv);
    assert_no_store(&sa);
    let id = sa.json()["id"].as_i64().unwrap();
    let token = post(&format!("/api/serviceaccounts/{id}/tokens"))
        .admin()
        .json(r#"{"name":"t"}"#)
        .send(&srv);
    assert_eq!(token.status, 200);
    assert!(token.json()["key"].as_str().unwrap().starts_with("glsa_"));
    assert_no_store(&token);

    // Every answer of Grafana's: lists, errors, unknown routes, the login and the health check.
    assert_no_store(&get("/api/auth/keys").admin().send(&srv));
    assert_no_store(&get("/api/auth/keys").send(&srv));
    assert_no_store(&get("/api/nope").admin().send(&srv));
    assert_no_store(&get("/api/health").send(&srv));
    let login = post("/login")
        .json(r#"{"user":"admin","password":"admin"}"#)
        .send(&srv);
    assert_no_store(&login);
    assert_no_store(&get("/logout").send(&srv));
    // A status fault is an error of Grafana's own; an HTML one is a proxy in front of it.
    let faulted = sim_with("10.4", |c| {
        c.faults = vec![
            grafana_sim::faults::Fault::parse("POST /api/auth/keys=500").unwrap(),
            grafana_sim::faults::Fault::parse("GET /api/auth/keys=html:502").unwrap(),
        ]
    });
    assert_no_store(&post("/api/auth/keys").admin().json(CREATE).send(&faulted));
    let html = get("/api/auth/keys").admin().send(&faulted);
    assert_eq!(html.header("x-frame-options"), None);
}

#[test]
fn before_9_4_no_cache_pragma_and_expires() {
    let srv = sim("9.3.0");
    let key = post("/api/auth/keys").admin().json(CREATE).send(&srv);
    assert_eq!(key.status, 200);
    assert_eq!(key.header("cache-control"), Some("no-cache"));
    assert_eq!(key.header("pragma"), Some("no-cache"));
    assert_eq!(key.header("expires"), Some("-1"));
    assert_eq!(key.header("x-frame-options"), Some("deny"));
    let srv = sim("9.4.0");
    let key = post("/api/auth/keys").admin().json(CREATE).send(&srv);
    assert_no_store(&key);
}

#[test]
fn the_control_api_reports_the_requests_as_they_arrived() {
    let srv = sim("10.4");
    get("/api/health?probe=1")
        .header("X-Forwarded-For", "203.0.113.7")
        .header("X-Real-IP", "203.0.113.8")
        .send(&srv);
    let r = get("/__sim/requests").send(&srv);
    assert_eq!(r.status, 200);
    // Control calls are neither recorded nor given Grafana's headers.
    assert_eq!(r.header("x-frame-options"), None);
    let log = r.json();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["path"], "/api/health?probe=1");
    let header = |name: &str| -> Vec<Value> {
        log[0]["headers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h[0] == name)
            .map(|h| h[1].clone())
            .collect()
    };
    assert_eq!(header("x-forwarded-for"), vec![Value::from("203.0.113.7")]);
    assert_eq!(header("x-real-ip"), vec![Value::from("203.0.113.8")]);
    // Only with --test-control.
    let plain = sim_with("10.4", |c| c.test_control = false);
    assert_eq!(get("/__sim/requests").send(&plain).status, 404);
}
