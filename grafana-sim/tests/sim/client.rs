//! A minimal HTTP/1.1 client over std `TcpStream` (one request per
//! connection, `Connection: close`) and helpers to start a server.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use base64::Engine as _;
use grafana_sim::{Background, Config};
use serde_json::Value;

/// Start an in-process server on a free port with the control API on.
pub fn sim(version: &str) -> Background {
    sim_with(version, |_| {})
}

pub fn sim_with(version: &str, f: impl FnOnce(&mut Config)) -> Background {
    let mut cfg = Config {
        listen: "127.0.0.1:0".into(),
        version: version.parse().expect("version"),
        test_control: true,
        log_requests: false,
        ..Config::default()
    };
    f(&mut cfg);
    Background::start(cfg).expect("server starts")
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Assert status and an exact `{"message": msg}` body.
    #[track_caller]
    pub fn assert_message(&self, status: u16, msg: &str) {
        assert_eq!(self.status, status, "body: {}", self.body);
        assert_eq!(self.json(), serde_json::json!({ "message": msg }));
    }
}

#[derive(Clone)]
pub struct Call {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

pub fn get(path: &str) -> Call {
    Call::new("GET", path)
}
pub fn post(path: &str) -> Call {
    Call::new("POST", path)
}
pub fn put(path: &str) -> Call {
    Call::new("PUT", path)
}
pub fn delete(path: &str) -> Call {
    Call::new("DELETE", path)
}

impl Call {
    pub fn new(method: &str, path: &str) -> Call {
        Call {
            method: method.into(),
            path: path.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, k: &str, v: &str) -> Call {
        self.headers.push((k.into(), v.into()));
        self
    }

    pub fn basic(self, user: &str, pass: &str) -> Call {
        let b = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        self.header("Authorization", &format!("Basic {b}"))
    }

    pub fn admin(self) -> Call {
        self.basic("admin", "admin")
    }

    pub fn bearer(self, key: &str) -> Call {
        self.header("Authorization", &format!("Bearer {key}"))
    }

    pub fn cookie(self, c: &str) -> Call {
        self.header("Cookie", c)
    }

    /// A JSON body with `Content-Type: application/json`.
    pub fn json(self, body: &str) -> Call {
        self.header("Content-Type", "application/json").body(body)
    }

    pub fn body(mut self, body: &str) -> Call {
        self.body = Some(body.into());
        self
    }

    pub fn send(&self, srv: &Background) -> Resp {
        self.send_to(srv.addr()).expect("request failed")
    }

    /// Send and report a transport error instead of panicking.
    pub fn send_to(&self, addr: SocketAddr) -> std::io::Result<Resp> {
        let mut s = TcpStream::connect(addr)?;
        s.set_read_timeout(Some(Duration::from_secs(20)))?;
        let body = self.body.clone().unwrap_or_default();
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n",
            self.method, self.path
        );
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if self.body.is_some() || self.method != "GET" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes())?;
        s.write_all(body.as_bytes())?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)?;
        parse(&raw)
    }
}

fn parse(raw: &[u8]) -> std::io::Result<Resp> {
    let text = String::from_utf8_lossy(raw).into_owned();
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("no HTTP response ({} bytes)", raw.len()),
        ));
    };
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok(Resp {
        status,
        headers,
        body: body.to_string(),
    })
}

/// Create a key as admin; returns (id, secret).
#[track_caller]
pub fn create_key(srv: &Background, name: &str, role: &str, ttl: Option<i64>) -> (i64, String) {
    let body = match ttl {
        Some(t) => format!(r#"{{"name":"{name}","role":"{role}","secondsToLive":{t}}}"#),
        None => format!(r#"{{"name":"{name}","role":"{role}"}}"#),
    };
    let r = post("/api/auth/keys").admin().json(&body).send(srv);
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    (
        v["id"].as_i64().unwrap(),
        v["key"].as_str().unwrap().to_string(),
    )
}

/// Replace the keys through the control API; returns the seeded secrets by name.
#[track_caller]
pub fn seed(srv: &Background, doc: &str) -> Vec<(String, i64, String)> {
    let r = post("/__sim/seed").json(doc).send(srv);
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["name"].as_str().unwrap().to_string(),
                k["id"].as_i64().unwrap(),
                k["key"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The key list as admin, as names.
pub fn names(srv: &Background, query: &str) -> Vec<String> {
    let r = get(&format!("/api/auth/keys{query}")).admin().send(srv);
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap().to_string())
        .collect()
}
