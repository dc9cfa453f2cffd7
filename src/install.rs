//! The OAuth install flow and webhook checks for Rust callers; the JS functions are thin
//! wrappers over these. Decisions live in `protocol` (`oauth`, `cookie`, `token`); here
//! are WebCrypto, fetch and the platform's URL parser.

use crate::protocol::call::{HttpRequest, Method};
use crate::protocol::config::{self, Host, TIMEOUT_MS};
use crate::protocol::cookie;
use crate::protocol::endpoints;
use crate::protocol::error::Error;
use crate::protocol::json::Json;
use crate::protocol::oauth::{self as rules, StatePayload, NONCE_TAG_LEN};
use crate::protocol::region::Region;
use crate::protocol::response;
use crate::protocol::retry::{Retrier, RetryPolicy};
use crate::protocol::secret::Secret;
use crate::protocol::text::cat;
use crate::protocol::token;
use crate::rim::bindings::now_ms;
use crate::rim::crypto::{hmac, random_bytes, Hash, Mac};
use crate::rim::error::Failure;
use crate::rim::runtime;
use crate::rim::transport::{self, Answer, Exchange, Sender};

/// Where the consent page sends the admin back, and for which app.
#[derive(Clone, Debug, Default)]
pub struct AuthorizeUrl<'a> {
    /// The app's OAuth client id.
    pub client_id: &'a str,
    /// From [`create_state`].
    pub state: &'a str,
    /// One of the app's registered redirect URLs; https, or http on localhost only.
    pub redirect_uri: Option<&'a str>,
    /// The consent host's region (app.intercom.com, app.eu…, app.au…).
    pub region: Region,
    /// Overrides the consent host: a local mock on `http://localhost`/`127.0.0.1`/`[::1]`, or
    /// Intercom's own; any other host needs `allow_custom_consent_host`.
    pub base_url: Option<&'a str>,
    /// Lets `base_url` be any host (a test server). Off, admins are only ever sent to
    /// Intercom's consent page or the local-dev host.
    pub allow_custom_consent_host: bool,
}

/// The consent page URL: `https://app.intercom.com/oauth?client_id=…&state=…[&redirect_uri=…]`.
///
/// ```no_run
/// let url = intercom_edge::oauth::authorize_url(&intercom_edge::oauth::AuthorizeUrl {
///     client_id: "my-client-id",
///     state: "state-from-create_state",
///     ..Default::default()
/// })?;
/// # Ok::<(), intercom_edge::Error>(())
/// ```
pub fn authorize_url(o: &AuthorizeUrl<'_>) -> Result<String, Error> {
    if o.client_id.is_empty() {
        return Err(Error::invalid_argument("clientId: required"));
    }
    if o.state.is_empty() {
        return Err(Error::invalid_argument("state: required"));
    }
    let base = config::host(o.base_url, Ok(o.region), Host::App)?;
    let url = web_sys::Url::new(&cat(&[&base, endpoints::OAUTH_AUTHORIZE]))
        .map_err(|_| Error::invalid_argument("baseUrl: not a URL"))?;
    if o.base_url.is_some() {
        crate::protocol::host::check_consent_host(
            &base,
            &url.protocol(),
            &url.hostname(),
            o.allow_custom_consent_host,
        )?;
    }
    let params = url.search_params();
    params.append("client_id", o.client_id);
    params.append("state", o.state);
    if let Some(redirect) = o.redirect_uri {
        params.append("redirect_uri", &checked_redirect(redirect)?);
    }
    Ok(url.href())
}

/// An absolute redirect URL that Intercom accepts, normalised by the platform.
pub(crate) fn checked_redirect(uri: &str) -> Result<String, Error> {
    let url = web_sys::Url::new(uri)
        .map_err(|_| Error::invalid_argument("redirectUri: not an absolute URL"))?;
    rules::check_redirect(&url.protocol(), &url.hostname())?;
    Ok(url.href())
}

/// What a new `state` carries.
#[derive(Clone, Debug, Default)]
pub struct NewState<'a> {
    /// Server-side secret (≥ 16 characters) that signs the state.
    pub secret: &'a str,
    /// Lifetime; default 600 s.
    pub ttl_seconds: Option<u32>,
    /// Where to send the admin back after the install (≤ 512 bytes): a same-origin path such
    /// as "/settings?x=1", or a URL on one of `allowed_origins`.
    pub data: Option<&'a str>,
    /// Binds the state to the browser holding this nonce (see [`state_cookie`]); required
    /// unless `unsafe_no_browser_binding`.
    pub nonce: Option<&'a str>,
    /// Makes a state bound to no browser: any browser's callback then verifies with it, so
    /// an attacker can finish their own install in a victim's session (login CSRF).
    pub unsafe_no_browser_binding: bool,
    /// Origins (`"https://app.example"`) `data` may name besides a same-origin path.
    pub allowed_origins: &'a [&'a str],
}

/// How a state is checked beyond its signature and expiry; the default is the safe one.
#[derive(Clone, Copy, Debug, Default)]
pub struct StateRules<'a> {
    /// Accept a state made without a nonce (see [`NewState::unsafe_no_browser_binding`]).
    pub unsafe_no_browser_binding: bool,
    /// Origins `data` may name besides a same-origin path.
    pub allowed_origins: &'a [&'a str],
    /// Where the nonce cookie lives: `__Host-` on "/" and Secure by default; the same as
    /// given to [`state_cookie`].
    pub cookie: CookieScope<'a>,
}

/// True when `data` is a same-origin path or a URL on an allowed origin; the origins are
/// normalised by the platform's URL parser, and one that is not http(s) is bad input.
fn data_ok(data: &str, allowed: &[&str]) -> Result<bool, Error> {
    let mut origins = Vec::new();
    for a in allowed {
        let origin = web_sys::Url::new(a).map(|u| u.origin()).unwrap_or_default();
        rules::check_allowed_origin(&origin)?;
        origins.push(origin);
    }
    let origin = if origins.is_empty() {
        None
    } else {
        web_sys::Url::new(data).ok().map(|u| u.origin())
    };
    Ok(rules::return_path_ok(data, origin.as_deref(), &origins))
}

/// A signed, stateless CSRF `state`: issue time, ≥128 random bits, the browser binding (a
/// nonce's MAC) and optional data.
///
/// ```no_run
/// # async fn run(nonce: &str) -> Result<(), intercom_edge::Error> {
/// let state = intercom_edge::oauth::create_state(&intercom_edge::oauth::NewState {
///     secret: "a-long-random-server-side-secret",
///     nonce: Some(nonce),
///     data: Some("/settings"),
///     ..Default::default()
/// })
/// .await?;
/// # Ok(()) }
/// ```
pub async fn create_state(o: &NewState<'_>) -> Result<String, Error> {
    cookie::check_secret(o.secret)?;
    rules::require_binding(o.nonce.is_some(), o.unsafe_no_browser_binding)?;
    if let Some(n) = o.nonce {
        cookie::check_nonce(n)?;
    }
    if let Some(d) = o.data {
        if !data_ok(d, o.allowed_origins)? {
            return Err(rules::return_path_refused());
        }
    }
    let ttl_s = config::TTL_SECONDS.or_default(o.ttl_seconds)?;
    let secret = o.secret.as_bytes();
    let tag = match o.nonce {
        Some(n) => Some(tag(&nonce_mac(secret, n).await?)),
        None => None,
    };
    let payload = StatePayload {
        issued_ms: now_ms().max(0.0) as u64,
        ttl_s,
        nonce_tag: tag,
        data: o.data.map(str::to_owned),
    };
    let bytes = rules::encode_state(&payload, &random_bytes()?)?;
    let mac = state_mac(secret, &bytes).await?;
    Ok(rules::join_state(&bytes, &mac))
}

/// A state that passed [`verify_state`].
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedState {
    /// The `data` given to [`create_state`].
    pub data: Option<String>,
    /// ms since the epoch.
    pub issued_at_ms: u64,
}

/// Checks a state: signature (constant time), expiry, the nonce (a state bound to no browser
/// only with `rules.unsafe_no_browser_binding`) and `data` as a return path.
/// `now_ms` defaults to the clock.
pub async fn verify_state(
    state: &str,
    secret: &str,
    nonce: Option<&str>,
    now_ms: Option<f64>,
    rules: &StateRules<'_>,
) -> Result<VerifiedState, Error> {
    if let Some(n) = nonce {
        cookie::check_nonce(n)?;
    }
    check_state(state, secret, nonce, now_ms, rules).await
}

/// The checks after the caller's own input was read; a nonce from a cookie is only
/// compared, never refused for its form.
async fn check_state(
    state: &str,
    secret: &str,
    nonce: Option<&str>,
    now_ms: Option<f64>,
    r: &StateRules<'_>,
) -> Result<VerifiedState, Error> {
    cookie::check_secret(secret)?;
    let secret = secret.as_bytes();
    let (bytes, mac) = rules::split_state(state)?;
    if !rules::constant_time_eq(&state_mac(secret, &bytes).await?, &mac) {
        return Err(rules::state_forged());
    }
    let payload = rules::decode_state(&bytes)?;
    rules::check_fresh(
        &payload,
        now_ms.unwrap_or_else(crate::rim::bindings::now_ms),
    )?;
    match payload.nonce_tag {
        Some(expected) => {
            let given = nonce.ok_or_else(rules::state_mismatch)?;
            if !rules::constant_time_eq(&tag(&nonce_mac(secret, given).await?), &expected) {
                return Err(rules::state_mismatch());
            }
        }
        None => rules::check_unbound(r.unsafe_no_browser_binding)?,
    }
    if let Some(d) = &payload.data {
        if !data_ok(d, r.allowed_origins)? {
            return Err(rules::return_path_unsafe());
        }
    }
    Ok(VerifiedState {
        data: payload.data,
        issued_at_ms: payload.issued_ms,
    })
}

/// Domain-separated MACs so a state MAC can never stand in for a nonce tag.
fn state_mac(secret: &[u8], payload: &[u8]) -> Mac {
    hmac(
        Hash::Sha256,
        secret,
        &[b"intercom-edge state\0", payload].concat(),
    )
}

/// The nonce's MAC; a state carries the `tag` of it.
fn nonce_mac(secret: &[u8], nonce: &str) -> Mac {
    hmac(
        Hash::Sha256,
        secret,
        &[b"intercom-edge nonce\0", nonce.as_bytes()].concat(),
    )
}

fn tag(mac: &[u8]) -> [u8; NONCE_TAG_LEN] {
    let mut tag = [0u8; NONCE_TAG_LEN];
    tag.copy_from_slice(mac.get(..NONCE_TAG_LEN).unwrap_or(&[0; NONCE_TAG_LEN]));
    tag
}

pub use crate::protocol::cookie::{state_cookie, CookieScope};

/// What Intercom's redirect carried, after the state checked out.
#[derive(Clone, Debug, PartialEq)]
pub struct Callback {
    /// Byte-exact: a trailing "=" is kept.
    pub code: String,
    /// The verified state.
    pub state: String,
    /// The state's `data`.
    pub data: Option<String>,
    /// Send this `Set-Cookie` with the answer: it removes the nonce cookie, so the callback
    /// URL cannot be replayed in this browser.
    pub set_cookie: String,
}

/// Reads Intercom's redirect URL: the `state` first (a denial is believed only after it
/// verified), then `code` byte-exact. Without a `nonce`, the nonce cookie is read from
/// `cookie_header` (the request's `Cookie`; two of that name are refused).
pub async fn parse_callback(
    url: &str,
    secret: &str,
    nonce: Option<&str>,
    cookie_header: Option<&str>,
    r: &StateRules<'_>,
) -> Result<Callback, Error> {
    let url =
        web_sys::Url::new(url).map_err(|_| Error::invalid_argument("url: not an absolute URL"))?;
    let search = url.search();
    let mut params = Vec::new();
    for (k, v) in rules::raw_query_pairs(&search) {
        params.push((decode(k)?, decode(v)?));
    }
    let state = rules::callback_state(&params)?;
    let set_cookie = r.cookie.clear()?;
    if let Some(n) = nonce {
        cookie::check_nonce(n)?;
    }
    let nonce = match (nonce, cookie_header) {
        (Some(n), _) => Some(n),
        (None, Some(h)) => r.cookie.nonce(h)?,
        (None, None) => None,
    };
    let verified = check_state(state, secret, nonce, None, r).await?;
    let callback = rules::read_callback(&params)?;
    Ok(Callback {
        code: callback.code,
        state: callback.state,
        data: verified.data,
        set_cookie,
    })
}

/// One percent-decoding by the platform; malformed escapes are bad input, not a trap.
fn decode(raw: &str) -> Result<String, Error> {
    js_sys::decode_uri_component(raw)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::invalid_argument("url: a query parameter has a malformed %-escape"))
}

/// The code-for-token request.
#[derive(Clone, Debug, Default)]
pub struct ExchangeCode<'a> {
    /// From [`parse_callback`], byte-exact.
    pub code: &'a str,
    /// The app's OAuth client id.
    pub client_id: &'a str,
    /// Travels only in the form body.
    pub client_secret: &'a str,
    /// The redirect URL the flow started with, if it named one.
    pub redirect_uri: Option<&'a str>,
    /// The token host's region; default US (api.intercom.io).
    pub region: Region,
    /// Overrides the token endpoint URL (mock servers).
    pub token_url: Option<&'a str>,
    /// Default 20000.
    pub timeout_ms: Option<u32>,
    /// Lets `token_url` be an IP address or an internal host name; off, the code and the
    /// client secret go only to public host names or the local-dev host.
    pub allow_private_hosts: bool,
}

/// POSTs the code to Intercom's token endpoint, once (a code works once); a 401 is
/// [`ErrorCode::OauthCodeInvalid`](crate::ErrorCode::OauthCodeInvalid). Refused in browsers.
pub async fn exchange_code(o: &ExchangeCode<'_>) -> Result<Secret, Error> {
    let mut exchange = code_exchange(o, None)?;
    let mut fields = (None, None);
    let mut read = |a: &Answer| {
        let json = read_json(a)?;
        let text = |k: &str| json.get(k).and_then(Json::as_str).map(str::to_owned);
        fields = (text("token"), text("access_token"));
        Ok(())
    };
    transport::send(&mut exchange, &mut read, &|_| {})
        .await
        .map_err(|f| token::code_refused(f.error))?;
    token::token_from_answer(fields.0, fields.1).map(Secret::new)
}

/// The Rust reading of an OAuth answer (the JS exports read with `JSON.parse` instead).
fn read_json(a: &Answer) -> Result<Json, Failure> {
    Ok(response::read_json(
        &a.head,
        &a.text(),
        config::DEFAULT_VERSION,
        now_ms(),
    )?)
}

/// The code-for-token POST, every input checked, ready to send (`exchange_code` sends it
/// from Rust, the JS export from its call loop). What the answer means: `token::code_refused`
/// for a failure, `token::token_from_answer` for a success.
pub(crate) fn code_exchange(
    o: &ExchangeCode<'_>,
    fetch: Option<js_sys::Function>,
) -> Result<Exchange, Error> {
    token::check_code(o.code)?;
    for (name, value) in [("clientId", o.client_id), ("clientSecret", o.client_secret)] {
        if value.is_empty() {
            return Err(Error::invalid_argument(cat(&[name, ": required"])));
        }
    }
    let redirect = o.redirect_uri.map(checked_redirect).transpose()?;
    let url = match o.token_url {
        Some(u) => {
            let u = config::base_url_checked(u)
                .map_err(|_| Error::invalid_argument("tokenUrl: expected an http(s) URL"))?;
            // The code and the client secret go there: plain http only to a loopback host,
            // and no internal host unless asked.
            crate::protocol::tls::require_tls("tokenUrl", &u)?;
            crate::rim::url::check_credential_host("tokenUrl", &u, o.allow_private_hosts)?;
            u
        }
        None => cat(&[o.region.api_base(), endpoints::OAUTH_TOKEN]),
    };
    let timeout_ms = TIMEOUT_MS.or_default(o.timeout_ms)?;
    if runtime::is_browser() {
        return Err(Error::browser_not_allowed(
            "exchangeCode (it needs the client secret)",
        ));
    }
    let form = web_sys::UrlSearchParams::new()
        .map_err(|_| Error::invalid_argument("URLSearchParams is unavailable"))?;
    for (k, v) in token::exchange_form(o.code, o.client_id, o.client_secret, redirect.as_deref()) {
        form.append(k, v);
    }
    let headers = [(
        "Content-Type",
        "application/x-www-form-urlencoded".to_owned(),
    )];
    let body = Some(String::from(form.to_string()));
    let secrets = vec![
        Secret::new(o.client_secret.to_owned()),
        Secret::new(o.code.to_owned()),
    ];
    Ok(post_once(url, &headers, body, fetch, timeout_ms, secrets))
}

/// Revokes a token: POST `/auth/uninstall` on the workspace's regional API host.
/// A `base_url` that is an IP address or an internal host name is refused (the JS export's
/// `allowPrivateHosts` lifts that).
pub async fn uninstall(token: &str, region: Region, base_url: Option<&str>) -> Result<(), Error> {
    let mut exchange = uninstall_exchange(token, region, base_url, None, false)?;
    let mut read = |a: &Answer| read_json(a).map(|_| ());
    transport::send(&mut exchange, &mut read, &|_| {})
        .await
        .map_err(|f| f.error)
}

/// The revocation POST, checked and ready to send (see `code_exchange`).
pub(crate) fn uninstall_exchange(
    token: &str,
    region: Region,
    base_url: Option<&str>,
    fetch: Option<js_sys::Function>,
    allow_private_hosts: bool,
) -> Result<Exchange, Error> {
    let token = config::token(token)?;
    let base = config::host(base_url, Ok(region), Host::Api)?;
    if base_url.is_some() {
        crate::rim::url::check_credential_host("baseUrl", &base, allow_private_hosts)?;
    }
    let url = cat(&[base.as_str(), endpoints::UNINSTALL]);
    let headers = [
        ("Authorization", cat(&["Bearer ", token.expose()])),
        ("Content-Type", "application/json".to_owned()),
    ];
    Ok(post_once(
        url,
        &headers,
        None,
        fetch,
        TIMEOUT_MS.default,
        Vec::new(),
    ))
}

/// One POST to an OAuth endpoint, never retried: a code works once, and a revocation that
/// reached Intercom before a failure must not be sent again blind.
fn post_once(
    url: String,
    headers: &[(&str, String)],
    body: Option<String>,
    fetch: Option<js_sys::Function>,
    timeout_ms: u32,
    secrets: Vec<Secret>,
) -> Exchange {
    let mut all: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    all.push(("Accept".into(), "application/json".into()));
    Exchange {
        request: HttpRequest {
            method: Method::Post,
            url,
            headers: all,
            body,
        },
        sender: Sender {
            fetch,
            timeout_ms,
            signal: None,
            // A token or revocation answer is tiny; anything near this is not Intercom's.
            max_bytes: config::TOKEN_RESPONSE_BYTES,
        },
        secrets,
        retrier: Retrier::new(
            RetryPolicy {
                max_retries: 0,
                budget_ms: 0,
            },
            false,
        ),
    }
}

/// Intercom's `X-Hub-Signature: sha1=<hex>` over the raw body with the client secret.
/// False for anything wrong, including a missing header or secret, or a body over 5 MiB.
pub async fn verify_webhook(body: &[u8], signature: Option<&str>, client_secret: &str) -> bool {
    let Some(expected) = signature.and_then(rules::webhook_signature) else {
        return false;
    };
    if client_secret.is_empty()
        || crate::protocol::inbound::check_read(
            body.len(),
            crate::protocol::inbound::WEBHOOK_MAX_BYTES.default,
        )
        .is_err()
    {
        return false;
    }
    match hmac(Hash::Sha1, client_secret.as_bytes(), body).await {
        Ok(mac) => rules::constant_time_eq(&mac, &expected),
        Err(_) => false,
    }
}
