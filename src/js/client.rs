//! `IntercomClient`, the JS-facing class. It validates options with `protocol::config`, builds
//! each call with `protocol::request`, and leaves the wire to `transport`. Every method is one
//! `Op` run by one async function, so the wasm carries one state machine, not one per method.

use super::bindings::now_ms;
use super::connection::{app_region, connection_failed, connection_ok};
use super::encode::{json_body, query_string};
use super::error::{rate_limit_to_js, to_js, Failure};
use super::object::set;
use super::options::{self, CallOptions};
use super::runtime;
use super::transport::{self, Exchange, Success};
use crate::protocol::config;
use crate::protocol::error::Error;
use crate::protocol::rate_limit::RateLimit;
use crate::protocol::region::Region;
use crate::protocol::request;
use crate::protocol::retry::{self, RetryPolicy};
use crate::protocol::secret::Secret;
use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub(crate) struct Inner {
    token: Secret,
    /// The host calls go to; switched once to the workspace's region with `region: "auto"`.
    base_url: RefCell<String>,
    /// `region: "auto"` without `baseUrl`, until `/me` has told us the region.
    auto_region: Cell<bool>,
    pub(crate) version: String,
    timeout_ms: u32,
    policy: RetryPolicy,
    fetch: Option<Function>,
    headers: Vec<(String, String)>,
    last_rate_limit: Cell<Option<RateLimit>>,
}

/// Settings of a client: what `new IntercomClient({...})` takes, for Rust callers.
#[derive(Clone, Default)]
pub struct ClientOptions {
    pub token: String,
    /// "us" (default), "eu", "au" or "auto".
    pub region: Option<String>,
    pub base_url: Option<String>,
    /// `Intercom-Version`, default "2.14".
    pub version: Option<String>,
    pub timeout_ms: Option<u32>,
    pub max_retries: Option<u32>,
    pub retry_budget_ms: Option<u32>,
    pub headers: Vec<(String, String)>,
    /// A fetch to call instead of the global one.
    pub fetch: Option<Function>,
    pub dangerously_allow_browser: bool,
}

/// Everything but the token.
impl core::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("token", &"[redacted]")
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// A client for one Intercom workspace, authenticated with an access token.
#[wasm_bindgen]
pub struct IntercomClient {
    inner: Rc<Inner>,
}

/// What a method asks for; `perform` turns it into one HTTP exchange.
pub(crate) enum Op {
    ListAdmins,
    GetAdmin(JsValue),
    Me,
    DetectRegion,
    VerifyConnection,
    Request(JsValue),
}

/// One call, ready for the transport.
struct Call {
    method: String,
    path: String,
    query: Option<JsValue>,
    body: Option<String>,
    headers: Vec<(String, String)>,
    retry: Option<bool>,
}

impl Call {
    fn get(path: impl Into<String>) -> Call {
        Call {
            method: "GET".into(),
            path: path.into(),
            query: None,
            body: None,
            headers: Vec::new(),
            retry: None,
        }
    }
}

#[wasm_bindgen]
impl IntercomClient {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "IntercomClientOptions")] options: JsValue,
    ) -> Result<IntercomClient, JsValue> {
        let inner = Inner::from_js(&options).map_err(|e| to_js(&e.into()))?;
        Ok(IntercomClient {
            inner: Rc::new(inner),
        })
    }

    /// A client from environment variables: INTERCOM_ACCESS_TOKEN (then INTERCOM_API_KEY),
    /// INTERCOM_REGION, INTERCOM_VERSION, INTERCOM_BASE_URL. `env` defaults to the runtime's
    /// own (process.env, Deno.env) where readable; pass a Worker's `env` in workerd.
    #[wasm_bindgen(js_name = fromEnv)]
    pub fn from_env(
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, string | undefined>")]
        env: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<IntercomClientOptions>")] overrides: JsValue,
    ) -> Result<IntercomClient, JsValue> {
        let options = super::env::client_options(env, &overrides).map_err(|e| to_js(&e.into()))?;
        IntercomClient::new(options)
    }

    /// `GET /admins`: every admin of the workspace (Intercom does not paginate it).
    #[wasm_bindgen(js_name = listAdmins, unchecked_return_type = "Promise<AdminList>")]
    pub fn list_admins(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        self.run(Op::ListAdmins, call)
    }

    /// `GET /admins/{id}`.
    #[wasm_bindgen(js_name = getAdmin, unchecked_return_type = "Promise<Admin>")]
    pub fn get_admin(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        self.run(Op::GetAdmin(id), call)
    }

    /// `GET /me`: the admin the token belongs to, with its workspace (`app`).
    #[wasm_bindgen(unchecked_return_type = "Promise<AdminWithApp>")]
    pub fn me(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        self.run(Op::Me, call)
    }

    /// Checks the token with `GET /me`. Resolves `{ ok: false, error }` instead of rejecting,
    /// so a health check or an install page can show the reason.
    #[wasm_bindgen(js_name = verifyConnection, unchecked_return_type = "Promise<ConnectionResult>")]
    pub fn verify_connection(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        self.run(Op::VerifyConnection, call)
    }

    /// The workspace's region, from `/me` → `app.region`.
    #[wasm_bindgen(js_name = detectRegion, unchecked_return_type = "Promise<\"us\" | \"eu\" | \"au\">")]
    pub fn detect_region(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        self.run(Op::DetectRegion, call)
    }

    /// Any Intercom endpoint. Only GET/HEAD are retried unless `retry: true`.
    #[wasm_bindgen(unchecked_return_type = "Promise<unknown>")]
    pub fn request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RequestOptions")] req: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        self.run(Op::Request(req), call)
    }

    /// The rate-limit window of the last answer, or `null` before any.
    #[wasm_bindgen(getter, js_name = lastRateLimit, unchecked_return_type = "RateLimit | null")]
    pub fn last_rate_limit(&self) -> JsValue {
        rate_limit_to_js(self.inner.last_rate_limit.get().as_ref())
    }

    /// What `JSON.stringify(client)` shows: configuration, never the token.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ baseUrl: string; version: string }")]
    pub fn to_json(&self) -> JsValue {
        let o = js_sys::Object::new();
        set(&o, "baseUrl", &JsValue::from_str(&self.inner.base_url()));
        set(&o, "version", &JsValue::from_str(&self.inner.version));
        o.into()
    }

    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        [
            "IntercomClient(",
            &self.inner.base_url(),
            ", Intercom-Version ",
            &self.inner.version,
            ")",
        ]
        .concat()
    }

    fn run(&self, op: Op, call: JsValue) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let verify = matches!(op, Op::VerifyConnection);
            let result = match options::call_options(&call) {
                Ok(call) => inner.perform(op, &call).await,
                Err(e) => Err(e.into()),
            };
            match result {
                Ok(v) => Ok(v),
                // verifyConnection reports failures in its result instead of rejecting.
                Err(f) if verify => Ok(connection_failed(&f)),
                Err(f) => Err(to_js(&f)),
            }
        })
    }
}

impl Inner {
    /// Reads JS options by type only; `Inner::new` validates the values.
    fn from_js(options: &JsValue) -> Result<Inner, Error> {
        options::object(options, "options", true).map_err(|_| {
            Error::invalid_argument("options: expected an object such as { token }")
        })?;
        Inner::new(ClientOptions {
            token: options::string(options, "token")?
                .ok_or_else(|| Error::invalid_argument("token: required"))?,
            region: options::string(options, "region")?,
            base_url: options::string(options, "baseUrl")?,
            version: options::string(options, "version")?,
            timeout_ms: options::number(options, "timeoutMs", 1, 600_000)?,
            max_retries: options::number(options, "maxRetries", 0, 10)?,
            retry_budget_ms: options::number(options, "retryBudgetMs", 0, 600_000)?,
            headers: options::headers(options, "headers")?,
            fetch: options::function(options, "fetch")?,
            dangerously_allow_browser: options::boolean(options, "dangerouslyAllowBrowser")?
                == Some(true),
        })
    }

    pub(crate) fn new(o: ClientOptions) -> Result<Inner, Error> {
        let token = config::token(&o.token)?;
        let (region, auto) = match o.region.as_deref() {
            None => (Region::Us, false),
            Some("auto") => (Region::Us, true),
            Some(r) => (
                Region::from_option(r).ok_or_else(|| {
                    Error::invalid_argument("region: expected \"us\", \"eu\", \"au\" or \"auto\"")
                })?,
                false,
            ),
        };
        let (base_url, auto) = match o.base_url.as_deref() {
            // An explicit host (mock, proxy) is never switched.
            Some(b) => (config::base_url(b)?, false),
            None => (region.api_base().to_owned(), auto),
        };
        let version = match o.version.as_deref() {
            Some(v) => config::version(v)?,
            None => config::DEFAULT_VERSION.to_owned(),
        };
        let bounded = |name: &str, v: Option<u32>, min: u32, max: u32, default: u32| match v {
            Some(n) => config::whole_number(name, f64::from(n), min, max),
            None => Ok(default),
        };
        for (name, value) in &o.headers {
            request::extra_header(name, value)?;
        }
        let inner = Inner {
            token,
            base_url: RefCell::new(base_url),
            auto_region: Cell::new(auto),
            version,
            timeout_ms: bounded(
                "timeoutMs",
                o.timeout_ms,
                1,
                600_000,
                config::DEFAULT_TIMEOUT_MS,
            )?,
            policy: RetryPolicy {
                max_retries: bounded(
                    "maxRetries",
                    o.max_retries,
                    0,
                    10,
                    config::DEFAULT_MAX_RETRIES,
                )?,
                budget_ms: bounded(
                    "retryBudgetMs",
                    o.retry_budget_ms,
                    0,
                    600_000,
                    config::DEFAULT_RETRY_BUDGET_MS,
                )?,
            },
            fetch: o.fetch,
            headers: o.headers,
            last_rate_limit: Cell::new(None),
        };
        // Checked after every option, so bad input is reported first. Tokens are
        // password-equivalent and Intercom's API does not serve browsers (CORS).
        if runtime::is_browser() && !o.dangerously_allow_browser {
            return Err(Error::browser_not_allowed("An IntercomClient with a token"));
        }
        Ok(inner)
    }

    pub(crate) fn last_rate_limit(&self) -> Option<RateLimit> {
        self.last_rate_limit.get()
    }

    pub(crate) fn base_url(&self) -> String {
        self.base_url.borrow().clone()
    }

    pub(crate) async fn perform(&self, op: Op, call: &CallOptions) -> Result<JsValue, Failure> {
        let started = now_ms();
        let req = match &op {
            Op::ListAdmins => Call::get("/admins"),
            Op::GetAdmin(id) => Call::get(["/admins/", &admin_id(id)?].concat()),
            Op::Me | Op::DetectRegion | Op::VerifyConnection => Call::get("/me"),
            Op::Request(req) => custom_call(req)?,
        };
        // "auto": find the workspace's host first (a `/me` call is already region-neutral).
        if self.auto_region.get() && req.path != "/me" {
            let me = self.exchange(Call::get("/me"), call).await?;
            *self.base_url.borrow_mut() = app_region(&me.json)?.api_base().to_owned();
            self.auto_region.set(false);
        }
        let answer = self.exchange(req, call).await?;
        let json = answer.json.clone();
        Ok(match op {
            Op::ListAdmins => expect_shape(json, "an admin.list", |v| is_array(v, "admins"))?,
            Op::GetAdmin(_) | Op::Me => expect_shape(json, "an admin", |v| has_string(v, "id"))?,
            Op::DetectRegion => JsValue::from_str(app_region(&json)?.as_str()),
            Op::VerifyConnection => {
                let region = app_region(&json)?;
                connection_ok(self, &answer, region, now_ms() - started)
            }
            Op::Request(_) => json,
        })
    }

    async fn exchange(&self, req: Call, call: &CallOptions) -> Result<Success, Failure> {
        let mut url = request::join_path(&self.base_url(), &req.path)?;
        if let Some(q) = &req.query {
            url.push_str(&query_string(q)?);
        }
        let mut headers = self.headers.clone();
        headers.extend(req.headers);
        for (k, v) in request::standard_headers(&self.token, &self.version, req.body.is_some()) {
            headers.retain(|(name, _)| !name.eq_ignore_ascii_case(k));
            headers.push((k.to_owned(), v));
        }
        let exchange = Exchange {
            method: &req.method,
            url,
            headers,
            body: req.body,
            fetch: self.fetch.as_ref(),
            timeout_ms: call.timeout_ms.unwrap_or(self.timeout_ms),
            signal: call.signal.clone(),
            policy: RetryPolicy {
                max_retries: call.max_retries.unwrap_or(self.policy.max_retries),
                ..self.policy
            },
            may_retry: retry::method_may_retry(&req.method, req.retry),
            version: &self.version,
        };
        let record = |rl: Option<RateLimit>| {
            if rl.is_some() {
                self.last_rate_limit.set(rl);
            }
        };
        transport::send(&exchange, &record).await
    }
}

/// `getAdmin(id)`: a string, or a whole number as JS users often hold ids.
fn admin_id(id: &JsValue) -> Result<String, Error> {
    let text = id
        .as_string()
        .or_else(|| {
            id.as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 9e15)
                .map(|n| (n as u64).to_string())
        })
        .ok_or_else(|| Error::invalid_argument("id: expected a string or a whole number"))?;
    request::path_id("id", &text)
}

/// `request({ method, path, query, body, headers, retry })`, every field checked.
fn custom_call(req: &JsValue) -> Result<Call, Error> {
    options::object(req, "request", true)?;
    let method = options::string(req, "method")?
        .unwrap_or_else(|| "GET".into())
        .to_ascii_uppercase();
    if !matches!(
        method.as_str(),
        "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE"
    ) {
        return Err(Error::invalid_argument(
            "method: expected GET, HEAD, POST, PUT, PATCH or DELETE",
        ));
    }
    let path =
        options::string(req, "path")?.ok_or_else(|| Error::invalid_argument("path: required"))?;
    let body = match options::field(req, "body")? {
        Some(b) => Some(json_body(&b)?),
        None => None,
    };
    Ok(Call {
        method,
        path,
        query: options::field(req, "query")?,
        body,
        headers: options::headers(req, "headers")?,
        retry: options::boolean(req, "retry")?,
    })
}

fn is_array(v: &JsValue, key: &str) -> bool {
    Reflect::get(v, &JsValue::from_str(key))
        .ok()
        .is_some_and(|a| js_sys::Array::is_array(&a))
}

fn has_string(v: &JsValue, key: &str) -> bool {
    Reflect::get(v, &JsValue::from_str(key))
        .ok()
        .is_some_and(|a| a.is_string())
}

/// Intercom's JSON is handed to JS untouched (unknown fields survive); only the
/// minimum we promise in the types is checked.
fn expect_shape(
    json: JsValue,
    expected: &str,
    ok: impl Fn(&JsValue) -> bool,
) -> Result<JsValue, Error> {
    if json.is_object() && ok(&json) {
        Ok(json)
    } else {
        let text = js_sys::JSON::stringify(&json)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        Err(Error::invalid_response(200, expected, &text))
    }
}
