//! Notifications, with Grafana's rules for how a result is announced.

/// How a notification looks and how urgently it is announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Success,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Success => "success",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a notification offers to do about what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeAction {
    /// The session ended: sign in again, then retry.
    SignIn,
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub severity: Severity,
    pub title: String,
    pub description: Option<String>,
    /// A notice with an action stays until it is dismissed or acted on.
    pub action: Option<NoticeAction>,
}

impl Notice {
    pub fn success(message: impl Into<String>) -> Self {
        Notice {
            severity: Severity::Success,
            title: message.into(),
            description: None,
            action: None,
        }
    }

    /// Grafana's 404 for something the user asked to delete (`subject`: "The key", "It"...):
    /// it is gone already, which is what was asked, so a warning, and the list is read again.
    pub fn deleted_elsewhere(message: impl Into<String>, subject: &str) -> Self {
        Notice {
            severity: Severity::Warning,
            title: message.into(),
            description: Some(format!(
                "{subject} was probably deleted elsewhere. The list has been refreshed."
            )),
            action: None,
        }
    }

    pub fn with_action(self, action: NoticeAction) -> Self {
        Notice {
            action: Some(action),
            ..self
        }
    }

    /// A failure, as Grafana's `showErrorAlert` shows one: a warning below 500 and an error
    /// from 500 (or with no answer at all); a message longer than 80 characters moves to the
    /// description under the title "Error".
    pub fn failure(status: Option<u16>, message: impl Into<String>) -> Self {
        let message = message.into();
        let severity = match status {
            Some(status) if status < 500 => Severity::Warning,
            _ => Severity::Error,
        };
        if message.chars().count() > 80 {
            Notice {
                severity,
                title: "Error".to_string(),
                description: Some(message),
                action: None,
            }
        } else {
            Notice {
                severity,
                title: message,
                description: None,
                action: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_warn_and_server_errors_alarm() {
        assert_eq!(Notice::failure(Some(409), "x").severity, Severity::Warning);
        assert_eq!(Notice::failure(Some(403), "x").severity, Severity::Warning);
        assert_eq!(Notice::failure(Some(500), "x").severity, Severity::Error);
        assert_eq!(Notice::failure(None, "x").severity, Severity::Error);
    }

    #[test]
    fn a_thing_deleted_elsewhere_is_a_warning_with_the_servers_title() {
        assert_eq!(
            Notice::deleted_elsewhere("API key not found", "The key"),
            Notice {
                severity: Severity::Warning,
                title: "API key not found".to_string(),
                description: Some(
                    "The key was probably deleted elsewhere. The list has been refreshed."
                        .to_string()
                ),
                action: None,
            }
        );
    }

    #[test]
    fn a_long_message_moves_to_the_description() {
        let long = "y".repeat(81);
        let notice = Notice::failure(Some(400), long.clone());
        assert_eq!(notice.title, "Error");
        assert_eq!(notice.description, Some(long));
        let short = Notice::failure(Some(400), "x".repeat(80));
        assert_eq!(short.title, "x".repeat(80));
        assert_eq!(short.description, None);
    }

    #[test]
    fn success_is_the_message() {
        assert_eq!(
            Notice::success("API key deleted"),
            Notice {
                severity: Severity::Success,
                title: "API key deleted".into(),
                description: None,
                action: None,
            }
        );
    }
}
