// Browsers and bundlers: the wasm is fetched, so call `await init()` once before use.
import initWasm, { __registerIntercomError } from "./intercom_edge.js";
import { IntercomError } from "./error.js";

let ready;

/** Loads the wasm (once). `input` may be a URL, Response, bytes or a WebAssembly.Module. */
export function init(input) {
  ready ??= initWasm({ module_or_path: input ?? new URL("./intercom_edge_bg.wasm", import.meta.url) }).then(
    () => __registerIntercomError(IntercomError),
    (err) => {
      ready = undefined; // let a later call try again
      throw err;
    },
  );
  return ready;
}

export * from "./public.js";
