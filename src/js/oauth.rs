//! The OAuth install flow for server-side workers (issue 4) and webhook checks, for JS:
//! JS arguments read and checked by type, then `crate::install` (the Rust API) does the work.

// Gates (Cargo.toml): the install flow is `oauth`; verifyWebhook and parseUninstallNotice are
// `webhooks`; `throw` and `promise` serve every capability.
#[cfg(feature = "oauth")]
use super::flight::Flight;
#[cfg(any(feature = "oauth", feature = "webhooks"))]
use super::options;
#[cfg(any(feature = "oauth", feature = "webhooks"))]
use crate::install as flow;
#[cfg(feature = "oauth")]
use crate::install::{AuthorizeUrl, CookieScope, ExchangeCode, NewState, StateRules};
#[cfg(feature = "oauth")]
use crate::protocol::config::{DEFAULT_VERSION, MAX_AGE_SECONDS, TIMEOUT_MS, TTL_SECONDS};
#[cfg(feature = "oauth")]
use crate::protocol::cookie;
use crate::protocol::error::Error;
#[cfg(feature = "webhooks")]
use crate::protocol::inbound::{check_read, CANVAS_MAX_BYTES, WEBHOOK_MAX_BYTES};
#[cfg(feature = "oauth")]
use crate::protocol::region::{self, Region};
#[cfg(feature = "oauth")]
use crate::protocol::text::cat;
#[cfg(any(feature = "oauth", feature = "webhooks"))]
use crate::protocol::token;
use crate::rim::error::{to_js, Failure};
#[cfg(any(feature = "oauth", feature = "webhooks"))]
use crate::rim::object::{get_str, set};
#[cfg(any(feature = "oauth", feature = "webhooks"))]
use js_sys::Object;
#[cfg(any(feature = "oauth", feature = "webhooks"))]
use js_sys::Promise;
#[cfg(feature = "oauth")]
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

pub(crate) fn throw(e: Error) -> JsValue {
    to_js(&Failure::from(e))
}

#[cfg(any(feature = "oauth", feature = "webhooks", feature = "toolkit"))]
pub(crate) use super::flight::promise;

#[cfg(feature = "oauth")]
pub(crate) fn required(obj: &JsValue, key: &str) -> Result<String, Error> {
    options::string(obj, key)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::invalid_argument(cat(&[key, ": required"])))
}

#[cfg(feature = "oauth")]
fn region_of(obj: &JsValue) -> Result<Region, Error> {
    region::fixed(options::string(obj, "region")?.as_deref())
}

#[cfg(feature = "oauth")]
/// The secret, read by type; `crate::install` checks its length.
fn secret_of(obj: &JsValue) -> Result<String, Error> {
    Ok(options::string(obj, "secret")?.unwrap_or_default())
}

#[cfg(feature = "oauth")]
/// `allowedOrigins`: origins `data` may name besides a same-origin path.
fn origins_of(obj: &JsValue) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    if let Some(v) = options::field(obj, "allowedOrigins")? {
        let items = crate::rim::object::array_items(&v)
            .map_err(|_| Error::invalid_argument("allowedOrigins: could not be read"))?;
        for item in items.iter() {
            out.push(
                item.as_string()
                    .ok_or_else(|| Error::invalid_argument("allowedOrigins: origins as strings"))?,
            );
        }
    }
    Ok(out)
}

#[cfg(feature = "oauth")]
/// `unsafeNoBrowserBinding`: named so that code opting out of the nonce reads as a risk.
fn unbound_of(obj: &JsValue) -> Result<bool, Error> {
    Ok(options::boolean(obj, "unsafeNoBrowserBinding")?.unwrap_or(false))
}

#[cfg(feature = "oauth")]
/// The nonce cookie's `path` and `secure`, as `stateCookie` and `parseCallback` read them.
fn cookie_of(obj: &JsValue) -> Result<(Option<String>, bool), Error> {
    Ok((
        options::string(obj, "path")?,
        options::boolean(obj, "secure")?.unwrap_or(true),
    ))
}

#[cfg(feature = "oauth")]
/// The consent page URL: `https://app.intercom.com/oauth?client_id=…&state=…[&redirect_uri=…]`.
#[wasm_bindgen(js_name = authorizeUrl, unchecked_return_type = "string")]
pub fn authorize_url(
    #[wasm_bindgen(unchecked_param_type = "AuthorizeUrlOptions")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<String, Error> {
        options::object(&opts, "options", true)?;
        let client_id = required(&opts, "clientId")?;
        let state = required(&opts, "state")?;
        let base_url = options::string(&opts, "baseUrl")?;
        let redirect_uri = options::string(&opts, "redirectUri")?;
        flow::authorize_url(&AuthorizeUrl {
            client_id: &client_id,
            state: &state,
            redirect_uri: redirect_uri.as_deref(),
            region: region_of(&opts)?,
            base_url: base_url.as_deref(),
            allow_custom_consent_host: options::boolean(&opts, "allowCustomConsentHost")?
                == Some(true),
        })
    };
    // A JS string made here: a `String` return costs a conversion in the wasm and a
    // copy-and-free wrapper in the glue.
    run().map(|s| JsValue::from_str(&s)).map_err(throw)
}

#[cfg(feature = "oauth")]
/// A signed, stateless CSRF `state`: issue time, ≥128 random bits, optional `data` and
/// optional binding to a browser `nonce` (see `stateCookie`).
#[wasm_bindgen(js_name = createState, unchecked_return_type = "Promise<string>")]
pub fn create_state(
    #[wasm_bindgen(unchecked_param_type = "CreateStateOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = secret_of(&opts)?;
        let ttl_seconds = options::number(&opts, &TTL_SECONDS)?;
        let data = options::string(&opts, "data")?;
        let nonce = options::string(&opts, "nonce")?;
        let origins = origins_of(&opts)?;
        let origins: Vec<&str> = origins.iter().map(String::as_str).collect();
        let state = flow::create_state(&NewState {
            secret: &secret,
            ttl_seconds,
            data: data.as_deref(),
            nonce: nonce.as_deref(),
            unsafe_no_browser_binding: unbound_of(&opts)?,
            allowed_origins: &origins,
        })
        .await?;
        Ok(JsValue::from_str(&state))
    }))
}

#[cfg(feature = "oauth")]
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
        let nonce = options::string(&opts, "nonce")?;
        let now = match options::field(&opts, "now")? {
            Some(v) => Some(
                v.as_f64()
                    .filter(|n| n.is_finite())
                    .ok_or_else(|| Error::invalid_argument("now: expected ms since the epoch"))?,
            ),
            None => None,
        };
        let secret = secret_of(&opts)?;
        let origins = origins_of(&opts)?;
        let origins: Vec<&str> = origins.iter().map(String::as_str).collect();
        let rules = StateRules {
            unsafe_no_browser_binding: unbound_of(&opts)?,
            allowed_origins: &origins,
            cookie: CookieScope::default(),
        };
        let verified = flow::verify_state(&state, &secret, nonce.as_deref(), now, &rules).await?;
        let out = Object::new();
        if let Some(d) = &verified.data {
            set(&out, "data", &JsValue::from_str(d));
        }
        set(
            &out,
            "issuedAt",
            &JsValue::from_f64(verified.issued_at_ms as f64),
        );
        Ok(out.into())
    }))
}

#[cfg(feature = "oauth")]
/// `Set-Cookie` value binding the flow to this browser: `__Host-` prefixed, HttpOnly, Secure,
/// SameSite=Lax (the plain name when a `path` or `secure: false` rules the prefix out).
#[wasm_bindgen(js_name = stateCookie, unchecked_return_type = "string")]
pub fn state_cookie(
    #[wasm_bindgen(unchecked_param_type = "string")] nonce: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "StateCookieOptions")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<String, Error> {
        options::object(&opts, "options", false)?;
        let holder = Object::new();
        set(&holder, "nonce", &nonce);
        let nonce = options::string(&holder, "nonce")?
            .ok_or_else(|| Error::invalid_argument("nonce: required"))?;
        let max_age = options::number(&opts, &MAX_AGE_SECONDS)?.unwrap_or(MAX_AGE_SECONDS.default);
        let (path, secure) = cookie_of(&opts)?;
        let scope = CookieScope {
            path: path.as_deref(),
            secure,
        };
        cookie::state_cookie(&nonce, max_age, &scope)
    };
    // A JS string made here: a `String` return costs a conversion in the wasm and a
    // copy-and-free wrapper in the glue.
    run().map(|s| JsValue::from_str(&s)).map_err(throw)
}

#[cfg(feature = "oauth")]
/// Reads Intercom's redirect: verifies `state` first, then `code` byte-exact (a trailing "="
/// survives, "+" stays "+"). With a Request and no `nonce`, the nonce cookie is read from it
/// (the same `path`/`secure` as given to `stateCookie`); `setCookie` clears it.
#[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "Promise<OAuthCallback>")]
pub fn parse_callback(
    #[wasm_bindgen(unchecked_param_type = "string | URL | Request")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ParseCallbackOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = secret_of(&opts)?;
        let href = input
            .as_string()
            .or_else(|| get_str(&input, "url"))
            .or_else(|| get_str(&input, "href"))
            .ok_or_else(|| {
                Error::invalid_argument("url: expected a URL string, a URL or a Request")
            })?;
        let nonce = options::string(&opts, "nonce")?;
        let cookies = crate::rim::object::header(&input, "cookie");
        let origins = origins_of(&opts)?;
        let origins: Vec<&str> = origins.iter().map(String::as_str).collect();
        let (path, secure) = cookie_of(&opts)?;
        let rules = StateRules {
            unsafe_no_browser_binding: unbound_of(&opts)?,
            allowed_origins: &origins,
            cookie: CookieScope {
                path: path.as_deref(),
                secure,
            },
        };
        let callback =
            flow::parse_callback(&href, &secret, nonce.as_deref(), cookies.as_deref(), &rules)
                .await?;
        let out = Object::new();
        if let Some(d) = &callback.data {
            set(&out, "data", &JsValue::from_str(d));
        }
        set(&out, "code", &JsValue::from_str(&callback.code));
        set(&out, "state", &JsValue::from_str(&callback.state));
        set(&out, "setCookie", &JsValue::from_str(&callback.set_cookie));
        Ok(out.into())
    }))
}

#[cfg(feature = "oauth")]
/// POST the code to Intercom's token endpoint. The secret travels only in the form body;
/// the call is never retried once sent (a code works once).
#[wasm_bindgen(js_name = exchangeCode, unchecked_return_type = "Promise<OAuthToken>")]
pub fn exchange_code(
    #[wasm_bindgen(unchecked_param_type = "ExchangeCodeOptions")] opts: JsValue,
) -> Promise {
    let exchange = (|| {
        options::object(&opts, "options", true)?;
        let code = required(&opts, "code")?;
        let client_id = required(&opts, "clientId")?;
        let client_secret = required(&opts, "clientSecret")?;
        let redirect_uri = options::string(&opts, "redirectUri")?;
        let token_url = options::string(&opts, "tokenUrl")?;
        let region = match token_url {
            Some(_) => Region::Us,
            None => region_of(&opts)?,
        };
        let fetch = options::function(&opts, "fetch")?;
        let timeout_ms = options::number(&opts, &TIMEOUT_MS)?;
        let request = ExchangeCode {
            code: &code,
            client_id: &client_id,
            client_secret: &client_secret,
            redirect_uri: redirect_uri.as_deref(),
            region,
            token_url: token_url.as_deref(),
            timeout_ms,
            allow_private_hosts: options::boolean(&opts, "allowPrivateHosts")? == Some(true),
        };
        flow::code_exchange(&request, fetch)
    })();
    Flight::post(exchange, DEFAULT_VERSION, oauth_token, token::code_refused)
}

/// `{ token, tokenType: "Bearer" }` from the token endpoint's answer.
#[cfg(feature = "oauth")]
fn oauth_token(json: JsValue) -> Result<JsValue, Error> {
    let token = token::token_from_answer(get_str(&json, "token"), get_str(&json, "access_token"))?;
    let out = Object::new();
    // Not enumerable: JSON.stringify(result) and console logs of it leave the token out.
    let descriptor = Object::new();
    set(&descriptor, "value", &JsValue::from_str(&token));
    let _ = Object::define_property(&out, &"token".into(), &descriptor);
    set(&out, "tokenType", &"Bearer".into());
    Ok(out.into())
}

#[cfg(feature = "oauth")]
/// Revokes a token: POST `/auth/uninstall` on the workspace's regional API host.
#[wasm_bindgen(unchecked_return_type = "Promise<void>")]
pub fn uninstall(
    #[wasm_bindgen(unchecked_param_type = "UninstallOptions")] opts: JsValue,
) -> Promise {
    let exchange = (|| {
        options::object(&opts, "options", true)?;
        let token = required(&opts, "token")?;
        let base_url = options::string(&opts, "baseUrl")?;
        let region = match base_url {
            Some(_) => Region::Us,
            None => region_of(&opts)?,
        };
        let fetch = options::function(&opts, "fetch")?;
        let allow_private = options::boolean(&opts, "allowPrivateHosts")? == Some(true);
        flow::uninstall_exchange(&token, region, base_url.as_deref(), fetch, allow_private)
    })();
    Flight::post(exchange, DEFAULT_VERSION, |_| Ok(JsValue::UNDEFINED), |e| e)
}

#[cfg(feature = "oauth")]
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

#[cfg(feature = "webhooks")]
/// Intercom's `X-Hub-Signature: sha1=<hex>` over the raw body with the client secret.
/// Resolves false for anything wrong, including bad input; never rejects.
#[wasm_bindgen(js_name = verifyWebhook, unchecked_return_type = "Promise<boolean>")]
pub fn verify_webhook(
    #[wasm_bindgen(unchecked_param_type = "VerifyWebhookOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        // Over the webhook cap, measured before it is copied: false, as for any bad input.
        let body = options::field(&opts, "body").ok().flatten();
        let bytes = body
            .as_ref()
            .and_then(|b| crate::rim::body::held(b, WEBHOOK_MAX_BYTES.default))
            .and_then(Result::ok);
        let signature = options::string(&opts, "signature").ok().flatten();
        let secret = options::string(&opts, "clientSecret").ok().flatten();
        let ok = match (bytes, secret) {
            (Some(b), Some(s)) => flow::verify_webhook(&b, signature.as_deref(), &s).await,
            _ => false,
        };
        Ok(JsValue::from_bool(ok))
    }))
}

#[cfg(feature = "webhooks")]
/// The uninstall notification Intercom POSTs: `{ "app_id": "abc123" }`.
#[wasm_bindgen(js_name = parseUninstallNotice, unchecked_return_type = "{ appId: string }")]
pub fn parse_uninstall_notice(
    #[wasm_bindgen(unchecked_param_type = "string | object")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        let json = match body.dyn_ref::<js_sys::JsString>() {
            Some(text) => {
                // An uninstall notice is `{"app_id":…}`: a text over the Canvas cap is not one,
                // and is refused before it is copied (UTF-16 units never outnumber bytes).
                check_read(text.length() as usize, CANVAS_MAX_BYTES.default)?;
                let text = String::from(text);
                check_read(text.len(), CANVAS_MAX_BYTES.default)?;
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
