// Soak and concurrency against the mock (issue 13), plain JS so the same code runs in Node
// and in workerd. Returns figures and [{ name, ok, detail }] checks.
//
// soak: `calls` calls, `inFlight` at a time, through a mock that faults ~5 % of requests.
//   Every call settles exactly once with a result or a typed IntercomError, retries stay
//   within maxRetries (POSTs are never repeated), and wasm memory is flat after warm-up.
// concurrency: `inFlight` calls at once on one client under a small rate-limit window:
//   all settle with results, the 429s are waited out, lastRateLimit stays consistent.

const FAULT_CODES = new Set([
  "server_error",
  "service_unavailable",
  "request_timeout",
  "rate_limit_exceeded",
  "invalid_response",
  "network_error",
  "timeout",
]);

export async function soak(pkg, { url, token, calls, inFlight, memory, observe, maxRetries = 2 }) {
  const { IntercomClient, IntercomError } = pkg;
  const attempts = new Uint8Array(calls);
  const settled = new Uint8Array(calls);
  const outcomes = {};
  const problems = [];
  // The first error of each code, as a user would print it, for the secret scan.
  const samples = new Map();
  const idOf = (u) => Number(new URL(u).searchParams.get("soak"));
  const client = new IntercomClient({
    token,
    baseUrl: url,
    timeoutMs: 400,
    maxRetries,
    retryBudgetMs: 3000,
    fetch: (u, init) => {
      const i = idOf(String(u));
      if (i >= 0 && i < calls) attempts[i]++;
      return fetch(u, init);
    },
  });
  const isPost = (i) => i % 10 === 9; // 10 %: never retried (a POST could run twice)
  const one = (i) =>
    client
      .request(isPost(i) ? { method: "POST", path: "/contacts/merge", query: { soak: i }, body: { q: i } } : { path: "/admins", query: { soak: i } })
      .then(
        (v) => {
          settled[i]++;
          const ok = isPost(i) || (v?.type === "admin.list" && Array.isArray(v.admins));
          count(outcomes, ok ? "ok" : "wrong result");
        },
        (e) => {
          settled[i]++;
          observe?.(e);
          if (!samples.has(e?.code)) samples.set(e?.code, [String(e), e?.stack, e?.hint, JSON.stringify(e)].join("\n"));
          const typed = e instanceof IntercomError && typeof e.code === "string";
          // A POST to an endpoint the mock lacks (/contacts/merge) answers 404; everything else is a fault.
          const expected = typed && (FAULT_CODES.has(e.code) || (isPost(i) && e.code === "not_found"));
          count(outcomes, expected ? `error ${e.code}` : "untyped error");
          if (!expected && problems.length < 5) problems.push(`call ${i}: ${e?.name} ${e?.code} ${e?.message}`);
        },
      );

  const started = Date.now();
  let next = 0;
  let memWarm = null;
  let memMid = null;
  const warmAt = Math.floor(calls / 10);
  const midAt = Math.floor(calls / 2);
  const worker = async () => {
    while (next < calls) {
      const i = next++;
      if (i === warmAt) memWarm = await memory();
      if (i === midAt) memMid = await memory();
      await one(i);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const ms = Date.now() - started;
  const memEnd = await memory();

  const lost = settled.reduce((n, s) => n + (s === 0 ? 1 : 0), 0);
  const twice = settled.reduce((n, s) => n + (s > 1 ? 1 : 0), 0);
  let overRetried = 0;
  let postRepeated = 0;
  let retried = 0;
  for (let i = 0; i < calls; i++) {
    if (attempts[i] > 1) retried++;
    if (attempts[i] > 1 + maxRetries) overRetried++;
    if (isPost(i) && attempts[i] > 1) postRepeated++;
  }
  const totalAttempts = attempts.reduce((n, a) => n + a, 0);
  const checks = [
    { name: `${calls} calls settled exactly once (lost ${lost}, twice ${twice})`, ok: lost === 0 && twice === 0 },
    { name: "every rejection is a typed IntercomError with an expected code", ok: !outcomes["untyped error"] && !outcomes["wrong result"], detail: problems.join("\n") },
    { name: `retries within budget: ≤ ${1 + maxRetries} attempts per call (${overRetried} over), POSTs never repeated (${postRepeated})`, ok: overRetried === 0 && postRepeated === 0 },
    {
      name: `wasm memory flat after warm-up (${memWarm.wasm} B at 10 %, ${memEnd.wasm} B at the end)`,
      ok: memEnd.wasm <= memWarm.wasm + 64 * 1024,
    },
  ];
  if (memEnd.heap != null && memMid.heap != null) {
    // The heap settles later than the wasm memory (JIT, sockets); its second half must be flat.
    checks.push({
      name: `JS heap flat over the second half (${mb(memWarm.heap)} MB at 10 %, ${mb(memMid.heap)} at 50 %, ${mb(memEnd.heap)} at the end)`,
      // A single gc() leaves ±15 MB of noise (sockets, finalizers); a leak of 1 KB a call is 25 MB.
      ok: memEnd.heap <= memMid.heap + 24 * 2 ** 20,
    });
  }
  return { figures: { calls, inFlight, ms, attempts: totalAttempts, retried, outcomes, memory: { warm: memWarm, mid: memMid, end: memEnd } }, checks, errorSamples: [...samples.values()] };
}

export async function concurrency(pkg, { url, token, inFlight, limit }) {
  const { IntercomClient } = pkg;
  const seen = { answers: 0, status429: 0, resets: new Set() };
  const client = new IntercomClient({
    token,
    baseUrl: url,
    maxRetries: 10,
    retryBudgetMs: 60_000,
    fetch: async (u, init) => {
      const res = await fetch(u, init);
      seen.answers++;
      if (res.status === 429) seen.status429++;
      const reset = res.headers.get("x-ratelimit-reset");
      if (reset) seen.resets.add(Number(reset) * 1000);
      return res;
    },
  });
  const bad = [];
  let lastResetSeen = 0;
  let ok = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: inFlight }, (_, i) =>
      client.listAdmins().then(
        (v) => {
          if (Array.isArray(v?.admins)) ok++;
          // After each settle: a whole window, within the limit, never moving back in time.
          const rl = client.lastRateLimit;
          const wellFormed = rl && rl.limit === limit && rl.remaining >= 0 && rl.remaining <= limit && rl.resetAt % 1000 === 0;
          if (!wellFormed || rl.resetAt < lastResetSeen) bad.push(`after call ${i}: ${JSON.stringify(rl)}`);
          lastResetSeen = Math.max(lastResetSeen, rl?.resetAt ?? 0);
        },
        (e) => bad.push(`call ${i} rejected: ${e?.code} ${e?.message}`),
      ),
    ),
  );
  const ms = Date.now() - started;
  const last = client.lastRateLimit;
  const latest = Math.max(...seen.resets);
  return {
    figures: { inFlight, limit, ms, answers: seen.answers, status429: seen.status429, windows: seen.resets.size, lastRateLimit: last },
    checks: [
      { name: `${inFlight} calls in flight on one client all resolved (${ok}/${inFlight})`, ok: ok === inFlight, detail: bad.slice(0, 5).join("\n") },
      { name: `the window's 429s were waited out (${seen.status429} answered 429, ${seen.resets.size} windows)`, ok: seen.status429 > 0 && seen.resets.size > 1 },
      { name: "lastRateLimit consistent at every settle and ends on the latest window", ok: bad.length === 0 && last?.resetAt === latest, detail: `last ${JSON.stringify(last)}, latest window ${latest}` },
    ],
  };
}

function count(o, k) {
  o[k] = (o[k] ?? 0) + 1;
}

function mb(n) {
  return (n / 2 ** 20).toFixed(1);
}
