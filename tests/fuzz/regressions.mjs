// What the boundary fuzzer found (issue 13), replayed exactly on every run: each call must
// end as an IntercomError (or resolve), within the deadline, with nothing thrown past it.
export async function regressions(pkg, mock) {
  const { IntercomClient, IntercomError } = pkg;
  const base = { token: mock.tokens.us.valid, baseUrl: mock.url, timeoutMs: 100, maxRetries: 0 };
  const detached = () => {
    const b = new ArrayBuffer(8);
    structuredClone(b, { transfer: [b] });
    return b;
  };
  const throwing = () => new Proxy({}, { ownKeys: () => { throw new Error("trap"); }, get: () => { throw new Error("trap"); } });
  let reads = 0;
  const flipping = { get aborted() { if (++reads > 1) throw new Error("second read"); return false; }, addEventListener() {}, removeEventListener() {} };
  const cases = {
    "a signal whose aborted getter throws later": () => new IntercomClient(base).listAdmins({ signal: flipping }),
    "verifyWebhook on a detached ArrayBuffer": () => pkg.verifyWebhook({ body: detached(), signature: "sha1=" + "0".repeat(40), clientSecret: "x".repeat(20) }),
    "headers that are a throwing Proxy": () => new IntercomClient({ ...base, headers: throwing() }),
    "a query that is a throwing Proxy": () => new IntercomClient(base).request({ path: "/admins", query: throwing() }),
    "fromEnv overrides that are a throwing Proxy": () => IntercomClient.fromEnv({ INTERCOM_ACCESS_TOKEN: "dG9rOng=" }, throwing()),
    "a Response whose headers getter throws": () => new IntercomClient({ ...base, fetch: () => ({ status: 200, get headers() { throw new Error("x"); }, text: async () => "{}" }) }).listAdmins(),
    "a Response whose text() is not a Promise": () => new IntercomClient({ ...base, fetch: () => ({ status: 200, headers: new Headers(), text: () => 42 }) }).listAdmins(),
    "a fetch that never settles and ignores the signal": () => new IntercomClient({ ...base, fetch: () => new Promise(() => {}) }).listAdmins(),
    "a body that never arrives": () => new IntercomClient({ ...base, fetch: () => ({ status: 200, headers: new Headers(), text: () => new Promise(() => {}) }) }).listAdmins(),
    "receiveWebhook with arrayBuffer() not a Promise": () => pkg.receiveWebhook({ method: "POST", headers: new Headers(), arrayBuffer: () => 42 }, { clientSecret: "x".repeat(20) }),
  };
  const uncaught = [];
  const record = (e) => uncaught.push(e);
  process.on("uncaughtException", record);
  process.on("unhandledRejection", record);
  const checks = [];
  for (const [name, f] of Object.entries(cases)) {
    let outcome;
    try {
      const r = f();
      outcome = r instanceof Promise ? await Promise.race([r.then(() => "resolved", (e) => e), new Promise((ok) => setTimeout(() => ok("hung"), 5000))]) : "returned";
    } catch (e) {
      outcome = e;
    }
    await new Promise((r) => setTimeout(r, 10));
    const ok = (outcome === "resolved" || outcome === "returned" || outcome instanceof IntercomError) && uncaught.length === 0;
    checks.push({ name: `regression: ${name}`, ok, detail: `${outcome?.name ?? outcome} ${outcome?.message ?? ""} ${uncaught.splice(0).map(String).join("; ")}` });
  }
  process.off("uncaughtException", record);
  process.off("unhandledRejection", record);
  return checks;
}
