// Memory while an answer that never ends is refused: Node's RSS before the call, its peak while
// the call runs (sampled every 5 ms) and after it (after a GC), for the default limit and a 1 MiB
// one, over real HTTP from a local server that writes 64 KiB chunks as fast as they are read.
// Figures, not assertions. Usage: node --expose-gc bench/bounded-read.mjs [dist/pkg]
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = path.resolve(process.argv[2] ?? "dist/pkg");
const { IntercomClient } = await import(pathToFileURL(path.join(dir, "node.js")).href);
const MiB = 1024 * 1024;

const chunk = Buffer.alloc(64 * 1024, 0x20);
const server = http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on("drain", pump);
  pump();
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const rss = () => process.memoryUsage().rss;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function measure(label, options) {
  await settle();
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 5);
  const started = Date.now();
  let outcome;
  try {
    await new IntercomClient({ token: "dG9rOmJlbmNo", baseUrl, maxRetries: 0, ...options }).listAdmins();
    outcome = "resolved";
  } catch (e) {
    outcome = e.code;
  }
  const ms = Date.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, rss());
  await settle();
  const after = rss();
  const mib = (n) => `${(n / MiB).toFixed(1)} MiB`;
  console.log(`${label}: ${outcome} in ${ms} ms; RSS before ${mib(before)}, peak ${mib(peak)} (+${mib(peak - before)}), after ${mib(after)}`);
}

// The first call also pays for loading and compiling; measured twice so the second shows the steady state.
await measure("endless answer, maxResponseBytes 1 MiB, timeoutMs 3000", { timeoutMs: 3000, maxResponseBytes: MiB });
await measure("endless answer, maxResponseBytes 1 MiB, timeoutMs 3000 (again)", { timeoutMs: 3000, maxResponseBytes: MiB });
await measure("endless answer, default limit (10 MiB), timeoutMs 3000", { timeoutMs: 3000 });
server.closeAllConnections();
server.close();
