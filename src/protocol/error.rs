//! The one error model: Intercom's `error.list` envelope, HTTP statuses and our own
//! failures (timeout, network, bad input) classified into a stable `code` plus a hint.

use super::rate_limit::RateLimit;

/// One entry of Intercom's `errors[]`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ErrorItem {
    pub code: String,
    pub message: Option<String>,
    pub field: Option<String>,
}

/// What went wrong, in a form both Rust and JS callers can branch on.
/// Never holds a token or secret: messages are built from Intercom's text and our own.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// Intercom's first error code, or ours (`timeout`, `aborted`, `network_error`,
    /// `invalid_response`, `invalid_argument`, `browser_not_allowed`).
    pub code: String,
    pub status: Option<u16>,
    pub message: String,
    pub request_id: Option<String>,
    pub errors: Vec<ErrorItem>,
    pub rate_limit: Option<RateLimit>,
    pub retryable: bool,
    pub hint: String,
    /// The start of a body that was not Intercom JSON (an HTML 502 page, say).
    pub excerpt: Option<String>,
}

/// A 4xx/5xx answer as the transport saw it.
pub struct HttpFailure<'a> {
    pub status: u16,
    /// `errors[]` when the body was an `error.list`; `None` when it was not JSON or not that shape.
    pub errors: Option<Vec<ErrorItem>>,
    pub request_id: Option<String>,
    pub body_excerpt: &'a str,
    pub rate_limit: Option<RateLimit>,
    pub version: &'a str,
    pub now_ms: f64,
}

const EXCERPT_CHARS: usize = 200;

impl ApiError {
    /// An error of our own (no HTTP answer behind it), with the hint for `code`.
    pub fn ours(code: &str, message: String, retryable: bool) -> ApiError {
        ApiError {
            hint: hint(code, None, &message, None, 0.0, ""),
            code: code.to_owned(),
            status: None,
            message,
            request_id: None,
            errors: Vec::new(),
            rate_limit: None,
            retryable,
            excerpt: None,
        }
    }

    pub fn invalid_argument(message: impl Into<String>) -> ApiError {
        ApiError::ours("invalid_argument", message.into(), false)
    }

    pub fn timeout(timeout_ms: u32) -> ApiError {
        ApiError::ours(
            "timeout",
            format!("Intercom did not answer within {timeout_ms} ms"),
            true,
        )
    }

    pub fn aborted() -> ApiError {
        ApiError::ours(
            "aborted",
            "The request was aborted by the caller's signal".into(),
            false,
        )
    }

    /// `detail` comes from the runtime's fetch rejection; it holds no credentials
    /// because credentials travel only in headers, never in the URL.
    pub fn network_error(detail: &str) -> ApiError {
        let detail = truncate(detail, EXCERPT_CHARS);
        let message = if detail.is_empty() {
            "Could not reach Intercom (network error)".to_owned()
        } else {
            format!("Could not reach Intercom (network error: {detail})")
        };
        ApiError::ours("network_error", message, true)
    }

    pub fn browser_not_allowed(what: &str) -> ApiError {
        ApiError::ours(
            "browser_not_allowed",
            format!("{what} must not run in a browser: the credential would be exposed to every visitor"),
            false,
        )
    }

    /// A 2xx whose body is not the JSON shape we expected.
    pub fn invalid_response(status: u16, expected: &str, body: &str) -> ApiError {
        let mut e = ApiError::ours(
            "invalid_response",
            format!("Intercom answered {status} but the body is not {expected}"),
            false,
        );
        e.status = Some(status);
        e.excerpt = Some(truncate(body, EXCERPT_CHARS));
        e
    }

    /// Classifies a non-2xx answer: on Intercom's first error code when the body is an
    /// `error.list`, else on the status (the same code appears under several statuses).
    pub fn from_http(f: HttpFailure<'_>) -> ApiError {
        let retryable = is_retryable_status(f.status);
        let (code, message, errors, excerpt) = match f.errors {
            Some(errors) if !errors.is_empty() => {
                let first = errors.first().cloned().unwrap_or_default();
                let text = first.message.clone().unwrap_or_default();
                let message = if text.is_empty() {
                    format!("Intercom {} {}", f.status, first.code)
                } else {
                    format!("Intercom {} {}: {}", f.status, first.code, text)
                };
                (first.code, message, errors, None)
            }
            _ => {
                let looks_like_json = f.body_excerpt.trim_start().starts_with('{');
                let code = if f.body_excerpt.trim().is_empty() || looks_like_json {
                    status_code_name(f.status).to_owned()
                } else {
                    // An HTML error page from a proxy or load balancer, not Intercom's API.
                    "invalid_response".to_owned()
                };
                let message = format!("Intercom {} without an error.list body ({code})", f.status);
                (
                    code,
                    message,
                    Vec::new(),
                    Some(truncate(f.body_excerpt, EXCERPT_CHARS)),
                )
            }
        };
        let message = match &f.request_id {
            Some(id) => format!("{message} [request {id}]"),
            None => message,
        };
        let first_message = errors
            .first()
            .and_then(|e| e.message.clone())
            .unwrap_or_default();
        ApiError {
            hint: hint(
                &code,
                Some(f.status),
                &first_message,
                f.rate_limit.as_ref(),
                f.now_ms,
                f.version,
            ),
            code,
            status: Some(f.status),
            message,
            request_id: f.request_id,
            errors,
            rate_limit: f.rate_limit,
            retryable,
            excerpt: excerpt.filter(|e| !e.is_empty()),
        }
    }
}

impl core::fmt::Display for ApiError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// Statuses Intercom calls momentary (facts §4.2): worth another try for idempotent calls.
pub fn is_retryable_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..=599).contains(&status)
}

fn status_code_name(status: u16) -> &'static str {
    match status {
        400 => "bad_request",
        401 => "unauthorized",
        402 => "api_plan_restricted",
        403 => "forbidden",
        404 => "not_found",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        415 => "unsupported_media_type",
        422 => "unprocessable_entity",
        429 => "rate_limit_exceeded",
        500..=599 => "server_error",
        _ => "client_error",
    }
}

/// The one line that tells a caller what to do next (the seed guide's table, made exact).
fn hint(
    code: &str,
    status: Option<u16>,
    intercom_message: &str,
    rl: Option<&RateLimit>,
    now_ms: f64,
    version: &str,
) -> String {
    let s = match code {
        "unauthorized" | "token_not_found" | "missing_authorization" => {
            "Check the access token: regenerate it in the Developer Hub (Configure > Authentication), or restart the OAuth install flow for an OAuth app."
        }
        "token_revoked" => {
            "The token was revoked (app uninstalled or token regenerated): reinstall the app through OAuth or use the new token from the Developer Hub."
        }
        "token_expired" => "The token has expired: restart the OAuth install flow to get a new one.",
        "token_blocked" => "Intercom has blocked this app or key: contact Intercom support; retrying will not help.",
        "token_suspended" => "The app is suspended: resolve it with Intercom; retrying will not help.",
        "token_unauthorized" => {
            "This token may not access this resource: check that it belongs to this workspace and that the app has the permission."
        }
        "forbidden" | "action_forbidden" => {
            return match scope_in(intercom_message) {
                Some(scope) => format!(
                    "Add the \"{scope}\" permission on the app's Authentication page in the Developer Hub, then reinstall or regenerate the token."
                ),
                None => "Add the permission this endpoint needs on the app's Authentication page in the Developer Hub, then reinstall or regenerate the token.".to_owned(),
            };
        }
        "api_plan_restricted" => "The workspace's Intercom plan does not include this API.",
        "intercom_version_invalid" => {
            return format!(
                "This resource is not available in Intercom-Version {version}: pin a version that has it (the `version` option)."
            );
        }
        "rate_limit_exceeded" => {
            return match rl.and_then(|r| r.reset_at_ms) {
                Some(reset) => {
                    let secs = ((reset - now_ms) / 1000.0).ceil().max(0.0) as u64;
                    format!("Rate limit reached: wait about {secs} s until the window resets, then retry (GET requests retry automatically).")
                }
                None => "Rate limit reached: wait for the 10-second window to reset, then retry.".to_owned(),
            };
        }
        "timeout" => "No answer in time: raise `timeoutMs` or check the network path to Intercom.",
        "aborted" => "Your AbortSignal cancelled the request; nothing was retried.",
        "network_error" => {
            "Could not reach the host: check `region`/`baseUrl`, DNS and the runtime's outbound network rules."
        }
        "invalid_response" => {
            "The answer was not Intercom's JSON (a proxy or outage page?): see `excerpt`, and retry later if it was a 5xx."
        }
        "invalid_argument" => "Fix the argument named in the message.",
        "oauth_state_invalid" => {
            "Start the install again from your /install route; a state must come from createState with the same secret."
        }
        "oauth_state_expired" => "The install took too long: start it again (or raise ttlSeconds).",
        "oauth_state_mismatch" => {
            "The flow was started in another browser or the nonce cookie is gone: start the install again here."
        }
        "oauth_code_missing" => "The callback URL has no code: make sure it is the redirect URL Intercom called.",
        "oauth_denied" => "The admin cancelled the install; offer to start it again.",
        "oauth_code_invalid" => {
            "Codes expire after about 5 minutes and work once: restart the flow, keep the trailing \"=\" of the code, and check client_id/client_secret."
        }
        "email_not_verified" => "Refuse the sign-in: this Intercom admin has not verified their email address.",
        "crypto_unavailable" => "This runtime has no WebCrypto (crypto.subtle): use Node 18+, Deno, Bun, workerd or a browser.",
        "browser_not_allowed" => {
            "Keep tokens and client secrets on a server or edge worker; set dangerouslyAllowBrowser only for local tools."
        }
        c if c.ends_with("_not_found") || c == "not_found" => {
            "Check the id, and that the token's workspace and region are the ones that hold it."
        }
        _ => match status {
            Some(s) if s >= 500 => "Intercom had a momentary error: retry once a little later.",
            Some(400) | Some(422) => "Intercom rejected the request: see `errors` for the field at fault.",
            _ => "See `errors` and Intercom's error-code reference.",
        },
    };
    s.to_owned()
}

/// Pulls "read_conversations" out of "You do not have the required scope (read_conversations) …".
fn scope_in(message: &str) -> Option<&str> {
    let start = message.find("scope (")? + "scope (".len();
    let rest = message.get(start..)?;
    let end = rest.find(')')?;
    rest.get(..end).filter(|s| !s.is_empty() && s.len() <= 64)
}

/// At most `max` characters, cut on a char boundary.
pub fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or("")),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure<'a>(status: u16, errors: Option<Vec<ErrorItem>>, body: &'a str) -> HttpFailure<'a> {
        HttpFailure {
            status,
            errors,
            request_id: Some("b8f3c7e2-0000-4000-8000-000000000001".into()),
            body_excerpt: body,
            rate_limit: None,
            version: "2.14",
            now_ms: 0.0,
        }
    }

    fn item(code: &str, message: &str) -> ErrorItem {
        ErrorItem {
            code: code.into(),
            message: Some(message.into()),
            field: None,
        }
    }

    #[test]
    fn envelope_code_wins_over_status() {
        let e = ApiError::from_http(failure(
            401,
            Some(vec![item("token_revoked", "Token revoked")]),
            "{}",
        ));
        assert_eq!(e.code, "token_revoked");
        assert_eq!(e.status, Some(401));
        assert!(!e.retryable);
        assert!(e.message.contains("b8f3c7e2-0000-4000-8000-000000000001"));
        assert!(e.hint.contains("reinstall"));
    }

    #[test]
    fn forbidden_hint_names_the_missing_scope() {
        let msg = "You do not have the required scope (read_conversations) to access this resource";
        let e = ApiError::from_http(failure(403, Some(vec![item("forbidden", msg)]), "{}"));
        assert!(e.hint.contains("\"read_conversations\""), "{}", e.hint);
    }

    #[test]
    fn html_502_is_invalid_response_with_excerpt_and_retryable() {
        let html = "<html><body>502 Bad Gateway</body></html>";
        let e = ApiError::from_http(failure(502, None, html));
        assert_eq!(e.code, "invalid_response");
        assert!(e.retryable);
        assert_eq!(e.excerpt.as_deref(), Some(html));
    }

    #[test]
    fn bare_statuses_get_names() {
        assert_eq!(
            ApiError::from_http(failure(429, None, "")).code,
            "rate_limit_exceeded"
        );
        assert_eq!(
            ApiError::from_http(failure(503, None, "")).code,
            "server_error"
        );
        assert_eq!(
            ApiError::from_http(failure(404, None, "{\"x\":1}")).code,
            "not_found"
        );
        assert_eq!(
            ApiError::from_http(failure(404, Some(vec![]), "")).code,
            "not_found"
        );
    }

    #[test]
    fn rate_limit_hint_counts_down_to_reset() {
        let mut f = failure(
            429,
            Some(vec![item(
                "rate_limit_exceeded",
                "Exceeded rate limit of 167 in 10_seconds",
            )]),
            "",
        );
        f.rate_limit = Some(RateLimit {
            limit: Some(167),
            remaining: Some(0),
            reset_at_ms: Some(7_000.0),
        });
        f.now_ms = 1_500.0;
        let e = ApiError::from_http(f);
        assert!(e.retryable);
        assert!(e.hint.contains("about 6 s"), "{}", e.hint);
    }

    #[test]
    fn version_hint_names_the_version() {
        let e = ApiError::from_http(failure(
            400,
            Some(vec![item("intercom_version_invalid", "x")]),
            "",
        ));
        assert!(e.hint.contains("2.14"));
    }

    #[test]
    fn truncate_is_char_safe() {
        assert_eq!(truncate("héllo", 2), "hé…");
        assert_eq!(truncate("hi", 5), "hi");
        assert_eq!(truncate(&"é".repeat(300), 200).chars().count(), 201);
    }
}
