// Node, Deno (needs --allow-read) and Bun: the wasm is read from the package folder and
// compiled synchronously, so no init call is needed.
import { readFileSync } from "node:fs";
import { initSync, __registerIntercomError } from "./intercom_edge.js";
import { IntercomError } from "./error.js";

initSync({ module: readFileSync(new URL("./intercom_edge_bg.wasm", import.meta.url)) });
__registerIntercomError(IntercomError);

export * from "./public.js";
/** Nothing to wait for here; kept so code is the same in every runtime. */
export async function init() {}
