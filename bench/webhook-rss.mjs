// Memory while receiveWebhook refuses a 200 MiB POST from a sender that did not sign it: the
// body streams through a real Request (64 KiB chunks, made as they are pulled), and the
// process's RSS is sampled every 2 ms: before, at its peak, and after the refusal.
// Usage: node --expose-gc bench/webhook-rss.mjs [dist/pkg directory] [none|bogus]
//   none:  no X-Hub-Signature header at all;
//   bogus: a well-formed "sha1=000…" header (the body is read, up to the cap).
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = path.resolve(process.argv[2] ?? "dist/pkg");
const header = process.argv[3] ?? "none";
const { receiveWebhook } = await import(pathToFileURL(path.join(dir, "node.js")).href);

const MiB = 1024 * 1024;
const total = 200 * MiB;
const chunk = new Uint8Array(64 * 1024).fill(0x7b);
let sent = 0;
const body = new ReadableStream({
  pull(c) {
    if (sent >= total) return c.close();
    sent += chunk.length;
    c.enqueue(chunk);
  },
}, { highWaterMark: 0 });
const headers = header === "bogus" ? { "x-hub-signature": "sha1=" + "0".repeat(40) } : {};
const request = new Request("http://127.0.0.1/webhooks", { method: "POST", body, duplex: "half", headers });

globalThis.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
const t0 = performance.now();
let outcome;
try {
  await receiveWebhook(request, { clientSecret: "webhook-client-secret-0123456789" });
  outcome = "accepted";
} catch (e) {
  outcome = `${e.code} ${e.status}`;
}
const ms = performance.now() - t0;
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(sampler);
globalThis.gc?.();
const after = process.memoryUsage().rss;
const mib = (n) => Math.round((n / MiB) * 10) / 10;
console.log(JSON.stringify({ header, outcome, pulledMiB: mib(sent), ms: Math.round(ms), rssMiB: { before: mib(before), peak: mib(peak), after: mib(after) } }));
