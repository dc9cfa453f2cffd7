//! Sealed tokens: OAuth tokens encrypted for storage (KV, D1, cookies). The format and key
//! rules are in `protocol::seal`; AES-GCM and HKDF run in WebCrypto.

use crate::protocol::error::Error;
use crate::protocol::seal::{self as rules, Keys};
use crate::protocol::text::cat;
use crate::rim::cipher::{aes_gcm_decrypt, aes_gcm_encrypt, aes_key_hkdf};
use crate::rim::crypto::random_bytes;
use web_sys::CryptoKey;

async fn key_for(secret: &str, key_id: &str) -> Result<CryptoKey, Error> {
    aes_key_hkdf(
        secret.as_bytes(),
        rules::HKDF_SALT,
        &rules::hkdf_info(key_id),
    )
    .await
}

/// Encrypts `token` under `key` (≥ 32 characters); the result names `key_id` (default
/// "default") so keys can rotate.
pub async fn seal_token(token: &str, key: &str, key_id: Option<&str>) -> Result<String, Error> {
    rules::check_token(token)?;
    rules::check_key("key", key)?;
    let key_id = key_id.unwrap_or(rules::DEFAULT_KEY_ID);
    rules::check_key_id(key_id)?;
    let iv = random_bytes::<{ rules::IV_LEN }>()?;
    let aes = key_for(key, key_id).await?;
    let sealed = aes_gcm_encrypt(&aes, &iv, &rules::aad(key_id), token.as_bytes()).await?;
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
    let aes = key_for(rules::key_for(keys, &s.key_id)?, &s.key_id).await?;
    let plain = aes_gcm_decrypt(&aes, &s.iv, &rules::aad(&s.key_id), &s.sealed)
        .await?
        .ok_or_else(|| rules::seal_invalid("wrong key, or the sealed string was altered"))?;
    String::from_utf8(plain).map_err(|_| rules::seal_invalid("not text"))
}
