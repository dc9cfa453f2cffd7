import type { AdminWithApp, IntercomClient, IntercomClientOptions } from "./intercom_edge.js";

/** What a caller sees of one installed workspace. The token is never in it. */
export interface Connection {
  /** The workspace's id (`me.app.id_code`): what webhooks call `app_id`. Key everything by it. */
  workspaceId: string;
  /** The workspace's name when it was installed (`me.app.name`). */
  name: string;
  /** Where its API lives: IntercomClient's `region`. */
  region: "us" | "eu" | "au";
  /** The admin who installed the app (`me.id`, `me.email`). */
  admin: { id: string | null; email: string | null };
  /** ISO 8601; the first install, kept across re-installs. */
  installedAt: string;
  /** ISO 8601; the last install or status change. */
  updatedAt: string;
  /**
   * "connected" after save(); "reconnect_needed" once a client from client() was refused with
   * an error whose `action` is "reconnect" (token_revoked, unauthorized, …): send an admin of
   * that workspace through the install flow again.
   */
  status: "connected" | "reconnect_needed";
}

/**
 * Where Connections keeps its records: four methods, over any engine. Values are JSON text;
 * `get` may also return the parsed object (a client that parses JSON itself, such as
 * @upstash/redis). Adapters: memoryStore, kvStore, d1Store, denoKvStore, redisStore,
 * postgresStore.
 *
 * @example
 * // A store over a Map, as memoryStore() is.
 * const map = new Map<string, string>();
 * const store: ConnectionStore = {
 *   async get(key) { return map.get(key) ?? null; },
 *   async put(key, value) { map.set(key, value); },
 *   async delete(key) { map.delete(key); },
 *   async list(prefix) { return { keys: [...map.keys()].filter((k) => k.startsWith(prefix)), cursor: null }; },
 * };
 */
export interface ConnectionStore {
  get(key: string): Promise<string | object | null | undefined>;
  put(key: string, value: string): Promise<unknown>;
  delete(key: string): Promise<unknown>;
  /** One page of the keys starting with `prefix` from `cursor` (null: the first page); `cursor: null` at the end. */
  list(prefix: string, cursor: string | null): Promise<{ keys: string[]; cursor: string | null }>;
}

export interface ConnectionsOptions {
  store: ConnectionStore;
  /**
   * Sealing keys, `{ [keyId]: secret }` (each ≥ 32 characters), newest first: new tokens are
   * sealed with the first; older ones still open, and are sealed again with the newest on
   * their next use or by rotate(). A keyId may not be a plain integer (JS would reorder it).
   */
  keys: Record<string, string>;
  /** Key prefix in the store; default "intercom-edge:connection:". */
  prefix?: string;
}

/**
 * Every installed workspace's token, sealed, on the store the app already runs on.
 *
 * @example
 * import { Connections, kvStore, parseCallback, exchangeCode, IntercomClient } from "intercom-edge/connections";
 * const connections = new Connections({ store: kvStore(env.CONNECTIONS), keys: { k2: env.SEAL_KEY_2, k1: env.SEAL_KEY_1 } });
 * // The OAuth callback:
 * const { token } = await exchangeCode({ code, clientId, clientSecret });
 * const saved = await connections.save({ token, me: await new IntercomClient({ token, region: "auto" }).me() });
 * // Later, a request for that workspace (or a webhook's appId):
 * const intercom = await connections.client(saved.workspaceId);
 * await intercom.listAdmins();
 */
export declare class Connections {
  constructor(options: ConnectionsOptions);
  /**
   * After the install callback: seals the token and stores the workspace `me.app.id_code`
   * names; a re-install replaces the token and keeps `installedAt`.
   *
   * @example
   * const saved = await connections.save({ token, me: await new IntercomClient({ token, region: "auto" }).me() });
   */
  save(install: { token: string; me: AdminWithApp }): Promise<Connection>;
  /**
   * The workspace's record, or null.
   *
   * @example
   * if ((await connections.get(event.appId))?.status === "reconnect_needed") return askToReconnect();
   */
  get(workspaceId: string): Promise<Connection | null>;
  /**
   * An IntercomClient for the workspace, on its region. A refusal that means "reconnect" marks
   * the workspace `reconnect_needed`. Not connected: IntercomError `not_connected`, no request sent.
   *
   * @example
   * const intercom = await connections.client(event.appId, { timeoutMs: 5000 });
   */
  client(workspaceId: string, options?: Omit<Partial<IntercomClientOptions>, "token">): Promise<IntercomClient>;
  /** Every connected workspace, paged from the store. @example for await (const c of connections.list()) console.log(c.name, c.status); */
  list(): AsyncIterableIterator<Connection>;
  /**
   * The app's "Disconnect" for one workspace: uninstalls the app there with its token, then
   * forgets it (also when Intercom already refuses the token). Nothing stored: `{ removed: null }`.
   *
   * @example
   * await connections.disconnect(workspaceId);
   */
  disconnect(workspaceId: string, options?: { baseUrl?: string; fetch?: typeof fetch }): Promise<{ removed: string | null }>;
  /**
   * Forgets the workspace and its token (Intercom is not told; see disconnect).
   *
   * @example
   * await connections.remove(workspaceId);
   */
  remove(workspaceId: string): Promise<void>;
  /**
   * Applies what Intercom told the app: an uninstall notice (parseUninstallNotice) removes the
   * workspace; any receiveWebhook event changes nothing.
   *
   * @example
   * await connections.receive(parseUninstallNotice(await verifiedRequest.text()));
   */
  receive(event: { appId: string } | { kind: string }): Promise<{ removed: string | null }>;
  /**
   * Seals every token with the newest key; then older keys can be dropped.
   *
   * @example
   * const { total, resealed } = await new Connections({ store, keys: { k3: env.NEW_KEY, k2: env.KEY } }).rotate();
   */
  rotate(): Promise<{ total: number; resealed: number }>;
  toJSON(): { prefix: string; keyIds: string[] };
}
