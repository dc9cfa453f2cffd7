// Turns wasm-pack's web-target output plus pkg-template/ into dist/pkg, packs it, and
// prints the wasm size (raw and gzip) so every build shows what each worker will carry.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { guardUninitialized, publicDeclarations, wasmBytesModule, writeCommonJs } from "./entries.mjs";
import { gzipSync } from "node:zlib";
import { writeSurface } from "./surface.mjs";

const root = new URL("../", import.meta.url);
const built = new URL("target/wasm-pack/", root);
const out = new URL("dist/pkg/", root);
const dist = new URL("dist/", root);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

cpSync(new URL("intercom_edge_bg.wasm", built), new URL("intercom_edge_bg.wasm", out));
const dts = publicDeclarations(readFileSync(new URL("intercom_edge.d.ts", built), "utf8"));
writeFileSync(new URL("intercom_edge.d.ts", out), dts);

// The glue compiles anything that is not `instanceof WebAssembly.Module`. In an EdgeVM the
// module comes from another realm and fails that test, and compiling from bytes is then
// forbidden; so compile only real bytes (cross-realm safe checks) and pass modules through.
let glue = readFileSync(new URL("intercom_edge.js", built), "utf8");
const fallback = "if (!(module instanceof WebAssembly.Module)) {";
if (!glue.includes(fallback)) throw new Error("assemble: wasm-bindgen glue changed; review the initSync patch");
glue = glue.replace(
  fallback,
  'if (ArrayBuffer.isView(module) || Object.prototype.toString.call(module) === "[object ArrayBuffer]") {',
);
glue = guardUninitialized(glue);
writeFileSync(new URL("intercom_edge.js", out), glue);

// The wasm inside a module of its own, so Node/Deno/Bun and bundlers get it by plain import:
// no file to read (webpack rewrites `new URL(…, import.meta.url)`, server bundles leave the
// file behind, Deno would need --allow-read) and no loader to configure.
const wasmBase64 = readFileSync(new URL("intercom_edge_bg.wasm", built)).toString("base64");
writeFileSync(new URL("wasm-bytes.js", out), wasmBytesModule(wasmBase64));

const template = new URL("pkg-template/", root);
for (const f of readdirSync(template)) cpSync(new URL(f, template), new URL(f, out));
// public.js and index.d.ts: derived from the Rust exports, not listed by hand.
writeSurface(out, dts);
await writeCommonJs(out);

const cargo = readFileSync(new URL("Cargo.toml", root), "utf8");
const version = /^version = "([^"]+)"/m.exec(cargo)?.[1];
const pkg = JSON.parse(readFileSync(new URL("package.json", out), "utf8"));
pkg.version = version;
writeFileSync(new URL("package.json", out), JSON.stringify(pkg, null, 2) + "\n");
cpSync(new URL("README.md", root), new URL("README.md", out));

const wasm = readFileSync(new URL("intercom_edge_bg.wasm", out));
const glueBytes = Buffer.from(glue);
const kb = (n) => `${n.toLocaleString("en")} B`;
console.log(`wasm: ${kb(wasm.length)} raw, ${kb(gzipSync(wasm, { level: 9 }).length)} gzip`);
console.log(`glue: ${kb(glueBytes.length)} raw, ${kb(gzipSync(glueBytes, { level: 9 }).length)} gzip`);

const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dist.pathname], {
  cwd: out.pathname,
  encoding: "utf8",
}).trim().split("\n").pop();
renameSync(new URL(tarball, dist), new URL("intercom-edge.tgz", dist));
console.log(`package: dist/intercom-edge.tgz (intercom-edge@${version})`);
