// `make bench`, the typed calls and paginate(): what they cost a worker and a TypeScript user.
//   - wasm + glue gzip per entry against the package before them (main at bc86f1b, as `make
//     package` measured it there), and that no endpoint of either spec reaches a wasm or glue
//     (the per-endpoint cost is 0 B: the endpoints are types only);
//   - `tsc --strict` time for tests/types/typed-calls.ts (a user file of 20+ typed calls over
//     both versions) against the packed declarations, TypeScript 7 and 5.0;
//   - memory over 100 pages of 50 contacts in Node (node --expose-gc), the mock in a process
//     of its own: V8's live heap plus external memory after GC, at pages 10, 50 and 100.
// Figures, not assertions. Needs `make package`.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { ENTRIES } from "../scripts/entries.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = path.join(root, "tests/.scratch/bench-pages");
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const int = (n) => Math.round(n).toLocaleString("en");

/** wasm and glue gzip per entry before the typed calls and paginate (make package at bc86f1b). */
const BEFORE = {
  "intercom-edge": { wasm: 54_377, glue: 7_642 },
  "intercom-edge/client": { wasm: 23_674, glue: 5_609 },
  "intercom-edge/oauth": { wasm: 41_627, glue: 7_182 },
  "intercom-edge/webhooks": { wasm: 17_008, glue: 3_776 },
};

if (process.argv[2] === "--memory") {
  // The child: page through the mock's contacts, recording memory after GC as it goes.
  const [, , , modulePath, url, token] = process.argv;
  const { IntercomClient } = await import(modulePath);
  const intercom = new IntercomClient({ token, baseUrl: url });
  const marks = {};
  let items = 0;
  for await (const _ of intercom.paginate("/contacts", { pageSize: 50 })) {
    if (++items % 50 !== 0) continue;
    const page = items / 50;
    if (![1, 10, 50, 100].includes(page)) continue;
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10));
    globalThis.gc();
    const m = process.memoryUsage();
    marks[page] = { retained: m.heapUsed + m.external, rss: m.rss };
  }
  console.log(JSON.stringify({ items, marks }));
  process.exit(0);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const out = [];

// --- bytes ---
const pathsOf = (version) =>
  [...readFileSync(path.join(root, `pkg-template/intercom-api-${version}.d.ts`), "utf8").matchAll(/^    "(\/[^"]+)": \{$/gm)].map((m) => m[1]);
const endpoints = [...new Set([...pathsOf("2.14"), ...pathsOf("2.16")])];
out.push("## Typed calls and paginate: bytes per entry (gzip -9; before = bc86f1b)", "", "| Entry | wasm before → now | glue before → now | growth |", "|---|---|---|---|");
let leaked = [];
for (const entry of ENTRIES) {
  const wasm = readFileSync(path.join(root, "dist/pkg", entry.dir, entry.wasm));
  const glue = readFileSync(path.join(root, "dist/pkg", entry.dir, "intercom_edge.js"));
  const b = BEFORE[entry.specifier];
  const growth = gz(wasm) + gz(glue) - b.wasm - b.glue;
  out.push(`| ${entry.specifier} | ${int(b.wasm)} → ${int(gz(wasm))} B | ${int(b.glue)} → ${int(gz(glue))} B | ${growth >= 0 ? "+" : ""}${int(growth)} B |`);
  const text = wasm.toString("latin1") + glue.toString("utf8");
  leaked.push(...endpoints.filter((p) => p.includes("{") && text.includes(p)));
}
const specBytes = ["2.14", "2.16"].map((v) => readFileSync(path.join(root, `dist/pkg/intercom-api-${v}.d.ts`)).length);
out.push("", `Per endpoint: ${leaked.length ? `${leaked.length} spec paths found in a wasm or glue (${leaked.slice(0, 3)})` : "0 B"} — ${endpoints.length} paths of 2.14 and 2.16 are types only (intercom-api-2.14.d.ts ${int(specBytes[0])} B, intercom-api-2.16.d.ts ${int(specBytes[1])} B, once in the tarball, not in any worker).`);

// --- tsc time for a user file of typed calls ---
const app = path.join(work, "app");
mkdirSync(path.join(app, "node_modules"), { recursive: true });
cpSync(path.join(root, "dist/pkg"), path.join(app, "node_modules/intercom-edge"), { recursive: true });
cpSync(path.join(root, "tests/types/typed-calls.ts"), path.join(app, "typed-calls.ts"));
writeFileSync(path.join(app, "package.json"), JSON.stringify({ type: "module", private: true }));
writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", lib: ["es2022", "dom"], skipLibCheck: false, types: [] }, files: ["typed-calls.ts"] }));
const calls = (readFileSync(path.join(app, "typed-calls.ts"), "utf8").match(/\.(GET|POST|PUT|PATCH|DELETE|paginate)\(/g) ?? []).length;
const compilers = { "TypeScript 7.0.2": path.join(root, "node_modules/typescript/bin/tsc"), "TypeScript 5.0.4": path.join(root, "tests/examples/compat/node_modules/typescript-min/bin/tsc") };
out.push("", `## tsc --strict on a user file of ${calls} typed calls (tests/types/typed-calls.ts), no skipLibCheck`, "");
for (const [name, tsc] of Object.entries(compilers)) {
  if (!existsSync(tsc)) {
    out.push(`- ${name}: not installed (make setup)`);
    continue;
  }
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, [tsc, "-p", app], { stdio: "pipe" });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  out.push(`- ${name}: ${(times[1] / 1000).toFixed(2)} s (median of 3)`);
}

// --- memory over 100 pages ---
const scenario = JSON.parse(readFileSync(path.join(root, "tests/mock/scenario.json"), "utf8"));
scenario.workspaces.find((w) => w.key === "lists").contacts = 5000;
scenario.rateLimit = { limit: 100_000, windowMs: 10_000 };
const scenarioFile = path.join(work, "scenario.json");
writeFileSync(scenarioFile, JSON.stringify(scenario));
const mock = spawn(process.execPath, [path.join(root, "tests/mock/server.mjs"), "--port", "0", "--scenario", scenarioFile], { stdio: ["ignore", "pipe", "inherit"] });
const banner = await new Promise((resolve) => {
  let text = "";
  mock.stdout.on("data", (d) => {
    text += d;
    if (text.includes("oauth client_id")) resolve(text);
  });
});
const url = /listening on (\S+)/.exec(banner)[1];
const token = /workspace Lists Ltd .* token (\S+)/.exec(banner)[1];
try {
  const r = JSON.parse(execFileSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--memory", path.join(root, "dist/pkg/node.js"), url, token], { encoding: "utf8" }));
  const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  out.push("", `## Memory while paging ${int(r.items)} contacts, 50 a page (Node ${process.version}, after GC)`, "", "| After page | heap + external | RSS |", "|---|---|---|");
  for (const [page, m] of Object.entries(r.marks)) out.push(`| ${page} | ${mb(m.retained)} | ${mb(m.rss)} |`);
} finally {
  mock.kill("SIGTERM");
}
console.log(out.join("\n"));
