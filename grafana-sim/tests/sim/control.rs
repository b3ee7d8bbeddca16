//! Faults, latency and the control API.

use std::time::{Duration, Instant};

use crate::client::*;

#[test]
fn status_fault_answers_json_for_matching_routes_only() {
    let srv = sim_with("9.4", |c| {
        c.faults = grafana_sim::faults::parse_all(&[
            "GET /api/auth/keys=500".into(),
            "DELETE /api/auth/keys/*=503".into(),
        ])
        .unwrap();
    });
    get("/api/auth/keys?includeExpired=true")
        .admin()
        .send(&srv)
        .assert_message(500, "Failed to list api keys");
    delete("/api/auth/keys/3")
        .admin()
        .send(&srv)
        .assert_message(503, "Service Unavailable");
    // Faults act before auth, like a proxy in front of Grafana.
    get("/api/auth/keys")
        .send(&srv)
        .assert_message(500, "Failed to list api keys");
    // Other routes are untouched.
    assert_eq!(
        post("/api/auth/keys")
            .admin()
            .json(r#"{"name":"a","role":"Viewer"}"#)
            .send(&srv)
            .status,
        200
    );
    assert_eq!(get("/api/health").send(&srv).status, 200);
}

#[test]
fn close_fault_drops_the_connection_without_a_response() {
    let srv = sim("9.4");
    let r = put("/__sim/faults")
        .json(r#"["POST /api/auth/keys=close"]"#)
        .send(&srv);
    r.assert_message(200, "Faults set");
    let res = post("/api/auth/keys")
        .admin()
        .json(r#"{"name":"a","role":"Viewer"}"#)
        .send_to(srv.addr());
    assert!(res.is_err(), "expected no response, got {res:?}");
    // Nothing was created, and the server still serves.
    assert!(names(&srv, "").is_empty());
}

#[test]
fn html_fault_answers_a_proxy_page() {
    let srv = sim("10.4");
    put("/__sim/faults")
        .json(r#"["GET /api/auth/keys=html","* /api/user=html:502"]"#)
        .send(&srv);
    let r = get("/api/auth/keys").admin().send(&srv);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert!(r.body.contains("<html>") && r.body.contains("Bad Gateway"));
    let r = get("/api/user").admin().send(&srv);
    assert_eq!(r.status, 502);
    assert!(r.body.starts_with("<html>"));
}

#[test]
fn latency_delays_responses_but_not_control_calls() {
    // Generous margins: other tests hash keys on the same 2 cores meanwhile.
    let srv = sim_with("9.4", |c| c.latency_ms = 1000);
    let t = Instant::now();
    assert_eq!(get("/api/health").send(&srv).status, 200);
    assert!(t.elapsed() >= Duration::from_millis(1000));
    let t = Instant::now();
    put("/__sim/latency")
        .json(r#"{"ms":0}"#)
        .send(&srv)
        .assert_message(200, "Latency set");
    assert!(t.elapsed() < Duration::from_millis(900));
    let t = Instant::now();
    get("/api/health").send(&srv);
    assert!(t.elapsed() < Duration::from_millis(900));
    put("/__sim/latency").json(r#"{"ms":150}"#).send(&srv);
    let t = Instant::now();
    get("/api/health").send(&srv);
    assert!(t.elapsed() >= Duration::from_millis(150));
}

#[test]
fn control_api_reset_seed_faults() {
    let seed_doc = r#"{"keys":[{"name":"seeded","role":"Editor","secondsToLive":604800}]}"#;
    let srv = sim_with("9.4", |c| {
        c.seed = grafana_sim::seed::Seed::parse(seed_doc).unwrap();
        c.faults = grafana_sim::faults::parse_all(&["GET /api/org=500".into()]).unwrap();
    });
    assert_eq!(names(&srv, ""), ["seeded"]);
    // Faults never hit the control API.
    put("/__sim/faults")
        .json(r#"["* /__sim/reset=500","GET /api/auth/keys=503"]"#)
        .send(&srv);
    assert_eq!(get("/api/auth/keys").admin().send(&srv).status, 503);
    // An admin session survives a reset.
    let login = post("/login")
        .json(r#"{"user":"admin","password":"admin"}"#)
        .send(&srv);
    let cookie = login
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    create_key_after_clearing(&srv);
    let r = post("/__sim/reset").send(&srv);
    assert_eq!(r.status, 200, "{}", r.body);
    let body = r.json();
    assert_eq!(body["keys"][0]["name"], "seeded");
    assert!(body["keys"][0]["key"].as_str().unwrap().starts_with("eyJr"));
    assert_eq!(names(&srv, ""), ["seeded"]);
    assert_eq!(
        get("/api/org").admin().send(&srv).status,
        200,
        "CLI faults cleared too"
    );
    assert_eq!(get("/api/user").cookie(&cookie).send(&srv).status, 200);
    // Seeded secrets authenticate.
    let key = body["keys"][0]["key"].as_str().unwrap();
    assert_eq!(
        get("/api/dashboards/home").bearer(key).send(&srv).status,
        200
    );
    // Bad control input.
    put("/__sim/faults").json(r#"["GET /x"]"#).send(&srv).assert_message(
        400,
        "invalid fault \"GET /x\": missing '=' (expected \"METHOD PATH=ACTION\", e.g. \"GET /api/auth/keys=500\")",
    );
    assert_eq!(put("/__sim/faults").json("{}").send(&srv).status, 400);
    assert_eq!(
        post("/__sim/seed")
            .json(r#"{"keys":[{"name":"x","role":"God"}]}"#)
            .send(&srv)
            .status,
        400
    );
    assert_eq!(
        put("/__sim/latency").json(r#"{"ms":-1}"#).send(&srv).status,
        400
    );
    assert_eq!(get("/__sim/nothing").send(&srv).status, 404);
}

fn create_key_after_clearing(srv: &grafana_sim::Background) {
    put("/__sim/faults")
        .json("[]")
        .send(srv)
        .assert_message(200, "Faults set");
    create_key(srv, "session-made", "Viewer", None);
    assert_eq!(names(srv, ""), ["seeded", "session-made"]);
}

#[test]
fn control_api_is_off_by_default() {
    let srv = sim_with("9.4", |c| c.test_control = false);
    assert_eq!(post("/__sim/reset").send(&srv).status, 404);
    assert_eq!(put("/__sim/faults").json("[]").send(&srv).status, 404);
    assert_eq!(get("/__sim/state").send(&srv).status, 404);
}

#[test]
fn status_500_faults_carry_the_handlers_own_text() {
    let srv = sim("9.4");
    put("/__sim/faults")
        .json(r#"["POST /api/auth/keys=500","DELETE /api/auth/keys/*=500","POST /api/serviceaccounts/migrate=500","GET /api/org=401"]"#)
        .send(&srv)
        .assert_message(200, "Faults set");
    post("/api/auth/keys")
        .admin()
        .json(r#"{"name":"a","role":"Viewer"}"#)
        .send(&srv)
        .assert_message(500, "Failed to add API Key");
    delete("/api/auth/keys/1")
        .admin()
        .send(&srv)
        .assert_message(500, "Failed to delete API key");
    post("/api/serviceaccounts/migrate")
        .admin()
        .send(&srv)
        .assert_message(500, "Internal server error");
    get("/api/org")
        .admin()
        .send(&srv)
        .assert_message(401, "Unauthorized");
    let state = get("/__sim/state").send(&srv).json();
    assert_eq!(state["faults"].as_array().unwrap().len(), 4);
}
