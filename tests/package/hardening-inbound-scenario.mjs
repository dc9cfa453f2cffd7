// What the package receives from outside, against a careful attacker (issue 25, part B), in
// every runtime: webhook and Canvas bodies read to a cap and refused cheaply when unsigned;
// the install flow bound to one browser (nonce required, __Host- cookie, no duplicate cookies,
// same-origin return paths, one use per browser, denial only after the state); no prototype
// taken from untrusted JSON. Plain JS: Requests are real where the runtime streams them, else
// Request-like objects with a real ReadableStream (Firefox has no streaming request bodies).
import { harness } from "./harness.mjs";

const utf8 = (s) => new TextEncoder().encode(s);
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

async function hmac(hash, secret, body) {
  const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, typeof body === "string" ? utf8(body) : body));
}

/** A body that never ends, 64 KiB a chunk, counting what was pulled and whether it was cancelled. */
function endless() {
  const chunk = new Uint8Array(64 * 1024).fill(0x7b);
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream({
    pull(c) {
      seen.pulled++;
      c.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, seen };
}

/** True where `new Request` takes a stream body (Node, Deno, Bun, workerd, Chromium). */
function streamingRequests() {
  try {
    let duplex = false;
    const r = new Request("http://127.0.0.1:9/", {
      method: "POST",
      body: new ReadableStream(),
      get duplex() {
        duplex = true;
        return "half";
      },
    });
    return duplex && !r.headers.has("content-type");
  } catch {
    return false;
  }
}

/** Settles within `ms`, or fails the case: an unbounded read of an endless body never settles. */
function within(ms, promise, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: did not settle in ${ms} ms (the body is being read whole)`)), ms);
    }),
  ]);
}

export async function runHardeningInbound(pkg, config, runtime) {
  const { receiveWebhook, verifyWebhook, verifyCanvasRequest, parseUninstallNotice, createState, verifyState, stateCookie,
    parseCallback, messengerJwt, verifyMessengerJwt, IntercomError } = pkg;
  const { results, check, assert, rejection, thrown } = harness();
  const codeIs = (e, code, what) =>
    assert(e instanceof IntercomError && e.code === code, `${what}: ${e?.code ?? e} ${e?.message ?? ""} (wanted ${code})`);
  const hook = "http://127.0.0.1:9/webhooks";
  const clientSecret = "webhook-client-secret-0123456789";
  const streams = streamingRequests();

  /** A POST whose body is `stream`: a real Request where streams are supported, else a Request-like object. */
  const streamed = (stream, headers) =>
    streams
      ? new Request(hook, { method: "POST", body: stream, duplex: "half", headers })
      : { method: "POST", url: hook, headers: new Headers(headers), body: stream };

  // --- webhooks: bounded, and cheap for an unsigned sender ---

  await check("receiveWebhook: an unsigned sender is refused (401) before its body is read", async () => {
    for (const headers of [{}, { "x-hub-signature": "sha256=" + "0".repeat(64) }, { "x-hub-signature": "sha1=nothex" }]) {
      const { stream, seen } = endless();
      const e = await within(5000, rejection(receiveWebhook(streamed(stream, headers), { clientSecret })), "unsigned");
      codeIs(e, "webhook_signature_invalid", JSON.stringify(headers));
      assert(e.status === 401, `status ${e.status}`);
      // A real Request may pre-pull one chunk into its own queue; the package reads none.
      assert(seen.pulled <= 1, `${seen.pulled} chunks pulled from an unsigned sender`);
    }
  });

  await check("receiveWebhook: a content-length over 5 MiB is payload_too_large (413) before reading", async () => {
    const { stream, seen } = endless();
    // A Request-like object: runtimes drop or recompute content-length on a real Request.
    const req = { method: "POST", url: hook, headers: new Headers({ "x-hub-signature": "sha1=" + "0".repeat(40), "content-length": String(200 * 1024 * 1024) }), body: stream };
    const e = await within(5000, rejection(receiveWebhook(req, { clientSecret })), "content-length");
    codeIs(e, "payload_too_large", "declared 200 MiB");
    assert(e.status === 413 && e.retryable === false && e.action === "fix_request", `${e.status} ${e.retryable} ${e.action}`);
    assert(seen.pulled === 0, `${seen.pulled} chunks pulled`);
  });

  await check("receiveWebhook: a body streaming past 5 MiB is refused while reading, the stream cancelled", async () => {
    const { stream, seen } = endless();
    const e = await within(15000, rejection(receiveWebhook(streamed(stream, { "x-hub-signature": "sha1=" + "0".repeat(40) }), { clientSecret })), "endless body");
    codeIs(e, "payload_too_large", "endless body");
    assert(e.status === 413, `status ${e.status}`);
    // 5 MiB is 80 chunks of 64 KiB; the reader stops at the first chunk past it (a real
    // Request's own queue may hold a few more).
    assert(seen.pulled <= 84, `${seen.pulled} chunks pulled`);
    if (!streams) assert(seen.cancelled, "the stream was not cancelled");
  });

  await check("receiveWebhook: maxBodyBytes changes the cap; a signed body under it is received", async () => {
    const body = JSON.stringify({ type: "notification_event", topic: "ping", app_id: "a1", data: { item: { pad: "x".repeat(2000) } } });
    const signature = "sha1=" + hex(await hmac("SHA-1", clientSecret, body));
    const post = () => new Request(hook, { method: "POST", body, headers: { "x-hub-signature": signature } });
    codeIs(await rejection(receiveWebhook(post(), { clientSecret, maxBodyBytes: 1024 })), "payload_too_large", "1 KiB cap");
    assert((await receiveWebhook(post(), { clientSecret })).kind === "ping", "default cap");
    codeIs(await rejection(receiveWebhook(post(), { clientSecret, maxBodyBytes: 10 })), "invalid_argument", "a cap under 1 KiB");
  });

  await check("receiveWebhook: the HMAC is checked before any JSON parse", async () => {
    const body = JSON.stringify({ type: "notification_event", topic: "contact.created", app_id: "a1", data: { item: { id: "1" } } });
    const realParse = JSON.parse;
    let parses = 0;
    JSON.parse = function (...args) {
      parses++;
      return realParse.apply(this, args);
    };
    try {
      const e = await rejection(receiveWebhook(new Request(hook, { method: "POST", body, headers: { "x-hub-signature": "sha1=" + "0".repeat(40) } }), { clientSecret }));
      codeIs(e, "webhook_signature_invalid", "forged MAC");
      assert(parses === 0, `the unsigned body was parsed ${parses} time(s)`);
      const perApp = { a1: clientSecret, other: "another-app-secret-0123456789" };
      codeIs(await rejection(receiveWebhook(new Request(hook, { method: "POST", body, headers: { "x-hub-signature": "sha1=" + "0".repeat(40) } }), { clientSecret: perApp })), "webhook_signature_invalid", "per app, forged");
      assert(parses === 0, `the unsigned body was parsed ${parses} time(s) with secrets per app`);
    } finally {
      JSON.parse = realParse;
    }
    // Signed: parsed once, and per-app secrets still pick the app from the body.
    const signature = "sha1=" + hex(await hmac("SHA-1", clientSecret, body));
    const ok = await receiveWebhook(new Request(hook, { method: "POST", body, headers: { "x-hub-signature": signature } }), { clientSecret: { a1: clientSecret } });
    assert(ok.appId === "a1" && ok.item.id === "1", JSON.stringify(ok));
    codeIs(await rejection(receiveWebhook(new Request(hook, { method: "POST", body, headers: { "x-hub-signature": signature } }), { clientSecret: { other: clientSecret } })), "webhook_signature_invalid", "signed for another app");
  });

  await check("verifyWebhook, verifyCanvasRequest, parseUninstallNotice: bodies over their caps are refused", async () => {
    const big = "x".repeat(5 * 1024 * 1024 + 1);
    const sig = "sha1=" + hex(await hmac("SHA-1", clientSecret, big));
    assert((await verifyWebhook({ body: big, signature: sig, clientSecret })) === false, "a 5 MiB + 1 webhook body verified");
    assert((await verifyWebhook({ body: utf8(big), signature: sig, clientSecret })) === false, "as bytes");
    const canvas = JSON.stringify({ canvas: "x".repeat(1024 * 1024) });
    const canvasSig = hex(await hmac("SHA-256", clientSecret, canvas));
    const e = await rejection(verifyCanvasRequest({ body: canvas, signature: canvasSig, clientSecret }));
    codeIs(e, "payload_too_large", "2 MiB canvas body");
    assert(e.status === 413, `status ${e.status}`);
    assert((await verifyCanvasRequest({ body: canvas, signature: canvasSig, clientSecret, maxBodyBytes: 2 * 1024 * 1024 })) === true, "maxBodyBytes");
    codeIs(await rejection(verifyCanvasRequest({ body: canvas, signature: null, clientSecret })), "payload_too_large", "unsigned, over the cap");
    assert((await verifyCanvasRequest({ body: "{}", signature: null, clientSecret })) === false, "unsigned under the cap stays false");
    const notice = JSON.stringify({ app_id: "abc", pad: "x".repeat(1024 * 1024) });
    codeIs(thrown(() => parseUninstallNotice(notice)), "payload_too_large", "1 MiB uninstall notice");
    assert(parseUninstallNotice('{"app_id":"abc"}').appId === "abc", "a real notice");
  });

  // --- the install flow, bound to one browser ---
  const secret = "state-secret-0123456789abcdef";
  const nonce = "n0nce-" + Math.random().toString(36).slice(2, 12);
  const cb = "https://app.example/oauth/callback";
  const withCookie = (url, cookie) => ({ url, headers: new Headers({ cookie }) });

  await check("createState needs a nonce unless unsafeNoBrowserBinding; an unbound state verifies only with the opt-out", async () => {
    const e = await rejection(createState({ secret }));
    codeIs(e, "invalid_argument", "no nonce");
    assert(/unsafeNoBrowserBinding/.test(e.message), e.message);
    const unbound = await createState({ secret, unsafeNoBrowserBinding: true });
    codeIs(await rejection(verifyState(unbound, { secret })), "oauth_state_mismatch", "verifyState, no cookie");
    codeIs(await rejection(parseCallback(`${cb}?code=c&state=${unbound}`, { secret })), "oauth_state_mismatch", "parseCallback, no cookie");
    codeIs(await rejection(parseCallback(withCookie(`${cb}?code=c&state=${unbound}`, `__Host-intercom_oauth_nonce=${nonce}`), { secret })), "oauth_state_mismatch", "parseCallback, any cookie");
    assert((await verifyState(unbound, { secret, unsafeNoBrowserBinding: true })).issuedAt > 0, "opted out");
    assert((await parseCallback(`${cb}?code=c&state=${unbound}`, { secret, unsafeNoBrowserBinding: true })).code === "c", "opted out");
  });

  await check("stateCookie is __Host- by default; a path or secure: false falls back to the plain name", async () => {
    assert(stateCookie(nonce) === `__Host-intercom_oauth_nonce=${nonce}; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Lax`, stateCookie(nonce));
    assert(stateCookie(nonce, { path: "/oauth" }).startsWith(`intercom_oauth_nonce=${nonce}; Max-Age=600; Path=/oauth; HttpOnly; Secure`), "path");
    assert(!/Secure|__Host-/.test(stateCookie(nonce, { secure: false })), "secure: false");
    const state = await createState({ secret, nonce });
    // The plain name (settable from a sibling subdomain) does not stand in for the __Host- one.
    codeIs(await rejection(parseCallback(withCookie(`${cb}?code=c&state=${state}`, `intercom_oauth_nonce=${nonce}`), { secret })), "oauth_state_mismatch", "plain name by default");
    assert((await parseCallback(withCookie(`${cb}?code=c&state=${state}`, `intercom_oauth_nonce=${nonce}`), { secret, path: "/oauth" })).code === "c", "plain name with path");
  });

  await check("two nonce cookies of one name are refused, not first-wins", async () => {
    const attacker = "attacker-nonce-0001";
    const state = await createState({ secret, nonce: attacker });
    for (const [name, opts] of [["__Host-intercom_oauth_nonce", {}], ["intercom_oauth_nonce", { secure: false }]]) {
      const cookie = `${name}=${attacker}; ${name}=${nonce}`;
      codeIs(await rejection(parseCallback(withCookie(`${cb}?code=c&state=${state}`, cookie), { secret, ...opts })), "oauth_state_mismatch", `${name} twice`);
    }
  });

  await check("data must be a same-origin path; other origins only on allowedOrigins", async () => {
    for (const data of ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "/a\r\nSet-Cookie: x=1", " //evil.example", "/\t/evil.example", "settings"]) {
      codeIs(await rejection(createState({ secret, nonce, data })), "invalid_argument", JSON.stringify(data));
    }
    const ok = await createState({ secret, nonce, data: "/settings?x=1" });
    assert((await verifyState(ok, { secret, nonce })).data === "/settings?x=1", "same-origin path");
    const allowed = ["https://app.example"];
    const other = await createState({ secret, nonce, data: "https://app.example/done", allowedOrigins: allowed });
    assert((await verifyState(other, { secret, nonce, allowedOrigins: allowed })).data === "https://app.example/done", "allowed origin");
    codeIs(await rejection(verifyState(other, { secret, nonce })), "oauth_state_invalid", "allowed at creation, not when checked");
    codeIs(await rejection(createState({ secret, nonce, data: "https://app.example.evil/x", allowedOrigins: allowed })), "invalid_argument", "look-alike origin");
    codeIs(await rejection(createState({ secret, nonce, data: "/x", allowedOrigins: ["javascript:alert(1)"] })), "invalid_argument", "a non-http origin");
  });

  await check("parseCallback returns the Set-Cookie that clears the nonce; without it the callback does not verify again", async () => {
    const state = await createState({ secret, nonce });
    const url = `${cb}?code=c0de%3D&state=${state}`;
    const first = await parseCallback(withCookie(url, `__Host-intercom_oauth_nonce=${nonce}`), { secret });
    assert(first.code === "c0de=", first.code);
    assert(first.setCookie === "__Host-intercom_oauth_nonce=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax", first.setCookie);
    const local = await parseCallback(withCookie(url, `intercom_oauth_nonce=${nonce}`), { secret, secure: false });
    assert(local.setCookie === "intercom_oauth_nonce=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax", local.setCookie);
    // The browser applied setCookie: the same URL replayed there carries no nonce.
    codeIs(await rejection(parseCallback(withCookie(url, "theme=dark"), { secret })), "oauth_state_mismatch", "replayed");
  });

  await check("a denial is believed only after the state verified; error_description loses its control characters", async () => {
    const forged = `${cb}?error=access_denied&error_description=${encodeURIComponent("x")}`;
    codeIs(await rejection(parseCallback(forged, { secret, nonce })), "oauth_state_invalid", "denial without a state");
    codeIs(await rejection(parseCallback(`${forged}&state=AAAA.AAAA`, { secret, nonce })), "oauth_state_invalid", "denial with a forged state");
    const state = await createState({ secret, nonce });
    const other = "someone-elses-nonce";
    codeIs(await rejection(parseCallback(`${forged}&state=${state}`, { secret, nonce: other })), "oauth_state_mismatch", "denial for another browser");
    const evil = "no\r\nX-Injected: 1\u0000\u202egnp.exe";
    const e = await rejection(parseCallback(`${cb}?error=access_denied&error_description=${encodeURIComponent(evil)}&state=${state}`, { secret, nonce }));
    codeIs(e, "oauth_denied", "a real denial");
    assert(!/[\u0000-\u001f\u007f\u202e]/.test(e.message), `control characters in ${JSON.stringify(e.message)}`);
    assert(e.message.includes("noX-Injected: 1gnp.exe"), e.message);
  });

  // --- prototype pollution ---

  await check("verifyMessengerJwt: a __proto__ claim stays an own key, never the prototype", async () => {
    const mSecret = "messenger-api-secret-0123456789";
    const header = b64url(utf8('{"alg":"HS256","typ":"JWT"}'));
    const payload = b64url(utf8('{"user_id":"u1","__proto__":{"admin":true},"plan":"pro"}'));
    const jwt = `${header}.${payload}.${b64url(await hmac("SHA-256", mSecret, `${header}.${payload}`))}`;
    const v = await verifyMessengerJwt(jwt, { secret: mSecret });
    assert(v.userId === "u1" && v.claims.plan === "pro", JSON.stringify(v));
    assert(Object.getPrototypeOf(v.claims) === Object.prototype, "the claim became the prototype");
    assert(v.claims.admin === undefined, "claims.admin inherited from the token");
    assert(Object.prototype.hasOwnProperty.call(v.claims, "__proto__"), "the __proto__ claim was lost");
    assert(JSON.stringify(v.claims) === '{"__proto__":{"admin":true},"plan":"pro"}', JSON.stringify(v.claims));
    assert({}.admin === undefined, "Object.prototype polluted");
  });

  await check("messengerJwt refuses a __proto__ claim", async () => {
    const claims = JSON.parse('{"__proto__":{"admin":true}}');
    const e = await rejection(messengerJwt({ secret: "messenger-api-secret-0123456789", userId: "u1", claims }));
    codeIs(e, "invalid_argument", "__proto__ claim");
  });

  return results;
}
