// Boundary fuzzing of the packed package in Node (issue 13): installs dist/intercom-edge.tgz
// into a scratch project, starts the mock, and runs tests/fuzz/boundary.mjs twice: with a
// fixed seed (reproducible) and a random one (printed, so a failure can be replayed).
// Usage: node tests/fuzz/run.mjs [--runs N] [--seed N] [--only NAME]   (make fuzz: --runs 3000)
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startMock } from "../mock/server.mjs";
import { scratchProject } from "../support/scratch.mjs";
import { allTokens, secretScanner } from "../support/secrets.mjs";
import { TOOLKIT_SECRETS } from "./toolkit.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const runs = Number(arg("runs", 40));
const FIXED_SEED = 1313;
const seeds = arg("seed") ? [Number(arg("seed"))] : [FIXED_SEED, (Math.random() * 2 ** 31) | 0];

const app = scratchProject("fuzz", ["boundary.mjs", "hostile.mjs", "toolkit.mjs", "regressions.mjs"].map((f) => path.join(here, f)));
const fc = await import("fast-check");
// The package exactly as a user imports it, from inside the scratch project.
const pkg = await import(pathToFileURL(path.join(app, "node_modules/intercom-edge/node.js")).href);
const { fuzzBoundary } = await import(pathToFileURL(path.join(app, "boundary.mjs")).href);

const mock = await startMock({ rateLimit: 1e9 });
// This machine is offline: a default host (api.intercom.io) must fail fast, as DNS would.
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return Promise.reject(new TypeError("fetch failed (offline test machine)"));
  return realFetch(input, init);
};

const t = mock.tokens;
const secrets = [
  ...allTokens(t),
  mock.oauth.client_secret,
  "fuzz-state-secret-9f8e7d6c5b4a",
  ...Object.values(TOOLKIT_SECRETS),
];
const scanner = secretScanner(secrets);

let failed = 0;
let passed = 0;
const started = Date.now();
const { regressions } = await import(pathToFileURL(path.join(app, "regressions.mjs")).href);
for (const c of await regressions(pkg, mock)) {
  c.ok ? passed++ : failed++;
  console.log(`${c.ok ? "PASS" : "FAIL"} ${c.name}`);
  if (!c.ok) console.log(`     ${c.detail}`);
}
for (const seed of seeds) {
  console.log(`fuzz: seed ${seed}${seed === FIXED_SEED ? " (fixed)" : " (random; replay with --seed " + seed + ")"}, ${runs} cases per target`);
  // Console output is scanned while the package runs; our own report below (whose
  // counterexamples hold the secrets we passed in) is not.
  const restoreConsole = scanner.captureConsole();
  const report = await fuzzBoundary({ pkg, fc, mock, seed, runs, scanner, only: arg("only") });
  restoreConsole();
  for (const r of report) {
    r.failed ? failed++ : passed++;
    console.log(`${r.failed ? "FAIL" : "PASS"} ${r.target}: ${r.cases} cases, ${r.executions} executions, ${r.ms} ms`);
    if (r.failed) console.log(`     ${r.error}\n     counterexample: ${r.counterexample}\n     replay: --seed ${r.seed} --only "${r.target}" (path ${r.path})`);
  }
}
scanner.scanMock(mock);
const scan = scanner.report();
const scanOk = scan.hits.length === 0;
scanOk ? passed++ : failed++;
console.log(`${scanOk ? "PASS" : "FAIL"} secret scan: ${scan.secrets} secrets in ${scan.observed} observed texts (${(scan.bytes / 1e6).toFixed(1)} MB): ${scan.hits.length} hits`);
for (const h of scan.hits.slice(0, 10)) console.log(`     ${h.secret} seen in ${h.where}`);
await mock.stop();
console.log(`fuzz: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed ? 1 : 0);
