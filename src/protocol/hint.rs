//! The one line that tells a caller what to do next: fixed per code (see `code.rs`), or
//! built from the message, status, rate limit or version.

use super::code::{ErrorCode, CHECK_ID};
use super::rate_limit::RateLimit;
use super::text::{cat, decimal};

/// What a hint may draw on besides the code.
pub(crate) struct HintContext<'a> {
    pub status: Option<u16>,
    /// Intercom's first error message (a 403 names the missing scope in it).
    pub intercom_message: &'a str,
    pub rate_limit: Option<&'a RateLimit>,
    pub now_ms: f64,
    pub version: &'a str,
}

pub(crate) fn hint(code: &ErrorCode, cx: &HintContext<'_>) -> String {
    if let Some(fixed) = code.fixed_hint() {
        return fixed.to_owned();
    }
    let s = match code {
        ErrorCode::Forbidden | ErrorCode::ActionForbidden => {
            return match scope_in(cx.intercom_message) {
                Some(scope) => cat(&[
                    "Add the \"",
                    scope,
                    "\" permission on the app's Authentication page in the Developer Hub, then reinstall or regenerate the token.",
                ]),
                None => "Add the permission this endpoint needs on the app's Authentication page in the Developer Hub, then reinstall or regenerate the token.".to_owned(),
            };
        }
        ErrorCode::IntercomVersionInvalid => {
            return cat(&[
                "This resource is not available in Intercom-Version ",
                cx.version,
                ": pin a version that has it (the `version` option).",
            ]);
        }
        ErrorCode::RateLimitExceeded => {
            return match cx.rate_limit.and_then(|r| r.reset_at_ms) {
                Some(reset) => {
                    let secs = ((reset - cx.now_ms) / 1000.0).ceil().max(0.0) as u64;
                    cat(&[
                        "Rate limit reached: wait about ",
                        &decimal(secs),
                        " s until the window resets, then retry (GET requests retry automatically).",
                    ])
                }
                None => "Rate limit reached: wait for the 10-second window to reset, then retry."
                    .to_owned(),
            };
        }
        c if c.as_str().ends_with("_not_found") => CHECK_ID,
        _ => match cx.status {
            Some(s) if s >= 500 => "Intercom had a momentary error: retry once a little later.",
            Some(400) | Some(422) => {
                "Intercom rejected the request: see `errors` for the field at fault."
            }
            _ => "See `errors` and Intercom's error-code reference.",
        },
    };
    s.to_owned()
}

/// Pulls "read_conversations" out of "You do not have the required scope (read_conversations) …".
/// A byte scan rather than `str::find`: the substring searcher and its panic path cost ~3 KB
/// of wasm, and this is their only user.
fn scope_in(message: &str) -> Option<&str> {
    const OPEN: &[u8] = b"scope (";
    let bytes = message.as_bytes();
    let start = bytes.windows(OPEN.len()).position(|w| w == OPEN)? + OPEN.len();
    let len = bytes.get(start..)?.iter().position(|&b| b == b')')?;
    message
        .get(start..start + len)
        .filter(|s| !s.is_empty() && s.len() <= 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(status: Option<u16>) -> HintContext<'static> {
        HintContext {
            status,
            intercom_message: "",
            rate_limit: None,
            now_ms: 0.0,
            version: "2.14",
        }
    }

    #[test]
    fn fixed_dynamic_and_fallback_hints() {
        let h = |code: ErrorCode, status| hint(&code, &cx(status));
        assert!(h(ErrorCode::TokenRevoked, Some(401)).starts_with("The token was revoked"));
        assert!(h(ErrorCode::MissingAuthorization, None).starts_with("Check the access token"));
        assert!(h(ErrorCode::JwtExpired, None).starts_with("Issue a fresh JWT"));
        assert_eq!(
            h(ErrorCode::Other("conversation_not_found".into()), Some(404)),
            CHECK_ID
        );
        assert_eq!(h(ErrorCode::AdminNotFound, Some(404)), CHECK_ID);
        assert!(h(ErrorCode::ServerError, Some(503)).starts_with("Intercom had a momentary"));
        assert!(h(ErrorCode::ParameterInvalid, Some(400)).starts_with("Intercom rejected"));
        assert!(h(ErrorCode::Other("x".into()), Some(409)).starts_with("See `errors`"));
        assert!(h(ErrorCode::IntercomVersionInvalid, Some(400)).contains("2.14"));
        assert_eq!(
            scope_in("the required scope (read_conversations) to"),
            Some("read_conversations")
        );
        assert_eq!(scope_in("scope (é)"), Some("é"));
        for none in ["", "scope (", "scope ()", "no scope here", "scope (x"] {
            assert_eq!(scope_in(none), None, "{none}");
        }
    }
}
