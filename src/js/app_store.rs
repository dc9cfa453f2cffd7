//! `appStoreRedirect`: where an App Store install ends. Rules in `protocol::app_store`.

use super::oauth::throw;
use super::options;
use crate::protocol::app_store::{redirect_params, REDIRECT_URL};
use crate::protocol::error::Error;
use wasm_bindgen::prelude::*;

/// `https://app.intercom.com/appstore/redirect?install_success=true|false[&error_message=…]`,
/// the message percent-encoded by URLSearchParams.
pub fn app_store_redirect(ok: bool, message: Option<&str>) -> Result<String, Error> {
    let url = web_sys::Url::new(REDIRECT_URL)
        .map_err(|_| Error::invalid_argument("URL is unavailable"))?;
    let params = url.search_params();
    for (k, v) in redirect_params(ok, message) {
        params.append(k, &v);
    }
    Ok(url.href())
}

#[wasm_bindgen(js_name = appStoreRedirect)]
pub fn js_app_store_redirect(
    #[wasm_bindgen(unchecked_param_type = "AppStoreRedirectOptions")] opts: JsValue,
) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        options::object(&opts, "options", true)?;
        let ok = options::boolean(&opts, "ok")?
            .ok_or_else(|| Error::invalid_argument("ok: required, true or false"))?;
        let message = options::string(&opts, "message")?;
        app_store_redirect(ok, message.as_deref())
    };
    run().map_err(throw)
}
