//! The end of an App Store install (facts §6): redirect the admin to Intercom with the result.

use super::error::truncate;

pub const REDIRECT_URL: &str = "https://app.intercom.com/appstore/redirect";
/// Intercom shows the message to the admin; a page of text is not a message.
const MAX_MESSAGE_CHARS: usize = 500;

/// The query pairs, in order; the rim percent-encodes them with URLSearchParams. A message
/// only goes with a failure (Intercom documents `error_message` for `install_success=false`).
pub fn redirect_params(ok: bool, message: Option<&str>) -> Vec<(&'static str, String)> {
    let mut out = vec![(
        "install_success",
        if ok { "true" } else { "false" }.to_owned(),
    )];
    if let Some(m) = message.map(str::trim).filter(|m| !ok && !m.is_empty()) {
        out.push(("error_message", truncate(m, MAX_MESSAGE_CHARS)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params() {
        assert_eq!(
            redirect_params(true, Some("ignored")),
            vec![("install_success", "true".into())]
        );
        assert_eq!(
            redirect_params(false, Some(" No admin seat ")),
            vec![
                ("install_success", "false".into()),
                ("error_message", "No admin seat".into())
            ]
        );
        assert_eq!(redirect_params(false, Some("  ")).len(), 1);
        let long = "x".repeat(600);
        assert_eq!(
            redirect_params(false, Some(&long))[1].1.chars().count(),
            501
        );
    }
}
