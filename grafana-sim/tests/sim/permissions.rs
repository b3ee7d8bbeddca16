//! Service-account permissions (`/api/access-control/serviceaccounts/*`),
//! the user and team pickers (`/api/org/users/lookup`, `/api/teams/search`),
//! teams, and the grants taking effect on the service-account API, per
//! version (10.4 and 12.1 above all).

use grafana_sim::Background;
use grafana_sim::model::avatar_url;
use serde_json::{Value, json};

use crate::client::*;

/// Users admin 1, editor 2, viewer 3 (org 1 Viewer, org 2 Viewer), ops 4
/// (org 1 Viewer); teams 1 "Platform team" (viewer), 2 "Other team" (no one),
/// 3 "Org2 team" (org 2, viewer); accounts 5 "ci-a" (a token), 6 "ci-b",
/// 7 "org2-sa" (org 2).
const SEED: &str = r#"{
  "users": [{"login": "ops", "name": "Ops"}],
  "orgs": [
    {"id": 1, "members": [{"login": "ops", "role": "Viewer"}]},
    {"id": 2, "name": "Platform", "members": [
      {"login": "admin", "role": "Admin"}, {"login": "viewer", "role": "Viewer"}]}
  ],
  "teams": [
    {"name": "Platform team", "members": [{"login": "viewer"}]},
    {"name": "Other team"},
    {"name": "Org2 team", "orgId": 2, "members": [{"login": "viewer", "permission": "Admin"}]}
  ],
  "serviceAccounts": [
    {"name": "ci-a", "tokens": [{"name": "a-token"}]},
    {"name": "ci-b"},
    {"name": "org2-sa", "orgId": 2}
  ]
}"#;

const A: i64 = 5;
const B: i64 = 6;
const ORG2_SA: i64 = 7;

fn sim_seeded(version: &str) -> Background {
    sim_with(version, |c| {
        c.seed = grafana_sim::seed::Seed::parse(SEED).unwrap();
    })
}

fn viewer(c: Call) -> Call {
    c.basic("viewer", "viewer")
}

fn ops(c: Call) -> Call {
    c.basic("ops", "ops")
}

/// The RBAC 403, byte for byte but for the random error id.
#[track_caller]
fn assert_denied(r: &Resp, needed: &str) {
    assert_eq!(r.status, 403, "{}", r.body);
    let id = r.json()["accessErrorId"].as_str().unwrap().to_string();
    assert!(
        id.len() == 13 && id.starts_with("ACE") && id[3..].bytes().all(|b| b.is_ascii_digit()),
        "{id}"
    );
    assert_eq!(
        r.body,
        format!(
            r#"{{"accessErrorId":"{id}","message":"You'll need additional permissions to perform this action. Permissions needed: {needed}","title":"Access denied"}}"#
        )
    );
}

/// An errutil body, byte for byte.
#[track_caller]
fn assert_errutil(r: &Resp, status: u16, message_id: &str, message: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(
        r.body,
        format!(r#"{{"statusCode":{status},"messageId":"{message_id}","message":"{message}"}}"#)
    );
}

/// `POST …/serviceaccounts/:sa/<kind>/:id {"permission": p}` as `as_`.
fn set(srv: &Background, as_: fn(Call) -> Call, path: &str, permission: &str) -> Resp {
    as_(post(&format!("/api/access-control/serviceaccounts/{path}")))
        .json(&format!(r#"{{"permission":"{permission}"}}"#))
        .send(srv)
}

fn admin(c: Call) -> Call {
    c.admin()
}

fn uid_of(srv: &Background, id: i64) -> String {
    get(&format!("/api/serviceaccounts/{id}"))
        .admin()
        .send(srv)
        .json()["uid"]
        .as_str()
        .unwrap()
        .to_string()
}

fn team_uid(srv: &Background, name: &str) -> String {
    let r = get(&format!(
        "/api/teams/search?name={}",
        name.replace(' ', "%20")
    ))
    .admin()
    .send(srv);
    r.json()["teams"][0]["uid"].as_str().unwrap().to_string()
}

const ADMIN_ACTIONS: &str = r#"["serviceaccounts:read","serviceaccounts:write","serviceaccounts:delete","serviceaccounts.permissions:read","serviceaccounts.permissions:write"]"#;
const EDIT_ACTIONS: &str = r#"["serviceaccounts:read","serviceaccounts:write"]"#;

#[test]
fn description_per_version() {
    for (v, body) in [
        (
            "9.4",
            r#"{"assignments":{"users":true,"teams":true,"builtInRoles":false},"permissions":["Edit","Admin"]}"#,
        ),
        (
            "10.4",
            r#"{"assignments":{"users":true,"serviceAccounts":false,"teams":true,"builtInRoles":false},"permissions":["Edit","Admin"]}"#,
        ),
        (
            "12.1",
            r#"{"assignments":{"users":true,"serviceAccounts":false,"teams":true,"builtInRoles":false},"permissions":["Edit","Admin"]}"#,
        ),
    ] {
        let srv = sim_seeded(v);
        let r = get("/api/access-control/serviceaccounts/description")
            .admin()
            .send(&srv);
        assert_eq!(r.status, 200, "{v}");
        assert_eq!(r.body, body, "{v}");
        assert_denied(
            &viewer(get("/api/access-control/serviceaccounts/description")).send(&srv),
            "serviceaccounts.permissions:read",
        );
        // No built-in role assignments: the route is not registered.
        set(&srv, admin, &format!("{A}/builtInRoles/Viewer"), "Edit")
            .assert_message(404, "Not found");
        get("/api/access-control/serviceaccounts/description")
            .send(&srv)
            .assert_message(401, "Unauthorized");
    }
    // Before 9.1 (no GA service accounts) there are no such routes.
    for v in ["8.5", "9.0"] {
        let srv = sim(v);
        get("/api/access-control/serviceaccounts/description")
            .admin()
            .send(&srv)
            .assert_message(404, "Not found");
    }
}

#[test]
fn list_shows_the_creator_and_the_grants_with_each_versions_fields() {
    for v in ["10.4", "12.1"] {
        let uids = v == "12.1";
        let srv = sim_seeded(v);
        // A seeded account is as if admin had created it: admin holds Admin.
        // No built-in `Admin` role row (service accounts have no built-in
        // role assignments).
        let r = get(&format!("/api/access-control/serviceaccounts/{A}"))
            .admin()
            .send(&srv);
        assert_eq!(r.status, 200, "{v}");
        let admin_uid = if uids {
            r#""userUid":"adminuid000001","#
        } else {
            ""
        };
        let admin_row = format!(
            r#"{{"id":1,"roleName":"managed:users:1:permissions","isManaged":true,"isInherited":false,"isServiceAccount":false,"userId":1,{admin_uid}"userLogin":"admin","userAvatarUrl":"{}","actions":{ADMIN_ACTIONS},"permission":"Admin"}}"#,
            avatar_url("admin@localhost")
        );
        assert_eq!(r.body, format!("[{admin_row}]"), "{v}");

        // A team gets Edit, a user Admin (then Edit: the rows kept keep their id).
        set(&srv, admin, &format!("{A}/teams/1"), "Edit").assert_message(200, "Permission updated");
        set(&srv, admin, &format!("{A}/users/4"), "Admin")
            .assert_message(200, "Permission updated");
        set(&srv, admin, &format!("{A}/users/4"), "Edit").assert_message(200, "Permission updated");
        let r = get(&format!("/api/access-control/serviceaccounts/{A}"))
            .admin()
            .send(&srv);
        let rows = r.json();
        assert_eq!(rows.as_array().unwrap().len(), 3, "{v}: {}", r.body);
        let team_uid = team_uid(&srv, "Platform team");
        let team_uid_field = if uids {
            format!(r#""teamUid":"{team_uid}","#)
        } else {
            String::new()
        };
        let ops_uid = if uids {
            r#""userUid":"opsuid00004","#
        } else {
            ""
        };
        let ops_row = format!(
            r#"{{"id":{},"roleName":"managed:users:4:permissions","isManaged":true,"isInherited":false,"isServiceAccount":false,"userId":4,{ops_uid}"userLogin":"ops","userAvatarUrl":"{}","actions":{EDIT_ACTIONS},"permission":"Edit"}}"#,
            rows[1]["id"],
            avatar_url("ops@localhost")
        );
        let team_row = format!(
            r#"{{"id":{},"roleName":"managed:teams:1:permissions","isManaged":true,"isInherited":false,"isServiceAccount":false,"team":"Platform team","teamId":1,{team_uid_field}"teamAvatarUrl":"{}","actions":{EDIT_ACTIONS},"permission":"Edit"}}"#,
            rows[2]["id"],
            avatar_url("Platformteam@localhost")
        );
        assert_eq!(r.body, format!("[{admin_row},{ops_row},{team_row}]"), "{v}");

        // Removing answers "Permission removed"; removing again too.
        set(&srv, admin, &format!("{A}/users/4"), "").assert_message(200, "Permission removed");
        set(&srv, admin, &format!("{A}/users/4"), "").assert_message(200, "Permission removed");
        let after = get(&format!("/api/access-control/serviceaccounts/{A}"))
            .admin()
            .send(&srv)
            .json();
        assert_eq!(after.as_array().unwrap().len(), 2, "{v}");

        // An account created through the API: its creator gets Admin.
        let r = post("/api/serviceaccounts")
            .admin()
            .json(r#"{"name":"fresh"}"#)
            .send(&srv);
        let id = r.json()["id"].as_i64().unwrap();
        let rows = get(&format!("/api/access-control/serviceaccounts/{id}"))
            .admin()
            .send(&srv)
            .json();
        assert_eq!(rows.as_array().unwrap().len(), 1, "{v}");
        assert_eq!(rows[0]["userLogin"], "admin");
        assert_eq!(rows[0]["permission"], "Admin");
        // Deleting the account drops its permissions.
        delete(&format!("/api/serviceaccounts/{id}"))
            .admin()
            .send(&srv)
            .assert_message(200, "Service account deleted");
        let r = get(&format!("/api/access-control/serviceaccounts/{id}"))
            .admin()
            .send(&srv);
        assert_eq!((r.status, r.body.as_str()), (200, "[]"), "{v}");
    }
    // 9.4: neither isInherited nor isServiceAccount.
    let srv = sim_seeded("9.4");
    let r = get(&format!("/api/access-control/serviceaccounts/{A}"))
        .admin()
        .send(&srv);
    assert!(
        r.body.starts_with(
            r#"[{"id":1,"roleName":"managed:users:1:permissions","isManaged":true,"userId":1,"userLogin":"admin""#
        ),
        "{}",
        r.body
    );
}

/// The issue's scenario: a Viewer in a team that gets Edit on account A
/// manages A and its tokens, is refused on B, sees only A in the search; once
/// the permission is removed, refused again.
#[test]
fn a_team_grant_lets_a_viewer_manage_that_account_only() {
    for v in ["10.4", "12.1"] {
        let srv = sim_seeded(v);
        // Before: the Viewer may read no account at all.
        assert_denied(
            &viewer(get("/api/serviceaccounts/search")).send(&srv),
            "serviceaccounts:read",
        );
        assert_denied(
            &viewer(get(&format!("/api/serviceaccounts/{A}"))).send(&srv),
            "serviceaccounts:read",
        );

        set(&srv, admin, &format!("{A}/teams/1"), "Edit").assert_message(200, "Permission updated");

        // Read A, with its metadata.
        let r = viewer(get(&format!("/api/serviceaccounts/{A}?accesscontrol=true"))).send(&srv);
        assert_eq!(r.status, 200, "{v}: {}", r.body);
        assert_eq!(
            r.json()["accessControl"],
            json!({"serviceaccounts:read": true, "serviceaccounts:write": true})
        );
        // The search lists A only, with the same metadata.
        let r = viewer(get("/api/serviceaccounts/search?accesscontrol=true")).send(&srv);
        assert_eq!(r.status, 200, "{v}");
        let s = r.json();
        assert_eq!(s["totalCount"], 1, "{v}: {}", r.body);
        assert_eq!(s["serviceAccounts"][0]["id"], A);
        assert_eq!(
            s["serviceAccounts"][0]["accessControl"],
            json!({"serviceaccounts:read": true, "serviceaccounts:write": true})
        );
        // Tokens: list, create, delete.
        let r = viewer(get(&format!("/api/serviceaccounts/{A}/tokens"))).send(&srv);
        assert_eq!(r.status, 200, "{v}");
        assert_eq!(r.json()[0]["name"], "a-token");
        let r = viewer(post(&format!("/api/serviceaccounts/{A}/tokens")))
            .json(r#"{"name":"by-viewer"}"#)
            .send(&srv);
        assert_eq!(r.status, 200, "{v}: {}", r.body);
        let token_id = r.json()["id"].as_i64().unwrap();
        viewer(delete(&format!(
            "/api/serviceaccounts/{A}/tokens/{token_id}"
        )))
        .send(&srv)
        .assert_message(200, "Service account token deleted");
        // Update (within the Viewer's own role).
        let r = viewer(Call::new("PATCH", &format!("/api/serviceaccounts/{A}")))
            .json(r#"{"name":"ci-a renamed"}"#)
            .send(&srv);
        assert_eq!(r.status, 200, "{v}: {}", r.body);
        assert_eq!(r.json()["message"], "Service account updated");
        // Edit is not Admin: no delete, no permissions.
        assert_denied(
            &viewer(delete(&format!("/api/serviceaccounts/{A}"))).send(&srv),
            "serviceaccounts:delete",
        );
        assert_denied(
            &viewer(get(&format!("/api/access-control/serviceaccounts/{A}"))).send(&srv),
            "serviceaccounts.permissions:read",
        );
        assert_denied(
            &set(&srv, viewer, &format!("{A}/users/3"), "Admin"),
            "serviceaccounts.permissions:write",
        );
        // Account B: refused, whatever the action.
        assert_denied(
            &viewer(get(&format!("/api/serviceaccounts/{B}"))).send(&srv),
            "serviceaccounts:read",
        );
        assert_denied(
            &viewer(get(&format!("/api/serviceaccounts/{B}/tokens"))).send(&srv),
            "serviceaccounts:read",
        );
        assert_denied(
            &viewer(post(&format!("/api/serviceaccounts/{B}/tokens")))
                .json(r#"{"name":"nope"}"#)
                .send(&srv),
            "serviceaccounts:write",
        );
        // The grant shows in the Viewer's own permissions.
        let p = viewer(get("/api/access-control/user/permissions"))
            .send(&srv)
            .json();
        assert_eq!(
            p["serviceaccounts:read"],
            json!([format!("serviceaccounts:id:{A}")])
        );
        assert_eq!(
            p["serviceaccounts:write"],
            json!([format!("serviceaccounts:id:{A}")])
        );
        assert_eq!(p["teams:read"], json!(["teams:id:1"]));
        // A user outside the team gets nothing from it.
        assert_denied(
            &ops(get(&format!("/api/serviceaccounts/{A}"))).send(&srv),
            "serviceaccounts:read",
        );

        // Removed: the next request is refused.
        set(&srv, admin, &format!("{A}/teams/1"), "").assert_message(200, "Permission removed");
        assert_denied(
            &viewer(get(&format!("/api/serviceaccounts/{A}"))).send(&srv),
            "serviceaccounts:read",
        );
        assert_denied(
            &viewer(get("/api/serviceaccounts/search")).send(&srv),
            "serviceaccounts:read",
        );
        assert_denied(
            &viewer(post(&format!("/api/serviceaccounts/{A}/tokens")))
                .json(r#"{"name":"late"}"#)
                .send(&srv),
            "serviceaccounts:write",
        );
    }
}

#[test]
fn a_direct_admin_grant_adds_delete_and_the_permissions() {
    for v in ["10.4", "12.1"] {
        let srv = sim_seeded(v);
        set(&srv, admin, &format!("{B}/users/3"), "Admin")
            .assert_message(200, "Permission updated");
        let r = viewer(get(&format!("/api/serviceaccounts/{B}?accesscontrol=true"))).send(&srv);
        assert_eq!(
            r.json()["accessControl"],
            json!({
                "serviceaccounts.permissions:read": true,
                "serviceaccounts.permissions:write": true,
                "serviceaccounts:delete": true,
                "serviceaccounts:read": true,
                "serviceaccounts:write": true
            }),
            "{v}"
        );
        // The Viewer now manages B's permissions: gives ops Edit.
        let r = viewer(get(&format!("/api/access-control/serviceaccounts/{B}"))).send(&srv);
        assert_eq!(r.status, 200, "{v}");
        let r = viewer(get("/api/access-control/serviceaccounts/description")).send(&srv);
        assert_eq!(r.status, 200, "{v}");
        set(&srv, viewer, &format!("{B}/users/4"), "Edit")
            .assert_message(200, "Permission updated");
        assert_eq!(
            ops(get(&format!("/api/serviceaccounts/{B}")))
                .send(&srv)
                .status,
            200
        );
        // …but may not look users up (the picker's route does not count
        // service-account permissions).
        assert_denied(
            &viewer(get("/api/org/users/lookup")).send(&srv),
            "any of org.users:read, teams.permissions:write, folders.permissions:write, dashboards.permissions:write",
        );
        // Admin includes delete.
        viewer(delete(&format!("/api/serviceaccounts/{B}")))
            .send(&srv)
            .assert_message(200, "Service account deleted");
        assert_denied(
            &ops(get(&format!("/api/serviceaccounts/{B}"))).send(&srv),
            "serviceaccounts:read",
        );
    }
}

#[test]
fn resource_id_is_the_id_and_from_11_4_also_the_uid() {
    // 12.1: the uid resolves (the page sends it), numeric ids still work,
    // an unknown uid is 404 before any guard; users and teams by uid too.
    let srv = sim_seeded("12.1");
    let uid = uid_of(&srv, A);
    let by_id = get(&format!("/api/access-control/serviceaccounts/{A}"))
        .admin()
        .send(&srv);
    let by_uid = get(&format!("/api/access-control/serviceaccounts/{uid}"))
        .admin()
        .send(&srv);
    assert_eq!(by_uid.status, 200);
    assert_eq!(by_uid.body, by_id.body);
    get("/api/access-control/serviceaccounts/nosuchuid")
        .admin()
        .send(&srv)
        .assert_message(404, "Not found");
    get("/api/access-control/serviceaccounts/nosuchuid")
        .basic("viewer", "viewer")
        .send(&srv)
        .assert_message(404, "Not found");
    set(&srv, admin, &format!("{uid}/users/vieweruid00003"), "Edit")
        .assert_message(200, "Permission updated");
    let tuid = team_uid(&srv, "Other team");
    set(&srv, admin, &format!("{uid}/teams/{tuid}"), "Admin")
        .assert_message(200, "Permission updated");
    set(&srv, admin, &format!("{uid}/users/nobody"), "Edit").assert_message(404, "User not found");
    set(&srv, admin, &format!("{uid}/teams/nobody"), "Edit").assert_message(404, "Not found");
    set(&srv, admin, "nosuchuid/users/3", "Edit").assert_message(404, "Not found");
    let rows = get(&format!("/api/access-control/serviceaccounts/{A}"))
        .admin()
        .send(&srv)
        .json();
    let who: Vec<(Value, Value)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["userLogin"].clone(), r["team"].clone()))
        .collect();
    assert_eq!(
        who,
        vec![
            (json!("admin"), Value::Null),
            (json!("viewer"), Value::Null),
            (Value::Null, json!("Other team"))
        ]
    );

    // 10.4: the uid is just a string: the guard's wildcard lets the admin
    // through, the list is empty, and setting fails in the validator.
    let srv = sim_seeded("10.4");
    let uid = uid_of(&srv, A);
    let r = get(&format!("/api/access-control/serviceaccounts/{uid}"))
        .admin()
        .send(&srv);
    assert_eq!((r.status, r.body.as_str()), (200, "[]"));
    set(&srv, admin, &format!("{uid}/users/3"), "Edit")
        .assert_message(400, "failed to set user permission");
    set(&srv, admin, &format!("{A}/users/vieweruid00003"), "Edit")
        .assert_message(400, "userID is invalid");
    set(&srv, admin, &format!("{A}/teams/x"), "Edit").assert_message(400, "teamID is invalid");
}

#[test]
fn errors_per_version() {
    let srv = sim_seeded("10.4");
    for (path, failure) in [
        (format!("{A}/users/3"), "failed to set user permission"),
        (format!("{A}/teams/1"), "failed to set team permission"),
    ] {
        set(&srv, admin, &path, "View").assert_message(400, failure);
        set(&srv, admin, &path, "edit").assert_message(400, failure);
    }
    set(&srv, admin, "999/users/3", "Edit").assert_message(400, "failed to set user permission");
    set(&srv, admin, &format!("{A}/users/999"), "Edit")
        .assert_message(400, "failed to set user permission");
    set(&srv, admin, &format!("{A}/teams/99"), "Edit")
        .assert_message(400, "failed to set team permission");
    // Another org's account or team is unknown in this org.
    set(&srv, admin, &format!("{ORG2_SA}/users/3"), "Edit")
        .assert_message(400, "failed to set user permission");
    set(&srv, admin, &format!("{A}/teams/3"), "Edit")
        .assert_message(400, "failed to set team permission");
    post(&format!("/api/access-control/serviceaccounts/{A}/users/3"))
        .admin()
        .json("[1]")
        .send(&srv)
        .assert_message(400, "bad request data");
    post(&format!("/api/access-control/serviceaccounts/{A}/users/3"))
        .admin()
        .body(r#"{"permission":"Edit"}"#)
        .send(&srv)
        .assert_message(400, "bad request data");
    // A guard on the account's scope: Editors hold nothing on it.
    assert_denied(
        &set(
            &srv,
            |c| c.basic("editor", "editor"),
            &format!("{A}/users/3"),
            "Edit",
        ),
        "serviceaccounts.permissions:write",
    );

    let srv = sim_seeded("12.1");
    assert_errutil(
        &set(&srv, admin, &format!("{A}/users/3"), "View"),
        400,
        "resourcePermissions.invalidPermission",
        "Permission [View] is invalid for this resource type",
    );
    assert_errutil(
        &set(&srv, admin, &format!("{A}/teams/1"), "View"),
        400,
        "resourcePermissions.invalidPermission",
        "Permission [View] is invalid for this resource type",
    );
    assert_errutil(
        &set(&srv, admin, "999/users/3", "Edit"),
        404,
        "serviceaccounts.ErrNotFound",
        "service account not found",
    );
    assert_errutil(
        &set(&srv, admin, &format!("{ORG2_SA}/users/3"), "Edit"),
        404,
        "serviceaccounts.ErrNotFound",
        "service account not found",
    );
    assert_errutil(
        &set(&srv, admin, &format!("{A}/users/999"), "Edit"),
        400,
        "accesscontrol.assignmentEntityNotFound",
        "user not found",
    );
    assert_errutil(
        &set(&srv, admin, &format!("{A}/teams/99"), "Edit"),
        400,
        "accesscontrol.assignmentEntityNotFound",
        "team not found",
    );
    post(&format!("/api/access-control/serviceaccounts/{A}/users/3"))
        .admin()
        .json("[1]")
        .send(&srv)
        .assert_message(400, "bad request data");
}

#[test]
fn user_lookup_bodies() {
    for v in ["10.4", "12.1"] {
        let srv = sim_seeded(v);
        let uid = |u: &str| {
            if v == "12.1" {
                format!(r#""uid":"{u}","#)
            } else {
                String::new()
            }
        };
        let r = get("/api/org/users/lookup?query=&limit=100")
            .admin()
            .send(&srv);
        assert_eq!(r.status, 200, "{v}");
        // People only (no service accounts), by e-mail then login.
        assert_eq!(
            r.body,
            format!(
                r#"[{{"userId":1,{}"login":"admin","avatarUrl":"{}"}},{{"userId":2,{}"login":"editor","avatarUrl":"{}"}},{{"userId":4,{}"login":"ops","avatarUrl":"{}"}},{{"userId":3,{}"login":"viewer","avatarUrl":"{}"}}]"#,
                uid("adminuid000001"),
                avatar_url("admin@localhost"),
                uid("editoruid00002"),
                avatar_url("editor@localhost"),
                uid("opsuid00004"),
                avatar_url("ops@localhost"),
                uid("vieweruid00003"),
                avatar_url("viewer@localhost"),
            ),
            "{v}"
        );
        // The query matches login, e-mail or name, case-insensitively.
        let logins = |q: &str| -> Vec<String> {
            get(&format!("/api/org/users/lookup?{q}"))
                .admin()
                .send(&srv)
                .json()
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["login"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(logins("query=OPS"), ["ops"]);
        assert_eq!(logins("query=Viewer"), ["viewer"]);
        assert_eq!(logins("query=localhost&limit=2"), ["admin", "editor"]);
        assert_eq!(logins("query=nobody"), Vec::<String>::new());
        // The request's org: org 2 has admin and viewer.
        let r = get("/api/org/users/lookup")
            .admin()
            .header("X-Grafana-Org-Id", "2")
            .send(&srv);
        let in_org2: Vec<String> = r
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["login"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(in_org2, ["admin", "viewer"], "{v}");
        // Viewers and Editors may not.
        for who in ["viewer", "editor"] {
            assert_denied(
                &get("/api/org/users/lookup").basic(who, who).send(&srv),
                "any of org.users:read, teams.permissions:write, folders.permissions:write, dashboards.permissions:write",
            );
        }
        // A team Admin may (teams.permissions:write on the team).
        let r = get("/api/org/users/lookup")
            .basic("viewer", "viewer")
            .header("X-Grafana-Org-Id", "2")
            .send(&srv);
        assert_eq!(r.status, 200, "{v}: {}", r.body);
    }
}

#[test]
fn team_search_bodies() {
    for v in ["10.4", "12.1"] {
        let srv = sim_seeded(v);
        let r = get("/api/teams/search?perpage=10&page=1")
            .admin()
            .send(&srv);
        assert_eq!(r.status, 200, "{v}");
        let s = r.json();
        let uid = |i: usize| s["teams"][i]["uid"].as_str().unwrap().to_string();
        let provisioned = if v == "12.1" {
            r#""externalUID":"","isProvisioned":false,"#
        } else {
            ""
        };
        // By name; the org's teams only.
        assert_eq!(
            r.body,
            format!(
                r#"{{"totalCount":2,"teams":[{{"id":2,"uid":"{}","orgId":1,"name":"Other team","email":"",{provisioned}"avatarUrl":"{}","memberCount":0,"permission":0,"accessControl":null}},{{"id":1,"uid":"{}","orgId":1,"name":"Platform team","email":"",{provisioned}"avatarUrl":"{}","memberCount":1,"permission":0,"accessControl":null}}],"page":1,"perPage":10}}"#,
                uid(0),
                avatar_url("Otherteam@localhost"),
                uid(1),
                avatar_url("Platformteam@localhost"),
            ),
            "{v}"
        );
        // query: contains, case-insensitive; name: exact.
        let names = |q: &str| -> Vec<String> {
            get(&format!("/api/teams/search?{q}"))
                .admin()
                .send(&srv)
                .json()["teams"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["name"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(names("query=PLAT"), ["Platform team"]);
        assert_eq!(names("name=Other%20team"), ["Other team"]);
        assert_eq!(names("name=other%20team"), Vec::<String>::new());
        assert_eq!(names("perpage=1&page=2"), ["Platform team"]);
        // Metadata on request.
        let r = get("/api/teams/search?query=Other&accesscontrol=true")
            .admin()
            .send(&srv);
        let ac = &r.json()["teams"][0]["accessControl"];
        assert_eq!(ac["teams:read"], true, "{v}");
        assert_eq!(ac["teams.permissions:write"], true, "{v}");
        // A member sees its own team only; a user in no team is refused.
        let r = viewer(get("/api/teams/search?accesscontrol=true")).send(&srv);
        assert_eq!(r.status, 200, "{v}");
        assert_eq!(r.json()["totalCount"], 1);
        assert_eq!(r.json()["teams"][0]["name"], "Platform team");
        assert_eq!(
            r.json()["teams"][0]["accessControl"],
            json!({"teams:read": true})
        );
        assert_denied(&ops(get("/api/teams/search")).send(&srv), "teams:read");
    }
}

#[test]
fn teams_created_and_joined_through_the_api_carry_grants() {
    for v in ["10.4", "12.1"] {
        let srv = sim_seeded(v);
        let r = post("/api/teams")
            .admin()
            .json(r#"{"name":"SRE"}"#)
            .send(&srv);
        assert_eq!(r.status, 200, "{v}: {}", r.body);
        let id = r.json()["teamId"].as_i64().unwrap();
        assert_eq!(id, 4);
        if v == "12.1" {
            let uid = r.json()["uid"].as_str().unwrap().to_string();
            assert_eq!(
                r.body,
                format!(r#"{{"message":"Team created","teamId":4,"uid":"{uid}"}}"#)
            );
        } else {
            assert_eq!(r.body, r#"{"message":"Team created","teamId":4}"#);
        }
        post("/api/teams/")
            .admin()
            .json(r#"{"name":"SRE"}"#)
            .send(&srv)
            .assert_message(409, "Team name taken");
        post("/api/teams")
            .admin()
            .json(r#"{"email":"x@y"}"#)
            .send(&srv)
            .assert_message(400, "bad request data");
        assert_denied(
            &viewer(post("/api/teams"))
                .json(r#"{"name":"x"}"#)
                .send(&srv),
            "teams:create",
        );
        // The creator is the team's Admin member.
        let t = get("/api/teams/search?name=SRE").admin().send(&srv).json();
        assert_eq!(t["teams"][0]["memberCount"], 1, "{v}");
        // Members.
        post(&format!("/api/teams/{id}/members"))
            .admin()
            .json(r#"{"userId":4}"#)
            .send(&srv)
            .assert_message(200, "Member added to Team");
        post(&format!("/api/teams/{id}/members"))
            .admin()
            .json(r#"{"userId":4}"#)
            .send(&srv)
            .assert_message(400, "User is already added to this team");
        post(&format!("/api/teams/{id}/members"))
            .admin()
            .json(r#"{"userId":999}"#)
            .send(&srv)
            .assert_message(500, "Failed to add Member to Team");
        post(&format!("/api/teams/{id}/members"))
            .admin()
            .json(r#"{}"#)
            .send(&srv)
            .assert_message(400, "bad request data");
        // A plain member may not add members.
        assert_denied(
            &viewer(post("/api/teams/1/members"))
                .json(r#"{"userId":4}"#)
                .send(&srv),
            "teams.permissions:write",
        );
        // The new team's grant reaches its new member.
        set(&srv, admin, &format!("{B}/teams/{id}"), "Edit")
            .assert_message(200, "Permission updated");
        assert_eq!(
            ops(get(&format!("/api/serviceaccounts/{B}")))
                .send(&srv)
                .status,
            200,
            "{v}"
        );
        let state = get("/__sim/state").send(&srv).json();
        assert_eq!(
            state["teams"][3],
            json!({"id": 4, "uid": t["teams"][0]["uid"], "orgId": 1, "name": "SRE",
                   "members": [{"login": "admin", "permission": "Admin"},
                               {"login": "ops", "permission": "Member"}]})
        );

        // A service account can join a team too (its profile lists the
        // team), and its token then acts with the team's grants.
        let key = post("/__sim/reset").send(&srv).json()["tokens"][0]["key"]
            .as_str()
            .unwrap()
            .to_string();
        let r = post("/api/teams")
            .admin()
            .json(r#"{"name":"SRE"}"#)
            .send(&srv);
        let id = r.json()["teamId"].as_i64().unwrap();
        assert_denied(
            &get(&format!("/api/serviceaccounts/{B}"))
                .bearer(&key)
                .send(&srv),
            "serviceaccounts:read",
        );
        post(&format!("/api/teams/{id}/members"))
            .admin()
            .json(&format!(r#"{{"userId":{A}}}"#))
            .send(&srv)
            .assert_message(200, "Member added to Team");
        set(&srv, admin, &format!("{B}/teams/{id}"), "Edit")
            .assert_message(200, "Permission updated");
        let r = get(&format!("/api/serviceaccounts/{B}"))
            .bearer(&key)
            .send(&srv);
        assert_eq!(r.status, 200, "{v}: {}", r.body);
        let r = get(&format!("/api/serviceaccounts/{A}")).admin().send(&srv);
        assert_eq!(r.json()["teams"], json!(["SRE"]), "{v}");
    }
}

#[test]
fn grants_are_per_org() {
    for v in ["10.4", "12.1"] {
        let srv = sim_seeded(v);
        let org2 = |c: Call| c.header("X-Grafana-Org-Id", "2");
        // Org 2's team (viewer is its Admin) gets Edit on org 2's account.
        let r = org2(post(&format!(
            "/api/access-control/serviceaccounts/{ORG2_SA}/teams/3"
        )))
        .admin()
        .json(r#"{"permission":"Edit"}"#)
        .send(&srv);
        r.assert_message(200, "Permission updated");
        let r = org2(viewer(get(&format!("/api/serviceaccounts/{ORG2_SA}")))).send(&srv);
        assert_eq!(r.status, 200, "{v}: {}", r.body);
        // In org 1 the same user holds nothing on it.
        assert_denied(
            &viewer(get(&format!("/api/serviceaccounts/{ORG2_SA}"))).send(&srv),
            "serviceaccounts:read",
        );
        let s = org2(viewer(get("/api/serviceaccounts/search")))
            .send(&srv)
            .json();
        assert_eq!(s["totalCount"], 1, "{v}");
        // Org 1's team is unknown in org 2.
        let r = org2(post(&format!(
            "/api/access-control/serviceaccounts/{ORG2_SA}/teams/1"
        )))
        .admin()
        .json(r#"{"permission":"Edit"}"#)
        .send(&srv);
        assert_eq!(r.status, 400, "{v}: {}", r.body);
        // The list answers in the request's org.
        let rows = org2(get(&format!(
            "/api/access-control/serviceaccounts/{ORG2_SA}"
        )))
        .admin()
        .send(&srv)
        .json();
        assert_eq!(rows.as_array().unwrap().len(), 2, "{v}");
        assert_eq!(rows[1]["team"], "Org2 team");
        let r = get(&format!("/api/access-control/serviceaccounts/{ORG2_SA}"))
            .admin()
            .send(&srv);
        assert_eq!((r.status, r.body.as_str()), (200, "[]"), "{v}");
    }
}

#[test]
fn seeded_permissions_and_teams_validate() {
    let srv = sim("12.1");
    let r = post("/__sim/seed")
        .json(
            r#"{"teams":[{"name":"T","members":[{"login":"viewer"}]}],
                "serviceAccounts":[{"name":"s","permissions":[{"team":"T","permission":"Edit"},{"login":"editor","permission":"Admin"}]},
                                   {"name":"nobody","permissions":[]}]}"#,
        )
        .send(&srv);
    assert_eq!(r.status, 200, "{}", r.body);
    let rows = get("/api/access-control/serviceaccounts/4")
        .admin()
        .send(&srv)
        .json();
    let summary: Vec<(Value, Value, Value)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["userLogin"].clone(),
                r["team"].clone(),
                r["permission"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (json!("editor"), Value::Null, json!("Admin")),
            (Value::Null, json!("T"), json!("Edit"))
        ]
    );
    let r = get("/api/access-control/serviceaccounts/5")
        .admin()
        .send(&srv);
    assert_eq!(r.body, "[]");
    assert_eq!(viewer(get("/api/serviceaccounts/4")).send(&srv).status, 200);
    for bad in [
        r#"{"teams":[{"name":"T"},{"name":"T"}]}"#,
        r#"{"teams":[{"name":""}]}"#,
        r#"{"teams":[{"name":"T","members":[{"login":"nobody"}]}]}"#,
        r#"{"teams":[{"name":"T","members":[{"login":"viewer","permission":"Owner"}]}]}"#,
        r#"{"teams":[{"name":"T","orgId":2,"members":[{"login":"viewer"}]}]}"#,
        r#"{"serviceAccounts":[{"name":"s","permissions":[{"login":"viewer","permission":"View"}]}]}"#,
        r#"{"serviceAccounts":[{"name":"s","permissions":[{"team":"T","permission":"Edit"}]}]}"#,
        r#"{"serviceAccounts":[{"name":"s","permissions":[{"permission":"Edit"}]}]}"#,
        r#"{"serviceAccounts":[{"name":"s","permissions":[{"login":"viewer","team":"T","permission":"Edit"}]}]}"#,
        r#"{"serviceAccounts":[{"name":"s","permissions":[{"login":"viewer","permission":"Edit"},{"login":"Viewer","permission":"Admin"}]}]}"#,
    ] {
        let r = post("/__sim/seed").json(bad).send(&srv);
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
    }
}
