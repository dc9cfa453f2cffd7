// Hostile JS values for the boundary fuzzer. fast-check generates *recipes* (plain data it
// can print and shrink); `build` turns a recipe into the value, fresh for every call, so a
// counterexample reads like "proxy-throws" rather than an unprintable Proxy.

const TEN_MB = "x".repeat(10 * 1024 * 1024);
const boom = (what) => () => {
  throw new Error(`hostile ${what}`);
};
const allTraps = (what) =>
  Object.fromEntries(
    ["get", "set", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf", "defineProperty", "deleteProperty", "apply", "construct", "isExtensible", "preventExtensions", "setPrototypeOf"].map((t) => [t, boom(`${what}.${t}`)]),
  );

/** Values no well-behaved caller passes, by name. */
export const specials = {
  symbol: () => Symbol("hostile"),
  "well-known-symbol": () => Symbol.iterator,
  bigint: () => 12345678901234567890n,
  "proxy-throws": () => new Proxy({}, allTraps("proxy")),
  "proxy-fn-throws": () => new Proxy(function () {}, allTraps("fn-proxy")),
  "proxy-array-throws": () => new Proxy([1, 2], allTraps("array-proxy")),
  "revoked-proxy": () => {
    const r = Proxy.revocable({}, {});
    r.revoke();
    return r.proxy;
  },
  cyclic: () => {
    const o = { type: "admin", id: "1" };
    o.self = o;
    o.list = [o];
    return o;
  },
  "getter-throws": () => ({
    get token() {
      throw new Error("hostile getter");
    },
    get path() {
      throw new Error("hostile getter");
    },
    get secret() {
      throw new Error("hostile getter");
    },
  }),
  "to-primitive-throws": () => ({ [Symbol.toPrimitive]: boom("toPrimitive"), toString: boom("toString"), valueOf: boom("valueOf"), toJSON: boom("toJSON") }),
  "huge-string": () => TEN_MB,
  "huge-sparse-array": () => {
    const a = [];
    a.length = 2 ** 32 - 1;
    return a;
  },
  "lone-surrogates": () => "\uD800a\uDFFF\uDBFF",
  "nul-and-newlines": () => "a\u0000b\r\nSet-Cookie: x=1",
  "null-prototype": () => Object.assign(Object.create(null), { token: "x", path: "/admins" }),
  "detached-buffer": () => {
    const b = new ArrayBuffer(8);
    structuredClone(b, { transfer: [b] });
    return b;
  },
  "detached-view": () => {
    const b = new ArrayBuffer(8);
    const v = new Uint8Array(b);
    structuredClone(b, { transfer: [b] });
    return v;
  },
  "thenable-throws": () => ({ then: boom("then") }),
  "never-settling-promise": () => new Promise(() => {}),
  "rejected-promise": () => {
    const p = Promise.reject(new Error("hostile rejection"));
    p.catch(() => {});
    return p;
  },
  "invalid-date": () => new Date(NaN),
  "boxed-string": () => new String("/admins"),
  "frozen-array": () => Object.freeze(["a", "b"]),
  "fake-signal": () => ({ aborted: false, addEventListener() {}, removeEventListener() {} }),
  "signal-getter-flips": () => {
    let reads = 0;
    return {
      get aborted() {
        if (++reads > 1) throw new Error("hostile aborted getter");
        return false;
      },
      addEventListener() {},
      removeEventListener() {},
    };
  },
  "aborted-signal": () => AbortSignal.abort(),
  "function": () => () => "hostile",
  "class": () => class Hostile {},
  nan: () => NaN,
  "negative-zero": () => -0,
  infinity: () => Infinity,
  "max-number": () => Number.MAX_VALUE,
  "weird-number": () => 2 ** 53 + 1,
};

/** An object whose every read has a side effect: it changes type on each read. */
export function shapeShifter(keys) {
  const o = {};
  for (const k of keys) {
    let reads = 0;
    Object.defineProperty(o, k, {
      enumerable: true,
      get() {
        reads++;
        return [undefined, "x", 1, {}, null, Symbol("s")][reads % 6];
      },
    });
  }
  return o;
}

/** Recipes for any JS value: fast-check's `anything`, odd strings, numbers and the specials. */
export function hostileRecipe(fc) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...Object.keys(specials)).map((name) => ({ special: name })) },
    {
      weight: 3,
      arbitrary: fc
        .anything({
          maxDepth: 2,
          withBigInt: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
        })
        .map((value) => ({ value })),
    },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 64 }).map((value) => ({ value })) },
    { weight: 1, arbitrary: fc.double().map((value) => ({ value })) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, true, false, 0, "", "/", "{}").map((value) => ({ value })) },
  );
}

export function build(recipe) {
  if (recipe && "special" in recipe) return specials[recipe.special]();
  return recipe?.value;
}

/** Either a good value (from `good`, to get past the first check) or a hostile one. */
export function goodOrHostile(fc, good) {
  return fc.oneof({ weight: 3, arbitrary: good.map((value) => ({ value })) }, { weight: 2, arbitrary: hostileRecipe(fc) }, { weight: 1, arbitrary: fc.constant({ absent: true }) });
}

/** Builds an options object from per-key recipes; `absent` keys are left out. */
export function buildOptions(recipes) {
  if (recipes && "special" in recipes) return build(recipes);
  if (recipes && "value" in recipes && !recipes.fields) return recipes.value;
  const o = {};
  for (const [k, r] of Object.entries(recipes.fields)) {
    if (!r.absent) o[k] = build(r);
  }
  return o;
}

/**
 * Custom `fetch` behaviours: broken in every way a user's fetch can be. `real` is the
 * runtime's fetch. Hanging kinds honour no signal, so only our own timer can end them.
 */
export function fetchKinds(realFetch) {
  const later = (ms, f) => new Promise((r) => setTimeout(r, ms)).then(f);
  return {
    real: () => realFetch,
    "throws-sync": () => () => {
      throw new Error("fetch exploded");
    },
    "throws-symbol": () => () => {
      throw Symbol("fetch");
    },
    "rejects-proxy": () => () => Promise.reject(new Proxy({}, allTraps("rejection"))),
    "rejects-null": () => () => Promise.reject(null),
    "returns-undefined": () => () => undefined,
    "returns-number": () => () => 42,
    "returns-plain-200": () => () => ({ status: 200 }),
    "returns-proxy": () => () => new Proxy({}, allTraps("response")),
    "headers-getter-throws": () => () => ({
      status: 200,
      get headers() {
        throw new Error("hostile headers");
      },
      text: async () => "{}",
    }),
    "headers-get-throws": () => () => ({ status: 200, headers: { get: boom("headers.get") }, text: async () => "{}" }),
    "text-throws": () => () => ({ status: 200, headers: new Headers(), text: boom("text") }),
    "text-rejects": () => () => ({ status: 200, headers: new Headers(), text: () => Promise.reject(new Error("body lost")) }),
    "text-not-string": () => () => ({ status: 200, headers: new Headers(), text: async () => ({ not: "text" }) }),
    "text-returns-number": () => () => ({ status: 200, headers: new Headers(), text: () => 42 }),
    "text-never": () => () => ({ status: 200, headers: new Headers(), text: () => new Promise(() => {}) }),
    "status-out-of-range": () => () => ({ status: 1e9, headers: new Headers(), text: async () => "" }),
    "status-getter-throws": () => () => ({
      get status() {
        throw new Error("hostile status");
      },
    }),
    "html-502": () => () => new Response("<html><h1>502 Bad Gateway</h1></html>", { status: 502, headers: { "content-type": "text/html" } }),
    "huge-body": () => () => new Response(`{"type":"admin.list","admins":[],"pad":"${TEN_MB}"}`, { status: 200 }),
    "lone-surrogate-body": () => () => new Response('{"type":"error.list","errors":[{"code":"\\ud800","message":"\\udfff"}]}', { status: 400 }),
    "error-list-odd": () => () => new Response('{"type":"error.list","request_id":{"x":1},"errors":[null,1,{"code":42},{"code":""}]}', { status: 401 }),
    "rate-limit-odd": () => () =>
      new Response('{"type":"error.list","errors":[{"code":"rate_limit_exceeded"}]}', {
        status: 429,
        headers: { "x-ratelimit-limit": "-1", "x-ratelimit-remaining": "1e400", "x-ratelimit-reset": "99999999999999999999", "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" },
      }),
    "thenable-throws": () => () => ({ then: boom("fetch then") }),
    "resolves-late": () => (url, init) => later(30, () => realFetch(url, init)),
    "never-resolves": () => () => new Promise(() => {}),
    "reenters-client": () => null, // filled in by the fuzzer: calls the client from inside fetch
  };
}
