// Soak with faults and concurrency under a rate-limit window (issue 13), on the packed
// package in Node and in workerd, against two mocks: one faulting ~5 % of requests at
// random (seeded), one with a 100-per-second window. A secret scan covers the mocks' logs,
// the errors seen and everything the runtimes printed.
// Usage: node tests/soak/run.mjs [--calls N] [--in-flight N] [node workerd]
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { startMock } from "../mock/server.mjs";
import { workerdBundle } from "../support/runtimes.mjs";
import { root, scratchProject } from "../support/scratch.mjs";
import { allTokens, secretScanner } from "../support/secrets.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const calls = arg("calls", 50_000);
const inFlight = arg("in-flight", 64);
const wanted = process.argv.slice(2).filter((a) => ["node", "workerd"].includes(a));
const runtimes = wanted.length ? wanted : ["node", "workerd"];
const FAULTS = ["500", "502", "503", "504", "429", "reset", "hang", "truncated", "invalid-json"];
const WINDOW = { limit: 100, ms: 1000 };

const app = scratchProject("soak", [path.join(here, "soak.mjs"), path.join(here, "worker.mjs")]);
const faulty = await startMock({ rateLimit: 1e9 });
const limited = await startMock({ rateLimit: WINDOW.limit, rateLimitWindowMs: WINDOW.ms });
const scanner = secretScanner([...allTokens(faulty.tokens), faulty.oauth.client_secret]);
// The mocks' logs are scanned and emptied as the soak runs, so they do not grow for 50,000 calls.
const drain = () => {
  for (const m of [faulty, limited]) {
    scanner.scanMock(m);
    m.clearLog();
  }
};
const drainer = setInterval(drain, 500);
const config = { url: faulty.url, limitedUrl: limited.url, token: faulty.tokens.us.valid, calls, inFlight, limit: WINDOW.limit };

const runners = {
  async node() {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc");
    // The package loaded as its node.js does (glue, inlined wasm bytes, the shared error class),
    // from its parts: node.js is one bundled module that does not hand out its wasm instance,
    // and the soak reads that instance's memory.
    const file = (f) => import(pathToFileURL(path.join(app, "node_modules/intercom-edge", f)).href);
    const glue = await file("intercom_edge.js");
    const wasm = glue.initSync({ module: (await file("wasm-bytes.js")).wasmBytes() });
    glue.__registerIntercomError((await file("error.js")).IntercomError);
    const pkg = await file("public.js");
    const memory = async () => {
      // Several collections with pauses between, so finalizers and socket cleanups run.
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 50));
      }
      return { wasm: wasm.memory.buffer.byteLength, heap: process.memoryUsage().heapUsed };
    };
    const { soak, concurrency } = await import(pathToFileURL(path.join(app, "soak.mjs")).href);
    const restore = scanner.captureConsole();
    try {
      const s = await soak(pkg, { ...config, memory, observe: (e) => scanner.scanValue("soak error", e) });
      const c = await concurrency(pkg, { url: config.limitedUrl, token: config.token, inFlight: 500, limit: WINDOW.limit });
      return { soak: s, concurrency: c };
    } finally {
      restore();
    }
  },
  async workerd() {
    writeFileSync(path.join(app, "config.mjs"), `export default ${JSON.stringify(config)};\n`);
    const dir = await workerdBundle(app, "worker.mjs");
    const out = await run(path.join(root, "node_modules/.bin/workerd"), ["test", "config.capnp"], dir);
    scanner.scan("workerd output", out);
    const line = out.split("\n").find((l) => l.includes("@@RESULTS "));
    if (!line) throw new Error(`workerd printed no results:\n${out.slice(-3000)}`);
    const results = JSON.parse(line.slice(line.indexOf("@@RESULTS ") + 10));
    for (const e of results.errorSamples ?? []) scanner.scan("workerd error", e);
    return results;
  },
};

function run(cmd, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", () => resolve(out));
  });
}

let passed = 0;
let failed = 0;
const report = (runtime, checks) => {
  for (const c of checks) {
    c.ok ? passed++ : failed++;
    console.log(`${c.ok ? "PASS" : "FAIL"} ${runtime}: ${c.name}`);
    if (!c.ok && c.detail) console.log(`     ${String(c.detail).split("\n").join("\n     ")}`);
  }
};
for (const runtime of runtimes) {
  faulty.randomFaults({ rate: 0.05, kinds: FAULTS, seed: runtime === "node" ? 13 : 31 });
  const started = Date.now();
  let r;
  try {
    r = await runners[runtime]();
  } catch (err) {
    report(runtime, [{ name: "runs", ok: false, detail: String(err?.stack ?? err) }]);
    continue;
  }
  const injected = faulty.randomFaults();
  const injectedTotal = Object.values(injected).reduce((a, b) => a + b, 0);
  const s = r.soak.figures;
  console.log(
    `${runtime} soak: ${s.calls} calls, ${s.inFlight} in flight, ${(s.ms / 1000).toFixed(1)} s; ${s.attempts} attempts, ` +
      `${injectedTotal} faults injected (${((100 * injectedTotal) / s.attempts).toFixed(1)} %: ${JSON.stringify(injected)}); ` +
      `${s.retried} calls retried; outcomes ${JSON.stringify(s.outcomes)}; wasm memory ${s.memory.warm.wasm} → ${s.memory.end.wasm} B` +
      (s.memory.end.heap != null ? `, JS heap ${(s.memory.warm.heap / 2 ** 20).toFixed(1)} → ${(s.memory.end.heap / 2 ** 20).toFixed(1)} MB` : ""),
  );
  const c = r.concurrency.figures;
  console.log(
    `${runtime} concurrency: ${c.inFlight} in flight, window ${c.limit}/s, ${(c.ms / 1000).toFixed(1)} s; ${c.answers} answers, ` +
      `${c.status429} were 429, ${c.windows} windows; lastRateLimit ${JSON.stringify(c.lastRateLimit)}`,
  );
  report(runtime, [...r.soak.checks, ...r.concurrency.checks, { name: `fault share near 5 % (${injectedTotal} of ${s.attempts})`, ok: injectedTotal > 0.03 * s.attempts && injectedTotal < 0.07 * s.attempts }]);
  console.log(`${runtime}: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
}
clearInterval(drainer);
drain();
const scan = scanner.report();
report("secret scan", [{ name: `${scan.secrets} secrets in ${scan.observed} observed texts (${(scan.bytes / 1e6).toFixed(1)} MB): ${scan.hits.length} hits`, ok: scan.hits.length === 0, detail: scan.hits.slice(0, 5).map((h) => `${h.secret} in ${h.where}`).join("\n") }]);
await faulty.stop();
await limited.stop();
console.log(`soak: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
