//! What goes on the wire: the URL path and the headers of every Intercom call.

use super::error::Error;
use super::secret::Secret;
use super::text::{cat, has_url_unsafe};

/// Validates a caller's path for `request()` and joins it to the base URL. The query string
/// is added later by the platform's URLSearchParams, so it is refused here.
///
/// What fetch requests is this string after WHATWG URL parsing, which resolves `.` and `..`
/// segments, their percent-encoded forms (`%2e`, `.%2E`, …) and `\` as `/`, and drops tabs
/// and newlines. With none of those left (see [`has_dot_segment`]), parsing changes no segment:
/// the request stays under the base path, on the endpoint the caller named.
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
    if has_dot_segment(path) {
        return Err(bad(
            "must not contain \".\" or \"..\" segments, plain or %-encoded (encode ids with path_param)",
        ));
    }
    Ok(cat(&[base, path]))
}

/// True when a segment of `path` is, or once percent-decoded holds, a `.` or `..` segment:
/// `..`, `%2e%2E`, `.%2e`, and `..%2f..` or `a%5c..` (a `/` or `\\` that a proxy or server
/// may decode). Also true for an encoded control character (`%00`, `%0a`), which no Intercom
/// path holds. One pass, decoding as it goes: a plain or decoded `/` or `\\` ends a piece, and
/// a piece of one or two dots is a dot segment.
pub fn has_dot_segment(path: &str) -> bool {
    let b = path.as_bytes();
    let (mut i, mut dots, mut other) = (0, 0, false);
    loop {
        let (c, len) = match (b.get(i), hex(b.get(i + 1)), hex(b.get(i + 2))) {
            (None, _, _) => (b'/', 0),
            (Some(b'%'), Some(h), Some(l)) => (h << 4 | l, 3),
            (Some(&c), _, _) => (c, 1),
        };
        if c == b'/' || c == b'\\' {
            if !other && (dots == 1 || dots == 2) {
                return true;
            }
            (dots, other) = (0, false);
        } else if c == b'.' {
            dots += 1;
        } else if c < 0x20 || c == 0x7f {
            return true;
        } else {
            other = true;
        }
        if len == 0 {
            return false;
        }
        i += len;
    }
}

fn hex(b: Option<&u8>) -> Option<u8> {
    match *b? {
        c @ b'0'..=b'9' => Some(c - b'0'),
        c @ b'a'..=b'f' => Some(c - b'a' + 10),
        c @ b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// One path parameter (`{contact_id}` in `/contacts/{contact_id}`), percent-encoded so it is
/// exactly one segment: every byte but `A–Z a–z 0–9 - . _ ~` becomes `%XX`, `/` and `\\`
/// included. Refused (`invalid_argument` naming `name`): an empty value, one over 1024 bytes,
/// and one that is or holds a `.`/`..` piece between slashes (`..`, `a/../b`), which a server
/// that decodes `%2F` would resolve. The result always passes [`join_path`].
///
/// ```text
/// path_param("contact_id", "6329bd9f")  → Ok("6329bd9f")
/// path_param("external_id", "a/b c")    → Ok("a%2Fb%20c")
/// path_param("contact_id", "..")        → Err(invalid_argument "contact_id: …")
/// ```
// For the typed calls (`client.GET("/contacts/{contact_id}", { params: { path } })`), which
// build their paths from caller values (path_template::segment).
pub fn path_param(name: &str, value: &str) -> Result<String, Error> {
    let bad = |why: &str| Error::invalid_argument(cat(&[name, ": ", why]));
    if value.is_empty() {
        return Err(bad("must not be empty"));
    }
    if value.len() > 1024 {
        return Err(bad("longer than 1024 bytes"));
    }
    if value.as_bytes().iter().any(|&b| b < 0x20 || b == 0x7f) {
        return Err(bad("must not contain control characters"));
    }
    if value
        .as_bytes()
        .split(|&b| b == b'/' || b == b'\\')
        .any(|piece| piece == b"." || piece == b"..")
    {
        return Err(bad("must not be or contain a \".\" or \"..\" segment"));
    }
    let mut out = String::with_capacity(value.len());
    super::path_template::percent_encode(&mut out, value, b"-._~");
    Ok(out)
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
    // fetch's Headers take a ByteString: a character above U+00FF throws inside fetch, which
    // would be reported as a network error worth retrying.
    if value.len() > 8192
        || value
            .chars()
            .any(|c| (c.is_control() && c != '\t') || u32::from(c) > 0xFF)
    {
        return Err(Error::invalid_argument(cat(&[
            "headers: the value of ",
            name,
            " has control characters, characters above U+00FF, or is too long",
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
            "/contacts/%2e%2e/%2e%2e/x",
            "/contacts/%2E%2E/admins",
            "/contacts/.%2e/admins",
            "/contacts/%2e./admins",
            "/contacts/%2e/admins",
            "/contacts/..%2f..%2fadmins",
            "/contacts/a%2F..%2Fadmins",
            "/contacts/..%5cadmins",
            "/contacts/%00",
            "/a/.",
            "/a/..",
        ] {
            assert!(
                join_path("https://api.intercom.io", bad).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn paths_that_stay_one_endpoint() {
        for ok in [
            "/contacts/%2e%2ex",
            "/contacts/...",
            "/contacts/a.b",
            "/contacts/a%2Fb",
            "/contacts/%zz",
            "/contacts/%2",
        ] {
            assert!(join_path("https://api.intercom.io", ok).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn path_params_are_one_segment() {
        assert_eq!(path_param("id", "6329bd9f").as_deref(), Ok("6329bd9f"));
        assert_eq!(path_param("id", "a/b c").as_deref(), Ok("a%2Fb%20c"));
        assert_eq!(path_param("id", "%2e%2e").as_deref(), Ok("%252e%252e"));
        assert_eq!(path_param("id", "é?#").as_deref(), Ok("%C3%A9%3F%23"));
        assert_eq!(path_param("id", "...").as_deref(), Ok("..."));
        for bad in [
            "",
            ".",
            "..",
            "\u{0}",
            "a\nb",
            "a/..",
            "../b",
            "a\\..\\b",
            "./x",
            &"x".repeat(1025),
        ] {
            let e = path_param("contact_id", bad).unwrap_err();
            assert!(e.message.starts_with("contact_id: "), "{bad:?}");
        }
        // Whatever a parameter holds, the joined path keeps one segment for it.
        for v in [
            "a", "a/b", "%2e%2e", "..%2f", "\\", "?#", " ", "....", ".a", "a.",
        ] {
            let p = path_param("id", v).unwrap();
            assert!(!p.contains('/') && !p.contains('\\'), "{v:?}");
            assert!(
                join_path("https://x.example/base", &cat(&["/contacts/", &p])).is_ok(),
                "{v:?}"
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
        assert!(extra_header("X-A", "caf\u{e9}").is_ok());
        assert!(extra_header("X-A", "\u{2603}").is_err());
        assert!(extra_header("X-A", "a\u{0}b").is_err());
    }
}
