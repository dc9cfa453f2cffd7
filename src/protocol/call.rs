//! One API call, from what a caller asked for to what goes on the wire.

use super::error::Error;
use super::request;
use super::retry;
use super::secret::Secret;

/// The HTTP methods `request()` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Retried by default.
    Get,
    /// Retried by default.
    Head,
    /// Not retried unless the call opts in.
    Post,
    /// Not retried unless the call opts in.
    Put,
    /// Not retried unless the call opts in.
    Patch,
    /// Not retried unless the call opts in.
    Delete,
}

impl Method {
    /// Any case; anything else (TRACE, CONNECT, …) is refused.
    pub fn parse(value: &str) -> Result<Method, Error> {
        use Method::*;
        [Get, Head, Post, Put, Patch, Delete]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(value))
            .ok_or_else(|| {
                Error::invalid_argument("method: expected GET, HEAD, POST, PUT, PATCH or DELETE")
            })
    }

    /// The method as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Request bodies are JSON text of at most 4 MiB.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Refuses a JSON body over [`MAX_BODY_BYTES`].
pub fn check_body(json: &str) -> Result<(), Error> {
    if json.len() > MAX_BODY_BYTES {
        return Err(Error::invalid_argument("body: larger than 4 MiB"));
    }
    Ok(())
}

/// What a caller asked for: a path on the client's host, with an encoded query.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub method: Method,
    /// Starts with "/", e.g. "/contacts".
    pub path: String,
    /// "" or "?a=1&b=2", already encoded (by the platform's URLSearchParams).
    pub query: String,
    /// JSON text.
    pub body: Option<String>,
    pub headers: Vec<(String, String)>,
    /// `Some(true)` lets a non-GET/HEAD call be retried; `Some(false)` forbids retries.
    pub retry: Option<bool>,
}

impl Call {
    /// `GET path`.
    pub fn get(path: impl Into<String>) -> Call {
        Call {
            method: Method::Get,
            path: path.into(),
            query: String::new(),
            body: None,
            headers: Vec::new(),
            retry: None,
        }
    }

    /// Whether a failed attempt of this call may be repeated.
    pub fn may_retry(&self) -> bool {
        retry::method_may_retry(self.method.as_str(), self.retry)
    }
}

/// An HTTP request, ready for a fetch.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    /// Holds `Authorization`: never log it.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// Leaves the headers out: they carry the token.
impl core::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// Joins the path to the host and puts the standard headers over the client's and the
/// call's own (`extra`, already checked).
pub fn prepare(
    base_url: &str,
    token: &Secret,
    version: &str,
    extra: &[(String, String)],
    call: Call,
) -> Result<HttpRequest, Error> {
    let mut url = request::join_path(base_url, &call.path)?;
    url.push_str(&call.query);
    // The caller's headers that no standard one replaces, in order, then the standard ones.
    let standard = request::standard_headers(token, version, call.body.is_some());
    let replaced = |name: &str| standard.iter().any(|(k, _)| name.eq_ignore_ascii_case(k));
    let mut headers = Vec::new();
    for (k, v) in extra.iter().chain(&call.headers) {
        if !replaced(k) {
            headers.push((k.clone(), v.clone()));
        }
    }
    for (k, v) in standard {
        headers.push((k.to_owned(), v));
    }
    Ok(HttpRequest {
        method: call.method,
        url,
        headers,
        body: call.body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods() {
        assert_eq!(Method::parse("patch"), Ok(Method::Patch));
        assert!(Method::parse("TRACE").is_err());
        assert!(Call::get("/admins").may_retry());
        let mut post = Call::get("/x");
        post.method = Method::Post;
        assert!(!post.may_retry());
        post.retry = Some(true);
        assert!(post.may_retry());
    }

    #[test]
    fn prepared_requests_carry_the_standard_headers_last() {
        let mut call = Call::get("/contacts");
        call.query = "?per_page=1".into();
        call.body = Some("{}".into());
        call.headers = vec![("accept".into(), "text/html".into())];
        let extra = vec![("X-Trace".into(), "1".into())];
        let r = prepare(
            "https://api.intercom.io",
            &Secret::new("tok".into()),
            "2.14",
            &extra,
            call,
        )
        .unwrap();
        assert_eq!(r.url, "https://api.intercom.io/contacts?per_page=1");
        let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "X-Trace",
                "Authorization",
                "Accept",
                "Intercom-Version",
                "Content-Type"
            ]
        );
        assert!(!format!("{r:?}").contains("tok"));
        assert!(check_body(&"x".repeat(MAX_BODY_BYTES + 1)).is_err());
    }
}
