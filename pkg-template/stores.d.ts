import type { ConnectionStore } from "./connections.js";

/**
 * A store in this process's memory, for tests and single-process apps.
 * @example const connections = new Connections({ store: memoryStore(), keys: { k1: "a-32-character-or-longer-secret!!" } });
 */
export declare function memoryStore(): ConnectionStore & { dump(): Record<string, string> };

/**
 * Cloudflare Workers KV (a namespace binding). Eventually consistent: another location may
 * read the old record for up to about a minute after a save.
 * @example const store = kvStore(env.CONNECTIONS);
 */
export declare function kvStore(namespace: {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<unknown>;
  delete(key: string): Promise<unknown>;
  list(options: { prefix: string; cursor?: string; limit?: number }): Promise<{ keys: { name: string }[]; list_complete: boolean; cursor?: string }>;
}): ConnectionStore;

/**
 * Cloudflare D1, after connections-d1.sql (shipped in the package). Strongly consistent.
 * @example const store = d1Store(env.DB);
 */
export declare function d1Store(db: { prepare(sql: string): any }, options?: { table?: string }): ConnectionStore;

/**
 * Postgres through any client with `query(text, params)` (pg's Client or Pool, Neon, …), after
 * connections-postgres.sql (shipped in the package). Strongly consistent.
 * @example const store = postgresStore(new pg.Pool({ connectionString }));
 */
export declare function postgresStore(client: { query(text: string, params?: unknown[]): Promise<{ rows: any[] }> }, options?: { table?: string }): ConnectionStore;

/**
 * Deno KV. Strongly consistent by default.
 * @example const store = denoKvStore(await Deno.openKv());
 */
export declare function denoKvStore(kv: any, options?: { namespace?: string }): ConnectionStore;

/**
 * Redis: node-redis, ioredis or @upstash/redis (for edge runtimes). Strongly consistent on one
 * primary.
 * @example const store = redisStore(await createClient({ url }).connect());
 */
export declare function redisStore(client: {
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
  scan(...args: any[]): Promise<unknown>;
}): ConnectionStore;
