//! WebCrypto beyond HMAC: AES-256-GCM under a key from HKDF-SHA256 (sealed tokens) or from
//! SHA-256 (open-sheet users). The global `crypto.subtle` does the work, each chain as one
//! promise in runtime.js; nothing here is hand-rolled crypto.

use crate::protocol::error::Error;
use js_sys::Uint8Array;

/// Where the AES-256-GCM key comes from; it never leaves WebCrypto (not extractable).
pub enum Key<'a> {
    /// HKDF-SHA256 of `secret` with `salt` and `info`.
    Hkdf {
        secret: &'a [u8],
        salt: &'a [u8],
        info: &'a [u8],
    },
    /// SHA-256 of the secret, as the raw key.
    Sha256(&'a [u8]),
}

/// Encrypts (`decrypt` false: ciphertext ‖ tag) or decrypts `data`. `None`: decryption failed
/// its tag (wrong key, altered data).
pub async fn aes_gcm(
    decrypt: bool,
    key: Key<'_>,
    iv: &[u8],
    aad: &[u8],
    data: &[u8],
) -> Result<Option<Vec<u8>>, Error> {
    let (hkdf, secret, salt, info) = match key {
        Key::Hkdf { secret, salt, info } => (true, secret, salt, info),
        Key::Sha256(secret) => (false, secret, &[][..], &[][..]),
    };
    let out = super::settle::settle(super::runtime::aes_gcm(
        decrypt, hkdf, secret, salt, info, iv, aad, data,
    ))
    .await?;
    Ok((!out.is_null()).then(|| Uint8Array::new(&out).to_vec()))
}
