//! The one error model: Intercom's `error.list` envelope, HTTP statuses and our own
//! failures (timeout, network, bad input) classified into a stable [`ErrorCode`] plus a hint.

use super::code::ErrorCode;
use super::hint::{hint, HintContext};
use super::rate_limit::RateLimit;
use super::redact::{clean, printable};
use super::text::{cat, decimal};

/// One entry of Intercom's `errors[]`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ErrorItem {
    /// Intercom's code for this entry, e.g. `"parameter_invalid"`.
    pub code: String,
    /// Intercom's text for people.
    pub message: Option<String>,
    /// The request field at fault, when Intercom names one.
    pub field: Option<String>,
}

/// What went wrong, in a form both Rust and JS callers can branch on: match on
/// [`Error::code`]; JS sees the same fields on an `IntercomError`.
/// Never holds a token or secret: messages are built from Intercom's text and our own.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub(crate) code: ErrorCode,
    pub(crate) status: Option<u16>,
    pub(crate) message: String,
    pub(crate) request_id: Option<String>,
    pub(crate) errors: Vec<ErrorItem>,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) retryable: bool,
    pub(crate) hint: String,
    pub(crate) excerpt: Option<String>,
}

/// A 4xx/5xx answer as the transport saw it.
pub(crate) struct HttpFailure<'a> {
    pub status: u16,
    /// `errors[]` when the body was an `error.list`; `None` when it was not JSON or not that shape.
    pub errors: Option<Vec<ErrorItem>>,
    pub request_id: Option<String>,
    pub body_excerpt: &'a str,
    pub rate_limit: Option<RateLimit>,
    pub version: &'a str,
    pub now_ms: f64,
}

pub(crate) const EXCERPT_CHARS: usize = 200;

impl Error {
    /// Intercom's first error code, or ours.
    pub fn code(&self) -> &ErrorCode {
        &self.code
    }

    /// The HTTP status, or `None` when no answer came (timeout, network, bad argument).
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// A sentence for logs; never holds a credential.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Intercom's request id, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Intercom's `errors[]`.
    pub fn errors(&self) -> &[ErrorItem] {
        &self.errors
    }

    /// The rate-limit window of the failed answer.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.rate_limit.as_ref()
    }

    /// True when the same call may succeed later (408, 429, 5xx, timeout, network).
    pub fn retryable(&self) -> bool {
        self.retryable
    }

    /// One line on what to do next.
    pub fn hint(&self) -> &str {
        &self.hint
    }

    /// The start of a body that was not Intercom JSON (an HTML 502 page, say).
    pub fn excerpt(&self) -> Option<&str> {
        self.excerpt.as_deref()
    }

    /// An error of our own (no HTTP answer behind it), with the hint for `code`.
    pub(crate) fn new(code: ErrorCode, message: String, retryable: bool) -> Error {
        Error {
            hint: hint(
                &code,
                &HintContext {
                    status: None,
                    intercom_message: &message,
                    rate_limit: None,
                    now_ms: 0.0,
                    version: "",
                },
            ),
            status: code.own_status(),
            code,
            message,
            request_id: None,
            errors: Vec::new(),
            rate_limit: None,
            retryable,
            excerpt: None,
        }
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Error {
        Error::new(ErrorCode::InvalidArgument, message.into(), false)
    }

    pub(crate) fn timeout(timeout_ms: u32) -> Error {
        Error::new(
            ErrorCode::Timeout,
            cat(&[
                "Intercom did not answer within ",
                &decimal(u64::from(timeout_ms)),
                " ms",
            ]),
            true,
        )
    }

    pub(crate) fn aborted() -> Error {
        Error::new(
            ErrorCode::Aborted,
            "The request was aborted by the caller's signal".into(),
            false,
        )
    }

    /// `detail` comes from the runtime's fetch rejection; it holds no credentials
    /// because credentials travel only in headers, never in the URL.
    pub(crate) fn network_error(detail: &str) -> Error {
        let detail = printable(&truncate(detail, EXCERPT_CHARS));
        let message = if detail.is_empty() {
            "Could not reach Intercom (network error)".to_owned()
        } else {
            cat(&["Could not reach Intercom (network error: ", &detail, ")"])
        };
        Error::new(ErrorCode::NetworkError, message, true)
    }

    /// An answer longer than `limit` bytes (`content-length`, or counted while reading): the
    /// rest was never read. Never retried: the same call brings the same answer.
    pub(crate) fn response_too_large(limit: u32, status: Option<u16>) -> Error {
        let mut e = Error::new(
            ErrorCode::ResponseTooLarge,
            cat(&[
                "The answer is larger than ",
                &decimal(u64::from(limit)),
                " bytes; it was refused without being read whole",
            ]),
            false,
        );
        e.status = status;
        e
    }

    /// Masks `secrets` and secret-looking values (see `protocol::redact`) in every text of
    /// this error, and removes control characters. `body`, when given, is the answer the
    /// excerpt was cut from: the excerpt is cut again after masking, so a secret cut in two
    /// by the cut leaves no prefix behind. True when a text of `errors[]` changed (the raw
    /// copy JS callers get must then be dropped).
    pub(crate) fn redact(&mut self, secrets: &[&str], body: Option<&str>) -> bool {
        if let (Some(body), Some(_)) = (body, &self.excerpt) {
            let window = truncate(body, EXCERPT_CHARS + EXCERPT_WINDOW);
            self.excerpt = Some(truncate(&clean(&window, secrets), EXCERPT_CHARS));
        }
        // Every text once, in one loop: the errors' texts first, to tell whether they changed.
        let mut texts: Vec<&mut String> = Vec::new();
        for item in &mut self.errors {
            texts.push(&mut item.code);
            texts.extend(item.message.as_mut());
            texts.extend(item.field.as_mut());
        }
        let in_errors = texts.len();
        texts.push(&mut self.message);
        texts.push(&mut self.hint);
        texts.extend(self.request_id.as_mut());
        texts.extend(self.excerpt.as_mut().filter(|_| body.is_none()));
        let mut changed = false;
        for (i, text) in texts.into_iter().enumerate() {
            let cleaned = clean(text, secrets);
            if cleaned != *text {
                changed |= i < in_errors;
                *text = cleaned;
            }
        }
        changed
    }

    pub(crate) fn browser_not_allowed(what: &str) -> Error {
        Error::new(
            ErrorCode::BrowserNotAllowed,
            cat(&[
                what,
                " must not run in a browser: the credential would be exposed to every visitor",
            ]),
            false,
        )
    }

    /// A 2xx whose body is not the JSON shape we expected.
    pub(crate) fn invalid_response(status: u16, expected: &str, body: &str) -> Error {
        let mut e = Error::new(
            ErrorCode::InvalidResponse,
            cat(&[
                "Intercom answered ",
                &decimal(u64::from(status)),
                " but the body is not ",
                expected,
            ]),
            false,
        );
        e.status = Some(status);
        e.excerpt = Some(excerpt(body));
        e
    }

    /// Classifies a non-2xx answer: on Intercom's first error code when the body is an
    /// `error.list`, else on the status (the same code appears under several statuses).
    pub(crate) fn from_http(f: HttpFailure<'_>) -> Error {
        let retryable = is_retryable_status(f.status);
        let (code, message, errors, excerpt) = match f.errors {
            Some(errors) if !errors.is_empty() => {
                // Borrowed, not cloned: an `ErrorItem` clone is three string copies of code.
                let first = errors.first();
                let first_code = first.map_or("", |e| e.code.as_str());
                // An empty code (found by fuzzing) would leave callers nothing to branch on.
                let code = if first_code.is_empty() {
                    ErrorCode::for_status(f.status)
                } else {
                    ErrorCode::parse(first_code)
                };
                // Intercom's text, or a proxy's: no CR/LF or escape reaches the message.
                let text = printable(first.and_then(|e| e.message.as_deref()).unwrap_or(""));
                let status = decimal(u64::from(f.status));
                let message = if text.is_empty() {
                    cat(&["Intercom ", &status, " ", code.as_str()])
                } else {
                    cat(&["Intercom ", &status, " ", code.as_str(), ": ", &text])
                };
                (code, message, errors, None)
            }
            _ => {
                let looks_like_json = f.body_excerpt.trim_ascii_start().starts_with("{");
                let code = if f.body_excerpt.trim_ascii().is_empty() || looks_like_json {
                    ErrorCode::for_status(f.status)
                } else {
                    // An HTML error page from a proxy or load balancer, not Intercom's API.
                    ErrorCode::InvalidResponse
                };
                let message = cat(&[
                    "Intercom ",
                    &decimal(u64::from(f.status)),
                    " without an error.list body (",
                    code.as_str(),
                    ")",
                ]);
                (code, message, Vec::new(), Some(excerpt(f.body_excerpt)))
            }
        };
        let message = match &f.request_id {
            Some(id) => cat(&[&message, " [request ", &printable(id), "]"]),
            None => message,
        };
        let first_message = printable(
            errors
                .first()
                .and_then(|e| e.message.as_deref())
                .unwrap_or(""),
        );
        Error {
            hint: hint(
                &code,
                &HintContext {
                    status: Some(f.status),
                    intercom_message: &first_message,
                    rate_limit: f.rate_limit.as_ref(),
                    now_ms: f.now_ms,
                    version: f.version,
                },
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

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Statuses Intercom calls momentary (facts §4.2): worth another try for idempotent calls.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..=599).contains(&status)
}

/// The start of a body for `excerpt`, without control characters, cut to 200 characters.
/// Secrets are masked by `Error::redact`, which cuts it again from the body.
pub(crate) fn excerpt(body: &str) -> String {
    printable(&truncate(body, EXCERPT_CHARS))
}

/// How far past the excerpt's end masking looks, so a cut cannot split a secret and leave its
/// start behind (secrets are at most 4 KiB, 3× that encoded).
pub(crate) const EXCERPT_WINDOW: usize = 12_288 + 64;

/// At most `max` characters, cut on a char boundary. Characters found as the bytes that
/// start one: `char_indices().nth` brings in std's unrolled char counter (~870 B of wasm).
pub(crate) fn truncate(text: &str, max: usize) -> String {
    let mut chars = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b & 0xC0 != 0x80 {
            if chars == max {
                return cat(&[text.get(..i).unwrap_or(""), "…"]);
            }
            chars += 1;
        }
    }
    text.to_owned()
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
        let e = Error::from_http(failure(
            401,
            Some(vec![item("token_revoked", "Token revoked")]),
            "{}",
        ));
        assert_eq!(e.code.as_str(), "token_revoked");
        assert_eq!(e.status, Some(401));
        assert!(!e.retryable);
        assert!(e.message.contains("b8f3c7e2-0000-4000-8000-000000000001"));
        assert!(e.hint.contains("reinstall"));
    }

    #[test]
    fn forbidden_hint_names_the_missing_scope() {
        let msg = "You do not have the required scope (read_conversations) to access this resource";
        let e = Error::from_http(failure(403, Some(vec![item("forbidden", msg)]), "{}"));
        assert!(e.hint.contains("\"read_conversations\""), "{}", e.hint);
    }

    #[test]
    fn html_502_is_invalid_response_with_excerpt_and_retryable() {
        let html = "<html><body>502 Bad Gateway</body></html>";
        let e = Error::from_http(failure(502, None, html));
        assert_eq!(e.code.as_str(), "invalid_response");
        assert!(e.retryable);
        assert_eq!(e.excerpt.as_deref(), Some(html));
    }

    #[test]
    fn bare_statuses_get_names() {
        assert_eq!(
            Error::from_http(failure(429, None, "")).code.as_str(),
            "rate_limit_exceeded"
        );
        assert_eq!(
            Error::from_http(failure(503, None, "")).code.as_str(),
            "server_error"
        );
        assert_eq!(
            Error::from_http(failure(404, None, "{\"x\":1}"))
                .code
                .as_str(),
            "not_found"
        );
        assert_eq!(
            Error::from_http(failure(404, Some(vec![]), ""))
                .code
                .as_str(),
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
        let e = Error::from_http(f);
        assert!(e.retryable);
        assert!(e.hint.contains("about 6 s"), "{}", e.hint);
    }

    #[test]
    fn version_hint_names_the_version() {
        let e = Error::from_http(failure(
            400,
            Some(vec![item("intercom_version_invalid", "x")]),
            "",
        ));
        assert!(e.hint.contains("2.14"));
    }

    #[test]
    fn echoed_secrets_are_masked_everywhere() {
        let token = "dG9rOmVjaG9lZA+/=";
        let page = cat(&[
            "<html><pre>POST /x\r\nAuthorization: Bearer ",
            token,
            "\r\n\r\nclient_secret=top-secret-value&code=abc</pre>",
        ]);
        let mut e = Error::from_http(failure(502, None, &page));
        let mut item = item("bad", "echo dG9rOmVjaG9lZA%2B%2F%3D");
        item.field = Some(token.into());
        e.errors.push(item);
        assert!(e.redact(&[token, "top-secret-value"], Some(&page)));
        let shown = format!("{} {} {:?} {:?}", e.message, e.hint, e.excerpt, e.errors);
        assert!(
            !shown.contains("dG9rOmVjaG9lZA") && !shown.contains("top-secret"),
            "{shown}"
        );
        let excerpt = e.excerpt.unwrap_or_default();
        assert!(
            !excerpt.contains('\n') && excerpt.contains("[redacted]"),
            "{excerpt}"
        );
        // A secret that the 200-character cut would split is masked whole first.
        let long = cat(&[&"x".repeat(190), token]);
        let e = Error::from_http(failure(502, None, &long));
        assert!(e.excerpt.as_deref().is_some_and(|x| x.contains("dG9r")));
        let mut e2 = e.clone();
        e2.redact(&[token], Some(&long));
        let x = e2.excerpt.unwrap_or_default();
        assert!(!x.contains("dG9r"), "{x}");
    }

    #[test]
    fn external_text_loses_control_characters() {
        let e = Error::from_http(failure(
            400,
            Some(vec![item("bad_request", "line\r\nInjected: yes\u{1b}[2J")]),
            "",
        ));
        assert!(
            !e.message.contains('\r') && !e.message.contains('\n') && !e.message.contains('\u{1b}')
        );
        assert!(e.message.contains("Injected: yes"));
        let e = Error::network_error("fetch failed\r\nX: y");
        assert!(!e.message.contains('\n'));
        let e = Error::response_too_large(65_536, Some(200));
        assert_eq!(
            (e.code.as_str(), e.retryable, e.status),
            ("response_too_large", false, Some(200))
        );
        assert_eq!(e.action().as_str(), "fix_request");
        assert!(e.message.contains("65536") && !e.hint.is_empty());
    }

    #[test]
    fn truncate_is_char_safe() {
        assert_eq!(truncate("héllo", 2), "hé…");
        assert_eq!(truncate("hi", 5), "hi");
        assert_eq!(truncate(&"é".repeat(300), 200).chars().count(), 201);
    }
}
