// Which kind of JS runtime this is, and its environment: reads of the runtime's globals
// (src/rim/runtime.rs), done here because each read from wasm is a crossing and a string.
// Server runtimes are recognised first by their own globals: a `window` is no guide (Deno
// has one). Also the WebCrypto chains of more than one step (rim/crypto.rs, rim/cipher.rs):
// one promise each, so the Rust future awaits once (in this file to keep three snippets).

// True in a browser page or a browser worker: places where a credential would be handed to
// every visitor. False in Node, Deno, Bun, workerd and Vercel Edge.
export function isBrowser() {
  // Each read on its own: a getter that throws reads as absent.
  const get = (o, k) => {
    try {
      return o[k];
    } catch {}
  };
  const object = (v) => typeof v === "object" && v !== null;
  const g = globalThis;
  const process = get(g, "process");
  const navigator = get(g, "navigator");
  const server =
    object(get(g, "Deno")) ||
    object(get(g, "Bun")) ||
    typeof get(g, "EdgeRuntime") === "string" ||
    (object(navigator) && get(navigator, "userAgent") === "Cloudflare-Workers") ||
    (object(process) && object(get(process, "versions")) && typeof get(get(process, "versions"), "node") === "string");
  if (server) return false;
  return (object(get(g, "document")) && object(get(g, "window"))) || typeof get(g, "importScripts") === "function";
}

// The runtime's own environment as a plain object: `process.env` (Node, Bun, Deno's
// compatibility layer) or `Deno.env.toObject()`. Empty where neither is readable (browsers;
// Deno without --allow-env), never an exception.
export function processEnv() {
  try {
    const env = globalThis.process.env;
    if (typeof env === "object" && env !== null) return env;
  } catch {}
  try {
    return globalThis.Deno.env.toObject();
  } catch {}
  return {};
}

// IntercomClient.fromEnv's options from environment variables (src/js/env.rs), read in one
// call: from wasm each variable was a crossing with its name copied out.
// Option ← variable, in order of preference: the first non-empty one sets an option.
const VARIABLES = [
  ["token", "INTERCOM_ACCESS_TOKEN"],
  ["token", "INTERCOM_API_KEY"],
  ["region", "INTERCOM_REGION"],
  ["version", "INTERCOM_VERSION"],
  ["baseUrl", "INTERCOM_BASE_URL"],
];

// The options object, `overrides` copied over it as Object.assign would. Otherwise: the name
// of a variable that cannot be read or is not a string (Rust reads it again to word the
// error), or false when `overrides` cannot be read.
export function envOptions(env, overrides) {
  const options = {};
  for (const [key, name] of VARIABLES) {
    if (key in options) continue;
    let value;
    try {
      value = env[name];
    } catch {
      return name;
    }
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") return name;
    if (value) options[key] = key === "region" ? value.toLowerCase() : value;
  }
  try {
    if (typeof overrides === "object" && overrides !== null) Object.assign(options, overrides);
  } catch {
    return false;
  }
  return options;
}

// Fills `out`, a view into the wasm memory, with random bytes. Only a WebCrypto with `subtle`
// counts (duck-typed: the Crypto class is not exposed everywhere); throws otherwise. Read
// here: from wasm, finding `globalThis.crypto` took four imports and two property reads.
export function randomValues(out) {
  const c = globalThis.crypto;
  if (typeof c.subtle !== "object" || c.subtle === null) throw new TypeError("no WebCrypto");
  c.getRandomValues(out);
}

// HMAC(key, message), key import and signing in one promise. Byte arguments are views into
// the wasm memory, which may move once Rust runs again: copied before anything is awaited.
export function hmacSign(hash, key, message) {
  const k = key.slice();
  const m = message.slice();
  return crypto.subtle.importKey("raw", k, { name: "HMAC", hash }, false, ["sign"]).then((c) => crypto.subtle.sign("HMAC", c, m));
}

// AES-256-GCM in one promise, under a key made from `secret`: HKDF-SHA256 with `salt` and
// `info` (sealed tokens), or else SHA-256 of it (open-sheet users). Resolves to the output
// bytes, or to null when decrypting fails its tag; rejects when WebCrypto does.
export function aesGcm(decrypt, hkdf, secret, salt, info, iv, aad, data) {
  const [k, s, n, v, a, d] = [secret, salt, info, iv, aad, data].map((b) => b.slice());
  const subtle = crypto.subtle;
  const aes = { name: "AES-GCM", length: 256 };
  const use = ["encrypt", "decrypt"];
  const key = hkdf
    ? subtle
        .importKey("raw", k, "HKDF", false, ["deriveKey"])
        .then((base) => subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: s, info: n }, base, aes, false, use))
    : subtle.digest("SHA-256", k).then((raw) => subtle.importKey("raw", raw, aes, false, use));
  return key.then((key) => {
    const params = { name: "AES-GCM", iv: v, tagLength: 128, additionalData: a };
    return decrypt ? subtle.decrypt(params, key, d).catch(() => null) : subtle.encrypt(params, key, d);
  });
}
