// The mock's behaviours, one test each, as tests/mock/README.md lists them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock, signWebhook, deliverWebhook } from "./server.mjs";
import { bodyCollector } from "./schemas.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// Every JSON body the mocks of this file send is validated against the official schemas at the end.
const collector = bodyCollector();
let mock;
before(async () => {
  mock = await startMock({ codeTtlMs: 300, onResponse: collector.onResponse });
});
after(() => mock.stop());

const get = async (pathname, { token = mock.tokens.us.valid, base = mock.url, headers = {} } = {}) => {
  const h = { accept: "application/json", ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${pathname}`, { headers: h });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
};

test("started by hand: prints its URL and one line per workspace with a token, stops on SIGTERM", async () => {
  const child = spawn(process.execPath, [path.join(here, "server.mjs"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  await new Promise((resolve) => child.stdout.on("data", (d) => ((out += d), /oauth client_id/.test(out) && resolve())));
  const [first, ...rest] = out.trim().split("\n");
  const url = /^intercom-mock listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)?.[1];
  assert.ok(url, first);
  const lines = rest.filter((l) => l.startsWith("workspace "));
  assert.ok(lines.length >= 3, out);
  for (const region of ["US", "Europe", "Australia"]) assert.ok(lines.some((l) => l.includes(` region ${region} `)), region);
  const token = / token (\S+)$/.exec(lines[0])[1];
  assert.equal((await get("/admins", { base: url, token })).status, 200);
  const code = await new Promise((resolve) => (child.on("exit", (c) => resolve(c)), child.kill("SIGTERM")));
  assert.equal(code, 0);
});

test("auth: missing Authorization and unknown tokens get Intercom's 401 error.list", async () => {
  for (const token of [null, "bm90LWEtdG9rZW4="]) {
    const r = await get("/admins", { token });
    assert.equal(r.status, 401);
    assert.equal(r.body.type, "error.list");
    assert.match(r.body.request_id, UUID);
    assert.deepEqual(r.body.errors, [{ code: "unauthorized", message: "Access Token Invalid" }]);
    assert.equal(r.headers.get("x-ratelimit-limit"), null, "rate-limit headers on an unauthenticated answer");
  }
});

test("auth: each seeded token state answers with its code", async () => {
  const t = mock.tokens;
  const want = { revoked: "token_revoked", blocked: "token_blocked", suspended: "token_suspended", notFound: "token_not_found", expired: "token_expired", unauthorized: "token_unauthorized" };
  for (const [alias, code] of Object.entries(want)) {
    const r = await get("/me", { token: t[alias] });
    assert.equal(r.status, 401, alias);
    assert.equal(r.body.errors[0].code, code);
  }
  const forbidden = await get("/admins", { token: t.noScope });
  assert.equal(forbidden.status, 403);
  assert.deepEqual(forbidden.body.errors[0], { code: "forbidden", message: "You do not have the required scope (read_admins) to access this resource" });
  assert.equal((await get("/me", { token: t.noScope })).status, 200, "noScope still reads /me");
});

test("regions: app.region per workspace; regional hosts serve only their own; the US host routes all", async () => {
  const t = mock.tokens;
  assert.equal((await get("/me")).body.app.region, "US");
  assert.equal((await get("/me", { token: t.eu.valid, base: mock.hosts.eu })).body.app.region, "Europe");
  assert.equal((await get("/me", { token: t.au.valid, base: mock.hosts.au })).body.app.region, "Australia");
  assert.equal((await get("/me", { token: t.eu.valid })).status, 200, "US host routes an EU token");
  assert.equal((await get("/me", { token: t.us.valid, base: mock.hosts.eu })).status, 401, "EU host serves a US token");
  // fetch may not set Host, so a raw request shows Host-header routing.
  const byHost = (host, token) =>
    new Promise((resolve, reject) => {
      const req = http.request(`${mock.url}/me`, { headers: { host, authorization: `Bearer ${token}`, accept: "application/json" } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.end();
    });
  assert.equal(await byHost("api.au.intercom.io", t.us.valid), 401, "Host: api.au.intercom.io serves a US token");
  assert.equal(await byHost("api.au.intercom.io", t.au.valid), 200, "Host: api.au.intercom.io serves its own");
});

test("versions: unknown → 400 intercom_version_invalid; absent → the app's default; shape follows", async () => {
  const bad = await get("/admins", { headers: { "intercom-version": "2.99" } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0].code, "intercom_version_invalid");
  assert.equal((await get("/admins", { headers: { "intercom-version": "preview" } })).status, 400, "lowercase preview");
  for (const [region, token, base] of [["us", mock.tokens.us.valid, mock.url], ["eu", mock.tokens.eu.valid, mock.hosts.eu], ["au", mock.tokens.au.valid, mock.hosts.au]]) {
    const r = await get("/admins?display_avatar=true", { token, base });
    assert.equal(r.headers.get("x-intercom-version"), mock.workspaces[region].default_version, region);
  }
  const v211 = await get("/admins?display_avatar=true", { headers: { "intercom-version": "2.11" } });
  assert.equal(typeof v211.body.admins[0].avatar, "object");
  const v216 = await get("/admins?display_avatar=true", { headers: { "intercom-version": "2.16" } });
  assert.equal(typeof v216.body.admins[0].avatar, "string");
  assert.ok(v216.body.admins.some((a) => a.role?.type === "role"));
  assert.ok(!(await get("/admins")).body.admins.some((a) => "avatar" in a), "avatar without display_avatar");
});

test("endpoints: /admins/{id}, 404 admin_not_found, 406 without JSON Accept, paginated /contacts", async () => {
  const id = mock.workspaces.us.admins[1].id;
  assert.equal((await get(`/admins/${id}`)).body.id, id);
  const nf = await get("/admins/123");
  assert.equal(nf.status, 404);
  assert.equal(nf.body.errors[0].code, "admin_not_found");
  assert.equal((await get("/admins", { headers: { accept: "text/html" } })).status, 406);
  assert.equal((await get("/nope")).status, 404);
  const ids = [];
  let after;
  for (let page = 0; page < 50; page++) {
    const r = await get(`/contacts?per_page=3${after ? `&starting_after=${encodeURIComponent(after)}` : ""}`);
    assert.equal(r.status, 200);
    ids.push(...r.body.data.map((c) => c.id));
    after = r.body.pages.next?.starting_after;
    if (!after) {
      assert.equal(ids.length, r.body.total_count);
      break;
    }
  }
  assert.equal(new Set(ids).size, ids.length, "a contact on two pages");
  assert.equal((await get("/contacts?per_page=0")).status, 400);
});

test("rate limits: headers on authenticated answers; 429 in Intercom's words; per run and per token", async () => {
  const ok = await get("/admins");
  assert.ok(Number(ok.headers.get("x-ratelimit-limit")) > 0);
  assert.ok(Number(ok.headers.get("x-ratelimit-reset")) >= Math.floor(Date.now() / 1000));
  const statuses = [];
  let last;
  for (let i = 0; i < 4; i++) {
    last = await get("/admins", { token: mock.tokens.limited });
    statuses.push(last.status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 429]);
  assert.deepEqual(last.body.errors[0], { code: "rate_limit_exceeded", message: "Exceeded rate limit of 3 in 1_seconds" });
  assert.equal(last.headers.get("x-ratelimit-remaining"), "0");
  const small = await startMock({ rateLimit: 2, onResponse: collector.onResponse });
  try {
    const s = [];
    for (let i = 0; i < 3; i++) s.push((await get("/me", { base: small.url, token: small.tokens.us.valid })).status);
    assert.deepEqual(s, [200, 200, 429]);
  } finally {
    await small.stop();
  }
});

test("faults: latency, hang, 500, 502 HTML, 503, invalid JSON, truncated body, reset; per token and injected", async () => {
  const fault = (f) => ({ headers: { "x-mock-fault": f } });
  let t = Date.now();
  assert.equal((await get("/admins", fault("latency=150"))).status, 200);
  assert.ok(Date.now() - t >= 140);
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 200);
  await assert.rejects(fetch(`${mock.url}/admins`, { headers: { authorization: `Bearer ${mock.tokens.us.valid}`, "x-mock-fault": "hang" }, signal: ctrl.signal }), { name: "AbortError" });
  assert.equal((await get("/admins", fault("500"))).body.errors[0].code, "server_error");
  const html = await get("/admins", fault("502"));
  assert.equal(html.status, 502);
  assert.match(html.headers.get("content-type"), /text\/html/);
  assert.match(html.body, /502 Bad Gateway/);
  assert.equal((await get("/admins", fault("503"))).status, 503);
  assert.equal(typeof (await get("/admins", fault("invalid-json"))).body, "string", "invalid JSON parsed");
  await assert.rejects(async () => (await fetch(`${mock.url}/admins`, { headers: { authorization: `Bearer ${mock.tokens.us.valid}`, "x-mock-fault": "truncated" } })).text());
  await assert.rejects(fetch(`${mock.url}/admins`, { headers: { authorization: `Bearer ${mock.tokens.us.valid}`, "x-mock-fault": "reset" } }));
  assert.equal((await get("/admins?__fault=503")).status, 503, "query flag");
  assert.equal((await get("/admins", { token: mock.tokens.flaky })).status, 503, "per-token fault");
  t = Date.now();
  assert.equal((await get("/admins", { token: mock.tokens.slow })).status, 200);
  assert.ok(Date.now() - t >= 290, "per-token latency");
  mock.injectFault("500", { times: 1 });
  assert.deepEqual([(await get("/me")).status, (await get("/me")).status], [500, 200], "injected once");
});

test("CORS: localhost origins get a preflight answer and exposed headers; others none", async () => {
  const pre = await fetch(`${mock.url}/admins`, {
    method: "OPTIONS",
    headers: { origin: "http://localhost:5173", "access-control-request-method": "GET", "access-control-request-headers": "authorization,intercom-version" },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "http://localhost:5173");
  assert.match(pre.headers.get("access-control-allow-headers"), /intercom-version/);
  const r = await get("/admins", { headers: { origin: "http://127.0.0.1:9000" } });
  assert.match(r.headers.get("access-control-expose-headers"), /X-RateLimit-Reset/);
  const evil = await get("/admins", { headers: { origin: "https://evil.example" } });
  assert.equal(evil.headers.get("access-control-allow-origin"), null);
  const evilPre = await fetch(`${mock.url}/admins`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
  assert.equal(evilPre.headers.get("access-control-allow-origin"), null);
});

test("OAuth: consent page, code with '=', single-use and expiring codes, wrong secret, cancel, uninstall", async () => {
  const { client_id, client_secret } = mock.oauth;
  const redirect = "http://localhost:8787/cb";
  const page = await fetch(`${mock.url}/oauth?client_id=${client_id}&state=s1&redirect_uri=${encodeURIComponent(redirect)}`);
  const html = await page.text();
  assert.match(html, /id="authorize"/);
  assert.match(html, /id="cancel"/);
  const consent = async (decision) => {
    const body = new URLSearchParams({ client_id, state: "s1", redirect_uri: redirect, decision });
    const r = await fetch(`${mock.url}/oauth/decision`, { method: "POST", body, redirect: "manual" });
    assert.equal(r.status, 302);
    return new URL(r.headers.get("location"));
  };
  const exchange = (code, secret = client_secret) =>
    fetch(`${mock.url}/auth/eagle/token`, { method: "POST", body: new URLSearchParams({ code, client_id, client_secret: secret }) });
  const cancelled = await consent("cancel");
  assert.equal(cancelled.searchParams.get("error"), "access_denied");
  assert.equal(cancelled.searchParams.get("state"), "s1");
  const back = await consent("authorize");
  assert.match(back.search, /code=[^&]+=(&|$)/, "literal trailing '='");
  const code = decodeURIComponent(/code=([^&]+)/.exec(back.search)[1]);
  const ok = await exchange(code);
  const tok = await ok.json();
  assert.equal(tok.token_type, "Bearer");
  assert.equal(tok.token, tok.access_token);
  const reused = await exchange(code);
  assert.equal(reused.status, 401);
  assert.equal((await reused.json()).errors[0].message, "Unauthorized Code");
  const other = decodeURIComponent(/code=([^&]+)/.exec((await consent("authorize")).search)[1]);
  assert.equal((await exchange(other, "wrong")).status, 401, "wrong secret");
  const late = decodeURIComponent(/code=([^&]+)/.exec((await consent("authorize")).search)[1]);
  await new Promise((r) => setTimeout(r, 350)); // codeTtlMs is 300 in this run
  assert.equal((await exchange(late)).status, 401, "expired code");
  assert.equal((await get("/me", { token: tok.token })).status, 200);
  const un = await fetch(`${mock.url}/auth/uninstall`, { method: "POST", headers: { authorization: `Bearer ${tok.token}`, accept: "application/json", "content-type": "application/json" } });
  assert.equal(un.status, 200);
  const after = await get("/me", { token: tok.token });
  assert.equal(after.status, 401);
  assert.equal(after.body.errors[0].code, "token_revoked");
});

test("request log: Authorization redacted, secrets never logged, a secret in a URL flagged", async () => {
  mock.clearLog();
  await get("/admins");
  const { client_id, client_secret } = mock.oauth;
  await fetch(`${mock.url}/auth/eagle/token`, { method: "POST", body: new URLSearchParams({ code: "c=", client_id, client_secret }) });
  await fetch(`${mock.url}/auth/eagle/token?client_secret=${client_secret}&code=x`, { method: "POST" });
  const log = mock.requests();
  assert.equal(log[0].headers.authorization, "Bearer [redacted]");
  assert.equal(log[0].status, 200);
  assert.deepEqual(log[1].bodyShape.keys, ["code", "client_id", "client_secret"]);
  assert.equal(log[1].bodyShape.encoding, "form");
  assert.equal(log[1].secretInUrl, false);
  assert.equal(log[2].secretInUrl, true);
  const text = JSON.stringify(log);
  assert.ok(!text.includes(client_secret) && !text.includes(mock.tokens.us.valid), "a secret reached the log");
});

test("webhooks: signed like Intercom (sha1=<hex HMAC-SHA1 of the raw body>) and delivered", async () => {
  const body = '{"type":"notification_event","topic":"contact.created"}';
  assert.equal(signWebhook(body, "k"), "sha1=" + createHmac("sha1", "k").update(body).digest("hex"));
  const got = await new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (d) => (raw += d));
      req.on("end", () => {
        res.end("ok");
        srv.close();
        resolve({ sig: req.headers["x-hub-signature"], raw, ua: req.headers["user-agent"] });
      });
    }).listen(0, "127.0.0.1", () => deliverWebhook(`http://127.0.0.1:${srv.address().port}/hook`, body, "k"));
  });
  assert.equal(got.raw, body);
  assert.equal(got.sig, signWebhook(body, "k"));
  assert.match(got.ua, /intercom-parrot/);
});

test("every JSON body the mock returned in this file validates against its version's official schema", (t) => {
  const r = collector.validateAll();
  t.diagnostic(`${r.total} JSON bodies, ${r.unchecked} without an official schema; checks: ${JSON.stringify(r.counts)}`);
  assert.deepEqual(r.failures, []);
});
