// Node, Deno and Bun: the wasm travels inside wasm-bytes.js and is compiled synchronously at
// import, so no init call is needed, bundlers (webpack, Turbopack, esbuild, bun build) need no
// loader and no file beside their output, and Deno needs no --allow-read.
import { initSync, __registerIntercomError } from "./intercom_edge.js";
import { IntercomError } from "{{shared}}error.js";
import { wasmBytes } from "./wasm-bytes.js";

initSync({ module: wasmBytes() });
__registerIntercomError(IntercomError);

export * from "./public.js";
/** Nothing to wait for here; kept so code is the same in every runtime. */
export async function init() {}
