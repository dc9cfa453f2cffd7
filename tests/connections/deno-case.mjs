// The store suite in Deno over Deno KV (a database file of the runner's): `deno run --unstable-kv … deno-case.mjs <file>`.
import * as pkg from "intercom-edge/connections";
import { storeSuite } from "./suite.mjs";

const kv = await Deno.openKv(Deno.args[0]);
const out = await storeSuite(pkg, pkg.denoKvStore(kv));
const entries = [];
for await (const e of kv.list({ prefix: [] })) entries.push([e.key, e.value]);
kv.close();
console.log("@@RESULTS " + JSON.stringify({ ...out, dump: JSON.stringify(entries) }));
