// The typed calls and paginate() in every runtime, against the mock's lists workspace (2,600
// contacts, 260 conversations, 130 companies): every item once and in order, a 429 in the
// middle retried, the caller's signal and `break` stopping the fetching.

import { harness } from "./harness.mjs";

export async function runPages(pkg, config) {
  const { IntercomClient, IntercomError } = pkg;
  const { results, check, assert, rejection } = harness();
  const token = config.tokens.lists.valid;
  // A fetch that records each request and can shape one (the Nth) with the mock's fault header.
  const recording = (faultAt, fault = "429") => {
    const calls = [];
    const f = (url, init) => {
      calls.push({ url: String(url), body: init.body });
      if (calls.length === faultAt) init = { ...init, headers: { ...init.headers, "X-Mock-Fault": fault } };
      return fetch(url, init);
    };
    return { f, calls };
  };
  const client = (fetch, extra = {}) => new IntercomClient({ baseUrl: config.url, dangerouslyAllowBrowser: true, token, fetch, ...extra });
  /** The mock's contacts in order carry external ids ext-lists-1, ext-lists-2, … */
  const inOrder = (items, n) => {
    assert(items.length === n, `${items.length} items, not ${n}`);
    assert(new Set(items.map((c) => c.id)).size === n, "an item came twice");
    items.forEach((c, i) => assert(c.external_id === `ext-lists-${i + 1}`, `item ${i}: ${c.external_id}`));
  };

  await check("paginate: all 2,600 contacts, 50 a page, every id once and in order", async () => {
    const r = recording();
    const items = [];
    for await (const c of client(r.f).paginate("/contacts", { pageSize: 50 })) items.push(c);
    inOrder(items, 2600);
    assert(r.calls.length === 52, `${r.calls.length} requests`);
    assert(r.calls.every((c) => /[?&]per_page=50(&|$)/.test(c.url)), "per_page=50 not on every page");
    assert(!r.calls[0].url.includes("starting_after") && r.calls[1].url.includes("starting_after="), r.calls[1].url);
  });

  await check("paginate: a 429 in the middle is retried (Retry-After) and the paging goes on", async () => {
    const r = recording(20);
    const items = [];
    for await (const c of client(r.f).paginate("/contacts", { pageSize: 50 })) items.push(c);
    inOrder(items, 2600);
    assert(r.calls.length === 53, `${r.calls.length} requests`);
    assert(r.calls[19].url === r.calls[20].url, "the retry asked for another page");
  });

  await check("paginate: the caller's signal ends it with aborted, and nothing more is fetched", async () => {
    const r = recording();
    const controller = new AbortController();
    let seen = 0;
    const e = await rejection((async () => {
      for await (const _ of client(r.f).paginate("/contacts", { pageSize: 50, signal: controller.signal })) {
        if (++seen === 120) controller.abort();
      }
    })());
    assert(e instanceof IntercomError && e.code === "aborted", `${e?.code} ${e}`);
    assert(seen === 150 && r.calls.length === 3, `${seen} items, ${r.calls.length} requests`);
  });

  await check("paginate: break stops fetching; limit fetches only the pages it needs", async () => {
    const r = recording();
    let seen = 0;
    for await (const _ of client(r.f).paginate("/contacts", { pageSize: 50 })) if (++seen === 75) break;
    assert(r.calls.length === 2, `${r.calls.length} requests after break`);
    const l = recording();
    const items = [];
    for await (const c of client(l.f).paginate("/contacts", { pageSize: 50, limit: 120 })) items.push(c);
    assert(items.length === 120 && l.calls.length === 3, `${items.length} items, ${l.calls.length} requests`);
  });

  await check("paginate: a search resends its query, the cursor in the body's pagination", async () => {
    const r = recording();
    const query = { field: "email", operator: "~", value: "user1" };
    const emails = [];
    for await (const c of client(r.f).paginate("/contacts/search", { body: { query }, pageSize: 100 })) emails.push(c.email);
    assert(emails.length === 1111 && new Set(emails).size === 1111, `${emails.length} found`);
    assert(r.calls.length === 12, `${r.calls.length} requests`);
    const bodies = r.calls.map((c) => JSON.parse(c.body));
    assert(bodies.every((b) => JSON.stringify(b.query) === JSON.stringify(query) && b.pagination.per_page === 100), JSON.stringify(bodies[1]));
    assert(bodies[0].pagination.starting_after === undefined && typeof bodies[1].pagination.starting_after === "string", JSON.stringify(bodies[1]));
    const open = [];
    for await (const c of client(r.f).paginate("/conversations/search", { body: { query: { field: "open", operator: "=", value: true } }, pageSize: 20 })) open.push(c);
    assert(open.length === 173 && open.every((c) => c.open), `${open.length} open conversations`);
  });

  await check("paginate: conversations (cursor), companies (page numbers) and a scroll", async () => {
    const conversations = [];
    for await (const c of client().paginate("/conversations", { pageSize: 100 })) conversations.push(c.id);
    assert(conversations.length === 260 && new Set(conversations).size === 260, `${conversations.length} conversations`);
    const r = recording();
    const companies = [];
    for await (const c of client(r.f).paginate("/companies", { pageSize: 50 })) companies.push(c.company_id);
    assert(companies.length === 130 && companies[129] === "co-130", `${companies.length} companies`);
    assert(r.calls.length === 3 && /[?&]page=3(&|$)/.test(r.calls[2].url) && r.calls[2].url.startsWith(config.url), r.calls[2].url);
    const scrolled = [];
    for await (const c of client().paginate("/companies/scroll")) scrolled.push(c.company_id);
    assert(scrolled.length === 130 && new Set(scrolled).size === 130, `${scrolled.length} scrolled`);
  });

  await check("typed calls: GET a contact by its template, path params encoded as one segment", async () => {
    const r = recording();
    const first = await client(r.f).GET("/contacts", { params: { query: { per_page: 1 } } });
    const id = first.data[0].id;
    const contact = await client(r.f).GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } });
    assert(contact.id === id && contact.external_id === "ext-lists-1", JSON.stringify(contact).slice(0, 200));
    // One segment each: "/" and "?" are encoded; a "." or ".." piece, which a server decoding
    // %2F would resolve, is refused before anything is sent.
    await client(r.f).GET("/contacts/{contact_id}", { params: { path: { contact_id: "a/b?c" } } }).catch(() => {});
    assert(r.calls.at(-1).url === `${config.url}/contacts/a%2Fb%3Fc`, r.calls.at(-1).url);
    const sent = r.calls.length;
    const e = await rejection(client(r.f).GET("/contacts/{contact_id}", { params: { path: { contact_id: "../admins" } } }));
    assert(e instanceof IntercomError && e.code === "invalid_argument" && /params\.path\.contact_id/.test(e.message), `${e?.code} ${e?.message}`);
    assert(r.calls.length === sent, "a refused path parameter sent nothing");
    const missing = await rejection(client(r.f).GET("/contacts/{contact_id}", {}));
    assert(missing instanceof IntercomError && missing.code === "invalid_argument" && /contact_id/.test(missing.message), missing.message);
    const tags = await client().GET("/tags");
    assert(tags.data.map((t) => t.name).join() === "vip,trial,churn risk", JSON.stringify(tags));
  });

  await check("typed calls: a POST is not retried unless init.retry", async () => {
    const once = recording(1, "503");
    const e = await rejection(client(once.f).POST("/contacts/search", { body: { query: { field: "id", operator: "=", value: "x" } } }));
    assert(e instanceof IntercomError && e.status === 503 && once.calls.length === 1, `${e?.status} after ${once.calls.length}`);
    const retried = recording(1, "503");
    const found = await client(retried.f).POST("/contacts/search", { body: { query: { field: "id", operator: "=", value: "x" } }, retry: true });
    assert(found.total_count === 0 && retried.calls.length === 2, `${retried.calls.length} attempts`);
  });

  return results;
}
