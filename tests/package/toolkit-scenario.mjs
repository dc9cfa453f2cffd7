// The auth toolkit (issue 9) in every runtime: Messenger JWT (checked against jose, an
// independent JOSE library), user_hash, Canvas signatures and sheet users against the shared
// vectors, receiveWebhook on real Requests, sealed tokens, and `action` on errors.
import { harness } from "./harness.mjs";
import * as jose from "./jose.mjs";

const utf8 = (s) => new TextEncoder().encode(s);
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const b64url = (s) => btoa(String.fromCharCode(...utf8(s))).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

// Our own signer for webhook bodies, straight from WebCrypto (not the package under test).
async function sha1Header(secret, body) {
  const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  return "sha1=" + hex(await crypto.subtle.sign("HMAC", key, utf8(body)));
}

export async function runToolkit(pkg, config) {
  const { messengerJwt, verifyMessengerJwt, userHash, verifyCanvasRequest, decryptSheetUser, receiveWebhook, sealToken,
    openToken, appStoreRedirect, IntercomClient, IntercomError } = pkg;
  const { results, check, assert, rejection, thrown } = harness();
  const v = config.vectors;
  const codeIs = (e, code, what) =>
    assert(e instanceof IntercomError && e.code === code, `${what}: ${e?.code ?? e} (wanted ${code})`);
  // A secret must not appear in anything a caller might log.
  const noLeak = (e, ...secrets) => {
    const shown = [e.message, e.hint, String(e), JSON.stringify(e), JSON.stringify(Object.entries(e))].join("\n");
    for (const s of secrets) assert(!shown.includes(s), `secret leaked into ${shown}`);
  };

  // --- Messenger identity ---
  await check("messengerJwt: the vectors byte for byte (claims order, Unicode, iat)", async () => {
    for (const c of v.messenger_jwt.cases) {
      const p = JSON.parse(c.payload_json);
      const { user_id, email, exp, ...claims } = p;
      // expiresInSeconds from a `now` that lands on the vector's exp.
      const jwt = await messengerJwt({ secret: c.secret, userId: user_id, email, claims, expiresInSeconds: 3600, now: (exp - 3600) * 1000 + 999 });
      assert(jwt === c.expected_jwt, `${c.name}: ${jwt}`);
    }
  });

  await check("messengerJwt → verified by jose; jose-signed → verifyMessengerJwt", async () => {
    const secret = "messenger-api-secret-0123456789";
    const key = utf8(secret);
    const jwt = await messengerJwt({ secret, userId: 42, email: "zoë@example.com", expiresInSeconds: 600, claims: { name: "Zoë 山田", plan: "pro" } });
    const { payload, protectedHeader } = await jose.jwtVerify(jwt, key, { algorithms: ["HS256"] });
    assert(protectedHeader.alg === "HS256" && protectedHeader.typ === "JWT", JSON.stringify(protectedHeader));
    assert(payload.user_id === "42" && payload.email === "zoë@example.com" && payload.name === "Zoë 山田", JSON.stringify(payload));
    assert(payload.exp - Math.floor(Date.now() / 1000) <= 600 && payload.exp - Math.floor(Date.now() / 1000) > 500, `exp ${payload.exp}`);
    const theirs = await new jose.SignJWT({ user_id: "u-7", email: "a@b.c", plan: "pro" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt().setExpirationTime("1h").sign(key);
    const ours = await verifyMessengerJwt(theirs, { secret });
    assert(ours.userId === "u-7" && ours.email === "a@b.c" && ours.claims.plan === "pro" && typeof ours.claims.iat === "number", JSON.stringify(ours));
    assert(!("user_id" in ours.claims) && typeof ours.exp === "number", JSON.stringify(ours));
    for (const c of v.messenger_jwt.cases) {
      const r = await verifyMessengerJwt(c.expected_jwt, { secret: c.secret, now: c.verify_now_unix * 1000 });
      assert(r.userId === JSON.parse(c.payload_json).user_id, c.name);
    }
  });

  await check("verifyMessengerJwt refuses alg none, other algs, bad MACs, garbage; expired is jwt_expired", async () => {
    const secret = "messenger-api-secret-A";
    const [h, p, s] = v.messenger_jwt.cases[0].expected_jwt.split(".");
    const none = `${b64url('{"alg":"none","typ":"JWT"}')}.${p}.`;
    const noneWithMac = `${b64url('{"alg":"none","typ":"JWT"}')}.${p}.${s}`;
    const hs384 = await new jose.SignJWT({ user_id: "1" }).setProtectedHeader({ alg: "HS384" }).sign(utf8(secret));
    const flipped = `${h}.${p}.${(s[0] === "A" ? "B" : "A") + s.slice(1)}`;
    const now = v.messenger_jwt.cases[0].verify_now_unix * 1000;
    for (const [what, jwt] of [["alg none", none], ["alg none + MAC", noneWithMac], ["HS384", hs384], ["flipped MAC", flipped],
      ["three dots of garbage", "a.b.c"], ["four parts", `${h}.${p}.${s}.x`], ["empty", ""]]) {
      const e = await rejection(verifyMessengerJwt(jwt, { secret, now }));
      codeIs(e, "jwt_invalid", what);
      noLeak(e, secret);
    }
    codeIs(await rejection(verifyMessengerJwt(v.messenger_jwt.cases[1].expected_jwt, { secret: "another-secret", now })), "jwt_invalid", "other secret");
    // The first and third vectors are past exp on the real clock.
    for (const c of [v.messenger_jwt.cases[0], v.messenger_jwt.cases[2]]) {
      const e = await rejection(verifyMessengerJwt(c.expected_jwt, { secret: c.secret }));
      codeIs(e, "jwt_expired", c.name);
      assert(e.action === "fix_request", e.action);
    }
    const late = (v.messenger_jwt.cases[0].verify_now_unix + 120) * 1000;
    await verifyMessengerJwt(v.messenger_jwt.cases[0].expected_jwt, { secret, now: late, leewaySeconds: 300 });
    const joseExpired = await new jose.SignJWT({ user_id: "1" }).setProtectedHeader({ alg: "HS256" }).setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(utf8(secret));
    codeIs(await rejection(verifyMessengerJwt(joseExpired, { secret })), "jwt_expired", "jose expired");
  });

  await check("messengerJwt / userHash input: empty secret, empty userId, reserved claims → invalid_argument", async () => {
    for (const [what, p] of [
      ["empty secret", messengerJwt({ secret: "", userId: "1" })],
      ["no userId", messengerJwt({ secret: "s3cret-value", email: "a@b.c" })],
      ["empty userId", messengerJwt({ secret: "s3cret-value", userId: "" })],
      ["fractional userId", messengerJwt({ secret: "s3cret-value", userId: 1.5 })],
      ["claims.exp", messengerJwt({ secret: "s3cret-value", userId: "1", claims: { exp: 1 } })],
      ["claims.user_id", messengerJwt({ secret: "s3cret-value", userId: "1", claims: { user_id: "2" } })],
      ["BigInt claim", messengerJwt({ secret: "s3cret-value", userId: "1", claims: { n: 1n } })],
      ["no options", messengerJwt()],
      ["userHash empty secret", userHash({ secret: "", userId: "1" })],
      ["userHash nothing to hash", userHash({ secret: "s3cret-value" })],
      ["verify non-string", verifyMessengerJwt(42, { secret: "s3cret-value" })],
    ]) {
      const e = await rejection(p);
      codeIs(e, "invalid_argument", what);
      noLeak(e, "s3cret-value");
    }
  });

  await check("userHash: the vectors and Intercom's published samples; userId wins over email", async () => {
    for (const c of v.user_hash.cases) {
      const opts = c.input_kind === "user_id" ? { userId: c.identifier, email: "ignored@example.com" } : { email: c.identifier };
      const h = await userHash({ secret: c.secret, ...opts });
      assert(h === c.expected_hex, `${c.name}: ${h}`);
    }
    for (const c of v.external_checks.hmac_sha256) {
      assert((await userHash({ secret: c.secret, userId: c.message })) === c.expected_hex, c.what);
    }
    assert((await userHash({ secret: "web-idv-secret-0001", userId: 12345 })) === v.user_hash.cases[0].expected_hex, "numeric userId");
  });

  // --- Canvas Kit and sheets ---
  await check("verifyCanvasRequest: the vectors as string, bytes and ArrayBuffer; re-serialised bodies and bad headers false", async () => {
    for (const c of v.canvas_signature.cases) {
      for (const body of [c.body, utf8(c.body), utf8(c.body).buffer]) {
        assert(await verifyCanvasRequest({ body, signature: c.expected_hex, clientSecret: c.secret }), `${c.name} rejected`);
      }
      assert(await verifyCanvasRequest({ body: c.body, signature: c.expected_hex.toUpperCase(), clientSecret: c.secret }), "upper-case hex");
      if (c.reserialized_body) {
        assert(!(await verifyCanvasRequest({ body: c.reserialized_body, signature: c.expected_hex, clientSecret: c.secret })), "re-serialised body verified");
        assert(!(await verifyCanvasRequest({ body: c.body, signature: c.reserialized_hex_must_not_verify, clientSecret: c.secret })), "re-serialised MAC verified");
      }
      for (const signature of [null, undefined, "", "nothex", c.expected_hex.slice(2), `sha256=${c.expected_hex}`]) {
        assert((await verifyCanvasRequest({ body: c.body, signature, clientSecret: c.secret })) === false, `signature ${signature}`);
      }
      assert(!(await verifyCanvasRequest({ body: c.body, signature: c.expected_hex, clientSecret: "other-secret" })), "other secret");
    }
    const e = await rejection(verifyCanvasRequest({ body: "{}", signature: "00", clientSecret: "" }));
    codeIs(e, "invalid_argument", "empty clientSecret");
    codeIs(await rejection(verifyCanvasRequest({ body: 42, signature: "00", clientSecret: "x" })), "invalid_argument", "number body");
  });

  await check("decryptSheetUser: the vectors (one-line and Ruby encode64), intercom_data JSON; tampered → sheet_invalid", async () => {
    for (const c of v.sheet_user.cases) {
      const want = JSON.parse(c.plaintext);
      for (const user of [c.expected_base64, c.same_blob_ruby_encode64]) {
        const got = await decryptSheetUser({ user, clientSecret: c.secret });
        assert(JSON.stringify(got) === JSON.stringify(want), `${c.name}: ${JSON.stringify(got)}`);
      }
      const intercomData = JSON.stringify({ workspace_id: "abc123", component_id: "open", user: c.expected_base64 });
      const got = await decryptSheetUser({ intercomData, clientSecret: c.secret });
      assert(JSON.stringify(got) === JSON.stringify(want), "via intercomData");
      const e = await rejection(decryptSheetUser({ user: c.tampered_base64_must_fail, clientSecret: c.secret }));
      codeIs(e, "sheet_invalid", "tampered");
      noLeak(e, c.secret);
      codeIs(await rejection(decryptSheetUser({ user: c.expected_base64, clientSecret: "another-client-secret" })), "sheet_invalid", "other secret");
    }
    for (const [what, o, code] of [
      ["short blob", { user: "AAAA", clientSecret: "x" }, "sheet_invalid"],
      ["not base64", { user: "%%%", clientSecret: "x" }, "sheet_invalid"],
      ["intercom_data not JSON", { intercomData: "{", clientSecret: "x" }, "sheet_invalid"],
      ["intercom_data without user", { intercomData: "{}", clientSecret: "x" }, "sheet_invalid"],
      ["nothing", { clientSecret: "x" }, "invalid_argument"],
      ["empty secret", { user: v.sheet_user.cases[0].expected_base64, clientSecret: "" }, "invalid_argument"],
    ]) {
      codeIs(await rejection(decryptSheetUser(o)), code, what);
    }
  });

  // --- Webhooks ---
  const hook = "http://127.0.0.1:9/webhooks";
  const post = (body, signature, method = "POST") =>
    new Request(hook, { method, body, headers: signature ? { "content-type": "application/json", "x-hub-signature": signature } : {} });
  const [pingCase, contactCase] = v.webhook_signature.cases;

  await check("receiveWebhook: HEAD check, signed ping and notification (vectors), fields", async () => {
    const check = await receiveWebhook(new Request(hook, { method: "HEAD" }), { clientSecret: pingCase.secret });
    assert(check.kind === "check" && Object.keys(check).length === 1, JSON.stringify(check));
    const ping = await receiveWebhook(post(pingCase.body, pingCase.expected_header), { clientSecret: pingCase.secret });
    assert(ping.kind === "ping" && ping.id === null && ping.topic === "ping" && ping.appId === "i6wc9ipe", JSON.stringify(ping));
    assert(ping.item.type === "ping" && ping.deliveryAttempts === 1 && ping.createdAt === 1553288147 && ping.raw.type === "notification_event", "ping fields");
    const n = await receiveWebhook(post(contactCase.body, contactCase.expected_header), { clientSecret: contactCase.secret });
    assert(n.kind === "notification" && n.id === "notif_1fdf450f-851a-4608-8fa6-31c818df2e94" && n.topic === "contact.user.created", JSON.stringify(n));
    assert(n.appId === "abc123def" && n.item.name === "Zoë 山田" && n.firstSentAt === 1768016966, JSON.stringify(n));
  });

  await check("receiveWebhook: tampered, unsigned, other secret → 401; wrong method → 405; not a notification → 400", async () => {
    const secret = contactCase.secret;
    const tampered = contactCase.body.replace("Zoë", "Zoe");
    for (const [what, req] of [
      ["tampered", post(tampered, contactCase.expected_header)],
      ["unsigned", post(contactCase.body, null)],
      ["sha256 header", post(contactCase.body, "sha256=" + "0".repeat(64))],
      ["re-serialised", post(JSON.stringify(JSON.parse(contactCase.body)), contactCase.expected_header)],
    ]) {
      const e = await rejection(receiveWebhook(req, { clientSecret: secret }));
      codeIs(e, "webhook_signature_invalid", what);
      assert(e.status === 401, `${what}: status ${e.status}`);
      noLeak(e, secret);
    }
    const e2 = await rejection(receiveWebhook(post(contactCase.body, contactCase.expected_header), { clientSecret: "another-secret" }));
    codeIs(e2, "webhook_signature_invalid", "other secret");
    for (const method of ["GET", "PUT", "DELETE"]) {
      const e = await rejection(receiveWebhook(new Request(hook, { method, ...(method === "GET" ? {} : { body: "{}" }) }), { clientSecret: secret }));
      codeIs(e, "webhook_invalid", method);
      assert(e.status === 405, `${method}: ${e.status}`);
    }
    for (const body of ['{"app_id":"abcd1234"}', "not json", '{"type":"notification_event"}']) {
      const e = await rejection(receiveWebhook(post(body, await sha1Header(secret, body)), { clientSecret: secret }));
      codeIs(e, "webhook_invalid", body);
      assert(e.status === 400, `${body}: ${e.status}`);
    }
    const huge = await rejection(receiveWebhook(post("x".repeat(5 * 1024 * 1024 + 1), "sha1=" + "0".repeat(40)), { clientSecret: secret }));
    codeIs(huge, "payload_too_large", "6 MiB body");
    assert(huge.status === 413, `huge: ${huge.status}`);
    codeIs(await rejection(receiveWebhook(post("{}", "sha1=00"), { clientSecret: "" })), "invalid_argument", "empty secret");
    codeIs(await rejection(receiveWebhook({}, { clientSecret: secret })), "invalid_argument", "not a Request");
  });

  await check("receiveWebhook: rotated secrets (any of a list) and per-app secrets", async () => {
    const body = contactCase.body;
    const sig = contactCase.expected_header;
    const n = await receiveWebhook(post(body, sig), { clientSecret: ["new-secret-not-yet-live", contactCase.secret] });
    assert(n.kind === "notification", "rotation list");
    const perApp = { abc123def: ["rotated-out", contactCase.secret], i6wc9ipe: pingCase.secret, other: "x-secret" };
    assert((await receiveWebhook(post(body, sig), { clientSecret: perApp })).appId === "abc123def", "per app");
    assert((await receiveWebhook(post(pingCase.body, pingCase.expected_header), { clientSecret: perApp })).kind === "ping", "per app ping");
    const wrongApp = { abc123def: "x-secret", i6wc9ipe: contactCase.secret };
    codeIs(await rejection(receiveWebhook(post(body, sig), { clientSecret: wrongApp })), "webhook_signature_invalid", "another app's secret");
    codeIs(await rejection(receiveWebhook(post(body, sig), { clientSecret: { unknown: contactCase.secret } })), "webhook_signature_invalid", "unknown app");
  });

  // --- Sealed tokens ---
  const key1 = "k1-0123456789abcdef0123456789abcdef";
  const key2 = "k2-fedcba9876543210fedcba9876543210";
  const token = "dG9rOmFjbWUtdXMtdmFsaWQ6MTIzNDU2Nzg5MA==";

  await check("sealToken / openToken: round trip, random IV, keyId in the clear, no token in the sealed string", async () => {
    const a = await sealToken(token, { key: key1 });
    const b = await sealToken(token, { key: key1 });
    assert(a !== b, "same sealed string twice: IV not random");
    assert(a.startsWith("v1.default.") && !a.includes(token) && !a.includes(key1), a);
    assert((await openToken(a, { keys: key1 })) === token, "round trip");
    const c = await sealToken("ünïcode-tøken", { key: key2, keyId: "2026-11" });
    assert(c.startsWith("v1.2026-11."), c);
    assert((await openToken(c, { keys: { "2026-11": key2 } })) === "ünïcode-tøken", "keyed round trip");
  });

  await check("a promise rejecting inside an export ends it with an IntercomError: WebCrypto → crypto_unavailable, body → 400", async () => {
    // The exports' promises are stepped by the package's own loop (rim/settle.rs), which reads
    // a rejection as a failed step; a raw rejection must never reach the caller.
    const refused = () => Promise.reject(new Error("refused by the test"));
    // `names` of `target` replaced by `value` (own properties over the prototype's) while `run` runs.
    const replacing = async (target, names, value, run) => {
      try {
        for (const name of names) Object.defineProperty(target, name, { value, configurable: true, writable: true });
        await run();
      } finally {
        for (const name of names) delete target[name];
      }
    };
    await replacing(crypto.subtle, ["sign", "encrypt"], refused, async () => {
      codeIs(await rejection(pkg.createState({ secret: key1, nonce: "nonce-abcdef" })), "crypto_unavailable", "createState");
      codeIs(await rejection(sealToken(token, { key: key1 })), "crypto_unavailable", "sealToken");
    });
    assert((await openToken(await sealToken(token, { key: key1 }), { keys: key1 })) === token, "WebCrypto back");
    // Randomness is read synchronously, before any promise: a throwing getRandomValues too.
    await replacing(crypto, ["getRandomValues"], () => { throw new Error("refused by the test"); }, async () => {
      codeIs(await rejection(pkg.createState({ secret: key1, nonce: "nonce-abcdef" })), "crypto_unavailable", "createState without randomness");
    });
    assert(typeof (await pkg.createState({ secret: key1, nonce: "nonce-abcdef" })) === "string", "randomness back");
    const real = post(pingCase.body, pingCase.expected_header);
    const broken = { method: "POST", url: real.url, headers: real.headers, arrayBuffer: refused };
    const e = await rejection(receiveWebhook(broken, { clientSecret: pingCase.secret }));
    assert(e instanceof IntercomError && e.code === "webhook_invalid" && e.status === 400, `${e?.code} ${e?.status} ${e?.message}`);
  });

  await check("an export started from a getter inside another export's options: both work", async () => {
    // The inner call's first step runs inside the outer one's (rim/settle.rs restores its state).
    let inner;
    const outer = await sealToken(token, { get key() { inner = sealToken(token, { key: key2 }); return key1; } });
    assert((await openToken(outer, { keys: key1 })) === token, "outer");
    assert((await openToken(await inner, { keys: key2 })) === token, "inner");
    let state;
    const s = await pkg.createState({ nonce: "nonce-abcdef", get secret() { state = pkg.createState({ secret: key2, nonce: "nonce-abcdef" }); return key1; } });
    assert((await pkg.verifyState(s, { secret: key1, nonce: "nonce-abcdef" })).issuedAt > 0 && (await pkg.verifyState(await state, { secret: key2, nonce: "nonce-abcdef" })).issuedAt > 0, "states");
  });

  await check("openToken: a string sealed by an earlier release still opens (stored tokens survive upgrades)", async () => {
    // Sealed by the package at 4031806, before HKDF and AES-GCM moved into one JS promise.
    const stored = "v1.2026-11.P28uj22s-u3J7X7G-ydczlT4-eVEif3D9tqvjbr1zhWXw9rQcVysr32rw8QXuvmbg4-CShgTU1JDrMX5Ko6OAeTdQek";
    assert((await openToken(stored, { keys: { "2026-11": key2 } })) === token, "earlier sealed string");
  });

  await check("openToken: tampered, wrong key, swapped keyId → token_seal_invalid; rotation opens old and new", async () => {
    const old = await sealToken(token, { key: key1, keyId: "old" });
    const fresh = await sealToken(token, { key: key2, keyId: "new" });
    const keys = { old: key1, new: key2 };
    assert((await openToken(old, keys && { keys })) === token && (await openToken(fresh, { keys })) === token, "rotation");
    const [ver, id, blob] = old.split(".");
    const flipped = `${ver}.${id}.${blob.slice(0, 20)}${blob[20] === "A" ? "B" : "A"}${blob.slice(21)}`;
    for (const [what, sealed, o] of [
      ["tampered", flipped, { keys }],
      ["wrong key", old, { keys: key2 }],
      ["unknown keyId", old, { keys: { new: key2 } }],
      ["keyId swapped", `${ver}.new.${blob}`, { keys }],
      ["garbage", "v1.x.%%%", { keys }],
      ["not sealed", token, { keys }],
    ]) {
      const e = await rejection(openToken(sealed, o));
      codeIs(e, "token_seal_invalid", what);
      noLeak(e, key1, key2, token);
    }
    for (const [what, p] of [
      ["short key", sealToken(token, { key: "short" })],
      ["empty token", sealToken("", { key: key1 })],
      ["bad keyId", sealToken(token, { key: key1, keyId: "a.b" })],
      ["short key in keys", openToken(old, { keys: { old: "short" } })],
      ["no keys", openToken(old, {})],
    ]) {
      const e = await rejection(p);
      codeIs(e, "invalid_argument", what);
      noLeak(e, key1, token, "short");
    }
  });

  // --- App Store and actions ---
  await check("appStoreRedirect: success, failure with an encoded message", async () => {
    assert(appStoreRedirect({ ok: true }) === "https://app.intercom.com/appstore/redirect?install_success=true", "ok");
    const u = new URL(appStoreRedirect({ ok: false, message: "Zoë's plan & seats: 0" }));
    assert(u.searchParams.get("install_success") === "false" && u.searchParams.get("error_message") === "Zoë's plan & seats: 0", u.href);
    codeIs(thrown(() => appStoreRedirect({})), "invalid_argument", "no ok");
  });

  await check("action on IntercomError and verifyConnection's { ok: false }, per error class", async () => {
    const t = config.tokens;
    const base = { baseUrl: config.url, dangerouslyAllowBrowser: true, maxRetries: 0 };
    for (const [token, action] of [[t.revoked, "reconnect"], [t.notFound, "reconnect"], ["dG9rOm5vLXN1Y2gtdG9rZW4=", "reconnect"],
      [t.expired, "reconnect"], [t.unauthorized, "grant_permission"],
      [t.suspended, "contact_support"], [t.blocked, "contact_support"], [t.flaky, "retry"]]) {
      const r = await new IntercomClient({ ...base, token }).verifyConnection();
      assert(r.ok === false && r.action === action && r.error.action === action, `${r.error?.code}: ${r.action}`);
    }
    const forbidden = await rejection(new IntercomClient({ ...base, token: t.noScope }).listAdmins());
    assert(forbidden.code === "forbidden" && forbidden.action === "grant_permission", `${forbidden.code} ${forbidden.action}`);
    const down = await rejection(new IntercomClient({ ...base, baseUrl: "http://127.0.0.1:9", token: t.us.valid }).listAdmins());
    assert(down.code === "network_error" && down.action === "retry", `${down.code} ${down.action}`);
    const bad = thrown(() => new IntercomClient({ token: 7 }));
    assert(bad.action === "fix_request", bad.action);
    const jwtErr = await rejection(verifyMessengerJwt("a.b.c", { secret: "s" }));
    assert(jwtErr.action === "fix_request", jwtErr.action);
  });

  return results;
}
