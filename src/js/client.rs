//! `IntercomClient`, the JS-facing class. It reads JS options into `protocol` types; each
//! method is one `Op`, run as a `Flight` (flight.rs) of `transport` exchanges that the JS
//! loop in rim/attempt.js (`drive`) awaits, so the wasm carries one state machine and no executor.

use super::connection::{connection_ok, me_region};
use super::encode::{json_body, query_string};
use super::flight::Flight;
use super::json::Success;
use super::options::{self, CallOptions};
use super::pages::Paging;
use crate::protocol::call::{self, Call, Method};
use crate::protocol::client_config::{ClientConfig, ClientOptions};
use crate::protocol::config::{MAX_RESPONSE_BYTES, MAX_RETRIES, RETRY_BUDGET_MS, TIMEOUT_MS};
use crate::protocol::endpoints;
use crate::protocol::error::Error;
use crate::protocol::path_template;
use crate::protocol::rate_limit::RateLimit;
use crate::protocol::region::{self, RegionChoice};
use crate::protocol::retry::{Retrier, RetryPolicy};
use crate::protocol::session::RegionSession;
use crate::protocol::text::{cat, decimal};
use crate::rim::bindings::now_ms;
use crate::rim::error::{rate_limit_to_js, to_js};
use crate::rim::object::set;
use crate::rim::runtime;
use crate::rim::transport::{Exchange, Sender};
use js_sys::{Function, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

pub(crate) struct Inner {
    pub(super) config: ClientConfig,
    /// The host; switched once to the workspace's region with `region: "auto"`. A `Cell`
    /// (see `session`): a `RefCell`'s borrow panics would keep std's formatting in the wasm.
    session: Cell<RegionSession>,
    fetch: Option<Function>,
    pub(super) last_rate_limit: Cell<Option<RateLimit>>,
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
    /// One page of a `paginate()`.
    Pages(Box<Paging>),
}

#[wasm_bindgen]
impl IntercomClient {
    // No doc comment: it would be copied into the shipped glue as JSDoc.
    #[allow(missing_docs)]
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

    // `paginate(path, init)` (its `init` read into `req` by the glue's typed calls, see
    // scripts/entries.mjs): the items of a list or search as an async iterable (`for await`).
    // The typed calls themselves (GET, POST, …) are `request()` there, so cost no export here.
    #[allow(missing_docs)]
    #[wasm_bindgen(js_name = __paginate, skip_typescript)]
    pub fn paginate(&self, req: JsValue, init: JsValue) -> JsValue {
        let paging = Paging::new(&req, &init).map(Box::new);
        Flight::pages(self.inner.clone(), paging, &init)
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
        set(
            &o,
            "version",
            &JsValue::from_str(&self.inner.config.version),
        );
        o.into()
    }

    // `String(client)`: host and version, never the token. Made a JS string here: a `String`
    // return costs a boxed-slice conversion in the wasm and a copy-and-free in the glue.
    #[allow(missing_docs)]
    #[wasm_bindgen(js_name = toString, unchecked_return_type = "string")]
    pub fn to_string_js(&self) -> JsValue {
        JsValue::from_str(&cat(&[
            "IntercomClient(",
            &self.inner.base_url(),
            ", Intercom-Version ",
            &self.inner.config.version,
            ")",
        ]))
    }

    fn run(&self, op: Op, call: JsValue) -> Promise {
        Flight::launch(self.inner.clone(), op, &call)
    }
}

impl Inner {
    /// Reads JS options by type only; `ClientConfig::new` checks the values.
    #[allow(clippy::field_reassign_with_default)] // on purpose, see below
    fn from_js(options: &JsValue) -> Result<Inner, Error> {
        options::object(options, "options", true).map_err(|_| {
            Error::invalid_argument("options: expected an object such as { token }")
        })?;
        // Filled field by field: one value to drop on every early return, not a different
        // set of half-built fields per `?`.
        let mut settings = ClientOptions::default();
        settings.token = options::string(options, "token")?
            .ok_or_else(|| Error::invalid_argument("token: required"))?;
        if let Some(r) = options::string(options, "region")? {
            settings.region = RegionChoice::parse(&r)?;
        }
        settings.base_url = options::string(options, "baseUrl")?;
        settings.version = options::string(options, "version")?;
        settings.timeout_ms = options::number(options, &TIMEOUT_MS)?;
        settings.max_retries = options::number(options, &MAX_RETRIES)?;
        settings.retry_budget_ms = options::number(options, &RETRY_BUDGET_MS)?;
        settings.headers = options::headers(options, "headers")?;
        settings.dangerously_allow_browser =
            options::boolean(options, "dangerouslyAllowBrowser")? == Some(true);
        settings.max_response_bytes = options::number(options, &MAX_RESPONSE_BYTES)?;
        settings.allow_private_hosts =
            options::boolean(options, "allowPrivateHosts")? == Some(true);
        let fetch = options::function(options, "fetch")?;
        Inner::new(settings, fetch)
    }

    pub(crate) fn new(o: ClientOptions, fetch: Option<Function>) -> Result<Inner, Error> {
        let allow_browser = o.dangerously_allow_browser;
        let (allow_private, own_host) = (o.allow_private_hosts, o.base_url.is_some());
        let (config, session) = ClientConfig::new(o)?;
        if own_host {
            crate::rim::url::check_credential_host("baseUrl", session.base_url(), allow_private)?;
        }
        // Checked after every option, so bad input is reported first. Tokens are
        // password-equivalent and Intercom's API does not serve browsers (CORS).
        if runtime::is_browser() && !allow_browser {
            return Err(Error::browser_not_allowed("An IntercomClient with a token"));
        }
        Ok(Inner {
            config,
            session: Cell::new(session),
            fetch,
            last_rate_limit: Cell::new(None),
        })
    }

    /// The session, lent to `f` (which must not call back here).
    pub(super) fn session<R>(&self, f: impl FnOnce(&mut RegionSession) -> R) -> R {
        let mut session = self.session.take();
        let out = f(&mut session);
        self.session.set(session);
        out
    }

    pub(crate) fn base_url(&self) -> String {
        self.session(|s| s.base_url().to_owned())
    }

    /// The request a method makes, its arguments checked.
    // This and `custom_call` are kept out of LLVM's inlining (what wasm-opt does after is its
    // own choice): inlined there, LLVM's code for the flight's step came out several KB larger.
    // By `make package`, wasm raw/gzip: /client −3,700/−625 B, /oauth −4,203/−967 B, the root
    // −4,195/−1,016 B.
    #[inline(never)]
    pub(super) fn call_for(&self, op: &Op) -> Result<Call, Error> {
        Ok(match op {
            Op::ListAdmins => Call::get(endpoints::ADMINS),
            Op::GetAdmin(id) => Call::get(endpoints::admin(&admin_id(id)?)?),
            Op::Me | Op::DetectRegion | Op::VerifyConnection => Call::get(endpoints::ME),
            Op::Request(req) => custom_call(req)?,
            Op::Pages(paging) => paging
                .call()
                .unwrap_or_else(|| Err(Error::invalid_response(0, "another page", "")))?,
        })
    }

    /// What a method resolves to, from its answer; `started` times `verifyConnection`.
    pub(super) fn value_of(
        &self,
        op: &Op,
        answer: Success,
        started: f64,
    ) -> Result<JsValue, Error> {
        let json = answer.json.clone();
        // An unexpected shape is shown in `excerpt`: an echo of the request must not show the token.
        let masked = |mut e: Error| {
            e.redact(&[self.config.token.expose()], None);
            e
        };
        Ok(match op {
            Op::ListAdmins => {
                expect_shape(json, "an admin.list", |v| is_array(v, "admins")).map_err(masked)?
            }
            Op::GetAdmin(_) | Op::Me => {
                expect_shape(json, "an admin", |v| has_string(v, "id")).map_err(masked)?
            }
            Op::DetectRegion => {
                JsValue::from_str(region::from_me(me_region(&json).as_deref())?.as_str())
            }
            Op::VerifyConnection => {
                let region = region::from_me(me_region(&json).as_deref())?;
                connection_ok(
                    &answer,
                    region,
                    &self.config.version,
                    &self.base_url(),
                    now_ms() - started,
                )
            }
            Op::Request(_) | Op::Pages(_) => json,
        })
    }

    /// One request to the current host, with this call's retry policy, timeout and signal.
    pub(super) fn exchange(&self, req: Call, call: &CallOptions) -> Result<Exchange, Error> {
        let retrier = Retrier::new(
            RetryPolicy {
                max_retries: call.max_retries.unwrap_or(self.config.policy.max_retries),
                ..self.config.policy
            },
            req.may_retry(),
        );
        let request = self.session(|s| {
            call::prepare(
                s.base_url(),
                &self.config.token,
                &self.config.version,
                &self.config.headers,
                req,
            )
        })?;
        Ok(Exchange {
            request,
            sender: Sender {
                fetch: self.fetch.clone(),
                timeout_ms: call.timeout_ms.unwrap_or(self.config.timeout_ms),
                signal: call.signal.clone(),
                max_bytes: self.config.max_response_bytes,
            },
            retrier,
            secrets: Vec::new(),
        })
    }
}

/// `getAdmin(id)`: a string, or a whole number as JS users often hold ids.
fn admin_id(id: &JsValue) -> Result<String, Error> {
    id.as_string()
        .or_else(|| {
            id.as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 9e15)
                .map(|n| decimal(n as u64))
        })
        .ok_or_else(|| Error::invalid_argument("id: expected a string or a whole number"))
}

/// `request({ method, path, query, body, headers, retry })`, every field checked; a typed
/// call's `pathParams` fill the path's template (js/pages.rs).
#[inline(never)] // see `call_for`
pub(super) fn custom_call(req: &JsValue) -> Result<Call, Error> {
    options::object(req, "request", true)?;
    let method = match options::string(req, "method")? {
        Some(m) => Method::parse(&m)?,
        None => Method::Get,
    };
    let mut path =
        options::string(req, "path")?.ok_or_else(|| Error::invalid_argument("path: required"))?;
    if let Some(params) = options::field(req, "pathParams")? {
        // Values made strings by the glue (typedRequest); anything else is missing.
        path = path_template::fill(&path, |name| {
            Reflect::get(&params, &JsValue::from_str(name))
                .ok()?
                .as_string()
        })?;
    }
    let body = match options::field(req, "body")? {
        Some(b) => Some(json_body(&b)?),
        None => None,
    };
    let query = match options::field(req, "query")? {
        Some(q) => query_string(&q)?,
        None => String::new(),
    };
    Ok(Call {
        method,
        path,
        query,
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
