//! `IntercomClient`, the JS-facing class. It validates options with `core::config`, builds
//! each call with `core::request`, and leaves the wire to `transport`.

use super::error::{rate_limit_to_js, to_js, Failure};
use super::options::{self, CallOptions};
use super::transport::{self, Exchange, Success};
use crate::core::config;
use crate::core::error::ApiError;
use crate::core::rate_limit::RateLimit;
use crate::core::region::Region;
use crate::core::request;
use crate::core::retry::{self, RetryPolicy};
use crate::core::secret::Secret;
use js_sys::{Function, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

struct Inner {
    token: Secret,
    base_url: String,
    version: String,
    timeout_ms: u32,
    policy: RetryPolicy,
    fetch: Option<Function>,
    headers: Vec<(String, String)>,
    last_rate_limit: Cell<Option<RateLimit>>,
}

/// A client for one Intercom workspace, authenticated with an access token.
#[wasm_bindgen]
pub struct IntercomClient {
    inner: Rc<Inner>,
}

fn fail(e: ApiError) -> JsValue {
    to_js(&Failure::from(e))
}

#[wasm_bindgen]
impl IntercomClient {
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "IntercomClientOptions")] options: JsValue) -> Result<IntercomClient, JsValue> {
        Inner::from_js(&options).map(|inner| IntercomClient { inner: Rc::new(inner) }).map_err(fail)
    }

    /// `GET /admins`: every admin of the workspace (Intercom does not paginate it).
    #[wasm_bindgen(js_name = listAdmins, unchecked_return_type = "Promise<AdminList>")]
    pub fn list_admins(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let json = inner.get("/admins", &call).await?;
            expect_shape(json, "an admin.list", |v| is_array(v, "admins"))
        })
    }

    /// `GET /admins/{id}`.
    #[wasm_bindgen(js_name = getAdmin, unchecked_return_type = "Promise<Admin>")]
    pub fn get_admin(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let id = id
                .as_string()
                .or_else(|| id.as_f64().filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 9e15).map(|n| (n as u64).to_string()))
                .ok_or_else(|| ApiError::invalid_argument("id: expected a string or a whole number"))?;
            let id = request::path_id("id", &id)?;
            let json = inner.get(&format!("/admins/{id}"), &call).await?;
            expect_shape(json, "an admin", |v| has_string(v, "id"))
        })
    }

    /// `GET /me`: the admin the token belongs to, with its workspace (`app`).
    #[wasm_bindgen(unchecked_return_type = "Promise<AdminWithApp>")]
    pub fn me(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let json = inner.get("/me", &call).await?;
            expect_shape(json, "an admin", |v| has_string(v, "id"))
        })
    }

    /// Any Intercom endpoint. Only GET/HEAD are retried unless `retry: true`.
    #[wasm_bindgen(unchecked_return_type = "Promise<unknown>")]
    pub fn request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RequestOptions")] req: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            options::object(&req, "request", true)?;
            let method = options::string(&req, "method")?.unwrap_or_else(|| "GET".into()).to_ascii_uppercase();
            if !matches!(method.as_str(), "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE") {
                return Err(ApiError::invalid_argument("method: expected GET, HEAD, POST, PUT, PATCH or DELETE").into());
            }
            let path = options::string(&req, "path")?.ok_or_else(|| ApiError::invalid_argument("path: required"))?;
            let query = options::field(&req, "query")?;
            let body = match options::field(&req, "body")? {
                Some(b) => Some(json_body(&b)?),
                None => None,
            };
            let headers = options::headers(&req, "headers")?;
            let retry_opt = options::boolean(&req, "retry")?;
            let json = inner.send(&method, &path, query.as_ref(), body, headers, retry_opt, &call).await?;
            Ok(json)
        })
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
        let _ = Reflect::set(&o, &"baseUrl".into(), &JsValue::from_str(&self.inner.base_url));
        let _ = Reflect::set(&o, &"version".into(), &JsValue::from_str(&self.inner.version));
        o.into()
    }

    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("IntercomClient({}, Intercom-Version {})", self.inner.base_url, self.inner.version)
    }
}

impl Inner {
    fn from_js(options: &JsValue) -> Result<Inner, ApiError> {
        options::object(options, "options", true)
            .map_err(|_| ApiError::invalid_argument("options: expected an object such as { token }"))?;
        let token = options::string(options, "token")?.ok_or_else(|| ApiError::invalid_argument("token: required"))?;
        let token = config::token(&token)?;
        let region = match options::string(options, "region")? {
            None => Region::Us,
            Some(r) => Region::from_option(&r)
                .ok_or_else(|| ApiError::invalid_argument("region: expected \"us\", \"eu\" or \"au\""))?,
        };
        let base_url = match options::string(options, "baseUrl")? {
            Some(b) => config::base_url(&b)?,
            None => region.api_base().to_owned(),
        };
        let version = match options::string(options, "version")? {
            Some(v) => config::version(&v)?,
            None => config::DEFAULT_VERSION.to_owned(),
        };
        Ok(Inner {
            token,
            base_url,
            version,
            timeout_ms: options::number(options, "timeoutMs", 1, 600_000)?.unwrap_or(config::DEFAULT_TIMEOUT_MS),
            policy: RetryPolicy {
                max_retries: options::number(options, "maxRetries", 0, 10)?.unwrap_or(config::DEFAULT_MAX_RETRIES),
                budget_ms: options::number(options, "retryBudgetMs", 0, 600_000)?
                    .unwrap_or(config::DEFAULT_RETRY_BUDGET_MS),
            },
            fetch: options::function(options, "fetch")?,
            headers: options::headers(options, "headers")?,
            last_rate_limit: Cell::new(None),
        })
    }

    async fn get(&self, path: &str, call: &JsValue) -> Result<JsValue, Failure> {
        self.send("GET", path, None, None, Vec::new(), None, call).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn send(
        &self,
        method: &str,
        path: &str,
        query: Option<&JsValue>,
        body: Option<String>,
        extra: Vec<(String, String)>,
        retry_opt: Option<bool>,
        call: &JsValue,
    ) -> Result<JsValue, Failure> {
        let call: CallOptions = options::call_options(call)?;
        let mut url = request::join_path(&self.base_url, path)?;
        if let Some(q) = query {
            url.push_str(&query_string(q)?);
        }
        let mut headers: Vec<(String, String)> = self.headers.clone();
        headers.extend(extra);
        for (k, v) in request::standard_headers(&self.token, &self.version, body.is_some()) {
            headers.retain(|(name, _)| !name.eq_ignore_ascii_case(k));
            headers.push((k.to_owned(), v));
        }
        let exchange = Exchange {
            method,
            url,
            headers,
            body,
            fetch: self.fetch.as_ref(),
            timeout_ms: call.timeout_ms.unwrap_or(self.timeout_ms),
            signal: call.signal,
            policy: RetryPolicy { max_retries: call.max_retries.unwrap_or(self.policy.max_retries), ..self.policy },
            may_retry: retry::method_may_retry(method, retry_opt),
            version: &self.version,
        };
        let record = |rl: Option<RateLimit>| {
            if rl.is_some() {
                self.last_rate_limit.set(rl);
            }
        };
        let Success { json, .. } = transport::send(&exchange, &record).await?;
        Ok(json)
    }
}

/// `{ per_page: 50, tags: ["a", "b"] }` → "?per_page=50&tags=a&tags=b", encoded by URLSearchParams.
fn query_string(q: &JsValue) -> Result<String, ApiError> {
    options::object(q, "query", true)?;
    let params = web_sys::UrlSearchParams::new().map_err(|_| ApiError::invalid_argument("query: URLSearchParams is unavailable"))?;
    for pair in js_sys::Object::entries(q.unchecked_ref()).iter() {
        let pair: js_sys::Array = pair.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        let values: Vec<JsValue> = if js_sys::Array::is_array(&value) {
            js_sys::Array::from(&value).iter().collect()
        } else {
            vec![value]
        };
        for v in values {
            let text = if let Some(s) = v.as_string() {
                s
            } else if v.as_f64().is_some_and(f64::is_finite) {
                // JS formats the number, as the caller would expect ("1e+21", "0.5").
                js_sys::Number::from(v.clone()).to_string_with_radix(10).map(String::from).unwrap_or_default()
            } else if let Some(b) = v.as_bool() {
                b.to_string()
            } else if v.is_undefined() || v.is_null() {
                continue;
            } else {
                return Err(ApiError::invalid_argument(format!("query: {key} must be a string, number, boolean or an array of them")));
            };
            params.append(&key, &text);
        }
    }
    let s: String = params.to_string().into();
    Ok(if s.is_empty() { s } else { format!("?{s}") })
}

const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// A request body is JSON: binary data and values JSON cannot hold are refused up front.
fn json_body(b: &JsValue) -> Result<String, ApiError> {
    if b.is_instance_of::<js_sys::ArrayBuffer>() || js_sys::ArrayBuffer::is_view(b) {
        return Err(ApiError::invalid_argument("body: binary data is not supported; pass a JSON-serialisable value"));
    }
    let text = js_sys::JSON::stringify(b)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| ApiError::invalid_argument("body: not JSON-serialisable (cycle, BigInt or function?)"))?;
    if text.len() > MAX_BODY_BYTES {
        return Err(ApiError::invalid_argument("body: larger than 4 MiB"));
    }
    Ok(text)
}

fn is_array(v: &JsValue, key: &str) -> bool {
    Reflect::get(v, &JsValue::from_str(key)).ok().is_some_and(|a| js_sys::Array::is_array(&a))
}

fn has_string(v: &JsValue, key: &str) -> bool {
    Reflect::get(v, &JsValue::from_str(key)).ok().is_some_and(|a| a.is_string())
}

/// Intercom's JSON is handed to JS untouched (unknown fields survive); only the
/// minimum we promise in the types is checked.
fn expect_shape(json: JsValue, expected: &str, ok: impl Fn(&JsValue) -> bool) -> Result<JsValue, Failure> {
    if json.is_object() && ok(&json) {
        Ok(json)
    } else {
        let text = js_sys::JSON::stringify(&json).ok().and_then(|s| s.as_string()).unwrap_or_default();
        Err(ApiError::invalid_response(200, expected, &text).into())
    }
}

fn spawn<F>(fut: F) -> Promise
where
    F: std::future::Future<Output = Result<JsValue, Failure>> + 'static,
{
    future_to_promise(async move { fut.await.map_err(|f| to_js(&f)) })
}

impl From<ApiError> for JsValue {
    fn from(e: ApiError) -> JsValue {
        fail(e)
    }
}
