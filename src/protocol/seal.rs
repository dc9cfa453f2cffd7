//! Sealed tokens: Intercom OAuth tokens never expire (facts §7), so they are stored encrypted.
//!
//! Format: `v1.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>` — AES-256-GCM with a random 96-bit IV
//! and a 128-bit tag. The AES key is HKDF-SHA256(ikm = the key string's UTF-8 bytes,
//! salt = "intercom-edge sealToken v1", info = "token key " ‖ keyId), so each keyId gets its own
//! AES key even if a secret is reused; the text `v1.<keyId>` is the GCM additional data, so the
//! keyId cannot be swapped without the tag failing. Crypto runs in WebCrypto via the rim.

use super::code::ErrorCode;
use super::error::Error;
use super::oauth::{base64url_decode, base64url_encode};
use super::text::{cat, pieces};

pub const VERSION: &str = "v1";
pub const IV_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
pub const MIN_KEY_CHARS: usize = 32;
pub const DEFAULT_KEY_ID: &str = "default";
pub const HKDF_SALT: &[u8] = b"intercom-edge sealToken v1";
const MAX_KEY_ID: usize = 64;
const MAX_TOKEN_BYTES: usize = 8 * 1024;
const MAX_SEALED: usize = 16 * 1024;

pub fn seal_invalid(why: &str) -> Error {
    Error::new(
        ErrorCode::TokenSealInvalid,
        cat(&["The sealed token cannot be opened: ", why]),
        false,
    )
}

/// A key is a secret of our user's own making: at least 32 characters (say 32 random bytes,
/// hex or base64), so it cannot be a guessable word.
pub fn check_key(name: &str, key: &str) -> Result<(), Error> {
    // Characters counted as the bytes that start one: `chars().count()` inlines std's
    // unrolled counter for a 32-character check.
    if key.as_bytes().iter().filter(|&&b| b & 0xC0 != 0x80).count() < MIN_KEY_CHARS {
        return Err(Error::invalid_argument(cat(&[
            name,
            ": at least 32 characters (e.g. 32 random bytes as hex or base64)",
        ])));
    }
    Ok(())
}

/// A keyId travels in the clear inside the sealed string: 1–64 of A-Z a-z 0-9 - _.
pub fn check_key_id(id: &str) -> Result<(), Error> {
    let ok = !id.is_empty()
        && id.len() <= MAX_KEY_ID
        && id
            .as_bytes()
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "keyId: 1 to 64 characters of A-Z a-z 0-9 - _",
        ))
    }
}

pub fn check_token(token: &str) -> Result<(), Error> {
    if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
        return Err(Error::invalid_argument(
            "token: a non-empty string of at most 8 KiB",
        ));
    }
    Ok(())
}

pub fn hkdf_info(key_id: &str) -> Vec<u8> {
    [b"token key ".as_slice(), key_id.as_bytes()].concat()
}

/// The GCM additional data: the sealed string's clear prefix.
pub fn aad(key_id: &str) -> Vec<u8> {
    cat(&[VERSION, ".", key_id]).into_bytes()
}

pub fn encode(key_id: &str, iv: &[u8; IV_LEN], sealed: &[u8]) -> String {
    [
        VERSION,
        ".",
        key_id,
        ".",
        &base64url_encode(&[iv.as_slice(), sealed].concat()),
    ]
    .concat()
}

#[derive(Debug, PartialEq)]
pub struct Sealed {
    pub key_id: String,
    pub iv: [u8; IV_LEN],
    /// ciphertext ‖ tag, as WebCrypto's decrypt takes it.
    pub sealed: Vec<u8>,
}

pub fn decode(text: &str) -> Result<Sealed, Error> {
    if text.len() > MAX_SEALED {
        return Err(seal_invalid("longer than 16 KiB"));
    }
    let mut parts = pieces(text.trim_ascii(), b'.');
    let (Some(version), Some(key_id), Some(blob), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(seal_invalid("not a string from sealToken"));
    };
    if version != VERSION {
        return Err(seal_invalid("unknown version"));
    }
    check_key_id(key_id).map_err(|_| seal_invalid("bad keyId"))?;
    let bytes = base64url_decode(blob)
        .filter(|b| b.len() >= IV_LEN + TAG_LEN)
        .ok_or_else(|| seal_invalid("bad encoding"))?;
    let (iv, sealed) = bytes.split_at(IV_LEN);
    let mut out = [0u8; IV_LEN];
    out.copy_from_slice(iv);
    Ok(Sealed {
        key_id: key_id.to_owned(),
        iv: out,
        sealed: sealed.to_vec(),
    })
}

/// `keys` of `openToken`: one key for every keyId, or a key per keyId (rotation).
pub enum Keys {
    /// One key.
    One(String),
    /// Keys by id, for rotation.
    ById(Vec<(String, String)>),
}

pub fn key_for<'a>(keys: &'a Keys, key_id: &str) -> Result<&'a str, Error> {
    match keys {
        Keys::One(k) => Ok(k),
        Keys::ById(list) => list
            .iter()
            .find(|(id, _)| id == key_id)
            .map(|(_, k)| k.as_str())
            .ok_or_else(|| seal_invalid("no key for its keyId")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_roundtrip() {
        let iv = [7u8; IV_LEN];
        let sealed = vec![1u8; 40];
        let text = encode("2026-11", &iv, &sealed);
        assert!(text.starts_with("v1.2026-11."));
        let back = decode(&text).unwrap();
        assert_eq!(back.key_id, "2026-11");
        assert_eq!(back.iv, iv);
        assert_eq!(back.sealed, sealed);
        assert_eq!(aad("2026-11"), b"v1.2026-11");
        assert_eq!(hkdf_info("k1"), b"token key k1");
    }

    #[test]
    fn malformed_is_token_seal_invalid() {
        let good = encode("k", &[0; IV_LEN], &[0; TAG_LEN]);
        let long = "a".repeat(MAX_SEALED + 1);
        for bad in [
            "",
            "v1",
            "v1.k",
            "v2.k.AAAA",
            "v1..AAAA",
            "v1.k.!!!",
            "v1.k.AAAA",
            "v1.k.AAAA.x",
            "v1.k!.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            long.as_str(),
        ] {
            assert_eq!(
                decode(bad).unwrap_err().code.as_str(),
                "token_seal_invalid",
                "{bad:.20}"
            );
        }
        assert!(decode(&good).is_ok());
    }

    #[test]
    fn input_rules() {
        assert!(check_key("key", &"x".repeat(31)).is_err());
        assert!(check_key("key", &"x".repeat(32)).is_ok());
        assert!(check_key("key", "").is_err());
        for bad in ["", "a.b", "é", &"a".repeat(65)] {
            assert!(check_key_id(bad).is_err(), "{bad}");
        }
        assert!(check_key_id("2026-11_a").is_ok());
        assert!(check_token("").is_err());
        assert!(check_token(&"t".repeat(9000)).is_err());
    }

    #[test]
    fn key_lookup() {
        let one = Keys::One("a".into());
        assert_eq!(key_for(&one, "anything").unwrap(), "a");
        let by_id = Keys::ById(vec![("old".into(), "A".into()), ("new".into(), "B".into())]);
        assert_eq!(key_for(&by_id, "new").unwrap(), "B");
        assert_eq!(
            key_for(&by_id, "gone").unwrap_err().code.as_str(),
            "token_seal_invalid"
        );
    }
}
