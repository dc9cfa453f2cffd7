// Cloudflare Workers (workerd, wrangler): a `.wasm` import is a compiled WebAssembly.Module;
// compiling from bytes is not allowed there.
import module from "./intercom_edge_bg.wasm";
import { initSync, __registerIntercomError } from "./intercom_edge.js";
import { IntercomError } from "./error.js";
import { checkedModule } from "./wasm-module.js";

initSync({ module: checkedModule(module) });
__registerIntercomError(IntercomError);

export * from "./public.js";
export async function init() {}
