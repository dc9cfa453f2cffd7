//! Binding an install flow to one browser: the state secret, the nonce and the
//! `Set-Cookie`/`Cookie` rules around it.

use super::error::Error;
use super::text::{cat, decimal, pieces, split_once};

/// The cookie `stateCookie` sets and `parseCallback` reads.
pub const NONCE_COOKIE: &str = "intercom_oauth_nonce";

/// The server-side secret that signs states: long enough to resist guessing.
pub fn check_secret(secret: &str) -> Result<(), Error> {
    if secret.is_empty() {
        return Err(Error::invalid_argument("secret: required"));
    }
    if secret.len() < 16 {
        return Err(Error::invalid_argument(
            "secret: at least 16 characters (32 random bytes, hex or base64, is better)",
        ));
    }
    Ok(())
}

/// A nonce goes into a cookie, so only URL-safe characters, 8 to 256 of them.
pub fn check_nonce(nonce: &str) -> Result<(), Error> {
    let ok = (8..=256).contains(&nonce.len())
        && nonce
            .as_bytes()
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "nonce: 8 to 256 characters of A-Z a-z 0-9 - _ . ~ (it goes into a cookie)",
        ))
    }
}

/// The `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure unless turned off for
/// http://localhost development. `max_age_s` is checked by the caller (config bound).
pub fn state_cookie(
    nonce: &str,
    max_age_s: u32,
    path: Option<&str>,
    secure: bool,
) -> Result<String, Error> {
    check_nonce(nonce)?;
    let path = path.unwrap_or("/");
    if !path.starts_with("/")
        || path.len() > 256
        || path
            .chars()
            .any(|c| c == ';' || c.is_control() || c.is_whitespace())
    {
        return Err(Error::invalid_argument(
            "path: a cookie path such as \"/\" or \"/oauth\"",
        ));
    }
    let mut cookie = cat(&[
        NONCE_COOKIE,
        "=",
        nonce,
        "; Max-Age=",
        &decimal(u64::from(max_age_s)),
        "; Path=",
        path,
        "; HttpOnly",
    ]);
    if secure {
        cookie.push_str("; Secure");
    }
    cookie.push_str("; SameSite=Lax");
    Ok(cookie)
}

/// `name`'s value in a `Cookie` request header.
pub fn read_cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    pieces(header, b';').find_map(|part| {
        let (k, v) = split_once(part.trim_ascii(), b'=')?;
        (k == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies() {
        assert_eq!(
            state_cookie("nonce-abcdef", 600, None, true).as_deref(),
            Ok("intercom_oauth_nonce=nonce-abcdef; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Lax")
        );
        assert!(!state_cookie("nonce-abcdef", 0, Some("/oauth"), false)
            .unwrap()
            .contains("Secure"));
        for bad in ["oauth", "/a;b", "/a b"] {
            assert!(
                state_cookie("nonce-abcdef", 1, Some(bad), true).is_err(),
                "{bad}"
            );
        }
        assert!(state_cookie("short", 1, None, true).is_err());
        assert!(state_cookie("has space", 1, None, true).is_err());
    }

    #[test]
    fn cookie_headers_and_secrets() {
        let h = "a=1; intercom_oauth_nonce=n0nce-xyz; b=2";
        assert_eq!(read_cookie(h, NONCE_COOKIE), Some("n0nce-xyz"));
        assert_eq!(read_cookie("a=1", NONCE_COOKIE), None);
        assert!(check_secret("0123456789abcdef").is_ok());
        assert!(check_secret("short").is_err());
        assert!(check_secret("").is_err());
    }
}
