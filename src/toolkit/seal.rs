//! Sealed tokens: OAuth tokens encrypted for storage (KV, D1, cookies). The format and key
//! rules are in `protocol::seal`; AES-GCM and HKDF run in WebCrypto.

use crate::protocol::error::Error;
use crate::protocol::seal::{self as rules, Keys};
use crate::protocol::text::cat;
use crate::rim::cipher::{aes_gcm, Key};
use crate::rim::crypto::random_bytes;

/// The AES key: HKDF-SHA256 of the secret, with `protocol::seal`'s salt and the key id's info.
fn key_from<'a>(secret: &'a str, info: &'a [u8]) -> Key<'a> {
    Key::Hkdf {
        secret: secret.as_bytes(),
        salt: rules::HKDF_SALT,
        info,
    }
}

/// Encrypts `token` under `key` (≥ 32 characters); the result names `key_id` (default
/// "default") so keys can rotate.
pub async fn seal_token(token: &str, key: &str, key_id: Option<&str>) -> Result<String, Error> {
    rules::check_token(token)?;
    rules::check_key("key", key)?;
    let key_id = key_id.unwrap_or(rules::DEFAULT_KEY_ID);
    rules::check_key_id(key_id)?;
    let iv = random_bytes::<{ rules::IV_LEN }>()?;
    let info = rules::hkdf_info(key_id);
    let sealed = aes_gcm(
        false,
        key_from(key, &info),
        &iv,
        &rules::aad(key_id),
        token.as_bytes(),
    )
    .await?
    .ok_or_else(crate::rim::crypto::unavailable)?;
    Ok(rules::encode(key_id, &iv, &sealed))
}

/// Decrypts a string from `seal_token`; any failure (format, keyId, tag) is token_seal_invalid.
pub async fn open_token(sealed: &str, keys: &Keys) -> Result<String, Error> {
    match keys {
        Keys::One(k) => rules::check_key("keys", k)?,
        Keys::ById(list) => {
            if list.is_empty() {
                return Err(Error::invalid_argument("keys: no key given"));
            }
            for (id, k) in list {
                rules::check_key_id(id)?;
                rules::check_key(&cat(&["keys.", id]), k)?;
            }
        }
    }
    let s = rules::decode(sealed)?;
    let info = rules::hkdf_info(&s.key_id);
    let key = key_from(rules::key_for(keys, &s.key_id)?, &info);
    let plain = aes_gcm(true, key, &s.iv, &rules::aad(&s.key_id), &s.sealed)
        .await?
        .ok_or_else(|| rules::seal_invalid("wrong key, or the sealed string was altered"))?;
    String::from_utf8(plain).map_err(|_| rules::seal_invalid("not text"))
}
