//! The code-for-token exchange and the other install-flow answers: what may be sent,
//! what Intercom's answers mean.

use super::code::ErrorCode;
use super::error::Error;

/// An authorization code as Intercom issues it (may end in "="; kept byte-exact).
pub fn check_code(code: &str) -> Result<(), Error> {
    if code.is_empty() {
        return Err(Error::invalid_argument("code: required"));
    }
    if code.len() > 4096 || code.chars().any(char::is_control) {
        return Err(Error::invalid_argument("code: not an authorization code"));
    }
    Ok(())
}

/// The token request's form fields. The client secret travels only here, in the body.
pub fn exchange_form<'a>(
    code: &'a str,
    client_id: &'a str,
    client_secret: &'a str,
    redirect_uri: Option<&'a str>,
) -> Vec<(&'static str, &'a str)> {
    let mut form = vec![
        ("code", code),
        ("client_id", client_id),
        ("client_secret", client_secret),
        ("grant_type", "authorization_code"),
    ];
    if let Some(r) = redirect_uri {
        form.push(("redirect_uri", r));
    }
    form
}

/// The token answer: Intercom sends `token`; OAuth-style `access_token` is accepted too.
/// A token must be able to travel as `Authorization: Bearer …`: one with CR, LF, NUL, a space
/// or a non-ASCII character (an attacker's token endpoint, a broken proxy) is refused, never
/// returned, and never shown.
pub fn token_from_answer(
    token: Option<String>,
    access_token: Option<String>,
) -> Result<String, Error> {
    let token = token
        .or(access_token)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            Error::invalid_response(200, "a token answer", "no token or access_token")
        })?;
    if super::config::check_token(&token).is_err() {
        let mut e = Error::invalid_response(200, "a token answer", "");
        e.message = "The token endpoint answered a token that cannot be sent in a header (control, space or non-ASCII characters, or over 4096 characters); it was not returned".into();
        e.excerpt = None;
        return Err(e);
    }
    Ok(token)
}

/// A 401 from the token endpoint is Intercom's "Unauthorized Code": name it so.
pub fn code_refused(e: Error) -> Error {
    if e.status != Some(401) {
        return e;
    }
    let mut named = Error::new(
        ErrorCode::OauthCodeInvalid,
        "Intercom refused the authorization code (401 Unauthorized Code)".into(),
        false,
    );
    named.status = e.status;
    named.request_id = e.request_id;
    named.errors = e.errors;
    named
}

/// "Log in with Intercom": only an admin whose email Intercom has verified.
pub fn check_identity(email_verified: Option<bool>) -> Result<(), Error> {
    if email_verified == Some(true) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::EmailNotVerified,
            "This Intercom admin's email address is not verified; do not accept the sign-in".into(),
            false,
        ))
    }
}

/// The uninstall notification Intercom POSTs: `{ "app_id": "abc123" }`.
pub fn uninstall_notice(app_id: Option<String>) -> Result<String, Error> {
    app_id
        .filter(|a| !a.is_empty())
        .ok_or_else(|| Error::invalid_argument("body: expected { \"app_id\": \"…\" }"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::error::HttpFailure;

    #[test]
    fn token_answers() {
        assert_eq!(token_from_answer(Some("t".into()), None), Ok("t".into()));
        assert_eq!(token_from_answer(None, Some("a".into())), Ok("a".into()));
        let e = token_from_answer(Some(String::new()), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
        for bad in [
            "tok\r\nSet-Cookie: x=1",
            "tok\u{0}",
            "tok en",
            "t\u{e9}",
            &"t".repeat(4097),
        ] {
            let e = token_from_answer(Some(bad.into()), None).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidResponse, "{bad:?}");
            assert!(!e.message.contains(bad) && e.excerpt.is_none(), "{bad:?}");
        }
    }

    #[test]
    fn a_401_is_a_refused_code() {
        let http = |status| {
            Error::from_http(HttpFailure {
                status,
                errors: None,
                request_id: Some("r".into()),
                body_excerpt: "",
                rate_limit: None,
                version: "2.14",
                now_ms: 0.0,
            })
        };
        let e = code_refused(http(401));
        assert_eq!((e.code, e.status), (ErrorCode::OauthCodeInvalid, Some(401)));
        assert_eq!(e.request_id.as_deref(), Some("r"));
        assert_eq!(code_refused(http(500)).code, ErrorCode::ServerError);
    }

    #[test]
    fn codes_forms_identity_notices() {
        assert!(check_code("abc+def=").is_ok());
        assert!(check_code("a\nb").is_err());
        assert_eq!(exchange_form("c", "i", "s", Some("r")).len(), 5);
        assert!(check_identity(Some(true)).is_ok());
        assert_eq!(
            check_identity(None).unwrap_err().code,
            ErrorCode::EmailNotVerified
        );
        assert_eq!(uninstall_notice(Some("abc".into())), Ok("abc".into()));
        assert!(uninstall_notice(Some(String::new())).is_err());
    }
}
