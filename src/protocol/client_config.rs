//! A client's settings: what a caller may set, and the checked form the client runs on.

use super::config::{self, MAX_RESPONSE_BYTES, MAX_RETRIES, RETRY_BUDGET_MS, TIMEOUT_MS};
use super::error::Error;
use super::region::RegionChoice;
use super::request;
use super::retry::RetryPolicy;
use super::secret::Secret;
use super::session::RegionSession;

/// Settings of a client: what `new IntercomClient({...})` takes, for Rust callers.
///
/// ```
/// let options = intercom_edge::ClientOptions {
///     token: "dG9rOmV4YW1wbGU=".into(),
///     region: intercom_edge::RegionChoice::Auto,
///     ..Default::default()
/// };
/// assert!(!format!("{options:?}").contains("dG9r"));
/// ```
#[derive(Clone, Default)]
pub struct ClientOptions {
    /// Access token (private app) or OAuth token. Sent only as `Authorization: Bearer`.
    pub token: String,
    /// Workspace region; `Auto` asks `/me` once (ignored when `base_url` is set).
    pub region: RegionChoice,
    /// Overrides the region's host (mock servers, proxies); never switched by `Auto`.
    pub base_url: Option<String>,
    /// `Intercom-Version`: "N.N", "Preview" or "Unstable"; default "2.14".
    pub version: Option<String>,
    /// Per attempt, 1 to 600000; default 20000.
    pub timeout_ms: Option<u32>,
    /// 0 to 10; default 2; 0 disables retries.
    pub max_retries: Option<u32>,
    /// Total waiting across retries of one call, 0 to 600000; default 10000.
    pub retry_budget_ms: Option<u32>,
    /// Extra headers; Authorization and Intercom-Version cannot be set here.
    pub headers: Vec<(String, String)>,
    /// In a browser page or worker a client with a token is refused; set this only for
    /// local tools and tests.
    pub dangerously_allow_browser: bool,
    /// The most of an answer read, in bytes, 1024 to 268435456; default 10485760 (10 MiB).
    /// A longer answer fails with `response_too_large`, unread.
    pub max_response_bytes: Option<u32>,
    /// Lets `base_url` be an IP address or an internal host name (`10.0.0.5`,
    /// `proxy.internal`); off, the token goes only to public host names or the local-dev
    /// `http://localhost` / `127.0.0.1` / `[::1]`.
    pub allow_private_hosts: bool,
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

/// The checked settings a client runs on (the host lives in its [`RegionSession`]).
#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub token: Secret,
    pub version: String,
    pub timeout_ms: u32,
    pub policy: RetryPolicy,
    pub headers: Vec<(String, String)>,
    pub max_response_bytes: u32,
}

impl ClientConfig {
    /// Checks every option, in the order a caller reads them, naming the one at fault.
    /// Takes the options by value: the token, version and headers move into the config
    /// instead of being copied (the copies cost wasm as well as time).
    pub fn new(o: ClientOptions) -> Result<(ClientConfig, RegionSession), Error> {
        config::check_token(&o.token)?;
        let session = RegionSession::new(o.region, o.base_url.as_deref())?;
        if let Some(v) = &o.version {
            config::check_version(v)?;
        }
        for (name, value) in &o.headers {
            request::extra_header(name, value)?;
        }
        // Fields in the order the checks are reported: the bounds first, then the moves.
        let config = ClientConfig {
            timeout_ms: TIMEOUT_MS.or_default(o.timeout_ms)?,
            max_response_bytes: MAX_RESPONSE_BYTES.or_default(o.max_response_bytes)?,
            policy: RetryPolicy {
                max_retries: MAX_RETRIES.or_default(o.max_retries)?,
                budget_ms: RETRY_BUDGET_MS.or_default(o.retry_budget_ms)?,
            },
            token: Secret::new(o.token),
            version: o
                .version
                .unwrap_or_else(|| config::DEFAULT_VERSION.to_owned()),
            headers: o.headers,
        };
        Ok((config, session))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::code::ErrorCode;

    fn options() -> ClientOptions {
        ClientOptions {
            token: "tok".into(),
            ..Default::default()
        }
    }

    #[test]
    fn defaults() {
        let (c, s) = ClientConfig::new(options()).unwrap();
        assert_eq!(c.version, "2.14");
        assert_eq!(
            (c.timeout_ms, c.policy.max_retries, c.policy.budget_ms),
            (20_000, 2, 10_000)
        );
        assert_eq!(s.base_url(), "https://api.intercom.io");
        assert_eq!(c.max_response_bytes, 10 * 1024 * 1024);
    }

    #[test]
    fn each_option_is_checked() {
        let bad = [
            ClientOptions {
                token: "a b".into(),
                ..options()
            },
            ClientOptions {
                base_url: Some("x".into()),
                ..options()
            },
            ClientOptions {
                version: Some("v2".into()),
                ..options()
            },
            ClientOptions {
                timeout_ms: Some(0),
                ..options()
            },
            ClientOptions {
                max_retries: Some(11),
                ..options()
            },
            ClientOptions {
                max_response_bytes: Some(10),
                ..options()
            },
            ClientOptions {
                headers: vec![("Authorization".into(), "x".into())],
                ..options()
            },
        ];
        for o in bad {
            let shown = format!("{o:?}");
            let e = ClientConfig::new(o).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{shown}");
        }
    }
}
