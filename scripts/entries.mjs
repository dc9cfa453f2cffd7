// The packaging steps that make the entry files work in every toolchain: the wasm as a
// module of its own, the not-initialized guard in the glue, declarations that need no DOM lib,
// and the CommonJS build for `require`. Used by assemble.mjs. Also the package's entries, one
// list for package.sh (`node scripts/entries.mjs` prints "name features" per subpath),
// assemble.mjs, check-size.mjs and the tests.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * "." is the whole package (the default features). Each subpath is one kind of worker, built
 * with only the Cargo features it needs, so it ships its own, smaller wasm:
 * - client: a token-only worker (IntercomClient, IntercomError);
 * - oauth: an install worker: the install flow, storing the token (sealToken/openToken) and
 *   IntercomClient for what follows it (`me()` before verifyIdentity, verifyConnection);
 * - webhooks: the endpoint Intercom POSTs signed to (receiveWebhook, verifyWebhook,
 *   verifyCanvasRequest for X-Body-Signature, parseUninstallNotice).
 * IntercomError is one class (error.js, shared) across them all.
 */
export const ENTRIES = [
  { name: ".", features: null },
  { name: "client", features: "client" },
  { name: "oauth", features: "client,oauth" },
  { name: "webhooks", features: "webhooks" },
].map((e) => {
  const root = e.name === ".";
  return {
    ...e,
    /** Its folder in dist/pkg ("" or "client/"), and the way from there to the shared files. */
    dir: root ? "" : `${e.name}/`,
    shared: root ? "./" : "../",
    /** The import specifier users write. */
    specifier: root ? "intercom-edge" : `intercom-edge/${e.name}`,
    /** Distinct names, so a Worker bundling two entries has two distinct wasm modules. */
    wasm: root ? "intercom_edge_bg.wasm" : `intercom_edge_${e.name}_bg.wasm`,
    /** wasm-pack's output folder (scripts/package.sh). */
    build: root ? "target/wasm-pack/" : `target/wasm-pack-${e.name}/`,
  };
});

/** Replaces `search` in `text`, refusing if it does not occur exactly `count` times. */
function patch(text, search, replacement, count = 1) {
  const seen = text.split(search).length - 1;
  if (seen !== count) throw new Error(`assemble: expected ${count}× ${JSON.stringify(search)} in the glue, saw ${seen}; review the patch`);
  return text.split(search).join(replacement);
}

/** Until the wasm is loaded, `wasm` is a stand-in that throws IntercomError("not_initialized"). */
export function guardUninitialized(glue, shared = "./") {
  glue = patch(glue, "let wasmModule, wasmInstance, wasm;", "let wasmModule, wasmInstance, wasm = notInitialized;");
  glue = patch(glue, "if (wasm !== undefined) return wasm;", "if (wasm !== notInitialized) return wasm;", 2);
  return `import { notInitialized } from "${shared}not-initialized.js";\n${glue}`;
}

/**
 * Drops glue our entries never use: the deprecated call forms of initSync and the async init
 * (every entry passes `{ module }` or `{ module_or_path }`; the warning branches only cost
 * bytes), and the TextEncoder#encodeInto polyfill (every runtime the package supports has it:
 * Node ≥ 20, Deno, Bun, workerd, browsers since 2021). 114 B gzip of a token-only Worker.
 */
export function dropLegacyGlue(glue) {
  // wasm-bindgen writes the same branch for both, around the parameter each takes.
  const singleObjectOnly = (text, param, what) =>
    patch(text, `    if (${param} !== undefined) {
        if (Object.getPrototypeOf(${param}) === Object.prototype) {
            ({${param}} = ${param})
        } else {
            console.warn('using deprecated parameters for ${what}; pass a single object instead')
        }
    }`, `    if (${param} !== undefined) ({${param}} = ${param});`);
  glue = singleObjectOnly(glue, "module", "`initSync()`");
  glue = singleObjectOnly(glue, "module_or_path", "the initialization function");
  return patch(glue, `if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}
`, "");
}

/** An entry file from its runtime's template (pkg-template/entry/): {{shared}} and {{wasm}} filled in. */
export function renderEntry(template, entry) {
  const text = template.replaceAll("{{shared}}", entry.shared).replaceAll("{{wasm}}", entry.wasm);
  const left = /\{\{\w+\}\}/.exec(text);
  if (left) throw new Error(`assemble: ${left[0]} has no value in an entry template`);
  return text;
}

/**
 * wasm-bytes.js: the wasm as base64, decoded on first use. Node's and Bun's Buffer decodes in
 * native code (0.2 ms for 179 KB on Node 20, where the atob loop takes 2.4 ms of a cold start);
 * atob exists in every runtime and stays the fallback.
 */
export function wasmBytesModule(base64) {
  return `// intercom_edge_bg.wasm, inlined so that importing the package is all it takes to load it.
const base64 = "${base64}";

export function wasmBytes() {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(base64);
  if (typeof Buffer === "function" && typeof Buffer.from === "function") {
    const buffer = Buffer.from(base64, "base64");
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  }
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
`;
}

/**
 * The generated declarations minus what the public API does not export and what would need the
 * DOM lib or a newer TypeScript: the init section (BufferSource, RequestInfo, WebAssembly.*)
 * and `[Symbol.dispose]` (esnext.disposable, TypeScript ≥ 5.2; the method still exists).
 */
export function publicDeclarations(dts) {
  const init = dts.indexOf("export type InitInput =");
  if (init < 0) throw new Error("assemble: no InitInput in the generated .d.ts; review publicDeclarations");
  dts = dts.slice(0, init).trimEnd() + "\n";
  dts = dts.replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, "");
  for (const global of ["BufferSource", "RequestInfo", "WebAssembly.", "Symbol.dispose"]) {
    if (dts.includes(global)) throw new Error(`assemble: the public .d.ts still names ${global}`);
  }
  return dts;
}

/**
 * The typed calls on IntercomClient (GET, POST, PUT, PATCH, DELETE) and paginate's reading of
 * `init`, as JS on the glue's class: a typed call is `request()` with its `init`
 * ({ params: { path, query }, body, headers, retry }) read into request()'s options in one go,
 * the template's values as `pathParams`, which Rust fills in (js/client.rs custom_call). JS
 * conversion only: each wasm export would cost its shim in the wasm and the glue. Entries
 * without IntercomClient are left as they are.
 */
export function typedCallsGlue(glue) {
  if (!glue.includes("\nexport class IntercomClient {")) return glue;
  // Written minified, as inline-snippets.mjs ships the snippets: typedRequest reads
  // init ({ params: { path, query }, body, headers, retry }) into request()'s options, path
  // values as strings (a number as JS writes it); undefined when init cannot be read.
  return `${glue}
// The typed calls (scripts/entries.mjs typedCallsGlue).
function typedRequest(m,p,i){try{const{params:a,body:b,headers:h,retry:r,method:x}=i??{},o={};for(const[k,v]of Object.entries(a?.path??{}))if(typeof v=="string"||Number.isFinite(v))o[k]=String(v);return{method:m??x,path:p,pathParams:o,query:a?.query,body:b,headers:h,retry:r}}catch{}}
for(const m of["GET","POST","PUT","PATCH","DELETE"])IntercomClient.prototype[m]=function(p,i){return this.request(typedRequest(m,p,i),i)};
IntercomClient.prototype.paginate=function(p,i){return this.__paginate(typedRequest(void 0,p,i),i)};
`;
}

/**
 * IntercomClient typed per `version` (the typed calls, pkg-template/intercom-api-*.d.ts): the
 * class made generic, its version read from the constructor's options, and the generated spec
 * types referenced (once, at the package's root: every entry and its .d.cts share them).
 * Declarations without the client are left as they are.
 */
export function typedClient(dts, shared = "./") {
  if (!dts.includes("export class IntercomClient {")) return dts;
  dts = patch(dts, "export class IntercomClient {", 'export class IntercomClient<V extends string = "2.14"> {');
  dts = patch(dts, "constructor(options: IntercomClientOptions);", "constructor(options: IntercomClientOptions & { version?: V });");
  const refs = TYPED_VERSIONS.map((v) => `/// <reference path="${shared}intercom-api-${v}.d.ts" />\n`).join("");
  return refs + dts;
}

/** The spec versions pkg-template/intercom-api-<version>.d.ts types (scripts/generate-types.mjs). */
export const TYPED_VERSIONS = ["2.14", "2.16"];

/** The generated spec types: global declarations shipped once, with no .d.cts twin. */
const isSpecTypes = (file) => /(^|\/)intercom-api-[\d.]+\.d\.ts$/.test(file);

/**
 * esbuild options that bundle an entry's node.js with everything it imports, error.js
 * included: its IntercomError is the one registered under a global symbol (error.js), so the
 * class is still one across entries without a second module to load.
 */
function nodeBundle(dir, entry, format) {
  return {
    entryPoints: [`${dir}/${entry.dir}node.js`], bundle: true, format, platform: "neutral", target: "es2022",
    logLevel: "error", legalComments: "none",
  };
}

/**
 * node.cjs: each entry's node.js and everything it imports as one CommonJS file, for `require`
 * on any Node (no require(esm) needed), its IntercomError the registered one (error.js); and
 * a .d.cts twin of every
 * declaration file for TypeScript's CJS resolution. A process that both imports and requires
 * the package loads it twice.
 */
export async function writeCommonJs(out, entries = ENTRIES) {
  const dir = fileURLToPath(out);
  const esbuild = await import("esbuild");
  for (const entry of entries) {
    await esbuild.build({
      ...nodeBundle(dir, entry, "cjs"),
      outfile: `${dir}/${entry.dir}node.cjs`,
      banner: { js: `// ${entry.specifier} for require(): the ESM entry node.js bundled as CommonJS.` },
    });
  }
  for (const f of readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".d.ts") && !isSpecTypes(f))) {
    const text = readFileSync(path.join(dir, f), "utf8").replace(/(["']\.\.?\/[\w.-]+)\.js(["'])/g, "$1.cjs$2");
    writeFileSync(path.join(dir, f.replace(/\.d\.ts$/, ".d.cts")), text);
  }
}

/**
 * Each entry's node.js (Node, Deno, Bun) made one ES module with its glue, wasm bytes and exports
 * inside: a cold start then loads one file instead of seven (measured 1.1 ms of ~9 ms in Node 20
 * for six; error.js, inlined since, 0.3 ms more). Run after
 * writeCommonJs, which bundles the same sources as CommonJS.
 */
export async function bundleNodeEntries(out, entries = ENTRIES) {
  const dir = fileURLToPath(out);
  const esbuild = await import("esbuild");
  for (const entry of entries) {
    await esbuild.build({
      ...nodeBundle(dir, entry, "esm"),
      outfile: `${dir}/${entry.dir}node.js`,
      allowOverwrite: true,
      banner: { js: `// ${entry.specifier} for Node, Deno and Bun: its glue, wasm and exports in one module.` },
    });
  }
}

/** The JS capabilities (Cargo features) that `js` is made of. */
export const CAPABILITIES = ["client", "oauth", "webhooks", "toolkit"];

// `node scripts/entries.mjs`: the subpaths and their Cargo features, one per line, for package.sh.
// `--feature-sets`: every non-empty combination of the capabilities, for make test-features.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (process.argv[2] === "--feature-sets") {
    for (let mask = 1; mask < 1 << CAPABILITIES.length; mask++) {
      console.log(CAPABILITIES.filter((_, i) => mask & (1 << i)).join(","));
    }
  } else {
    for (const e of ENTRIES) if (e.features) console.log(`${e.name} ${e.features}`);
  }
}
