// One memory run in a fresh Node process (node --expose-gc): prints {"1000": rss, "25000": rss, "50000": rss}.
// Usage: node --expose-gc bench/memory-node.mjs <contender> <module path or -> <url> <token>
import { MARKS, ROUND, ROUNDS, round } from "./calls.mjs";

const [who, modulePath, url, token] = process.argv.slice(2);
const lib = modulePath === "-" ? null : await import(modulePath);
const rss = {};
for (let r = 1; r <= ROUNDS; r++) {
  await round(who, lib, { url, token });
  if (MARKS.includes(r)) {
    // Two passes: the first may only schedule finalizers (wasm-bindgen frees through them).
    globalThis.gc();
    await new Promise((done) => setTimeout(done, 10));
    globalThis.gc();
    rss[r * ROUND] = process.memoryUsage().rss;
  }
}
console.log(JSON.stringify(rss));
