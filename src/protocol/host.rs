//! Where a credential may go: the host of `baseUrl` and `tokenUrl`, and the consent host of
//! `authorizeUrl`. Decided on the host as the platform's URL parser reads it (the rim hands it
//! in), never on the string: `https://2852039166`, `https://0xa9fea9fe`, `https://169.254.43518`
//! and `https://[::ffff:a9fe:a9fe]` all reach the cloud metadata service.

use super::error::Error;
use super::text::cat;

/// The consent hosts Intercom serves `/oauth` on, one per region.
const CONSENT_HOSTS: [&str; 3] = [
    "app.intercom.com",
    "app.eu.intercom.com",
    "app.au.intercom.com",
];

/// True for the documented local-dev host: `url` (as the caller wrote it) names `localhost`,
/// `127.0.0.1` or `[::1]` literally, and the parser agrees (`hostname`). A mock or a local
/// proxy, never another spelling of a loopback address.
pub fn is_local_dev(url: &str, hostname: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or("");
    matches!(hostname, "localhost" | "127.0.0.1" | "[::1]")
        && rest
            .get(..hostname.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(hostname))
        && matches!(
            rest.as_bytes().get(hostname.len()),
            None | Some(b':' | b'/')
        )
}

/// True for a host no credential goes to by default: every IP literal (IPv4 in any spelling
/// comes out of the parser as dotted decimal, IPv6 in brackets), `localhost` and
/// `*.localhost`, `*.internal` (`metadata.google.internal`), `*.local`, `*.home.arpa`, and
/// single-label names that a resolver completes with a private search domain.
pub fn is_internal(hostname: &str) -> bool {
    // The parser gives hosts in lower case; a trailing dot names the same host.
    let host = hostname.strip_suffix(".").unwrap_or(hostname);
    // Its last label numeric: the parser read the host as IPv4 (WHATWG "ends in a number").
    let dot = host.as_bytes().iter().rposition(|&b| b == b'.');
    let last = host.get(dot.map_or(0, |i| i + 1)..).unwrap_or("");
    if host.starts_with("[") || last.is_empty() || last.as_bytes().iter().all(u8::is_ascii_digit) {
        return true;
    }
    // Single-label names (`localhost`, `intranet`) and the internal zones.
    let dotted = cat(&[".", host]);
    dot.is_none()
        || [".localhost", ".internal", ".local", ".home.arpa"]
            .iter()
            .any(|zone| dotted.ends_with(zone))
}

/// `baseUrl`/`tokenUrl` (`option`) may receive a token or client secret: refused when its host
/// is internal ([`is_internal`]) unless it is the local-dev host or `allow_private` is set.
/// `url` is the caller's string, `hostname` the parsed host.
pub fn check_credential_host(
    option: &str,
    url: &str,
    hostname: &str,
    allow_private: bool,
) -> Result<(), Error> {
    if allow_private || is_local_dev(url, hostname) || !is_internal(hostname) {
        return Ok(());
    }
    let mut e = Error::invalid_argument(cat(&[
        option,
        ": ",
        hostname,
        " is an IP address or an internal host name; credentials go only to public host names",
    ]));
    e.hint = "Use a public host name; for a private-network proxy set allowPrivateHosts: true."
        .to_owned();
    Err(e)
}

/// `authorizeUrl`'s `baseUrl` (where admins are sent to consent): one of Intercom's consent
/// hosts over https, the local-dev host, or anything with `allow_custom` (a test server).
pub fn check_consent_host(
    url: &str,
    protocol: &str,
    hostname: &str,
    allow_custom: bool,
) -> Result<(), Error> {
    if allow_custom
        || is_local_dev(url, hostname)
        || (protocol == "https:" && CONSENT_HOSTS.contains(&hostname))
    {
        return Ok(());
    }
    let mut e = Error::invalid_argument(cat(&[
        "baseUrl: ",
        hostname,
        " is not an Intercom consent host (app.intercom.com, app.eu.intercom.com, app.au.intercom.com)",
    ]));
    e.hint = "Use region instead; for a test server set allowCustomConsentHost: true.".to_owned();
    Err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_hosts_in_every_parsed_spelling() {
        // What `new URL(…).hostname` gives for the spellings (checked in Node 20):
        // https://2852039166, https://0xa9fea9fe, https://0251.0376.0251.0376,
        // https://169.254.43518 → 169.254.169.254; https://[::ffff:169.254.169.254] →
        // [::ffff:a9fe:a9fe].
        for host in [
            "169.254.169.254",
            "10.0.0.1",
            "127.0.0.2",
            "0.0.0.0",
            "8.8.8.8",
            "[::ffff:a9fe:a9fe]",
            "[::1]",
            "[fd00::1]",
            "[64:ff9b::a9fe:a9fe]",
            "metadata.google.internal",
            "metadata.google.internal.",
            "localhost",
            "api.localhost",
            "printer.local",
            "nas.home.arpa",
            "intranet",
            "",
        ] {
            assert!(is_internal(host), "{host:?}");
            let e = check_credential_host("tokenUrl", "https://x", host, false).unwrap_err();
            assert!(e.message().starts_with("tokenUrl: "), "{host:?}");
            assert!(check_credential_host("tokenUrl", "https://x", host, true).is_ok());
        }
        for host in [
            "api.intercom.io",
            "proxy.example",
            "1.2.3.4.nip.io",
            "internal.example.com",
            "a.b",
        ] {
            assert!(!is_internal(host), "{host:?}");
            assert!(check_credential_host("baseUrl", "https://x", host, false).is_ok());
        }
    }

    #[test]
    fn the_local_dev_host_stays_allowed() {
        for (url, host) in [
            ("http://127.0.0.1:4010", "127.0.0.1"),
            ("http://localhost:8787/x", "localhost"),
            ("https://localhost:8443", "localhost"),
            ("http://[::1]:9", "[::1]"),
        ] {
            assert!(
                check_credential_host("baseUrl", url, host, false).is_ok(),
                "{url}"
            );
        }
        // Loopback by another spelling is not the documented local-dev host.
        for (url, host) in [
            ("https://127.1", "127.0.0.1"),
            ("https://0x7f000001", "127.0.0.1"),
            ("https://127.0.0.2", "127.0.0.2"),
        ] {
            assert!(
                check_credential_host("baseUrl", url, host, false).is_err(),
                "{url}"
            );
        }
    }

    #[test]
    fn consent_hosts() {
        assert!(check_consent_host(
            "https://app.eu.intercom.com",
            "https:",
            "app.eu.intercom.com",
            false
        )
        .is_ok());
        assert!(check_consent_host("http://127.0.0.1:4010", "http:", "127.0.0.1", false).is_ok());
        for (url, proto, host) in [
            ("https://evil.example", "https:", "evil.example"),
            (
                "https://app.intercom.com.evil.example",
                "https:",
                "app.intercom.com.evil.example",
            ),
            ("https://api.intercom.io", "https:", "api.intercom.io"),
        ] {
            let e = check_consent_host(url, proto, host, false).unwrap_err();
            assert!(e.message().starts_with("baseUrl: "), "{url}");
            assert!(check_consent_host(url, proto, host, true).is_ok());
        }
    }
}
