// Where a cold start in Node goes, step by step as node.js does it, in a fresh process:
// prints {"parse": ms, "decode": ms, "compile": ms, "glue": ms, "instantiate": ms, "rest": ms,
// "client": ms}.
// parse: importing wasm-bytes.js (the base64 literal); decode: base64 → bytes; compile:
// new WebAssembly.Module (V8 validates it all, compiles functions lazily); glue: importing
// intercom_edge.js; instantiate: its initSync; rest: public.js and error.js (what node.js adds);
// client: the first `new IntercomClient`, which compiles the functions it runs. node.js itself
// is these files bundled into one module (one file to load instead of six), so its cold start
// is a little under the sum.
// Usage: node bench/cold-parts.mjs <dist/pkg directory>
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const url = (f) => pathToFileURL(path.join(dir, f)).href;
const t0 = performance.now();
const { wasmBytes } = await import(url("wasm-bytes.js"));
const t1 = performance.now();
const bytes = wasmBytes();
const t2 = performance.now();
const module = new WebAssembly.Module(bytes);
const t3 = performance.now();
const glue = await import(url("intercom_edge.js"));
const t3b = performance.now();
glue.initSync({ module });
const t4 = performance.now();
const { IntercomError } = await import(url("error.js"));
glue.__registerIntercomError(IntercomError);
const { IntercomClient } = await import(url("public.js"));
const t5 = performance.now();
new IntercomClient({ token: "t" });
const t6 = performance.now();
console.log(JSON.stringify({ parse: t1 - t0, decode: t2 - t1, compile: t3 - t2, glue: t3b - t3, instantiate: t4 - t3b, rest: t5 - t4, client: t6 - t5 }));
