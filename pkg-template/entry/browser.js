// Browsers and bundlers: call `await init()` once before use. By default the wasm comes from
// wasm-bytes.js, loaded on demand as its own chunk, so every bundler and dev server (Vite's
// pre-bundling included) serves it without configuration; pass a URL to fetch the .wasm instead.
import initWasm, { __registerIntercomError } from "./intercom_edge.js";
import { IntercomError } from "{{shared}}error.js";

let ready;

/** Loads the wasm (once). `input` may be a URL, Response, bytes or a WebAssembly.Module. */
export function init(input) {
  const source = input !== undefined ? Promise.resolve(input) : import("./wasm-bytes.js").then((m) => m.wasmBytes());
  ready ??= source.then((module_or_path) => initWasm({ module_or_path })).then(
    () => __registerIntercomError(IntercomError),
    (err) => {
      ready = undefined; // let a later call try again
      throw err;
    },
  );
  return ready;
}

export * from "./public.js";
