//! The JS exports `messengerJwt`, `verifyMessengerJwt`, `userHash`: they read options and
//! call `crate::toolkit::messenger`.

use super::oauth::promise;
use super::options;
use crate::protocol::config::{EXPIRES_IN_SECONDS, LEEWAY_SECONDS};
use crate::protocol::error::Error;
use crate::protocol::jwt::{self as rules, ExtraClaim};
use crate::protocol::text::cat;
use crate::rim::object::set;
use crate::toolkit::messenger::{
    messenger_jwt, user_hash, verify_messenger_jwt, MessengerJwtOptions,
};
use js_sys::{Object, Promise, JSON};
use wasm_bindgen::prelude::*;

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
            .map_err(|_| Error::invalid_argument(cat(&["claims: ", &name, " is not JSON"])))?;
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
