// Installs dist/intercom-edge.tgz into a scratch project, as a user would, and runs
// scenario.mjs in every runtime against the mock over real HTTP.
// Usage: node tests/package/run.mjs [node deno bun workerd edge chromium ...]
import { exec } from "../support/exec.mjs";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { signWebhook, startMock } from "../mock/server.mjs";
import { edgeVm, packageWasms, wasmModulePlugin, workerdBundle } from "../support/runtimes.mjs";
import { launch } from "../support/browsers.mjs";
import { allTokens, secretScanner } from "../support/secrets.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const bin = (name) => path.join(root, "node_modules/.bin", name);
const app = path.join(root, "tests/.scratch/app");
const tarball = path.join(root, "dist/intercom-edge.tgz");

const all = ["node", "deno", "bun", "workerd", "edge", "chromium-page", "chromium-worker", "firefox-page", "firefox-worker", "types"];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;

function resultsFrom(out) {
  scanner?.scan("runtime output", out);
  const line = out.split("\n").find((l) => l.includes("@@RESULTS "));
  if (!line) throw new Error(`no results in output:\n${out.slice(-3000)}`);
  return JSON.parse(line.slice(line.indexOf("@@RESULTS ") + 10));
}

// --- the scratch project: a fresh install of the packed tarball ---
if (!existsSync(tarball)) throw new Error("dist/intercom-edge.tgz is missing: run make package");
rmSync(app, { recursive: true, force: true });
mkdirSync(app, { recursive: true });
writeFileSync(
  path.join(app, "package.json"),
  JSON.stringify({ name: "scratch-app", private: true, type: "module", dependencies: { "intercom-edge": `file:${tarball}` } }),
);
const install = await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app });
if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.out}`);
for (const f of ["harness.mjs", "scenario.mjs", "client-scenario.mjs", "oauth-scenario.mjs", "toolkit-scenario.mjs", "entries-scenario.mjs", "hardening-outbound-scenario.mjs", "pages-scenario.mjs", "connections-scenario.mjs", "case.mjs", "worker-case.mjs", "edge-case.mjs", "browser-case.mjs"]) {
  cpSync(path.join(here, f), path.join(app, f));
}
// The inbound hardening scenario (webhook and Canvas bodies, the install flow's binding).
cpSync(path.join(here, "hardening-inbound-scenario.mjs"), path.join(app, "hardening-inbound-scenario.mjs"));
// jose, the independent JOSE library the toolkit scenario checks JWTs against, as one ES module
// every runtime (browsers too, which have no bare imports) can load by path.
await bundle({ entryPoints: [path.join(root, "node_modules/jose/dist/webapi/index.js")], outfile: path.join(app, "jose.mjs"), format: "esm", platform: "neutral" });

const mock = await startMock();
// Every `secret` of the toolkit's vectors, wherever it sits in the file.
const vectorSecrets = [];
JSON.parse(readFileSync(path.join(root, "tests/vectors/auth-toolkit-vectors.json"), "utf8"), (k, v) => {
  if (k === "secret" && typeof v === "string") vectorSecrets.push(v);
  return v;
});
const scanner = secretScanner([
  ...allTokens(mock.tokens),
  mock.oauth.client_secret,
  "state-secret-0123456789abcdef",
  "messenger-api-secret-0123456789",
  ...vectorSecrets,
]);
const webhookBody = JSON.stringify({ type: "notification_event", topic: "contact.created", app_id: mock.oauth.app_id, data: { item: { type: "contact", id: "1" } } });
const vectors = JSON.parse(readFileSync(path.join(root, "tests/vectors/auth-toolkit-vectors.json"), "utf8"));
const webhook = { body: webhookBody, signature: signWebhook(webhookBody, mock.oauth.client_secret) };
writeFileSync(
  path.join(app, "config.mjs"),
  `export default ${JSON.stringify({ url: mock.url, hosts: mock.hosts, tokens: mock.tokens, oauth: mock.oauth, webhook, vectors })};\n`,
);

// --- one runner per runtime; each returns the scenario's results ---
const runners = {
  async node() {
    const r = await exec(process.execPath, ["case.mjs"], { cwd: app });
    return resultsFrom(r.out);
  },
  async deno() {
    const r = await exec(bin("deno"), ["run", "--allow-read", "--allow-net=127.0.0.1", "case.mjs"], {
      cwd: app,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    return resultsFrom(r.out);
  },
  async bun() {
    const r = await exec(bin("bun"), ["run", "case.mjs"], { cwd: app });
    return resultsFrom(r.out);
  },
  async workerd() {
    const dir = await workerdBundle(app, "worker-case.mjs");
    const r = await exec(bin("workerd"), ["test", "config.capnp"], { cwd: dir });
    if (r.code !== 0 && !r.out.includes("@@RESULTS")) throw new Error(r.out.slice(-3000));
    return resultsFrom(r.out);
  },
  async edge() {
    // Vercel Edge: the wasm arrives as a module compiled by the host (another realm), and
    // compiling wasm from bytes inside the VM is disabled, as in production.
    const out = path.join(app, "edge-bundle.js");
    await bundle({
      entryPoints: ["edge-case.mjs"],
      outfile: out,
      format: "iife",
      globalName: "__edgeCase",
      conditions: ["edge-light", "worker", "browser"],
      plugins: [wasmModulePlugin],
    });
    const vm = await edgeVm(packageWasms(path.join(app, "node_modules/intercom-edge")));
    vm.evaluate(readFileSync(out, "utf8"));
    return JSON.parse(await vm.evaluate("__edgeCase.main()"));
  },
  async types() {
    // The published .d.ts, as a TypeScript user sees it: tsc --strict on a typed usage file.
    for (const f of ["usage.ts", "typed-calls.ts", "tsconfig.json"]) cpSync(path.join(root, "tests/types", f), path.join(app, f));
    const r = await exec(bin("tsc"), ["-p", "tsconfig.json"], { cwd: app });
    const results = [{ name: "tsc --strict (TypeScript 7) accepts tests/types/usage.ts and typed-calls.ts (and their @ts-expect-error lines)", ok: r.code === 0, detail: r.out }];
    // The minimum TypeScript, from the examples' compat install (scripts/setup.sh).
    const min = path.join(root, "tests/examples/compat/node_modules/typescript-min/bin/tsc");
    const r5 = await exec(process.execPath, [min, "-p", "tsconfig.json"], { cwd: app });
    results.push({ name: "tsc --strict (TypeScript 5.0.4) accepts the same files", ok: r5.code === 0, detail: r5.out });
    return results;
  },
  "chromium-page": () => browser("chromium", "page"),
  "chromium-worker": () => browser("chromium", "worker"),
  "firefox-page": () => browser("firefox", "page"),
  "firefox-worker": () => browser("firefox", "worker"),
};

async function bundle(options) {
  const esbuild = await import(path.join(root, "node_modules/esbuild/lib/main.js"));
  await esbuild.build({ bundle: true, logLevel: "error", absWorkingDir: app, ...options });
}

// One browser of each engine for the run; a page per case, the scenario in the page itself
// or in a module worker it starts.
const browsers = {};
async function browser(engine, where) {
  browsers[engine] ??= await launch(engine);
  const server = await serveStatic(app);
  const page = await browsers[engine].newPage();
  try {
    await page.goto(`${server.url}/index.html`);
    return await page.run(async ([engine, where]) => {
      if (where === "page") return (await import("/browser-case.mjs")).main(engine);
      const worker = new Worker(`/browser-case.mjs?engine=${engine}`, { type: "module" });
      const msg = await new Promise((resolve) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => resolve({ error: e.message ?? "worker error" });
      });
      if (msg.error) throw new Error(msg.error);
      return msg.results;
    }, [engine, where]);
  } finally {
    await page.close();
    await server.close();
  }
}

const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
function serveStatic(dir) {
  writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>intercom-edge test</title>");
  const srv = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    srv.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${srv.address().port}`, close: () => new Promise((r) => srv.close(r)) }),
    ),
  );
}

// --- run and report by name ---
let passed = 0;
let failed = 0;
for (const name of wanted) {
  const runner = runners[name];
  if (!runner) throw new Error(`unknown runtime ${name}; known: ${all.join(", ")}`);
  let results;
  try {
    results = await runner();
  } catch (err) {
    results = [{ name: "loads and runs", ok: false, detail: String(err?.stack ?? err) }];
  }
  for (const r of results) {
    r.ok ? passed++ : failed++;
    console.log(`${r.ok ? "PASS" : "FAIL"} ${name}: ${r.name}`);
    if (!r.ok) console.log(`     ${String(r.detail).split("\n").join("\n     ")}`);
  }
}
for (const b of Object.values(browsers)) await b.close();
// The secret scan (issue 13): every secret the scenarios use, in every runtime's output and
// in the mock's log of what it was sent.
scanner.scanMock(mock);
const scan = scanner.report();
scan.hits.length ? failed++ : passed++;
console.log(`${scan.hits.length ? "FAIL" : "PASS"} secret scan: ${scan.secrets} secrets in ${scan.observed} observed texts: ${scan.hits.length} hits`);
for (const h of scan.hits.slice(0, 5)) console.log(`     ${h.secret} in ${h.where}`);
await mock.stop();
console.log(`package: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
