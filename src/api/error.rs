use std::fmt;

/// Every way a call to Grafana can fail, with the text the page shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No HTTP answer at all: the server is down, the connection dropped, or the browser refused.
    Network(String),
    /// 401: not signed in, or the session expired.
    Unauthorized(String),
    /// Any other answer outside 2xx, with the server's own message.
    Http { status: u16, message: String },
    /// An answer that is not the JSON Grafana sends, such as a proxy's HTML error page.
    Decode { status: u16, detail: String },
}

impl ApiError {
    /// The HTTP status, where the server answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Network(_) => None,
            ApiError::Unauthorized(_) => Some(401),
            ApiError::Http { status, .. } | ApiError::Decode { status, .. } => Some(*status),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network(detail) => write!(
                f,
                "Could not reach Grafana. Check your connection and that the server is running. ({detail})"
            ),
            // Mid-task (a form, a delete), the session ran out: say what to do, and the page
            // keeps what was typed for the retry.
            ApiError::Unauthorized(message) => write!(
                f,
                "{message}: your Grafana session has ended. Sign in to Grafana again, then retry."
            ),
            ApiError::Http { message, .. } => f.write_str(message),
            ApiError::Decode { status, detail } => write!(
                f,
                "Grafana's answer could not be read (HTTP {status}): {detail}"
            ),
        }
    }
}

impl std::error::Error for ApiError {}
