//! Where an App Store install ends. Rules in `protocol::app_store`; the URL is encoded by the
//! platform's URL/URLSearchParams.

use crate::protocol::app_store::{redirect_params, REDIRECT_URL};
use crate::protocol::error::Error;

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
