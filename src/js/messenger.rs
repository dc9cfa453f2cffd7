//! Messenger identity for a server or worker: `messengerJwt`, `verifyMessengerJwt`, `userHash`.
//! Rules in `protocol::jwt` and `protocol::user_hash`; here: WebCrypto HMAC, JSON by the
//! platform, and the Rust-typed functions that both the JS exports and Rust callers use.

use super::json::object as json_object;
use super::oauth::promise;
use super::options;
use crate::protocol::config::{EXPIRES_IN_SECONDS, LEEWAY_SECONDS};
use crate::protocol::encoding::hex_lower;
use crate::protocol::error::Error;
use crate::protocol::jwt::{self as rules, Claim, ExtraClaim, NewToken, Received};
use crate::protocol::oauth::constant_time_eq;
use crate::protocol::user_hash::{check_intercom_secret, identifier};
use crate::rim::bindings::now_ms;
use crate::rim::crypto::{hmac, Hash};
use crate::rim::object::set;
use js_sys::{Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;

/// What `messenger_jwt` signs.
#[derive(Default)]
pub struct MessengerJwtOptions {
    /// The Messenger API secret (Settings > Messenger > Security).
    pub secret: String,
    /// Your user's id, signed as `user_id`.
    pub user_id: String,
    /// Signed as `email` when given.
    pub email: Option<String>,
    /// Adds `exp = floor(now / 1000) + expires_in_seconds`.
    pub expires_in_seconds: Option<u32>,
    /// More signed attributes, each value as JSON text; may not set `user_id` or `exp`.
    pub claims: Vec<ExtraClaim>,
    /// ms since the epoch; default now.
    pub now_ms: Option<f64>,
}

/// A verified Messenger JWT; `claims` holds every other claim of the payload.
pub struct VerifiedMessengerJwt<C> {
    /// The signed `user_id`.
    pub user_id: String,
    /// The signed `email`, if any.
    pub email: Option<String>,
    /// Unix seconds.
    pub exp: Option<f64>,
    /// Every other claim.
    pub claims: C,
}

async fn mac(secret: &str, input: &str) -> Result<Vec<u8>, Error> {
    hmac(Hash::Sha256, secret.as_bytes(), input.as_bytes()).await
}

/// A Messenger Security JWT (HS256) for `intercom_user_jwt` / `setUserJwt`.
pub async fn messenger_jwt(o: &MessengerJwtOptions) -> Result<String, Error> {
    check_intercom_secret("secret", &o.secret)?;
    let exp = o
        .expires_in_seconds
        .map(|s| rules::exp_after(o.now_ms.unwrap_or_else(now_ms), s));
    let payload = rules::payload_json(&NewToken {
        user_id: &o.user_id,
        email: o.email.as_deref(),
        exp,
        claims: &o.claims,
    })?;
    let input = rules::signing_input(&payload);
    let mac = mac(&o.secret, &input).await?;
    Ok(rules::compact(&input, &mac))
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

/// Checks a Messenger JWT: HS256 only, the MAC in constant time, then `user_id` and `exp`
/// (valid while now < exp + leeway). The other claims come back as a JS object.
pub async fn verify_messenger_jwt(
    jwt: &str,
    secret: &str,
    now_ms_at: Option<f64>,
    leeway_seconds: u32,
) -> Result<VerifiedMessengerJwt<Object>, Error> {
    check_intercom_secret("secret", secret)?;
    let parts = rules::split(jwt)?;
    let header = json_object(&parts.header)
        .ok_or_else(|| rules::jwt_invalid("the header is not a JSON object"))?;
    let has_crit = !matches!(claim(&header, "crit"), Claim::Absent);
    rules::check_header(&claim(&header, "alg"), has_crit)?;
    if !constant_time_eq(&mac(secret, parts.signing_input).await?, &parts.mac) {
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
        now_ms_at.unwrap_or_else(now_ms) / 1000.0,
        leeway_seconds,
    )?;
    let claims = crate::rim::object::copy(&payload).unwrap_or_default();
    for k in ["user_id", "email", "exp"] {
        let _ = Reflect::delete_property(&claims, &JsValue::from_str(k));
    }
    Ok(VerifiedMessengerJwt {
        user_id: verified.user_id,
        email: verified.email,
        exp: verified.exp,
        claims,
    })
}

/// Identity Verification's `user_hash`: lowercase hex HMAC-SHA256 of `user_id`, else `email`.
pub async fn user_hash(
    secret: &str,
    user_id: Option<&str>,
    email: Option<&str>,
) -> Result<String, Error> {
    check_intercom_secret("secret", secret)?;
    let ident = identifier(user_id, email)?;
    Ok(hex_lower(&mac(secret, ident).await?))
}

// --- the JS exports: read options, call the functions above ---

fn secret_of(opts: &JsValue) -> Result<String, Error> {
    Ok(options::string(opts, "secret")?.unwrap_or_default())
}

/// `userId`: a string, or a whole number written as Intercom's samples write it (`to_s`).
fn user_id_of(opts: &JsValue) -> Result<Option<String>, Error> {
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

fn now_of(opts: &JsValue) -> Result<Option<f64>, Error> {
    options::field(opts, "now")?
        .map(|v| {
            v.as_f64()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .ok_or_else(|| Error::invalid_argument("now: expected ms since the epoch"))
        })
        .transpose()
}

/// `claims` as (name, JSON text) pairs, in the object's own order; values JSON cannot hold
/// (BigInt, cycles) are bad input, `undefined` and functions are left out as JSON.stringify does.
fn claims_of(opts: &JsValue) -> Result<Vec<ExtraClaim>, Error> {
    let Some(claims) = options::field(opts, "claims")? else {
        return Ok(Vec::new());
    };
    options::object(&claims, "claims", true)?;
    let mut out = Vec::new();
    let entries = crate::rim::object::entries(&claims)
        .map_err(|_| Error::invalid_argument("claims: could not be read"))?;
    for (name, value) in entries {
        let json = JSON::stringify(&value)
            .map_err(|_| Error::invalid_argument(["claims: ", &name, " is not JSON"].concat()))?;
        if let Some(json) = json.as_string() {
            out.push(ExtraClaim { name, json });
        }
    }
    Ok(out)
}

#[wasm_bindgen(js_name = messengerJwt, unchecked_return_type = "Promise<string>")]
pub fn js_messenger_jwt(
    #[wasm_bindgen(unchecked_param_type = "MessengerJwtOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let o = MessengerJwtOptions {
            secret: secret_of(&opts)?,
            user_id: user_id_of(&opts)?.unwrap_or_default(),
            email: options::string(&opts, "email")?,
            expires_in_seconds: options::number(&opts, &EXPIRES_IN_SECONDS)?,
            claims: claims_of(&opts)?,
            now_ms: now_of(&opts)?,
        };
        Ok(JsValue::from_str(&messenger_jwt(&o).await?))
    }))
}

#[wasm_bindgen(js_name = verifyMessengerJwt, unchecked_return_type = "Promise<VerifiedMessengerJwt>")]
pub fn js_verify_messenger_jwt(
    #[wasm_bindgen(unchecked_param_type = "string")] jwt: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyMessengerJwtOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = secret_of(&opts)?;
        let now = now_of(&opts)?;
        let leeway = options::number(&opts, &LEEWAY_SECONDS)?.unwrap_or(LEEWAY_SECONDS.default);
        let jwt = jwt
            .as_string()
            .ok_or_else(|| Error::invalid_argument("jwt: expected a string"))?;
        let v = verify_messenger_jwt(&jwt, &secret, now, leeway).await?;
        let out = Object::new();
        set(&out, "userId", &JsValue::from_str(&v.user_id));
        if let Some(e) = &v.email {
            set(&out, "email", &JsValue::from_str(e));
        }
        if let Some(exp) = v.exp {
            set(&out, "exp", &JsValue::from_f64(exp));
        }
        set(&out, "claims", &v.claims);
        Ok(out.into())
    }))
}

#[wasm_bindgen(js_name = userHash, unchecked_return_type = "Promise<string>")]
pub fn js_user_hash(
    #[wasm_bindgen(unchecked_param_type = "UserHashOptions")] opts: JsValue,
) -> Promise {
    promise(Box::pin(async move {
        options::object(&opts, "options", true)?;
        let secret = secret_of(&opts)?;
        let user_id = user_id_of(&opts)?;
        let email = options::string(&opts, "email")?;
        Ok(JsValue::from_str(
            &user_hash(&secret, user_id.as_deref(), email.as_deref()).await?,
        ))
    }))
}
