//! State is safe under parallel requests.

use std::sync::{Arc, Barrier};
use std::thread;

use crate::client::*;

#[test]
fn hundred_concurrent_creates_with_distinct_names_give_100_keys() {
    let srv = Arc::new(sim("9.4"));
    let barrier = Arc::new(Barrier::new(100));
    let handles: Vec<_> = (0..100)
        .map(|i| {
            let (srv, barrier) = (srv.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                post("/api/auth/keys")
                    .admin()
                    .json(&format!(r#"{{"name":"parallel-{i:03}","role":"Viewer"}}"#))
                    .send(&srv)
            })
        })
        .collect();
    let responses: Vec<Resp> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(responses.iter().all(|r| r.status == 200));
    let mut ids: Vec<i64> = responses
        .iter()
        .map(|r| r.json()["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 100);
    let listed = names(&srv, "?includeExpired=true");
    assert_eq!(listed.len(), 100);
    assert_eq!(listed[0], "parallel-000");
    assert_eq!(listed[99], "parallel-099");
}

#[test]
fn twenty_concurrent_creates_with_one_name_give_one_200() {
    let srv = Arc::new(sim("10.4"));
    let barrier = Arc::new(Barrier::new(20));
    let handles: Vec<_> = (0..20)
        .map(|_| {
            let (srv, barrier) = (srv.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                post("/api/auth/keys")
                    .admin()
                    .json(r#"{"name":"same-name","role":"Editor"}"#)
                    .send(&srv)
            })
        })
        .collect();
    let responses: Vec<Resp> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(responses.iter().filter(|r| r.status == 200).count(), 1);
    for r in responses.iter().filter(|r| r.status != 200) {
        r.assert_message(409, "API key, organization ID and name must be unique");
    }
    assert_eq!(names(&srv, ""), ["same-name"]);
}

#[test]
fn concurrent_deletes_delete_once() {
    let srv = Arc::new(sim("9.4"));
    let seeded = seed(&srv, r#"{"keys":[{"name":"victim","role":"Viewer"}]}"#);
    let id = seeded[0].1;
    let handles: Vec<_> = (0..10)
        .map(|_| {
            let srv = srv.clone();
            thread::spawn(move || {
                delete(&format!("/api/auth/keys/{id}"))
                    .admin()
                    .send(&srv)
                    .status
            })
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(statuses.iter().filter(|&&s| s == 200).count(), 1);
    assert_eq!(statuses.iter().filter(|&&s| s == 404).count(), 9);
}
