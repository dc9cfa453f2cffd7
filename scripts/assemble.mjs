// Turns wasm-pack's web-target output (one build per entry, scripts/package.sh) plus
// pkg-template/ into dist/pkg, packs it, and prints each entry's wasm and glue size (raw and
// gzip) so every build shows what each worker will carry.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { ENTRIES, dropLegacyGlue, guardReceivers, guardUninitialized, publicDeclarations, renderEntry, typedCallsGlue, typedClient, wasmBytesModule, wasmDeclaration, writeCommonJs, writeNodeWrappers } from "./entries.mjs";
import { gzipSync } from "node:zlib";
import { assertNoSnippetImports, inlineSnippets } from "./inline-snippets.mjs";
import { writeSurface } from "./surface.mjs";
import { CONNECTIONS, addToRoot, writeConnectionsCommonJs, writeConnectionsEntry } from "./connections-entry.mjs";

const root = new URL("../", import.meta.url);
const out = new URL("dist/pkg/", root);
const dist = new URL("dist/", root);
const template = new URL("pkg-template/", root);
const entryTemplates = new URL("entry/", template);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// The files every entry shares (error.js: one IntercomError class) and package.json.
for (const f of readdirSync(template)) {
  if (statSync(new URL(f, template)).isFile()) cpSync(new URL(f, template), new URL(f, out));
}

const sizes = [];
for (const entry of ENTRIES) {
  const built = new URL(entry.build, root);
  const dir = new URL(entry.dir, out);
  mkdirSync(dir, { recursive: true });

  cpSync(new URL("intercom_edge_bg.wasm", built), new URL(entry.wasm, dir));
  writeFileSync(new URL(`${entry.wasm}.d.ts`, dir), wasmDeclaration(entry));
  writeFileSync(new URL(`${entry.wasm}.d.cts`, dir), wasmDeclaration(entry, "cjs"));
  // A subpath's declarations point at the shared error.d.ts one folder up.
  const dts = typedClient(publicDeclarations(readFileSync(new URL("intercom_edge.d.ts", built), "utf8")), entry.shared)
    .replaceAll('"./error.js"', `"${entry.shared}error.js"`);
  writeFileSync(new URL("intercom_edge.d.ts", dir), dts);

  // The glue compiles anything that is not `instanceof WebAssembly.Module`. In an EdgeVM the
  // module comes from another realm and fails that test, and compiling from bytes is then
  // forbidden; so compile only real bytes (cross-realm safe checks) and pass modules through.
  let glue = inlineSnippets(readFileSync(new URL("intercom_edge.js", built), "utf8"), new URL(`${entry.build}/`, root));
  assertNoSnippetImports(glue);
  const fallback = "if (!(module instanceof WebAssembly.Module)) {";
  if (!glue.includes(fallback)) throw new Error("assemble: wasm-bindgen glue changed; review the initSync patch");
  glue = glue.replace(
    fallback,
    'if (ArrayBuffer.isView(module) || Object.prototype.toString.call(module) === "[object ArrayBuffer]") {',
  );
  glue = guardReceivers(typedCallsGlue(guardUninitialized(dropLegacyGlue(glue), entry.shared)));
  writeFileSync(new URL("intercom_edge.js", dir), glue);

  // The wasm inside a module of its own, so Node/Deno/Bun and bundlers get it by plain import:
  // no file to read (webpack rewrites `new URL(…, import.meta.url)`, server bundles leave the
  // file behind, Deno would need --allow-read) and no loader to configure.
  const wasmBase64 = readFileSync(new URL("intercom_edge_bg.wasm", built)).toString("base64");
  writeFileSync(new URL("wasm-bytes.js", dir), wasmBytesModule(wasmBase64));

  // One template per runtime, the entry as its parameter.
  for (const f of readdirSync(entryTemplates)) {
    writeFileSync(new URL(f, dir), renderEntry(readFileSync(new URL(f, entryTemplates), "utf8"), entry));
  }
  // public.js and index.d.ts: derived from the Rust exports, not listed by hand.
  writeSurface(dir, dts, entry.shared);
  if (entry.name === ".") addToRoot(dir);

  const wasm = readFileSync(new URL(entry.wasm, dir));
  const glueBytes = Buffer.from(glue);
  sizes.push([entry.specifier, wasm, glueBytes]);
}
writeConnectionsEntry(out, entryTemplates);
await writeCommonJs(out);
await writeConnectionsCommonJs(out);
// After both CommonJS builds: each node.js becomes the ES module face of its node.cjs.
writeNodeWrappers(out, [...ENTRIES, CONNECTIONS]);

const cargo = readFileSync(new URL("Cargo.toml", root), "utf8");
const version = /^version = "([^"]+)"/m.exec(cargo)?.[1];
const pkg = JSON.parse(readFileSync(new URL("package.json", out), "utf8"));
pkg.version = version;
// Each subpath: the root's conditions, in the same order, on its own folder's files.
const inDir = (v, dir) =>
  typeof v === "string" ? v.replace(/^\.\//, `./${dir}`) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inDir(x, dir)]));
// A `.wasm` export, its declarations beside it in the format of the resolving side.
const wasmExport = (file) => ({ require: { types: `${file}.d.cts`, default: file }, default: { types: `${file}.d.ts`, default: file } });
const exports = {};
for (const [key, value] of Object.entries(pkg.exports)) {
  exports[key] = key.endsWith(".wasm") ? wasmExport(key) : value;
  if (key !== ".") continue;
  for (const entry of ENTRIES.filter((e) => e.dir)) {
    exports[`./${entry.name}`] = inDir(value, entry.dir);
    exports[`./${entry.dir}${entry.wasm}`] = wasmExport(`./${entry.dir}${entry.wasm}`);
  }
  exports[`./${CONNECTIONS.name}`] = inDir(value, CONNECTIONS.dir);
}
pkg.exports = exports;
const sideEffects = pkg.sideEffects;
pkg.sideEffects = [...sideEffects, ...ENTRIES.filter((e) => e.dir).flatMap((e) => sideEffects.map((f) => inDir(f, e.dir)))];
pkg.files = [...pkg.files, ...ENTRIES.filter((e) => e.dir).map((e) => e.dir), CONNECTIONS.dir];
writeFileSync(new URL("package.json", out), JSON.stringify(pkg, null, 2) + "\n");
for (const f of ["README.md", "LICENSE", "CHANGELOG.md"]) cpSync(new URL(f, root), new URL(f, out));

const kb = (n) => `${n.toLocaleString("en")} B`;
const gz = (b) => gzipSync(b, { level: 9 }).length;
for (const [specifier, wasm, glue] of sizes) {
  const name = specifier === "intercom-edge" ? "" : ` (${specifier})`;
  console.log(`wasm${name}: ${kb(wasm.length)} raw, ${kb(gz(wasm))} gzip`);
  console.log(`glue${name}: ${kb(glue.length)} raw, ${kb(gz(glue))} gzip`);
}

const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dist.pathname], {
  cwd: out.pathname,
  encoding: "utf8",
}).trim().split("\n").pop();
renameSync(new URL(tarball, dist), new URL("intercom-edge.tgz", dist));
console.log(`package: dist/intercom-edge.tgz (intercom-edge@${version})`);
