//! Paging through Intercom's lists and searches: given the request that fetched a page and
//! what its answer says, how many of its items to hand out and which request fetches the next.
//!
//! Intercom pages in three ways, and every list or search answer says which it used
//! (tests/vectors/paginated-endpoints.json lists them per spec, with the spec's examples):
//! - a cursor: `pages.next.starting_after`, sent back as the `starting_after` query parameter,
//!   or, for a search (a POST with a body), as the body's `pagination.starting_after` with the
//!   same query;
//! - page numbers: `pages.page` < `pages.total_pages`, the next asked for as `page`;
//! - a scroll: `scroll_param`, sent back until a page comes back empty (`/companies/scroll`).
//!
//! `pages.next` may also be a URL: it is never followed (it could name another host); the page
//! number it stands for is asked for on the client's own host instead. A cursor or page number
//! that does not advance stops the paging with an error rather than looping.
//! The drivers (js/flight.rs for `paginate()`, client.rs for the Rust pager) only loop.

use super::call::Call;
use super::code::ErrorCode;
use super::error::Error;
use super::json::Json;
use super::path_template::percent_encode;
use super::text::{before, cat, decimal, pieces};

/// Intercom's largest `per_page`.
pub const MAX_PAGE_SIZE: u32 = 150;

/// What a page's answer says about the list. The drivers read it from the answer
/// ([`PageInfo::of`] for Rust's JSON, the JS rim from `JSON.parse`'s value).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageInfo {
    /// The length of its items array.
    pub items: usize,
    /// `pages.next.starting_after`, when a string.
    pub starting_after: Option<String>,
    /// `pages.page`, when a number.
    pub page: Option<f64>,
    /// `pages.total_pages`, when a number.
    pub total_pages: Option<f64>,
    /// `scroll_param`, when a string.
    pub scroll_param: Option<String>,
}

/// Which member of a list answer holds its items, from the names of its array members in
/// order: the only one, or `data` among several.
pub fn items_key<'a, I: Iterator<Item = &'a str> + Clone>(array_members: I) -> Option<&'a str> {
    let mut first = array_members.clone();
    match (first.next(), first.next()) {
        (Some(one), None) => Some(one),
        _ => array_members.into_iter().find(|k| *k == "data"),
    }
}

impl PageInfo {
    /// Reads a parsed answer into what it says and its items; `None` when it has no items
    /// array (not a list answer).
    pub fn of(answer: Json) -> Option<(PageInfo, Vec<Json>)> {
        let Json::Object(members) = &answer else {
            return None;
        };
        let arrays = members
            .iter()
            .filter(|(_, v)| matches!(v, Json::Array(_)))
            .map(|(k, _)| k.as_str());
        let key = items_key(arrays)?.to_owned();
        let Some(Json::Array(items)) = answer.get(&key) else {
            return None;
        };
        let pages = answer.get("pages");
        let number = |key: &str| match pages.and_then(|p| p.get(key)) {
            Some(Json::Number(n)) => n.parse::<f64>().ok(),
            _ => None,
        };
        let info = PageInfo {
            items: items.len(),
            starting_after: pages
                .and_then(|p| p.get("next"))
                .and_then(|n| n.get("starting_after"))
                .and_then(Json::as_str)
                .map(str::to_owned),
            page: number("page"),
            total_pages: number("total_pages"),
            scroll_param: answer
                .get("scroll_param")
                .and_then(Json::as_str)
                .map(str::to_owned),
        };
        let Json::Object(members) = answer else {
            return None;
        };
        // The last member of that name, as `get` reads it: moved out, not copied.
        let Some((_, Json::Array(items))) = members.into_iter().rev().find(|(k, _)| *k == key)
        else {
            return None;
        };
        Some((info, items))
    }
}

/// What a search body's `pagination` must say on the next request; the driver sets it over
/// the caller's body (whose other members, its `query` above all, are resent as they were).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BodyPagination {
    pub per_page: Option<u32>,
    pub starting_after: Option<String>,
}

/// One paging: the next request, how many items are still wanted, what was last asked for.
#[derive(Clone, Debug)]
pub struct Pager {
    /// The next page's request; `None` once there is none.
    next: Option<Call>,
    /// A search: the cursor and the page size travel in the body's `pagination`.
    in_body: bool,
    body: BodyPagination,
    /// Items still wanted (`limit`), or no limit.
    left: Option<u64>,
    /// The cursor or page number the last request asked for, to see that the next advances.
    sent_cursor: Option<String>,
    sent_page: Option<u64>,
}

impl Pager {
    /// Pages from `first` (path, query and method as the caller gave them). `in_body`: the
    /// request has a JSON body, which then carries the paging (a search). `limit`: at most that
    /// many items; `page_size`: sent as `per_page` on every page, 1 to 150.
    pub fn new(
        mut first: Call,
        in_body: bool,
        limit: Option<f64>,
        page_size: Option<f64>,
    ) -> Result<Pager, Error> {
        let left = match limit {
            None => None,
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9e15 => Some(n as u64),
            Some(_) => {
                return Err(Error::invalid_argument(
                    "limit: expected a whole number ≥ 0",
                ))
            }
        };
        let per_page = match page_size {
            None => None,
            Some(n) if n >= 1.0 && n.fract() == 0.0 && n <= f64::from(MAX_PAGE_SIZE) => {
                Some(n as u32)
            }
            Some(_) => {
                return Err(Error::invalid_argument(
                    "pageSize: expected a whole number from 1 to 150",
                ))
            }
        };
        if let (Some(n), false) = (per_page, in_body) {
            first.query = set_query(&first.query, "per_page", &decimal(u64::from(n)));
        }
        Ok(Pager {
            next: (left != Some(0)).then_some(first),
            in_body,
            body: BodyPagination {
                per_page,
                starting_after: None,
            },
            left,
            sent_cursor: None,
            sent_page: None,
        })
    }

    /// Whether the paging is over (no request left to make).
    pub fn is_over(&self) -> bool {
        self.next.is_none()
    }

    /// The next page's request and, for a search, its body's `pagination`; `None` when the
    /// paging is over.
    pub fn request(&self) -> Option<(Call, Option<BodyPagination>)> {
        let call = self.next.clone()?;
        Some((call, self.in_body.then(|| self.body.clone())))
    }

    /// Takes in the answer to [`Pager::request`]: how many of its items to hand out (the
    /// first ones), and the next request made ready, or the paging ended.
    pub fn take(&mut self, page: &PageInfo) -> Result<usize, Error> {
        let Some(mut call) = self.next.take() else {
            return Ok(0);
        };
        let mut give = page.items;
        if let Some(left) = self.left.as_mut() {
            give = give.min(usize::try_from(*left).unwrap_or(usize::MAX));
            *left -= give as u64;
            if *left == 0 {
                return Ok(give);
            }
        }
        if let Some(cursor) = page.starting_after.as_deref().filter(|c| !c.is_empty()) {
            if self.sent_cursor.as_deref() == Some(cursor) {
                return Err(stalled(
                    "Intercom sent the same pages.next.starting_after twice",
                ));
            }
            if self.in_body {
                self.body.starting_after = Some(cursor.to_owned());
            } else {
                call.query = set_query(&call.query, "starting_after", cursor);
            }
            self.sent_cursor = Some(cursor.to_owned());
        } else if let Some(scroll) = page.scroll_param.as_deref().filter(|s| !s.is_empty()) {
            // A scroll ends with an empty page; its parameter may stay the same throughout.
            if page.items == 0 {
                return Ok(give);
            }
            call.query = set_query(&call.query, "scroll_param", scroll);
        } else if let (Some(at), Some(total)) = (page.page, page.total_pages) {
            if !(at >= 1.0 && at.fract() == 0.0 && at < total && at < 9e15) {
                return Ok(give);
            }
            let at = at as u64;
            if self.sent_page.is_some_and(|sent| sent != at) {
                return Err(stalled("Intercom did not answer with the page asked for"));
            }
            let next = at + 1;
            call.query = set_query(&call.query, "page", &decimal(next));
            self.sent_page = Some(next);
        } else {
            return Ok(give);
        }
        self.next = Some(call);
        Ok(give)
    }
}

/// The paging cannot go on without repeating a page: an error rather than a loop.
fn stalled(why: &str) -> Error {
    Error::new(
        ErrorCode::InvalidResponse,
        cat(&[
            "Pagination stopped: ",
            why,
            ", so the next page would repeat one already read",
        ]),
        false,
    )
}

/// `query` ("" or "?a=1&b=2") with every `key` pair replaced by `key=value` at its end,
/// `value` encoded as a form value.
pub fn set_query(query: &str, key: &str, value: &str) -> String {
    let mut out = String::with_capacity(query.len() + key.len() + value.len() + 2);
    for pair in pieces(query.strip_prefix("?").unwrap_or(query), b'&') {
        if pair.is_empty() || before(pair, b'=') == key {
            continue;
        }
        out.push_str(if out.is_empty() { "?" } else { "&" });
        out.push_str(pair);
    }
    out.push_str(if out.is_empty() { "?" } else { "&" });
    out.push_str(key);
    out.push('=');
    percent_encode(&mut out, value, b"-._*");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::call::Method;
    use crate::protocol::json::parse;

    fn get(path: &str, query: &str) -> Call {
        Call {
            query: query.into(),
            ..Call::get(path)
        }
    }

    fn cursor(items: usize, next: Option<&str>) -> PageInfo {
        PageInfo {
            items,
            starting_after: next.map(Into::into),
            ..Default::default()
        }
    }

    fn query_of(p: &Pager) -> String {
        p.request().map(|(c, _)| c.query).unwrap_or_default()
    }

    #[test]
    fn cursor_pages_send_starting_after_and_per_page_on_every_page() {
        let mut p = Pager::new(get("/contacts", "?email=a%40b"), false, None, Some(50.0)).unwrap();
        assert_eq!(query_of(&p), "?email=a%40b&per_page=50");
        assert_eq!(p.take(&cursor(50, Some("WzE3MT+/="))), Ok(50));
        assert_eq!(
            query_of(&p),
            "?email=a%40b&per_page=50&starting_after=WzE3MT%2B%2F%3D"
        );
        assert_eq!(p.take(&cursor(50, Some("b"))), Ok(50));
        assert_eq!(query_of(&p), "?email=a%40b&per_page=50&starting_after=b");
        assert_eq!(p.take(&cursor(7, None)), Ok(7));
        assert!(p.request().is_none());
        assert_eq!(p.take(&cursor(7, None)), Ok(0));
    }

    #[test]
    fn a_search_resends_its_query_with_the_cursor_in_the_body() {
        let mut search = Call::get("/contacts/search");
        search.method = Method::Post;
        search.body = Some("{\"query\":{}}".into());
        let mut p = Pager::new(search, true, None, Some(25.0)).unwrap();
        let (first, body) = p.request().unwrap();
        assert_eq!((first.query.as_str(), first.method), ("", Method::Post));
        assert_eq!(
            body,
            Some(BodyPagination {
                per_page: Some(25),
                starting_after: None
            })
        );
        p.take(&cursor(25, Some("c1"))).unwrap();
        let (next, body) = p.request().unwrap();
        assert_eq!(next.body.as_deref(), Some("{\"query\":{}}"));
        assert_eq!(next.query, "");
        assert_eq!(
            body,
            Some(BodyPagination {
                per_page: Some(25),
                starting_after: Some("c1".into())
            })
        );
    }

    #[test]
    fn page_numbers_ask_for_the_next_page_until_the_last() {
        let mut p = Pager::new(get("/companies", ""), false, None, None).unwrap();
        let page = |at: f64| PageInfo {
            items: 15,
            page: Some(at),
            total_pages: Some(3.0),
            ..Default::default()
        };
        assert_eq!(p.take(&page(1.0)), Ok(15));
        assert_eq!(query_of(&p), "?page=2");
        assert_eq!(p.take(&page(2.0)), Ok(15));
        assert_eq!(query_of(&p), "?page=3");
        assert_eq!(p.take(&page(3.0)), Ok(15));
        assert!(p.request().is_none());
    }

    #[test]
    fn a_scroll_goes_on_until_an_empty_page() {
        let mut p = Pager::new(get("/companies/scroll", ""), false, None, None).unwrap();
        let scroll = |items| PageInfo {
            items,
            scroll_param: Some("s-1".into()),
            ..Default::default()
        };
        assert_eq!(p.take(&scroll(100)), Ok(100));
        assert_eq!(query_of(&p), "?scroll_param=s-1");
        assert_eq!(p.take(&scroll(100)), Ok(100));
        assert_eq!(query_of(&p), "?scroll_param=s-1");
        assert_eq!(p.take(&scroll(0)), Ok(0));
        assert!(p.request().is_none());
    }

    #[test]
    fn a_cursor_or_page_that_does_not_advance_is_an_error_not_a_loop() {
        let mut p = Pager::new(get("/contacts", ""), false, None, None).unwrap();
        p.take(&cursor(50, Some("same"))).unwrap();
        let err = p.take(&cursor(50, Some("same"))).unwrap_err();
        assert_eq!(err.code(), &ErrorCode::InvalidResponse);
        assert!(err.message().contains("starting_after"), "{err:?}");
        assert!(p.request().is_none());

        // A host that ignores `page` answers page 1 again.
        let mut p = Pager::new(get("/companies", ""), false, None, None).unwrap();
        let page1 = PageInfo {
            items: 1,
            page: Some(1.0),
            total_pages: Some(5.0),
            ..Default::default()
        };
        p.take(&page1).unwrap();
        assert!(p.take(&page1).is_err());
        assert!(p.request().is_none());
    }

    #[test]
    fn limit_stops_without_fetching_more_and_cuts_the_last_page() {
        let mut p = Pager::new(get("/contacts", ""), false, Some(120.0), Some(50.0)).unwrap();
        assert_eq!(p.take(&cursor(50, Some("a"))), Ok(50));
        assert_eq!(p.take(&cursor(50, Some("b"))), Ok(50));
        assert_eq!(p.take(&cursor(50, Some("c"))), Ok(20));
        assert!(p.request().is_none());
        let p = Pager::new(get("/contacts", ""), false, Some(0.0), None).unwrap();
        assert!(p.request().is_none());
    }

    #[test]
    fn bad_limits_and_page_sizes_are_refused() {
        for (limit, size) in [
            (Some(-1.0), None),
            (Some(1.5), None),
            (Some(f64::NAN), None),
            (None, Some(0.0)),
            (None, Some(151.0)),
            (None, Some(2.5)),
        ] {
            let err = Pager::new(get("/contacts", ""), false, limit, size).unwrap_err();
            assert_eq!(err.code(), &ErrorCode::InvalidArgument);
        }
    }

    #[test]
    fn a_next_url_is_never_followed() {
        // 2.16's /conversations/deleted: `next` is a URL; the page number is used instead.
        let answer = parse(
            r#"{"type":"conversations.deleted","conversations":[{"id":"1"}],
                "pages":{"type":"pages","next":"https://evil.example/steal?page=2","page":1,"per_page":1,"total_pages":2}}"#,
        )
        .unwrap();
        let (info, items) = PageInfo::of(answer).unwrap();
        assert_eq!((items.len(), info.starting_after.as_deref()), (1, None));
        let mut p = Pager::new(get("/conversations/deleted", ""), false, None, None).unwrap();
        p.take(&info).unwrap();
        let (next, _) = p.request().unwrap();
        assert_eq!(
            (next.path.as_str(), next.query.as_str()),
            ("/conversations/deleted", "?page=2")
        );
    }

    #[test]
    fn set_query_replaces_a_key_and_keeps_the_rest() {
        assert_eq!(set_query("", "page", "2"), "?page=2");
        assert_eq!(set_query("?page=1&a=b&page=3", "page", "2"), "?a=b&page=2");
        assert_eq!(set_query("?pages=1", "page", "2"), "?pages=1&page=2");
        assert_eq!(set_query("?", "k", "a b&c"), "?k=a%20b%26c");
    }

    /// Every list and search endpoint of the 2.14 and 2.16 specs (generated from them by
    /// scripts/generate-types.mjs): the rule finds the items where the spec puts them, in the
    /// spec's own examples, and their paging is read.
    #[test]
    fn every_paginated_endpoint_of_the_specs_is_read_where_the_spec_puts_its_items() {
        let text = include_str!("../../tests/vectors/paginated-endpoints.json");
        let table: serde_json::Value = serde_json::from_str(text).unwrap();
        let rows = table.as_array().unwrap();
        assert!(rows.len() >= 50, "{} endpoints", rows.len());
        let mut examples = 0;
        for row in rows {
            let items = row["items"].as_str().unwrap();
            assert_eq!(items_key([items].into_iter()), Some(items));
            assert_eq!(items_key(["x", items, "data"].into_iter()), Some("data"));
            for example in row["examples"].as_array().unwrap() {
                let answer = parse(&example.to_string()).unwrap();
                let where_ = format!("{} {} {}", row["version"], row["method"], row["path"]);
                let (info, found) = PageInfo::of(answer).expect(&where_);
                // 2.14's GET /contacts/{id}/companies: the schema says `companies`, its
                // example (and Intercom) `data`; the rule takes the answer's one array.
                let only = example
                    .as_object()
                    .unwrap()
                    .values()
                    .filter(|v| v.is_array());
                let expected = match &example[items] {
                    serde_json::Value::Array(a) => a,
                    _ => only.last().and_then(|v| v.as_array()).expect(&where_),
                };
                assert_eq!(found.len(), expected.len(), "{where_}");
                assert_eq!(info.items, expected.len(), "{where_}");
                let next = &example["pages"]["next"]["starting_after"];
                assert_eq!(info.starting_after.as_deref(), next.as_str(), "{where_}");
                examples += 1;
            }
        }
        assert!(examples >= 50, "{examples} examples");
        for (version, path) in [
            ("2.14", "/contacts"),
            ("2.14", "/contacts/search"),
            ("2.14", "/conversations"),
            ("2.14", "/conversations/search"),
            ("2.14", "/companies"),
            ("2.14", "/companies/scroll"),
            ("2.16", "/contacts"),
            ("2.16", "/conversations/deleted"),
        ] {
            assert!(
                rows.iter()
                    .any(|r| r["version"] == version && r["path"] == path),
                "{version} {path}"
            );
        }
    }
}

/// The drivers' loop (js/flight.rs, client.rs `Pages`) over scripted answers: the pager's
/// requests answered by a fake list of 2,500 contacts as Intercom pages them.
#[cfg(test)]
mod driven {
    use super::*;
    use crate::protocol::json::parse;

    /// Intercom's `GET /contacts` over `total` ids: `per_page` (default 50) from after
    /// `starting_after`, the next cursor the last id of the page.
    fn answer(query: &str, total: u32) -> Json {
        let arg = |k: &str| {
            query
                .trim_start_matches('?')
                .split('&')
                .find_map(|p| p.strip_prefix(k)?.strip_prefix('='))
                .map(str::to_owned)
        };
        let per_page: u32 = arg("per_page").map_or(50, |n| n.parse().unwrap());
        let after: u32 =
            arg("starting_after").map_or(0, |c| c.trim_start_matches("c").parse().unwrap());
        let ids: Vec<String> = (after + 1..=total.min(after + per_page))
            .map(|i| format!("{{\"type\":\"contact\",\"id\":\"{i}\"}}"))
            .collect();
        let last = after + ids.len() as u32;
        let next = if last < total {
            format!(",\"next\":{{\"page\":2,\"starting_after\":\"c{last}\"}}")
        } else {
            String::new()
        };
        parse(&format!(
            "{{\"type\":\"list\",\"data\":[{}],\"total_count\":{total},\"pages\":{{\"type\":\"pages\",\"per_page\":{per_page}{next}}}}}",
            ids.join(",")
        ))
        .unwrap()
    }

    fn drive(mut pager: Pager, total: u32) -> (Vec<String>, usize) {
        let (mut ids, mut pages) = (Vec::new(), 0);
        while let Some((call, _)) = pager.request() {
            let (info, mut items) = PageInfo::of(answer(&call.query, total)).unwrap();
            items.truncate(pager.take(&info).unwrap());
            pages += 1;
            ids.extend(
                items
                    .iter()
                    .map(|c| c.get("id").unwrap().as_str().unwrap().to_owned()),
            );
        }
        (ids, pages)
    }

    #[test]
    fn every_contact_once_in_order_over_50_pages() {
        let pager = Pager::new(Call::get("/contacts"), false, None, Some(50.0)).unwrap();
        let (ids, pages) = drive(pager, 2500);
        assert_eq!(pages, 50);
        let expected: Vec<String> = (1..=2500).map(|i| i.to_string()).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn a_limit_fetches_only_the_pages_it_needs() {
        let pager = Pager::new(Call::get("/contacts"), false, Some(120.0), Some(50.0)).unwrap();
        let (ids, pages) = drive(pager, 2500);
        assert_eq!((ids.len(), pages), (120, 3));
        assert_eq!(ids.last().map(String::as_str), Some("120"));
    }
}
