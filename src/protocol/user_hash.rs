//! Identity Verification's `user_hash` (facts §2, legacy but still accepted): lowercase hex
//! HMAC-SHA256 of the `user_id`, else of the email, keyed with the Messenger API secret.

use super::error::Error;
use super::text::cat;

/// Which identifier is hashed: `user_id` wins over `email`, as the Messenger checks it.
pub fn identifier<'a>(user_id: Option<&'a str>, email: Option<&'a str>) -> Result<&'a str, Error> {
    match (user_id, email) {
        (Some(""), _) => Err(Error::invalid_argument("userId: empty")),
        (Some(id), _) => Ok(id),
        (None, Some("")) => Err(Error::invalid_argument("email: empty")),
        (None, Some(email)) => Ok(email),
        (None, None) => Err(Error::invalid_argument(
            "userId or email: one is required (userId wins when both are given)",
        )),
    }
}

/// Secrets Intercom issues (Messenger API secret, OAuth client secret) are taken as they are,
/// but an empty one is refused here: WebCrypto throws DataError on a zero-length HMAC key,
/// and an empty key would be no secret at all.
pub fn check_intercom_secret(name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid_argument(cat(&[
            name,
            ": required, a non-empty string",
        ])));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_id_wins_over_email() {
        assert_eq!(identifier(Some("12345"), Some("a@b")), Ok("12345"));
        assert_eq!(identifier(None, Some("a@b")), Ok("a@b"));
        for (id, email) in [(None, None), (Some(""), Some("a@b")), (None, Some(""))] {
            assert_eq!(
                identifier(id, email).unwrap_err().code.as_str(),
                "invalid_argument"
            );
        }
        assert!(check_intercom_secret("secret", "").is_err());
        assert!(check_intercom_secret("secret", "bar").is_ok());
    }

    #[test]
    fn vector_identifiers_are_the_utf8_bytes_given() {
        let v = super::super::vectors();
        for case in v["user_hash"]["cases"].as_array().unwrap() {
            let ident = case["identifier"].as_str().unwrap();
            let (id, email) = match case["input_kind"].as_str().unwrap() {
                "user_id" => (Some(ident), None),
                _ => (None, Some(ident)),
            };
            let chosen = identifier(id, email).unwrap();
            assert_eq!(
                super::super::encoding::hex_lower(chosen.as_bytes()),
                case["identifier_utf8_hex"].as_str().unwrap()
            );
        }
    }
}
