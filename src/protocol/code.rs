//! The closed-but-growing set of error codes: Intercom's own (the first `errors[].code` of an
//! `error.list`), names for bare HTTP statuses, and ours. One table gives the enum, its JS
//! string, the parser and the fixed hint, so they cannot drift apart (and the wasm holds
//! tables, not jumps).

macro_rules! codes {
    ($($(#[$only:ident])? $variant:ident => $text:literal, $hint:expr;)*) => {
        /// What went wrong, as a Rust caller matches on it. The JS `code` is [`ErrorCode::as_str`].
        /// Intercom codes this crate does not name arrive as [`ErrorCode::Other`]; new variants
        /// may be added, so a `match` needs a `_` arm.
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        // An explicit tag byte: `as_str` becomes a table lookup (the String niche made it a chain).
        #[repr(u8)]
        pub enum ErrorCode {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )*
            /// An Intercom code not listed above, verbatim.
            Other(String),
        }

        /// The known variants' positions, so `as u8` gives an index without `unsafe`.
        #[derive(Clone, Copy)]
        #[repr(u8)]
        enum Tag {
            $($variant,)*
        }

        /// The JS strings, in variant order.
        const NAMES: &[&str] = &[$(only!($($only)?; $text),)*];
        /// The hints that need nothing but the code, in variant order ("" for the others).
        const HINTS: &[&str] = &[$(only!($($only)?; $hint),)*];

        impl ErrorCode {
            /// The `code` string JS callers see, e.g. `"token_revoked"`.
            pub fn as_str(&self) -> &str {
                match self.index() {
                    Some(i) => NAMES.get(i).copied().unwrap_or(""),
                    None => self.other().unwrap_or(""),
                }
            }

            /// The hint that depends on the code alone, if any.
            pub(crate) fn fixed_hint(&self) -> Option<&'static str> {
                self.index()
                    .and_then(|i| HINTS.get(i).copied())
                    .filter(|h| !h.is_empty())
            }

            /// The position in the tables; `None` for [`ErrorCode::Other`].
            fn index(&self) -> Option<usize> {
                // The tag byte itself (variants are numbered in order): a read, not a jump.
                match self {
                    $(ErrorCode::$variant => Some(usize::from(Tag::$variant as u8)),)*
                    ErrorCode::Other(_) => None,
                }
            }

            fn other(&self) -> Option<&str> {
                match self {
                    ErrorCode::Other(code) => Some(code),
                    _ => None,
                }
            }

            /// The variant for a code string; unknown strings are kept as [`ErrorCode::Other`].
            pub fn parse(code: &str) -> ErrorCode {
                // A table walk, not a `match` on strings: the match compiles to ~2 KB of wasm.
                // Blank names (see `only!`) never match, not even an empty code.
                let index = NAMES
                    .iter()
                    .position(|name| !name.is_empty() && *name == code);
                $(
                    if index == Some(Tag::$variant as usize) {
                        return ErrorCode::$variant;
                    }
                )*
                ErrorCode::Other(code.to_owned())
            }
        }
    };
}

/// Shared by the codes that all mean "this token does not authenticate".
const CHECK_TOKEN: &str = "Check the access token: regenerate it in the Developer Hub (Configure > Authentication), or restart the OAuth install flow for an OAuth app.";
/// Shared by the `*_not_found` codes (unknown ones included, see `hint`).
pub(crate) const CHECK_ID: &str =
    "Check the id, and that the token's workspace and region are the ones that hold it.";
/// Filled in by `hint` from the message, status, rate limit or version.
const DYNAMIC: &str = "";

/// True in a JS build with IntercomClient and none of the OAuth, webhook or toolkit exports
/// (the `intercom-edge/client` entry).
const CLIENT_ONLY: bool = cfg!(all(
    feature = "exports",
    not(any(
        feature = "oauth",
        feature = "webhooks",
        feature = "toolkit"
    ))
));

/// True in a JS build that makes no HTTP call (no IntercomClient, no OAuth exchange): the
/// `intercom-edge/webhooks` entry. Intercom's codes come only from its answers (`from_http`).
const NO_HTTP: bool = cfg!(all(
    feature = "exports",
    not(any(feature = "client", feature = "oauth"))
));

/// A cell (name or hint) of the code table, by the row's mark. A JS build (`exports`) leaves
/// out the codes it cannot make, ~0.6–1.9 KB of wasm per entry:
/// - `#[http]`: Intercom's codes, carried only by its answers; blank without HTTP (/webhooks).
/// - `#[oauth]`, `#[webhooks]`, `#[toolkit]`: codes only that capability's exports make (see the
///   callers of each `*_invalid` constructor); blank without it.
/// - `#[not_client]`: made by every capability but the client; blank in /client.
///
/// A blank name never parses, so such a code from Intercom (it sends none) would arrive as
/// `Other`, with the same `code` string, the generic hint and its status's action. Builds
/// without `exports` (the Rust API) and the root package keep every row.
macro_rules! only {
    (; $cell:expr) => {
        $cell
    };
    (http; $cell:expr) => {
        blank_if(NO_HTTP, $cell)
    };
    (not_client; $cell:expr) => {
        blank_if(CLIENT_ONLY, $cell)
    };
    (oauth; $cell:expr) => {
        blank_if(
            cfg!(all(feature = "exports", not(feature = "oauth"))),
            $cell,
        )
    };
    (webhooks; $cell:expr) => {
        blank_if(
            cfg!(all(feature = "exports", not(feature = "webhooks"))),
            $cell,
        )
    };
    (toolkit; $cell:expr) => {
        blank_if(
            cfg!(all(feature = "exports", not(feature = "toolkit"))),
            $cell,
        )
    };
}

/// `cell`, or "" when `blank`; evaluated at compile time, so a blanked text is not in the wasm.
const fn blank_if(blank: bool, cell: &'static str) -> &'static str {
    if blank {
        ""
    } else {
        cell
    }
}

codes! {
    // Intercom's codes (intercom-api-facts §4).
    #[http] Unauthorized => "unauthorized", CHECK_TOKEN;
    #[http] TokenRevoked => "token_revoked", "The token was revoked (app uninstalled or token regenerated): reinstall the app through OAuth or use the new token from the Developer Hub.";
    #[http] TokenBlocked => "token_blocked", "Intercom has blocked this app or key: contact Intercom support; retrying will not help.";
    #[http] TokenSuspended => "token_suspended", "The app is suspended: resolve it with Intercom; retrying will not help.";
    #[http] TokenNotFound => "token_not_found", CHECK_TOKEN;
    #[http] TokenUnauthorized => "token_unauthorized", "This token may not access this resource: check that it belongs to this workspace and that the app has the permission.";
    #[http] TokenExpired => "token_expired", "The token has expired: restart the OAuth install flow to get a new one.";
    #[http] MissingAuthorization => "missing_authorization", CHECK_TOKEN;
    #[http] Forbidden => "forbidden", DYNAMIC;
    #[http] ActionForbidden => "action_forbidden", DYNAMIC;
    #[http] ApiPlanRestricted => "api_plan_restricted", "The workspace's Intercom plan does not include this API.";
    #[http] NotFound => "not_found", CHECK_ID;
    #[http] AdminNotFound => "admin_not_found", CHECK_ID;
    #[http] IntercomVersionInvalid => "intercom_version_invalid", DYNAMIC;
    #[http] RateLimitExceeded => "rate_limit_exceeded", DYNAMIC;
    #[http] ServerError => "server_error", DYNAMIC;
    #[http] BadRequest => "bad_request", DYNAMIC;
    #[http] ParameterInvalid => "parameter_invalid", DYNAMIC;
    #[http] ParameterNotFound => "parameter_not_found", CHECK_ID;
    // Names for statuses whose body was not an error.list.
    #[http] NotAcceptable => "not_acceptable", DYNAMIC;
    #[http] RequestTimeout => "request_timeout", DYNAMIC;
    #[http] Conflict => "conflict", DYNAMIC;
    #[http] UnsupportedMediaType => "unsupported_media_type", DYNAMIC;
    #[http] UnprocessableEntity => "unprocessable_entity", DYNAMIC;
    #[http] ClientError => "client_error", DYNAMIC;
    // The OAuth install flow and sign-in.
    #[oauth] OauthStateInvalid => "oauth_state_invalid", "Start the install again from your /install route; a state must come from createState with the same secret.";
    #[oauth] OauthStateExpired => "oauth_state_expired", "The install took too long: start it again (or raise ttlSeconds).";
    #[oauth] OauthStateMismatch => "oauth_state_mismatch", "The flow was started in another browser or the nonce cookie is gone: start the install again here.";
    #[oauth] OauthCodeMissing => "oauth_code_missing", "The callback URL has no code: make sure it is the redirect URL Intercom called.";
    #[oauth] OauthDenied => "oauth_denied", "The admin cancelled the install; offer to start it again.";
    #[oauth] OauthCodeInvalid => "oauth_code_invalid", "Codes expire after about 5 minutes and work once: restart the flow, keep the trailing \"=\" of the code, and check client_id/client_secret.";
    #[oauth] EmailNotVerified => "email_not_verified", "Refuse the sign-in: this Intercom admin has not verified their email address.";
    #[not_client] CryptoUnavailable => "crypto_unavailable", "This runtime has no WebCrypto (crypto.subtle): use Node 18+, Deno, Bun, workerd or a browser.";
    // The auth toolkit: Messenger JWTs, sheets, webhooks, sealed tokens.
    #[toolkit] JwtInvalid => "jwt_invalid", "Sign Messenger JWTs with HS256 and the Messenger API secret (Settings > Messenger > Security), and pass the token unaltered.";
    #[toolkit] JwtExpired => "jwt_expired", "Issue a fresh JWT (say, on each page load), or allow clock skew with leewaySeconds.";
    #[toolkit] SheetInvalid => "sheet_invalid", "Pass the open-sheet request's intercom_data (or its user) unchanged, with the app's OAuth client secret from the Developer Hub.";
    #[webhooks] WebhookSignatureInvalid => "webhook_signature_invalid", "Answer 401: check clientSecret is this app's OAuth client secret, and pass the Request before anything reads its body.";
    #[webhooks] WebhookInvalid => "webhook_invalid", "Answer with err.status: Intercom sends only HEAD checks and POSTed notification_event bodies.";
    #[webhooks] PayloadTooLarge => "payload_too_large", "Answer 413: the request body passed maxBodyBytes before it was authenticated; raise maxBodyBytes only if Intercom really sends bodies this large.";
    #[oauth] TokenSealInvalid => "token_seal_invalid", "Pass every key still in use to openToken (keys: { keyId: key }); if none fits, the workspace must reconnect (OAuth install again).";
    // Ours: no usable answer from Intercom, or bad input.
    Timeout => "timeout", "No answer in time: raise `timeoutMs` or check the network path to Intercom.";
    Aborted => "aborted", "Your AbortSignal cancelled the request; nothing was retried.";
    NetworkError => "network_error", "Could not reach the host: check `region`/`baseUrl`, DNS and the runtime's outbound network rules.";
    InvalidResponse => "invalid_response", "The answer was not Intercom's JSON (a proxy or outage page?): see `excerpt`, and retry later if it was a 5xx.";
    InvalidArgument => "invalid_argument", "Fix the argument named in the message.";
    BrowserNotAllowed => "browser_not_allowed", "Keep tokens and client secrets on a server or edge worker; set dangerouslyAllowBrowser only for local tools.";
    #[http] ResponseTooLarge => "response_too_large", "The answer passed the read limit and was dropped unread: ask for less (a smaller per_page, a narrower search) or raise maxResponseBytes. A token endpoint answer over 64 KiB is never genuine.";
}

impl ErrorCode {
    /// The status a worker can answer with as it is, for the codes our own checks make about
    /// the caller's request (the install flow's callback): a bad, mismatched or expired state
    /// and a callback without a code are the request's fault (400), a denied install is a
    /// refusal (403). `None` for the rest: an `invalid_argument` or a missing WebCrypto is the
    /// worker's own fault, so `err.status ?? 500` stays right for them.
    pub(crate) fn own_status(&self) -> Option<u16> {
        match self {
            ErrorCode::OauthStateInvalid
            | ErrorCode::OauthStateExpired
            | ErrorCode::OauthStateMismatch
            | ErrorCode::OauthCodeMissing => Some(400),
            ErrorCode::OauthDenied => Some(403),
            _ => None,
        }
    }

    /// The code Intercom's docs use for a status when the body names none.
    pub fn for_status(status: u16) -> ErrorCode {
        match status {
            400 => ErrorCode::BadRequest,
            401 => ErrorCode::Unauthorized,
            402 => ErrorCode::ApiPlanRestricted,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            406 => ErrorCode::NotAcceptable,
            408 => ErrorCode::RequestTimeout,
            409 => ErrorCode::Conflict,
            415 => ErrorCode::UnsupportedMediaType,
            422 => ErrorCode::UnprocessableEntity,
            429 => ErrorCode::RateLimitExceeded,
            500..=599 => ErrorCode::ServerError,
            _ => ErrorCode::ClientError,
        }
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip() {
        for code in [
            ErrorCode::TokenRevoked,
            ErrorCode::OauthCodeInvalid,
            ErrorCode::InvalidArgument,
            ErrorCode::Other("conversation_not_found".into()),
        ] {
            assert_eq!(ErrorCode::parse(code.as_str()), code);
        }
        assert_eq!(ErrorCode::Timeout.as_str(), "timeout");
        assert_eq!(
            ErrorCode::parse("admin_not_found"),
            ErrorCode::AdminNotFound
        );
    }

    #[test]
    fn install_flow_codes_have_statuses() {
        for code in [
            ErrorCode::OauthStateInvalid,
            ErrorCode::OauthStateExpired,
            ErrorCode::OauthStateMismatch,
            ErrorCode::OauthCodeMissing,
        ] {
            assert_eq!(code.own_status(), Some(400), "{code}");
        }
        assert_eq!(ErrorCode::OauthDenied.own_status(), Some(403));
        assert_eq!(ErrorCode::InvalidArgument.own_status(), None);
        let e = crate::protocol::error::Error::new(ErrorCode::OauthDenied, "x".into(), false);
        assert_eq!(e.status(), Some(403));
    }

    #[test]
    fn statuses_have_names() {
        assert_eq!(ErrorCode::for_status(429), ErrorCode::RateLimitExceeded);
        assert_eq!(ErrorCode::for_status(503), ErrorCode::ServerError);
        assert_eq!(ErrorCode::for_status(418), ErrorCode::ClientError);
    }
}
