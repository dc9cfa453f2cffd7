// The store suite in Node over one engine: `node node-case.mjs <memory|redis|ioredis|postgres> [url]`.
import * as pkg from "intercom-edge/connections";
import { storeSuite } from "./suite.mjs";

const [engine, url] = process.argv.slice(2);
let store;
let close = async () => {};
let dump;
if (engine === "memory") {
  store = pkg.memoryStore();
  dump = () => JSON.stringify(store.dump());
} else if (engine === "redis") {
  const { createClient } = await import("redis");
  const client = await createClient({ url }).connect();
  store = pkg.redisStore(client);
  close = () => client.quit();
} else if (engine === "upstash") {
  // @upstash/redis's shape (HTTP, so no local server of its own): scan(cursor, { match, count })
  // → [cursor, keys], and get() parses JSON values itself; over the same real Redis.
  const { createClient } = await import("redis");
  const client = await createClient({ url }).connect();
  store = pkg.redisStore({
    get: async (k) => {
      const v = await client.get(k);
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    },
    set: (k, v) => client.set(k, v),
    del: (k) => client.del(k),
    scan: async (cursor, { match, count }) => {
      const r = await client.scan(String(cursor), { MATCH: match, COUNT: count });
      return [r.cursor, r.keys];
    },
  });
  close = () => client.quit();
} else if (engine === "ioredis") {
  const { Redis } = await import("ioredis");
  const client = new Redis(url);
  store = pkg.redisStore(client);
  close = () => client.quit();
} else if (engine === "postgres") {
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  store = pkg.postgresStore(pool);
  close = () => pool.end();
} else {
  throw new Error(`unknown engine ${engine}`);
}
const out = await storeSuite(pkg, store);
await close();
console.log("@@RESULTS " + JSON.stringify({ ...out, dump: dump?.() }));
