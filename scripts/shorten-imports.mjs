// Renames the wasm's imports from the JS glue (`__wbg_fetch_a9bc66c159c18e19`, …) and the exports
// the glue calls (`intercomclient_listAdmins`, closure shims with hashes, …) to one or two letters,
// in the wasm and in the glue alike. wasm-bindgen's names carry a 16-hex-digit hash each, in both
// files, which gzip cannot compress: bytes every worker uploads for nothing. The public API is the
// glue's classes and functions, which keep their names. Run by scripts/package.sh on wasm-pack's output, before
// scripts/assemble.mjs. Usage: node scripts/shorten-imports.mjs <dir with intercom_edge{_bg.wasm,.js}>
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { importDescLength, name, readName, readU32, sections, u32 } from "./wasm-binary.mjs";

const dir = process.argv[2];
if (!dir) throw new Error("usage: node scripts/shorten-imports.mjs <wasm-pack out dir>");
const wasmFile = path.join(dir, "intercom_edge_bg.wasm");
const glueFile = path.join(dir, "intercom_edge.js");
const GLUE_MODULE = "./intercom_edge_bg.js";

/** Short identifiers: a…z, A…Z, then two letters; none starts with "_", so none meets wasm-bindgen's. */
function* shortNames() {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (const a of letters) yield a;
  for (const a of letters) for (const b of letters) yield a + b;
}

const wasm = readFileSync(wasmFile);
let glue = readFileSync(glueFile, "utf8");

const parts = [wasm.subarray(0, 8)];
const renamed = new Map();
/** Snippet modules the wasm imports from directly (src/rim/*.js functions without a shim). */
const renamedModules = new Map();
const renamedExports = new Map();

/** The export section with every export the glue calls as `wasm.NAME` renamed (not `memory`). */
function exportSection(start, end) {
  const gen = shortNames();
  let [count, p] = readU32(wasm, start);
  const entries = [u32(count)];
  for (; count > 0; count--) {
    let field;
    [field, p] = readName(wasm, p);
    const kind = wasm[p];
    const [, next] = readU32(wasm, p + 1);
    const desc = wasm.subarray(p, next);
    p = next;
    if (field !== "memory" && new RegExp(`\\bwasm\\.${field}\\b`).test(glue)) {
      const short = gen.next().value;
      renamedExports.set(field, short);
      field = short;
    }
    if (kind > 4) throw new Error(`shorten-imports: unknown export kind ${kind}`);
    entries.push(name(field), desc);
  }
  if (p !== end) throw new Error("shorten-imports: export section did not parse to its end");
  const body = Buffer.concat(entries);
  return Buffer.concat([Buffer.from([7]), u32(body.length), body]);
}
/** The import section with every import from the glue renamed, and the snippet modules too. */
function importSection(start, end) {
  const gen = shortNames();
  let [count, p] = readU32(wasm, start);
  const entries = [u32(count)];
  for (; count > 0; count--) {
    let module;
    let field;
    [module, p] = readName(wasm, p);
    [field, p] = readName(wasm, p);
    const descLen = importDescLength(wasm, p);
    const desc = wasm.subarray(p, p + descLen);
    p += descLen;
    if (module === GLUE_MODULE) {
      const short = gen.next().value;
      renamed.set(field, short);
      field = short;
    } else if (module.startsWith("./snippets/")) {
      if (!renamedModules.has(module)) renamedModules.set(module, `s${renamedModules.size}`);
      module = renamedModules.get(module);
    }
    entries.push(name(module), name(field), desc);
  }
  if (p !== end) throw new Error("shorten-imports: import section did not parse to its end");
  const body = Buffer.concat(entries);
  return Buffer.concat([Buffer.from([2]), u32(body.length), body]);
}
for (const { id, start, body, end } of sections(wasm)) {
  if (id === 2) parts.push(importSection(body, end));
  else if (id === 7) parts.push(exportSection(body, end));
  else parts.push(wasm.subarray(start, end));
}
if (renamed.size === 0) throw new Error(`shorten-imports: no imports from ${GLUE_MODULE}; wasm-bindgen's layout changed`);

// Each import is a key of the glue's import object, on a line of its own: exactly once.
for (const [long, short] of renamed) {
  const key = new RegExp(`^(\\s+)${long}:`, "m");
  const hits = glue.split(`${long}:`).length - 1;
  if (hits !== 1 || !key.test(glue)) {
    throw new Error(`shorten-imports: expected the glue to name ${long} once as a key, found ${hits}; review this script`);
  }
  glue = glue.replace(key, `$1${short}:`);
}

// A snippet module is a key of the import object (wasm-bindgen may write one key per Rust extern
// block of the same file); its `import … from` line keeps the path, for inline-snippets.mjs.
for (const [long, short] of renamedModules) {
  const key = `${JSON.stringify(long)}:`;
  if (!glue.includes(key)) throw new Error(`shorten-imports: expected the glue to name ${long} as a key; review this script`);
  glue = glue.split(key).join(`${JSON.stringify(short)}:`);
}

// The glue reads exports only as `wasm.NAME` (its own functions of the same name stay as they are).
for (const [long, short] of renamedExports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${long}\\b`, "g"), `wasm.${short}`);
}
// The glue's own closure shims carry the same hashes; they are module-private, so shorter names
// change nothing but the bytes.
const shims = [...new Set(glue.match(/\bwasm_bindgen__convert__closures_+invoke__h[0-9a-f]{16}\b/g) ?? [])];
for (const [i, shim] of shims.entries()) {
  if (new RegExp(`export[^\\n]*\\b${shim}\\b`).test(glue)) throw new Error(`shorten-imports: ${shim} is exported; review this script`);
  glue = glue.replace(new RegExp(`\\b${shim}\\b`, "g"), `__wbg_invoke${i}`);
}
if (/\bwasm\[/.test(glue)) throw new Error("shorten-imports: the glue reads wasm exports by computed name; review this script");

const out = Buffer.concat(parts);
new WebAssembly.Module(out); // still a valid module, or stop here
writeFileSync(wasmFile, out);
writeFileSync(glueFile, glue);
console.log(`shorten-imports: ${renamed.size} imports and ${renamedExports.size} exports renamed, wasm ${wasm.length} → ${out.length} B`);
