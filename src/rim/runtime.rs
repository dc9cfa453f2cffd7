//! Which kind of JS runtime we are in, and its environment: reads of the runtime's globals,
//! made in runtime.js, where they cost no crossing per property.

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
}
