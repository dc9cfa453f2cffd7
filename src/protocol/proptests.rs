//! Core fuzzing: every decoder and rule of the protocol fed arbitrary input (issue 13).
//! Each property says what must hold for *any* input, not only the cases we thought of:
//! no panic (a panic in wasm poisons the instance), only the error codes the rim expects,
//! and exact round trips where an encoder exists.
//!
//! `cargo test` runs 256 cases per property with a random seed; `make test` adds a run with
//! a fixed seed and prints the random one (PROPTEST_RNG_SEED replays it); `make fuzz` runs
//! with PROPTEST_CASES in the hundreds of thousands.

use super::code::ErrorCode;
use super::config;
use super::error::{is_retryable_status, truncate, Error, ErrorItem, HttpFailure};
use super::oauth::{self, StatePayload, MAX_DATA_BYTES, NONCE_TAG_LEN, RANDOM_LEN};
use super::rate_limit::RateLimit;
use super::region::Region;
use super::request;
use super::retry::{self, RetryPolicy};
use super::tls::require_tls;
use super::{canvas, cookie, encoding, jwt, response, seal, token, webhook_event};
use proptest::prelude::*;

/// Text that looks like what the rule expects often enough to get past the first check.
fn url_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "(https?|HTTPS?|ftp)://[a-zA-Z0-9.:@\\[\\]_%-]{0,24}(/[a-z./?#\\\\]{0,8})?",
        "http://(localhost|127\\.0\\.0\\.1|\\[::1\\])[.:@a-z0-9]{0,8}(/.{0,4})?",
        any::<String>(),
    ]
}

fn base64url_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_-]{0,60}",
        "[A-Za-z0-9_+/=-]{0,12}",
        any::<String>()
    ]
}

/// `%XX` decoded, the rest kept: what a server does to a path segment.
fn decode_percent(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let hex = |i: usize| b.get(i).and_then(|&c| char::from(c).to_digit(16));
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if let (b'%', Some(h), Some(l)) = (b[i], hex(i + 1), hex(i + 2)) {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn codes_of(r: &Result<impl Sized, Error>) -> &str {
    r.as_ref().err().map_or("ok", |e| e.code().as_str())
}

fn payload() -> impl Strategy<Value = StatePayload> {
    (
        any::<u64>(),
        any::<u32>(),
        proptest::option::of(any::<[u8; NONCE_TAG_LEN]>()),
        proptest::option::of("\\PC{1,40}"),
    )
        .prop_map(|(issued_ms, ttl_s, nonce_tag, data)| StatePayload {
            issued_ms,
            ttl_s,
            nonce_tag,
            data,
        })
}

proptest! {
    // --- base64url (state tokens) ---

    #[test]
    fn base64url_roundtrips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = oauth::base64url_encode(&bytes);
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(oauth::base64url_decode(&text), Some(bytes));
    }

    #[test]
    fn base64url_decode_is_canonical(text in base64url_like()) {
        // Whatever decodes must encode back to the same text: two spellings of one state
        // would let a tampered token pass as the original.
        if let Some(bytes) = oauth::base64url_decode(&text) {
            prop_assert_eq!(oauth::base64url_encode(&bytes), text);
        }
    }

    // --- state tokens ---

    #[test]
    fn state_payload_roundtrips(p in payload(), random in any::<[u8; RANDOM_LEN]>()) {
        let bytes = oauth::encode_state(&p, &random).map_err(|e| TestCaseError::fail(e.message().to_owned()))?;
        let back = oauth::decode_state(&bytes).map_err(|e| TestCaseError::fail(e.message().to_owned()))?;
        prop_assert_eq!(back, p);
    }

    #[test]
    fn state_payload_data_over_the_limit_is_refused(extra in 1usize..64) {
        let p = StatePayload { issued_ms: 0, ttl_s: 1, nonce_tag: None, data: Some("x".repeat(MAX_DATA_BYTES + extra)) };
        let r = oauth::encode_state(&p, &[0; RANDOM_LEN]);
        prop_assert_eq!(codes_of(&r), "invalid_argument");
    }

    #[test]
    fn state_decoders_only_say_invalid(bytes in proptest::collection::vec(any::<u8>(), 0..120), text in base64url_like()) {
        let r = oauth::decode_state(&bytes);
        prop_assert!(matches!(codes_of(&r), "ok" | "oauth_state_invalid"), "{:?}", r);
        let s = oauth::split_state(&text);
        prop_assert!(matches!(codes_of(&s), "ok" | "oauth_state_invalid"));
        if let Ok((_, mac)) = s {
            prop_assert_eq!(mac.len(), 32);
        }
    }

    #[test]
    fn state_on_the_wire_splits_back(p in proptest::collection::vec(any::<u8>(), 0..100), mac in any::<[u8; 32]>()) {
        let wire = [oauth::base64url_encode(&p), oauth::base64url_encode(&mac)].join(".");
        prop_assert_eq!(oauth::split_state(&wire).ok(), Some((p, mac.to_vec())));
    }

    #[test]
    fn freshness_never_panics(p in payload(), now in any::<f64>()) {
        let r = oauth::check_fresh(&p, now);
        prop_assert!(matches!(codes_of(&r), "ok" | "oauth_state_invalid" | "oauth_state_expired"));
    }

    #[test]
    fn constant_time_eq_is_equality(a in proptest::collection::vec(any::<u8>(), 0..40), b in proptest::collection::vec(any::<u8>(), 0..40)) {
        prop_assert_eq!(oauth::constant_time_eq(&a, &b), a == b);
        prop_assert!(oauth::constant_time_eq(&a, &a.clone()));
    }

    // --- callback URLs ---

    #[test]
    fn callback_query_never_panics(search in prop_oneof!["\\??([a-z_]{0,6}=?[^&]{0,10}&?){0,5}", any::<String>()]) {
        let pairs: Vec<(String, String)> = oauth::raw_query_pairs(&search)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let r = oauth::read_callback(&pairs);
        prop_assert!(matches!(codes_of(&r), "ok" | "oauth_denied" | "oauth_code_missing" | "oauth_state_invalid"));
        if let Ok(cb) = r {
            prop_assert!(!cb.code.is_empty() && !cb.state.is_empty());
        }
    }

    #[test]
    fn callback_query_roundtrips(code in "[A-Za-z0-9+/%=]{1,30}", state in "[A-Za-z0-9._-]{1,30}") {
        // The code is read undecoded here, so "+" and a trailing "=" survive byte for byte.
        let search = format!("?code={code}&state={state}");
        let pairs: Vec<(String, String)> = oauth::raw_query_pairs(&search)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let cb = oauth::read_callback(&pairs).map_err(|e| TestCaseError::fail(e.message().to_owned()))?;
        prop_assert_eq!((cb.code, cb.state), (code, state));
    }

    #[test]
    fn redirect_rule_never_panics(protocol in "[a-z]{0,6}:?", host in url_like()) {
        let r = oauth::check_redirect(&protocol, &host);
        if r.is_ok() {
            prop_assert!(protocol == "https:" || ["localhost", "127.0.0.1", "[::1]"].contains(&host.as_str()));
        }
    }

    // --- webhook signature header ---

    #[test]
    fn webhook_signature_roundtrips(mac in any::<[u8; 20]>(), upper in any::<bool>()) {
        let hex: String = mac.iter().map(|b| if upper { format!("{b:02X}") } else { format!("{b:02x}") }).collect();
        prop_assert_eq!(oauth::webhook_signature(&format!("sha1={hex}")), Some(mac));
    }

    #[test]
    fn webhook_signature_accepts_only_hex(header in prop_oneof!["sha1=([0-9a-fA-F]{2}|[+-][0-9a-f]){20}", "sha1=[0-9a-fA-F+ -]{38,42}", any::<String>()]) {
        if oauth::webhook_signature(&header).is_some() {
            let hex = header.trim().trim_start_matches("sha1=");
            prop_assert!(hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()), "{:?}", header);
        }
    }

    // --- the error envelope ---

    #[test]
    fn error_envelope_classifies_anything(
        status in prop_oneof![400u16..600, any::<u16>()],
        items in proptest::option::of(proptest::collection::vec(
            ("\\PC{0,20}", proptest::option::of("\\PC{0,40}"), proptest::option::of("\\PC{0,10}")),
            0..3,
        )),
        request_id in proptest::option::of("\\PC{0,40}"),
        body in prop_oneof!["\\PC{0,300}", "<html>.{0,300}", "\\{.{0,50}"],
        reset in proptest::option::of(any::<f64>()),
        now in any::<f64>(),
    ) {
        let errors = items.map(|v| v.into_iter().map(|(code, message, field)| ErrorItem { code, message, field }).collect());
        let rate_limit = reset.map(|r| RateLimit { limit: Some(1), remaining: Some(0), reset_at_ms: Some(r) });
        let e = Error::from_http(HttpFailure { status, errors, request_id, body_excerpt: &body, rate_limit, version: "2.14", now_ms: now });
        prop_assert!(!e.code().as_str().is_empty(), "an IntercomError needs a code to branch on: {:?}", e);
        prop_assert_eq!(e.status(), Some(status));
        prop_assert_eq!(e.retryable(), is_retryable_status(status));
        prop_assert!(!e.hint().is_empty() && !e.message().is_empty());
        prop_assert!(e.excerpt().map_or(0, |x| x.chars().count()) <= 201);
    }

    #[test]
    fn truncate_keeps_a_prefix(text in any::<String>(), max in 0usize..50) {
        let t = truncate(&text, max);
        let kept = t.strip_suffix('…').unwrap_or(&t);
        prop_assert!(text.starts_with(kept));
        prop_assert!(kept.chars().count() <= max);
    }

    // --- rate-limit headers and retries ---

    #[test]
    fn rate_limit_headers_roundtrip(limit in 0u64..1_000_000_000_000, remaining in 0u64..1_000_000, reset in 0u64..10_000_000_000) {
        let rl = RateLimit::from_headers(Some(&limit.to_string()), Some(&format!(" {remaining} ")), Some(&reset.to_string()));
        prop_assert_eq!(rl, Some(RateLimit { limit: Some(limit), remaining: Some(remaining), reset_at_ms: Some(reset as f64 * 1000.0) }));
    }

    #[test]
    fn rate_limit_headers_never_panic(a in proptest::option::of(any::<String>()), b in proptest::option::of("[0-9 +-]{0,20}"), c in proptest::option::of(any::<String>())) {
        if let Some(rl) = RateLimit::from_headers(a.as_deref(), b.as_deref(), c.as_deref()) {
            prop_assert!(rl.limit.is_some() || rl.remaining.is_some() || rl.reset_at_ms.is_some());
        }
    }

    #[test]
    fn retries_stay_within_budget(
        max_retries in 0u32..12, budget_ms in 0u32..700_000, attempt in 0u32..15, waited in 0u32..700_000,
        status in 400u16..600, retry_after in proptest::option::of(any::<f64>()),
        reset in proptest::option::of(any::<f64>()), now in any::<f64>(), jitter in any::<f64>(),
    ) {
        let mut error = Error::new(ErrorCode::parse("x"), String::new(), is_retryable_status(status));
        error.status = Some(status);
        error.rate_limit = reset.map(|r| RateLimit { limit: None, remaining: None, reset_at_ms: Some(r) });
        let policy = RetryPolicy { max_retries, budget_ms };
        let d = retry::next_delay_ms(policy, attempt, f64::from(waited), &error, retry_after, now, jitter);
        if let Some(d) = d {
            prop_assert!(error.retryable && attempt <= max_retries);
            prop_assert!(d.is_finite() && d >= 0.0 && d.fract() == 0.0, "{}", d);
            prop_assert!(f64::from(waited) + d <= f64::from(budget_ms), "{} + {} > {}", waited, d, budget_ms);
        }
    }

    #[test]
    fn retry_after_is_never_negative(v in proptest::option::of(prop_oneof!["[0-9]{0,12}", any::<String>()]), date in proptest::option::of(any::<f64>()), now in any::<f64>()) {
        if let Some(ms) = retry::retry_after_ms(v.as_deref(), date, now) {
            prop_assert!(ms >= 0.0 && !ms.is_nan());
        }
    }

    // --- what callers configure ---

    #[test]
    fn options_reject_without_panicking(s in any::<String>(), n in any::<f64>()) {
        for r in [config::token(&s).map(|_| ()), config::check_version(&s), config::base_url_checked(&s).map(|_| ()),
                  request::path_id("id", &s).map(|_| ()), request::extra_header(&s, &s), request::join_path("https://x", &s).map(|_| ()),
                  config::whole_number("n", n, 0, 10).map(|_| ())] {
            prop_assert!(matches!(codes_of(&r), "ok" | "invalid_argument"));
        }
        if let Ok(t) = config::token(&s).map_err(|_| ()).and_then(|t| if s.len() > 10 { Ok(t) } else { Err(()) }) {
            prop_assert!(t.expose().bytes().all(|b| b.is_ascii_graphic()));
            prop_assert!(!format!("{t:?}{t}").contains(&s), "a secret printed itself");
        }
    }

    #[test]
    fn base_url_is_idempotent(s in url_like()) {
        if let Ok(once) = config::base_url_checked(&s) {
            prop_assert_eq!(config::base_url_checked(&once), Ok(once.clone()));
            prop_assert!(!once.ends_with('/'));
        }
    }

    #[test]
    fn joined_paths_stay_under_the_base(path in prop_oneof!["(/[a-z.%]{0,4}){1,4}", any::<String>()]) {
        if let Ok(url) = request::join_path("https://api.intercom.io", &path) {
            prop_assert!(url.starts_with("https://api.intercom.io/"));
            prop_assert!(!url.contains(['?', '#', '\\', ' ']));
            prop_assert!(!path.split('/').any(|seg| seg == ".." || seg == "."));
        }
    }

    #[test]
    fn joined_paths_survive_url_parsing(path in prop_oneof!["(/([a-zA-Z.~]|%2[eEfF]|%5[cC]|%25|%){0,6}){1,4}", any::<String>()]) {
        if request::join_path("https://api.intercom.io", &path).is_ok() {
            for seg in path.split('/') {
                // The WHATWG URL parser's dot segments (ASCII case-insensitive).
                let s = seg.to_ascii_lowercase();
                prop_assert!(![".", "%2e", "..", ".%2e", "%2e.", "%2e%2e"].contains(&s.as_str()), "{path:?}");
                // A proxy that decodes %2F and %5C, then resolves dots.
                let decoded = decode_percent(seg);
                prop_assert!(!decoded.split(|&b| b == b'/' || b == b'\\').any(|p| p == b"." || p == b".."), "{path:?}");
            }
        }
    }

    #[test]
    fn path_params_are_one_segment_and_decode_back(value in prop_oneof!["[a-z./\\\\%2eE ]{0,8}", any::<String>()]) {
        if let Ok(p) = request::path_param("id", &value) {
            prop_assert!(!p.contains('/') && !p.contains('\\'));
            prop_assert!(request::join_path("https://x.example", &format!("/contacts/{p}")).is_ok(), "{value:?} → {p:?}");
            prop_assert_eq!(decode_percent(&p), value.as_bytes().to_vec());
        }
    }

    #[test]
    fn echoed_secrets_never_survive_redaction(
        secret in "[!-~]{4,40}",
        before in any::<String>(),
        after in any::<String>(),
        spelling in 0usize..4,
        at in 0usize..400,
    ) {
        let echoed: String = match spelling {
            0 => secret.clone(),
            1 => secret.bytes().map(|b| format!("%{b:02X}")).collect(),
            2 => secret.bytes().map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02x}") }).collect(),
            _ => secret.replace('\\', "\\\\").replace('/', "\\/").replace('"', "\\\""),
        };
        let text = format!("{before}{echoed}{after}");
        let masked = super::redact::redact(&text, &[&secret]);
        prop_assert!(!masked.contains(&echoed), "{text:?} → {masked:?}");
        // In an excerpt, wherever the cut falls.
        let body = format!("{}{echoed}{after}", "x".repeat(at));
        let mut e = Error::from_http(HttpFailure { status: 502, errors: None, request_id: None, body_excerpt: &body, rate_limit: None, version: "2.14", now_ms: 0.0 });
        e.redact(&[&secret], Some(&body));
        let excerpt = e.excerpt().unwrap_or("").to_owned();
        let cut = excerpt.trim_end_matches('…');
        prop_assert!(!cut.contains(&echoed), "{excerpt:?}");
        // Nor the start of one that the 200-character cut split.
        let start = &echoed[..8.min(echoed.len())];
        prop_assert!(echoed.len() < 8 || after.contains(start) || !cut.contains(start), "{excerpt:?}");
    }

    #[test]
    fn regions_parse_or_refuse(s in prop_oneof!["(?i)(us|eu|au|europe|australia)", any::<String>()]) {
        if let Some(r) = Region::from_option(&s) {
            prop_assert_eq!(Region::from_option(r.as_str()), Some(r));
            prop_assert!(r.api_base().starts_with("https://"));
        }
        let _ = Region::from_app_region(&s);
    }

    // --- TLS only ---

    #[test]
    fn tls_rule_lets_http_reach_only_loopback(url in url_like()) {
        let r = require_tls("baseUrl", &url);
        prop_assert!(matches!(codes_of(&r), "ok" | "invalid_argument"));
        let lower = url.to_ascii_lowercase();
        if r.is_ok() && !lower.starts_with("https://") {
            let rest = lower.strip_prefix("http://").unwrap_or("");
            let host_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
            let authority = &rest[..host_end];
            let host = if authority.starts_with('[') { authority.split_inclusive(']').next().unwrap_or("") } else { authority.split(':').next().unwrap_or("") };
            prop_assert!(["localhost", "127.0.0.1", "[::1]"].contains(&host), "{:?} let http through to {:?}", url, host);
        }
    }

    #[test]
    fn tls_rule_accepts_every_https_url(rest in any::<String>()) {
        prop_assert_eq!(require_tls("tokenUrl", &format!("https://{rest}")), Ok(()));
    }
}

// --- the auth toolkit: JWT compact form, sealed tokens, sheet blobs, webhook envelopes ---

fn claim() -> impl Strategy<Value = jwt::Claim> {
    prop_oneof![
        Just(jwt::Claim::Absent),
        any::<String>().prop_map(jwt::Claim::Text),
        any::<f64>().prop_map(jwt::Claim::Number),
        Just(jwt::Claim::Other),
    ]
}

proptest! {
    #[test]
    fn jwt_compact_form_roundtrips(user in "\\PC{1,30}", email in proptest::option::of("\\PC{0,30}"), exp in proptest::option::of(any::<i64>()), mac in any::<[u8; 32]>()) {
        let payload = jwt::payload_json(&jwt::NewToken { user_id: &user, email: email.as_deref(), exp, claims: &[] })
            .map_err(|e| TestCaseError::fail(e.message().to_owned()))?;
        // The payload is JSON that says exactly what was asked for.
        let v: serde_json::Value = serde_json::from_str(&payload).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(v["user_id"].as_str(), Some(user.as_str()));
        prop_assert_eq!(v.get("email").and_then(|e| e.as_str()), email.as_deref());
        let token = jwt::compact(&jwt::signing_input(&payload), &mac);
        let parts = jwt::split(&token).map_err(|e| TestCaseError::fail(e.message().to_owned()))?;
        prop_assert_eq!(parts.header.as_str(), jwt::HEADER_JSON);
        prop_assert_eq!(parts.payload, payload);
        prop_assert_eq!(parts.mac, mac.to_vec());
        prop_assert!(token.starts_with(parts.signing_input));
    }

    #[test]
    fn jwt_readers_only_say_invalid_or_expired(text in prop_oneof!["[A-Za-z0-9_.-]{0,80}", "eyJ[A-Za-z0-9_-]{0,20}\\.[A-Za-z0-9_-]{0,20}\\.[A-Za-z0-9_-]{43}", any::<String>()],
                                              alg in claim(), crit in any::<bool>(), user in claim(), email in claim(), exp in claim(), nbf in claim(),
                                              now in any::<f64>(), leeway in any::<u32>()) {
        let r = jwt::split(&text);
        prop_assert!(matches!(codes_of(&r), "ok" | "jwt_invalid"), "{:?}", r);
        let h = jwt::check_header(&alg, crit);
        prop_assert!(matches!(codes_of(&h), "ok" | "jwt_invalid"));
        if h.is_ok() {
            prop_assert!(alg == jwt::Claim::Text("HS256".into()) && !crit);
        }
        let c = jwt::check_claims(&jwt::Received { user_id: user, email, exp, nbf }, now, leeway);
        prop_assert!(matches!(codes_of(&c), "ok" | "jwt_invalid" | "jwt_expired"), "{:?}", c);
        if let Ok(v) = c {
            prop_assert!(!v.user_id.is_empty());
        }
    }

    #[test]
    fn json_string_is_json(s in any::<String>()) {
        let lit = encoding::json_string(&s);
        prop_assert_eq!(serde_json::from_str::<String>(&lit).ok(), Some(s));
    }

    #[test]
    fn sealed_tokens_roundtrip(key_id in "[A-Za-z0-9_-]{1,64}", iv in any::<[u8; seal::IV_LEN]>(), sealed in proptest::collection::vec(any::<u8>(), seal::TAG_LEN..200)) {
        let text = seal::encode(&key_id, &iv, &sealed);
        prop_assert_eq!(seal::decode(&text).ok(), Some(seal::Sealed { key_id: key_id.clone(), iv, sealed }));
        prop_assert!(text.starts_with(std::str::from_utf8(&seal::aad(&key_id)).unwrap_or("?")));
    }

    #[test]
    fn sealed_token_reader_only_says_invalid(text in prop_oneof!["v1\\.[A-Za-z0-9_-]{0,10}\\.[A-Za-z0-9_-]{0,60}", any::<String>()]) {
        let r = seal::decode(&text);
        prop_assert!(matches!(codes_of(&r), "ok" | "token_seal_invalid"), "{:?}", r);
        if let Ok(s) = r {
            prop_assert!(s.sealed.len() >= seal::TAG_LEN);
        }
    }

    #[test]
    fn sheet_blobs_roundtrip(bytes in proptest::collection::vec(any::<u8>(), 0..120), wrap in any::<bool>()) {
        let mut b64 = base64_std(&bytes);
        if wrap {
            // Ruby's encode64 form: lines of 60 characters.
            b64 = b64.as_bytes().chunks(60).map(|c| String::from_utf8_lossy(c).into_owned() + "\n").collect();
        }
        prop_assert_eq!(encoding::base64_decode(&b64), Some(bytes.clone()));
        let r = canvas::sheet_blob(&b64);
        if bytes.len() >= canvas::SHEET_IV_LEN + canvas::SHEET_TAG_LEN {
            let blob = r.map_err(|e| TestCaseError::fail(e.message().to_owned()))?;
            prop_assert_eq!([blob.iv.as_slice(), &blob.sealed].concat(), bytes);
        } else {
            prop_assert_eq!(codes_of(&r), "sheet_invalid");
        }
    }

    #[test]
    fn sheet_blob_reader_only_says_invalid(text in prop_oneof!["[A-Za-z0-9+/=\\n ]{0,80}", any::<String>()]) {
        let r = canvas::sheet_blob(&text);
        prop_assert!(matches!(codes_of(&r), "ok" | "sheet_invalid"));
    }

    #[test]
    fn hex_roundtrips_and_refuses_non_hex(bytes in any::<[u8; 32]>(), text in prop_oneof!["([0-9a-fA-F]{2}|[+-][0-9a-f]){32}", any::<String>()]) {
        prop_assert_eq!(canvas::body_signature(&encoding::hex_lower(&bytes)), Some(bytes));
        prop_assert_eq!(canvas::body_signature(&encoding::hex_lower(&bytes).to_uppercase()), Some(bytes));
        if canvas::body_signature(&text).is_some() {
            prop_assert!(text.trim().bytes().all(|b| b.is_ascii_hexdigit()), "{:?}", text);
        }
    }

    #[test]
    fn webhook_envelopes_classify_or_refuse(kind in proptest::option::of(prop_oneof![Just("notification_event".to_owned()), any::<String>()]),
                                           topic in proptest::option::of(prop_oneof![Just("ping".to_owned()), any::<String>()]),
                                           method in prop_oneof!["(?i)(head|post|get)", any::<String>()]) {
        let r = webhook_event::classify(&webhook_event::Envelope { kind: kind.clone(), topic });
        prop_assert!(matches!(codes_of(&r), "ok" | "webhook_invalid"));
        if r.is_ok() {
            prop_assert_eq!(kind.as_deref(), Some("notification_event"));
        }
        let m = webhook_event::method(&method);
        prop_assert!(matches!(codes_of(&m), "ok" | "webhook_invalid"));
    }

    // --- cookies and OAuth answers ---

    #[test]
    fn state_cookie_roundtrips(nonce in prop_oneof!["[A-Za-z0-9._~-]{8,64}", any::<String>()], path in proptest::option::of(prop_oneof!["/[a-z/]{0,10}", any::<String>()]), age in any::<u32>(), secure in any::<bool>()) {
        let scope = cookie::CookieScope { path: path.as_deref(), secure };
        match cookie::state_cookie(&nonce, age, &scope) {
            Ok(set_cookie) => {
                // What the browser sends back: the cookie's own name=value, among others.
                let first = set_cookie.split(';').next().unwrap_or("");
                let header = ["theme=dark; ", first, "; other=1"].concat();
                prop_assert_eq!(scope.nonce(&header), Ok(Some(nonce.as_str())));
                prop_assert!(set_cookie.contains("; HttpOnly") && set_cookie.contains("SameSite=Lax"));
                prop_assert_eq!(set_cookie.contains("; Secure"), secure);
                // The __Host- prefix's rules: Secure, Path=/, no Domain.
                if set_cookie.starts_with("__Host-") {
                    prop_assert!(secure && set_cookie.contains("; Path=/;") && !set_cookie.contains("Domain"));
                }
                let twice = [header.as_str(), "; ", first].concat();
                prop_assert!(scope.nonce(&twice).is_err());
            }
            Err(e) => prop_assert_eq!(e.code().as_str(), "invalid_argument"),
        }
    }

    #[test]
    fn cookie_header_reader_never_panics(header in any::<String>(), secure in any::<bool>()) {
        let scope = cookie::CookieScope { path: None, secure };
        if let Ok(Some(v)) = scope.nonce(&header) {
            prop_assert!(header.contains(v));
        }
    }

    #[test]
    fn oauth_answers_classify(code in any::<String>(), t in proptest::option::of(any::<String>()), a in proptest::option::of(any::<String>())) {
        prop_assert!(matches!(codes_of(&token::check_code(&code)), "ok" | "invalid_argument"));
        let r = token::token_from_answer(t, a);
        prop_assert!(matches!(codes_of(&r), "ok" | "invalid_response"));
        if let Ok(tok) = r {
            prop_assert!(!tok.is_empty());
        }
    }

    // --- responses as the client reads them ---

    #[test]
    fn response_heads_read_anything(status in proptest::option::of(any::<f64>()), headers in proptest::collection::vec((prop_oneof!["(?i)(retry-after|x-ratelimit-(limit|remaining|reset)|x-request-id)", any::<String>()], any::<String>()), 0..6),
                                    date in proptest::option::of(any::<f64>()), now in any::<f64>()) {
        let lookup = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
        let r = response::ResponseHead::read(status, &lookup, &|_| date, now);
        prop_assert!(matches!(codes_of(&r), "ok" | "invalid_response"));
        if let Ok(h) = r {
            prop_assert!((100..=599).contains(&h.status));
            prop_assert!(h.retry_after_ms.is_none_or(|ms| ms >= 0.0));
        }
    }
}

/// Standard base64 with padding, to feed the decoder (the crate only decodes it).
fn base64_std(bytes: &[u8]) -> String {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(B64[((n >> (18 - 6 * i)) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

// --- what fuzzing found, kept as plain regression tests ---

/// `{"type":"error.list","errors":[{"code":""}]}` gave an IntercomError whose `code` was "".
#[test]
fn empty_intercom_error_code_falls_back_to_the_status_name() {
    let e = Error::from_http(HttpFailure {
        status: 400,
        errors: Some(vec![ErrorItem::default()]),
        request_id: None,
        body_excerpt: "",
        rate_limit: None,
        version: "2.14",
        now_ms: 0.0,
    });
    assert_eq!(e.code().as_str(), "bad_request");
    assert_eq!(
        e.errors().len(),
        1,
        "Intercom's list is still kept verbatim"
    );
}

/// `u8::from_str_radix` takes a leading "+", so "sha1=+0+0…" parsed as a signature.
#[test]
fn webhook_signature_refuses_signs_in_the_hex() {
    assert_eq!(
        oauth::webhook_signature(&["sha1=", &"+a".repeat(20)].concat()),
        None
    );
    assert_eq!(
        oauth::webhook_signature(&["sha1=", &"-a".repeat(20)].concat()),
        None
    );
}
