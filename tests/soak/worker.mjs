// The soak in workerd (`workerd test`): the package as a Worker bundles it, figures out
// through the log. The wasm memory is read from the package's own instance.
import * as pkg from "intercom-edge";
import { initSync } from "./node_modules/intercom-edge/intercom_edge.js";
import config from "./config.mjs";
import { concurrency, soak } from "./soak.mjs";

export default {
  async test() {
    const wasm = initSync();
    const memory = () => ({ wasm: wasm.memory.buffer.byteLength, heap: null });
    const s = await soak(pkg, { ...config, memory });
    const c = await concurrency(pkg, { url: config.limitedUrl, token: config.token, inFlight: 500, limit: config.limit });
    console.log("@@RESULTS " + JSON.stringify({ soak: s, concurrency: c, errorSamples: s.errorSamples }));
  },
};
