//! What callers configure: token, version, baseUrl and the TLS-only rule, request paths,
//! ids and headers. Only `invalid_argument`, and http:// only ever to a loopback host.
#![no_main]
use intercom_edge::fuzzing::{config, request, tls};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\n').unwrap_or((text, ""));
    let results = [
        config::token(a).map(|_| ()),
        config::check_version(a),
        config::base_url_checked(a).map(|_| ()),
        tls::require_tls("baseUrl", a),
        request::join_path("https://api.intercom.io", a).map(|_| ()),
        request::path_id("id", a).map(|_| ()),
        request::extra_header(a, b),
    ];
    for r in results {
        if let Err(e) = r {
            assert_eq!(e.code().as_str(), "invalid_argument");
        }
    }
    if tls::require_tls("baseUrl", a).is_ok() && !a.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://")) {
        let rest = a.get(7..).unwrap_or("");
        let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = if authority.starts_with('[') {
            authority.split_inclusive(']').next().unwrap_or("")
        } else {
            authority.split(':').next().unwrap_or("")
        };
        assert!(
            ["localhost", "127.0.0.1", "[::1]"].contains(&host.to_ascii_lowercase().as_str()),
            "http:// let through to {host:?}"
        );
    }
});
