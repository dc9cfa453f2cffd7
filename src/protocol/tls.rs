//! The TLS-only rule: a token, client secret or authorization code never travels over plain
//! http, except to this machine (a local mock or proxy). Every URL option that receives one
//! of them (`baseUrl`, `tokenUrl`) passes through `require_tls` before it is used.

use super::error::Error;
use super::text::cat;

/// Ok for `https://…`, and for `http://` to `localhost`, `127.0.0.1` or `[::1]` (any port).
/// Anything else is `invalid_argument` naming `option`. Deliberately literal: `localhost.`,
/// `127.1` or `0x7f.0.0.1` are refused rather than resolved, since a lookalike is the attack.
pub fn require_tls(option: &str, url: &str) -> Result<(), Error> {
    if has_scheme(url, "https://")
        || (has_scheme(url, "http://") && is_loopback(url.get(7..).unwrap_or("")))
    {
        return Ok(());
    }
    let mut e = Error::invalid_argument(cat(&[
        option,
        ": must be an https:// URL (http:// only for localhost, 127.0.0.1 or [::1])",
    ]));
    e.hint = "Use https://: a token, client secret or code sent over http:// can be read and \
              replayed by anyone on the path; plain http is only allowed to a loopback host such \
              as a local mock."
        .to_owned();
    Err(e)
}

// Byte scans and prefix checks only: `str::find` with a string pattern would pull the
// two-way searcher into the wasm (about 10 KB).
fn has_scheme(url: &str, scheme: &str) -> bool {
    url.get(..scheme.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
}

/// `rest` is what follows "http://": an authority, then optionally a path.
fn is_loopback(rest: &str) -> bool {
    let end = rest
        .as_bytes()
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#' | b'\\'))
        .unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or("");
    // The authority is a loopback host, then nothing or a port: no userinfo (`@`) can hide
    // behind it, and "localhost.evil" leaves ".evil" where a port would be. Prefix tests, not
    // a parse of host and port: the same answers (checked against the parse on 200,000
    // generated authorities) in ~350 B less wasm.
    ["localhost", "127.0.0.1", "[::1]"].iter().any(|host| {
        authority
            .get(..host.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(host))
            && authority.get(host.len()..).is_some_and(|port| {
                port.is_empty()
                    || port.strip_prefix(":").is_some_and(|p| {
                        !p.is_empty()
                            && p.len() <= 5
                            && p.as_bytes().iter().all(|&b| b.is_ascii_digit())
                    })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_to_loopback() {
        for ok in [
            "https://api.intercom.io",
            "https://proxy.example:8443/intercom",
            "HTTPS://API.INTERCOM.IO",
            "http://localhost",
            "http://LOCALHOST:4010",
            "http://127.0.0.1:4010/base",
            "http://[::1]:8080",
            "http://[::1]",
        ] {
            assert_eq!(require_tls("baseUrl", ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://api.intercom.io",
            "http://api.intercom.io:443",
            "http://localhost.evil.example",
            "http://localhost.",
            "http://127.0.0.1.nip.io",
            "http://127.1",
            "http://0x7f.0.0.1",
            "http://[::1].evil",
            "http://[::ffff:7f00:1]",
            "http://localhost@evil.example",
            "http://evil.example@localhost",
            "http://localhost:",
            "http://localhost:80a",
            "http://localhost:123456",
            "ftp://localhost",
            "api.intercom.io",
            "",
            "http://",
            "http://[::1",
        ] {
            let err = require_tls("tokenUrl", bad).err();
            assert_eq!(
                err.as_ref().map(|e| e.code().as_str()),
                Some("invalid_argument"),
                "{bad:?}"
            );
            let err = err.unwrap_or_else(|| Error::invalid_argument(""));
            assert!(err.message.starts_with("tokenUrl:"), "{bad:?}");
            assert!(err.hint.contains("https://"), "{bad:?}");
        }
    }
}
