// Stores for Connections: each an adapter of four methods over an engine's own client, doing
// I/O only. The interface (connections.d.ts, ConnectionStore):
//   get(key) → the value put under it, or null
//   put(key, value)       value: the record as JSON text
//   delete(key)
//   list(prefix, cursor)  → { keys, cursor }: one page of the keys starting with prefix, and
//                           the cursor of the next page (null at the end; keys may repeat).
import { IntercomError } from "./error.js";

const PAGE = 100;

const invalid = (message, hint = "pass the engine's client or binding itself") =>
  new IntercomError(message, {
    code: "invalid_argument", status: null, requestId: null, errors: [], rateLimit: null, retryable: false,
    hint, action: "fix_request",
  });

/**
 * `read()` over a caller's values: a getter or Proxy trap that throws is the caller's bad
 * argument (invalid_argument), as every export's hostile input is, not an error of ours.
 */
export function reading(what, read) {
  try {
    return read();
  } catch (error) {
    if (error instanceof IntercomError || error instanceof TypeError) throw error;
    throw invalid(`${what}: could not be read (a getter or Proxy trap threw)`, "pass plain objects and values");
  }
}

function need(obj, methods, what) {
  reading(what, () => {
    for (const m of methods) {
      if (!obj || typeof obj[m] !== "function") throw invalid(`${what}: expected an object with ${methods.join(", ")}; ${m} is missing`);
    }
  });
  return obj;
}

/** A factory's options object, read once: `{}` when absent. */
const optionsOf = (options, what) => reading(what, () => ({ ...(options ?? {}) }));

/** A store in this process's memory: for tests and single-process apps. */
export function memoryStore() {
  const map = new Map();
  return {
    async get(key) {
      return map.has(key) ? map.get(key) : null;
    },
    async put(key, value) {
      map.set(key, value);
    },
    async delete(key) {
      map.delete(key);
    },
    async list(prefix, cursor) {
      const keys = [...map.keys()].filter((k) => k.startsWith(prefix) && (cursor === null || cursor === undefined || k > cursor)).sort();
      const page = keys.slice(0, PAGE);
      return { keys: page, cursor: keys.length > PAGE ? page[page.length - 1] : null };
    },
    /** Every key and value, for a test's look at what was stored. */
    dump() {
      return Object.fromEntries(map);
    },
  };
}

/** Cloudflare Workers KV: `kvStore(env.CONNECTIONS)`. Eventually consistent (see the README). */
export function kvStore(namespace) {
  need(namespace, ["get", "put", "delete", "list"], "kvStore(namespace)");
  return {
    get: (key) => namespace.get(key),
    put: (key, value) => namespace.put(key, value),
    delete: (key) => namespace.delete(key),
    async list(prefix, cursor) {
      const page = await namespace.list({ prefix, cursor: cursor ?? undefined, limit: 1000 });
      return { keys: page.keys.map((k) => k.name), cursor: page.list_complete ? null : page.cursor };
    },
  };
}

/** The key/value table both SQL stores use; connections-d1.sql and connections-postgres.sql create it. */
const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
function table(name = "intercom_connections") {
  if (!TABLE.test(name)) {
    throw new IntercomError("table: a plain SQL identifier (A-Z a-z 0-9 _)", {
      code: "invalid_argument", status: null, requestId: null, errors: [], rateLimit: null, retryable: false,
      hint: "name the table like intercom_connections", action: "fix_request",
    });
  }
  return name;
}

/** Cloudflare D1: `d1Store(env.DB)`, after the migration in connections-d1.sql. */
export function d1Store(db, options) {
  const { table: name } = optionsOf(options, "d1Store(db, options)");
  need(db, ["prepare"], "d1Store(db)");
  const t = table(name);
  return {
    get: (key) => db.prepare(`SELECT value FROM ${t} WHERE key = ?1`).bind(key).first("value"),
    async put(key, value) {
      await db.prepare(`INSERT INTO ${t} (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        .bind(key, value).run();
    },
    async delete(key) {
      await db.prepare(`DELETE FROM ${t} WHERE key = ?1`).bind(key).run();
    },
    async list(prefix, cursor) {
      const { results } = await db.prepare(`SELECT key FROM ${t} WHERE substr(key, 1, length(?1)) = ?1 AND key > ?2 ORDER BY key LIMIT ${PAGE}`)
        .bind(prefix, cursor ?? "").all();
      const keys = results.map((r) => r.key);
      return { keys, cursor: keys.length === PAGE ? keys[keys.length - 1] : null };
    },
  };
}

/** Postgres through any client with `query(text, params)` → `{ rows }` (pg, Neon, …), after connections-postgres.sql. */
export function postgresStore(client, options) {
  const { table: name } = optionsOf(options, "postgresStore(client, options)");
  need(client, ["query"], "postgresStore(client)");
  const t = table(name);
  return {
    async get(key) {
      const { rows } = await client.query(`SELECT value FROM ${t} WHERE key = $1`, [key]);
      return rows.length ? rows[0].value : null;
    },
    async put(key, value) {
      await client.query(`INSERT INTO ${t} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [key, value]);
    },
    async delete(key) {
      await client.query(`DELETE FROM ${t} WHERE key = $1`, [key]);
    },
    async list(prefix, cursor) {
      // The table's key is COLLATE "C", so > and ORDER BY are byte order whatever the database's locale.
      const { rows } = await client.query(`SELECT key FROM ${t} WHERE left(key, length($1)) = $1 AND key > $2 ORDER BY key LIMIT ${PAGE}`, [prefix, cursor ?? ""]);
      const keys = rows.map((r) => r.key);
      return { keys, cursor: keys.length === PAGE ? keys[keys.length - 1] : null };
    },
  };
}

/** Deno KV: `denoKvStore(await Deno.openKv())`; each key is stored as ["intercom-edge", key]. */
export function denoKvStore(kv, options) {
  const { namespace = "intercom-edge" } = optionsOf(options, "denoKvStore(kv, options)");
  need(kv, ["get", "set", "delete", "list"], "denoKvStore(kv)");
  return {
    async get(key) {
      return (await kv.get([namespace, key])).value ?? null;
    },
    async put(key, value) {
      await kv.set([namespace, key], value);
    },
    async delete(key) {
      await kv.delete([namespace, key]);
    },
    async list(prefix, cursor) {
      // Keys starting with prefix: the range [prefix, prefix + U+FFFF) of the key's second part.
      const it = kv.list({ start: [namespace, prefix], end: [namespace, prefix + "\uffff"] }, { limit: PAGE, cursor: cursor ?? undefined });
      const keys = [];
      for await (const e of it) keys.push(e.key[1]);
      return { keys, cursor: keys.length === PAGE ? it.cursor : null };
    },
  };
}

/** SCAN's MATCH is a glob: the prefix's own *, ?, [, ] and \ matched literally. */
const glob = (prefix) => prefix.replace(/[*?[\]\\]/g, "\\$&") + "*";

/**
 * Redis through its client: node-redis (`createClient()`), ioredis (`new Redis()`) or
 * @upstash/redis (`Redis.fromEnv()`, over HTTP for edge runtimes). Each names SCAN's options
 * its own way; the adapter tells them apart by what else they have.
 */
export function redisStore(client) {
  need(client, ["get", "set", "del", "scan"], "redisStore(client)");
  const scan = typeof client.scanStream === "function"
    ? async (cursor, match) => client.scan(cursor, "MATCH", match, "COUNT", PAGE) // ioredis: [cursor, keys]
    : typeof client.scanIterator === "function"
      ? async (cursor, match) => { // node-redis: { cursor, keys }
        const r = await client.scan(cursor, { MATCH: match, COUNT: PAGE });
        return [r.cursor, r.keys];
      }
      : async (cursor, match) => client.scan(cursor, { match, count: PAGE }); // @upstash/redis: [cursor, keys]
  return {
    get: (key) => client.get(key),
    async put(key, value) {
      await client.set(key, value);
    },
    async delete(key) {
      await client.del(key);
    },
    async list(prefix, cursor) {
      const [next, keys] = await scan(cursor ?? "0", glob(prefix));
      return { keys: keys.map(String), cursor: String(next) === "0" ? null : String(next) };
    },
  };
}
