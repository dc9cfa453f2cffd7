//! The client for Rust callers (e.g. a workers-rs Worker): the behaviour of the JS
//! `IntercomClient` — regions, versions, retries, timeouts, typed errors — on a Rust-typed
//! exchange (method, URL, headers, body → status, headers, text). Answers are parsed and
//! typed in Rust; nothing goes through `JSON.parse`.
//!
//! Its futures are `!Send` (they hold JS values, as every wasm32 future in a JS host does).
//! In a workers-rs handler that is what `#[event(fetch)]` expects; where a `Send` bound is
//! demanded (an axum handler under `worker`'s `http` feature), wrap the call in
//! `worker::send::SendFuture`.

use crate::protocol::call::{self, Call, Method};
use crate::protocol::client_config::{ClientConfig, ClientOptions};
use crate::protocol::endpoints;
use crate::protocol::error::Error;
use crate::protocol::json::Json;
use crate::protocol::model::{Admin, AdminList, AdminWithApp};
use crate::protocol::pagination::{PageInfo, Pager};
use crate::protocol::rate_limit::RateLimit;
use crate::protocol::region::{self, Region};
use crate::protocol::response;
use crate::protocol::retry::{Retrier, RetryPolicy};
use crate::protocol::session::RegionSession;
use crate::rim::bindings::now_ms;
use crate::rim::runtime;
use crate::rim::transport::{self, Answer, Exchange, Sender};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::rc::Rc;

/// One exchange, boxed so its state machine is compiled once for every typed caller.
type Pending<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(Json, String), Error>> + 'a>>;

/// Per-call settings; each `None` keeps the client's own.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// Ends the call at once with [`ErrorCode::Aborted`](crate::ErrorCode::Aborted); never retried.
    pub signal: Option<web_sys::AbortSignal>,
    /// Per attempt, 1 to 600000.
    pub timeout_ms: Option<u32>,
    /// 0 to 10.
    pub max_retries: Option<u32>,
}

/// How much [`Client::paginate`] reads.
#[derive(Clone, Copy, Debug, Default)]
pub struct PageOptions {
    /// At most this many items in all.
    pub limit: Option<u64>,
    /// Sent as `per_page` on every page, 1 to 150.
    pub page_size: Option<u32>,
}

/// The pager [`Client::paginate`] returns: one page held at a time.
pub struct Pages<'a, T> {
    client: &'a Client,
    pager: Pager,
    /// A search's body, resent on every page with its `pagination` set.
    body: Option<wasm_bindgen::JsValue>,
    options: CallOptions,
    page: std::vec::IntoIter<Json>,
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pages<'_, T> {
    /// The next item, fetching the next page when this one is used up; `None` at the end.
    pub async fn next(&mut self) -> Result<Option<T>, Error> {
        loop {
            if let Some(item) = self.page.next() {
                return T::deserialize(item).map(Some).map_err(|_| {
                    Error::invalid_response(200, "an item of the requested type", "")
                });
            }
            let Some((mut call, pagination)) = self.pager.request() else {
                return Ok(None);
            };
            if let (Some(body), Some(p)) = (&self.body, pagination) {
                call.body = Some(crate::rim::json::search_body(body, p)?);
            }
            let (json, text) = self.client.perform(call, &self.options).await?;
            let (info, mut items) = PageInfo::of(json).ok_or_else(|| {
                Error::invalid_response(200, "a list (an answer with an array of items)", &text)
            })?;
            items.truncate(self.pager.take(&info)?);
            self.page = items.into_iter();
        }
    }
}

/// A client for one workspace. Cheap to clone; clones share the host and rate-limit state.
///
/// ```no_run
/// # async fn run() -> Result<(), intercom_edge::Error> {
/// use intercom_edge::{Client, ClientOptions, RegionChoice};
///
/// let intercom = Client::new(ClientOptions {
///     token: "dG9rOmV4YW1wbGU=".into(),
///     region: RegionChoice::Auto,
///     ..Default::default()
/// })?;
/// let admins = intercom.list_admins().await?.admins; // Vec<intercom_edge::Admin>
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Rc<Shared>,
}

struct Shared {
    config: ClientConfig,
    session: RefCell<RegionSession>,
    last_rate_limit: Cell<Option<RateLimit>>,
}

/// The configuration only: the token is never shown.
impl core::fmt::Debug for Client {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("version", &self.inner.config.version)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Checks every option; in a browser page or worker a client is refused
    /// ([`ErrorCode::BrowserNotAllowed`](crate::ErrorCode::BrowserNotAllowed)) unless
    /// `dangerously_allow_browser` is set.
    pub fn new(options: ClientOptions) -> Result<Client, Error> {
        let allow_browser = options.dangerously_allow_browser;
        let (allow_private, own_host) = (options.allow_private_hosts, options.base_url.is_some());
        let (config, session) = ClientConfig::new(options)?;
        if own_host {
            crate::rim::url::check_credential_host("baseUrl", session.base_url(), allow_private)?;
        }
        if runtime::is_browser() && !allow_browser {
            return Err(Error::browser_not_allowed("A Client with a token"));
        }
        Ok(Client {
            inner: Rc::new(Shared {
                config,
                session: RefCell::new(session),
                last_rate_limit: Cell::new(None),
            }),
        })
    }

    /// `GET /admins`: every admin of the workspace.
    pub async fn list_admins(&self) -> Result<AdminList, Error> {
        self.typed(
            Call::get(endpoints::ADMINS),
            &CallOptions::default(),
            "an admin.list",
        )
        .await
    }

    /// `GET /admins/{id}`.
    pub async fn get_admin(&self, id: &str) -> Result<Admin, Error> {
        let call = Call::get(endpoints::admin(id)?);
        self.typed(call, &CallOptions::default(), "an admin").await
    }

    /// `GET /me`: the token's admin and its workspace (`app`).
    pub async fn me(&self) -> Result<AdminWithApp, Error> {
        self.typed(
            Call::get(endpoints::ME),
            &CallOptions::default(),
            "an admin",
        )
        .await
    }

    /// The workspace's region, from `/me` → `app.region`.
    pub async fn detect_region(&self) -> Result<Region, Error> {
        let me = self.me().await?;
        region::from_me(me.app.as_ref().and_then(|a| a.region.as_deref()))
    }

    /// Any endpoint, typed both ways: `body` is sent as JSON, the answer read as `T`
    /// (use [`Json`] to keep it untyped). `query` is encoded by URLSearchParams. Only GET
    /// and HEAD are retried.
    ///
    /// ```no_run
    /// # async fn run(intercom: intercom_edge::Client) -> Result<(), intercom_edge::Error> {
    /// use intercom_edge::{CallOptions, Json, Method};
    ///
    /// let contacts: Json = intercom
    ///     .request_json(Method::Get, "/contacts", &[("per_page", "5")], None::<&()>, &CallOptions::default())
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn request_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&B>,
        options: &CallOptions,
    ) -> Result<T, Error> {
        let body = match body {
            Some(b) => Some(crate::rim::json::to_string(b)?),
            None => None,
        };
        let call = Call {
            method,
            path: path.to_owned(),
            query: crate::rim::json::query(query)?,
            body,
            headers: Vec::new(),
            retry: None,
        };
        self.typed(call, options, "the requested type").await
    }

    /// The items of a list or search endpoint, page after page, each read as `T` (use
    /// [`Json`] to keep them untyped): a pager whose [`Pages::next`] fetches a page only when
    /// the one in hand is used up. Cursors (`starting_after`), page numbers and scrolls are
    /// followed as each answer says; a search's `body` is resent on every page with its
    /// `pagination` set. Each page is an ordinary call: a 429 or 5xx is retried as usual, and
    /// `options.signal` ends the paging.
    ///
    /// ```no_run
    /// # async fn run(intercom: intercom_edge::Client) -> Result<(), intercom_edge::Error> {
    /// use intercom_edge::{CallOptions, Json, Method, PageOptions};
    ///
    /// let mut contacts = intercom.paginate::<(), Json>(
    ///     Method::Get, "/contacts", &[], None,
    ///     PageOptions { page_size: Some(50), ..Default::default() },
    ///     CallOptions::default(),
    /// )?;
    /// while let Some(contact) = contacts.next().await? {
    ///     println!("{:?}", contact.get("id"));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn paginate<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&B>,
        page: PageOptions,
        options: CallOptions,
    ) -> Result<Pages<'_, T>, Error> {
        let body = match body {
            Some(b) => Some(crate::rim::json::to_value(b)?),
            None => None,
        };
        let call = Call {
            method,
            path: path.to_owned(),
            query: crate::rim::json::query(query)?,
            body: None,
            headers: Vec::new(),
            retry: None,
        };
        let pager = Pager::new(
            call,
            body.is_some(),
            page.limit.map(|n| n as f64),
            page.page_size.map(f64::from),
        )?;
        Ok(Pages {
            client: self,
            pager,
            body,
            options,
            page: Vec::new().into_iter(),
            item: PhantomData,
        })
    }

    /// The rate-limit window of the last answer.
    pub fn last_rate_limit(&self) -> Option<RateLimit> {
        self.inner.last_rate_limit.get()
    }

    /// The host calls go to now (switched once by [`RegionChoice::Auto`](crate::RegionChoice::Auto)).
    pub fn base_url(&self) -> String {
        self.inner.session.borrow().base_url().to_owned()
    }

    async fn typed<T: DeserializeOwned>(
        &self,
        call: Call,
        options: &CallOptions,
        expected: &str,
    ) -> Result<T, Error> {
        let (json, text) = self.perform(call, options).await?;
        T::deserialize(json).map_err(|_| {
            let mut e = Error::invalid_response(200, expected, &text);
            e.redact(&[self.inner.config.token.expose()], Some(&text));
            e
        })
    }

    /// One call, after learning the region first when `Auto` still needs it.
    async fn perform(&self, call: Call, options: &CallOptions) -> Result<(Json, String), Error> {
        let needs_region = self.inner.session.borrow().needs_region(&call.path);
        if needs_region {
            let (me, _) = self.exchange(Call::get(endpoints::ME), options).await?;
            let app_region = me
                .get("app")
                .and_then(|a| a.get("region"))
                .and_then(Json::as_str);
            self.inner.session.borrow_mut().learn(app_region)?;
        }
        self.exchange(call, options).await
    }

    fn exchange<'a>(&'a self, call: Call, options: &'a CallOptions) -> Pending<'a> {
        Box::pin(async move {
            let config = &self.inner.config;
            let retrier = Retrier::new(
                RetryPolicy {
                    max_retries: options.max_retries.unwrap_or(config.policy.max_retries),
                    ..config.policy
                },
                call.may_retry(),
            );
            let base_url = self.base_url();
            let request = call::prepare(
                &base_url,
                &config.token,
                &config.version,
                &config.headers,
                call,
            )?;
            let mut exchange = Exchange {
                request,
                sender: Sender {
                    fetch: None,
                    timeout_ms: options.timeout_ms.unwrap_or(config.timeout_ms),
                    signal: options.signal.clone(),
                    max_bytes: config.max_response_bytes,
                },
                retrier,
                secrets: Vec::new(),
            };
            let mut out = None;
            let mut read = |a: &Answer| {
                let text = a.text();
                let json = response::read_json(&a.head, &text, &config.version, now_ms())?;
                out = Some((json, text));
                Ok(())
            };
            let record = |rl: Option<RateLimit>| {
                if rl.is_some() {
                    self.inner.last_rate_limit.set(rl);
                }
            };
            transport::send(&mut exchange, &mut read, &record)
                .await
                .map_err(|f| f.error)?;
            out.ok_or_else(|| Error::invalid_response(0, "an answer", ""))
        })
    }
}
