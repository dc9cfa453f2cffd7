// Lays out the functions of an optimized wasm so it gzips smaller (issue 12): gzip finds
// repeats only within 32 KB, so functions that look alike are put next to each other.
// Usage: node scripts/order-functions.mjs <wasm>   (rewrites it; run by package.sh)
//
// The order: a chain that follows each function with the one sharing most 6-byte pieces with
// it, then a fixed number of moves (mostly of a function beside one it is like, some of a
// random segment anywhere), each kept when the bodies deflate smaller.
// Seeded, so the same wasm always gets the same order. binaryen does the rewrite (function
// indices, calls, the table): the functions are named by their place, then wasm-opt runs with
// the release flags (Cargo.toml, so the output keeps their final encoding) and
// --reorder-functions-by-name. A layout is kept only when it gzips smaller.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { deflateRawSync, gzipSync } from "node:zlib";
import { importDescLength, name, readName, readU32, sections, u32 } from "./wasm-binary.mjs";

const file = process.argv[2];
if (!file) throw new Error("usage: node scripts/order-functions.mjs <wasm>");
const root = new URL("../", import.meta.url);

const cargo = readFileSync(new URL("Cargo.toml", root), "utf8");
const flags = JSON.parse(/^wasm-opt = (\[.*\])$/m.exec(cargo)?.[1] ?? "null");
if (!Array.isArray(flags)) throw new Error("order-functions: no wasm-opt flags in Cargo.toml");
// The features the Rust wasm target emits (the release flags strip their section, so they are
// named here); one more in a future toolchain fails validation here, loudly.
const features = ["bulk-memory", "multivalue", "mutable-globals", "nontrapping-float-to-int", "reference-types", "sign-ext"];
const tmp = `${file}.order`;

/** `wasm` with its functions laid out anew: the order found, then wasm-opt's rewrite. */
function reordered(wasm) {
  // --- each defined function's body; they are numbered after the imported functions ---
  const parts = sections(wasm);
  let imported = 0;
  const bodies = [];
  for (const s of parts) {
    if (s.id === 2) {
      let [count, at] = readU32(wasm, s.body);
      for (; count > 0; count--) {
        [, at] = readName(wasm, at); // module
        [, at] = readName(wasm, at); // field
        if (wasm[at] === 0) imported++;
        at += importDescLength(wasm, at);
      }
    }
    if (s.id === 10) {
      let [count, at] = readU32(wasm, s.body);
      for (; count > 0; count--) {
        let len;
        [len, at] = readU32(wasm, at);
        bodies.push(wasm.subarray(at, at + len));
        at += len;
      }
    }
  }
  const n = bodies.length;

  // --- the order ---
  // In /oauth, gzip: the chain alone −249 B; with 3,000 random segment moves −402; with 85 % of
  // the moves putting a function beside one of its 5 likest instead, −511 (/client −351,
  // /webhooks −298).
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
  const pieces = bodies.map((b) => {
    const set = new Set();
    for (let i = 0; i + 6 <= b.length; i++) set.add(b.toString("latin1", i, i + 6));
    return set;
  });
  // like[a * n + b]: how much of b's pieces a shares, weighed so a large b does not win by size.
  const like = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const [small, large] = pieces[a].size < pieces[b].size ? [pieces[a], pieces[b]] : [pieces[b], pieces[a]];
      let count = 0;
      for (const p of small) if (large.has(p)) count++;
      like[a * n + b] = count / Math.sqrt(1 + pieces[b].size);
      like[b * n + a] = count / Math.sqrt(1 + pieces[a].size);
    }
  }
  const placed = new Array(n).fill(false);
  let order = [0];
  placed[0] = true;
  for (let k = 1; k < n; k++) {
    const last = order[order.length - 1];
    let next = -1;
    for (let f = 0; f < n; f++) if (!placed[f] && (next < 0 || like[last * n + f] > like[last * n + next])) next = f;
    order.push(next);
    placed[next] = true;
  }
  const likest = bodies.map((_, f) =>
    [...Array(n).keys()].filter((g) => g !== f).sort((a, b) => like[f * n + b] - like[f * n + a]).slice(0, 5),
  );
  const deflated = (o) => deflateRawSync(Buffer.concat(o.map((f) => bodies[f])), { level: 9 }).length;
  let size = deflated(order);
  for (let i = 0; i < 3000; i++) {
    const candidate = [...order];
    if (random() < 0.85) {
      const f = Math.floor(random() * n);
      candidate.splice(candidate.indexOf(f), 1);
      const beside = candidate.indexOf(likest[f][Math.floor(random() * 5)]);
      candidate.splice(beside + (random() < 0.5 ? 0 : 1), 0, f);
    } else {
      const moved = candidate.splice(Math.floor(random() * n), 1 + Math.floor(random() * 8));
      candidate.splice(Math.floor(random() * (candidate.length + 1)), 0, ...moved);
    }
    const s = deflated(candidate);
    if (s < size) [order, size] = [candidate, s];
  }

  // --- the rewrite: a name section naming each function by its place, then wasm-opt ---
  const names = order.map((f, place) => Buffer.concat([u32(imported + f), name(`f${String(place).padStart(6, "0")}`)]));
  const functionNames = Buffer.concat([u32(n), ...names]);
  const content = Buffer.concat([name("name"), Buffer.from([1]), u32(functionNames.length), functionNames]);
  const isNames = (s) => s.id === 0 && readName(wasm, s.body)[0] === "name";
  const named = Buffer.concat([
    wasm.subarray(0, 8),
    ...parts.filter((s) => !isNames(s)).map((s) => wasm.subarray(s.start, s.end)),
    Buffer.from([0]),
    u32(content.length),
    content,
  ]);

  writeFileSync(tmp, named);
  // The project's binaryen (package.json), never another on PATH (Debian's 108 corrupts it).
  execFileSync(new URL("node_modules/.bin/wasm-opt", root).pathname, [...features.map((f) => `--enable-${f}`), ...flags, "--reorder-functions-by-name", "--strip-debug", tmp, "-o", tmp]);
  return readFileSync(tmp);
}

// Two passes: the second starts from the first's layout, so its chain and search differ. It
// found −166 B more in the root, −122 in /oauth, −22 in /webhooks, none in /client; a third
// found none in /oauth. Each pass takes 3–10 s an entry.
const gz = (b) => gzipSync(b, { level: 9 }).length;
const original = readFileSync(file);
const before = gz(original);
let [best, size] = [original, before];
try {
  for (let pass = 0; pass < 2; pass++) {
    const out = reordered(best);
    const outSize = gz(out);
    if (outSize < size) [best, size] = [out, outSize];
  }
} finally {
  rmSync(tmp, { force: true });
}
if (best !== original) writeFileSync(file, best);
const kept = best === original ? " (kept as it was)" : "";
console.log(`order-functions: ${file}: ${before.toLocaleString("en")} → ${size.toLocaleString("en")} B gzip${kept}`);
