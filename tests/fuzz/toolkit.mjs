// Fuzz targets for the auth toolkit's exports (Messenger JWT, user_hash, Canvas Kit and
// sheets, webhooks, sealed tokens, App Store redirect): good values to reach the deep paths,
// mixed with hostile ones, as in boundary.mjs.

import { build, buildOptions, goodOrHostile, hostileRecipe } from "./hostile.mjs";

export const TOOLKIT_SECRETS = {
  messenger: "fuzz-messenger-secret-0a1b2c3d4e5f",
  seal: "fuzz-seal-key-00112233445566778899aabbccddeeff",
};

/** Request-like objects for receiveWebhook: real ones and every way a fake one can break. */
function requestOf(kind, body, signature) {
  const headers = new Headers(signature == null ? {} : { "x-hub-signature": signature });
  switch (kind) {
    case "real":
      return new Request("http://localhost/webhooks", { method: "POST", body, headers });
    case "head":
      return new Request("http://localhost/webhooks", { method: "HEAD" });
    case "array-buffer-not-a-promise":
      return { method: "POST", headers, arrayBuffer: () => 42 };
    case "array-buffer-throws":
      return {
        method: "POST",
        headers,
        arrayBuffer() {
          throw new Error("hostile arrayBuffer");
        },
      };
    case "array-buffer-rejects":
      return { method: "POST", headers, arrayBuffer: () => Promise.reject(new Error("body lost")) };
    case "array-buffer-detached": {
      const b = new ArrayBuffer(8);
      structuredClone(b, { transfer: [b] });
      return { method: "POST", headers, arrayBuffer: async () => b };
    }
    case "stream-errors":
      return new Request("http://localhost/webhooks", {
        method: "POST",
        headers,
        duplex: "half",
        body: new ReadableStream({ pull: (c) => c.error(new Error("stream broke")) }),
      });
    case "stream-not-bytes":
      return { method: "POST", headers, body: { getReader: () => ({ read: async () => ({ done: false, value: "text" }), cancel: () => 1 }) } };
    case "stream-reader-throws":
      return { method: "POST", headers, body: { getReader() { throw new Error("hostile reader"); } } };
    case "headers-throw":
      return {
        method: "POST",
        get headers() {
          throw new Error("hostile headers");
        },
        arrayBuffer: async () => new ArrayBuffer(2),
      };
    case "method-getter-throws":
      return {
        get method() {
          throw new Error("hostile method");
        },
      };
    default:
      return null;
  }
}

export function toolkitTargets({ pkg, fc, clientSecret, optionsOr }) {
  const { messenger, seal } = TOOLKIT_SECRETS;
  const good = {
    secret: fc.constantFrom(messenger, "", "short"),
    userId: fc.oneof(fc.constantFrom("u-1", "", "ü"), fc.integer(), fc.double()),
    email: fc.constantFrom("a@b.example", ""),
    seconds: fc.integer({ min: -10, max: 100_000 }),
    claims: fc.oneof(fc.constant({ plan: "pro" }), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), fc.constant({ exp: 1 })),
    now: fc.oneof(fc.integer({ min: 0, max: 2 ** 42 }), fc.double()),
    body: fc.oneof(fc.string({ maxLength: 80 }), fc.uint8Array({ maxLength: 64 }), fc.constant('{"type":"notification_event","topic":"ping","app_id":"a"}')),
    hex: fc.oneof(fc.constant("0".repeat(64)), fc.stringMatching(/^[0-9a-fA-F+ -]{60,66}$/)),
    clientSecret: fc.oneof(fc.constant(clientSecret), fc.constant([clientSecret, "other-secret"]), fc.constant({ mockapp01: clientSecret }), fc.constant([])),
    key: fc.constantFrom(seal, "too-short"),
    keyId: fc.constantFrom("default", "k2", "bad id", ""),
    bool: fc.boolean(),
    text: fc.string({ maxLength: 40 }),
  };
  return {
    "messengerJwt(options)": {
      arb: optionsOr({ secret: good.secret, userId: good.userId, email: good.email, expiresInSeconds: good.seconds, claims: good.claims, now: good.now }),
      run: (o) => pkg.messengerJwt(buildOptions(o)),
    },
    "verifyMessengerJwt(jwt, options)": {
      arb: fc.record({
        fresh: fc.boolean(),
        tamper: fc.constantFrom("none", "payload", "alg-none", "signature"),
        jwt: goodOrHostile(fc, fc.constantFrom("a.b.c", "", "eyJhbGciOiJub25lIn0.e30.")),
        o: optionsOr({ secret: good.secret, now: good.now, leewaySeconds: good.seconds }),
      }),
      run: async ({ fresh, tamper, jwt, o }) => {
        let token = build(jwt);
        if (fresh) {
          token = await pkg.messengerJwt({ secret: messenger, userId: "u-1", expiresInSeconds: 60 });
          const [h, p, s] = token.split(".");
          if (tamper === "payload") token = `${h}.${p.slice(0, -2)}AA.${s}`;
          if (tamper === "alg-none") token = `${btoa('{"alg":"none"}').replace(/=+$/, "")}.${p}.`;
          if (tamper === "signature") token = `${h}.${p}.${s.slice(0, -2)}AA`;
        }
        return pkg.verifyMessengerJwt(token, buildOptions(o));
      },
    },
    "userHash(options)": {
      arb: optionsOr({ secret: good.secret, userId: good.userId, email: good.email }),
      run: (o) => pkg.userHash(buildOptions(o)),
    },
    "verifyCanvasRequest(options)": {
      arb: optionsOr({ body: good.body, signature: good.hex, clientSecret: fc.constant(clientSecret), maxBodyBytes: fc.constantFrom(1024, 16, 1e9) }),
      run: (o) => pkg.verifyCanvasRequest(buildOptions(o)),
    },
    "decryptSheetUser(options)": {
      arb: optionsOr({
        intercomData: fc.oneof(fc.constant('{"user":"AAAA"}'), fc.constant({ user: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }), fc.constant("{")),
        user: fc.oneof(fc.base64String({ maxLength: 80 }), fc.string()),
        clientSecret: fc.constant(clientSecret),
      }),
      run: (o) => pkg.decryptSheetUser(buildOptions(o)),
    },
    "receiveWebhook(request, options)": {
      arb: fc.record({
        kind: fc.constantFrom("real", "real", "head", "array-buffer-not-a-promise", "array-buffer-throws", "array-buffer-rejects", "array-buffer-detached", "stream-errors", "stream-not-bytes", "stream-reader-throws", "headers-throw", "method-getter-throws", "hostile"),
        body: good.body,
        signature: fc.oneof(fc.constant(null), fc.constant(`sha1=${"0".repeat(40)}`), fc.constant(`sha1=${"+a".repeat(20)}`), fc.string()),
        request: hostileRecipe(fc),
        o: optionsOr({ clientSecret: good.clientSecret, maxBodyBytes: fc.constantFrom(1024, 16, 1e9, 5 * 1024 * 1024) }),
      }),
      run: ({ kind, body, signature, request, o }) => pkg.receiveWebhook(kind === "hostile" ? build(request) : requestOf(kind, body, signature), buildOptions(o)),
    },
    "sealToken(token, options) / openToken(sealed, options)": {
      arb: fc.record({
        token: goodOrHostile(fc, fc.constantFrom("dG9rOmFiYw==", "", "x".repeat(9000))),
        seal: optionsOr({ key: good.key, keyId: good.keyId }),
        open: optionsOr({ keys: fc.oneof(good.key, fc.constant({ default: seal, k2: seal }), fc.constant({ "bad id": seal })) }),
        tamper: fc.constantFrom("none", "flip", "other", "hostile"),
        other: hostileRecipe(fc),
      }),
      run: async ({ token, seal: so, open, tamper, other }) => {
        const sealed = await pkg.sealToken(build(token), buildOptions(so));
        const s = tamper === "flip" ? sealed.slice(0, -3) + "AAA" : tamper === "other" ? "v1.default.AAAA" : tamper === "hostile" ? build(other) : sealed;
        return pkg.openToken(s, buildOptions(open));
      },
    },
    "appStoreRedirect(options)": {
      arb: optionsOr({ ok: good.bool, message: good.text }),
      run: (o) => pkg.appStoreRedirect(buildOptions(o)),
    },
  };
}
