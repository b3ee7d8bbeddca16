//! The dev proxy between a Trunk-like caller and a real grafana-sim (Grafana 10.4, with its
//! CSRF check): the requests are what Chromium sends and Trunk forwards (Trunk replaces `Host`
//! with the backend's and puts the browser's in `X-Forwarded-Host`), and the sim's
//! `/__sim/requests` shows what reached Grafana.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use dev_proxy::{Background, Config, DEFAULT_DEV_ORIGINS, Upstream};
use grafana_sim::Config as SimConfig;
use serde_json::Value;

const DEV: &str = "http://127.0.0.1:8080";
/// Another server on the same machine: same site as the dev page, so it gets the cookie.
const SIBLING: &str = "http://127.0.0.1:9999";

struct Setup {
    sim: grafana_sim::Background,
    proxy: Background,
}

fn setup() -> Setup {
    let sim = grafana_sim::Background::start(SimConfig {
        listen: "127.0.0.1:0".into(),
        version: "10.4".parse().unwrap(),
        test_control: true,
        log_requests: false,
        ..SimConfig::default()
    })
    .unwrap();
    let proxy = Background::start(
        "127.0.0.1:0",
        Config {
            upstream: Upstream::parse(&format!("http://{}", sim.addr())).unwrap(),
            dev_origins: DEFAULT_DEV_ORIGINS.iter().map(|o| o.to_string()).collect(),
            log_refusals: false,
        },
    )
    .unwrap();
    Setup { sim, proxy }
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn send(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: body.to_string(),
    }
}

/// A request as Trunk forwards what a page on `page_host` sent with `origin` (None: no Origin).
fn via_trunk(
    setup: &Setup,
    method: &str,
    path: &str,
    page_host: &str,
    origin: Option<&str>,
    cookie: Option<&str>,
    body: &str,
) -> Resp {
    let mut headers = vec![
        ("Host", "127.0.0.1"),
        ("X-Forwarded-Host", page_host),
        ("X-Forwarded-Proto", "http"),
        ("Content-Type", "application/json"),
    ];
    if let Some(o) = origin {
        headers.push(("Origin", o));
    }
    if let Some(c) = cookie {
        headers.push(("Cookie", c));
    }
    send(setup.proxy.addr(), method, path, &headers, body)
}

/// The requests that reached grafana-sim.
fn arrived(setup: &Setup) -> Vec<Value> {
    let r = send(setup.sim.addr(), "GET", "/__sim/requests", &[], "");
    r.json().as_array().unwrap().clone()
}

fn header_of(request: &Value, name: &str) -> Option<String> {
    request["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0] == name)
        .map(|h| h[1].as_str().unwrap().to_string())
}

/// Signs in through the proxy as the dev page does; returns the cookie and the Set-Cookie line.
fn sign_in(setup: &Setup) -> (String, String) {
    let login = via_trunk(
        setup,
        "POST",
        "/login",
        "127.0.0.1:8080",
        Some(DEV),
        None,
        r#"{"user":"admin","password":"admin"}"#,
    );
    assert_eq!(login.status, 200, "{}", login.body);
    let set = login.header("set-cookie").unwrap().to_string();
    (set.split(';').next().unwrap().to_string(), set)
}

#[test]
fn the_dev_pages_requests_go_through_with_grafanas_origin() {
    let setup = setup();
    let (cookie, set_cookie) = sign_in(&setup);
    // A session cookie: no lifetime, so it ends with the browser session.
    assert!(set_cookie.starts_with("grafana_session="), "{set_cookie}");
    assert!(!set_cookie.contains("Max-Age"), "{set_cookie}");
    assert!(!set_cookie.contains("Expires"), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");

    let created = via_trunk(
        &setup,
        "POST",
        "/api/auth/keys",
        "127.0.0.1:8080",
        Some(DEV),
        Some(&cookie),
        r#"{"name":"from-the-dev-page","role":"Viewer"}"#,
    );
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(created.json()["key"].as_str().unwrap().starts_with("eyJr"));
    // Grafana's own headers come back as they were.
    assert_eq!(created.header("cache-control"), Some("no-store"));

    // What Grafana saw: its own origin and host, none of Trunk's forwarding headers.
    let requests = arrived(&setup);
    let post = requests
        .iter()
        .find(|r| r["path"] == "/api/auth/keys")
        .unwrap();
    let sim_origin = format!("http://{}", setup.sim.addr());
    assert_eq!(header_of(post, "origin"), Some(sim_origin));
    assert_eq!(header_of(post, "host"), Some(setup.sim.addr().to_string()));
    assert_eq!(header_of(post, "x-forwarded-host"), None);

    // The page's own requests say same-origin; the user's own navigation says none.
    for site in ["same-origin", "none"] {
        let r = send(
            setup.proxy.addr(),
            "GET",
            "/api/user",
            &[
                ("X-Forwarded-Host", "127.0.0.1:8080"),
                ("Sec-Fetch-Site", site),
                ("Cookie", &cookie),
            ],
            "",
        );
        assert_eq!(r.status, 200, "{site}: {}", r.body);
    }
    // The page's reads carry no Origin, and pass; from localhost:8080 too.
    for host in ["127.0.0.1:8080", "localhost:8080"] {
        let list = via_trunk(
            &setup,
            "GET",
            "/api/auth/keys",
            host,
            None,
            Some(&cookie),
            "",
        );
        assert_eq!(list.status, 200, "{}", list.body);
    }
    let from_localhost = via_trunk(
        &setup,
        "DELETE",
        &format!("/api/auth/keys/{}", created.json()["id"]),
        "localhost:8080",
        Some("http://localhost:8080"),
        Some(&cookie),
        "",
    );
    assert_eq!(from_localhost.status, 200, "{}", from_localhost.body);

    // Signing out deletes the cookie: that Max-Age=0 stays.
    let out = via_trunk(
        &setup,
        "GET",
        "/logout",
        "127.0.0.1:8080",
        None,
        Some(&cookie),
        "",
    );
    assert_eq!(out.status, 302);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
}

#[test]
fn other_pages_and_other_ways_in_are_refused_before_grafana() {
    let setup = setup();
    let (cookie, _) = sign_in(&setup);
    let before = arrived(&setup).len();
    let migrate = "/api/serviceaccounts/migrate";
    let refused = [
        // A page on another 127.0.0.1 port (same site: the browser sends it the cookie).
        ("POST", migrate, "127.0.0.1:8080", Some(SIBLING)),
        ("GET", "/api/auth/keys", "127.0.0.1:8080", Some(SIBLING)),
        ("DELETE", "/api/auth/keys/1", "127.0.0.1:8080", Some("null")),
        // A write without Origin (browsers always send one with a write).
        ("POST", migrate, "127.0.0.1:8080", None),
        // The dev server reached under another name (DNS rebinding), its own page included.
        (
            "POST",
            migrate,
            "evil.example:8080",
            Some("http://evil.example:8080"),
        ),
        ("GET", "/api/auth/keys", "evil.example:8080", None),
        ("GET", "/api/auth/keys", "127.0.0.1:9999", None),
    ];
    for (method, path, page_host, origin) in refused {
        let r = via_trunk(&setup, method, path, page_host, origin, Some(&cookie), "");
        assert_eq!(
            r.status, 403,
            "{method} {path} {page_host} {origin:?}: {}",
            r.body
        );
        let message = r.json()["message"].as_str().unwrap().to_string();
        assert!(
            message.starts_with("Refused by make dev's proxy: "),
            "{message}"
        );
    }
    // A sibling's GET without Origin (an <img>, a no-cors fetch): the browser marks it same-site.
    for site in ["same-site", "cross-site"] {
        let r = send(
            setup.proxy.addr(),
            "GET",
            "/logout",
            &[
                ("X-Forwarded-Host", "127.0.0.1:8080"),
                ("Sec-Fetch-Site", site),
                ("Cookie", &cookie),
            ],
            "",
        );
        assert_eq!(r.status, 403, "{site}: {}", r.body);
        assert!(r.body.contains("Sec-Fetch-Site"), "{}", r.body);
    }
    // Straight to the proxy's port, not through Trunk: no X-Forwarded-Host.
    let direct = send(
        setup.proxy.addr(),
        "POST",
        migrate,
        &[("Origin", DEV), ("Cookie", &cookie)],
        "",
    );
    assert_eq!(direct.status, 403, "{}", direct.body);
    assert!(
        direct.body.contains("only the dev server"),
        "{}",
        direct.body
    );
    // Two X-Forwarded-Host (one the page's own): refused.
    let doubled = send(
        setup.proxy.addr(),
        "GET",
        "/api/auth/keys",
        &[
            ("X-Forwarded-Host", "127.0.0.1:8080"),
            ("X-Forwarded-Host", "127.0.0.1:8080"),
            ("Cookie", &cookie),
        ],
        "",
    );
    assert_eq!(doubled.status, 403, "{}", doubled.body);

    // None of them reached Grafana.
    assert_eq!(arrived(&setup).len(), before);
}

#[test]
fn an_unreachable_grafana_is_a_json_502() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let proxy = Background::start(
        "127.0.0.1:0",
        Config {
            upstream: Upstream::parse(&format!("http://127.0.0.1:{port}/grafana/")).unwrap(),
            dev_origins: vec![DEV.into()],
            log_refusals: false,
        },
    )
    .unwrap();
    let r = send(
        proxy.addr(),
        "GET",
        "/api/health",
        &[("X-Forwarded-Host", "127.0.0.1:8080")],
        "",
    );
    assert_eq!(r.status, 502, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let message = r.json()["message"].as_str().unwrap().to_string();
    assert!(
        message.starts_with("Could not reach Grafana at http://127.0.0.1:"),
        "{message}"
    );
}
