//! When to try again, and how long to wait. Pure: the caller supplies the clock and the dice.

use super::code::ErrorCode;
use super::error::Error;

/// Retry settings of a client, or of one call.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    /// Total waiting allowed across all retries of one call.
    pub budget_ms: u32,
}

/// The retry loop of one call as a state machine: the rim sends, reports each failure
/// here, and waits as told or gives up.
#[derive(Clone, Debug)]
pub struct Retrier {
    policy: RetryPolicy,
    may_retry: bool,
    attempt: u32,
    waited_ms: f64,
}

impl Retrier {
    /// `may_retry`: from [`method_may_retry`]; a call that may not be repeated fails at once.
    pub fn new(policy: RetryPolicy, may_retry: bool) -> Retrier {
        Retrier {
            policy,
            may_retry,
            attempt: 0,
            waited_ms: 0.0,
        }
    }

    /// After a failed attempt: `Some(ms)` to wait before the next one, `None` to give up
    /// with `error`. `jitter` is a random number in [0, 1).
    pub fn after_failure(
        &mut self,
        error: &Error,
        retry_after_ms: Option<f64>,
        now_ms: f64,
        jitter: f64,
    ) -> Option<f64> {
        self.attempt += 1;
        if !self.may_retry {
            return None;
        }
        let delay = next_delay_ms(
            self.policy,
            self.attempt,
            self.waited_ms,
            error,
            retry_after_ms,
            now_ms,
            jitter,
        )?;
        self.waited_ms += delay;
        Some(delay)
    }
}

/// GET and HEAD are safe to repeat; anything else only when the caller opts in, because a
/// POST that reached Intercom before the failure would run twice (peers.md §7.1).
pub fn method_may_retry(method: &str, opt_in: Option<bool>) -> bool {
    match opt_in {
        Some(explicit) => explicit,
        None => matches!(method, "GET" | "HEAD"),
    }
}

/// How long to wait before retry number `attempt` (1-based), or `None` to stop and surface
/// `error`. Order of preference: Retry-After, then X-RateLimit-Reset, then backoff with jitter.
pub fn next_delay_ms(
    policy: RetryPolicy,
    attempt: u32,
    waited_ms: f64,
    error: &Error,
    retry_after_ms: Option<f64>,
    now_ms: f64,
    jitter: f64,
) -> Option<f64> {
    if !error.retryable || attempt > policy.max_retries || error.code == ErrorCode::Aborted {
        return None;
    }
    let reset_wait = error
        .rate_limit
        .and_then(|rl| rl.reset_at_ms)
        .filter(|_| error.status == Some(429))
        .map(|reset| reset - now_ms);
    let delay = match (retry_after_ms, reset_wait) {
        (Some(ra), _) => ra,
        (None, Some(rw)) => rw,
        (None, None) => {
            // 250 ms, 500 ms, 1 s … capped at 8 s; half fixed, half random to spread a herd.
            let base = (250.0 * 2f64.powi(attempt.saturating_sub(1).min(5) as i32)).min(8_000.0);
            base * (0.5 + 0.5 * jitter.clamp(0.0, 1.0))
        }
    };
    let delay = if delay.is_finite() {
        delay.max(0.0)
    } else {
        return None;
    };
    if waited_ms + delay > f64::from(policy.budget_ms) {
        return None;
    }
    Some(delay.ceil())
}

/// `Retry-After` as delay-seconds (RFC 9110: digits only); HTTP-date forms are handed to the
/// platform's date parser by the caller and come here as `date_ms`.
pub fn retry_after_ms(value: Option<&str>, date_ms: Option<f64>, now_ms: f64) -> Option<f64> {
    let v = value?.trim_ascii();
    if !v.is_empty() && v.len() <= 9 && v.as_bytes().iter().all(|&b| b.is_ascii_digit()) {
        return v.parse::<u32>().ok().map(|secs| f64::from(secs) * 1000.0);
    }
    date_ms
        .filter(|d| d.is_finite())
        .map(|d| (d - now_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::error::{Error, ErrorItem, HttpFailure};
    use crate::protocol::rate_limit::RateLimit;

    const POLICY: RetryPolicy = RetryPolicy {
        max_retries: 2,
        budget_ms: 10_000,
    };

    fn http(status: u16, reset_at_ms: Option<f64>) -> Error {
        Error::from_http(HttpFailure {
            status,
            errors: Some(vec![ErrorItem {
                code: "x".into(),
                message: None,
                field: None,
            }]),
            request_id: None,
            body_excerpt: "",
            rate_limit: reset_at_ms.map(|r| RateLimit {
                limit: Some(1),
                remaining: Some(0),
                reset_at_ms: Some(r),
            }),
            version: "2.14",
            now_ms: 0.0,
        })
    }

    #[test]
    fn the_loop_counts_attempts_and_budget() {
        let mut r = Retrier::new(POLICY, true);
        assert_eq!(
            r.after_failure(&http(500, None), None, 0.0, 1.0),
            Some(250.0)
        );
        assert_eq!(
            r.after_failure(&http(500, None), None, 0.0, 1.0),
            Some(500.0)
        );
        assert_eq!(r.after_failure(&http(500, None), None, 0.0, 1.0), None);
        let mut once = Retrier::new(POLICY, false);
        assert_eq!(once.after_failure(&http(500, None), None, 0.0, 1.0), None);
        let mut budget = Retrier::new(POLICY, true);
        assert_eq!(
            budget.after_failure(&http(500, None), Some(9_000.0), 0.0, 1.0),
            Some(9_000.0)
        );
        assert_eq!(
            budget.after_failure(&http(500, None), Some(2_000.0), 0.0, 1.0),
            None
        );
    }

    #[test]
    fn only_safe_methods_by_default() {
        assert!(method_may_retry("GET", None));
        assert!(method_may_retry("HEAD", None));
        assert!(!method_may_retry("POST", None));
        assert!(!method_may_retry("PUT", None));
        assert!(method_may_retry("POST", Some(true)));
        assert!(!method_may_retry("GET", Some(false)));
    }

    #[test]
    fn statuses() {
        assert!(next_delay_ms(POLICY, 1, 0.0, &http(503, None), None, 0.0, 0.0).is_some());
        assert!(next_delay_ms(POLICY, 1, 0.0, &http(408, None), None, 0.0, 0.0).is_some());
        assert!(next_delay_ms(POLICY, 1, 0.0, &http(401, None), None, 0.0, 0.0).is_none());
        assert!(next_delay_ms(POLICY, 1, 0.0, &http(404, None), None, 0.0, 0.0).is_none());
        assert!(next_delay_ms(POLICY, 1, 0.0, &Error::timeout(1), None, 0.0, 0.0).is_some());
        assert!(
            next_delay_ms(POLICY, 1, 0.0, &Error::network_error("x"), None, 0.0, 0.0).is_some()
        );
        assert!(next_delay_ms(POLICY, 1, 0.0, &Error::aborted(), None, 0.0, 0.0).is_none());
    }

    #[test]
    fn attempts_are_bounded() {
        assert!(next_delay_ms(POLICY, 2, 0.0, &http(500, None), None, 0.0, 0.0).is_some());
        assert!(next_delay_ms(POLICY, 3, 0.0, &http(500, None), None, 0.0, 0.0).is_none());
        let off = RetryPolicy {
            max_retries: 0,
            budget_ms: 10_000,
        };
        assert!(next_delay_ms(off, 1, 0.0, &http(500, None), None, 0.0, 0.0).is_none());
    }

    #[test]
    fn retry_after_then_reset_then_backoff() {
        let e = http(429, Some(5_000.0));
        assert_eq!(
            next_delay_ms(POLICY, 1, 0.0, &e, Some(1_200.0), 1_000.0, 0.3),
            Some(1_200.0)
        );
        assert_eq!(
            next_delay_ms(POLICY, 1, 0.0, &e, None, 1_000.0, 0.3),
            Some(4_000.0)
        );
        // Reset already passed: retry at once rather than wait a negative time.
        assert_eq!(
            next_delay_ms(POLICY, 1, 0.0, &e, None, 9_000.0, 0.3),
            Some(0.0)
        );
        let backoff1 = next_delay_ms(POLICY, 1, 0.0, &http(500, None), None, 0.0, 1.0);
        let backoff2 = next_delay_ms(POLICY, 2, 0.0, &http(500, None), None, 0.0, 1.0);
        assert_eq!((backoff1, backoff2), (Some(250.0), Some(500.0)));
        assert_eq!(
            next_delay_ms(POLICY, 1, 0.0, &http(500, None), None, 0.0, 0.0),
            Some(125.0)
        );
    }

    #[test]
    fn never_beyond_the_budget() {
        let e = http(429, Some(20_000.0));
        assert_eq!(next_delay_ms(POLICY, 1, 0.0, &e, None, 0.0, 0.0), None);
        assert_eq!(
            next_delay_ms(POLICY, 1, 9_900.0, &http(500, None), None, 0.0, 1.0),
            None
        );
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(retry_after_ms(Some("2"), None, 0.0), Some(2_000.0));
        assert_eq!(retry_after_ms(Some("0.5"), None, 0.0), None);
        assert_eq!(retry_after_ms(Some("-1"), None, 0.0), None);
        assert_eq!(
            retry_after_ms(
                Some("Wed, 21 Oct 2015 07:28:00 GMT"),
                Some(5_000.0),
                2_000.0
            ),
            Some(3_000.0)
        );
        assert_eq!(retry_after_ms(Some("soon"), None, 0.0), None);
        assert_eq!(retry_after_ms(None, Some(1.0), 0.0), None);
    }
}
