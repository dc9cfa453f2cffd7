//! `IntercomClient.fromEnv`: client options from environment variables.

use super::options;
use crate::protocol::error::Error;
use crate::protocol::text::cat;
use crate::rim::runtime;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/rim/runtime.js")]
extern "C" {
    /// The options from `env`'s INTERCOM_* variables with `overrides` over them, or what kept
    /// them from being read (see rim/runtime.js).
    #[wasm_bindgen(js_name = envOptions)]
    fn env_options(env: &JsValue, overrides: &JsValue) -> JsValue;
}

pub fn client_options(env: JsValue, overrides: &JsValue) -> Result<JsValue, Error> {
    let env = if env.is_undefined() || env.is_null() {
        runtime::process_env()
    } else {
        env
    };
    options::object(&env, "env", false)?;
    options::object(overrides, "overrides", false)?;
    let opts = env_options(&env, overrides);
    if let Some(variable) = opts.as_string() {
        // Read again to word the error as every option's ("…: expected a string").
        options::string(&env, &variable)?;
        return Err(Error::invalid_argument(cat(&[
            &variable,
            ": could not be read",
        ])));
    }
    if !opts.is_object() {
        return Err(Error::invalid_argument("overrides: could not be read"));
    }
    if options::string(&opts, "token")?.is_none() {
        return Err(Error::invalid_argument(
            "token: required; set INTERCOM_ACCESS_TOKEN (or INTERCOM_API_KEY)",
        ));
    }
    Ok(opts)
}
