//! The "Time to live" field: Grafana's duration grammar (`rangeUtil.intervalToSeconds`), made
//! stricter so every input Grafana would mis-read or the server would refuse is caught in the
//! form with Grafana's own message.

/// The message Grafana's form shows for a duration it cannot read.
pub const INVALID_DURATION: &str = "Not a valid duration";

/// Seconds per unit; `M` is a 30-day month and `y` a 365-day year, as in Grafana.
fn unit_seconds(unit: char) -> Option<i64> {
    Some(match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        'w' => 604_800,
        'M' => 2_592_000,
        'y' => 31_536_000,
        _ => return None,
    })
}

/// Reads a time to live: `Ok(None)` for an empty field (no expiry; the page sends
/// `secondsToLive: null`), `Ok(Some(seconds))` for a positive whole number with one unit
/// (`30s`, `12h`, `7d`, `1M`, `1y`) or a bare number of seconds, and `Err(INVALID_DURATION)`
/// for anything else: junk after the unit, negatives, fractions, `ms`, inner spaces, wrong case,
/// zero, or more seconds than the server can hold.
pub fn parse_ttl(input: &str) -> Result<Option<i64>, &'static str> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    if digits.is_empty() {
        return Err(INVALID_DURATION);
    }
    let multiplier = match unit.chars().collect::<Vec<_>>().as_slice() {
        [] => 1,
        [unit] => unit_seconds(*unit).ok_or(INVALID_DURATION)?,
        _ => return Err(INVALID_DURATION),
    };
    let count: i64 = digits.parse().map_err(|_| INVALID_DURATION)?;
    match count.checked_mul(multiplier) {
        Some(seconds) if seconds > 0 => Ok(Some(seconds)),
        _ => Err(INVALID_DURATION),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of the contract's TTL table (section 2.4), with what this page does.
    #[test]
    fn the_contract_table() {
        let cases: &[(&str, Result<Option<i64>, &str>)] = &[
            ("1d", Ok(Some(86_400))),
            ("12h", Ok(Some(43_200))),
            ("1M", Ok(Some(2_592_000))),
            ("5y", Ok(Some(157_680_000))),
            ("60s", Ok(Some(60))),
            ("60", Ok(Some(60))),
            ("2w", Ok(Some(1_209_600))),
            // Grafana truncates to 1h; a fraction is refused here rather than silently cut.
            ("1.5h", Err(INVALID_DURATION)),
            ("0", Err(INVALID_DURATION)),
            // Grafana sends 0 (no expiry) for this; a positive duration is required here.
            ("0d", Err(INVALID_DURATION)),
            ("60x", Err(INVALID_DURATION)),
            ("1 d", Err(INVALID_DURATION)),
            ("1D", Err(INVALID_DURATION)),
            ("1H", Err(INVALID_DURATION)),
            // Grafana sends 0.01 and the server answers 400 "bad request data".
            ("10ms", Err(INVALID_DURATION)),
            // Grafana sends -300 and the server answers 400 "negative value for SecondsToLive".
            ("-5m", Err(INVALID_DURATION)),
            ("abc1d", Err(INVALID_DURATION)),
            // Grafana accepts trailing junk.
            ("1dx", Err(INVALID_DURATION)),
            ("1e3", Err(INVALID_DURATION)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_ttl(input), *expected, "input {input:?}");
        }
    }

    #[test]
    fn empty_means_no_expiry() {
        assert_eq!(parse_ttl(""), Ok(None));
        assert_eq!(parse_ttl("   "), Ok(None));
    }

    #[test]
    fn every_unit() {
        assert_eq!(parse_ttl("30s"), Ok(Some(30)));
        assert_eq!(parse_ttl("5m"), Ok(Some(300)));
        assert_eq!(parse_ttl("7d"), Ok(Some(604_800)));
        assert_eq!(parse_ttl("1y"), Ok(Some(31_536_000)));
    }

    #[test]
    fn surrounding_whitespace_is_forgiven() {
        assert_eq!(parse_ttl(" 1d "), Ok(Some(86_400)));
    }

    #[test]
    fn other_odd_inputs_are_refused() {
        for input in [
            "d", "1dd", "+1d", "1d1h", "１d", "1٣d", "0x10", "1_000", "∞",
        ] {
            assert_eq!(parse_ttl(input), Err(INVALID_DURATION), "input {input:?}");
        }
    }

    #[test]
    fn more_than_the_server_can_hold_is_refused() {
        assert_eq!(parse_ttl("9223372036854775807"), Ok(Some(i64::MAX)));
        assert_eq!(parse_ttl("9223372036854775808"), Err(INVALID_DURATION));
        assert_eq!(parse_ttl("999999999999y"), Err(INVALID_DURATION));
    }
}
