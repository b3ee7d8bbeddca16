//! `/api/health`, `POST /login`, `GET /logout` (`pkg/api/login.go`,
//! `pkg/api/http_server.go` `apiHealthHandler`).

use hyper::header::{HeaderValue, LOCATION, SET_COOKIE};
use serde::Serialize;

use crate::auth::SESSION_COOKIE;
use crate::bind::{self, Field, Kind};
use crate::keygen;
use crate::reply::{self, HttpResponse};
use crate::request::Req;
use crate::state::AppState;

/// Grafana's build commit is a short hash; this one marks the simulator.
pub const COMMIT: &str = "0000000000";

/// `simplejson` map: keys sorted, pretty-printed by `EncodePretty`.
#[derive(Serialize)]
struct Health<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    database: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
}

pub fn health(state: &AppState) -> HttpResponse {
    // Grafana's apiHealthHandler sets version and commit only unless
    // `[auth.anonymous] hide_version` is on.
    let shown = !state.hide_version;
    let body = reply::go_json_pretty(&Health {
        commit: shown.then_some(COMMIT),
        database: "ok",
        version: shown.then(|| state.version.to_string()),
    });
    reply::raw(200, "application/json; charset=UTF-8", body)
}

const LOGIN_COMMAND: &[Field] = &[
    Field {
        name: "user",
        kind: Kind::Str,
        required: true,
    },
    Field {
        name: "password",
        kind: Kind::Str,
        required: true,
    },
];

#[derive(Serialize)]
struct LoggedIn {
    message: &'static str,
    #[serde(rename = "redirectUrl", skip_serializing_if = "Option::is_none")]
    redirect_url: Option<&'static str>,
}

/// 30 days, Grafana's default `login_maximum_lifetime_duration`.
const SESSION_MAX_AGE: u32 = 30 * 24 * 3600;

pub fn login(state: &AppState, req: &Req) -> HttpResponse {
    let Ok(cmd) = bind::bind(req, LOGIN_COMMAND) else {
        return reply::message(400, "bad login data");
    };
    let token = keygen::random_hex(16);
    {
        let mut store = state.store();
        let user_id = match store.user_by_login(cmd.str("user")) {
            Some(u) if u.password == cmd.str("password") => u.id,
            _ => return reply::message(401, "Invalid username or password"),
        };
        store.sessions.insert(token.clone(), user_id);
    }
    let mut resp = reply::json(
        200,
        &LoggedIn {
            message: "Logged in",
            redirect_url: state.version.login_always_redirect_url().then_some("/"),
        },
    );
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={SESSION_MAX_AGE}; HttpOnly; SameSite=Lax"
    );
    resp.headers_mut().insert(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie is ASCII"),
    );
    resp
}

/// Revoke the session, expire the cookie and redirect to `/login`.
pub fn logout(state: &AppState, req: &Req) -> HttpResponse {
    if let Some(token) = req.cookie(SESSION_COOKIE) {
        state.store().sessions.remove(&token);
    }
    let mut resp = reply::raw(
        302,
        "text/html; charset=utf-8",
        "<a href=\"/login\">Found</a>.\n\n",
    );
    let h = resp.headers_mut();
    h.insert(LOCATION, HeaderValue::from_static("/login"));
    h.insert(
        SET_COOKIE,
        HeaderValue::from_static("grafana_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
    );
    resp
}

/// Grafana serves its SPA here; a tiny page says what this server is.
pub fn login_page() -> HttpResponse {
    reply::raw(
        200,
        "text/html; charset=UTF-8",
        "<!DOCTYPE html><html><head><title>Grafana</title></head><body>\
         <p>grafana-sim: sign in with POST /login {\"user\",\"password\"} \
         (admin/admin, editor/editor, viewer/viewer, and the seed's users).</p></body></html>\n",
    )
}
