//! Messenger identity for a server or worker: `messengerJwt`, `verifyMessengerJwt`, `userHash`.
//! Rules in `protocol::jwt` and `protocol::user_hash`; here: options, JSON and WebCrypto HMAC.

use super::bindings::now_ms;
use super::crypto::{hmac, Hash};
use super::oauth::promise;
use super::object::set;
use super::options;
use crate::protocol::config::{EXPIRES_IN_SECONDS, LEEWAY_SECONDS};
use crate::protocol::encoding::hex_lower;
use crate::protocol::error::Error;
use crate::protocol::jwt::{self as rules, Claim, ExtraClaim, NewToken, Received};
use crate::protocol::oauth::constant_time_eq;
use crate::protocol::user_hash::{check_intercom_secret, identifier};
use js_sys::{Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The Messenger API secret (Settings > Messenger > Security), refused when empty.
fn secret(opts: &JsValue) -> Result<String, Error> {
    let s = options::string(opts, "secret")?.unwrap_or_default();
    check_intercom_secret("secret", &s)?;
    Ok(s)
}

/// `userId`: a string, or a whole number written as Intercom's samples write it (`to_s`).
fn user_id(opts: &JsValue) -> Result<Option<String>, Error> {
    match options::field(opts, "userId")? {
        None => Ok(None),
        Some(v) => match (v.as_string(), v.as_f64()) {
            (Some(s), _) => Ok(Some(s)),
            (None, Some(n)) => rules::user_id_from_number(n)
                .map(Some)
                .ok_or_else(|| Error::invalid_argument("userId: a string or a whole number")),
            _ => Err(Error::invalid_argument(
                "userId: a string or a whole number",
            )),
        },
    }
}

fn now_option(opts: &JsValue) -> Result<f64, Error> {
    match options::field(opts, "now")? {
        Some(v) => v
            .as_f64()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .ok_or_else(|| Error::invalid_argument("now: expected ms since the epoch")),
        None => Ok(now_ms()),
    }
}

/// `claims` as (name, JSON text) pairs, in the object's own order; values JSON cannot hold
/// (BigInt, cycles) are bad input, `undefined` and functions are left out as JSON.stringify does.
fn extra_claims(opts: &JsValue) -> Result<Vec<ExtraClaim>, Error> {
    let Some(claims) = options::field(opts, "claims")? else {
        return Ok(Vec::new());
    };
    options::object(&claims, "claims", true)?;
    let mut out = Vec::new();
    for pair in Object::entries(claims.unchecked_ref()).iter() {
        let pair: js_sys::Array = pair.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        let json = JSON::stringify(&pair.get(1))
            .map_err(|_| Error::invalid_argument(["claims: ", &name, " is not JSON"].concat()))?;
        if let Some(json) = json.as_string() {
            out.push(ExtraClaim { name, json });
        }
    }
    Ok(out)
}

async fn mac(secret: &str, input: &str) -> Result<Vec<u8>, Error> {
    hmac(Hash::Sha256, secret.as_bytes(), input.as_bytes()).await
}

/// A Messenger Security JWT (HS256) for `intercom_user_jwt` / `setUserJwt`.
#[wasm_bindgen(js_name = messengerJwt, unchecked_return_type = "Promise<string>")]
pub fn messenger_jwt(
    #[wasm_bindgen(unchecked_param_type = "MessengerJwtOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = secret(&opts)?;
        let user_id = user_id(&opts)?.unwrap_or_default();
        let email = options::string(&opts, "email")?;
        let exp = match options::number(&opts, &EXPIRES_IN_SECONDS)? {
            Some(s) => Some(rules::exp_after(now_option(&opts)?, s)),
            None => None,
        };
        let claims = extra_claims(&opts)?;
        let payload = rules::payload_json(&NewToken {
            user_id: &user_id,
            email: email.as_deref(),
            exp,
            claims: &claims,
        })?;
        let input = rules::signing_input(&payload);
        let mac = mac(&secret, &input).await?;
        Ok(JsValue::from_str(&rules::compact(&input, &mac)))
    }))
}

fn claim(obj: &JsValue, key: &str) -> Claim {
    let v = Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() {
        Claim::Absent
    } else if let Some(s) = v.as_string() {
        Claim::Text(s)
    } else if let Some(n) = v.as_f64() {
        Claim::Number(n)
    } else {
        Claim::Other
    }
}

/// A JSON object (not an array, not a scalar), or `None`.
pub(crate) fn json_object(text: &str) -> Option<JsValue> {
    JSON::parse(text)
        .ok()
        .filter(|v| v.is_object() && !js_sys::Array::is_array(v))
}

/// Checks a Messenger JWT: HS256 only, the MAC in constant time, then `user_id` and `exp`.
#[wasm_bindgen(js_name = verifyMessengerJwt, unchecked_return_type = "Promise<VerifiedMessengerJwt>")]
pub fn verify_messenger_jwt(
    #[wasm_bindgen(unchecked_param_type = "string")] jwt: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyMessengerJwtOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = secret(&opts)?;
        let now_s = now_option(&opts)? / 1000.0;
        let leeway = options::number(&opts, &LEEWAY_SECONDS)?.unwrap_or(LEEWAY_SECONDS.default);
        let jwt = jwt
            .as_string()
            .ok_or_else(|| Error::invalid_argument("jwt: expected a string"))?;
        let parts = rules::split(&jwt)?;
        let header = json_object(&parts.header)
            .ok_or_else(|| rules::jwt_invalid("the header is not a JSON object"))?;
        let has_crit = !matches!(claim(&header, "crit"), Claim::Absent);
        rules::check_header(&claim(&header, "alg"), has_crit)?;
        if !constant_time_eq(&mac(&secret, parts.signing_input).await?, &parts.mac) {
            return Err(rules::jwt_invalid(
                "the signature does not match (another secret, or the token was altered)",
            ));
        }
        let payload = json_object(&parts.payload)
            .ok_or_else(|| rules::jwt_invalid("the payload is not a JSON object"))?;
        let verified = rules::check_claims(
            &Received {
                user_id: claim(&payload, "user_id"),
                email: claim(&payload, "email"),
                exp: claim(&payload, "exp"),
                nbf: claim(&payload, "nbf"),
            },
            now_s,
            leeway,
        )?;
        let others = Object::assign(&Object::new(), payload.unchecked_ref());
        for k in ["user_id", "email", "exp"] {
            let _ = Reflect::delete_property(&others, &JsValue::from_str(k));
        }
        let out = Object::new();
        set(&out, "userId", &JsValue::from_str(&verified.user_id));
        if let Some(e) = &verified.email {
            set(&out, "email", &JsValue::from_str(e));
        }
        if let Some(exp) = verified.exp {
            set(&out, "exp", &JsValue::from_f64(exp));
        }
        set(&out, "claims", &others);
        Ok(out.into())
    }))
}

/// Identity Verification's `user_hash`: lowercase hex HMAC-SHA256 of userId, else email.
#[wasm_bindgen(js_name = userHash, unchecked_return_type = "Promise<string>")]
pub fn user_hash(
    #[wasm_bindgen(unchecked_param_type = "UserHashOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = secret(&opts)?;
        let user_id = user_id(&opts)?;
        let email = options::string(&opts, "email")?;
        let ident = identifier(user_id.as_deref(), email.as_deref())?;
        Ok(JsValue::from_str(&hex_lower(&mac(&secret, ident).await?)))
    }))
}
