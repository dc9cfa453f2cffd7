//! The JS rim inside a real JS engine: `wasm-pack test --node` and `--headless --chrome`,
//! against the mock Intercom whose URL and token `make test` bakes in at compile time.
#![cfg(target_arch = "wasm32")]

use intercom_edge::js_exports::IntercomClient;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

fn mock_url() -> &'static str {
    option_env!("INTERCOM_MOCK_URL")
        .expect("INTERCOM_MOCK_URL: run through `make test` (tests/mock/with-mock.mjs)")
}

fn mock_token() -> &'static str {
    option_env!("INTERCOM_MOCK_TOKEN").expect("INTERCOM_MOCK_TOKEN: run through `make test`")
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn client(token: &str) -> IntercomClient {
    let opts = options(&[
        ("token", token.into()),
        ("baseUrl", mock_url().into()),
        ("dangerouslyAllowBrowser", true.into()),
    ]);
    IntercomClient::new(opts).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
async fn list_admins_resolves_to_the_admin_list() {
    let list = JsFuture::from(client(mock_token()).list_admins(JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(
        get(&list, "type").as_string().as_deref(),
        Some("admin.list")
    );
    let admins = js_sys::Array::from(&get(&list, "admins"));
    assert!(admins.length() > 0);
    assert!(get(&admins.get(0), "id").is_string());
}

#[wasm_bindgen_test]
async fn an_unknown_token_rejects_with_status_and_intercom_code() {
    let err = JsFuture::from(client("dG9rOm5vLXN1Y2gtdG9rZW4=").list_admins(JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "status").as_f64(), Some(401.0));
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("unauthorized")
    );
    assert_eq!(
        get(&err, "name").as_string().as_deref(),
        Some("IntercomError")
    );
    let message = get(&err, "message").as_string().unwrap();
    assert!(
        !message.contains("dG9rOm5vLXN1Y2gtdG9rZW4="),
        "token leaked into {message}"
    );
}

#[wasm_bindgen_test]
async fn a_closed_port_is_a_network_error_not_a_trap() {
    let opts = options(&[
        ("token", mock_token().into()),
        ("baseUrl", "http://127.0.0.1:9".into()),
        ("maxRetries", 0.into()),
        ("dangerouslyAllowBrowser", true.into()),
    ]);
    let c = IntercomClient::new(opts).unwrap();
    let err = JsFuture::from(c.list_admins(JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("network_error")
    );
    // The instance still works afterwards: nothing panicked.
    assert!(
        JsFuture::from(client(mock_token()).list_admins(JsValue::UNDEFINED))
            .await
            .is_ok()
    );
}

#[wasm_bindgen_test]
fn odd_constructor_input_is_invalid_argument() {
    let cases = [
        JsValue::UNDEFINED,
        JsValue::from(5),
        JsValue::from_str("token"),
        options(&[]),
        options(&[("token", 42.into())]),
        options(&[("token", "a b".into())]),
        options(&[("token", "t".into()), ("baseUrl", "not a url".into())]),
        options(&[("token", "t".into()), ("region", "mars".into())]),
        options(&[("token", "t".into()), ("version", "latest".into())]),
        options(&[("token", "t".into()), ("maxRetries", (-1).into())]),
        options(&[("token", "t".into()), ("fetch", "nope".into())]),
    ];
    for (i, c) in cases.into_iter().enumerate() {
        let err = IntercomClient::new(c)
            .err()
            .unwrap_or_else(|| panic!("case {i} was accepted"));
        assert_eq!(
            get(&err, "code").as_string().as_deref(),
            Some("invalid_argument"),
            "case {i}"
        );
    }
}

// --- The Rust-facing client (what a workers-rs user calls) ---

use intercom_edge::{Avatar, CallOptions, Client, ClientOptions, ErrorCode, Method, Region};

fn rust_client(token: &str, base_url: &str) -> Client {
    Client::new(ClientOptions {
        token: token.into(),
        base_url: Some(base_url.into()),
        dangerously_allow_browser: true,
        ..Default::default()
    })
    .unwrap()
}

fn mock_tokens() -> JsValue {
    js_sys::JSON::parse(
        option_env!("INTERCOM_MOCK_TOKENS").expect("INTERCOM_MOCK_TOKENS: run through `make test`"),
    )
    .unwrap()
}

#[wasm_bindgen_test]
async fn rust_client_returns_typed_admins_and_me() {
    let c = rust_client(mock_token(), mock_url());
    let list = c.list_admins().await.unwrap();
    assert!(!list.admins.is_empty());
    let first = &list.admins[0];
    assert!(!first.id.is_empty());
    let one = c.get_admin(&first.id).await.unwrap();
    assert_eq!(one.id, first.id);
    let me = c.me().await.unwrap();
    assert_eq!(me.app.and_then(|a| a.region).as_deref(), Some("US"));
    assert!(c.last_rate_limit().and_then(|r| r.limit).is_some());
    // 2.11 sends the avatar as an object, 2.14 as a URI string: both become `Avatar`.
    for (version, object) in [("2.11", true), ("2.14", false)] {
        let c = Client::new(ClientOptions {
            token: mock_token().into(),
            base_url: Some(mock_url().into()),
            version: Some(version.into()),
            dangerously_allow_browser: true,
            ..Default::default()
        })
        .unwrap();
        let list: intercom_edge::AdminList = c
            .request_json(
                Method::Get,
                "/admins",
                &[("display_avatar", "true")],
                None::<&()>,
                &CallOptions::default(),
            )
            .await
            .unwrap();
        let avatar = list.admins.iter().find_map(|a| a.avatar.clone());
        assert!(matches!(
            (avatar, object),
            (Some(Avatar::Object { .. }), true) | (Some(Avatar::Url(_)), false) | (None, _)
        ));
    }
}

#[wasm_bindgen_test]
async fn rust_client_errors_are_typed_api_errors() {
    let err = rust_client(mock_token(), mock_url())
        .get_admin("1")
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.status()),
        (&ErrorCode::AdminNotFound, Some(404))
    );
    let revoked = get(&mock_tokens(), "revoked").as_string().unwrap();
    let err = rust_client(&revoked, mock_url())
        .list_admins()
        .await
        .unwrap_err();
    assert_eq!(err.code(), &ErrorCode::TokenRevoked);
    assert_eq!(err.code().as_str(), "token_revoked");
    assert!(
        !format!("{err:?}").contains(&revoked),
        "token in Debug output"
    );
    let bad = Client::new(ClientOptions {
        token: "a b".into(),
        ..Default::default()
    })
    .err()
    .unwrap();
    assert_eq!(bad.code(), &ErrorCode::InvalidArgument);
    // Into JS: the same IntercomError fields a JS caller sees.
    let js: JsValue = bad.into();
    assert_eq!(
        get(&js, "code").as_string().as_deref(),
        Some("invalid_argument")
    );
    let opts = ClientOptions {
        token: revoked.clone(),
        ..Default::default()
    };
    assert!(
        !format!("{opts:?}").contains(&revoked),
        "token in ClientOptions Debug"
    );
}

#[wasm_bindgen_test]
async fn rust_client_detects_regions() {
    let tokens = mock_tokens();
    let eu = get(&get(&tokens, "eu"), "valid").as_string().unwrap();
    let eu_url = option_env!("INTERCOM_MOCK_EU_URL").expect("INTERCOM_MOCK_EU_URL");
    assert_eq!(
        rust_client(&eu, eu_url).detect_region().await.unwrap(),
        Region::Eu
    );
    assert_eq!(
        rust_client(mock_token(), mock_url())
            .detect_region()
            .await
            .unwrap(),
        Region::Us
    );
}

// --- OAuth helpers inside a JS engine (WebCrypto, URL) ---

use intercom_edge::js_exports::{create_state, parse_callback, verify_state, verify_webhook};

#[wasm_bindgen_test]
async fn state_round_trip_and_tamper_detection() {
    let secret = "wasm-test-secret-0123456789";
    let opts = options(&[
        ("secret", secret.into()),
        ("data", "/back".into()),
        ("nonce", "nonce-abcdef".into()),
    ]);
    let state = JsFuture::from(create_state(opts))
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let check = options(&[("secret", secret.into()), ("nonce", "nonce-abcdef".into())]);
    let verified = JsFuture::from(verify_state(state.clone().into(), check.clone()))
        .await
        .unwrap();
    assert_eq!(get(&verified, "data").as_string().as_deref(), Some("/back"));
    let tampered = format!("{}x", state);
    let err = JsFuture::from(verify_state(tampered.into(), check))
        .await
        .unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("oauth_state_invalid")
    );
    let url = format!("https://app.example/cb?code=a%2Bb%3D&state={state}");
    let cb = JsFuture::from(parse_callback(
        url.into(),
        options(&[("secret", secret.into()), ("nonce", "nonce-abcdef".into())]),
    ))
    .await
    .unwrap();
    assert_eq!(get(&cb, "code").as_string().as_deref(), Some("a+b="));
}

// With the JS exports compiled in, WebCrypto's promises are awaited by the exports' own loop
// (rim/settle.rs), not by a JsFuture: the async Rust API under another executor says so
// instead of waiting for good. Without them (tests/workers-rs) it runs under any executor.
#[wasm_bindgen_test]
async fn rust_async_api_outside_the_exports_refuses_with_a_reason() {
    let err = intercom_edge::oauth::create_state(&intercom_edge::oauth::NewState {
        secret: "wasm-test-secret-0123456789",
        nonce: Some("nonce-abcdef"),
        ..Default::default()
    })
    .await
    .unwrap_err();
    assert_eq!(*err.code(), intercom_edge::ErrorCode::CryptoUnavailable);
    assert!(
        err.message().contains("default-features = false"),
        "{}",
        err.message()
    );
}

#[wasm_bindgen_test]
async fn webhook_signature_is_checked_and_bad_input_is_false() {
    // HMAC-SHA1("secret", "hello") from RFC 2104 tooling.
    let good = options(&[
        ("body", "hello".into()),
        (
            "signature",
            "sha1=5112055c05f944f85755efc5cd8970e194e9f45b".into(),
        ),
        ("clientSecret", "secret".into()),
    ]);
    assert_eq!(
        JsFuture::from(verify_webhook(good))
            .await
            .unwrap()
            .as_bool(),
        Some(true)
    );
    let bad = options(&[
        ("body", "hello!".into()),
        (
            "signature",
            "sha1=5112055c05f944f85755efc5cd8970e194e9f45b".into(),
        ),
        ("clientSecret", "secret".into()),
    ]);
    assert_eq!(
        JsFuture::from(verify_webhook(bad)).await.unwrap().as_bool(),
        Some(false)
    );
    assert_eq!(
        JsFuture::from(verify_webhook(JsValue::from(3)))
            .await
            .unwrap()
            .as_bool(),
        Some(false)
    );
}
