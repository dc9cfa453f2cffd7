//! WebCrypto through the global `crypto` (never `window.crypto`): HMAC for states and
//! webhook signatures, getRandomValues for nonces. Nothing here is hand-rolled crypto.

use crate::protocol::code::ErrorCode;
use crate::protocol::error::Error;
use js_sys::Uint8Array;

pub(crate) fn unavailable() -> Error {
    Error::new(
        ErrorCode::CryptoUnavailable,
        "WebCrypto (crypto.subtle) is not available in this runtime".into(),
        false,
    )
}

pub fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut out = [0u8; N];
    super::runtime::random_values(&mut out).map_err(|_| unavailable())?;
    Ok(out)
}

#[derive(Clone, Copy)]
pub enum Hash {
    Sha1,
    Sha256,
}

/// HMAC(key, message) with SubtleCrypto, started at once: the bytes are copied into the
/// promise before this returns, so the caller's buffers need not outlive it. Key import and
/// signing are one promise in runtime.js. A future of its own rather than an `async fn`: each
/// `async fn` around it was another state machine in the wasm.
pub fn hmac(hash: Hash, key: &[u8], message: &[u8]) -> Mac {
    let hash_name = match hash {
        Hash::Sha1 => "SHA-1",
        Hash::Sha256 => "SHA-256",
    };
    Mac(super::settle::settle(super::runtime::hmac_sign(
        hash_name, key, message,
    )))
}

/// The MAC's bytes once WebCrypto has them.
pub struct Mac(super::settle::Settle);

impl std::future::Future for Mac {
    type Output = Result<Vec<u8>, Error>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.0)
            .poll(cx)
            .map(|r| r.map(|mac| Uint8Array::new(&mac).to_vec()))
    }
}
