//! Every token-shaped decoder: OAuth state, Messenger JWT, sealed token, sheet blob and the
//! two signature headers. No input may panic; whatever decodes must re-encode to itself.
#![no_main]
use intercom_edge::fuzzing::{canvas, encoding, jwt, oauth, seal};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = oauth::decode_state(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(bytes) = oauth::base64url_decode(text) {
        assert_eq!(oauth::base64url_encode(&bytes), text, "two spellings of one value");
    }
    if let Ok((payload, mac)) = oauth::split_state(text) {
        assert_eq!(mac.len(), 32);
        if let Ok(p) = oauth::decode_state(&payload) {
            let _ = oauth::check_fresh(&p, 1.7e12);
        }
    }
    if let Ok(parts) = jwt::split(text) {
        assert_eq!(parts.mac.len(), jwt::MAC_LEN);
        assert!(text.trim().starts_with(parts.signing_input));
    }
    if let Ok(s) = seal::decode(text) {
        assert_eq!(seal::encode(&s.key_id, &s.iv, &s.sealed), text.trim());
    }
    let _ = canvas::sheet_blob(text);
    let _ = encoding::base64_decode(text);
    if let Some(mac) = oauth::webhook_signature(text) {
        assert_eq!(text.trim().trim_start_matches("sha1=").to_ascii_lowercase(), encoding::hex_lower(&mac));
    }
    if let Some(mac) = canvas::body_signature(text) {
        assert_eq!(text.trim().to_ascii_lowercase(), encoding::hex_lower(&mac));
    }
});
