//! The OAuth callback's query and the nonce cookie: only the expected error codes, and a
//! cookie the crate sets reads back.
#![no_main]
use intercom_edge::fuzzing::{cookie, oauth};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let pairs: Vec<(String, String)> = oauth::raw_query_pairs(text)
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    match oauth::read_callback(&pairs) {
        Ok(cb) => assert!(!cb.code.is_empty() && !cb.state.is_empty()),
        Err(e) => assert!(matches!(
            e.code().as_str(),
            "oauth_denied" | "oauth_code_missing" | "oauth_state_invalid"
        )),
    }
    let _ = cookie::read_cookie(text, cookie::NONCE_COOKIE);
    if let Ok(set) = cookie::state_cookie(text, 600, None, true) {
        let first = set.split(';').next().unwrap_or("");
        assert_eq!(cookie::read_cookie(first, cookie::NONCE_COOKIE), Some(text));
    }
});
