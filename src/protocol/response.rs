//! What an HTTP answer means: its head (rate limit, request id, Retry-After) and whether
//! the body is a result or an error. The rim parses JSON with the platform and hands in
//! what it found; every decision is here.

use super::error::{Error, ErrorItem, HttpFailure};
use super::json::{self, Json};
use super::rate_limit::RateLimit;
use super::retry;

/// The parts of a response head the client acts on.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseHead {
    pub status: u16,
    pub rate_limit: Option<RateLimit>,
    pub request_id: Option<String>,
    /// `Retry-After` as a delay in ms, when present and readable.
    pub retry_after_ms: Option<f64>,
}

impl ResponseHead {
    /// Reads a head. `status` is whatever the fetch gave (a custom fetch may resolve to
    /// anything); `header` looks up a header by lower-case name; `http_date` parses an
    /// HTTP-date to ms since the epoch (the platform's `Date.parse`).
    pub fn read(
        status: Option<f64>,
        header: &dyn Fn(&str) -> Option<String>,
        http_date: &dyn Fn(&str) -> Option<f64>,
        now_ms: f64,
    ) -> Result<ResponseHead, Error> {
        let status = status
            .filter(|s| (100.0..=599.0).contains(s))
            .ok_or_else(|| {
                Error::invalid_response(
                    0,
                    "a fetch Response",
                    "fetch resolved to something that is not a Response",
                )
            })? as u16;
        let retry_after = header("retry-after");
        Ok(ResponseHead {
            status,
            rate_limit: RateLimit::from_headers(
                header("x-ratelimit-limit").as_deref(),
                header("x-ratelimit-remaining").as_deref(),
                header("x-ratelimit-reset").as_deref(),
            ),
            request_id: header("x-request-id"),
            retry_after_ms: retry::retry_after_ms(
                retry_after.as_deref(),
                retry_after.as_deref().and_then(http_date),
                now_ms,
            ),
        })
    }
}

/// Intercom's `{ "type": "error.list", "request_id", "errors": [...] }`, as found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorList {
    /// `None` when `errors` was missing or not an array.
    pub errors: Option<Vec<ErrorItem>>,
    pub request_id: Option<String>,
}

/// What the body turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// JSON (an empty body counts as `null`); with the envelope when it was an `error.list`.
    Json(Option<ErrorList>),
    /// Not JSON: an HTML error page, a truncated answer.
    NotJson,
}

/// An empty (or all-whitespace) body stands for JSON `null`, not a parse error.
pub fn is_blank(text: &str) -> bool {
    text.trim_ascii().is_empty()
}

/// 2xx: the body is a result; anything else is an error.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// `Ok` when the answer is a result the caller gets; otherwise the classified error.
pub fn classify(
    head: &ResponseHead,
    text: &str,
    body: Body,
    version: &str,
    now_ms: f64,
) -> Result<(), Error> {
    let status = head.status;
    if is_success(status) {
        return match body {
            Body::Json(_) => Ok(()),
            Body::NotJson => Err(Error::invalid_response(status, "JSON", text)),
        };
    }
    let list = match body {
        Body::Json(Some(list)) => list,
        _ => ErrorList::default(),
    };
    Err(Error::from_http(HttpFailure {
        status,
        errors: list.errors,
        request_id: list.request_id.or_else(|| head.request_id.clone()),
        body_excerpt: text,
        rate_limit: head.rate_limit,
        version,
        now_ms,
    }))
}

/// The Rust client's reading of an answer, JSON parsed in Rust: the value of a result, or
/// the classified error.
pub fn read_json(
    head: &ResponseHead,
    text: &str,
    version: &str,
    now_ms: f64,
) -> Result<Json, Error> {
    let parsed = if is_blank(text) {
        Some(Json::Null)
    } else {
        json::parse(text)
    };
    let body = match &parsed {
        None => Body::NotJson,
        Some(_) if is_success(head.status) => Body::Json(None),
        Some(v) => Body::Json(error_list(v)),
    };
    classify(head, text, body, version, now_ms)?;
    Ok(parsed.unwrap_or(Json::Null))
}

/// `{ "type": "error.list", … }` read from a parsed body.
pub fn error_list(v: &Json) -> Option<ErrorList> {
    if v.get("type")?.as_str()? != "error.list" {
        return None;
    }
    let text = |v: &Json, k: &str| v.get(k).and_then(Json::as_str).map(str::to_owned);
    let errors = match v.get("errors") {
        Some(Json::Array(items)) => Some(
            items
                .iter()
                .filter(|i| matches!(i, Json::Object(_)))
                .map(|i| ErrorItem {
                    code: text(i, "code").unwrap_or_else(unknown_code),
                    message: text(i, "message"),
                    field: text(i, "field"),
                })
                .collect(),
        ),
        _ => None,
    };
    Some(ErrorList {
        errors,
        request_id: text(v, "request_id"),
    })
}

/// An `errors[]` entry whose `code` is missing.
pub fn unknown_code() -> String {
    "unknown".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::code::ErrorCode;

    fn head(status: u16) -> ResponseHead {
        ResponseHead {
            status,
            rate_limit: None,
            request_id: Some("hdr".into()),
            retry_after_ms: None,
        }
    }

    #[test]
    fn reads_heads() {
        let h = ResponseHead::read(
            Some(429.0),
            &|name| match name {
                "retry-after" => Some("2".into()),
                "x-request-id" => Some("r1".into()),
                "x-ratelimit-limit" => Some("167".into()),
                _ => None,
            },
            &|_| None,
            0.0,
        )
        .unwrap();
        assert_eq!(h.status, 429);
        assert_eq!(h.retry_after_ms, Some(2_000.0));
        assert_eq!(h.request_id.as_deref(), Some("r1"));
        assert_eq!(h.rate_limit.and_then(|r| r.limit), Some(167));
        for bad in [None, Some(0.0), Some(600.0), Some(f64::NAN)] {
            let e = ResponseHead::read(bad, &|_| None, &|_| None, 0.0).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidResponse);
        }
    }

    #[test]
    fn rust_reading() {
        let ok = read_json(&head(200), r#"{"a":1}"#, "2.14", 0.0).unwrap();
        assert_eq!(ok.get("a"), Some(&Json::Number("1".into())));
        assert_eq!(read_json(&head(200), " ", "2.14", 0.0), Ok(Json::Null));
        let body = r#"{"type":"error.list","request_id":"b","errors":[{"code":"token_revoked","message":"m"},{"x":1},7]}"#;
        let e = read_json(&head(401), body, "2.14", 0.0).unwrap_err();
        assert_eq!(
            (e.code.clone(), e.errors.len()),
            (ErrorCode::TokenRevoked, 2)
        );
        assert_eq!(e.errors.get(1).map(|i| i.code.as_str()), Some("unknown"));
        assert_eq!(e.request_id.as_deref(), Some("b"));
        let e = read_json(&head(200), "<html>", "2.14", 0.0).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
    }

    #[test]
    fn success_needs_json() {
        assert!(classify(&head(200), "{}", Body::Json(None), "2.14", 0.0).is_ok());
        let e = classify(&head(200), "<html>", Body::NotJson, "2.14", 0.0).unwrap_err();
        assert_eq!((e.code, e.status), (ErrorCode::InvalidResponse, Some(200)));
    }

    #[test]
    fn errors_take_the_envelope_then_the_status() {
        let list = ErrorList {
            errors: Some(vec![ErrorItem {
                code: "token_revoked".into(),
                message: None,
                field: None,
            }]),
            request_id: Some("body".into()),
        };
        let e = classify(&head(401), "{}", Body::Json(Some(list)), "2.14", 0.0).unwrap_err();
        assert_eq!(e.code, ErrorCode::TokenRevoked);
        assert_eq!(e.request_id.as_deref(), Some("body"));
        let e = classify(&head(503), "", Body::Json(None), "2.14", 0.0).unwrap_err();
        assert_eq!(
            (e.code, e.request_id.as_deref()),
            (ErrorCode::ServerError, Some("hdr"))
        );
        assert!(e.retryable);
        let e = classify(&head(502), "<html>", Body::NotJson, "2.14", 0.0).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
    }
}
