//! The OAuth install flow for server-side workers (issue 4) and webhook checks. Decisions
//! live in `protocol::oauth`; this file reads JS arguments, calls WebCrypto and fetch, and
//! builds URLs with the platform's URL/URLSearchParams.

use super::bindings::now_ms;
use super::crypto::{hmac, random_bytes, Hash};
use super::error::{to_js, Failure};
use super::json;
use super::object::{get_str, set};
use super::options;
use super::runtime;
use super::transport::{self, Answer, Sender};
use crate::protocol::call::{HttpRequest, Method};
use crate::protocol::config::{self, Host, MAX_AGE_SECONDS, TIMEOUT_MS, TTL_SECONDS};
use crate::protocol::cookie::{self, NONCE_COOKIE};
use crate::protocol::endpoints;
use crate::protocol::error::Error;
use crate::protocol::oauth::{self as rules, StatePayload, NONCE_TAG_LEN};
use crate::protocol::region::{self, Region};
use crate::protocol::retry::{Retrier, RetryPolicy};
use crate::protocol::token;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub(crate) fn throw(e: Error) -> JsValue {
    to_js(&Failure::from(e))
}

pub(crate) type Task = std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, Error>>>>;

/// One non-generic bridge to a Promise, so each exported function does not carry its own.
pub(crate) fn promise(fut: Task) -> Promise {
    future_to_promise(async move { fut.await.map_err(throw) })
}

pub(crate) fn required(obj: &JsValue, key: &str) -> Result<String, Error> {
    options::string(obj, key)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::invalid_argument([key, ": required"].concat()))
}

fn region_of(obj: &JsValue) -> Result<Region, Error> {
    region::fixed(options::string(obj, "region")?.as_deref())
}

fn secret_bytes(obj: &JsValue) -> Result<Vec<u8>, Error> {
    let secret = options::string(obj, "secret")?.unwrap_or_default();
    cookie::check_secret(&secret)?;
    Ok(secret.into_bytes())
}

fn nonce_of(obj: &JsValue) -> Result<Option<String>, Error> {
    let nonce = options::string(obj, "nonce")?;
    if let Some(n) = &nonce {
        cookie::check_nonce(n)?;
    }
    Ok(nonce)
}

/// Domain-separated MACs so a state MAC can never stand in for a nonce tag.
async fn state_mac(secret: &[u8], payload: &[u8]) -> Result<Vec<u8>, Error> {
    hmac(
        Hash::Sha256,
        secret,
        &[b"intercom-edge state\0", payload].concat(),
    )
    .await
}

async fn nonce_tag(secret: &[u8], nonce: &str) -> Result<[u8; NONCE_TAG_LEN], Error> {
    let mac = hmac(
        Hash::Sha256,
        secret,
        &[b"intercom-edge nonce\0", nonce.as_bytes()].concat(),
    )
    .await?;
    let mut tag = [0u8; NONCE_TAG_LEN];
    tag.copy_from_slice(mac.get(..NONCE_TAG_LEN).unwrap_or(&[0; NONCE_TAG_LEN]));
    Ok(tag)
}

/// The consent page URL: `https://app.intercom.com/oauth?client_id=…&state=…[&redirect_uri=…]`.
#[wasm_bindgen(js_name = authorizeUrl)]
pub fn authorize_url(
    #[wasm_bindgen(unchecked_param_type = "AuthorizeUrlOptions")] opts: JsValue,
) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        options::object(&opts, "options", true)?;
        let client_id = required(&opts, "clientId")?;
        let state = required(&opts, "state")?;
        let base = config::host(
            options::string(&opts, "baseUrl")?.as_deref(),
            region_of(&opts),
            Host::App,
        )?;
        let url = web_sys::Url::new(&[&base, endpoints::OAUTH_AUTHORIZE].concat())
            .map_err(|_| Error::invalid_argument("baseUrl: not a URL"))?;
        let params = url.search_params();
        params.append("client_id", &client_id);
        params.append("state", &state);
        if let Some(redirect) = options::string(&opts, "redirectUri")? {
            params.append("redirect_uri", &checked_redirect(&redirect)?);
        }
        Ok(url.href())
    };
    run().map_err(throw)
}

fn checked_redirect(uri: &str) -> Result<String, Error> {
    let url = web_sys::Url::new(uri)
        .map_err(|_| Error::invalid_argument("redirectUri: not an absolute URL"))?;
    rules::check_redirect(&url.protocol(), &url.hostname())?;
    Ok(url.href())
}

/// A signed, stateless CSRF `state`: issue time, ≥128 random bits, optional `data` and
/// optional binding to a browser `nonce` (see `stateCookie`).
#[wasm_bindgen(js_name = createState, unchecked_return_type = "Promise<string>")]
pub fn create_state(
    #[wasm_bindgen(unchecked_param_type = "CreateStateOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = secret_bytes(&opts)?;
        let ttl_s = options::number(&opts, &TTL_SECONDS)?.unwrap_or(TTL_SECONDS.default);
        let data = options::string(&opts, "data")?;
        let nonce = nonce_of(&opts)?;
        let tag = match &nonce {
            Some(n) => Some(nonce_tag(&secret, n).await?),
            None => None,
        };
        let payload = StatePayload {
            issued_ms: now_ms().max(0.0) as u64,
            ttl_s,
            nonce_tag: tag,
            data,
        };
        let bytes = rules::encode_state(&payload, &random_bytes()?)?;
        let mac = state_mac(&secret, &bytes).await?;
        Ok(JsValue::from_str(&rules::join_state(&bytes, &mac)))
    }))
}

/// Checks a state: signature (constant time), expiry, and the nonce when it was bound.
#[wasm_bindgen(js_name = verifyState, unchecked_return_type = "Promise<VerifiedState>")]
pub fn verify_state(
    #[wasm_bindgen(unchecked_param_type = "string")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyStateOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let state = state
            .as_string()
            .ok_or_else(|| Error::invalid_argument("state: expected a string"))?;
        let nonce = nonce_of(&opts)?;
        let now = match options::field(&opts, "now")? {
            Some(v) => v
                .as_f64()
                .filter(|n| n.is_finite())
                .ok_or_else(|| Error::invalid_argument("now: expected ms since the epoch"))?,
            None => now_ms(),
        };
        check_state(&state, &secret_bytes(&opts)?, nonce.as_deref(), now).await
    }))
}

async fn check_state(
    state: &str,
    secret: &[u8],
    nonce: Option<&str>,
    now: f64,
) -> Result<JsValue, Error> {
    let (bytes, mac) = rules::split_state(state)?;
    if !rules::constant_time_eq(&state_mac(secret, &bytes).await?, &mac) {
        return Err(rules::state_forged());
    }
    let payload = rules::decode_state(&bytes)?;
    rules::check_fresh(&payload, now)?;
    if let Some(expected) = payload.nonce_tag {
        let given = nonce.ok_or_else(rules::state_mismatch)?;
        if !rules::constant_time_eq(&nonce_tag(secret, given).await?, &expected) {
            return Err(rules::state_mismatch());
        }
    }
    let out = Object::new();
    if let Some(d) = &payload.data {
        set(&out, "data", &JsValue::from_str(d));
    }
    set(
        &out,
        "issuedAt",
        &JsValue::from_f64(payload.issued_ms as f64),
    );
    Ok(out.into())
}

/// `Set-Cookie` value binding the flow to this browser: HttpOnly, Secure, SameSite=Lax.
#[wasm_bindgen(js_name = stateCookie)]
pub fn state_cookie(
    #[wasm_bindgen(unchecked_param_type = "string")] nonce: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "StateCookieOptions")] opts: JsValue,
) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        options::object(&opts, "options", false)?;
        let holder = Object::new();
        set(&holder, "nonce", &nonce);
        let nonce = nonce_of(&holder)?.ok_or_else(|| Error::invalid_argument("nonce: required"))?;
        let max_age = options::number(&opts, &MAX_AGE_SECONDS)?.unwrap_or(MAX_AGE_SECONDS.default);
        let path = options::string(&opts, "path")?;
        let secure = options::boolean(&opts, "secure")?.unwrap_or(true);
        cookie::state_cookie(&nonce, max_age, path.as_deref(), secure)
    };
    run().map_err(throw)
}

/// Reads Intercom's redirect: `code` byte-exact (a trailing "=" survives, "+" stays "+"),
/// then verifies `state`. With a Request and no `nonce`, the nonce cookie is read from it.
#[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "Promise<OAuthCallback>")]
pub fn parse_callback(
    #[wasm_bindgen(unchecked_param_type = "string | URL | Request")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ParseCallbackOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = secret_bytes(&opts)?;
        let href = input
            .as_string()
            .or_else(|| get_str(&input, "url"))
            .or_else(|| get_str(&input, "href"))
            .ok_or_else(|| {
                Error::invalid_argument("url: expected a URL string, a URL or a Request")
            })?;
        let url = web_sys::Url::new(&href)
            .map_err(|_| Error::invalid_argument("url: not an absolute URL"))?;
        let search = url.search();
        let mut params = Vec::new();
        for (k, v) in rules::raw_query_pairs(&search) {
            params.push((decode(k)?, decode(v)?));
        }
        let callback = rules::read_callback(&params)?;
        let nonce = match nonce_of(&opts)? {
            Some(n) => Some(n),
            None => cookie_header(&input)
                .as_deref()
                .and_then(|h| cookie::read_cookie(h, NONCE_COOKIE))
                .map(str::to_owned),
        };
        let verified = check_state(&callback.state, &secret, nonce.as_deref(), now_ms()).await?;
        set(&verified, "code", &JsValue::from_str(&callback.code));
        set(&verified, "state", &JsValue::from_str(&callback.state));
        let _ = Reflect::delete_property(verified.unchecked_ref::<Object>(), &"issuedAt".into());
        Ok(verified)
    }))
}

/// One percent-decoding by the platform; malformed escapes are bad input, not a trap.
fn decode(raw: &str) -> Result<String, Error> {
    js_sys::decode_uri_component(raw)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::invalid_argument("url: a query parameter has a malformed %-escape"))
}

/// A Request's `Cookie` header, if any.
fn cookie_header(request: &JsValue) -> Option<String> {
    super::object::header(request, "cookie")
}

/// POST the code to Intercom's token endpoint. The secret travels only in the form body;
/// the call is never retried once sent (a code works once).
#[wasm_bindgen(js_name = exchangeCode, unchecked_return_type = "Promise<OAuthToken>")]
pub fn exchange_code(
    #[wasm_bindgen(unchecked_param_type = "ExchangeCodeOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let code = required(&opts, "code")?;
        token::check_code(&code)?;
        let client_id = required(&opts, "clientId")?;
        let client_secret = required(&opts, "clientSecret")?;
        let redirect = options::string(&opts, "redirectUri")?
            .map(|r| checked_redirect(&r))
            .transpose()?;
        let url = match options::string(&opts, "tokenUrl")? {
            Some(u) => config::base_url_checked(&u)
                .map_err(|_| Error::invalid_argument("tokenUrl: expected an http(s) URL"))?,
            None => [region_of(&opts)?.api_base(), endpoints::OAUTH_TOKEN].concat(),
        };
        let fetch = options::function(&opts, "fetch")?;
        let timeout_ms = options::number(&opts, &TIMEOUT_MS)?.unwrap_or(TIMEOUT_MS.default);
        if runtime::is_browser() {
            return Err(Error::browser_not_allowed(
                "exchangeCode (it needs the client secret)",
            ));
        }
        let form = web_sys::UrlSearchParams::new()
            .map_err(|_| Error::invalid_argument("URLSearchParams is unavailable"))?;
        for (k, v) in token::exchange_form(&code, &client_id, &client_secret, redirect.as_deref()) {
            form.append(k, v);
        }
        let headers = [(
            "Content-Type",
            "application/x-www-form-urlencoded".to_owned(),
        )];
        let body = Some(String::from(form.to_string()));
        let answer = post_once(url, &headers, body, fetch.as_ref(), timeout_ms)
            .await
            .map_err(|f| token::code_refused(f.error))?;
        let token =
            token::token_from_answer(get_str(&answer, "token"), get_str(&answer, "access_token"))?;
        let out = Object::new();
        // Not enumerable: JSON.stringify(result) and console logs of it leave the token out.
        let descriptor = Object::new();
        set(&descriptor, "value", &JsValue::from_str(&token));
        let _ = Object::define_property(&out, &"token".into(), &descriptor);
        set(&out, "tokenType", &"Bearer".into());
        Ok(out.into())
    }))
}

/// One POST to an OAuth endpoint, never retried: a code works once, and a revocation that
/// reached Intercom before a failure must not be sent again blind.
async fn post_once(
    url: String,
    headers: &[(&str, String)],
    body: Option<String>,
    fetch: Option<&js_sys::Function>,
    timeout_ms: u32,
) -> Result<JsValue, Failure> {
    let mut all: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    all.push(("Accept".into(), "application/json".into()));
    let request = HttpRequest {
        method: Method::Post,
        url,
        headers: all,
        body,
    };
    let sender = Sender {
        fetch,
        timeout_ms,
        signal: None,
    };
    let once = Retrier::new(
        RetryPolicy {
            max_retries: 0,
            budget_ms: 0,
        },
        false,
    );
    let mut json = JsValue::NULL;
    let mut read = |a: &Answer| {
        json = json::read(a, config::DEFAULT_VERSION)?;
        Ok(())
    };
    transport::send(&request, &sender, once, &mut read, &|_| {}).await?;
    Ok(json)
}

/// Revokes a token: POST `/auth/uninstall` on the workspace's regional API host.
#[wasm_bindgen(unchecked_return_type = "Promise<void>")]
pub fn uninstall(
    #[wasm_bindgen(unchecked_param_type = "UninstallOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let token = config::token(&required(&opts, "token")?)?;
        let base = config::host(
            options::string(&opts, "baseUrl")?.as_deref(),
            region_of(&opts),
            Host::Api,
        )?;
        let fetch = options::function(&opts, "fetch")?;
        let url = [base.as_str(), endpoints::UNINSTALL].concat();
        let headers = [
            ("Authorization", ["Bearer ", token.expose()].concat()),
            ("Content-Type", "application/json".to_owned()),
        ];
        post_once(url, &headers, None, fetch.as_ref(), TIMEOUT_MS.default)
            .await
            .map_err(|f| f.error)?;
        Ok(JsValue::UNDEFINED)
    }))
}

/// "Log in with Intercom": refuse admins whose email is not verified (spec `/me`).
#[wasm_bindgen(js_name = verifyIdentity)]
pub fn verify_identity(
    #[wasm_bindgen(unchecked_param_type = "AdminWithApp")] me: JsValue,
) -> Result<(), JsValue> {
    let verified = if me.is_object() {
        Reflect::get(&me, &"email_verified".into())
            .ok()
            .and_then(|v| v.as_bool())
    } else {
        None
    };
    token::check_identity(verified).map_err(throw)
}

/// Intercom's `X-Hub-Signature: sha1=<hex>` over the raw body with the client secret.
/// Resolves false for anything wrong, including bad input; never rejects.
#[wasm_bindgen(js_name = verifyWebhook, unchecked_return_type = "Promise<boolean>")]
pub fn verify_webhook(
    #[wasm_bindgen(unchecked_param_type = "VerifyWebhookOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        let ok = async {
            let bytes = options::bytes(&options::field(&opts, "body").ok()??)?;
            let header = options::string(&opts, "signature").ok()??;
            let expected = rules::webhook_signature(&header)?;
            let secret = options::string(&opts, "clientSecret")
                .ok()?
                .filter(|s| !s.is_empty())?;
            let mac = hmac(Hash::Sha1, secret.as_bytes(), &bytes).await.ok()?;
            Some(rules::constant_time_eq(&mac, &expected))
        }
        .await
        .unwrap_or(false);
        Ok(JsValue::from_bool(ok))
    }))
}

/// The uninstall notification Intercom POSTs: `{ "app_id": "abc123" }`.
#[wasm_bindgen(js_name = parseUninstallNotice, unchecked_return_type = "{ appId: string }")]
pub fn parse_uninstall_notice(
    #[wasm_bindgen(unchecked_param_type = "string | object")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        let json = match body.as_string() {
            Some(text) => {
                js_sys::JSON::parse(&text).map_err(|_| Error::invalid_argument("body: not JSON"))?
            }
            None => body.clone(),
        };
        let app_id = token::uninstall_notice(if json.is_object() {
            get_str(&json, "app_id")
        } else {
            None
        })?;
        let out = Object::new();
        set(&out, "appId", &JsValue::from_str(&app_id));
        Ok(out.into())
    };
    run().map_err(throw)
}
