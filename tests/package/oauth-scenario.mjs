// The OAuth install flow and webhook checks (issue 4), in every runtime, against the mock.
// Browsers run what is secret-free there (state, callback parsing) and must refuse the
// code exchange; server runtimes run the whole flow.
import { harness } from "./harness.mjs";

export async function runOAuth(pkg, config, runtime) {
  const { authorizeUrl, createState, verifyState, stateCookie, parseCallback, exchangeCode, uninstall, verifyIdentity,
    verifyWebhook, parseUninstallNotice, IntercomClient, IntercomError } = pkg;
  const { results, check, assert, rejection, thrown } = harness();
  const browser = /^(chromium|firefox)-/.test(runtime);
  const secret = "state-secret-0123456789abcdef";
  const { client_id: clientId, client_secret: clientSecret } = config.oauth;
  const redirectUri = "http://localhost:8787/oauth/callback";
  const nonce = "n0nce-" + Math.random().toString(36).slice(2, 12);
  const codeOf = async (e) => (await e)?.code;

  // Authorize → consent (Authorize pressed) → the callback URL Intercom would redirect to.
  const consent = async (state, decision = "authorize", workspace = "us") => {
    const url = new URL(authorizeUrl({ clientId, state, redirectUri, baseUrl: config.url }));
    url.searchParams.set("__consent", decision);
    url.searchParams.set("workspace", workspace);
    const res = await fetch(url, { redirect: "manual" });
    assert(res.status === 302, `consent answered ${res.status}`);
    return res.headers.get("location");
  };

  await check("authorizeUrl: host per region, params encoded, redirect URI rules", async () => {
    const u = new URL(authorizeUrl({ clientId: "id 1", state: "s&t=1", redirectUri: "https://app.example/cb?x=1" }));
    assert(u.origin === "https://app.intercom.com" && u.pathname === "/oauth", u.href);
    assert(u.searchParams.get("client_id") === "id 1" && u.searchParams.get("state") === "s&t=1", u.search);
    assert(u.searchParams.get("redirect_uri") === "https://app.example/cb?x=1", u.search);
    assert(authorizeUrl({ clientId: "c", state: "s", region: "eu" }).startsWith("https://app.eu.intercom.com/oauth?"), "eu");
    assert(authorizeUrl({ clientId: "c", state: "s", region: "au" }).startsWith("https://app.au.intercom.com/oauth?"), "au");
    assert(authorizeUrl({ clientId: "c", state: "s", redirectUri: "http://127.0.0.1:3000/cb" }).includes("redirect_uri="), "loopback http");
    for (const bad of ["http://app.example/cb", "ftp://x/cb", "javascript:alert(1)", "/relative"]) {
      const e = thrown(() => authorizeUrl({ clientId: "c", state: "s", redirectUri: bad }));
      assert(e instanceof IntercomError && e.code === "invalid_argument", `${bad} → ${e.code}`);
    }
  });

  await check("state: round trip with data and nonce; cookie is __Host-, HttpOnly, Secure, SameSite=Lax", async () => {
    const state = await createState({ secret, data: "/settings?tab=intercom", nonce });
    assert(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(state), `not URL-safe: ${state}`);
    const v = await verifyState(state, { secret, nonce });
    assert(v.data === "/settings?tab=intercom" && Math.abs(v.issuedAt - Date.now()) < 60_000, JSON.stringify(v));
    const cookie = stateCookie(nonce);
    assert(cookie === `__Host-intercom_oauth_nonce=${nonce}; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Lax`, cookie);
    const local = stateCookie(nonce, { secure: false });
    assert(local === `intercom_oauth_nonce=${nonce}; Max-Age=600; Path=/; HttpOnly; SameSite=Lax`, local);
    const states = new Set(await Promise.all([1, 2, 3].map(() => createState({ secret, nonce }))));
    assert(states.size === 3, "states repeat: randomness missing");
  });

  await check("state attacks: forged, tampered, other secret, expired, other nonce, replay after expiry", async () => {
    const state = await createState({ secret, nonce, ttlSeconds: 60 });
    const [payload, mac] = state.split(".");
    const flip = (s) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const cases = [
      ["forged", "eyJhbGciOiJub25lIn0.c2lnbmF0dXJl", { secret, nonce }, "oauth_state_invalid"],
      ["tampered payload", `${flip(payload)}.${mac}`, { secret, nonce }, "oauth_state_invalid"],
      ["tampered mac", `${payload}.${flip(mac)}`, { secret, nonce }, "oauth_state_invalid"],
      ["other secret", state, { secret: "another-secret-0123456789", nonce }, "oauth_state_invalid"],
      ["expired", state, { secret, nonce, now: Date.now() + 61_000 }, "oauth_state_expired"],
      ["replayed after expiry", state, { secret, nonce, now: Date.now() + 3_600_000 }, "oauth_state_expired"],
      ["other nonce", state, { secret, nonce: "someone-elses-nonce" }, "oauth_state_mismatch"],
      ["no nonce", state, { secret }, "oauth_state_mismatch"],
      ["garbage", "%%%", { secret }, "oauth_state_invalid"],
    ];
    for (const [name, s, opts, want] of cases) {
      const e = await rejection(verifyState(s, opts));
      assert(e instanceof IntercomError && e.code === want, `${name}: ${e.code}`);
      assert(!JSON.stringify(e).includes(secret) && !String(e.message).includes(secret), `${name}: secret leaked`);
    }
    const short = await rejection(createState({ secret: "short" }));
    assert(short.code === "invalid_argument", "a short secret was accepted");
  });

  await check("parseCallback: code byte-exact (trailing '=', '+'), denied, missing code", async () => {
    const state = await createState({ secret, nonce, data: "/back" });
    const cb = await parseCallback(`${redirectUri}?code=ab+c%2Bd%3D=&state=${state}`, { secret, nonce });
    assert(cb.code === "ab+c+d==" && cb.state === state && cb.data === "/back", JSON.stringify(cb));
    const denied = await rejection(parseCallback(`${redirectUri}?error=access_denied&state=${state}`, { secret, nonce }));
    assert(denied.code === "oauth_denied", denied.code);
    // A status a worker can answer with as it is, and the action the hint describes.
    assert(denied.status === 403 && denied.action === "reconnect", `${denied.status} ${denied.action}`);
    assert(cb.setCookie === "__Host-intercom_oauth_nonce=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax", cb.setCookie);
    const missing = await rejection(parseCallback(`${redirectUri}?state=${state}`, { secret, nonce }));
    assert(missing.code === "oauth_code_missing", missing.code);
    assert(missing.status === 400 && missing.action === "fix_request", `${missing.status} ${missing.action}`);
    const mismatch = await rejection(parseCallback(`${redirectUri}?code=c&state=${state}`, { secret, nonce: "another-browser-nonce" }));
    assert(mismatch.code === "oauth_state_mismatch" && mismatch.status === 400 && mismatch.action === "reconnect", `${mismatch.code} ${mismatch.status} ${mismatch.action}`);
    // The nonce comes from the Request's cookie when not given (servers only: browsers drop
    // a Cookie header set on a Request).
    if (browser) return;
    const req = new Request(`${redirectUri}?code=x%3D&state=${state}`, { headers: { cookie: `a=1; __Host-intercom_oauth_nonce=${nonce}` } });
    assert((await parseCallback(req, { secret })).code === "x=", "cookie nonce");
    const plain = new Request(`${redirectUri}?code=x%3D&state=${state}`, { headers: { cookie: `a=1; intercom_oauth_nonce=${nonce}` } });
    assert((await parseCallback(plain, { secret, secure: false })).code === "x=", "plain cookie nonce (secure: false)");
    const other = new Request(`${redirectUri}?code=x&state=${state}`, { headers: { cookie: "__Host-intercom_oauth_nonce=someone-elses-nonce" } });
    assert((await codeOf(rejection(parseCallback(other, { secret })))) === "oauth_state_mismatch", "cookie of another browser");
  });

  await check("webhooks: good, tampered body, wrong secret, missing and malformed header", async () => {
    // Signed by the mock exactly as Intercom signs deliveries (HMAC-SHA1, client secret).
    const { body, signature } = config.webhook;
    assert((await verifyWebhook({ body, signature, clientSecret })) === true, "good signature refused");
    assert((await verifyWebhook({ body: new TextEncoder().encode(body), signature, clientSecret })) === true, "Uint8Array body");
    assert((await verifyWebhook({ body: new TextEncoder().encode(body).buffer, signature, clientSecret })) === true, "ArrayBuffer body");
    for (const [name, opts] of [
      ["tampered body", { body: body.replace("contact", "company"), signature, clientSecret }],
      ["wrong secret", { body, signature, clientSecret: "not-the-secret" }],
      ["missing header", { body, signature: null, clientSecret }],
      ["malformed header", { body, signature: "sha256=" + signature.slice(5), clientSecret }],
      ["short header", { body, signature: signature.slice(0, 20), clientSecret }],
      ["no body", { signature, clientSecret }],
      ["odd body", { body: 42, signature, clientSecret }],
    ]) {
      assert((await verifyWebhook(opts)) === false, `${name} accepted`);
    }
    assert((await verifyWebhook(undefined)) === false, "undefined options");
    assert(parseUninstallNotice('{"app_id":"mockapp01"}').appId === "mockapp01", "uninstall notice");
    assert(thrown(() => parseUninstallNotice("{}")).code === "invalid_argument", "empty notice");
  });

  if (browser) {
    await check("browser: exchangeCode refuses (the client secret must stay server side)", async () => {
      const e = await rejection(exchangeCode({ code: "c=", clientId, clientSecret, tokenUrl: `${config.url}/auth/eagle/token` }));
      assert(e instanceof IntercomError && e.code === "browser_not_allowed", e.code);
      assert(!JSON.stringify(e).includes(clientSecret) && !e.message.includes(clientSecret), "secret leaked");
    });
    return results;
  }

  await check("happy path: authorize → consent → callback → exchange → me → verifyIdentity", async () => {
    const state = await createState({ secret, nonce, data: "/done" });
    const location = await consent(state);
    const raw = new URL(location).search;
    assert(/code=[^&]*=(&|$)/.test(raw), `code without a trailing '=': ${raw}`);
    const cb = await parseCallback(location, { secret, nonce });
    assert(cb.code.endsWith("=") && cb.data === "/done", JSON.stringify({ ...cb, code: "…" }));
    const token = await exchangeCode({ code: cb.code, clientId, clientSecret, redirectUri, tokenUrl: `${config.url}/auth/eagle/token` });
    assert(typeof token.token === "string" && token.token.length > 10 && token.tokenType === "Bearer", "no token");
    assert(JSON.stringify(token) === '{"tokenType":"Bearer"}', `token visible in JSON: ${JSON.stringify(token)}`);
    const me = await new IntercomClient({ token: token.token, baseUrl: config.url }).me();
    assert(me.app.region === "US", JSON.stringify(me.app));
    verifyIdentity(me);
    assert(thrown(() => verifyIdentity({ ...me, email_verified: false })).code === "email_not_verified", "unverified accepted");
    assert(thrown(() => verifyIdentity(null)).code === "email_not_verified", "null accepted");
  });

  await check("exchange: code reuse, wrong secret and expired code → oauth_code_invalid with hint", async () => {
    const tokenUrl = `${config.url}/auth/eagle/token`;
    const cb = await parseCallback(await consent(await createState({ secret, nonce })), { secret, nonce });
    await exchangeCode({ code: cb.code, clientId, clientSecret, tokenUrl });
    const reuse = await rejection(exchangeCode({ code: cb.code, clientId, clientSecret, tokenUrl }));
    assert(reuse.code === "oauth_code_invalid" && reuse.status === 401 && /5 minutes/.test(reuse.hint), `${reuse.code} ${reuse.hint}`);
    const cb2 = await parseCallback(await consent(await createState({ secret, nonce })), { secret, nonce });
    const wrong = await rejection(exchangeCode({ code: cb2.code, clientId, clientSecret: "wrong-secret", tokenUrl }));
    assert(wrong.code === "oauth_code_invalid", wrong.code);
    for (const e of [reuse, wrong]) {
      assert(!JSON.stringify(e).includes(clientSecret) && !e.message.includes(clientSecret) && !e.hint.includes(clientSecret), "secret leaked");
    }
    const trimmed = await parseCallback(await consent(await createState({ secret, nonce })), { secret, nonce });
    const lost = await rejection(exchangeCode({ code: trimmed.code.replace(/=+$/, ""), clientId, clientSecret, tokenUrl }));
    assert(lost.code === "oauth_code_invalid", "a code without its '=' was accepted");
  });

  await check("exchange: the secret travels only in the form body, never in a URL; never retried", async () => {
    const seen = [];
    const spy = (url, init) => {
      seen.push({ url: String(url), init });
      return fetch(url, init);
    };
    const cb = await parseCallback(await consent(await createState({ secret, nonce })), { secret, nonce });
    await exchangeCode({ code: cb.code, clientId, clientSecret, redirectUri, tokenUrl: `${config.url}/auth/eagle/token`, fetch: spy });
    assert(seen.length === 1 && !seen[0].url.includes(clientSecret) && !seen[0].url.includes("?"), seen[0]?.url);
    assert(seen[0].init.method === "POST" && seen[0].init.headers["Content-Type"] === "application/x-www-form-urlencoded", "form POST");
    const form = new URLSearchParams(seen[0].init.body);
    assert(form.get("client_secret") === clientSecret && form.get("code") === cb.code && form.get("grant_type") === "authorization_code", seen[0].init.body.replace(clientSecret, "…"));
    assert(form.get("redirect_uri") === redirectUri, "redirect_uri");
    const failing = [];
    const down = (url) => {
      failing.push(url);
      return Promise.resolve(new Response('{"type":"error.list","request_id":null,"errors":[{"code":"service_unavailable","message":"Service Unavailable"}]}', { status: 503 }));
    };
    const e = await rejection(exchangeCode({ code: "c=", clientId, clientSecret, tokenUrl: `${config.url}/auth/eagle/token`, fetch: down }));
    assert(e.status === 503 && failing.length === 1, `attempts ${failing.length}`);
  });

  await check("uninstall: the token is revoked; later calls are 401 token_revoked", async () => {
    const cb = await parseCallback(await consent(await createState({ secret, nonce }), "authorize", "eu"), { secret, nonce });
    const { token } = await exchangeCode({ code: cb.code, clientId, clientSecret, tokenUrl: `${config.url}/auth/eagle/token` });
    const client = new IntercomClient({ token, baseUrl: config.url });
    assert((await client.detectRegion()) === "eu", "EU workspace");
    await uninstall({ token, baseUrl: config.url });
    const e = await rejection(client.listAdmins());
    assert(e.code === "token_revoked" && e.status === 401, e.code);
  });

  return results;
}
