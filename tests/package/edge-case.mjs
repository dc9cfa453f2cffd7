// Entry for @edge-runtime/vm, bundled to a script; the host calls main().
import * as pkg from "intercom-edge";
import * as client from "intercom-edge/client";
import * as oauth from "intercom-edge/oauth";
import * as webhooks from "intercom-edge/webhooks";
import * as connections from "intercom-edge/connections";
import config from "./config.mjs";
import { run } from "./scenario.mjs";

export async function main() {
  return JSON.stringify(await run(pkg, config, "edge", { client, oauth, webhooks, connections }));
}
