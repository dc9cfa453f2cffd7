// Entry for Chromium, in a page and in a module worker. Paths, not bare names: import maps
// do not reach workers.
import * as pkg from "/node_modules/intercom-edge/browser.js";
import config from "/config.mjs";
import { run } from "/scenario.mjs";

export async function main() {
  await pkg.init();
  return run(pkg, config, typeof document === "undefined" ? "chromium-worker" : "chromium-page");
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  main().then(
    (results) => self.postMessage({ results }),
    (err) => self.postMessage({ error: String(err?.stack ?? err) }),
  );
}
