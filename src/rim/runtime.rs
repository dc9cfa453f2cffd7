//! Which kind of JS runtime we are in, and its environment: reads of the runtime's globals,
//! made in runtime.js, where they cost no crossing per property. Also the WebCrypto chains
//! that runtime.js runs as one promise each (HMAC; a key, then AES-GCM).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/rim/runtime.js")]
extern "C" {
    /// True in a browser page or a browser worker: places where a credential would be handed
    /// to every visitor. False in Node, Deno, Bun, workerd and Vercel Edge.
    #[wasm_bindgen(js_name = isBrowser)]
    pub fn is_browser() -> bool;

    /// The runtime's own environment as a plain object: `process.env` (Node, Bun, Deno's
    /// compatibility layer) or `Deno.env.toObject()`; empty where neither is readable.
    #[wasm_bindgen(js_name = processEnv)]
    pub fn process_env() -> JsValue;

    /// Fills `out` with WebCrypto's random bytes; throws where the runtime has no WebCrypto.
    #[wasm_bindgen(js_name = randomValues, catch)]
    pub fn random_values(out: &mut [u8]) -> Result<(), JsValue>;

    /// HMAC with `hash` ("SHA-1", "SHA-256"): resolves to the MAC's ArrayBuffer.
    #[wasm_bindgen(js_name = hmacSign, catch)]
    pub fn hmac_sign(hash: &str, key: &[u8], message: &[u8]) -> Result<js_sys::Promise, JsValue>;

    /// AES-256-GCM under a key from `secret` (HKDF-SHA256 with `salt` and `info` when `hkdf`,
    /// else SHA-256 of it): resolves to the output's ArrayBuffer, or to null when decrypting
    /// fails the tag.
    #[wasm_bindgen(js_name = aesGcm, catch)]
    #[allow(clippy::too_many_arguments)]
    pub fn aes_gcm(
        decrypt: bool,
        hkdf: bool,
        secret: &[u8],
        salt: &[u8],
        info: &[u8],
        iv: &[u8],
        aad: &[u8],
        data: &[u8],
    ) -> Result<js_sys::Promise, JsValue>;
}
