//! `IntercomClient.fromEnv`: client options from environment variables.

use super::options;
use crate::protocol::error::Error;
use crate::rim::object::set;
use crate::rim::runtime;
use js_sys::Object;
use wasm_bindgen::JsValue;

/// Option ← variable, in order of preference: the first non-empty one sets an option.
const VARIABLES: [(&str, &str); 5] = [
    ("token", "INTERCOM_ACCESS_TOKEN"),
    ("token", "INTERCOM_API_KEY"),
    ("region", "INTERCOM_REGION"),
    ("version", "INTERCOM_VERSION"),
    ("baseUrl", "INTERCOM_BASE_URL"),
];

pub fn client_options(env: JsValue, overrides: &JsValue) -> Result<JsValue, Error> {
    let env = if env.is_undefined() || env.is_null() {
        runtime::process_env()
    } else {
        env
    };
    options::object(&env, "env", false)?;
    options::object(overrides, "overrides", false)?;
    let opts = Object::new();
    // One flat loop; `set_key` remembers the option already set, so a later variable for it
    // (the token's fallback) is not read.
    let mut set_key = "";
    for (key, name) in VARIABLES {
        if key == set_key {
            continue;
        }
        if let Some(v) = options::string(&env, name)?.filter(|v| !v.is_empty()) {
            let v = if key == "region" {
                v.to_ascii_lowercase()
            } else {
                v
            };
            set(&opts, key, &JsValue::from_str(&v));
            set_key = key;
        }
    }
    if overrides.is_object() {
        // Like Object.assign, but a throwing Proxy or getter is bad input, not a raw throw.
        let entries = crate::rim::object::entries(overrides)
            .map_err(|_| Error::invalid_argument("overrides: could not be read"))?;
        for (key, value) in entries {
            set(&opts, &key, &value);
        }
    }
    if options::string(&opts, "token")?.is_none() {
        return Err(Error::invalid_argument(
            "token: required; set INTERCOM_ACCESS_TOKEN (or INTERCOM_API_KEY)",
        ));
    }
    Ok(opts.into())
}
