//! The typed calls (`client.GET(path, init)`, …) and `paginate()`: their `init` read into a
//! `Call`, and each page's answer read for `protocol::pagination`, which decides the rest.
//! A page is an ordinary call (js/flight.rs), so retries, timeouts and the signal hold per page.

use super::encode::{json_body, query_string};
use super::options;
use crate::protocol::call::{Call, Method};
use crate::protocol::error::Error;
use crate::protocol::pagination::{items_key, PageInfo, Pager};
use crate::protocol::path_template;
use crate::protocol::text::decimal;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/rim/attempt.js")]
extern "C" {
    /// The async iterable `paginate()` returns, stepping `flight` one page at a time.
    pub(super) fn pages(flight: super::flight::Flight) -> JsValue;
    /// `[arrayMembers, pages.next.starting_after, pages.page, pages.total_pages, scroll_param]`.
    #[wasm_bindgen(js_name = pageOf)]
    fn page_of(answer: &JsValue) -> Array;
}

/// One `paginate()`: the pager, and the caller's search body it pages in.
pub(crate) struct Paging {
    pager: Pager,
    body: Option<JsValue>,
}

/// `GET(path, init)` and its siblings: `path` the spec's template, filled from
/// `init.params.path`; `init.params.query`, `init.body`, `init.headers`, `init.retry`.
#[inline(never)]
pub(super) fn typed_call(method: Method, path: &JsValue, init: &JsValue) -> Result<Call, Error> {
    let (call, body) = parts(method, path, init)?;
    Ok(Call {
        body: match body {
            Some(b) => Some(json_body(&b)?),
            None => None,
        },
        ..call
    })
}

/// The request and the body (as given) of a typed call.
fn parts(method: Method, path: &JsValue, init: &JsValue) -> Result<(Call, Option<JsValue>), Error> {
    options::object(init, "init", false)?;
    let template = path.as_string().ok_or_else(|| {
        Error::invalid_argument("path: expected a string such as \"/contacts/{contact_id}\"")
    })?;
    let params = options::field(init, "params")?;
    if let Some(p) = &params {
        options::object(p, "params", true)?;
    }
    let named = match &params {
        Some(p) => options::field(p, "path")?,
        None => None,
    };
    let path = path_template::fill(&template, |name| {
        let v = Reflect::get(named.as_ref()?, &JsValue::from_str(name)).ok()?;
        v.as_string().or_else(|| {
            v.as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 9e15)
                .map(|n| decimal(n as u64))
        })
    })?;
    let query = match &params {
        Some(p) => match options::field(p, "query")? {
            Some(q) => query_string(&q)?,
            None => String::new(),
        },
        None => String::new(),
    };
    let call = Call {
        method,
        path,
        query,
        body: None,
        headers: options::headers(init, "headers")?,
        retry: options::boolean(init, "retry")?,
    };
    Ok((call, options::field(init, "body")?))
}

impl Paging {
    /// `paginate(path, init)`: a GET, or a POST when `init.body` is given (a search), unless
    /// `init.method` says; `init.limit` and `init.pageSize` as `Pager::new` takes them.
    pub(super) fn new(path: &JsValue, init: &JsValue) -> Result<Paging, Error> {
        let (call, body) = parts(Method::Get, path, init)?;
        let method = match options::string(init, "method")? {
            Some(m) => Method::parse(&m)?,
            None if body.is_some() => Method::Post,
            None => Method::Get,
        };
        if let Some(b) = &body {
            if !b.is_object() || js_sys::Array::is_array(b) {
                return Err(Error::invalid_argument(
                    "body: a search body must be an object such as { query }",
                ));
            }
        }
        let number = |key: &str| -> Result<Option<f64>, Error> {
            match options::field(init, key)? {
                None => Ok(None),
                Some(v) => v.as_f64().map(Some).ok_or_else(|| {
                    Error::invalid_argument(crate::protocol::text::cat(&[
                        key,
                        ": expected a number",
                    ]))
                }),
            }
        };
        let pager = Pager::new(
            Call { method, ..call },
            body.is_some(),
            number("limit")?,
            number("pageSize")?,
        )?;
        Ok(Paging { pager, body })
    }

    /// No page left to fetch.
    pub(super) fn is_over(&self) -> bool {
        self.pager.is_over()
    }

    /// The next page's request, or `None` when the paging is over.
    pub(super) fn call(&self) -> Option<Result<Call, Error>> {
        let (mut call, pagination) = self.pager.request()?;
        if let (Some(body), Some(pagination)) = (&self.body, pagination) {
            call.body = Some(match crate::rim::json::search_body(body, pagination) {
                Ok(text) => text,
                Err(e) => return Some(Err(e)),
            });
        }
        Some(Ok(call))
    }

    /// A page's answer: the items to hand out, the next request made ready.
    pub(super) fn take(&mut self, answer: &JsValue) -> Result<JsValue, Error> {
        let read = page_of(answer);
        let members: Vec<String> = read
            .get(0)
            .dyn_into::<Array>()
            .map(|a| a.iter().filter_map(|k| k.as_string()).collect())
            .unwrap_or_default();
        let names: Vec<&str> = members.iter().map(String::as_str).collect();
        let items = items_key(&names)
            .and_then(|k| Reflect::get(answer, &JsValue::from_str(k)).ok())
            .and_then(|v| v.dyn_into::<Array>().ok())
            .ok_or_else(|| {
                Error::invalid_response(200, "a list (an answer with an array of items)", "")
            })?;
        let info = PageInfo {
            items: items.length() as usize,
            starting_after: read.get(1).as_string(),
            page: read.get(2).as_f64(),
            total_pages: read.get(3).as_f64(),
            scroll_param: read.get(4).as_string(),
        };
        let give = self.pager.take(&info)?;
        Ok(if give < info.items {
            items.slice(0, give as u32).into()
        } else {
            items.into()
        })
    }
}
