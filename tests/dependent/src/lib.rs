//! A dependent's own export, using intercom-edge's Rust API.

use wasm_bindgen::prelude::*;

/// The dependent's one export: checks client options with intercom-edge.
#[wasm_bindgen]
pub fn dependent_probe(token: String) -> bool {
    intercom_edge::Client::new(intercom_edge::ClientOptions {
        token,
        ..Default::default()
    })
    .is_ok()
}
