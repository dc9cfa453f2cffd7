//! The platform's URL parser, for the host rules of `protocol::host`: they judge the host as
//! fetch will read it, never the caller's spelling of it.

use crate::protocol::error::Error;
use crate::protocol::host;
use crate::protocol::text::cat;

/// `url` (the `option` a caller gave) may receive a credential: its parsed host must pass
/// `protocol::host::check_credential_host`.
pub fn check_credential_host(option: &str, url: &str, allow_private: bool) -> Result<(), Error> {
    let parsed = web_sys::Url::new(url)
        .map_err(|_| Error::invalid_argument(cat(&[option, ": not a URL"])))?;
    host::check_credential_host(option, url, &parsed.hostname(), allow_private)
}
