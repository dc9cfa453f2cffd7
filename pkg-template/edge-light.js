// Vercel Edge / Next.js middleware: `?module` makes the bundler hand over a compiled
// WebAssembly.Module, since compiling wasm from bytes is forbidden at run time.
import module from "./intercom_edge_bg.wasm?module";
import { initSync, __registerIntercomError } from "./intercom_edge.js";
import { IntercomError } from "./error.js";
import { checkedModule } from "./wasm-module.js";

initSync({ module: checkedModule(module) });
__registerIntercomError(IntercomError);

export * from "./public.js";
export async function init() {}
