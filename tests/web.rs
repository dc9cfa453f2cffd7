//! The JS rim inside a real JS engine: `wasm-pack test --node` and `--headless --chrome`,
//! against the mock Intercom whose URL and token `make test` bakes in at compile time.
#![cfg(target_arch = "wasm32")]

use intercom_edge::js::IntercomClient;
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
