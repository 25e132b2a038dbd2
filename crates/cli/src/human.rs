//! Times for people: "in 42 min (2026-12-02T14:12:00Z)" instead of raw Unix
//! seconds. `--json` keeps the numbers (and adds these strings beside them).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `at` (Unix seconds) relative to `now`, then the UTC time:
/// `in 42 min (2026-12-02T14:12:00Z)`, `3 h ago (...)`.
pub(crate) fn relative(at: u64, now: SystemTime) -> String {
    let when = UNIX_EPOCH + Duration::from_secs(at);
    let stamp = humantime::format_rfc3339_seconds(when);
    match when.duration_since(now) {
        Ok(ahead) => format!("in {} ({stamp})", span(ahead)),
        Err(past) => format!("{} ago ({stamp})", span(past.duration())),
    }
}

/// How long a token lives on: `expires in 42 min (…)`, `expired 3 min ago
/// (…)`, or `does not expire`.
pub(crate) fn expiry(at: Option<u64>, now: SystemTime) -> String {
    match at {
        None => "does not expire".to_owned(),
        Some(at) if UNIX_EPOCH + Duration::from_secs(at) > now => {
            format!("expires {}", relative(at, now))
        }
        Some(at) => format!("expired {}", relative(at, now)),
    }
}

/// A span rounded to its largest unit: `45 s`, `42 min`, `3 h 5 min`, `2 days`.
pub(crate) fn span(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86_400 => match (secs % 3600) / 60 {
            0 => format!("{} h", secs / 3600),
            m => format!("{} h {m} min", secs / 3600),
        },
        _ => match secs / 86_400 {
            1 => "1 day".to_owned(),
            n => format!("{n} days"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_796_212_800; // 2026-12-02T12:00:00Z

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(NOW)
    }

    #[test]
    fn future_and_past_times_read_as_people_say_them() {
        assert_eq!(
            expiry(Some(NOW + 42 * 60), now()),
            "expires in 42 min (2026-12-02T12:42:00Z)"
        );
        assert_eq!(
            expiry(Some(NOW - 180), now()),
            "expired 3 min ago (2026-12-02T11:57:00Z)"
        );
        assert_eq!(expiry(None, now()), "does not expire");
    }

    #[test]
    fn spans_use_their_largest_unit() {
        assert_eq!(span(Duration::from_secs(45)), "45 s");
        assert_eq!(span(Duration::from_secs(3600 + 5 * 60)), "1 h 5 min");
        assert_eq!(span(Duration::from_secs(7200)), "2 h");
        assert_eq!(span(Duration::from_secs(86_400)), "1 day");
        assert_eq!(span(Duration::from_secs(3 * 86_400 + 5)), "3 days");
    }
}
