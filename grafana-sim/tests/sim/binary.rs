//! The `grafana-sim` binary: startup line, `--help`, bad flags, SIGTERM.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::client::get;

const BIN: &str = env!("CARGO_BIN_EXE_grafana-sim");

#[test]
fn prints_the_startup_line_serves_and_stops_on_sigterm() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/dev.json");
    let mut child = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--grafana-version",
            "10.4",
            "--seed",
            seed,
            "--quiet",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let rest = line
        .strip_prefix("grafana-sim listening on http://")
        .unwrap_or_else(|| panic!("{line:?}"));
    let (addr, version) = rest.trim_end().split_once(' ').unwrap();
    assert_eq!(version, "(Grafana 10.4.0)");
    let addr: SocketAddr = addr.parse().unwrap();
    assert_ne!(addr.port(), 0);
    let r = get("/api/health").send_to(addr).unwrap();
    assert!(r.body.contains("\"version\": \"10.4.0\""));
    let keys = get("/api/auth/keys?includeExpired=true")
        .admin()
        .send_to(addr)
        .unwrap();
    assert_eq!(keys.json().as_array().unwrap().len(), 7);
    // The control API is off unless asked for.
    assert_eq!(
        crate::client::post("/__sim/reset")
            .send_to(addr)
            .unwrap()
            .status,
        404
    );

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn help_and_bad_flags() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--listen",
        "--grafana-version",
        "--api-key-max-seconds-to-live",
        "--seed",
        "--latency-ms",
        "--fault",
        "--test-control",
    ] {
        assert!(help.contains(flag), "{flag}");
    }
    let out = Command::new(BIN).arg("--nope").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN)
        .args(["--fault", "GET /x=teapot"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid fault"));
}
