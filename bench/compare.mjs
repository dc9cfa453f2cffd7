// `make bench`: intercom-edge against the official intercom-client and a raw fetch, on what an
// edge worker pays, in one run, printed as the table of issue 12 with ratios:
//   bytes a Worker ships for listAdmins (esbuild --minify, gzip -9), the wasm and glue alone,
//   cold start in a fresh Node process, workerd startup of both Workers side by side,
//   time per listAdmins call (5 and 1,000 admins) and RSS from 1,000 to 50,000 calls.
// The mocks run in processes of their own so their JSON work is not billed to the client.
// Figures, not assertions (timings vary by machine); a call that fails stops the run.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { loadScenario } from "../tests/mock/server.mjs";
import { workerdConfig } from "../tests/support/runtimes.mjs";
import { CONTENDERS, MARKS, ROUND, ROUNDS, makeCall } from "./calls.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = path.join(root, "tests/.scratch/bench");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const esbuild = await import(path.join(root, "node_modules/esbuild/lib/main.js"));
const workerdBin = path.join(root, "node_modules/.bin/workerd");
const pkg = (f) => path.join(root, "dist/pkg", f);
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const int = (n) => Math.round(n).toLocaleString("en");
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (s) => process.stderr.write(`bench: ${s}\n`);

/** Bundles `code` (or the file `entry` when code is null) as a Worker or Node bundle would be. */
async function bundle(name, code, options, entry = path.join(work, `${name}.mjs`)) {
  if (code !== null) writeFileSync(entry, code);
  const outfile = path.join(work, `${name}.bundle.js`);
  await esbuild.build({
    entryPoints: [entry], outfile, bundle: true, minify: true, format: "esm", logLevel: "error",
    nodePaths: [path.join(root, "node_modules")],
    alias: {
      "intercom-edge-under-bench": pkg("workerd.js"),
      // The subpaths, by names of their own (an alias of the root would also rewrite `…/client`).
      ...Object.fromEntries(["client", "oauth", "webhooks"].map((n) => [`intercom-edge-under-bench-${n}`, pkg(`${n}/workerd.js`)])),
    },
    ...options,
  });
  return outfile;
}
const workerBuild = { conditions: ["workerd", "worker", "browser"], platform: "neutral", mainFields: ["module", "main"], external: ["*.wasm"] };

// --- bytes: what a Worker bundle carries ---
log("bytes");
const workerEntries = {
  "intercom-edge": `import { IntercomClient } from "intercom-edge-under-bench";
export default { fetch: (r, env) => new IntercomClient({ token: env.T }).listAdmins() };`,
  "intercom-client": `import { IntercomClient } from "intercom-client";
export default { fetch: (r, env) => new IntercomClient({ token: env.T }).admins.list() };`,
  // Every capability kept: all exports reachable, so nothing can be tree-shaken away.
  "intercom-edge, every export": `import * as all from "intercom-edge-under-bench";
export default { fetch: () => Response.json(Object.keys(all)) };`,
  // The subpaths, each in the worker it is for (README's examples).
  "intercom-edge/client": `import { IntercomClient } from "intercom-edge-under-bench-client";
export default { fetch: (r, env) => new IntercomClient({ token: env.T }).listAdmins() };`,
  "intercom-edge/oauth": `import { authorizeUrl, createState, stateCookie, parseCallback, exchangeCode, IntercomClient, verifyIdentity, sealToken } from "intercom-edge-under-bench-oauth";
export default { async fetch(request, env) {
  if (new URL(request.url).pathname === "/install") {
    const nonce = crypto.randomUUID();
    const state = await createState({ secret: env.S, nonce });
    return new Response(null, { status: 302, headers: { location: authorizeUrl({ clientId: env.ID, state }), "set-cookie": stateCookie(nonce) } });
  }
  const { code } = await parseCallback(request, { secret: env.S });
  const { token } = await exchangeCode({ code, clientId: env.ID, clientSecret: env.CS });
  const me = await new IntercomClient({ token, region: "auto" }).me();
  verifyIdentity(me);
  await env.KV.put(me.app.id_code, await sealToken(token, { key: env.K }));
  return new Response("installed");
} };`,
  "intercom-edge/webhooks": `import { receiveWebhook } from "intercom-edge-under-bench-webhooks";
export default { async fetch(request, env) {
  const event = await receiveWebhook(request, { clientSecret: env.CS });
  return Response.json({ kind: event.kind, topic: event.topic });
} };`,
};
const wasm = readFileSync(pkg("intercom_edge_bg.wasm"));
const glue = readFileSync(pkg("intercom_edge.js"));
/** The wasm modules a Worker bundle imports (kept external, as wrangler uploads them), from dist/pkg. */
const wasmFiles = Object.fromEntries(readdirSync(pkg(""), { recursive: true }).filter((f) => f.endsWith(".wasm")).map((f) => [path.basename(f), pkg(f)]));
const importedWasm = (js) => [...new Set([...js.toString().matchAll(/["']\.\/([\w.-]+\.wasm)["']/g)].map((m) => m[1]))]
  .map((f) => readFileSync(wasmFiles[f]));
const bytes = {};
for (const [name, code] of Object.entries(workerEntries)) {
  const js = readFileSync(await bundle(name.replace(/\W+/g, "-"), code, workerBuild));
  const ws = importedWasm(js);
  const wRaw = ws.reduce((n, w) => n + w.length, 0);
  const wGz = ws.reduce((n, w) => n + gz(w), 0);
  bytes[name] = { raw: js.length + wRaw, gz: gz(js) + wGz, js: js.length, jsGz: gz(js), wasmRaw: wRaw, wasmGz: wGz, wasms: ws.length };
}

// --- cold start: import → client built, in a fresh Node process ---
log("cold start in Node");
const officialBundle = await bundle("official-node", `export { IntercomClient } from "intercom-client";`, {
  platform: "node", conditions: ["node"],
});
const loaders = {
  "intercom-edge": pkg("node.js"),
  "intercom-edge/client": pkg("client/node.js"),
  "intercom-client (one bundle)": officialBundle,
  "intercom-client (installed)": "intercom-client",
};
const cold = {};
for (const [name, spec] of Object.entries(loaders)) {
  const file = path.join(root, `bench/.load-${name.replace(/\W+/g, "-")}.mjs`);
  writeFileSync(file, `const t=performance.now();const m=await import(${JSON.stringify(spec)});new m.IntercomClient({token:"t"});console.log(performance.now()-t)`);
  cold[name] = [];
  try {
    for (let i = 0; i < 15; i++) cold[name].push(Number(execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8" })));
  } finally {
    rmSync(file);
  }
}
// Where intercom-edge's cold start goes (bench/cold-parts.mjs), median per step of 15 runs.
const coldRuns = [];
for (let i = 0; i < 15; i++) {
  coldRuns.push(JSON.parse(execFileSync(process.execPath, [path.join(root, "bench/cold-parts.mjs"), pkg("")], { cwd: root, encoding: "utf8" })));
}
const coldParts = Object.keys(coldRuns[0]).map((k) => `${k} ${median(coldRuns.map((r) => r[k])).toFixed(1)}`).join(", ");

// --- workerd startup: `workerd test` of a worker that builds a client, wall time ---
log("workerd startup");
function runWorkerd(dir, { timeoutMs = 120_000, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(workerdBin, ["test", "config.capnp"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`workerd test failed (${code}):\n${out.slice(-2000)}`));
      else resolve(performance.now() - t);
    });
    onSpawn?.(child);
  });
}
function workerDir(name, bundleFile, { withWasm, bindings, v8Flags, port }) {
  const dir = path.join(work, `workerd-${name.replace(/\W+/g, "-")}`);
  mkdirSync(dir, { recursive: true });
  cpSync(bundleFile, path.join(dir, "worker.js"));
  if (withWasm) cpSync(pkg("intercom_edge_bg.wasm"), path.join(dir, "intercom_edge_bg.wasm"));
  writeFileSync(path.join(dir, "config.capnp"), workerdConfig({ wasm: withWasm, bindings, v8Flags, port }));
  return dir;
}
const startupWorkers = {
  "intercom-edge": `import { IntercomClient } from "intercom-edge-under-bench";
export default { test() { new IntercomClient({ token: "t" }); } };`,
  "intercom-client": `import { IntercomClient } from "intercom-client";
export default { test() { new IntercomClient({ token: "t" }); } };`,
  "empty worker": `export default { test() {} };`,
};
const startupDirs = {};
for (const [name, code] of Object.entries(startupWorkers)) {
  const file = await bundle(`startup-${name.replace(/\W+/g, "-")}`, code, workerBuild);
  startupDirs[name] = workerDir(`startup-${name}`, file, { withWasm: name === "intercom-edge" });
}
const workerdStart = Object.fromEntries(Object.keys(startupDirs).map((n) => [n, []]));
for (let i = 0; i < 15; i++) {
  for (const [name, dir] of Object.entries(startupDirs)) workerdStart[name].push(await runWorkerd(dir));
}

/** `workerd serve` on a socket we opened on port 0 (handed over as fd 3); RSS read between rounds. */
async function workerdMemory(who) {
  const dir = workerDir(`memory-${who}`, memoryBundle, {
    // --trace-gc: V8 prints each collection, so the heap it keeps after our gc() is read beside RSS.
    withWasm: true, v8Flags: ["--expose-gc", "--trace-gc"], port: "0",
    bindings: { WHO: who, URL: small.url, TOKEN: small.token },
  });
  const socket = net.createServer();
  await new Promise((r) => socket.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${socket.address().port}/`;
  // stdbuf -oL: V8 prints the GC trace through stdio, which a pipe would hold back in blocks.
  // stdbuf execs workerd, so the pid is workerd's.
  const lineBuffered = existsSync("/usr/bin/stdbuf") ? ["/usr/bin/stdbuf", "-oL", workerdBin] : [workerdBin];
  const child = spawn(lineBuffered[0], [...lineBuffered.slice(1), "serve", "config.capnp", "--socket-fd", "http=3"], {
    cwd: dir, stdio: ["ignore", "pipe", "inherit", socket._handle.fd],
  });
  children.push(child);
  // The last full collection's "Mark-Compact used (committed) -> used (committed) MB" line:
  // after each round that is the Worker's own gc().
  let lastHeap;
  let pending = "";
  child.stdout.on("data", (d) => {
    const lines = (pending + d).split("\n");
    pending = lines.pop();
    for (const line of lines) {
      const m = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB/.exec(line);
      if (m) lastHeap = { used: Number(m[1]), committed: Number(m[2]) };
    }
  });
  socket.close(); // workerd holds its own copy; this process must not accept on it
  const readRss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) * 1024;
  const rss = {};
  const heap = {};
  let gcRan = false;
  try {
    for (let r = 1; r <= ROUNDS; r++) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`workerd ${who}: round ${r} answered ${res.status}: ${await res.text()}`);
      gcRan = (await res.json()).gc;
      if (MARKS.includes(r)) {
        rss[r * ROUND] = readRss();
        heap[r * ROUND] = lastHeap; // printed by the gc() before the Worker answered
      }
    }
  } finally {
    child.kill("SIGTERM");
  }
  return { ...rss, gcRan, heap };
}

// --- the mocks: 5 admins and 1,000 admins, each in a process of its own ---
function scenarioWith(admins) {
  const s = loadScenario();
  const ws = s.workspaces.find((w) => w.key === "us");
  const seed = ws.admins[0];
  ws.admins = Array.from({ length: admins }, (_, i) => ({
    ...seed, id: String(991300000 + i), name: `Admin ${i}`, email: `admin${i}@acme.example`,
    avatar: `https://static.intercomassets.com/avatars/${991300000 + i}/square_128/a.png`,
  }));
  return s;
}
const children = [];
async function startMockProcess(admins) {
  const file = path.join(work, `scenario-${admins}.json`);
  writeFileSync(file, JSON.stringify(scenarioWith(admins)));
  const child = spawn(process.execPath, [path.join(root, "tests/mock/server.mjs"), "--port", "0", "--scenario", file, "--rate-limit", "1000000000"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  let out = "";
  await new Promise((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`mock exited ${code}: ${out}`)));
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("oauth client_id")) resolve();
    });
  });
  const url = /listening on (\S+)/.exec(out)[1];
  const token = /region US app \S+ token (\S+)/.exec(out)[1];
  return { url, token, admins };
}
const stopMocks = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("exit", stopMocks);

const small = await startMockProcess(5);
const large = await startMockProcess(1_000);
const bodyBytes = (await (await fetch(`${large.url}/admins`, { headers: { authorization: `Bearer ${large.token}`, "intercom-version": "2.14" } })).arrayBuffer()).byteLength;

// --- per call: interleaved rounds; wall time and this process's CPU time (the client's work
// alone: the mock runs elsewhere), each the median over rounds, ratios the median per round.
// Each round starts with the next contender: in a fixed order, the one after intercom-client
// always paid for the garbage it left (raw fetch did), and 6 rounds gave 1.05x and 1.15x for
// the same code at 1,000 admins ---
const libs = {
  "intercom-edge": await import(pkg("node.js")),
  "intercom-client": await import("intercom-client"),
  "raw fetch": null,
  "raw fetch + timeout": null,
};
async function perCall(mock, rounds, calls, warm) {
  const fns = {};
  for (const who of CONTENDERS) {
    fns[who] = makeCall(who, libs[who], mock);
    const r = await fns[who]();
    const n = r?.admins?.length;
    if (n !== mock.admins) throw new Error(`${who}: expected ${mock.admins} admins, got ${n}`);
    // Warm-up, the same for all three: the wasm tiers up and the glue is optimized within the
    // first ~2,000 calls (the 5-admin ratio fell from ~1.35x to ~1.27x over them).
    for (let i = 0; i < warm; i++) await fns[who]();
  }
  const wall = Object.fromEntries(CONTENDERS.map((w) => [w, []]));
  const cpu = Object.fromEntries(CONTENDERS.map((w) => [w, []]));
  for (let r = 0; r < rounds; r++) {
    const order = CONTENDERS.map((_, i) => CONTENDERS[(r + i) % CONTENDERS.length]);
    for (const who of order) {
      const t = performance.now();
      const c = process.cpuUsage();
      for (let i = 0; i < calls; i++) await fns[who]();
      const used = process.cpuUsage(c);
      wall[who].push(((performance.now() - t) / calls) * 1000);
      cpu[who].push((used.user + used.system) / calls);
    }
  }
  const per = (series, who) => ({
    us: median(series[who]),
    ratio: median(series[who].map((v, i) => v / series["raw fetch"][i])),
  });
  return Object.fromEntries(CONTENDERS.map((w) => [w, { wall: per(wall, w), cpu: per(cpu, w) }]));
}
log("per call, 5 admins");
const call5 = await perCall(small, 12, 500, 2_000);
log("per call, 1,000 admins");
const call1000 = await perCall(large, 12, 50, 200);

// --- memory: RSS after 1,000 and 50,000 calls (5 admins), Node and workerd ---
const memoryWho = ["intercom-edge", "raw fetch"];
const memory = { node: {}, nodeRetained: {}, workerd: {} };
for (const who of memoryWho) {
  log(`memory in Node: ${who}`);
  const out = execFileSync(process.execPath, ["--expose-gc", path.join(root, "bench/memory-node.mjs"), who, who === "raw fetch" ? "-" : pkg("node.js"), small.url, small.token], { encoding: "utf8" });
  const { rss, retained } = JSON.parse(out.trim().split("\n").pop());
  memory.node[who] = rss;
  memory.nodeRetained[who] = retained;
}
const memoryBundle = await bundle("memory-worker", null, workerBuild, path.join(root, "bench/memory-worker.mjs"));
for (const who of memoryWho) {
  log(`memory in workerd: ${who}`);
  memory.workerd[who] = await workerdMemory(who);
}
stopMocks();

// --- the table ---
const e = bytes["intercom-edge"];
const o = bytes["intercom-client"];
const all = bytes["intercom-edge, every export"];
const coldEdge = median(cold["intercom-edge"]);
const coldClient = median(cold["intercom-edge/client"]);
const coldBundle = median(cold["intercom-client (one bundle)"]);
const ws = Object.fromEntries(Object.entries(workerdStart).map(([k, v]) => [k, median(v)]));
const us = (m) => `${int(m.wall.us)} µs (${m.wall.ratio.toFixed(2)}×); CPU ${int(m.cpu.us)} µs (${m.cpu.ratio.toFixed(2)}×)`;
const mem = (m) => {
  const at = (r) => m[r * ROUND];
  const [first, last] = [at(MARKS[0]), at(ROUNDS)];
  const series = MARKS.map((r) => (at(r) / 2 ** 20).toFixed(1)).join(" → ");
  return `${series} MiB (${ratio(last, first)}; last half ${ratio(last, at(ROUNDS / 2))})`;
};
const marks = MARKS.map((r) => int(r * ROUND)).join(" → ");
const v8heap = (h) => MARKS.map((r) => h[r * ROUND]).map((x) => (x ? `${x.used} / ${x.committed}` : "?")).join(" → ");
const rows = [
  ["metric", "intercom-edge", "intercom-client 7.0.3", "raw `fetch` + `res.json()`"],
  ["what a Worker ships for one `listAdmins` (esbuild --minify JS + wasm)",
    `${kib(e.raw)}, **${kib(e.gz)} gzip** (${ratio(e.gz, o.gz)} gzip, ${ratio(e.raw, o.raw)} raw); every export: ${kib(all.raw)}, ${kib(all.gz)} gzip (${ratio(all.gz, o.gz)})`,
    `${kib(o.raw)}, **${kib(o.gz)} gzip**`, "—"],
  ["wasm / JS glue", `${int(wasm.length)} B (${int(gz(wasm))} gz) / ${int(glue.length)} B (${int(gz(glue))} gz)`, "—", "—"],
  ...[["intercom-edge/client", "a token-only Worker (`listAdmins`)"], ["intercom-edge/oauth", "an OAuth install Worker (install + callback: state, exchange, `me`, `verifyIdentity`, `sealToken`)"],
    ["intercom-edge/webhooks", "a webhook Worker (`receiveWebhook`)"]].map(([entry, what]) => {
    const b = bytes[entry];
    return [`what ${what} ships via \`${entry}\` (esbuild --minify JS + its wasm)`,
      `${kib(b.raw)}, **${kib(b.gz)} gzip** (${ratio(b.gz, o.gz)} gzip, ${ratio(b.raw, o.raw)} raw; wasm ${kib(b.wasmGz)} gz, JS ${kib(b.jsGz)} gz)`,
      `${kib(o.raw)}, **${kib(o.gz)} gzip** (its \`listAdmins\` bundle)`, "—"];
  }),
  ["cold: import → client built, fresh Node process, median of 15",
    `**${coldEdge.toFixed(1)} ms** (${ratio(coldEdge, coldBundle)} of one bundle); \`intercom-edge/client\` **${coldClient.toFixed(1)} ms** (${ratio(coldClient, coldBundle)})`,
    `${coldBundle.toFixed(1)} ms as one bundle, ${median(cold["intercom-client (installed)"]).toFixed(0)} ms as installed`, "—"],
  ["cold, step by step (bench/cold-parts.mjs, ms, median of 15)", coldParts, "—", "—"],
  ["workerd startup: `workerd test` building a client, median of 15 (empty worker " + `${ws["empty worker"].toFixed(0)} ms)`,
    `${ws["intercom-edge"].toFixed(0)} ms (+${(ws["intercom-edge"] - ws["empty worker"]).toFixed(0)} ms; ${ratio(ws["intercom-edge"], ws["intercom-client"])})`,
    `${ws["intercom-client"].toFixed(0)} ms (+${(ws["intercom-client"] - ws["empty worker"]).toFixed(0)} ms)`, "—"],
  ["per `listAdmins`, 5 admins, 12 × 500 calls (each round starts with the next contender): wall, and the client's CPU",
    `**${us(call5["intercom-edge"])}**`, us(call5["intercom-client"]), us(call5["raw fetch"])],
  [`per \`listAdmins\`, 1,000 admins (${int(bodyBytes / 1000)} KB body), 12 × 50 calls`,
    `**${us(call1000["intercom-edge"])}**`, us(call1000["intercom-client"]), us(call1000["raw fetch"])],
  // Not a target: what the timeout every intercom-edge call has costs a raw fetch, same rounds.
  ["for reference: raw `fetch` with a per-call timeout (AbortController, its signal, a 20 s timer), 5 admins / 1,000 admins, same rounds",
    "—", "—", `${us(call5["raw fetch + timeout"])} / ${us(call1000["raw fetch + timeout"])}`],
  [`memory: RSS after ${marks} calls, Node (after gc)`, mem(memory.node["intercom-edge"]), "—", mem(memory.node["raw fetch"])],
  // RSS follows V8's heap sizing and the allocator's free pages; a leak shows here.
  ["memory: retained after gc (V8 heap used + external, which holds the wasm memory), same points, Node",
    mem(memory.nodeRetained["intercom-edge"]), "—", mem(memory.nodeRetained["raw fetch"])],
  [`memory: RSS after ${marks} calls, workerd (${memory.workerd["raw fetch"].gcRan ? "after gc" : "no gc available"})`, mem(memory.workerd["intercom-edge"]), "—", mem(memory.workerd["raw fetch"])],
  // What V8 keeps after that gc (a leak grows "used"), and what it has reserved for the heap:
  // its young generation grows with the garbage made per round, which RSS follows.
  ["memory: workerd's V8 heap after gc, used / committed MB, same points",
    v8heap(memory.workerd["intercom-edge"].heap), "—", v8heap(memory.workerd["raw fetch"].heap)],
];
console.log(`intercom-edge bench, Node ${process.version}, ${new Date().toISOString()}\n`);
for (const [i, r] of rows.entries()) {
  console.log(`| ${r.join(" | ")} |`);
  if (i === 0) console.log(`|${r.map(() => "---").join("|")}|`);
}
console.log(`\nTargets (issue 12): bytes ≤ 1.0× gzip and ≤ 0.25× raw; cold ≤ 0.2×; per call ≤ 1.2× (5 admins) and ≤ 1.1× (1,000); memory ≤ 1.05×.`);
