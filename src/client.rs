//! The client for Rust callers (e.g. a workers-rs Worker): the same behaviour as the JS
//! `IntercomClient` — regions, versions, retries, timeouts, typed errors — with Rust types.
//!
//! ```ignore
//! let intercom = intercom_edge::Client::new(intercom_edge::ClientOptions {
//!     token: env.secret("INTERCOM_ACCESS_TOKEN")?.to_string(),
//!     region: Some("auto".into()),
//!     ..Default::default()
//! })?;
//! let admins = intercom.list_admins().await?.admins;
//! ```

use crate::js::client::{Inner, Op};
use crate::js::object::set;
use crate::js::options::CallOptions;
use crate::protocol::error::Error;
use crate::protocol::model::{Admin, AdminList, AdminWithApp};
use crate::protocol::rate_limit::RateLimit;
use crate::protocol::region::Region;
use serde::de::DeserializeOwned;
use std::rc::Rc;
use wasm_bindgen::JsValue;

pub use crate::protocol::client_config::ClientOptions;

/// A client for one workspace. Cheap to clone; clones share the rate-limit state.
#[derive(Clone)]
pub struct Client {
    inner: Rc<Inner>,
}

impl Client {
    pub fn new(options: ClientOptions) -> Result<Client, Error> {
        Ok(Client {
            inner: Rc::new(Inner::new(&options, None)?),
        })
    }

    /// `GET /admins`.
    pub async fn list_admins(&self) -> Result<AdminList, Error> {
        self.typed(Op::ListAdmins, "an admin.list").await
    }

    /// `GET /admins/{id}`.
    pub async fn get_admin(&self, id: &str) -> Result<Admin, Error> {
        self.typed(Op::GetAdmin(JsValue::from_str(id)), "an admin")
            .await
    }

    /// `GET /me`.
    pub async fn me(&self) -> Result<AdminWithApp, Error> {
        self.typed(Op::Me, "an admin").await
    }

    /// The workspace's region, from `/me`.
    pub async fn detect_region(&self) -> Result<Region, Error> {
        let v = self.raw(Op::DetectRegion).await?;
        v.as_string()
            .as_deref()
            .and_then(Region::from_option)
            .ok_or_else(|| Error::invalid_response(200, "a region", ""))
    }

    /// Any endpoint; `query` is encoded by URLSearchParams, `body` sent as JSON.
    /// Only GET/HEAD are retried.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&JsValue>,
    ) -> Result<JsValue, Error> {
        let req = js_sys::Object::new();
        let q = js_sys::Object::new();
        for (k, v) in query {
            set(&q, k, &JsValue::from_str(v));
        }
        set(&req, "query", &q);
        set(&req, "method", &JsValue::from_str(method));
        set(&req, "path", &JsValue::from_str(path));
        if let Some(b) = body {
            set(&req, "body", b);
        }
        self.raw(Op::Request(req.into())).await
    }

    /// The rate-limit window of the last answer.
    pub fn last_rate_limit(&self) -> Option<RateLimit> {
        self.inner.last_rate_limit()
    }

    async fn raw(&self, op: Op) -> Result<JsValue, Error> {
        let call = CallOptions {
            signal: None,
            timeout_ms: None,
            max_retries: None,
        };
        self.inner.perform(op, &call).await.map_err(|f| f.error)
    }

    async fn typed<T: DeserializeOwned>(&self, op: Op, expected: &str) -> Result<T, Error> {
        let json = self.raw(op).await?;
        serde_wasm_bindgen::from_value(json.clone()).map_err(|_| {
            let text = js_sys::JSON::stringify(&json)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            Error::invalid_response(200, expected, &text)
        })
    }
}
