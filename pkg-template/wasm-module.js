// The Worker entries receive the wasm from the bundler's `.wasm` import. A bundler without a
// wasm rule hands over a file name or bytes instead, and workerd cannot compile bytes, so say
// which file needs which one-line fix rather than failing later inside WebAssembly.
import { notInitializedError } from "./not-initialized.js";

export function checkedModule(module, file) {
  if (Object.prototype.toString.call(module) === "[object WebAssembly.Module]") return module;
  const got = typeof module === "string" ? `the string "${module}"` : Object.prototype.toString.call(module);
  throw notInitializedError(
    `intercom-edge: importing ${file} gave ${got}, not a WebAssembly.Module. ` +
      "Bundle the .wasm as a module: wrangler does so by itself; " +
      `with esbuild add --loader:.wasm=copy, with bun build add --external '*.wasm' and copy ${file} beside the output (Next.js and Vercel need nothing).`,
    `Bundle ${file} as a module (esbuild --loader:.wasm=copy) and deploy it beside the Worker`,
  );
}
