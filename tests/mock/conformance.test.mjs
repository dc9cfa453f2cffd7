// Does the mock speak Intercom? (1) every JSON body it returns here validates against the
// official OpenAPI schemas of 2.11, 2.14 and 2.16; (2) the official intercom-client SDK,
// pointed at it, works and fails as it does against Intercom.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { IntercomClient as Official, Intercom } from "intercom-client";
import { startMock } from "./server.mjs";
import { validate, bodyCollector, SPEC_VERSIONS as VERSIONS } from "./schemas.mjs";

// Besides the bodies recorded below, every JSON body the mock sends in this file (SDK calls too)
// goes through the collector and is validated by the last test.
const collector = bodyCollector();

let mock;
const seen = []; // bodies recorded by name in the first test: { version, schema, body, where }
before(async () => {
  mock = await startMock({ rateLimit: 10_000, onResponse: collector.onResponse });
});
after(() => mock.stop());

async function call(pathname, { token = mock.tokens.us.valid, version, headers = {} } = {}) {
  const h = { accept: "application/json", ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (version) h["intercom-version"] = version;
  const res = await fetch(`${mock.url}${pathname}`, { headers: h });
  const body = await res.json();
  return { status: res.status, body, headers: res.headers };
}

test("every body of the mock validates against the official schemas (2.11, 2.14, 2.16)", async () => {
  const t = mock.tokens;
  const firstAdmin = mock.workspaces.us.admins[0].id;
  for (const version of VERSIONS) {
    const record = (schema, r, where) => seen.push({ version, schema, body: r.body, where, status: r.status });
    record("admin_list", await call("/admins", { version }), "GET /admins");
    record("admin_list", await call("/admins?display_avatar=true", { version }), "GET /admins?display_avatar=true");
    record("admin_list", await call("/admins?display_avatar=true", { version, token: t.eu.valid }), "GET /admins (EU)");
    record("admin", await call(`/admins/${firstAdmin}`, { version }), "GET /admins/{id}");
    record("admin_with_app", await call("/me", { version }), "GET /me");
    record("admin_with_app", await call("/me", { version, token: t.au.valid }), "GET /me (AU)");
    for (const [name, token] of Object.entries({ revoked: t.revoked, blocked: t.blocked, suspended: t.suspended, notFound: t.notFound, expired: t.expired, unauthorized: t.unauthorized, invalid: "bm9wZQ==" })) {
      record("error", await call("/admins", { version, token }), `401 ${name}`);
    }
    record("error", await call("/admins", { version, token: null }), "401 no Authorization");
    record("error", await call("/admins", { version, token: t.noScope }), "403 forbidden");
    record("error", await call("/admins/1", { version }), "404 admin_not_found");
    record("error", await call("/admins", { version, headers: { accept: "text/html" } }), "406");
    record("error", await call("/admins", { version: "9.9" }), "400 intercom_version_invalid");
    record("error", await call("/admins", { version, headers: { "x-mock-fault": "500" } }), "500 fault");
    record("error", await call("/admins", { version, headers: { "x-mock-fault": "503" } }), "503 fault");
    const bare = await call("/admins", { version, token: t.revoked, headers: { "x-mock-fault": "no-request-id" } });
    assert.equal(bare.body.request_id, null);
    record("error", bare, "401 with request_id null");
    for (let page = await call("/contacts?per_page=4", { version }); ; ) {
      record("contact_list", page, "GET /contacts");
      const next = page.body.pages.next?.starting_after;
      if (!next) break;
      page = await call(`/contacts?per_page=4&starting_after=${encodeURIComponent(next)}`, { version });
    }
  }
  assert.ok(seen.length >= 66, `only ${seen.length} bodies`);
  const failures = [];
  for (const s of seen) {
    const errors = validate(s.version, s.schema, s.body);
    if (errors) failures.push(`${s.version} ${s.where} (${s.schema}): ${JSON.stringify(errors.slice(0, 2))}`);
  }
  assert.deepEqual(failures, []);
  // The shape follows the version, as the specs differ (facts §6.2).
  const avatars = (version) => seen.find((s) => s.version === version && s.where === "GET /admins?display_avatar=true").body.admins.map((a) => a.avatar);
  assert.ok(avatars("2.11").every((a) => a && typeof a === "object"));
  assert.ok(avatars("2.14").every((a) => typeof a === "string"));
  assert.ok(seen.some((s) => s.version === "2.16" && s.schema === "admin_list" && s.body.admins.some((a) => a.role)));
  assert.ok(!seen.some((s) => s.version !== "2.16" && s.schema === "admin_list" && s.body.admins.some((a) => "role" in a)));
});

test("the validator is real: it rejects what the schemas forbid", () => {
  const invalid = (version, schema, value) => assert.ok(validate(version, schema, value), `${schema}@${version} accepted ${JSON.stringify(value)}`);
  invalid("2.11", "admin_list", { type: "admin.list", admins: [{ type: "admin", id: 5 }] }); // 2.11: id string, fields required
  invalid("2.16", "error", { type: "error.list", errors: [{ message: "no code" }] });
  invalid("2.16", "error", { type: "error.list", request_id: "not-a-uuid", errors: [{ code: "x" }] });
  invalid("2.11", "admin_with_app", { type: "admin", id: "1", name: "a", email: "a@b.c", job_title: "x", away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [], app: { region: 5 } });
  invalid("2.14", "admin", { type: "admin", id: "1", avatar: { type: "avatar", image_url: "https://x.example/a.png" } }); // 2.14+: avatar is a URI string
  assert.equal(validate("2.16", "error", { type: "error.list", request_id: null, errors: [{ code: "x" }] }), null); // nullable
});

test("intercom-client: admins.list() and admins.identify() succeed against the mock", async () => {
  const client = new Official({ token: mock.tokens.us.valid, baseUrl: mock.url });
  const list = await client.admins.list();
  assert.equal(list.type, "admin.list");
  assert.deepEqual(list.admins.map((a) => a.id), mock.workspaces.us.admins.map((a) => a.id));
  const me = await client.admins.identify();
  assert.equal(me.app.region, "US");
  assert.equal(me.email_verified, true);
});

test("intercom-client: a revoked token raises its UnauthorizedError", async () => {
  const client = new Official({ token: mock.tokens.revoked, baseUrl: mock.url, maxRetries: 0 });
  await assert.rejects(client.admins.list(), (err) => {
    assert.ok(err instanceof Intercom.UnauthorizedError, `got ${err?.constructor?.name}`);
    assert.equal(err.statusCode, 401);
    assert.equal(err.body.errors[0].code, "token_revoked");
    return true;
  });
});

test("intercom-client: a 429 is retried by the SDK using the mock's rate-limit headers", async () => {
  // "limited" allows 3 calls per 1-second window.
  const client = new Official({ token: mock.tokens.limited, baseUrl: mock.url });
  mock.clearLog();
  for (let i = 0; i < 3; i++) await client.admins.list();
  const started = Date.now();
  const list = await client.admins.list(); // the 4th: 429, then the SDK waits for the reset
  assert.equal(list.type, "admin.list");
  const statuses = mock.requests().filter((r) => r.path === "/admins").map((r) => r.status);
  assert.deepEqual(statuses.slice(0, 4), [200, 200, 200, 429]);
  assert.equal(statuses.at(-1), 200);
  assert.ok(Date.now() - started < 5000, "waited far longer than the window");
});

test("the lists page as Intercom pages them: every item once, in order (2.14, 2.16)", async () => {
  const headers = (version) => ({ accept: "application/json", authorization: `Bearer ${mock.tokens.lists.valid}`, "content-type": "application/json", "intercom-version": version });
  const get = async (p, version) => (await fetch(`${mock.url}${p}`, { headers: headers(version) })).json();
  const post = async (p, body, version) => (await fetch(`${mock.url}${p}`, { method: "POST", headers: headers(version), body: JSON.stringify(body) })).json();
  for (const version of ["2.14", "2.16"]) {
    // Cursor pages: 2,600 contacts, 150 a page.
    const ids = [];
    for (let page = await get("/contacts?per_page=150", version); ; ) {
      ids.push(...page.data.map((c) => c.id));
      const next = page.pages.next?.starting_after;
      if (!next) break;
      page = await get(`/contacts?per_page=150&starting_after=${encodeURIComponent(next)}`, version);
    }
    assert.equal(ids.length, 2600);
    assert.equal(new Set(ids).size, 2600);
    const one = await get(`/contacts/${ids[1234]}`, version);
    assert.equal(one.id, ids[1234]);
    // A search resends its query with the cursor in the body.
    const query = { field: "email", operator: "~", value: "user1" };
    const found = [];
    for (let page = await post("/contacts/search", { query, pagination: { per_page: 100 } }, version); ; ) {
      found.push(...page.data.map((c) => c.email));
      const next = page.pages.next?.starting_after;
      if (!next) break;
      page = await post("/contacts/search", { query, pagination: { per_page: 100, starting_after: next } }, version);
    }
    assert.equal(found.length, 1111); // user1, user10–19, user100–199, user1000–1999
    assert.ok(found.every((e) => e.startsWith("user1")));
    const conversations = await get("/conversations?per_page=100", version);
    assert.equal(conversations.conversations.length, 100);
    assert.ok(conversations.pages.next.starting_after);
    const open = await post("/conversations/search", { query: { field: "open", operator: "=", value: true } }, version);
    assert.ok(open.total_count > 0 && open.conversations.every((c) => c.open));
    // Page numbers, and a scroll that ends with an empty page.
    const companies = await get("/companies?per_page=50&page=3", version);
    assert.deepEqual([companies.data.length, companies.pages.page, companies.pages.total_pages], [30, 3, 3]);
    assert.equal(companies.pages.next, null);
    let scrolled = 0;
    for (let page = await get("/companies/scroll", version); page.data.length; page = await get(`/companies/scroll?scroll_param=${page.scroll_param}`, version)) scrolled += page.data.length;
    assert.equal(scrolled, 130);
    assert.deepEqual((await get("/tags", version)).data.map((t) => t.name), ["vip", "trial", "churn risk"]);
  }
});

test("injectFault(…, { after }) lets that many requests through first: a 429 in the middle of a paging", async () => {
  const token = mock.tokens.lists.valid;
  mock.injectFault("429", { token, after: 2 });
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    statuses.push((await fetch(`${mock.url}/contacts?per_page=1`, { headers: { accept: "application/json", authorization: `Bearer ${token}` } })).status);
  }
  assert.deepEqual(statuses, [200, 200, 429, 200]);
});

test("every JSON body the mock returned in this file validates against its version's official schema", (t) => {
  const r = collector.validateAll();
  t.diagnostic(`${r.total} JSON bodies, ${r.unchecked} without an official schema; checks: ${JSON.stringify(r.counts)}`);
  assert.deepEqual(r.failures, []);
  for (const v of VERSIONS) {
    for (const schema of ["admin", "admin_list", "admin_with_app", "error", "contact_list"]) {
      assert.ok(r.counts[`${schema}@${v}`] > 0, `no ${schema} body checked against ${v}`);
    }
  }
  for (const v of ["2.14", "2.16"]) {
    for (const schema of ["contact", "conversation_list", "company_list", "company_scroll", "tag_list"]) {
      assert.ok(r.counts[`${schema}@${v}`] > 0, `no ${schema} body checked against ${v}`);
    }
  }
});
