// IntercomClient's whole token surface (issue 3), run in every runtime against the mock.
// Faults come from the mock (X-Mock-Fault header) or from a wrapping fetch where a test
// needs to count or shape attempts.

import { harness } from "./harness.mjs";

export async function runClient(pkg, config, runtime) {
  const { IntercomClient, IntercomError } = pkg;
  const { results, check, assert, rejection, thrown } = harness();
  const browser = /^(chromium|firefox)-/.test(runtime);
  const t = config.tokens;
  const base = { baseUrl: config.url, dangerouslyAllowBrowser: true };
  const client = (token, extra = {}) => new IntercomClient({ ...base, token, ...extra });
  // A call that never settles fails its check instead of stalling the whole run.
  const settledWithin = (p, ms = 5000) =>
    Promise.race([p, new Promise((r) => setTimeout(() => r({ code: `still pending after ${ms} ms` }), ms))]);
  // A fetch that counts attempts and can shape the first ones.
  const counting = (shape = () => undefined) => {
    const calls = [];
    const f = (url, init) => {
      calls.push({ url: String(url), method: init.method });
      const shaped = shape(calls.length, url, init);
      return shaped ?? fetch(url, init);
    };
    return { f, calls };
  };

  await check("browser guard: refused in a browser unless dangerouslyAllowBrowser", async () => {
    if (browser) {
      const e = thrown(() => new IntercomClient({ token: t.us.valid, baseUrl: config.url }));
      assert(e instanceof IntercomError && e.code === "browser_not_allowed", `${e?.code}`);
      assert(!String(e.message).includes(t.us.valid), "token in message");
    } else {
      const list = await new IntercomClient({ token: t.us.valid, baseUrl: config.url }).listAdmins();
      assert(list.admins.length > 0, `${runtime} is not a browser but was refused`);
    }
  });

  await check("verifyConnection: ok with workspace, admin, version, latency, rate limit", async () => {
    const r = await client(t.us.valid).verifyConnection();
    assert(r.ok === true, JSON.stringify(r));
    assert(r.workspace.region === "us" && typeof r.workspace.name === "string", JSON.stringify(r.workspace));
    assert(typeof r.admin.email === "string" && typeof r.admin.emailVerified === "boolean", JSON.stringify(r.admin));
    assert(r.apiVersion === "2.14" && r.baseUrl === config.url, `${r.apiVersion} ${r.baseUrl}`);
    assert(typeof r.latencyMs === "number" && r.latencyMs >= 0, "latency");
    assert(r.rateLimit && r.rateLimit.limit > 0, "rate limit");
  });

  await check("verifyConnection: a revoked token resolves ok:false, never rejects", async () => {
    const r = await client(t.revoked).verifyConnection();
    assert(r.ok === false && r.error instanceof IntercomError, JSON.stringify(r));
    assert(r.error.code === "token_revoked" && r.error.status === 401, r.error.code);
    assert(/reinstall/i.test(r.error.hint), r.error.hint);
  });

  await check("auth error codes map to Intercom's codes with hints", async () => {
    for (const [token, code] of [[t.blocked, "token_blocked"], [t.suspended, "token_suspended"], [t.notFound, "token_not_found"], [t.expired, "token_expired"]]) {
      const e = await rejection(client(token).listAdmins());
      assert(e instanceof IntercomError && e.code === code && e.status === 401, `${code}: got ${e.code}`);
      assert(e.retryable === false && e.hint.length > 10, `${code} hint/retryable`);
      assert(Array.isArray(e.errors) && e.errors[0].code === code, "errors[]");
    }
  });

  await check("403 forbidden: the hint names the missing permission", async () => {
    const e = await rejection(client(t.noScope).listAdmins());
    assert(e.code === "forbidden" && e.status === 403, e.code);
    assert(/"read_admins"/.test(e.hint), e.hint);
  });

  await check("detectRegion: us, eu and au from /me app.region", async () => {
    assert((await client(t.us.valid).detectRegion()) === "us", "us");
    assert((await client(t.eu.valid, { baseUrl: config.hosts.eu }).detectRegion()) === "eu", "eu");
    assert((await client(t.au.valid, { baseUrl: config.hosts.au }).detectRegion()) === "au", "au");
  });

  await check("region auto: /me once on the US host, then the workspace's host", async () => {
    // Maps Intercom's real hosts onto the mock's, as DNS would.
    const hosts = { "https://api.intercom.io": config.hosts.us, "https://api.eu.intercom.io": config.hosts.eu, "https://api.au.intercom.io": config.hosts.au };
    const seen = [];
    const router = (url, init) => {
      seen.push(String(url));
      const [origin] = Object.entries(hosts).find(([real]) => String(url).startsWith(real)) ?? [];
      return fetch(origin ? hosts[origin] + String(url).slice(origin.length) : url, init);
    };
    const c = new IntercomClient({ token: t.eu.valid, region: "auto", fetch: router, dangerouslyAllowBrowser: true });
    await c.listAdmins();
    await c.listAdmins();
    assert(
      JSON.stringify(seen) === JSON.stringify(["https://api.intercom.io/me", "https://api.eu.intercom.io/admins", "https://api.eu.intercom.io/admins"]),
      JSON.stringify(seen),
    );
    assert(JSON.parse(JSON.stringify(c)).baseUrl === "https://api.eu.intercom.io", "baseUrl not switched");
  });

  await check("retries: a GET survives one 503 and one network reset", async () => {
    const { f, calls } = counting((n, url, init) =>
      n === 1 ? fetch(url, { ...init, headers: { ...init.headers, "X-Mock-Fault": "503" } })
        : n === 2 ? fetch(url, { ...init, headers: { ...init.headers, "X-Mock-Fault": "reset" } }) : undefined,
    );
    const list = await client(t.us.valid, { fetch: f }).listAdmins();
    assert(list.admins.length > 0 && calls.length === 3, `attempts ${calls.length}`);
  });

  await check("retries: POST is never retried by default; retry:true opts in", async () => {
    const always503 = (n, url, init) => fetch(url, { ...init, headers: { ...init.headers, "X-Mock-Fault": "503" } });
    const a = counting(always503);
    const e = await rejection(client(t.us.valid, { fetch: a.f }).request({ method: "POST", path: "/contacts", body: { role: "user", email: "x@example.com" } }));
    assert(e.status === 503 && e.retryable === true && a.calls.length === 1, `POST attempts ${a.calls.length}`);
    const b = counting(always503);
    await rejection(client(t.us.valid, { fetch: b.f, retryBudgetMs: 5000 }).request({ method: "POST", path: "/contacts", body: {}, retry: true }));
    assert(b.calls.length === 3, `opt-in attempts ${b.calls.length}`);
    const c = counting(always503);
    await rejection(client(t.us.valid, { fetch: c.f, maxRetries: 0 }).listAdmins());
    assert(c.calls.length === 1, `maxRetries 0 attempts ${c.calls.length}`);
  });

  await check("retries: a 429 waits for X-RateLimit-Reset, then succeeds; lastRateLimit updated", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 1;
    const { f, calls } = counting((n) =>
      n === 1
        ? Promise.resolve(new Response(JSON.stringify({ type: "error.list", request_id: "r-429", errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 167 in 10_seconds" }] }), {
            status: 429,
            headers: { "content-type": "application/json", "x-ratelimit-limit": "167", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
          }))
        : undefined,
    );
    const c = client(t.us.valid, { fetch: f });
    const started = Date.now();
    await c.listAdmins();
    assert(calls.length === 2, `attempts ${calls.length}`);
    const owed = reset * 1000 - started; // what the reset header asked for
    assert(Date.now() - started >= owed - 50, `retried after ${Date.now() - started} ms, reset was ${owed} ms away`);
    assert(c.lastRateLimit && c.lastRateLimit.remaining > 0, JSON.stringify(c.lastRateLimit));
  });

  await check("retries: never beyond retryBudgetMs; the 429 error carries rateLimit", async () => {
    const far = Math.ceil(Date.now() / 1000) + 60;
    const { f, calls } = counting(() =>
      Promise.resolve(new Response(JSON.stringify({ type: "error.list", request_id: null, errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 167 in 10_seconds" }] }), {
        status: 429,
        headers: { "x-ratelimit-limit": "167", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(far) },
      })),
    );
    const e = await rejection(client(t.us.valid, { fetch: f, retryBudgetMs: 2000 }).listAdmins());
    assert(calls.length === 1 && e.code === "rate_limit_exceeded" && e.status === 429, `${calls.length} ${e.code}`);
    assert(e.rateLimit.resetAt === far * 1000 && e.rateLimit.remaining === 0, JSON.stringify(e.rateLimit));
    assert(/wait about \d+ s/.test(e.hint), e.hint);
  });

  await check("timeout: a hanging Intercom rejects with code timeout", async () => {
    const e = await rejection(client(t.us.valid, { headers: { "X-Mock-Fault": "hang" }, timeoutMs: 300, maxRetries: 0 }).listAdmins());
    assert(e instanceof IntercomError && e.code === "timeout" && e.status === null && e.retryable, `${e.code}`);
  });

  await check("timeout: a body that stops half-way rejects with code timeout", async () => {
    // The platform's own fetch: its body read must end when the attempt's time is up.
    const e = await settledWithin(rejection(client(t.us.valid, { headers: { "X-Mock-Fault": "stall" }, timeoutMs: 300, maxRetries: 0 }).listAdmins()));
    assert(e instanceof IntercomError && e.code === "timeout" && e.status === null && e.retryable, `${e.code}`);
  });

  await check("abort: the caller's signal ends a body that stops half-way", async () => {
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 150);
    const e = await settledWithin(rejection(client(t.us.valid, { headers: { "X-Mock-Fault": "stall" }, timeoutMs: 20000 }).listAdmins({ signal: ctrl.signal })));
    assert(e instanceof IntercomError && e.code === "aborted", `${e.code}`);
  });

  await check("abort: the caller's signal rejects with aborted and is not retried", async () => {
    const { f, calls } = counting((n, url, init) => fetch(url, { ...init, headers: { ...init.headers, "X-Mock-Fault": "hang" } }));
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const e = await rejection(client(t.us.valid, { fetch: f }).listAdmins({ signal: ctrl.signal }));
    assert(e.code === "aborted" && calls.length === 1, `${e.code} ${calls.length}`);
    const pre = new AbortController();
    pre.abort();
    const e2 = await rejection(client(t.us.valid, { fetch: f }).listAdmins({ signal: pre.signal }));
    assert(e2.code === "aborted" && calls.length === 1, "sent despite an aborted signal");
  });

  await check("abort: a signal during a retry wait ends the call at once", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 4;
    const { f, calls } = counting(() =>
      Promise.resolve(new Response('{"type":"error.list","request_id":null,"errors":[{"code":"rate_limit_exceeded","message":"Exceeded rate limit of 1 in 10_seconds"}]}', {
        status: 429,
        headers: { "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      })),
    );
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 150);
    const started = Date.now();
    const e = await rejection(client(t.us.valid, { fetch: f }).listAdmins({ signal: ctrl.signal }));
    assert(e.code === "aborted" && calls.length === 1, `${e.code} after ${calls.length} attempts`);
    assert(Date.now() - started < 2000, `took ${Date.now() - started} ms: the wait ignored the signal`);
  });

  await check("invalid_response: HTML 502, invalid JSON and a truncated body", async () => {
    const html = await rejection(client(t.us.valid, { headers: { "X-Mock-Fault": "502" }, maxRetries: 0 }).listAdmins());
    assert(html.code === "invalid_response" && html.status === 502 && html.retryable && /Bad Gateway/.test(html.excerpt), `${html.code} ${html.excerpt}`);
    const bad = await rejection(client(t.us.valid, { headers: { "X-Mock-Fault": "invalid-json" }, maxRetries: 0 }).listAdmins());
    assert(bad.code === "invalid_response" && bad.status === 200, bad.code);
    const cut = await rejection(client(t.us.valid, { headers: { "X-Mock-Fault": "truncated" }, maxRetries: 0 }).listAdmins());
    assert(["network_error", "invalid_response"].includes(cut.code), cut.code);
  });

  await check("versions: 2.11 avatar object, 2.16 role, unknown version → intercom_version_invalid", async () => {
    const withAvatars = { path: "/admins", query: { display_avatar: true } };
    const v211 = await client(t.us.valid, { version: "2.11" }).request(withAvatars);
    assert(v211.admins.some((a) => a.avatar && typeof a.avatar === "object"), "2.11 avatar object");
    const v214 = await client(t.us.valid).request(withAvatars);
    assert(v214.admins.some((a) => typeof a.avatar === "string"), "2.14 avatar string");
    const v216 = await client(t.us.valid, { version: "2.16" }).listAdmins();
    assert(v216.admins.some((a) => a.role && typeof a.role === "object"), "2.16 role kept");
    const e = await rejection(client(t.us.valid, { version: "9.9" }).listAdmins());
    assert(e.code === "intercom_version_invalid" && e.status === 400 && /9\.9/.test(e.hint), `${e.code} ${e.hint}`);
    const e2 = thrown(() => client(t.us.valid, { version: "preview" }));
    assert(e2.code === "invalid_argument" && /version/.test(e2.message), "lowercase preview accepted");
  });

  await check("getAdmin and me; odd ids are refused before any request", async () => {
    const list = await client(t.us.valid).listAdmins();
    const one = await client(t.us.valid).getAdmin(list.admins[0].id);
    assert(one.id === list.admins[0].id, "getAdmin id");
    const me = await client(t.us.valid).me();
    assert(me.app && me.app.region === "US" && typeof me.email_verified === "boolean", JSON.stringify(me.app));
    const nf = await rejection(client(t.us.valid).getAdmin("1"));
    assert(nf.code === "admin_not_found" && nf.status === 404, nf.code);
    for (const id of ["../me", "1/2", "", {}, -1, 1.5]) {
      const e = await rejection(client(t.us.valid).getAdmin(id));
      assert(e.code === "invalid_argument", `id ${JSON.stringify(id)} → ${e.code}`);
    }
  });

  await check("request(): query encoded by URLSearchParams, pagination reachable", async () => {
    const { f, calls } = counting();
    const page = await client(t.us.valid, { fetch: f }).request({ path: "/contacts", query: { per_page: 2, email: "a+b@x.io" } });
    assert(calls[0].url === `${config.url}/contacts?per_page=2&email=a%2Bb%40x.io`, calls[0].url);
    assert(Array.isArray(page.data) && page.data.length === 2 && page.pages?.next?.starting_after, JSON.stringify(page).slice(0, 200));
    const next = await client(t.us.valid).request({ path: "/contacts", query: { per_page: 2, starting_after: page.pages.next.starting_after } });
    assert(next.data[0].id !== page.data[0].id, "same page twice");
    // Arrays repeat their key, numbers are written as JS writes them, null/undefined are left out.
    const many = counting();
    await client(t.us.valid, { fetch: many.f }).request({ path: "/contacts", query: { tags: ["a", "b c"], n: 0.5, big: 1e21, ok: false, none: null, gone: undefined, empty: [] } });
    assert(many.calls[0].url === `${config.url}/contacts?tags=a&tags=b+c&n=0.5&big=1e%2B21&ok=false`, many.calls[0].url);
    const none = counting();
    await client(t.us.valid, { fetch: none.f }).request({ path: "/contacts", query: { none: null } });
    assert(none.calls[0].url === `${config.url}/contacts`, none.calls[0].url);
    for (const [query, message] of [[{ n: NaN }, "query: n must be a string, number, boolean or an array of them"], [{ deep: [{}] }, "query: deep must be a string, number, boolean or an array of them"], [{ get x() { throw new Error("no"); } }, "query: could not be read"], ["a=1", "query: expected an object"]]) {
      const e = await rejection(client(t.us.valid).request({ path: "/contacts", query }));
      assert(e.code === "invalid_argument" && e.message === message, `want ${message}, got ${e.code}: ${e.message}`);
    }
    for (const bad of [{ path: "admins" }, { path: "/a?b=1" }, { method: "TRACE", path: "/admins" }, { path: "/x", body: new Uint8Array(3) }, { method: "POST", path: "/x", body: { big: "x".repeat(5 * 1024 * 1024) } }, { path: "/x", body: { n: 1n } }, { path: "/x", headers: { Authorization: "Bearer other" } }]) {
      const e = await rejection(client(t.us.valid).request(bad));
      assert(e.code === "invalid_argument", `${bad.method ?? "GET"} ${bad.path} → ${e.code}`);
    }
  });

  await check("fromEnv: token, region, version and base URL from an env object", async () => {
    const c = IntercomClient.fromEnv({ INTERCOM_API_KEY: t.us.valid, INTERCOM_BASE_URL: config.url, INTERCOM_VERSION: "2.16" }, { dangerouslyAllowBrowser: true });
    const list = await c.listAdmins();
    assert(list.admins.some((a) => "role" in a), "INTERCOM_VERSION not applied");
    const e = thrown(() => IntercomClient.fromEnv({}, { dangerouslyAllowBrowser: true }));
    assert(e.code === "invalid_argument" && /INTERCOM_ACCESS_TOKEN/.test(e.message), e.message);
    const r = thrown(() => IntercomClient.fromEnv({ INTERCOM_ACCESS_TOKEN: "x", INTERCOM_REGION: "mars" }, { dangerouslyAllowBrowser: true }));
    assert(r.code === "invalid_argument" && /region/.test(r.message), r.message);
    // The access token is preferred to the API key; an empty variable is skipped; the region
    // is read case-insensitively; overrides win.
    const picked = IntercomClient.fromEnv({ INTERCOM_ACCESS_TOKEN: "", INTERCOM_API_KEY: "dG9rOmI=", INTERCOM_REGION: "EU" }, { dangerouslyAllowBrowser: true });
    assert(String(picked) === "IntercomClient(https://api.eu.intercom.io, Intercom-Version 2.14)", String(picked));
    const over = IntercomClient.fromEnv({ INTERCOM_ACCESS_TOKEN: "dG9rOmE=", INTERCOM_REGION: "eu" }, { region: "au", version: "2.11", dangerouslyAllowBrowser: true });
    assert(String(over) === "IntercomClient(https://api.au.intercom.io, Intercom-Version 2.11)", String(over));
    for (const [env, overrides, message] of [
      [{ INTERCOM_ACCESS_TOKEN: "x", INTERCOM_REGION: 5 }, {}, "INTERCOM_REGION: expected a string"],
      [{ INTERCOM_ACCESS_TOKEN: "x", get INTERCOM_VERSION() { throw new Error("no"); } }, {}, "INTERCOM_VERSION: could not be read"],
      [{ INTERCOM_ACCESS_TOKEN: "x" }, new Proxy({}, { ownKeys() { throw new Error("no"); } }), "overrides: could not be read"],
      [{ INTERCOM_ACCESS_TOKEN: "x" }, "region=eu", "overrides: expected an object"],
    ]) {
      const e = thrown(() => IntercomClient.fromEnv(env, overrides));
      assert(e.code === "invalid_argument" && e.message === message, `want ${message}, got ${e.code}: ${e.message}`);
    }
  });

  await check("secrets: the token is in no message, string, JSON or error field", async () => {
    const c = client(t.revoked);
    const e = await rejection(c.listAdmins());
    for (const text of [JSON.stringify(c), String(c), JSON.stringify(e), String(e), e.stack ?? "", e.hint]) {
      assert(!text.includes(t.revoked), `token leaked in ${text.slice(0, 80)}`);
    }
  });

  return results;
}
