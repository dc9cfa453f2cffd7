//! What a multi-tenant app should do about an error (facts §7): Intercom OAuth tokens never
//! expire and have no refresh token, so failures split into a few actions, not "refresh".

use super::code::ErrorCode;
use super::error::Error;

/// What to do about an error, coarser than its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The token is gone: run the OAuth install again.
    Reconnect,
    /// The app lacks a permission: add it in the Developer Hub, then reinstall.
    GrantPermission,
    /// Suspended, blocked, or not on the workspace's plan: retrying or reinstalling will not help.
    ContactSupport,
    /// Momentary: try again later.
    Retry,
    /// Our request or input was wrong: change the code or the data.
    FixRequest,
}

impl Action {
    /// The JS `action` string, e.g. "reconnect".
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Reconnect => "reconnect",
            Action::GrantPermission => "grant_permission",
            Action::ContactSupport => "contact_support",
            Action::Retry => "retry",
            Action::FixRequest => "fix_request",
        }
    }
}

pub fn action_for(code: &ErrorCode, status: Option<u16>, retryable: bool) -> Action {
    use ErrorCode as C;
    match code {
        C::TokenRevoked
        | C::TokenNotFound
        | C::Unauthorized
        | C::OauthCodeInvalid
        | C::TokenExpired
        // The install flow's own failures: their hints say to start the install again.
        | C::OauthStateInvalid
        | C::OauthStateExpired
        | C::OauthStateMismatch
        | C::OauthDenied => Action::Reconnect,
        C::Forbidden | C::ActionForbidden | C::TokenUnauthorized => Action::GrantPermission,
        C::TokenSuspended | C::TokenBlocked | C::ApiPlanRestricted => Action::ContactSupport,
        C::RateLimitExceeded | C::Timeout | C::NetworkError | C::ServerError => Action::Retry,
        // The same call would bring the same answer: only asking for less helps.
        C::ResponseTooLarge => Action::FixRequest,
        _ => match status {
            Some(429) => Action::Retry,
            Some(s) if s >= 500 => Action::Retry,
            _ if retryable => Action::Retry,
            _ => Action::FixRequest,
        },
    }
}

impl Error {
    /// What to do about this error (`action` on the JS `IntercomError`).
    pub fn action(&self) -> Action {
        action_for(&self.code, self.status, self.retryable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_class() {
        let cases: &[(&str, Option<u16>, bool, Action)] = &[
            ("token_revoked", Some(401), false, Action::Reconnect),
            ("token_not_found", Some(401), false, Action::Reconnect),
            ("unauthorized", Some(401), false, Action::Reconnect),
            ("oauth_code_invalid", Some(401), false, Action::Reconnect),
            ("oauth_state_mismatch", Some(400), false, Action::Reconnect),
            ("oauth_state_expired", Some(400), false, Action::Reconnect),
            ("oauth_denied", Some(403), false, Action::Reconnect),
            ("oauth_code_missing", Some(400), false, Action::FixRequest),
            ("token_expired", Some(401), false, Action::Reconnect),
            ("forbidden", Some(403), false, Action::GrantPermission),
            (
                "action_forbidden",
                Some(403),
                false,
                Action::GrantPermission,
            ),
            (
                "token_unauthorized",
                Some(401),
                false,
                Action::GrantPermission,
            ),
            ("token_suspended", Some(401), false, Action::ContactSupport),
            ("token_blocked", Some(401), false, Action::ContactSupport),
            (
                "api_plan_restricted",
                Some(403),
                false,
                Action::ContactSupport,
            ),
            ("rate_limit_exceeded", Some(429), true, Action::Retry),
            ("server_error", Some(503), true, Action::Retry),
            ("invalid_response", Some(502), true, Action::Retry),
            ("service_unavailable", Some(503), true, Action::Retry),
            ("timeout", None, true, Action::Retry),
            ("network_error", None, true, Action::Retry),
            ("invalid_argument", None, false, Action::FixRequest),
            ("parameter_invalid", Some(400), false, Action::FixRequest),
            ("not_found", Some(404), false, Action::FixRequest),
            ("jwt_invalid", None, false, Action::FixRequest),
            (
                "webhook_signature_invalid",
                Some(401),
                false,
                Action::FixRequest,
            ),
            ("aborted", None, false, Action::FixRequest),
        ];
        for &(code, status, retryable, want) in cases {
            assert_eq!(
                action_for(&ErrorCode::parse(code), status, retryable),
                want,
                "{code}"
            );
        }
        assert_eq!(Action::GrantPermission.as_str(), "grant_permission");
    }
}
