//! The one line that tells a caller what to do next, per error code.

use super::code::ErrorCode;
use super::rate_limit::RateLimit;

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
    use ErrorCode as C;
    let s = match code {
        C::Unauthorized | C::TokenNotFound | C::MissingAuthorization => {
            "Check the access token: regenerate it in the Developer Hub (Configure > Authentication), or restart the OAuth install flow for an OAuth app."
        }
        C::TokenRevoked => {
            "The token was revoked (app uninstalled or token regenerated): reinstall the app through OAuth or use the new token from the Developer Hub."
        }
        C::TokenExpired => "The token has expired: restart the OAuth install flow to get a new one.",
        C::TokenBlocked => "Intercom has blocked this app or key: contact Intercom support; retrying will not help.",
        C::TokenSuspended => "The app is suspended: resolve it with Intercom; retrying will not help.",
        C::TokenUnauthorized => {
            "This token may not access this resource: check that it belongs to this workspace and that the app has the permission."
        }
        C::Forbidden | C::ActionForbidden => {
            return match scope_in(cx.intercom_message) {
                Some(scope) => format!(
                    "Add the \"{scope}\" permission on the app's Authentication page in the Developer Hub, then reinstall or regenerate the token."
                ),
                None => "Add the permission this endpoint needs on the app's Authentication page in the Developer Hub, then reinstall or regenerate the token.".to_owned(),
            };
        }
        C::ApiPlanRestricted => "The workspace's Intercom plan does not include this API.",
        C::IntercomVersionInvalid => {
            return format!(
                "This resource is not available in Intercom-Version {}: pin a version that has it (the `version` option).",
                cx.version
            );
        }
        C::RateLimitExceeded => {
            return match cx.rate_limit.and_then(|r| r.reset_at_ms) {
                Some(reset) => {
                    let secs = ((reset - cx.now_ms) / 1000.0).ceil().max(0.0) as u64;
                    format!("Rate limit reached: wait about {secs} s until the window resets, then retry (GET requests retry automatically).")
                }
                None => "Rate limit reached: wait for the 10-second window to reset, then retry.".to_owned(),
            };
        }
        C::Timeout => "No answer in time: raise `timeoutMs` or check the network path to Intercom.",
        C::Aborted => "Your AbortSignal cancelled the request; nothing was retried.",
        C::NetworkError => {
            "Could not reach the host: check `region`/`baseUrl`, DNS and the runtime's outbound network rules."
        }
        C::InvalidResponse => {
            "The answer was not Intercom's JSON (a proxy or outage page?): see `excerpt`, and retry later if it was a 5xx."
        }
        C::InvalidArgument => "Fix the argument named in the message.",
        C::OauthStateInvalid => {
            "Start the install again from your /install route; a state must come from createState with the same secret."
        }
        C::OauthStateExpired => "The install took too long: start it again (or raise ttlSeconds).",
        C::OauthStateMismatch => {
            "The flow was started in another browser or the nonce cookie is gone: start the install again here."
        }
        C::OauthCodeMissing => "The callback URL has no code: make sure it is the redirect URL Intercom called.",
        C::OauthDenied => "The admin cancelled the install; offer to start it again.",
        C::OauthCodeInvalid => {
            "Codes expire after about 5 minutes and work once: restart the flow, keep the trailing \"=\" of the code, and check client_id/client_secret."
        }
        C::EmailNotVerified => "Refuse the sign-in: this Intercom admin has not verified their email address.",
        C::CryptoUnavailable => "This runtime has no WebCrypto (crypto.subtle): use Node 18+, Deno, Bun, workerd or a browser.",
        C::BrowserNotAllowed => {
            "Keep tokens and client secrets on a server or edge worker; set dangerouslyAllowBrowser only for local tools."
        }
        C::JwtInvalid => {
            "Sign Messenger JWTs with HS256 and the Messenger API secret (Settings > Messenger > Security), and pass the token unaltered."
        }
        C::JwtExpired => "Issue a fresh JWT (say, on each page load), or allow clock skew with leewaySeconds.",
        C::SheetInvalid => {
            "Pass the open-sheet request's intercom_data (or its user) unchanged, with the app's OAuth client secret from the Developer Hub."
        }
        C::WebhookSignatureInvalid => {
            "Answer 401: check clientSecret is this app's OAuth client secret, and pass the Request before anything reads its body."
        }
        C::WebhookInvalid => "Answer with err.status: Intercom sends only HEAD checks and POSTed notification_event bodies.",
        C::TokenSealInvalid => {
            "Pass every key still in use to openToken (keys: { keyId: key }); if none fits, the workspace must reconnect (OAuth install again)."
        }
        c if c.as_str().ends_with("_not_found") || *c == C::NotFound => {
            "Check the id, and that the token's workspace and region are the ones that hold it."
        }
        _ => match cx.status {
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
