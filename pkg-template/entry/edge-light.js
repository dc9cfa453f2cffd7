// Vercel Edge / Next.js middleware: `?module` makes the bundler hand over a compiled
// WebAssembly.Module, since compiling wasm from bytes is forbidden at run time.
import module from "./{{wasm}}?module";
import { initSync, __registerIntercomError } from "./intercom_edge.js";
import { IntercomError } from "{{shared}}error.js";
import { checkedModule } from "{{shared}}wasm-module.js";

initSync({ module: checkedModule(module, "{{wasm}}") });
__registerIntercomError(IntercomError);

export * from "./public.js";
export async function init() {}
