// intercom-edge against the official intercom-client, on what an edge worker pays:
// bytes shipped (minified bundle for one listAdmins call, raw and gzip), cold load time in
// a fresh Node process, and time per listAdmins call against the local mock.
// Usage: make package && node bench/compare.mjs   (figures go to stdout; nothing is asserted)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { startMock } from "../tests/mock/server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = path.join(root, "tests/.scratch/bench");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const esbuild = await import(path.join(root, "node_modules/esbuild/lib/main.js"));
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const fmt = (n) => n.toLocaleString("en");

// --- bytes: what a Worker bundle carries for one listAdmins call ---
const entries = {
  "intercom-edge": `import { IntercomClient } from ${JSON.stringify(path.join(root, "dist/pkg/workerd.js"))};
export default { fetch: (r, env) => new IntercomClient({ token: env.T }).listAdmins() };`,
  "intercom-client": `import { IntercomClient } from "intercom-client";
export default { fetch: (r, env) => new IntercomClient({ token: env.T }).admins.list() };`,
};
const sizes = {};
for (const [name, code] of Object.entries(entries)) {
  writeFileSync(path.join(work, `${name}.mjs`), code);
  const out = path.join(work, `${name}.bundle.js`);
  await esbuild.build({
    entryPoints: [path.join(work, `${name}.mjs`)], outfile: out, bundle: true, minify: true, format: "esm",
    conditions: ["workerd", "worker", "browser"], platform: "neutral", mainFields: ["module", "main"],
    external: ["*.wasm"], nodePaths: [path.join(root, "node_modules")], logLevel: "error",
  });
  const js = readFileSync(out);
  const wasm = name === "intercom-edge" ? readFileSync(path.join(root, "dist/pkg/intercom_edge_bg.wasm")) : Buffer.alloc(0);
  sizes[name] = { jsRaw: js.length, jsGz: gz(js), wasmRaw: wasm.length, wasmGz: wasm.length ? gz(wasm) : 0 };
}
console.log("bytes a Worker ships for listAdmins (esbuild --minify, gzip -9):");
for (const [name, s] of Object.entries(sizes)) {
  console.log(`  ${name.padEnd(16)} js ${fmt(s.jsRaw)} B (${fmt(s.jsGz)} gz) + wasm ${fmt(s.wasmRaw)} B (${fmt(s.wasmGz)} gz) = ${fmt(s.jsRaw + s.wasmRaw)} B (${fmt(s.jsGz + s.wasmGz)} gz)`);
}

// --- cold load: a fresh Node process importing the package and building a client ---
const loaders = {
  "intercom-edge": `const t=performance.now();const m=await import(${JSON.stringify(path.join(root, "dist/pkg/node.js"))});new m.IntercomClient({token:"t"});console.log(performance.now()-t)`,
  "intercom-client": `const t=performance.now();const m=await import("intercom-client");new m.IntercomClient({token:"t"});console.log(performance.now()-t)`,
};
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log("cold import + constructor in a fresh node process (median of 15):");
for (const [name, code] of Object.entries(loaders)) {
  const file = path.join(root, `bench/.load-${name}.mjs`);
  writeFileSync(file, code);
  const runs = [];
  for (let i = 0; i < 15; i++) runs.push(Number(execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8" })));
  rmSync(file);
  console.log(`  ${name.padEnd(16)} ${median(runs).toFixed(1)} ms`);
}

// --- per call: listAdmins against the mock over loopback HTTP ---
const mock = await startMock({ rateLimit: 1_000_000 });
const { IntercomClient: Edge } = await import(path.join(root, "dist/pkg/node.js"));
const { IntercomClient: Official } = await import("intercom-client");
const clients = {
  "intercom-edge": new Edge({ token: mock.tokens.us.valid, baseUrl: mock.url }),
  "intercom-client": new Official({ token: mock.tokens.us.valid, baseUrl: mock.url }),
};
const call = { "intercom-edge": (c) => c.listAdmins(), "intercom-client": (c) => c.admins.list() };
console.log("listAdmins against the mock (500 sequential calls after 50 warm-up; mean):");
for (const [name, c] of Object.entries(clients)) {
  for (let i = 0; i < 50; i++) await call[name](c);
  const t = performance.now();
  for (let i = 0; i < 500; i++) await call[name](c);
  console.log(`  ${name.padEnd(16)} ${((performance.now() - t) / 500).toFixed(3)} ms/call`);
}
await mock.stop();
