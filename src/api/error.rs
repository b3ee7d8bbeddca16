use crate::domain::notice::{Notice, NoticeAction};

/// Every way a call to Grafana can fail, classified once from the answer, with the text the
/// page shows for it: the server's own message wherever it sent one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No HTTP answer at all: the server is down, the connection dropped, or the browser refused.
    #[error("Could not reach Grafana. Check your connection and that the server is running. ({0})")]
    Network(String),
    /// 401: not signed in, or the session ended. Mid-task, the page keeps what was typed for
    /// the retry.
    #[error("{0}: your Grafana session has ended. Sign in to Grafana again, then retry.")]
    Unauthorized(String),
    /// 403: signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// 404 about the thing asked for, e.g. "API key not found".
    #[error("{0}")]
    NotFound(String),
    /// Grafana's own 404 for a route it does not have (`{"message":"Not found"}`): this server
    /// has no such API (API keys after 12.1, service accounts before 9.1).
    #[error("{0}")]
    RouteRemoved(String),
    /// 409, e.g. a key name that is taken.
    #[error("{0}")]
    Conflict(String),
    /// 410: the server no longer does this (creating API keys from Grafana 11.3).
    #[error("{0}")]
    Gone(String),
    /// Any other answer outside 2xx, with the server's own message.
    #[error("{message}")]
    Http { status: u16, message: String },
    /// An answer that is not the JSON Grafana sends, such as a proxy's HTML error page.
    #[error("Grafana's answer could not be read (HTTP {status}): {detail}")]
    Decode { status: u16, detail: String },
}

impl ApiError {
    /// Classifies an answer outside 2xx; `message` is the server's, or a description of it.
    pub(super) fn from_status(status: u16, message: String, grafana_route_404: bool) -> Self {
        match status {
            401 => ApiError::Unauthorized(message),
            403 => ApiError::Forbidden(message),
            404 if grafana_route_404 => ApiError::RouteRemoved(message),
            404 => ApiError::NotFound(message),
            409 => ApiError::Conflict(message),
            410 => ApiError::Gone(message),
            _ => ApiError::Http { status, message },
        }
    }

    /// The HTTP status, where the server answered at all; only for how loudly a failure is
    /// announced (Grafana warns below 500).
    fn status(&self) -> Option<u16> {
        match self {
            ApiError::Network(_) => None,
            ApiError::Unauthorized(_) => Some(401),
            ApiError::Forbidden(_) => Some(403),
            ApiError::NotFound(_) | ApiError::RouteRemoved(_) => Some(404),
            ApiError::Conflict(_) => Some(409),
            ApiError::Gone(_) => Some(410),
            ApiError::Http { status, .. } | ApiError::Decode { status, .. } => Some(*status),
        }
    }

    /// The session ended: the way back in is to sign in.
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, ApiError::Unauthorized(_))
    }
}

/// A failed request as a notification, as Grafana's `showErrorAlert` announces one; a 401
/// offers to sign in.
impl From<&ApiError> for Notice {
    fn from(error: &ApiError) -> Self {
        let notice = Notice::failure(error.status(), error.to_string());
        if error.needs_sign_in() {
            notice.with_action(NoticeAction::SignIn)
        } else {
            notice
        }
    }
}

impl From<gloo_net::Error> for ApiError {
    fn from(error: gloo_net::Error) -> Self {
        ApiError::Network(error.to_string())
    }
}
