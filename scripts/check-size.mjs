// Fails `make package` when the shipped wasm or JS glue grows past size-budget.json, so no
// change grows what every worker uploads without saying so. Usage: node scripts/check-size.mjs
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const root = new URL("../", import.meta.url);
const budgetFile = "size-budget.json";
const budget = JSON.parse(readFileSync(new URL(budgetFile, root), "utf8"));
const files = { wasm: "dist/pkg/intercom_edge_bg.wasm", glue: "dist/pkg/intercom_edge.js" };

const over = [];
for (const [part, file] of Object.entries(files)) {
  const bytes = readFileSync(new URL(file, root));
  const measured = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  for (const kind of ["raw", "gzip"]) {
    const limit = budget[part]?.[kind];
    if (typeof limit !== "number") {
      over.push(`${budgetFile} has no ${part}.${kind} limit`);
    } else if (measured[kind] > limit) {
      over.push(`${part} ${kind} is ${measured[kind].toLocaleString("en")} B, over the budget of ${limit.toLocaleString("en")} B (${file})`);
    }
  }
}
if (over.length) {
  console.error(`size budget exceeded:\n  ${over.join("\n  ")}\n` +
    `Cut the growth, or if it is intended raise the limit in ${budgetFile} to the measured size only.`);
  process.exit(1);
}
console.log(`size: within ${budgetFile}`);
