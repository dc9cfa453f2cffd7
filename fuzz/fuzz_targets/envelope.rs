//! A response as the client reads it: head (status, rate limit, Retry-After, request id) and
//! the error envelope. Input: a status byte pair, then `name: value` lines, then a body.
#![no_main]
use intercom_edge::fuzzing::response::{classify, Body, ErrorList, ResponseHead};
use intercom_edge::ErrorItem;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (status, rest) = match data {
        [a, b, rest @ ..] => (f64::from(u16::from_le_bytes([*a, *b])), rest),
        _ => return,
    };
    let text = String::from_utf8_lossy(rest);
    let (head_text, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let headers: Vec<(String, String)> = head_text
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let lookup = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let Ok(head) = ResponseHead::read(Some(status), &lookup, &|_| None, 1.7e12) else {
        return;
    };
    assert!((100..=599).contains(&head.status));
    // The envelope as the platform's JSON parser would hand it over: codes from the body's words.
    let errors: Vec<ErrorItem> = body
        .split_whitespace()
        .take(3)
        .map(|w| ErrorItem { code: w.to_owned(), message: Some(body.to_owned()), field: None })
        .collect();
    let list = ErrorList { errors: Some(errors), request_id: lookup("x-request-id") };
    for b in [Body::Json(Some(list)), Body::Json(None), Body::NotJson] {
        if let Err(e) = classify(&head, body, b, "2.14", 1.7e12) {
            assert!(!e.code().as_str().is_empty(), "a code to branch on");
            assert!(!e.hint().is_empty());
            assert_eq!(e.status(), Some(head.status));
        }
    }
});
