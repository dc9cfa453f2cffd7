// Entry for Node, Deno and Bun: the package is imported by name, as a user would.
import * as pkg from "intercom-edge";
import config from "./config.mjs";
import { run } from "./scenario.mjs";

const runtime = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
await pkg.init();
console.log("@@RESULTS " + JSON.stringify(await run(pkg, config, runtime)));
