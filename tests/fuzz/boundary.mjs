// JS-boundary fuzzing of the installed package (issue 13). For every exported function,
// class method and option, fast-check feeds arbitrary and hostile JS values. The property:
// every call returns, or throws/rejects with an IntercomError or a TypeError; never a wasm
// trap, a plain Error, a hang or an unhandled rejection; and afterwards the same wasm
// instance still lists admins. Runs inside a scratch project (see run.mjs).

import { build, buildOptions, fetchKinds, goodOrHostile, hostileRecipe, shapeShifter } from "./hostile.mjs";
import { toolkitTargets } from "./toolkit.mjs";

const DEADLINE_MS = 8000;
const TRAP = /unreachable|already (mutably )?borrowed|recursive use of an object|null pointer passed to rust|RuntimeError|memory access out of bounds/i;

export async function fuzzBoundary({ pkg, fc, mock, seed, runs, scanner, only }) {
  const { IntercomClient, IntercomError } = pkg;
  const t = mock.tokens;
  const secret = "fuzz-state-secret-9f8e7d6c5b4a";
  const { client_id: clientId, client_secret: clientSecret } = mock.oauth;
  // Health is checked on another workspace than the fuzzed one, so an uninstall cannot fake a failure.
  const healthy = new IntercomClient({ token: t.eu.valid, baseUrl: mock.hosts.eu });
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  // A throw that escapes the wasm executor surfaces here: record it against the case.
  process.on("uncaughtException", onUnhandled);

  const kinds = fetchKinds(globalThis.fetch);
  const kindNames = Object.keys(kinds);
  const hanging = new Set(["never-resolves", "text-never", "resolves-late"]);
  const makeFetch = (kind, getClient) =>
    kind === "reenters-client"
      ? async (url, init) => {
          // Calls back into the package while our own call is in flight.
          const c = getClient();
          String(c);
          JSON.stringify(c);
          void c?.lastRateLimit;
          await healthy.listAdmins();
          return globalThis.fetch(url, init);
        }
      : kinds[kind]();

  // --- good values, so fuzzing gets past the first check and reaches the deep paths ---
  const good = {
    token: fc.constantFrom(t.us.valid, t.revoked, t.limited ?? t.us.valid, "dG9rOm5vLXN1Y2g="),
    region: fc.constantFrom("us", "eu", "au", "auto", "EU"),
    baseUrl: fc.constantFrom(mock.url, mock.hosts.eu, `${mock.url}/`, "https://api.intercom.io", "http://api.intercom.io", "http://localhost.evil.example"),
    version: fc.constantFrom("2.14", "2.11", "Preview", "9.99", "preview"),
    timeoutMs: fc.integer({ min: 20, max: 300 }),
    maxRetries: fc.integer({ min: 0, max: 2 }),
    retryBudgetMs: fc.integer({ min: 0, max: 400 }),
    headers: fc.oneof(fc.constant({ "X-Trace": "1" }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 })),
    bool: fc.boolean(),
    path: fc.constantFrom("/admins", "/me", "/contacts", "/admins/991267460", "/../admins", "//evil.example/x", "/admins?x=1", "/nope"),
    method: fc.constantFrom("GET", "HEAD", "POST", "put", "DELETE", "TRACE"),
    query: fc.oneof(fc.constant({ per_page: 2 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 2 })), { maxKeys: 3 })),
    body: fc.oneof(fc.constant({ name: "x" }), fc.jsonValue({ maxDepth: 2 })),
    id: fc.oneof(fc.constantFrom("991267460", "1", "../me", ""), fc.integer()),
    secret: fc.constantFrom(secret, "short"),
    nonce: fc.constantFrom("n0nce-abcdef12", "bad nonce;", "x".repeat(300)),
    string: fc.string({ maxLength: 40 }),
    url: fc.constantFrom(`${mock.url}/oauth/callback?code=abc%3D&state=x.y`, "https://app.example/cb?error=access_denied", "not a url", "https://app.example/cb?code=%E0%A4%A&state=1"),
  };
  const rec = (fields) => fc.record(Object.fromEntries(Object.entries(fields).map(([k, g]) => [k, goodOrHostile(fc, g)]))).map((f) => ({ fields: f }));
  const optionsOr = (fields) => fc.oneof({ weight: 5, arbitrary: rec(fields) }, { weight: 1, arbitrary: hostileRecipe(fc) });
  const clientFields = {
    token: good.token,
    region: good.region,
    baseUrl: good.baseUrl,
    version: good.version,
    timeoutMs: good.timeoutMs,
    maxRetries: good.maxRetries,
    retryBudgetMs: good.retryBudgetMs,
    headers: good.headers,
    dangerouslyAllowBrowser: good.bool,
  };
  const callFields = { signal: fc.constant(undefined), timeoutMs: good.timeoutMs, maxRetries: good.maxRetries };
  const fetchKind = fc.constantFrom(...kindNames, "default", "default");

  /** A client that mostly constructs (good token and mock host) but with any fetch and extras. */
  const usableClient = fc.record({ extra: rec({ version: good.version, headers: good.headers, region: good.region }), fetch: fetchKind, timeoutMs: good.timeoutMs, maxRetries: good.maxRetries });
  const makeUsable = (c) => {
    let client;
    const o = { ...buildOptions(c.extra), token: t.us.valid, baseUrl: mock.url, timeoutMs: c.timeoutMs, maxRetries: c.maxRetries, retryBudgetMs: 300 };
    if (c.fetch !== "default") o.fetch = makeFetch(c.fetch, () => client);
    try {
      client = new IntercomClient(o);
    } catch {
      client = new IntercomClient({ token: t.us.valid, baseUrl: mock.url, fetch: o.fetch, timeoutMs: c.timeoutMs, maxRetries: c.maxRetries, retryBudgetMs: 300 });
    }
    return client;
  };
  /** Call options; hanging fetches get a short timeout so only a real hang outlives the deadline. */
  const makeCall = (recipe, fetch) => {
    const call = buildOptions(recipe);
    // Inside try: `call` may be a Proxy whose every trap throws (Object.isFrozen included).
    try {
      if (hanging.has(fetch) && call && typeof call === "object" && typeof call.timeoutMs === "number") call.timeoutMs = 100;
    } catch {}
    return call;
  };

  const targets = {
    "new IntercomClient(options)": {
      arb: fc.record({ o: optionsOr(clientFields), fetch: fetchKind, shift: fc.boolean() }),
      run: ({ o, fetch, shift }) => {
        const options = shift ? shapeShifter(Object.keys(clientFields)) : buildOptions(o);
        if (fetch !== "default" && options && typeof options === "object" && !hanging.has(fetch)) {
          try {
            options.fetch = makeFetch(fetch, () => null);
          } catch {}
        }
        return new IntercomClient(options);
      },
    },
    "IntercomClient.fromEnv(env, overrides)": {
      arb: fc.record({
        env: fc.oneof(
          rec({ INTERCOM_ACCESS_TOKEN: good.token, INTERCOM_API_KEY: good.token, INTERCOM_REGION: good.region, INTERCOM_VERSION: good.version, INTERCOM_BASE_URL: good.baseUrl }),
          hostileRecipe(fc),
          fc.constant({ absent: true }),
        ),
        overrides: fc.oneof(rec({ baseUrl: good.baseUrl, timeoutMs: good.timeoutMs }), hostileRecipe(fc), fc.constant({ absent: true })),
      }),
      run: ({ env, overrides }) => IntercomClient.fromEnv(env.absent ? undefined : buildOptions(env), overrides.absent ? undefined : buildOptions(overrides)),
    },
    ...Object.fromEntries(
      ["listAdmins", "me", "verifyConnection", "detectRegion"].map((m) => [
        `client.${m}(call)`,
        {
          arb: fc.record({ c: usableClient, call: optionsOr(callFields), signal: fc.constantFrom("none", "live", "aborted", "abort-soon", "fake", "flips") }),
          run: ({ c, call, signal }) => {
            const client = makeUsable(c);
            const opts = makeCall(call, c.fetch);
            attachSignal(opts, signal);
            return client[m](opts);
          },
        },
      ]),
    ),
    "client.getAdmin(id, call)": {
      arb: fc.record({ c: usableClient, id: goodOrHostile(fc, good.id), call: optionsOr(callFields) }),
      run: ({ c, id, call }) => makeUsable(c).getAdmin(build(id), makeCall(call, c.fetch)),
    },
    "client.request(req, call)": {
      arb: fc.record({
        c: usableClient,
        req: optionsOr({ method: good.method, path: good.path, query: good.query, body: good.body, headers: good.headers, retry: good.bool }),
        call: optionsOr(callFields),
      }),
      run: ({ c, req, call }) => makeUsable(c).request(buildOptions(req), makeCall(call, c.fetch)),
    },
    "client.lastRateLimit / toJSON / toString": {
      arb: fc.record({ c: usableClient }),
      run: async ({ c }) => {
        const client = makeUsable(c);
        await client.listAdmins({ timeoutMs: 100 }).catch(() => {});
        return [client.lastRateLimit, client.toJSON(), String(client), JSON.stringify(client)];
      },
    },
    "authorizeUrl(options)": {
      arb: optionsOr({ clientId: good.string, state: good.string, redirectUri: good.url, region: good.region, baseUrl: good.baseUrl }),
      run: (o) => pkg.authorizeUrl(buildOptions(o)),
    },
    "createState(options)": {
      arb: optionsOr({ secret: good.secret, ttlSeconds: fc.integer({ min: -5, max: 100000 }), data: fc.oneof(good.string, fc.constantFrom("/back", "//evil", "https://app.example/x", "/\\evil")), nonce: good.nonce, unsafeNoBrowserBinding: good.bool, allowedOrigins: fc.constantFrom(["https://app.example"], "https://app.example", ["javascript:x"], [1], []) }),
      run: (o) => pkg.createState(buildOptions(o)),
    },
    "verifyState(state, options)": {
      arb: fc.record({ fresh: fc.boolean(), state: goodOrHostile(fc, fc.constantFrom("a.b", "", "AAAA.AAAA")), o: optionsOr({ secret: good.secret, nonce: good.nonce, now: fc.double() }) }),
      run: async ({ fresh, state, o }) => {
        const s = fresh ? await pkg.createState({ secret, nonce: "n0nce-abcdef12" }) : build(state);
        return pkg.verifyState(s, buildOptions(o));
      },
    },
    "stateCookie(nonce, options)": {
      arb: fc.record({ nonce: goodOrHostile(fc, good.nonce), o: optionsOr({ maxAgeSeconds: fc.integer(), path: fc.constantFrom("/", "/oauth", "x", "/a;b"), secure: good.bool }) }),
      run: ({ nonce, o }) => pkg.stateCookie(build(nonce), buildOptions(o)),
    },
    "parseCallback(input, options)": {
      arb: fc.record({ input: goodOrHostile(fc, good.url), asRequest: fc.boolean(), cookie: goodOrHostile(fc, fc.constantFrom("intercom_oauth_nonce=n0nce-abcdef12", "__Host-intercom_oauth_nonce=n0nce-abcdef12", "__Host-intercom_oauth_nonce=a; __Host-intercom_oauth_nonce=b", "a=b; ;;=", "")), o: optionsOr({ secret: good.secret, nonce: good.nonce, secure: good.bool, unsafeNoBrowserBinding: good.bool }) }),
      run: ({ input, asRequest, cookie, o }) => {
        let i = build(input);
        if (asRequest && typeof i === "string") {
          try {
            const c = build(cookie);
            i = new Request(i, typeof c === "string" ? { headers: { cookie: c } } : undefined);
          } catch {}
        }
        return pkg.parseCallback(i, buildOptions(o));
      },
    },
    "exchangeCode(options)": {
      arb: fc.record({
        o: optionsOr({ code: fc.constantFrom("c0de=", "", "x".repeat(5000)), clientId: fc.constant(clientId), clientSecret: fc.constant(clientSecret), redirectUri: good.url, region: good.region, tokenUrl: fc.constantFrom(`${mock.url}/auth/eagle/token`, "http://api.intercom.io/auth/eagle/token", "https://x"), timeoutMs: good.timeoutMs }),
        fetch: fetchKind,
      }),
      run: ({ o, fetch }) => {
        const options = buildOptions(o);
        if (fetch !== "default" && options && typeof options === "object") {
          try {
            options.fetch = makeFetch(fetch, () => null);
            if (hanging.has(fetch)) options.timeoutMs = 100;
          } catch {}
        }
        return pkg.exchangeCode(options);
      },
    },
    "uninstall(options)": {
      arb: fc.record({ o: optionsOr({ token: fc.constantFrom("dG9rOm5vLXN1Y2g=", t.revoked), region: good.region, baseUrl: good.baseUrl }), fetch: fetchKind }),
      run: ({ o, fetch }) => {
        const options = buildOptions(o);
        if (options && typeof options === "object" && !hanging.has(fetch)) {
          try {
            if (fetch !== "default") options.fetch = makeFetch(fetch, () => null);
          } catch {}
        }
        return pkg.uninstall(options);
      },
    },
    "verifyIdentity(me)": {
      arb: goodOrHostile(fc, fc.constantFrom({ email_verified: true }, { email_verified: "true" }, {})),
      run: (me) => pkg.verifyIdentity(build(me)),
    },
    "verifyWebhook(options)": {
      arb: optionsOr({ body: fc.oneof(fc.string(), fc.uint8Array({ maxLength: 64 })), signature: fc.constantFrom("sha1=" + "0".repeat(40), "sha1=" + "+a".repeat(20), ""), clientSecret: fc.constant(clientSecret) }),
      run: (o) => pkg.verifyWebhook(buildOptions(o)),
    },
    "parseUninstallNotice(body)": {
      arb: goodOrHostile(fc, fc.constantFrom('{"app_id":"abc"}', "{", { app_id: "x" }, { app_id: 1 })),
      run: (b) => pkg.parseUninstallNotice(build(b)),
    },
  };

  Object.assign(targets, toolkitTargets({ pkg, fc, clientSecret, optionsOr }));

  // Every export, whatever it is (new ones too), with 0–3 hostile positional arguments;
  // classes are constructed, then each prototype method is called on an instance.
  // IntercomError is a plain JS `class extends Error`: what it throws, Error throws too.
  const known = new Set(["init", "default", "IntercomError"]);
  for (const [name, value] of Object.entries(pkg)) {
    if (known.has(name) || typeof value !== "function") continue;
    const isClass = /^class\b/.test(Function.prototype.toString.call(value)) || Object.getOwnPropertyNames(value.prototype ?? {}).length > 1;
    targets[`${name}(…hostile)`] = {
      arb: fc.array(hostileRecipe(fc), { maxLength: 3 }),
      run: (args) => (isClass ? new value(...args.map(build)) : value(...args.map(build))),
    };
    if (isClass && value === IntercomClient) {
      for (const m of Object.getOwnPropertyNames(value.prototype)) {
        if (m === "constructor" || m === "free" || m.startsWith("__")) continue;
        targets[`client.${m}(…hostile)`] = {
          arb: fc.record({ c: usableClient, args: fc.array(hostileRecipe(fc), { maxLength: 3 }) }),
          run: ({ c, args }) => {
            const client = makeUsable(c);
            const f = client[m];
            return typeof f === "function" ? f.apply(client, args.map(build)) : f;
          },
        };
      }
    }
  }

  const report = [];
  for (const [name, target] of Object.entries(targets)) {
    if (only && !name.includes(only)) continue;
    let executions = 0;
    const started = Date.now();
    const details = await fc.check(
      fc.asyncProperty(target.arb, async (input) => {
        executions++;
        const outcome = await settle(() => target.run(input));
        scanner.scanValue(name, outcome.value ?? outcome.error);
        const wrong = judge(outcome, IntercomError);
        if (wrong) throw new Error(wrong);
        await new Promise((r) => setTimeout(r, 0));
        if (unhandled.length) throw new Error(`unhandled rejection or uncaught exception: ${describe(unhandled.splice(0)[0])}`);
        const health = await settle(() => healthy.listAdmins());
        if (!Array.isArray(health.value?.admins)) throw new Error(`the instance no longer lists admins: ${describe(health.error)}`);
      }),
      { seed, numRuns: runs, interruptAfterTimeLimit: 600_000, markInterruptAsFailure: false },
    );
    report.push({
      target: name,
      cases: details.numRuns,
      executions,
      ms: Date.now() - started,
      failed: details.failed,
      counterexample: details.failed ? safeString(details.counterexample) : undefined,
      error: details.failed ? String(details.errorInstance?.message ?? details.error).slice(0, 400) : undefined,
      seed: details.seed,
      path: details.counterexamplePath,
    });
  }
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
  return report;
}

function attachSignal(opts, kind) {
  if (!opts || typeof opts !== "object" || kind === "none") return;
  try {
    if (kind === "live") opts.signal = new AbortController().signal;
    if (kind === "aborted") opts.signal = AbortSignal.abort();
    if (kind === "abort-soon") {
      const c = new AbortController();
      setTimeout(() => c.abort(), 5);
      opts.signal = c.signal;
    }
    if (kind === "fake") opts.signal = { aborted: false, addEventListener() {}, removeEventListener() {} };
    if (kind === "flips") {
      let reads = 0;
      opts.signal = {
        get aborted() {
          if (++reads > 1) throw new Error("hostile aborted getter");
          return false;
        },
        addEventListener() {},
        removeEventListener() {},
      };
    }
  } catch {}
}

/** Runs `f` and waits for its promise (if any), up to the deadline. */
async function settle(f) {
  let r;
  try {
    r = f();
  } catch (error) {
    return { threw: true, error };
  }
  if (!(r instanceof Promise)) return { value: r };
  let timer;
  const deadline = new Promise((resolve) => (timer = setTimeout(() => resolve({ hung: true }), DEADLINE_MS)));
  const out = await Promise.race([r.then((value) => ({ value }), (error) => ({ rejected: true, error })), deadline]);
  clearTimeout(timer);
  return out;
}

/** Why an outcome breaks the boundary contract, or null. */
function judge(o, IntercomError) {
  if (o.hung) return `never settled within ${DEADLINE_MS} ms`;
  if (!("error" in o)) return null;
  const e = o.error;
  const text = describe(e);
  if (TRAP.test(text) || e instanceof WebAssembly.RuntimeError) return `wasm trap: ${text}`;
  if (e instanceof IntercomError || e instanceof TypeError) return null;
  return `${o.threw ? "threw" : "rejected with"} something other than IntercomError/TypeError: ${text}`;
}

function describe(e) {
  try {
    if (e instanceof Error) return `${e.name}: ${e.message}`;
    return `${typeof e} ${String(e)}`;
  } catch {
    return `unprintable ${typeof e}`;
  }
}

function safeString(v) {
  try {
    return JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}n` : typeof x === "string" && x.length > 200 ? `${x.slice(0, 50)}…(${x.length})` : x)).slice(0, 800);
  } catch {
    return "(unprintable)";
  }
}
