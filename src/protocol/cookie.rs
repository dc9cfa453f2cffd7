//! Binding an install flow to one browser: the state secret, the nonce and the
//! `Set-Cookie`/`Cookie` rules around it.

use super::error::Error;
use super::text::{cat, decimal, pieces, split_once};

/// The cookie `stateCookie` sets and `parseCallback` reads when a path or plain http is needed
/// (the fallback: a sibling subdomain can set a cookie of this name).
pub const NONCE_COOKIE: &str = "intercom_oauth_nonce";
/// The default name: browsers only accept a `__Host-` cookie that is Secure, on Path=/ and
/// without Domain, so a sibling subdomain or a plain-http page cannot plant one.
pub const HOST_NONCE_COOKIE: &str = "__Host-intercom_oauth_nonce";

/// Where the nonce cookie lives: `__Host-` on Path=/ and Secure (the default), else the
/// plain name on `path`, with Secure unless turned off for http://localhost development.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CookieScope<'a> {
    /// Default "/".
    pub path: Option<&'a str>,
    /// Default true.
    pub secure: bool,
}

impl Default for CookieScope<'_> {
    fn default() -> Self {
        CookieScope {
            path: None,
            secure: true,
        }
    }
}

impl CookieScope<'_> {
    /// `__Host-intercom_oauth_nonce` when the prefix's rules hold, else `intercom_oauth_nonce`.
    pub fn name(&self) -> &'static str {
        if self.secure && matches!(self.path, None | Some("/")) {
            HOST_NONCE_COOKIE
        } else {
            NONCE_COOKIE
        }
    }

    fn path(&self) -> Result<&str, Error> {
        let path = self.path.unwrap_or("/");
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
        Ok(path)
    }

    /// `name=value; Max-Age=…; Path=…; HttpOnly[; Secure]; SameSite=Lax`.
    fn set_cookie(&self, value: &str, max_age_s: u32) -> Result<String, Error> {
        let mut cookie = cat(&[
            self.name(),
            "=",
            value,
            "; Max-Age=",
            &decimal(u64::from(max_age_s)),
            "; Path=",
            self.path()?,
            "; HttpOnly",
        ]);
        if self.secure {
            cookie.push_str("; Secure");
        }
        cookie.push_str("; SameSite=Lax");
        Ok(cookie)
    }

    /// The `Set-Cookie` that removes the nonce cookie once the callback used it: the nonce
    /// works once per browser, so a replayed callback URL no longer verifies there.
    pub fn clear(&self) -> Result<String, Error> {
        self.set_cookie("", 0)
    }

    /// The nonce from a request's `Cookie` header. Two cookies of this name are refused:
    /// one of them may have been planted (by a sibling subdomain, for the plain name), and
    /// which one a server sees first is up to the browser.
    pub fn nonce<'h>(&self, header: &'h str) -> Result<Option<&'h str>, Error> {
        let mut found = None;
        for part in pieces(header, b';') {
            if let Some((k, v)) = split_once(part.trim_ascii(), b'=') {
                if k == self.name() {
                    if found.is_some() {
                        return Err(Error::new(
                            super::code::ErrorCode::OauthStateMismatch,
                            cat(&[
                                "OAuth state cannot be bound: the request carries two ",
                                self.name(),
                                " cookies (one may be planted)",
                            ]),
                            false,
                        ));
                    }
                    found = Some(v);
                }
            }
        }
        Ok(found)
    }
}

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

/// The `Set-Cookie` value: HttpOnly, SameSite=Lax, `__Host-` prefixed and Secure by default
/// (see [`CookieScope`]). `max_age_s` is checked by the caller (config bound).
pub fn state_cookie(nonce: &str, max_age_s: u32, scope: &CookieScope<'_>) -> Result<String, Error> {
    check_nonce(nonce)?;
    scope.set_cookie(nonce, max_age_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies() {
        let host = CookieScope::default();
        assert_eq!(
            state_cookie("nonce-abcdef", 600, &host).as_deref(),
            Ok("__Host-intercom_oauth_nonce=nonce-abcdef; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Lax")
        );
        // The fallback: a path, or plain http on localhost, cannot carry the prefix.
        let oauth = CookieScope {
            path: Some("/oauth"),
            secure: true,
        };
        assert_eq!(
            state_cookie("nonce-abcdef", 60, &oauth).as_deref(),
            Ok("intercom_oauth_nonce=nonce-abcdef; Max-Age=60; Path=/oauth; HttpOnly; Secure; SameSite=Lax")
        );
        let local = CookieScope {
            path: None,
            secure: false,
        };
        let c = state_cookie("nonce-abcdef", 0, &local).unwrap();
        assert!(c.starts_with("intercom_oauth_nonce=") && !c.contains("Secure"));
        for bad in ["oauth", "/a;b", "/a b"] {
            let scope = CookieScope {
                path: Some(bad),
                secure: true,
            };
            assert!(state_cookie("nonce-abcdef", 1, &scope).is_err(), "{bad}");
        }
        assert!(state_cookie("short", 1, &host).is_err());
        assert!(state_cookie("has space", 1, &host).is_err());
    }

    #[test]
    fn clearing_cookie_matches_the_one_set() {
        assert_eq!(
            CookieScope::default().clear().as_deref(),
            Ok("__Host-intercom_oauth_nonce=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax")
        );
        let oauth = CookieScope {
            path: Some("/oauth"),
            secure: false,
        };
        assert_eq!(
            oauth.clear().as_deref(),
            Ok("intercom_oauth_nonce=; Max-Age=0; Path=/oauth; HttpOnly; SameSite=Lax")
        );
    }

    #[test]
    fn cookie_headers_and_secrets() {
        let host = CookieScope::default();
        let h = "a=1; __Host-intercom_oauth_nonce=n0nce-xyz; b=2";
        assert_eq!(host.nonce(h), Ok(Some("n0nce-xyz")));
        assert_eq!(host.nonce("a=1"), Ok(None));
        // The plain name (settable from a sibling subdomain) does not stand in for __Host-.
        assert_eq!(host.nonce("intercom_oauth_nonce=planted-1"), Ok(None));
        // Two of the same name: refused, not first-wins.
        let two = "intercom_oauth_nonce=planted-1; intercom_oauth_nonce=mine-12345";
        let plain = CookieScope {
            path: Some("/oauth"),
            secure: true,
        };
        assert_eq!(
            plain.nonce(two).unwrap_err().code.as_str(),
            "oauth_state_mismatch"
        );
        assert!(host
            .nonce("__Host-intercom_oauth_nonce=a1234567; __Host-intercom_oauth_nonce=b1234567")
            .is_err());
        assert!(check_secret("0123456789abcdef").is_ok());
        assert!(check_secret("short").is_err());
        assert!(check_secret("").is_err());
    }
}
