// Fails `make package` when an entry's shipped wasm or JS glue grows past size-budget.json, so
// no change grows what a worker uploads without saying so. The root entry's limits are the
// top-level `wasm` and `glue`; each subpath's sit under its name (`client`, `oauth`, …).
// Usage: node scripts/check-size.mjs
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { ENTRIES } from "./entries.mjs";

const root = new URL("../", import.meta.url);
const budgetFile = "size-budget.json";
const budget = JSON.parse(readFileSync(new URL(budgetFile, root), "utf8"));

const over = [];
for (const entry of ENTRIES) {
  const limits = entry.dir ? budget[entry.name] : budget;
  const label = entry.dir ? `${entry.name}.` : "";
  const files = { wasm: `dist/pkg/${entry.dir}${entry.wasm}`, glue: `dist/pkg/${entry.dir}intercom_edge.js` };
  for (const [part, file] of Object.entries(files)) {
    const bytes = readFileSync(new URL(file, root));
    const measured = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    for (const kind of ["raw", "gzip"]) {
      const limit = limits?.[part]?.[kind];
      if (typeof limit !== "number") {
        over.push(`${budgetFile} has no ${label}${part}.${kind} limit`);
      } else if (measured[kind] > limit) {
        over.push(`${label}${part} ${kind} is ${measured[kind].toLocaleString("en")} B, over the budget of ${limit.toLocaleString("en")} B (${file})`);
      }
    }
  }
}
if (over.length) {
  console.error(`size budget exceeded:\n  ${over.join("\n  ")}\n` +
    `Cut the growth, or if it is intended raise the limit in ${budgetFile} to the measured size only.`);
  process.exit(1);
}
console.log(`size: every entry within ${budgetFile}`);
