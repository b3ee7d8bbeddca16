//! Grafana's version, as `/api/health` reports it.

/// A release version; pre-release and build suffixes are ignored (`10.4.0-pre` is 10.4.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GrafanaVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl GrafanaVersion {
    /// Reads `9.4.7`, `v10.4`, `11.5.0-pre`, `11.2.3+security-01`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().trim_start_matches('v');
        let core = text.split(['-', '+', ' ']).next()?;
        let mut parts = core.split('.');
        let mut number = |required: bool| match parts.next() {
            Some(part) => part.parse::<u32>().ok(),
            None if !required => Some(0),
            None => None,
        };
        let version = GrafanaVersion {
            major: number(true)?,
            minor: number(false)?,
            patch: number(false)?,
        };
        parts.next().is_none().then_some(version)
    }

    /// This version is `major.minor` or later.
    pub fn at_least(self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }
}

#[cfg(test)]
mod tests {
    use super::GrafanaVersion;

    fn v(major: u32, minor: u32, patch: u32) -> GrafanaVersion {
        GrafanaVersion {
            major,
            minor,
            patch,
        }
    }

    #[test]
    fn parses_release_strings() {
        assert_eq!(GrafanaVersion::parse("9.4.7"), Some(v(9, 4, 7)));
        assert_eq!(GrafanaVersion::parse("v10.4"), Some(v(10, 4, 0)));
        assert_eq!(GrafanaVersion::parse("11.5.0-pre"), Some(v(11, 5, 0)));
        assert_eq!(
            GrafanaVersion::parse("11.2.3+security-01"),
            Some(v(11, 2, 3))
        );
        assert_eq!(GrafanaVersion::parse("12"), Some(v(12, 0, 0)));
    }

    #[test]
    fn refuses_what_is_not_a_version() {
        for text in ["", "latest", "9.x", "1.2.3.4", "9..1"] {
            assert_eq!(GrafanaVersion::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn compares_by_major_then_minor() {
        assert!(v(9, 5, 0).at_least(9, 5));
        assert!(v(10, 0, 0).at_least(9, 5));
        assert!(!v(9, 4, 7).at_least(9, 5));
    }
}
