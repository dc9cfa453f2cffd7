//! The auth toolkit for Rust callers (e.g. a workers-rs Worker): the same rules and WebCrypto
//! calls as the JS functions `messengerJwt`, `verifyMessengerJwt`, `userHash`,
//! `verifyCanvasRequest`, `decryptSheetUser`, `receiveWebhook`, `sealToken`, `openToken` and
//! `appStoreRedirect`, with Rust types. Every error is an [`crate::Error`]; its
//! [`crate::Error::action`] says what to do about it.
//!
//! ```no_run
//! # async fn run(user_id: &str, token: &str) -> Result<(), intercom_edge::Error> {
//! use intercom_edge::toolkit;
//! let jwt = toolkit::messenger_jwt(&toolkit::MessengerJwtOptions {
//!     secret: "the-messenger-api-secret".into(),
//!     user_id: user_id.into(),
//!     expires_in_seconds: Some(3600),
//!     ..Default::default()
//! })
//! .await?;
//! let sealed = toolkit::seal_token(token, "a-32-byte-or-longer-token-sealing-key", Some("2026-11")).await?;
//! # Ok(()) }
//! ```

pub(crate) mod app_store;
pub(crate) mod canvas;
pub(crate) mod messenger;
pub(crate) mod seal;
pub(crate) mod webhook;

pub use crate::protocol::action::Action;
pub use crate::protocol::jwt::ExtraClaim;
pub use crate::protocol::seal::Keys;
pub use crate::protocol::webhook_event::{Kind as WebhookKind, Secrets};
pub use app_store::app_store_redirect;
pub use canvas::{decrypt_sheet_user, sheet_user_of, verify_canvas_request};
pub use messenger::{
    messenger_jwt, user_hash, verify_messenger_jwt, MessengerJwtOptions, VerifiedMessengerJwt,
};
pub use seal::{open_token, seal_token};
pub use webhook::{receive_webhook, WebhookEvent};
