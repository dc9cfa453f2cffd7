// Cloudflare Workers (workerd, wrangler): a `.wasm` import is a compiled WebAssembly.Module;
// compiling from bytes is not allowed there.
import module from "./{{wasm}}";
import { initSync, __registerIntercomError } from "./intercom_edge.js";
import { IntercomError } from "{{shared}}error.js";
import { checkedModule } from "{{shared}}wasm-module.js";

initSync({ module: checkedModule(module, "{{wasm}}") });
__registerIntercomError(IntercomError);

export * from "./public.js";
export async function init() {}
