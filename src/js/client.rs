//! `IntercomClient`, the JS-facing class. It validates options with `core::config`, builds
//! each call with `core::request`, and leaves the wire to `transport`.

use super::bindings::now_ms;
use super::error::{rate_limit_to_js, to_js, Failure};
use super::options::{self, CallOptions};
use super::runtime;
use super::transport::{self, Exchange, Success};
use crate::core::config;
use crate::core::error::ApiError;
use crate::core::rate_limit::RateLimit;
use crate::core::region::Region;
use crate::core::request;
use crate::core::retry::{self, RetryPolicy};
use crate::core::secret::Secret;
use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

struct Inner {
    token: Secret,
    /// The host calls go to; switched once to the workspace's region with `region: "auto"`.
    base_url: RefCell<String>,
    /// `region: "auto"` without `baseUrl`, until `/me` has told us the region.
    auto_region: Cell<bool>,
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
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "IntercomClientOptions")] options: JsValue,
    ) -> Result<IntercomClient, JsValue> {
        Inner::from_js(&options)
            .map(|inner| IntercomClient {
                inner: Rc::new(inner),
            })
            .map_err(fail)
    }

    /// `GET /admins`: every admin of the workspace (Intercom does not paginate it).
    #[wasm_bindgen(js_name = listAdmins, unchecked_return_type = "Promise<AdminList>")]
    pub fn list_admins(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
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
                .or_else(|| {
                    id.as_f64()
                        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 9e15)
                        .map(|n| (n as u64).to_string())
                })
                .ok_or_else(|| {
                    ApiError::invalid_argument("id: expected a string or a whole number")
                })?;
            let id = request::path_id("id", &id)?;
            let json = inner.get(&format!("/admins/{id}"), &call).await?;
            expect_shape(json, "an admin", |v| has_string(v, "id"))
        })
    }

    /// `GET /me`: the admin the token belongs to, with its workspace (`app`).
    #[wasm_bindgen(unchecked_return_type = "Promise<AdminWithApp>")]
    pub fn me(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
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
            let method = options::string(&req, "method")?
                .unwrap_or_else(|| "GET".into())
                .to_ascii_uppercase();
            if !matches!(
                method.as_str(),
                "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE"
            ) {
                return Err(ApiError::invalid_argument(
                    "method: expected GET, HEAD, POST, PUT, PATCH or DELETE",
                )
                .into());
            }
            let path = options::string(&req, "path")?
                .ok_or_else(|| ApiError::invalid_argument("path: required"))?;
            let query = options::field(&req, "query")?;
            let body = match options::field(&req, "body")? {
                Some(b) => Some(json_body(&b)?),
                None => None,
            };
            let headers = options::headers(&req, "headers")?;
            let retry_opt = options::boolean(&req, "retry")?;
            Ok(inner
                .send(
                    &method,
                    &path,
                    query.as_ref(),
                    body,
                    headers,
                    retry_opt,
                    &call,
                )
                .await?
                .json)
        })
    }

    /// Checks the token with `GET /me`. Resolves `{ ok: false, error }` instead of rejecting,
    /// so a health check or an install page can show the reason.
    #[wasm_bindgen(js_name = verifyConnection, unchecked_return_type = "Promise<ConnectionResult>")]
    pub fn verify_connection(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let started = now_ms();
            let result = async {
                let call = options::call_options(&call)?;
                let answer = inner.get_me(&call).await?;
                let region = app_region(&answer.json)?;
                Ok::<_, Failure>((answer, region))
            }
            .await;
            Ok(match result {
                Ok((answer, region)) => connection_ok(&inner, &answer, region, now_ms() - started),
                Err(f) => {
                    let o = js_sys::Object::new();
                    let _ = Reflect::set(&o, &"ok".into(), &JsValue::FALSE);
                    let _ = Reflect::set(&o, &"error".into(), &to_js(&f));
                    o.into()
                }
            })
        })
    }

    /// The workspace's region, from `/me` → `app.region`.
    #[wasm_bindgen(js_name = detectRegion, unchecked_return_type = "Promise<\"us\" | \"eu\" | \"au\">")]
    pub fn detect_region(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] call: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let call = options::call_options(&call)?;
            let me = inner.get_me(&call).await?.json;
            Ok(JsValue::from_str(app_region(&me)?.as_str()))
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
        let env = if env.is_undefined() || env.is_null() {
            runtime::process_env()
        } else {
            env
        };
        options::object(&env, "env", false)?;
        options::object(&overrides, "overrides", false)?;
        let opts = js_sys::Object::new();
        let pick = |names: &[&str]| -> Result<Option<String>, ApiError> {
            for n in names {
                if let Some(v) = options::string(&env, n)?.filter(|v| !v.is_empty()) {
                    return Ok(Some(v));
                }
            }
            Ok(None)
        };
        for (key, names) in [
            ("token", &["INTERCOM_ACCESS_TOKEN", "INTERCOM_API_KEY"][..]),
            ("region", &["INTERCOM_REGION"][..]),
            ("version", &["INTERCOM_VERSION"][..]),
            ("baseUrl", &["INTERCOM_BASE_URL"][..]),
        ] {
            if let Some(v) = pick(names)? {
                let v = if key == "region" {
                    v.to_ascii_lowercase()
                } else {
                    v
                };
                let _ = Reflect::set(&opts, &key.into(), &JsValue::from_str(&v));
            }
        }
        if overrides.is_object() {
            let _ = js_sys::Object::assign(&opts, overrides.unchecked_ref());
        }
        if options::string(&opts, "token")?.is_none() {
            return Err(ApiError::invalid_argument(
                "token: required; set INTERCOM_ACCESS_TOKEN (or INTERCOM_API_KEY)",
            )
            .into());
        }
        IntercomClient::new(opts.into())
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
        let _ = Reflect::set(
            &o,
            &"baseUrl".into(),
            &JsValue::from_str(&self.inner.base_url.borrow()),
        );
        let _ = Reflect::set(
            &o,
            &"version".into(),
            &JsValue::from_str(&self.inner.version),
        );
        o.into()
    }

    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!(
            "IntercomClient({}, Intercom-Version {})",
            self.inner.base_url.borrow(),
            self.inner.version
        )
    }
}

impl Inner {
    fn from_js(options: &JsValue) -> Result<Inner, ApiError> {
        options::object(options, "options", true).map_err(|_| {
            ApiError::invalid_argument("options: expected an object such as { token }")
        })?;
        let token = options::string(options, "token")?
            .ok_or_else(|| ApiError::invalid_argument("token: required"))?;
        let token = config::token(&token)?;
        let (region, auto) = match options::string(options, "region")?.as_deref() {
            None => (Region::Us, false),
            Some("auto") => (Region::Us, true),
            Some(r) => (
                Region::from_option(r).ok_or_else(|| {
                    ApiError::invalid_argument(
                        "region: expected \"us\", \"eu\", \"au\" or \"auto\"",
                    )
                })?,
                false,
            ),
        };
        let (base_url, auto) = match options::string(options, "baseUrl")? {
            // An explicit host (mock, proxy) is never switched.
            Some(b) => (config::base_url(&b)?, false),
            None => (region.api_base().to_owned(), auto),
        };
        let version = match options::string(options, "version")? {
            Some(v) => config::version(&v)?,
            None => config::DEFAULT_VERSION.to_owned(),
        };
        let inner = Inner {
            token,
            base_url: RefCell::new(base_url),
            auto_region: Cell::new(auto),
            version,
            timeout_ms: options::number(options, "timeoutMs", 1, 600_000)?
                .unwrap_or(config::DEFAULT_TIMEOUT_MS),
            policy: RetryPolicy {
                max_retries: options::number(options, "maxRetries", 0, 10)?
                    .unwrap_or(config::DEFAULT_MAX_RETRIES),
                budget_ms: options::number(options, "retryBudgetMs", 0, 600_000)?
                    .unwrap_or(config::DEFAULT_RETRY_BUDGET_MS),
            },
            fetch: options::function(options, "fetch")?,
            headers: options::headers(options, "headers")?,
            last_rate_limit: Cell::new(None),
        };
        // Checked after every option, so bad input is reported first. Tokens are
        // password-equivalent and Intercom's API does not serve browsers (CORS).
        if runtime::is_browser()
            && options::boolean(options, "dangerouslyAllowBrowser")? != Some(true)
        {
            return Err(ApiError::browser_not_allowed(
                "An IntercomClient with a token",
            ));
        }
        Ok(inner)
    }

    async fn get(&self, path: &str, call: &JsValue) -> Result<JsValue, Failure> {
        Ok(self
            .send("GET", path, None, None, Vec::new(), None, call)
            .await?
            .json)
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
    ) -> Result<Success, Failure> {
        let call: CallOptions = options::call_options(call)?;
        if self.auto_region.get() && path != "/me" {
            self.resolve_region(&call).await?;
        }
        self.dispatch(method, path, query, body, extra, retry_opt, &call)
            .await
    }

    /// Builds one call from core functions and hands it to the transport.
    #[allow(clippy::too_many_arguments)]
    async fn dispatch(
        &self,
        method: &str,
        path: &str,
        query: Option<&JsValue>,
        body: Option<String>,
        extra: Vec<(String, String)>,
        retry_opt: Option<bool>,
        call: &CallOptions,
    ) -> Result<Success, Failure> {
        let base = self.base_url.borrow().clone();
        let mut url = request::join_path(&base, path)?;
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
            signal: call.signal.clone(),
            policy: RetryPolicy {
                max_retries: call.max_retries.unwrap_or(self.policy.max_retries),
                ..self.policy
            },
            may_retry: retry::method_may_retry(method, retry_opt),
            version: &self.version,
        };
        let record = |rl: Option<RateLimit>| {
            if rl.is_some() {
                self.last_rate_limit.set(rl);
            }
        };
        transport::send(&exchange, &record).await
    }

    /// `region: "auto"`: ask `/me` once through api.intercom.io (which routes any token),
    /// then send everything to the workspace's own regional host.
    async fn resolve_region(&self, call: &CallOptions) -> Result<(), Failure> {
        let me = self.get_me(call).await?.json;
        let region = app_region(&me)?;
        *self.base_url.borrow_mut() = region.api_base().to_owned();
        self.auto_region.set(false);
        Ok(())
    }

    /// `GET /me` on the current host, never switching region first.
    async fn get_me(&self, call: &CallOptions) -> Result<Success, Failure> {
        self.dispatch("GET", "/me", None, None, Vec::new(), None, call)
            .await
    }
}

/// `/me` → `app.region` ("US", "Europe", "Australia"; "EU"/"AU" accepted too).
fn app_region(me: &JsValue) -> Result<Region, ApiError> {
    let app = Reflect::get(me, &"app".into()).unwrap_or(JsValue::UNDEFINED);
    let raw = if app.is_object() {
        transport::get_str(&app, "region")
    } else {
        None
    };
    raw.as_deref()
        .and_then(Region::from_app_region)
        .ok_or_else(|| {
            ApiError::invalid_response(
                200,
                "an admin whose app.region is US, Europe or Australia",
                &raw.unwrap_or_default(),
            )
        })
}

fn connection_ok(inner: &Inner, answer: &Success, region: Region, latency: f64) -> JsValue {
    let me = &answer.json;
    let app = Reflect::get(me, &"app".into()).unwrap_or(JsValue::UNDEFINED);
    let text = |v: &JsValue, k: &str| {
        transport::get_str(v, k)
            .map(JsValue::from)
            .unwrap_or(JsValue::NULL)
    };
    let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
        let _ = Reflect::set(o, &JsValue::from_str(k), v);
    };
    let workspace = js_sys::Object::new();
    set(&workspace, "id", &text(&app, "id_code"));
    set(&workspace, "name", &text(&app, "name"));
    set(&workspace, "region", &JsValue::from_str(region.as_str()));
    let admin = js_sys::Object::new();
    set(&admin, "id", &text(me, "id"));
    set(&admin, "name", &text(me, "name"));
    set(&admin, "email", &text(me, "email"));
    let verified = Reflect::get(me, &"email_verified".into())
        .ok()
        .and_then(|v| v.as_bool());
    set(
        &admin,
        "emailVerified",
        &verified.map(JsValue::from_bool).unwrap_or(JsValue::NULL),
    );
    let o = js_sys::Object::new();
    set(&o, "ok", &JsValue::TRUE);
    set(&o, "workspace", &workspace);
    set(&o, "admin", &admin);
    set(&o, "apiVersion", &JsValue::from_str(&inner.version));
    set(&o, "baseUrl", &JsValue::from_str(&inner.base_url.borrow()));
    set(&o, "latencyMs", &JsValue::from_f64(latency.round()));
    set(
        &o,
        "rateLimit",
        &rate_limit_to_js(answer.rate_limit.as_ref()),
    );
    o.into()
}

/// `{ per_page: 50, tags: ["a", "b"] }` → "?per_page=50&tags=a&tags=b", encoded by URLSearchParams.
fn query_string(q: &JsValue) -> Result<String, ApiError> {
    options::object(q, "query", true)?;
    let params = web_sys::UrlSearchParams::new()
        .map_err(|_| ApiError::invalid_argument("query: URLSearchParams is unavailable"))?;
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
                js_sys::Number::from(v.clone())
                    .to_string_with_radix(10)
                    .map(String::from)
                    .unwrap_or_default()
            } else if let Some(b) = v.as_bool() {
                b.to_string()
            } else if v.is_undefined() || v.is_null() {
                continue;
            } else {
                return Err(ApiError::invalid_argument(format!(
                    "query: {key} must be a string, number, boolean or an array of them"
                )));
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
        return Err(ApiError::invalid_argument(
            "body: binary data is not supported; pass a JSON-serialisable value",
        ));
    }
    let text = js_sys::JSON::stringify(b)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            ApiError::invalid_argument("body: not JSON-serialisable (cycle, BigInt or function?)")
        })?;
    if text.len() > MAX_BODY_BYTES {
        return Err(ApiError::invalid_argument("body: larger than 4 MiB"));
    }
    Ok(text)
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
) -> Result<JsValue, Failure> {
    if json.is_object() && ok(&json) {
        Ok(json)
    } else {
        let text = js_sys::JSON::stringify(&json)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
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
