// What the package sends and reads back, against a careful attacker: encoded dot segments,
// unbounded answers, secrets echoed by a proxy, internal hosts, unsafe tokens and header
// values, and methods called without their client. Every runtime, against the mock over real
// HTTP where the platform's own fetch matters, with a custom fetch where an answer must be
// shaped.
import { harness } from "./harness.mjs";

export async function runHardeningOutbound(pkg, config, runtime) {
  const { IntercomClient, IntercomError, exchangeCode, uninstall, authorizeUrl } = pkg;
  const { results, check, assert, rejection, thrown } = harness();
  const browser = /^(chromium|firefox)-/.test(runtime);
  const token = config.tokens.us.valid;
  const base = { baseUrl: config.url, dangerouslyAllowBrowser: true };
  const { client_id: clientId, client_secret: clientSecret } = config.oauth;
  const tokenUrl = `${config.url}/auth/eagle/token`;
  const MiB = 1024 * 1024;
  const json = (body, init = {}) =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status: 200,
      ...init,
      headers: { "content-type": "application/json", ...init.headers },
    });
  // A body that never ends, as a custom fetch's Response: 64 KiB chunks for as long as read.
  const endless = () =>
    new ReadableStream({
      pull(c) {
        c.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
  const isError = (e, code) => e instanceof IntercomError && e.code === code;
  const leaks = (e, secret) =>
    [JSON.stringify(e), String(e), e.message, e.hint, e.excerpt ?? "", JSON.stringify(e.errors)].some((t) => t.includes(secret));

  await check("paths: %-encoded dot segments are refused before any fetch", async () => {
    let fetched = 0;
    const client = new IntercomClient({ ...base, token, fetch: () => (fetched++, json({})) });
    for (const path of [
      "/contacts/%2e%2e/%2e%2e/x",
      "/contacts/.%2e/admins",
      "/contacts/%2E%2E/admins",
      "/contacts/%2e./admins",
      "/contacts/%2e/me",
      "/contacts/..%2f..%2fadmins",
      "/contacts/a%5c..%5cadmins",
    ]) {
      const e = await rejection(client.request({ path }));
      assert(isError(e, "invalid_argument"), `${path} → ${e?.code}`);
    }
    assert(fetched === 0, `${fetched} requests left for refused paths`);
  });

  await check("paths: what fetch requests stays under the base path, one endpoint (400 generated paths)", async () => {
    const pieces = ["a", ".", "..", "%2e", "%2E", ".%2e", "%2e.", "%2e%2e", "%2f", "%5C", "%252e", "x%2e", "%", "~"];
    let seen;
    const client = new IntercomClient({
      ...base,
      baseUrl: "https://proxy.example/intercom",
      token,
      fetch: (url) => ((seen = String(url)), json({})),
    });
    let seed = 25;
    const next = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    let accepted = 0;
    for (let i = 0; i < 400; i++) {
      const segments = Array.from({ length: 1 + next(4) }, () => Array.from({ length: 1 + next(3) }, () => pieces[next(pieces.length)]).join(""));
      const path = "/" + segments.join("/");
      seen = undefined;
      try {
        await client.request({ path, retry: false }, { maxRetries: 0 });
      } catch (e) {
        assert(isError(e, "invalid_argument"), `${path} → ${e?.code} ${e?.message}`);
        assert(seen === undefined, `${path} refused but fetched`);
        continue;
      }
      accepted++;
      const requested = new URL(seen).pathname;
      const parts = requested.split("/");
      assert(requested.startsWith("/intercom/"), `${path} requested ${requested}: left the base path`);
      assert(parts.length === segments.length + 2, `${path} requested ${requested}: segments changed`);
    }
    assert(accepted > 50, `only ${accepted} of 400 paths accepted: the generator lost its point`);
  });

  await check("bounded reads: an endless answer fails with response_too_large, unretried, in time", async () => {
    const client = new IntercomClient({ ...base, token, maxResponseBytes: MiB, timeoutMs: 3000, headers: { "X-Mock-Fault": "endless" } });
    const started = Date.now();
    const e = await rejection(client.listAdmins());
    assert(isError(e, "response_too_large"), `${e?.code}: ${e?.message}`);
    assert(e.retryable === false && e.action === "fix_request" && e.status === 200, `${e.retryable} ${e.action} ${e.status}`);
    assert(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
  });

  await check("bounded reads: a content-length over the limit is refused unread", async () => {
    const client = new IntercomClient({ ...base, token, maxResponseBytes: MiB, timeoutMs: 3000, headers: { "X-Mock-Fault": "oversize" } });
    const e = await rejection(client.listAdmins());
    assert(isError(e, "response_too_large"), `${e?.code}: ${e?.message}`);
  });

  await check("bounded reads: a custom fetch's endless stream, or a body it returns whole, is refused; GETs are not retried", async () => {
    let calls = 0;
    const streaming = new IntercomClient({ ...base, token, maxResponseBytes: MiB, timeoutMs: 3000, fetch: () => (calls++, new Response(endless(), { status: 200 })) });
    const e = await rejection(streaming.listAdmins());
    assert(isError(e, "response_too_large") && calls === 1, `${e?.code} after ${calls} attempts`);
    const whole = new IntercomClient({
      ...base,
      token,
      maxResponseBytes: MiB,
      fetch: () => ({ status: 200, headers: new Headers(), text: async () => "[" + " ".repeat(2 * MiB) + "]" }),
    });
    const e2 = await rejection(whole.request({ path: "/admins" }));
    assert(isError(e2, "response_too_large"), `${e2?.code}: ${e2?.message}`);
  });

  await check("bounded reads: answers up to the limit are read whole, declared or streamed", async () => {
    const big = JSON.stringify({ type: "admin.list", admins: [{ id: "1", name: "x".repeat(900 * 1024) }] });
    const declared = new IntercomClient({ ...base, token, maxResponseBytes: MiB, fetch: () => json(big, { headers: { "content-length": String(big.length) } }) });
    assert((await declared.listAdmins()).admins[0].name.length === 900 * 1024, "declared answer cut");
    const streamed = new IntercomClient({
      ...base,
      token,
      maxResponseBytes: MiB,
      fetch: () => new Response(new Blob([big]).stream(), { status: 200 }),
    });
    assert((await streamed.listAdmins()).admins[0].name.length === 900 * 1024, "streamed answer cut");
    const list = await new IntercomClient({ ...base, token }).listAdmins();
    assert(list.admins.length > 0, "the mock's answer was refused");
  });

  await check("bounded reads: maxResponseBytes is checked", async () => {
    for (const bad of [0, 1023, 2 ** 28 + 1, 1.5, "1000000", NaN]) {
      const e = thrown(() => new IntercomClient({ ...base, token, maxResponseBytes: bad }));
      assert(isError(e, "invalid_argument") && e.message.startsWith("maxResponseBytes"), `${bad} → ${e?.code}`);
    }
  });

  await check("bounded reads: the token endpoint reads at most 64 KiB", async () => {
    const huge = JSON.stringify({ token: "dG9r", padding: "x".repeat(70 * 1024) });
    const e = await rejection(exchangeCode({ code: "c=", clientId, clientSecret, tokenUrl, fetch: () => json(huge) }));
    assert(isError(e, browser ? "browser_not_allowed" : "response_too_large"), `${e?.code}: ${e?.message}`);
    if (browser) return;
    const e2 = await rejection(exchangeCode({ code: "c=", clientId, clientSecret, tokenUrl, timeoutMs: 3000, fetch: () => new Response(endless(), { status: 200 }) }));
    assert(isError(e2, "response_too_large"), `${e2?.code}: ${e2?.message}`);
  });

  await check("redaction: a proxy page echoing the request shows no token", async () => {
    const client = new IntercomClient({ ...base, token, maxRetries: 0, headers: { "X-Mock-Fault": "echo" } });
    const e = await rejection(client.listAdmins());
    assert(e instanceof IntercomError && e.status === 502, `${e?.code} ${e?.status}`);
    assert(!leaks(e, token) && !leaks(e, encodeURIComponent(token)), `token in the error: ${e.excerpt}`);
    assert(e.excerpt.includes("[redacted]"), `nothing masked: ${e.excerpt}`);
  });

  await check("redaction: echoed tokens in errors[], odd shapes and encodings are masked", async () => {
    const echoes = [
      json({ type: "error.list", errors: [{ code: "bad_request", message: `got Bearer ${token}`, data: { auth: token } }] }, { status: 400 }),
      json({ echo: { headers: { authorization: `Bearer ${token}` } } }),
      new Response(`<pre>auth=${encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}\n{"h":"${token.replaceAll("/", "\\/")}"}</pre>`, { status: 500 }),
    ];
    for (const answer of echoes) {
      const client = new IntercomClient({ ...base, token, maxRetries: 0, fetch: () => answer });
      const e = await rejection(client.listAdmins());
      assert(e instanceof IntercomError, String(e));
      assert(!leaks(e, token) && !leaks(e, token.slice(0, 12)), `token in ${e.code}: ${JSON.stringify(e)}`);
    }
  });

  await check("redaction: a token endpoint echoing the form shows no client secret or code", async () => {
    if (browser) return;
    const code = "c0de-" + "9".repeat(30) + "=";
    const echo = (url, init) => new Response(`<pre>${init.body}</pre>`, { status: 400, headers: { "content-type": "text/html" } });
    const e = await rejection(exchangeCode({ code, clientId, clientSecret, tokenUrl, fetch: echo }));
    assert(e instanceof IntercomError && e.status === 400, `${e?.code} ${e?.status}`);
    for (const secret of [clientSecret, code, encodeURIComponent(code)]) assert(!leaks(e, secret), `${secret} in ${JSON.stringify(e)}`);
  });

  await check("token endpoint: a token with CR/LF, NUL or a space is refused, not returned", async () => {
    if (browser) return;
    for (const bad of ["dG9r\r\nSet-Cookie: a=1", "dG9r\u0000x", "dG9r en", "dG9r\u00e9"]) {
      const e = await rejection(exchangeCode({ code: "c=", clientId, clientSecret, tokenUrl, fetch: () => json({ token: bad }) }));
      assert(isError(e, "invalid_response"), `${JSON.stringify(bad)} → ${e?.code ?? "a token"}`);
      assert(!leaks(e, bad), "the token is shown");
    }
  });

  await check("external text: Intercom's message loses CR, LF and escapes before err.message", async () => {
    const answer = json({ type: "error.list", errors: [{ code: "bad_request", message: "bad\r\nX-Injected: 1\u001b[2J\u0000" }] }, { status: 400 });
    const e = await rejection(new IntercomClient({ ...base, token, fetch: () => answer }).listAdmins());
    assert(e.code === "bad_request" && e.message.includes("X-Injected: 1"), e.message);
    assert(!/[\u0000-\u001f\u007f-\u009f]/.test(e.message + e.hint), JSON.stringify(e.message));
  });

  await check("headers: a value above U+00FF or with CR/LF is invalid_argument, not a retried network error", async () => {
    for (const value of ["\u2603", "caf\u00e9\u20ac", "a\r\nb"]) {
      const e = thrown(() => new IntercomClient({ ...base, token, headers: { "X-Tag": value } }));
      assert(isError(e, "invalid_argument"), `${JSON.stringify(value)} → ${e?.code}`);
      const e2 = await rejection(new IntercomClient({ ...base, token }).request({ path: "/admins", headers: { "X-Tag": value } }));
      assert(isError(e2, "invalid_argument") && e2.action === "fix_request", `${JSON.stringify(value)} → ${e2?.code} ${e2?.action}`);
    }
  });

  const internal = [
    "https://169.254.169.254",
    "https://2852039166",
    "https://0xa9fea9fe",
    "https://0251.0376.0251.0376",
    "https://169.254.43518",
    "https://[::ffff:a9fe:a9fe]",
    "https://[::ffff:169.254.169.254]",
    "https://10.0.0.1",
    "https://192.168.1.1/intercom",
    "https://127.1",
    "https://[fd00::1]",
    "https://metadata.google.internal",
    "https://metadata.google.internal.",
    "https://printer.local",
    "https://intranet",
  ];

  await check("hosts: baseUrl to an internal host, in any spelling, needs allowPrivateHosts", async () => {
    for (const baseUrl of internal) {
      const e = thrown(() => new IntercomClient({ token, baseUrl, dangerouslyAllowBrowser: true }));
      assert(isError(e, "invalid_argument") && e.message.startsWith("baseUrl"), `${baseUrl} → ${e?.code}`);
      const ok = new IntercomClient({ token, baseUrl, dangerouslyAllowBrowser: true, allowPrivateHosts: true });
      assert(ok instanceof IntercomClient, baseUrl);
    }
    // The local-dev loopback and public names stay as they were.
    for (const baseUrl of [config.url, "http://localhost:8787", "https://proxy.example/intercom", "https://api.eu.intercom.io"]) {
      assert(new IntercomClient({ token, baseUrl, dangerouslyAllowBrowser: true }) instanceof IntercomClient, baseUrl);
    }
  });

  await check("hosts: tokenUrl and uninstall's baseUrl to an internal host are refused before anything is sent", async () => {
    let sent = 0;
    const spy = () => (sent++, json({ token: "dG9r" }));
    for (const url of internal) {
      const e = await rejection(exchangeCode({ code: "c=", clientId, clientSecret, tokenUrl: `${url}/auth/eagle/token`, fetch: spy }));
      assert(isError(e, "invalid_argument") && e.message.startsWith("tokenUrl"), `${url} → ${e?.code}`);
      const e2 = await rejection(uninstall({ token, baseUrl: url, fetch: spy }));
      assert(isError(e2, "invalid_argument") && e2.message.startsWith("baseUrl"), `${url} → ${e2?.code}`);
    }
    assert(sent === 0, `${sent} requests sent to internal hosts`);
    if (browser) return;
    const ok = await exchangeCode({ code: "c=", clientId, clientSecret, tokenUrl: "https://10.0.0.1/token", allowPrivateHosts: true, fetch: spy });
    assert(ok.token === "dG9r" && sent === 1, "allowPrivateHosts did not allow");
  });

  await check("hosts: authorizeUrl sends admins only to Intercom's consent hosts, the local mock, or an explicit test host", async () => {
    for (const baseUrl of ["https://evil.example", "https://app.intercom.com.evil.example", "https://api.intercom.io", "https://169.254.169.254"]) {
      const e = thrown(() => authorizeUrl({ clientId, state: "s", baseUrl }));
      assert(isError(e, "invalid_argument") && e.message.startsWith("baseUrl"), `${baseUrl} → ${e?.code}`);
    }
    assert(authorizeUrl({ clientId, state: "s", baseUrl: "https://consent.test", allowCustomConsentHost: true }).startsWith("https://consent.test/oauth?"), "test host");
    assert(authorizeUrl({ clientId, state: "s", baseUrl: "https://app.eu.intercom.com" }).startsWith("https://app.eu.intercom.com/oauth?"), "eu");
    assert(authorizeUrl({ clientId, state: "s", baseUrl: config.url }).startsWith(`${config.url}/oauth?`), "local mock");
  });

  await check("receivers: an unbound method or a freed client is an IntercomError", async () => {
    const client = new IntercomClient({ ...base, token });
    const unbound = client.listAdmins;
    const e = thrown(() => unbound());
    assert(isError(e, "invalid_argument"), `unbound → ${e?.name} ${e?.code} ${e?.message}`);
    const e2 = thrown(() => client.request.call({}, { path: "/admins" }));
    assert(isError(e2, "invalid_argument"), `foreign this → ${e2?.name} ${e2?.code}`);
    client.free();
    const e3 = thrown(() => client.me());
    assert(isError(e3, "client_closed") && e3.action === "fix_request", `freed → ${e3?.name} ${e3?.code} ${e3?.message}`);
    const e4 = thrown(() => client.lastRateLimit);
    assert(isError(e4, "client_closed"), `freed getter → ${e4?.code}`);
  });

  return results;
}
