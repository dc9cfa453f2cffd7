// The packaging steps that make the entry files work in every toolchain: the wasm as a
// module of its own, the not-initialized guard in the glue, declarations that need no DOM lib,
// and the CommonJS build for `require`. Used by assemble.mjs. Also the package's entries, one
// list for package.sh (`node scripts/entries.mjs` prints "name features" per subpath),
// assemble.mjs, check-size.mjs and the tests.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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
 * IntercomClient's methods read their pointer through `receiver` (not-initialized.js): a call
 * with a wrong `this`, or after free(), is then an IntercomError ("invalid_argument",
 * "client_closed"), not the glue's TypeError or the wasm's plain Error. Entries without the
 * class are left as they are.
 */
export function guardReceivers(glue) {
  const start = glue.indexOf("class IntercomClient {");
  if (start < 0) return glue;
  const end = glue.indexOf("\n}\n", start);
  if (end < 0) throw new Error("assemble: IntercomClient's class has no end in the glue; review guardReceivers");
  // Export names are shortened by then (shorten-imports.mjs): any `wasm.x(this.__wbg_ptr` of the class.
  const body = glue.slice(start, end).replace(/(wasm\.\w+\()this\.__wbg_ptr\b/g, "$1receiver(this, IntercomClient)");
  if (!body.includes("receiver(this")) throw new Error("assemble: no IntercomClient method read __wbg_ptr; review guardReceivers");
  glue = glue.slice(0, start) + body + glue.slice(end);
  return patch(glue, "import { notInitialized } from", "import { notInitialized, receiver } from");
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
 * The declaration of an entry's `.wasm` export, so TypeScript (and attw) resolve it: what a
 * `.wasm` import gives depends on the bundler (a compiled WebAssembly.Module under wrangler, a
 * URL or bytes elsewhere), so its type says no more than that.
 */
export function wasmDeclaration(entry, format = "esm") {
  return `/**
 * ${entry.specifier}'s WebAssembly, for \`init(url)\` in a browser or a bundler that wants the file:
 * what a \`.wasm\` import gives depends on the bundler (a compiled WebAssembly.Module under
 * wrangler, a URL or bytes elsewhere). The package's own entries import it already.
 */
declare const wasm: unknown;
${format === "esm" ? "export default wasm;" : "export = wasm;"}
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
 * node.cjs: each entry's node.js template and everything it imports as one CommonJS file (the
 * one Node, Deno and Bun load, node.js re-exporting it), error.js included: its IntercomError
 * is the one registered under a global symbol, so the class is one across entries. The wasm
 * stays in wasm-bytes.js, which node.cjs requires (an ES module: Node ^20.19 and ≥ 22.12,
 * Deno, Bun, every bundler) and browser.js loads on demand, so the tarball holds each wasm
 * twice (the .wasm and that one inline copy). Also a .d.cts twin of every declaration file,
 * for TypeScript's CJS resolution.
 */
export async function writeCommonJs(out, entries = ENTRIES) {
  const dir = fileURLToPath(out);
  const esbuild = await import("esbuild");
  const keepWasmBytes = {
    name: "keep-wasm-bytes",
    setup(build) {
      build.onResolve({ filter: /^\.\/wasm-bytes\.js$/ }, () => ({ path: "./wasm-bytes.js", external: true }));
    },
  };
  for (const entry of entries) {
    await esbuild.build({
      entryPoints: [`${dir}/${entry.dir}node.js`], bundle: true, format: "cjs", platform: "neutral", target: "es2022",
      logLevel: "error", legalComments: "none", plugins: [keepWasmBytes],
      outfile: `${dir}/${entry.dir}node.cjs`,
      banner: { js: `// ${entry.specifier} for Node, Deno and Bun (node.js re-exports it): its glue and exports; the wasm is in wasm-bytes.js.` },
    });
  }
  for (const f of readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".d.ts") && !f.endsWith(".wasm.d.ts") && !isSpecTypes(f))) {
    const text = readFileSync(path.join(dir, f), "utf8").replace(/(["']\.\.?\/[\w.-]+)\.js(["'])/g, "$1.cjs$2");
    writeFileSync(path.join(dir, f.replace(/\.d\.ts$/, ".d.cts")), text);
  }
}

/**
 * Each entry's node.js (Node, Deno, Bun): node.cjs under ES module names, the wrapper Node's
 * docs give for dual packages. `import` and `require` then load one instance (one wasm, one
 * IntercomError class), and the glue ships twice in the tarball (intercom_edge.js for workerd,
 * Vercel Edge and browsers; node.cjs), not three times. The names are read from node.cjs
 * itself, so no list is kept by hand. Run after writeCommonJs.
 */
export function writeNodeWrappers(out, entries = ENTRIES) {
  const dir = fileURLToPath(out);
  const require = createRequire(import.meta.url);
  for (const entry of entries) {
    const names = Object.keys(require(`${dir}/${entry.dir}node.cjs`)).sort();
    if (!names.includes("IntercomError")) throw new Error(`assemble: ${entry.specifier}'s node.cjs exports no IntercomError`);
    writeFileSync(`${dir}/${entry.dir}node.js`, `// ${entry.specifier} for Node, Deno and Bun: node.cjs under ES module names, so that import and
// require share one instance.
import cjs from "./node.cjs";

export const { ${names.join(", ")} } = cjs;
`);
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
