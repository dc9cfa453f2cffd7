//! The closed-but-growing set of error codes: Intercom's own (the first `errors[].code` of an
//! `error.list`), names for bare HTTP statuses, and ours. One table gives the enum, its JS
//! string and the parser, so the two spellings cannot drift apart.

macro_rules! codes {
    ($($variant:ident => $text:literal,)*) => {
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
        const NAMES: &[&str] = &[$($text,)*];

        impl ErrorCode {
            /// The `code` string JS callers see, e.g. `"token_revoked"`.
            pub fn as_str(&self) -> &str {
                // `index` is the tag byte itself (variants are numbered in order), so this is a
                // table read rather than a 40-arm jump.
                let index = match self {
                    $(ErrorCode::$variant => Tag::$variant as u8,)*
                    ErrorCode::Other(code) => return code,
                };
                NAMES.get(usize::from(index)).copied().unwrap_or("")
            }

            /// The variant for a code string; unknown strings are kept as [`ErrorCode::Other`].
            pub fn parse(code: &str) -> ErrorCode {
                // A table walk, not a `match` on strings: the match compiles to ~2 KB of wasm.
                let index = NAMES.iter().position(|name| *name == code);
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

codes! {
    // Intercom's codes (intercom-api-facts §4).
    Unauthorized => "unauthorized",
    TokenRevoked => "token_revoked",
    TokenBlocked => "token_blocked",
    TokenSuspended => "token_suspended",
    TokenNotFound => "token_not_found",
    TokenUnauthorized => "token_unauthorized",
    TokenExpired => "token_expired",
    MissingAuthorization => "missing_authorization",
    Forbidden => "forbidden",
    ActionForbidden => "action_forbidden",
    ApiPlanRestricted => "api_plan_restricted",
    NotFound => "not_found",
    AdminNotFound => "admin_not_found",
    IntercomVersionInvalid => "intercom_version_invalid",
    RateLimitExceeded => "rate_limit_exceeded",
    ServerError => "server_error",
    BadRequest => "bad_request",
    ParameterInvalid => "parameter_invalid",
    ParameterNotFound => "parameter_not_found",
    // Names for statuses whose body was not an error.list.
    NotAcceptable => "not_acceptable",
    RequestTimeout => "request_timeout",
    Conflict => "conflict",
    UnsupportedMediaType => "unsupported_media_type",
    UnprocessableEntity => "unprocessable_entity",
    ClientError => "client_error",
    // The OAuth install flow and sign-in.
    OauthStateInvalid => "oauth_state_invalid",
    OauthStateExpired => "oauth_state_expired",
    OauthStateMismatch => "oauth_state_mismatch",
    OauthCodeMissing => "oauth_code_missing",
    OauthDenied => "oauth_denied",
    OauthCodeInvalid => "oauth_code_invalid",
    EmailNotVerified => "email_not_verified",
    CryptoUnavailable => "crypto_unavailable",
    // The auth toolkit: Messenger JWTs, sheets, webhooks, sealed tokens.
    JwtInvalid => "jwt_invalid",
    JwtExpired => "jwt_expired",
    SheetInvalid => "sheet_invalid",
    WebhookSignatureInvalid => "webhook_signature_invalid",
    WebhookInvalid => "webhook_invalid",
    TokenSealInvalid => "token_seal_invalid",
    // Ours: no usable answer from Intercom, or bad input.
    Timeout => "timeout",
    Aborted => "aborted",
    NetworkError => "network_error",
    InvalidResponse => "invalid_response",
    InvalidArgument => "invalid_argument",
    BrowserNotAllowed => "browser_not_allowed",
}

impl ErrorCode {
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
    fn statuses_have_names() {
        assert_eq!(ErrorCode::for_status(429), ErrorCode::RateLimitExceeded);
        assert_eq!(ErrorCode::for_status(503), ErrorCode::ServerError);
        assert_eq!(ErrorCode::for_status(418), ErrorCode::ClientError);
    }
}
