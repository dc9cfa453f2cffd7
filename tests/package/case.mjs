// Entry for Node, Deno and Bun: the package is imported by name, as a user would.
import * as pkg from "intercom-edge";
import config from "./config.mjs";
import { run } from "./scenario.mjs";

await pkg.init();
console.log("@@RESULTS " + JSON.stringify(await run(pkg, config)));
