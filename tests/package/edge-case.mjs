// Entry for @edge-runtime/vm, bundled to a script; the host calls main().
import * as pkg from "intercom-edge";
import config from "./config.mjs";
import { run } from "./scenario.mjs";

export async function main() {
  return JSON.stringify(await run(pkg, config, "edge"));
}
