//! `paginate()`. Its `init`, like a typed call's (`client.GET(path, init)`, …), is read in JS
//! into `request()`'s options (the glue's `typedRequest`, scripts/entries.mjs) and made a
//! `Call` by the same code as `request()`; each page's answer is read for
//! `protocol::pagination`, which decides the rest. A page is an ordinary call (js/flight.rs),
//! so retries, timeouts and the signal hold per page.

use super::client::custom_call;
use super::options;
use crate::protocol::call::{Call, Method};
use crate::protocol::error::Error;
use crate::protocol::pagination::{items_key, PageInfo, Pager};
use crate::protocol::text::pieces;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/rim/attempt.js")]
extern "C" {
    /// The async iterable `paginate()` returns, stepping `flight` one page at a time.
    pub(super) fn pages(flight: super::flight::Flight) -> JsValue;
    /// `[arrayMembers (NUL-separated), pages.next.starting_after, pages.page,
    /// pages.total_pages, scroll_param]`.
    #[wasm_bindgen(js_name = pageOf)]
    fn page_of(answer: &JsValue) -> Array;
}

/// One `paginate()`: the pager, and the caller's search body it pages in.
pub(crate) struct Paging {
    pager: Pager,
    body: Option<JsValue>,
}

impl Paging {
    /// `paginate(path, init)` from `req`, its `init` as `request()`'s options: a GET, or a POST
    /// when a body is given (a search), unless `init.method` says; `init.limit` and
    /// `init.pageSize` as `Pager::new` takes them.
    pub(super) fn new(req: &JsValue, init: &JsValue) -> Result<Paging, Error> {
        let mut call = custom_call(req)?;
        let body = options::field(req, "body")?;
        if body.is_some() && options::field(req, "method")?.is_none() {
            call.method = Method::Post;
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
        let in_body = call.body.is_some();
        let pager = Pager::new(call, in_body, number("limit")?, number("pageSize")?)?;
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
        let members = read.get(0).as_string().unwrap_or_default();
        let items = items_key(pieces(&members, 0))
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
