// Entry for browsers (Chromium, Firefox), in a page and in a module worker. Paths, not bare
// names: import maps do not reach workers. A worker learns its engine from its own URL.
import * as pkg from "/node_modules/intercom-edge/browser.js";
import * as client from "/node_modules/intercom-edge/client/browser.js";
import * as oauth from "/node_modules/intercom-edge/oauth/browser.js";
import * as webhooks from "/node_modules/intercom-edge/webhooks/browser.js";
import * as connections from "/node_modules/intercom-edge/connections/browser.js";
import config from "/config.mjs";
import { run } from "/scenario.mjs";

export async function main(engine) {
  for (const entry of [pkg, client, oauth, webhooks]) await entry.init();
  return run(pkg, config, `${engine}-${typeof document === "undefined" ? "worker" : "page"}`, { client, oauth, webhooks, connections });
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  main(new URL(import.meta.url).searchParams.get("engine") ?? "chromium").then(
    (results) => self.postMessage({ results }),
    (err) => self.postMessage({ error: String(err?.stack ?? err) }),
  );
}
