//! src/protocol as a crate of its own: it must build with serde alone (see Cargo.toml).
// Items the rim uses but this crate does not are expected here.
#[allow(dead_code, unused_imports)]
#[path = "../../../src/protocol/mod.rs"]
pub mod protocol;
