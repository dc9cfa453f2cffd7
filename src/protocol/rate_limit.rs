//! Intercom's rate-limit headers (facts §5): X-RateLimit-Limit, -Remaining, -Reset.

/// The window as Intercom last reported it. `reset_at_ms` is milliseconds since the
/// epoch (like `Date.now()`), converted from the header's unix seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Requests allowed per window (`X-RateLimit-Limit`).
    pub limit: Option<u64>,
    /// Left in this window (`X-RateLimit-Remaining`).
    pub remaining: Option<u64>,
    /// When the window resets, ms since the epoch (`X-RateLimit-Reset` × 1000).
    pub reset_at_ms: Option<f64>,
}

impl RateLimit {
    /// Reads the three headers; `None` when none is present or readable
    /// (Intercom omits them on unauthenticated answers).
    pub fn from_headers(
        limit: Option<&str>,
        remaining: Option<&str>,
        reset: Option<&str>,
    ) -> Option<RateLimit> {
        let rl = RateLimit {
            limit: limit.and_then(parse_count),
            remaining: remaining.and_then(parse_count),
            reset_at_ms: reset.and_then(parse_count).map(|s| s as f64 * 1000.0),
        };
        if rl.limit.is_none() && rl.remaining.is_none() && rl.reset_at_ms.is_none() {
            None
        } else {
            Some(rl)
        }
    }
}

fn parse_count(value: &str) -> Option<u64> {
    let v = value.trim_ascii();
    if v.is_empty() || v.len() > 15 {
        return None;
    }
    v.parse::<u64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headers_and_converts_reset_to_ms() {
        let rl = RateLimit::from_headers(Some("167"), Some(" 3 "), Some("1767225600"));
        assert_eq!(
            rl,
            Some(RateLimit {
                limit: Some(167),
                remaining: Some(3),
                reset_at_ms: Some(1_767_225_600_000.0)
            })
        );
    }

    #[test]
    fn absent_or_garbage_headers() {
        assert_eq!(RateLimit::from_headers(None, None, None), None);
        assert_eq!(
            RateLimit::from_headers(Some("x"), Some("-1"), Some("")),
            None
        );
        let partial = RateLimit::from_headers(Some("10"), None, Some("abc"));
        assert_eq!(
            partial.map(|r| (r.limit, r.remaining, r.reset_at_ms)),
            Some((Some(10), None, None))
        );
    }
}
