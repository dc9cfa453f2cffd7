// The store suite in workerd (miniflare): GET /kv over the KV binding, GET /d1 over D1.
import * as pkg from "intercom-edge/connections";
import { storeSuite } from "./suite.mjs";

export default {
  async fetch(request, env) {
    const which = new URL(request.url).pathname.slice(1);
    const store = which === "kv" ? pkg.kvStore(env.KV) : pkg.d1Store(env.DB);
    return new Response("@@RESULTS " + JSON.stringify(await storeSuite(pkg, store)) + "\n");
  },
};
