//! The server and the signed-in user: version, permissions, preferences, signing in.

use serde::{Deserialize, Serialize};

use super::{ApiError, Grafana};
use crate::domain::keys::Role;
use crate::domain::orgs::{Membership, SignedInUser, UserOrgs};
use crate::domain::permissions::{GrantedActions, Permissions};

/// What the user is allowed, as the server can say it.
pub(super) enum Granted {
    Actions(GrantedActions),
    OrgRole(Option<Role>),
}

/// `GET /api/health`; `version` may be hidden by the server's configuration.
#[derive(Deserialize)]
struct Health {
    #[serde(default)]
    version: Option<String>,
}

/// `GET /api/user/preferences`: only what the page uses.
#[derive(Deserialize)]
struct Preferences {
    #[serde(default)]
    theme: String,
}

/// `GET /api/user`: the login and the current org, for the shell.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserWire {
    #[serde(default)]
    login: String,
    org_id: i64,
}

/// One item of `GET /api/user/orgs`, for the shell's session.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MemberWire {
    org_id: i64,
    name: String,
    role: String,
}

/// The body of `POST /login`.
#[derive(Serialize)]
struct SignInRequest<'a> {
    user: &'a str,
    password: &'a str,
}

impl Grafana {
    /// The server's version, where it tells it.
    pub async fn server_version(&self) -> Result<Option<String>, ApiError> {
        let health: Health = self.get("/api/health").await?;
        Ok(health.version)
    }

    /// What the signed-in user may do with API keys: from the access-control permissions where
    /// the server has that endpoint, else from the user's role in the org.
    pub async fn permissions(&self) -> Result<Permissions, ApiError> {
        Ok(match self.granted_actions().await? {
            Granted::Actions(granted) => Permissions::from_actions(&granted),
            Granted::OrgRole(role) => Permissions::from_org_role(role.as_ref()),
        })
    }

    /// The user's access-control actions where the server has that endpoint; before access
    /// control (Grafana 8.x), the user's role in the org requests are made in.
    pub(super) async fn granted_actions(&self) -> Result<Granted, ApiError> {
        match self
            .get::<GrantedActions>("/api/access-control/user/permissions")
            .await
        {
            Ok(granted) => Ok(Granted::Actions(granted)),
            Err(ApiError::RouteRemoved(_)) => {
                let user = self.user_orgs().await?;
                let org_id = self.org_id().unwrap_or(user.current);
                let role = user
                    .orgs
                    .into_iter()
                    .find(|org| org.org_id == org_id)
                    .map(|org| org.role);
                Ok(Granted::OrgRole(role))
            }
            Err(error) => Err(error),
        }
    }

    /// The signed-in user's theme preference: `"dark"`, `"light"`, `"system"` or `""` (the
    /// server default).
    pub async fn theme_preference(&self) -> Result<String, ApiError> {
        let preferences: Preferences = self.get("/api/user/preferences").await?;
        Ok(preferences.theme)
    }

    /// Signs in with Grafana's login form endpoint; the session cookie it sets is HttpOnly, so
    /// the app never sees it.
    pub async fn sign_in(&self, user: &str, password: &str) -> Result<(), ApiError> {
        self.post_json::<_, serde::de::IgnoredAny>("/login", &SignInRequest { user, password })
            .await
            .map(|_| ())
            // Here a 401 is a wrong password, not a session that ended.
            .map_err(|error| match error {
                ApiError::Unauthorized(message) => ApiError::Http {
                    status: 401,
                    message,
                },
                other => other,
            })
    }

    /// Who is signed in, and their orgs: the same two requests as `user_orgs` (the loader's
    /// answers are adopted), with the login kept.
    pub async fn session(&self) -> Result<(SignedInUser, UserOrgs), ApiError> {
        let (user, orgs) = futures::join!(
            self.get::<UserWire>("/api/user"),
            self.get::<Vec<MemberWire>>("/api/user/orgs")
        );
        let user = user?;
        let orgs = orgs?
            .into_iter()
            .map(|org| Membership {
                org_id: org.org_id,
                name: org.name,
                role: Role::parse(&org.role),
            })
            .collect();
        Ok((
            SignedInUser { login: user.login },
            UserOrgs {
                current: user.org_id,
                orgs,
            },
        ))
    }

    /// Signs out with Grafana's `GET /logout`, which ends the session, expires the cookie and
    /// redirects to its login page. Whatever page that redirect leads to (HTML, not JSON), the
    /// session is over once Grafana answered at all; only no answer is a failure.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        match self.get::<serde::de::IgnoredAny>("/logout").await {
            Err(ApiError::Network(message)) => Err(ApiError::Network(message)),
            _ => Ok(()),
        }
    }
}
