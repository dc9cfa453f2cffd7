// Entry for Node, Deno and Bun: the package is imported by name, as a user would.
import * as pkg from "intercom-edge";
import * as client from "intercom-edge/client";
import * as oauth from "intercom-edge/oauth";
import * as webhooks from "intercom-edge/webhooks";
import * as connections from "intercom-edge/connections";
import config from "./config.mjs";
import { run } from "./scenario.mjs";
import { runEntries } from "./entries-scenario.mjs";

const runtime = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
await pkg.init();
for (const entry of [client, oauth, webhooks]) await entry.init();
const results = await run(pkg, config, runtime, { client, oauth, webhooks, connections });
if (runtime === "node") {
  // require(): each entry's node.cjs. Every bundle carries error.js, whose class is registered
  // under a global symbol, so imported and required errors are one IntercomError class.
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const entries = Object.fromEntries(["client", "oauth", "webhooks", "connections"].map((n) => [n, require(`intercom-edge/${n}`)]));
  for (const r of await runEntries(entries, pkg, config, runtime)) results.push({ ...r, name: `require: ${r.name}` });
  // node.js re-exports node.cjs: import and require load one instance, not two.
  const same = ["client", "oauth", "webhooks"].every((n) => entries[n].IntercomClient === { client, oauth, webhooks }[n].IntercomClient || !entries[n].IntercomClient)
    && require("intercom-edge").IntercomClient === pkg.IntercomClient;
  results.push({ name: "require and import give the same IntercomClient (one instance per entry)", ok: same, detail: same ? undefined : "two instances" });
}
console.log("@@RESULTS " + JSON.stringify(results));
