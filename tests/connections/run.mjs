// Connections' stores against their real engines, each started here: memoryStore in Node,
// Redis (redis-server) through node-redis and ioredis, Postgres (a private PostgreSQL 15
// cluster, as an unprivileged user) through pg, Deno KV in Deno, Cloudflare KV and D1 in
// workerd (miniflare). The package is the packed tarball, installed as a user would. After
// the suite every store is dumped and searched for every token and key it was given.
// @upstash/redis's client shape is run over the same Redis.
// Usage: node tests/connections/run.mjs [memory redis ioredis upstash postgres deno-kv kv d1]
import { spawn, execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chownSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { secretScanner } from "../support/secrets.mjs";
import { exec } from "../support/exec.mjs";
import { INSTALLS, KEYS, WORKSPACES, tokenOf } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const app = path.join(root, "tests/.scratch/connections-app");
const tarball = path.join(root, "dist/intercom-edge.tgz");
const all = ["memory", "redis", "ioredis", "upstash", "postgres", "deno-kv", "kv", "d1"];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;
const PG_BIN = "/usr/lib/postgresql/15/bin";

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

async function waitFor(what, probe, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > end) throw new Error(`${what} did not start: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A server process of ours, stopped (by its pid) when the run ends. */
const servers = [];
function serve(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"], ...opts });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  servers.push(child);
  return { child, log: () => err };
}
async function stopServers() {
  for (const c of servers) {
    if (c.exitCode === null) {
      c.kill("SIGTERM");
      await new Promise((r) => c.once("exit", r));
    }
  }
}

// --- the scratch project: the tarball installed; the engines' clients resolve from the root's node_modules ---
if (!existsSync(tarball)) throw new Error("dist/intercom-edge.tgz is missing: run make package");
rmSync(app, { recursive: true, force: true });
mkdirSync(app, { recursive: true });
writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "connections-app", private: true, type: "module", dependencies: { "intercom-edge": `file:${tarball}` } }));
const install = await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app });
if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.out}`);
for (const f of ["suite.mjs", "fixtures.mjs", "node-case.mjs", "deno-case.mjs", "worker-case.mjs"]) cpSync(path.join(here, f), path.join(app, f));
cpSync(path.join(root, "tests/package/harness.mjs"), path.join(app, "harness.mjs"));
const pkgDir = path.join(app, "node_modules/intercom-edge");

function resultsFrom(out) {
  const line = out.split("\n").find((l) => l.startsWith("@@RESULTS "));
  if (!line) throw new Error(`no results in output:\n${out.slice(-3000)}`);
  return JSON.parse(line.slice(10));
}

/** Runs the suite in Node over `engine` ("memory", "redis", "ioredis", "postgres") at `url`. */
async function nodeCase(engine, url) {
  const r = await exec(process.execPath, ["node-case.mjs", engine, url ?? ""], { cwd: app });
  return resultsFrom(r.out);
}

// --- one runner per store: starts the engine, runs the suite, returns { results, figures, dump } ---
const runners = {
  async memory() {
    return nodeCase("memory");
  },
  async redis() {
    const url = await redisServer();
    const out = await nodeCase("redis", url);
    return { ...out, dump: await redisDump(url) };
  },
  async upstash() {
    const url = await redisServer();
    const out = await nodeCase("upstash", url);
    return { ...out, dump: await redisDump(url) };
  },
  async ioredis() {
    const url = await redisServer();
    const out = await nodeCase("ioredis", url);
    return { ...out, dump: await redisDump(url) };
  },
  async postgres() {
    const url = await postgresServer();
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // The migration as shipped in the package.
    await client.query(readFileSync(path.join(pkgDir, "connections-postgres.sql"), "utf8"));
    const out = await nodeCase("postgres", url);
    const { rows } = await client.query("SELECT key, value FROM intercom_connections");
    await client.end();
    return { ...out, dump: JSON.stringify(rows) };
  },
  async "deno-kv"() {
    const dir = mkdtempSync(path.join(os.tmpdir(), "intercom-denokv-"));
    const file = path.join(dir, "kv.sqlite3");
    const r = await exec(path.join(root, "node_modules/.bin/deno"), ["run", "--unstable-kv", "--allow-read", `--allow-write=${dir}`, "--allow-env", "deno-case.mjs", file], {
      cwd: app, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    const out = resultsFrom(r.out);
    // The database file itself, as an operator would find it on disk.
    const dump = readFileSync(file).toString("latin1") + (existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).toString("latin1") : "");
    rmSync(dir, { recursive: true, force: true });
    return { ...out, dump: dump + out.dump };
  },
  kv: () => workerd("kv"),
  d1: () => workerd("d1"),
};

async function redisServer() {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "intercom-redis-"));
  const s = serve("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir]);
  const url = `redis://127.0.0.1:${port}`;
  const { createClient } = await import("redis");
  await waitFor(`redis-server (${s.log()})`, async () => {
    const c = await createClient({ url }).on("error", () => {}).connect();
    await c.ping();
    await c.quit();
  });
  return url;
}

async function redisDump(url) {
  const { createClient } = await import("redis");
  const c = await createClient({ url }).connect();
  const keys = await c.keys("*");
  const values = await Promise.all(keys.map((k) => c.get(k)));
  await c.quit();
  return JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, values[i]])));
}

/** A private cluster in a temp dir, run as the unprivileged postgres user (postgres refuses root). */
async function postgresServer() {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "intercom-pg-"));
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  chownSync(dir, uid, gid);
  chmodSync(dir, 0o700);
  const data = path.join(dir, "data");
  execFileSync("runuser", ["-u", "postgres", "--", `${PG_BIN}/initdb`, "-D", data, "-A", "trust", "-U", "intercom", "--no-sync", "-E", "UTF8"], { stdio: "ignore" });
  const s = serve("runuser", ["-u", "postgres", "--", `${PG_BIN}/postgres`, "-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]);
  const url = `postgres://intercom@127.0.0.1:${port}/postgres`;
  const pg = (await import("pg")).default;
  await waitFor(`postgres (${s.log().slice(-500)})`, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.end();
  });
  return url;
}

/** KV or D1 in workerd, through miniflare (wrangler's local mode uses the same). */
async function workerd(binding) {
  const miniflare = path.join(root, "examples/node_modules/miniflare/dist/src/index.js");
  if (!existsSync(miniflare)) throw new Error("miniflare is missing: run make setup (examples/ installs wrangler's)");
  const { Miniflare } = await import(pathToFileURL(miniflare));
  const esbuild = await import(path.join(root, "node_modules/esbuild/lib/main.js"));
  const dir = path.join(app, `workerd-${binding}`);
  mkdirSync(dir, { recursive: true });
  await esbuild.build({
    bundle: true, logLevel: "error", absWorkingDir: app, entryPoints: ["worker-case.mjs"], outfile: path.join(dir, "worker.js"),
    format: "esm", conditions: ["workerd", "worker", "browser"], external: ["*.wasm"],
  });
  cpSync(path.join(pkgDir, "oauth/intercom_edge_oauth_bg.wasm"), path.join(dir, "intercom_edge_oauth_bg.wasm"));
  const mf = new Miniflare({
    scriptPath: path.join(dir, "worker.js"),
    modules: true,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
    kvNamespaces: ["KV"],
    d1Databases: ["DB"],
  });
  try {
    if (binding === "d1") {
      // The migration as shipped in the package (one statement; D1's exec() splits on lines).
      const sql = readFileSync(path.join(pkgDir, "connections-d1.sql"), "utf8").split("\n").filter((l) => !l.startsWith("--")).join("\n");
      await (await mf.getD1Database("DB")).prepare(sql).run();
    }
    const res = await mf.dispatchFetch(`http://localhost/${binding}`);
    const out = resultsFrom(await res.text());
    let dump;
    if (binding === "kv") {
      const kv = await mf.getKVNamespace("KV");
      const entries = [];
      let cursor;
      do {
        const page = await kv.list({ cursor });
        for (const k of page.keys) entries.push([k.name, await kv.get(k.name)]);
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      dump = JSON.stringify(entries);
    } else {
      const { results } = await (await mf.getD1Database("DB")).prepare("SELECT key, value FROM intercom_connections").all();
      dump = JSON.stringify(results);
    }
    return { ...out, dump };
  } finally {
    await mf.dispose();
  }
}

// --- run, scan, report ---
const suiteTokens = [tokenOf("basic001", 0), tokenOf("revk0001", 0), tokenOf("keep0001", 0)];
for (let i = 0; i < 250; i++) suiteTokens.push(tokenOf(`page${i}`, 0));
for (let i = 0; i < WORKSPACES; i++) for (let n = 1; n <= INSTALLS; n++) suiteTokens.push(tokenOf(`conc${String(i).padStart(4, "0")}`, n));
const mockScenario = JSON.parse(readFileSync(path.join(root, "tests/mock/scenario.json"), "utf8"));
const scanner = secretScanner([...suiteTokens, KEYS.k1, KEYS.k2, mockScenario.oauth.client_secret]);

let passed = 0;
let failed = 0;
const summary = [];
try {
  for (const name of wanted) {
    const runner = runners[name];
    if (!runner) throw new Error(`unknown store ${name}; known: ${all.join(", ")}`);
    const t0 = Date.now();
    let out;
    try {
      out = await runner();
    } catch (err) {
      out = { results: [{ name: "starts and runs", ok: false, detail: String(err?.stack ?? err) }], figures: {} };
    }
    const ms = Date.now() - t0;
    const before = scanner.report().hits.length;
    scanner.scan(`${name} store dump`, out.dump ?? "");
    const dumpClean = out.dump ? scanner.report().hits.length === before : false;
    out.results.push({ name: "a dump of the store holds records, and no token, key or client secret", ok: dumpClean && out.dump.includes("intercom-edge:connection:"), detail: out.dump ? JSON.stringify(scanner.report().hits.slice(before)) : "no dump" });
    let ok = 0;
    for (const r of out.results) {
      r.ok ? (passed++, ok++) : failed++;
      console.log(`${r.ok ? "PASS" : "FAIL"} ${name}: ${r.name}`);
      if (!r.ok) console.log(`     ${String(r.detail).split("\n").join("\n     ")}`);
    }
    summary.push({ store: name, passed: ok, of: out.results.length, ms, ...out.figures, dumpBytes: out.dump?.length ?? 0 });
  }
} finally {
  await stopServers();
}
for (const s of summary) console.log(`store ${s.store}: ${s.passed}/${s.of} passed in ${(s.ms / 1000).toFixed(1)} s; concurrency ${JSON.stringify(s.concurrency ?? null)} in ${s.concurrencyMs ?? "?"} ms; dump ${s.dumpBytes} B scanned`);
const report = scanner.report();
console.log(`secret scan: ${report.secrets} secrets over ${report.observed} dumps (${report.bytes} B): ${report.hits.length} hits`);
writeFileSync(path.join(root, "tests/.scratch/connections-figures.json"), JSON.stringify({ summary, scan: report }, null, 2));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || report.hits.length ? 1 : 0);
