// Connections: each installed workspace's token, sealed (sealToken), in a store of the app's
// own (stores.js). The sealing, the error classes and which errors mean "reconnect" are the
// wasm's; what is here is record keeping, kept in JS so that no entry's wasm grows for it.
// Each entry binds it to its own IntercomClient, sealToken and openToken (connectionsClass).
import { IntercomError } from "./error.js";
import { reading } from "./stores.js";

/** The stored record's format; a record of another version is refused, not guessed at. */
const FORMAT = 1;
/** Every record's key starts with it, so a store may hold other things beside them. */
const PREFIX = "intercom-edge:connection:";
/** `/me` → `app.region` ("US", "Europe", "Australia") to IntercomClient's `region`, as protocol::region reads it. */
const REGIONS = { us: "us", usa: "us", "united states": "us", eu: "eu", europe: "eu", au: "au", australia: "au" };
const regionOf = (v) => (typeof v === "string" && Object.hasOwn(REGIONS, v.trim().toLowerCase()) ? REGIONS[v.trim().toLowerCase()] : undefined);
/** A workspace id (`app.id_code`): part of a store key, so a closed alphabet. */
const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function fail(code, message, hint, action = "fix_request") {
  return new IntercomError(message, { code, status: null, requestId: null, errors: [], rateLimit: null, retryable: false, hint, action });
}
const invalid = (message) => fail("invalid_argument", message, "fix the argument as the message says");

function checkWorkspaceId(id, name = "workspaceId") {
  if (typeof id !== "string" || !WORKSPACE_ID.test(id)) {
    throw invalid(`${name}: a workspace id (me.app.id_code): 1 to 64 of A-Z a-z 0-9 - _`);
  }
  return id;
}

/** `v1.<keyId>.<…>` → keyId (the format is protocol::seal's; only its clear prefix is read). */
function keyIdOf(sealed) {
  const parts = typeof sealed === "string" ? sealed.split(".") : [];
  return parts.length === 3 ? parts[1] : null;
}

/** What callers see: the stored record without the sealed token. */
function view(r) {
  return {
    workspaceId: r.workspaceId,
    name: r.name,
    region: r.region,
    admin: { id: r.admin.id, email: r.admin.email },
    installedAt: r.installedAt,
    updatedAt: r.updatedAt,
    status: r.status,
  };
}

/** A stored value (text, or an object from a store that parses JSON itself) → record. */
function parse(value, key) {
  let r = value;
  if (typeof value === "string") {
    try {
      r = JSON.parse(value);
    } catch {
      r = null;
    }
  }
  const ok = r && typeof r === "object" && r.v === FORMAT && typeof r.workspaceId === "string" && typeof r.sealed === "string" &&
    regionOf(r.region) !== undefined && r.admin && typeof r.admin === "object";
  if (!ok) {
    throw fail("token_seal_invalid", `The stored connection under ${key} is not a record this version of intercom-edge wrote`,
      "remove it (connections.remove) and have the workspace install the app again");
  }
  return r;
}

function checkStore(store) {
  for (const m of ["get", "put", "delete", "list"]) {
    if (!store || typeof store[m] !== "function") {
      throw invalid(`store: expected { get, put, delete, list } (see memoryStore and the adapters); ${m} is missing`);
    }
  }
}

/** `{ [keyId]: secret }`, newest first → its ids in that order. */
function keyIds(keys) {
  if (!keys || typeof keys !== "object" || Array.isArray(keys)) throw invalid("keys: { [keyId]: secret }, newest first");
  const ids = Object.keys(keys);
  if (!ids.length) throw invalid("keys: no key given");
  for (const id of ids) {
    // JS lists integer-like keys first whatever their order in the literal, so "newest first"
    // would silently not hold for them.
    if (/^\d+$/.test(id)) throw invalid(`keys: keyId "${id}" is an integer, which JS reorders; name it like "k${id}"`);
    if (typeof keys[id] !== "string") throw invalid(`keys: ${id} must be a string`);
  }
  return ids;
}

/**
 * The Connections class, bound to one entry's wasm exports (the root's, or /oauth's for
 * intercom-edge/connections).
 */
export function connectionsClass({ IntercomClient, sealToken, openToken, uninstall }) {
  return class Connections {
    #store;
    #keys;
    #newest;
    #prefix;

    constructor(options) {
      const { store, keys, ids, prefix } = reading("options", () => {
        if (!options || typeof options !== "object") throw invalid("options: required, { store, keys }");
        const { store, keys, prefix = PREFIX } = options;
        checkStore(store);
        const copy = { ...keys };
        const ids = keyIds(copy);
        if (typeof prefix !== "string" || !prefix) throw invalid("prefix: a non-empty string");
        return { store, keys: copy, ids, prefix };
      });
      this.#store = store;
      this.#keys = keys;
      this.#newest = ids[0];
      this.#prefix = prefix;
    }

    #key(id) {
      return this.#prefix + checkWorkspaceId(id);
    }

    async #read(id) {
      const key = this.#key(id);
      const value = await this.#store.get(key);
      return value === null || value === undefined ? null : parse(value, key);
    }

    #write(r) {
      return this.#store.put(this.#key(r.workspaceId), JSON.stringify(r));
    }

    /**
     * Writes `change(record)` unless the stored token changed meanwhile (a re-install between
     * our read and this write must win); not atomic, the interface has no compare-and-set.
     */
    async #update(id, sealed, change) {
      const now = await this.#read(id);
      if (now && now.sealed === sealed) await this.#write(change(now));
    }

    #seal(token) {
      return sealToken(token, { key: this.#keys[this.#newest], keyId: this.#newest });
    }

    async save(installed) {
      const { token, workspaceId, region, name, admin } = reading("save({ token, me })", () => {
        const { token, me } = installed ?? {};
        if (typeof token !== "string") throw invalid("token: the access token exchangeCode returned");
        const app = me && typeof me === "object" ? me.app : undefined;
        if (!app || typeof app !== "object") throw invalid("me: what client.me() returned for this token (with its app)");
        const workspaceId = checkWorkspaceId(app.id_code, "me.app.id_code");
        const region = regionOf(app.region);
        if (!region) throw invalid(`me.app.region: "US", "Europe" or "Australia", as Intercom's /me says`);
        const name = typeof app.name === "string" ? app.name : "";
        const admin = { id: me.id == null ? null : String(me.id), email: typeof me.email === "string" ? me.email : null };
        return { token, workspaceId, region, name, admin };
      });
      const sealed = await this.#seal(token);
      const before = await this.#read(workspaceId).catch(() => null);
      const at = new Date().toISOString();
      const record = {
        v: FORMAT,
        workspaceId,
        name,
        region,
        admin,
        installedAt: before?.installedAt ?? at,
        updatedAt: at,
        status: "connected",
        sealed,
      };
      await this.#write(record);
      return view(record);
    }

    async get(workspaceId) {
      const r = await this.#read(workspaceId);
      return r && view(r);
    }

    async client(workspaceId, options = {}) {
      if (options === null || typeof options !== "object") throw invalid("options: IntercomClient options, or nothing");
      options = reading("options", () => ({ ...options }));
      const r = await this.#read(workspaceId);
      if (!r) {
        throw fail("not_connected", `No workspace ${workspaceId} is connected; no request was sent`,
          "send an admin of that workspace through the install flow (authorizeUrl), then connections.save()", "reconnect");
      }
      const token = await openToken(r.sealed, { keys: this.#keys });
      // Opened with an older key: sealed again with the newest, so old keys can be retired.
      if (keyIdOf(r.sealed) !== this.#newest) {
        const sealed = await this.#seal(token);
        await this.#update(workspaceId, r.sealed, (now) => ({ ...now, sealed }));
        r.sealed = sealed;
      }
      const client = new IntercomClient({ ...options, token, region: r.region });
      return this.#watch(client, workspaceId, r.sealed);
    }

    /** The client, each call of it watched: an error whose action is "reconnect" marks the workspace. */
    #watch(client, workspaceId, sealed) {
      const mark = (error) =>
        error?.action === "reconnect"
          ? this.#update(workspaceId, sealed, (now) => ({ ...now, status: "reconnect_needed", updatedAt: new Date().toISOString() })).catch(() => {})
          : undefined;
      return new Proxy(client, {
        get(target, prop) {
          const v = Reflect.get(target, prop, target);
          if (typeof v !== "function" || prop === "constructor") return v;
          return (...args) => {
            const out = v.apply(target, args);
            if (!out || typeof out.then !== "function") return out;
            return out.then(
              async (value) => {
                // verifyConnection resolves { ok: false, error } rather than rejecting.
                if (value && value.ok === false) await mark(value.error);
                return value;
              },
              async (error) => {
                await mark(error);
                throw error;
              },
            );
          };
        },
      });
    }

    /**
     * The app's "Disconnect" for one workspace: uninstalls the app there with its token
     * (Intercom then revokes it), then forgets it. A token Intercom already refuses is
     * forgotten all the same; any other failure leaves the record and rejects.
     */
    async disconnect(workspaceId, options = {}) {
      if (options === null || typeof options !== "object") throw invalid("options: { baseUrl, fetch }, or nothing");
      options = reading("options", () => ({ baseUrl: options.baseUrl, fetch: options.fetch }));
      const r = await this.#read(workspaceId);
      if (!r) return { removed: null };
      try {
        await uninstall({ baseUrl: options.baseUrl, fetch: options.fetch, region: r.region, token: await openToken(r.sealed, { keys: this.#keys }) });
      } catch (error) {
        if (error?.action !== "reconnect") throw error;
      }
      await this.remove(workspaceId);
      return { removed: workspaceId };
    }

    async *list() {
      const seen = new Set();
      let cursor = null;
      do {
        const page = await this.#store.list(this.#prefix, cursor);
        for (const key of page?.keys ?? []) {
          if (!key.startsWith(this.#prefix) || seen.has(key)) continue;
          seen.add(key);
          const value = await this.#store.get(key);
          if (value !== null && value !== undefined) yield view(parse(value, key));
        }
        cursor = page?.cursor ?? null;
      } while (cursor);
    }

    async remove(workspaceId) {
      await this.#store.delete(this.#key(workspaceId));
    }

    async receive(event) {
      // receiveWebhook's events have a kind; an uninstall notice is { appId } alone.
      const notice = reading("event", () => {
        if (!event || typeof event !== "object") throw invalid("event: what parseUninstallNotice or receiveWebhook returned");
        return "kind" in event ? null : { appId: event.appId };
      });
      if (!notice) return { removed: null };
      const id = checkWorkspaceId(notice.appId, "event.appId");
      await this.remove(id);
      return { removed: id };
    }

    async rotate() {
      let resealed = 0;
      let total = 0;
      for await (const c of this.list()) {
        total++;
        const r = await this.#read(c.workspaceId);
        if (!r || keyIdOf(r.sealed) === this.#newest) continue;
        const sealed = await this.#seal(await openToken(r.sealed, { keys: this.#keys }));
        await this.#update(c.workspaceId, r.sealed, (now) => ({ ...now, sealed }));
        resealed++;
      }
      return { total, resealed };
    }

    toJSON() {
      return { prefix: this.#prefix, keyIds: Object.keys(this.#keys) };
    }
  };
}
