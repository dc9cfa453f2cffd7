//! Messenger identity: signing and checking Messenger Security JWTs, and `user_hash`.
//! Rules in `protocol::jwt` and `protocol::user_hash`; here: WebCrypto HMAC and JSON by the
//! platform. Used by Rust callers and by the JS exports in `js::messenger`.

use crate::protocol::encoding::hex_lower;
use crate::protocol::error::Error;
use crate::protocol::jwt::{self as rules, Claim, ExtraClaim, NewToken, Received};
use crate::protocol::oauth::constant_time_eq;
use crate::protocol::user_hash::{check_intercom_secret, identifier};
use crate::rim::bindings::now_ms;
use crate::rim::crypto::{hmac, Hash};
use crate::rim::json::object as json_object;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
    // JSON.parse made every key an own data property ("__proto__" too); a copy by assignment
    // would run the `__proto__` setter and hand the token's claim in as the prototype.
    let claims: Object = payload.unchecked_into();
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
