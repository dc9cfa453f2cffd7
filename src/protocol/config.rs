//! Validation of what a caller configures: token, version, base URL.
//! Every failure names the option, so the caller knows what to fix.

use super::error::Error;
use super::region::Region;
use super::secret::Secret;
use super::text::{before, cat, decimal, has_url_unsafe};

/// The version the official SDK pins too; 2.14 is the last with a published spec and fern default.
pub const DEFAULT_VERSION: &str = "2.14";

/// A whole-number option: its name (as JS spells it), bounds and default. The one place
/// each bound is written.
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    pub name: &'static str,
    pub min: u32,
    pub max: u32,
    pub default: u32,
}

impl Bound {
    /// A caller's number, checked; `NaN`, fractions and out-of-range values are refused.
    pub fn check(&self, value: f64) -> Result<u32, Error> {
        whole_number(self.name, value, self.min, self.max)
    }

    /// A value from Rust (already whole) checked, or the default.
    pub fn or_default(&self, value: Option<u32>) -> Result<u32, Error> {
        value.map_or(Ok(self.default), |v| self.check(f64::from(v)))
    }
}

/// Per attempt.
pub const TIMEOUT_MS: Bound = Bound {
    name: "timeoutMs",
    min: 1,
    max: 600_000,
    default: 20_000,
};
pub const MAX_RETRIES: Bound = Bound {
    name: "maxRetries",
    min: 0,
    max: 10,
    default: 2,
};
/// Total waiting across the retries of one call.
pub const RETRY_BUDGET_MS: Bound = Bound {
    name: "retryBudgetMs",
    min: 0,
    max: 600_000,
    default: 10_000,
};
/// The most of an API answer read into memory, in bytes: Intercom's pages are far smaller
/// (a 150-contact page is well under 1 MiB), and a Worker has 128 MB in all.
pub const MAX_RESPONSE_BYTES: Bound = Bound {
    name: "maxResponseBytes",
    min: 1024,
    max: 268_435_456,
    default: 10_485_760,
};
/// The most of a token endpoint answer read: `{ "token": …, "token_type": "Bearer" }` is
/// under 1 KiB; the limit leaves room for an error page without letting one fill memory.
pub const TOKEN_RESPONSE_BYTES: u32 = 65_536;
/// Lifetime of an OAuth `state`.
pub const TTL_SECONDS: Bound = Bound {
    name: "ttlSeconds",
    min: 1,
    max: 86_400,
    default: 600,
};
/// Lifetime of the nonce cookie.
pub const MAX_AGE_SECONDS: Bound = Bound {
    name: "maxAgeSeconds",
    min: 0,
    max: 86_400,
    default: 600,
};
/// Lifetime of a Messenger JWT (up to ten years).
pub const EXPIRES_IN_SECONDS: Bound = Bound {
    name: "expiresInSeconds",
    min: 1,
    max: 315_360_000,
    default: 0,
};
/// Clock skew tolerated when checking a Messenger JWT.
pub const LEEWAY_SECONDS: Bound = Bound {
    name: "leewaySeconds",
    min: 0,
    max: 86_400,
    default: 0,
};

/// Which of a region's hosts a call goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// The REST API (`api.*.intercom.io`).
    Api,
    /// The workspace UI, where the OAuth consent page lives (`app.*.intercom.com`).
    App,
}

/// The one rule for where a call goes: an explicit `baseUrl` (mock, proxy) wins and is
/// checked; otherwise the region's host. A bad `region` matters only without `baseUrl`.
/// Inlined so each caller keeps only its `which`: the client's wasm then holds no
/// `app.*.intercom.com` host.
#[inline(always)]
pub fn host(
    base_url: Option<&str>,
    region: Result<Region, Error>,
    which: Host,
) -> Result<String, Error> {
    match base_url {
        // A token or code travels to this host: plain http only to a loopback one.
        Some(b) => {
            base_url_checked(b).and_then(|u| super::tls::require_tls("baseUrl", &u).map(|()| u))
        }
        None => Ok(match which {
            Host::Api => region?.api_base(),
            Host::App => region?.app_base(),
        }
        .to_owned()),
    }
}

/// Tokens are opaque (facts §8): only reject what can never be a header value.
pub fn token(value: &str) -> Result<Secret, Error> {
    check_token(value)?;
    Ok(Secret::new(value.to_owned()))
}

/// The checks of [`token`], for a caller that owns the string.
pub fn check_token(value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid_argument("token: must be a non-empty string"));
    }
    if value.len() > 4096 {
        return Err(Error::invalid_argument(
            "token: longer than 4096 characters",
        ));
    }
    // Printable ASCII only: the same as "no whitespace, control or non-ASCII character".
    if !value.as_bytes().iter().all(|&b| (0x21..=0x7e).contains(&b)) {
        return Err(Error::invalid_argument(
            "token: contains whitespace, a newline or a non-ASCII character (copy it again without them)",
        ));
    }
    Ok(())
}

/// `Intercom-Version`: "N.N", "Preview" or the older spelling "Unstable". The case matters:
/// Intercom rejects "preview" (Intercom-OpenAPI PR #669).
pub fn check_version(value: &str) -> Result<(), Error> {
    if value == "Preview" || value == "Unstable" {
        return Ok(());
    }
    // Exactly one dot: `is_number` refuses a second one in the minor part.
    let major = before(value, b'.');
    let ok = is_number(major) && value.get(major.len() + 1..).is_some_and(is_number);
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "version: expected \"N.N\" (e.g. \"2.14\"), \"Preview\" or \"Unstable\"",
        ))
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 4 && s.as_bytes().iter().all(|&b| b.is_ascii_digit())
}

/// `baseUrl`: an http(s) origin with an optional path prefix, no query or fragment.
/// Returned without a trailing slash so paths join cleanly.
// `iter().any`, not `contains`: a byte slice's `contains` is memchr, ~400 B more wasm.
#[allow(clippy::manual_contains)]
pub fn base_url_checked(value: &str) -> Result<String, Error> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let bad = || {
        Error::invalid_argument(
            "baseUrl: expected an http(s) URL such as \"https://api.intercom.io\"",
        )
    };
    let Some(rest) = rest else {
        return Err(bad());
    };
    let host = before(rest, b'/');
    if host.is_empty()
        || value.len() > 2048
        || has_url_unsafe(value)
        || host.as_bytes().iter().any(|&b| b == b'@')
        || super::request::has_dot_segment(rest.get(host.len()..).unwrap_or(""))
    {
        return Err(bad());
    }
    let end = value.len()
        - value
            .as_bytes()
            .iter()
            .rev()
            .take_while(|&&b| b == b'/')
            .count();
    Ok(value.get(..end).unwrap_or(value).to_owned())
}

/// A `maxRetries`/`timeoutMs`-style number: finite, whole, within bounds.
/// Bounds are whole numbers, so messages print without float formatting (which costs ~30 KB of wasm).
pub fn whole_number(name: &str, value: f64, min: u32, max: u32) -> Result<u32, Error> {
    if value.is_finite()
        && value.fract() == 0.0
        && value >= f64::from(min)
        && value <= f64::from(max)
    {
        Ok(value as u32)
    } else {
        Err(Error::invalid_argument(cat(&[
            name,
            ": expected a whole number from ",
            &decimal(u64::from(min)),
            " to ",
            &decimal(u64::from(max)),
        ])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert_eq!(
            token("dG9rOmFiYw==").map(|s| s.expose().to_owned()),
            Ok("dG9rOmFiYw==".into())
        );
        for bad in ["", "abc def", "abc\n", "tok\u{e9}"] {
            let err = token(bad).err();
            assert_eq!(
                err.as_ref().map(|e| e.code.as_str()),
                Some("invalid_argument"),
                "{bad:?}"
            );
            // The message names the option but never echoes the value.
            let msg = err.map(|e| e.message).unwrap_or_default();
            assert!(msg.starts_with("token:"));
            assert!(bad.is_empty() || !msg.contains(bad));
        }
    }

    #[test]
    fn versions() {
        for ok in ["2.14", "2.11", "1.0", "2.16", "Preview", "Unstable", "10.2"] {
            assert!(check_version(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "2", "2.", ".1", "v2.14", "2.14.1", "preview", "2.x", "2.14 ",
        ] {
            assert!(check_version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            base_url_checked("http://127.0.0.1:4010/"),
            Ok("http://127.0.0.1:4010".into())
        );
        assert_eq!(
            base_url_checked("https://proxy.example/intercom"),
            Ok("https://proxy.example/intercom".into())
        );
        for bad in [
            "",
            "api.intercom.io",
            "ftp://x",
            "https://",
            "https://a b",
            "https://x/?q=1",
            "https://u:p@x",
            "https://proxy.example/a/%2e%2e/b",
            "https://proxy.example/a/..",
        ] {
            assert!(base_url_checked(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host(None, Ok(Region::Eu), Host::Api),
            Ok("https://api.eu.intercom.io".into())
        );
        assert_eq!(
            host(None, Ok(Region::Au), Host::App),
            Ok("https://app.au.intercom.com".into())
        );
        assert_eq!(
            host(
                Some("http://127.0.0.1:9/"),
                Err(Error::invalid_argument("x")),
                Host::App
            ),
            Ok("http://127.0.0.1:9".into())
        );
        assert!(host(Some("ftp://x"), Ok(Region::Us), Host::Api).is_err());
    }

    #[test]
    fn bounds() {
        assert_eq!(TIMEOUT_MS.or_default(None), Ok(20_000));
        assert!(TIMEOUT_MS.or_default(Some(0)).is_err());
        assert_eq!(MAX_RETRIES.check(10.0), Ok(10));
        assert!(MAX_RETRIES.check(11.0).is_err());
        assert!(TTL_SECONDS.check(0.0).is_err());
        assert_eq!(MAX_AGE_SECONDS.check(0.0), Ok(0));
        assert_eq!(MAX_RESPONSE_BYTES.or_default(None), Ok(10 * 1024 * 1024));
        assert!(MAX_RESPONSE_BYTES.check(1023.0).is_err());
        assert!(MAX_RESPONSE_BYTES.check(268_435_457.0).is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(whole_number("maxRetries", 2.0, 0, 10), Ok(2));
        assert!(whole_number("maxRetries", 2.5, 0, 10).is_err());
        assert!(whole_number("maxRetries", -1.0, 0, 10).is_err());
        assert!(whole_number("maxRetries", f64::NAN, 0, 10).is_err());
        assert!(whole_number("timeoutMs", f64::INFINITY, 1, 600_000).is_err());
    }
}
