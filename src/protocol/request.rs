//! What goes on the wire: the URL path and the headers of every Intercom call.

use super::error::Error;
use super::secret::Secret;
use super::text::{cat, has_url_unsafe};

/// Validates a caller's path for `request()` and joins it to the base URL. The query string
/// is added later by the platform's URLSearchParams, so it is refused here.
pub fn join_path(base: &str, path: &str) -> Result<String, Error> {
    let bad = |why: &str| Error::invalid_argument(cat(&["path: ", why]));
    if !path.starts_with("/") || path.starts_with("//") {
        return Err(bad("must start with a single \"/\", like \"/admins\""));
    }
    if path.len() > 2048 {
        return Err(bad("longer than 2048 characters"));
    }
    if has_url_unsafe(path) {
        return Err(bad("must not contain spaces, control characters, \"?\", \"#\" or \"\\\" (pass query separately)"));
    }
    if path
        .as_bytes()
        .split(|&b| b == b'/')
        .any(|seg| seg == b".." || seg == b".")
    {
        return Err(bad("must not contain \".\" or \"..\" segments"));
    }
    Ok(cat(&[base, path]))
}

/// An id that goes into a path segment (`/admins/{id}`). Intercom ids are short
/// alphanumeric strings; anything else could reach another endpoint.
pub fn path_id(name: &str, id: &str) -> Result<String, Error> {
    if id.is_empty()
        || id.len() > 64
        || !id
            .as_bytes()
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(Error::invalid_argument(cat(&[
            name,
            ": expected a non-empty Intercom id of letters, digits, \"_\" or \"-\"",
        ])));
    }
    Ok(id.to_owned())
}

/// Headers every call carries. Intercom answers 406 without a JSON Accept (facts §4.2),
/// and without Intercom-Version the response shape depends on an app setting we cannot see.
pub fn standard_headers(
    token: &Secret,
    version: &str,
    has_body: bool,
) -> Vec<(&'static str, String)> {
    let mut h = vec![
        ("Authorization", cat(&["Bearer ", token.expose()])),
        ("Accept", "application/json".to_owned()),
        ("Intercom-Version", version.to_owned()),
    ];
    if has_body {
        h.push(("Content-Type", "application/json".to_owned()));
    }
    h
}

/// Checks a caller's extra header. Authorization and Intercom-Version have their own options,
/// so silently replacing them would hide a mistake.
pub fn extra_header(name: &str, value: &str) -> Result<(), Error> {
    if name.eq_ignore_ascii_case("authorization") {
        return Err(Error::invalid_argument(
            "headers: Authorization is set from `token` and cannot be replaced",
        ));
    }
    if name.eq_ignore_ascii_case("intercom-version") {
        return Err(Error::invalid_argument(
            "headers: use the `version` option for Intercom-Version",
        ));
    }
    // RFC 9110 tchar, as a `match` (a bit test), not a search of a byte list.
    let token_char = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            )
    };
    if name.is_empty() || name.len() > 256 || !name.as_bytes().iter().all(|&b| token_char(b)) {
        return Err(Error::invalid_argument(
            "headers: a header name is not a valid HTTP token",
        ));
    }
    if value.len() > 8192 || value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(Error::invalid_argument(cat(&[
            "headers: the value of ",
            name,
            " has control characters or is too long",
        ])));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            join_path("http://127.0.0.1:1", "/admins"),
            Ok("http://127.0.0.1:1/admins".into())
        );
        for bad in [
            "admins",
            "//evil.example/x",
            "/a b",
            "/a?x=1",
            "/a#f",
            "/a/../me",
            "/a\\b",
            "/x\n",
        ] {
            assert!(
                join_path("https://api.intercom.io", bad).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn ids() {
        assert_eq!(path_id("id", "991267460"), Ok("991267460".into()));
        for bad in ["", "../me", "1/2", "a b", "%2e", &"9".repeat(65)] {
            assert!(path_id("id", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn headers_carry_bearer_accept_and_version() {
        let h = standard_headers(&Secret::new("tok".into()), "2.14", false);
        assert_eq!(
            h,
            vec![
                ("Authorization", "Bearer tok".to_owned()),
                ("Accept", "application/json".to_owned()),
                ("Intercom-Version", "2.14".to_owned()),
            ]
        );
        assert_eq!(
            standard_headers(&Secret::new("t".into()), "2.11", true).len(),
            4
        );
    }

    #[test]
    fn extra_headers() {
        assert!(extra_header("X-Trace", "abc").is_ok());
        assert!(extra_header("authorization", "Bearer x").is_err());
        assert!(extra_header("Intercom-Version", "2.11").is_err());
        assert!(extra_header("Bad Name", "x").is_err());
        assert!(extra_header("X-A", "a\r\nInjected: 1").is_err());
    }
}
