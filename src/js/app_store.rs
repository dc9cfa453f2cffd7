//! The JS export `appStoreRedirect`: it reads options and calls `crate::toolkit::app_store`.

use super::oauth::throw;
use super::options;
use crate::protocol::error::Error;
use crate::toolkit::app_store::app_store_redirect;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_name = appStoreRedirect, unchecked_return_type = "string")]
pub fn js_app_store_redirect(
    #[wasm_bindgen(unchecked_param_type = "AppStoreRedirectOptions")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<String, Error> {
        options::object(&opts, "options", true)?;
        let ok = options::boolean(&opts, "ok")?
            .ok_or_else(|| Error::invalid_argument("ok: required, true or false"))?;
        let message = options::string(&opts, "message")?;
        app_store_redirect(ok, message.as_deref())
    };
    // A JS string made here: a `String` return costs a conversion in the wasm and a
    // copy-and-free wrapper in the glue.
    run().map(|s| JsValue::from_str(&s)).map_err(throw)
}
