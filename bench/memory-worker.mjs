// The memory run's Worker (`workerd serve`): each request makes one round of calls with a
// client of its own, then collects garbage (V8 runs with --expose-gc) before answering, so
// the bench reads workerd's RSS between rounds.
import * as edge from "intercom-edge-under-bench";
import { round } from "./calls.mjs";

export default {
  async fetch(_request, env) {
    await round(env.WHO, edge, { url: env.URL, token: env.TOKEN });
    globalThis.gc?.();
    return Response.json({ gc: typeof globalThis.gc === "function" });
  },
};
