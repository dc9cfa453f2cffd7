// intercom-edge/connections (and Connections in the root), in every runtime, over memoryStore,
// against the mock: save after an install, get, client on the workspace's region, list,
// remove, the uninstall notice, reconnect_needed on a refused token, key rotation.
import { harness } from "./harness.mjs";

const K1 = "k1-secret-0123456789abcdef0123456789";
const K2 = "k2-secret-0123456789abcdef0123456789";
const K3 = "k3-secret-0123456789abcdef0123456789";
/** A token the mock does not know: 401 unauthorized, whose action is "reconnect". */
const UNKNOWN = "dG9rOm5vLXN1Y2gtdG9rZW4=";

export async function runConnections(conn, root, config, runtime) {
  const { results, check, assert, rejection, thrown } = harness();
  const { Connections, memoryStore, IntercomClient, IntercomError } = conn;
  const { parseUninstallNotice } = root; // a webhooks export, not /oauth's (nor so /connections')
  const browser = /^(chromium|firefox)-/.test(runtime);
  const base = { baseUrl: config.url, dangerouslyAllowBrowser: true };
  const meOf = (token) => new IntercomClient({ ...base, token }).me();
  const fake = (id, region = "US") => ({ type: "admin", id: "991", email: `owner@${id}.example`, app: { type: "app", id_code: id, name: `Workspace ${id}`, region } });
  const secrets = [K1, K2, K3, config.tokens.us.valid, config.tokens.eu.valid, config.tokens.revoked, UNKNOWN];
  const clean = (text, what) => {
    for (const s of secrets) assert(!text.includes(s), `${what} contains a secret (${s.slice(0, 4)}…)`);
  };

  await check("connections: exports Connections and the six stores beside /oauth's; the root exports them too", async () => {
    for (const name of ["Connections", "memoryStore", "kvStore", "d1Store", "denoKvStore", "redisStore", "postgresStore", "sealToken", "exchangeCode", "IntercomClient"]) {
      assert(conn[name] !== undefined, `intercom-edge/connections has no ${name}`);
    }
    for (const name of ["Connections", "memoryStore", "kvStore", "d1Store", "denoKvStore", "redisStore", "postgresStore"]) {
      assert(root[name] !== undefined, `intercom-edge has no ${name}`);
    }
    assert(IntercomError === root.IntercomError, "a second IntercomError class");
  });

  const store = memoryStore();
  const connections = new Connections({ store, keys: { k1: K1 } });

  await check("save: two workspaces from /me (US and Europe); the record has no token, the store only a sealed one", async () => {
    const us = await connections.save({ token: config.tokens.us.valid, me: await meOf(config.tokens.us.valid) });
    const eu = await connections.save({ token: config.tokens.eu.valid, me: await meOf(config.tokens.eu.valid) });
    assert(us.workspaceId === "acmeus01" && us.region === "us" && us.name === "Acme Inc" && us.status === "connected", JSON.stringify(us));
    assert(eu.workspaceId === "bergeu02" && eu.region === "eu", JSON.stringify(eu));
    assert(typeof us.admin.id === "string" && us.admin.email.includes("@"), JSON.stringify(us.admin));
    assert(!Number.isNaN(Date.parse(us.installedAt)) && us.installedAt === us.updatedAt, us.installedAt);
    assert(!("sealed" in us) && !("token" in us), Object.keys(us).join());
    const dump = store.dump();
    assert(Object.keys(dump).sort().join() === "intercom-edge:connection:acmeus01,intercom-edge:connection:bergeu02", Object.keys(dump).join());
    assert(JSON.parse(dump["intercom-edge:connection:acmeus01"]).sealed.startsWith("v1.k1."), "not sealed with k1");
    clean(JSON.stringify(dump), "the store");
    clean(JSON.stringify(us) + JSON.stringify(connections) + String(connections), "a record or the instance");
  });

  await check("get: the record, or null; a re-install keeps installedAt and replaces the token", async () => {
    const us = await connections.get("acmeus01");
    assert(us && us.workspaceId === "acmeus01", JSON.stringify(us));
    assert((await connections.get("nosuch01")) === null, "a missing workspace is not null");
    const before = JSON.parse(store.dump()["intercom-edge:connection:acmeus01"]).sealed;
    await new Promise((r) => setTimeout(r, 5));
    const again = await connections.save({ token: config.tokens.us.valid, me: await meOf(config.tokens.us.valid) });
    assert(again.installedAt === us.installedAt && again.updatedAt > us.updatedAt, JSON.stringify(again));
    assert(JSON.parse(store.dump()["intercom-edge:connection:acmeus01"]).sealed !== before, "token not replaced");
  });

  await check("client: on the workspace's region (the EU host answers only the EU token), options passed on", async () => {
    const seen = [];
    const spy = (url, init) => (seen.push(String(url)), fetch(url, init));
    const eu = await connections.client("bergeu02", { baseUrl: config.hosts.eu, fetch: spy, dangerouslyAllowBrowser: true });
    const list = await eu.listAdmins();
    assert(list.type === "admin.list" && seen[0] === `${config.hosts.eu}/admins`, seen.join());
    const us = await connections.client("acmeus01", base);
    assert((await us.me()).app.id_code === "acmeus01", "the US client is not the US workspace");
    clean(JSON.stringify(us) + String(us), "the client");
  });

  await check("client: a workspace not connected is IntercomError not_connected with a hint, and no request is sent", async () => {
    let calls = 0;
    const e = await rejection(connections.client("nosuch01", { ...base, fetch: () => (calls++, fetch(config.url)) }));
    assert(e instanceof IntercomError && e.code === "not_connected", `${e?.code} ${e}`);
    assert(e.hint.length > 0 && e.action === "reconnect" && e.status === null, JSON.stringify(e));
    assert(calls === 0, `${calls} requests`);
  });

  await check("a refused token marks its workspace reconnect_needed, by itself; the others stay connected", async () => {
    await connections.save({ token: config.tokens.revoked, me: fake("revoked1") });
    await connections.save({ token: UNKNOWN, me: fake("unauth01") });
    const e = await rejection((await connections.client("revoked1", base)).listAdmins());
    assert(e.code === "token_revoked" && e.action === "reconnect", e.code);
    assert((await connections.get("revoked1")).status === "reconnect_needed", "revoked1 not marked");
    // verifyConnection resolves { ok: false } instead of rejecting: marked all the same.
    const r = await (await connections.client("unauth01", base)).verifyConnection();
    assert(r.ok === false, JSON.stringify(r));
    assert((await connections.get("unauth01")).status === "reconnect_needed", "unauth01 not marked");
    for (const id of ["acmeus01", "bergeu02"]) assert((await connections.get(id)).status === "connected", `${id} touched`);
    // A re-install makes it connected again.
    await connections.save({ token: config.tokens.us.valid, me: fake("revoked1") });
    assert((await connections.get("revoked1")).status === "connected", "re-install did not reconnect");
  });

  await check("an error that is not a reconnect (a 404) marks nothing", async () => {
    const c = await connections.client("acmeus01", base);
    const e = await rejection(c.getAdmin("999999999"));
    assert(e.status === 404 && e.action !== "reconnect", `${e.code} ${e.action}`);
    assert((await connections.get("acmeus01")).status === "connected", "marked on a 404");
  });

  await check("list: every record, paged from the store (230 workspaces over 100-key pages)", async () => {
    const many = new Connections({ store: memoryStore(), keys: { k1: K1 } });
    await Promise.all(Array.from({ length: 230 }, (_, i) => many.save({ token: `tok-${i}-abcdefgh`, me: fake(`ws${String(i).padStart(4, "0")}`) })));
    const ids = [];
    for await (const c of many.list()) ids.push(c.workspaceId);
    assert(ids.length === 230 && new Set(ids).size === 230, `${ids.length} listed`);
    const here = [];
    for await (const c of connections.list()) here.push(`${c.workspaceId}:${c.status}`);
    assert(here.sort().join() === "acmeus01:connected,bergeu02:connected,revoked1:connected,unauth01:reconnect_needed", here.join());
  });

  await check("receive: an uninstall notice removes that workspace only; a notification changes nothing", async () => {
    await connections.save({ token: config.tokens.us.valid, me: fake("gone0001") });
    const out = await connections.receive(parseUninstallNotice(JSON.stringify({ app_id: "gone0001" })));
    assert(out.removed === "gone0001" && (await connections.get("gone0001")) === null, JSON.stringify(out));
    const none = await connections.receive({ kind: "notification", id: "notif_1", topic: "contact.created", appId: "acmeus01" });
    assert(none.removed === null && (await connections.get("acmeus01")) !== null, "a notification removed a workspace");
    await connections.remove("unauth01");
    assert((await connections.get("unauth01")) === null, "remove did not remove");
  });

  await check("rotation: an older key opens and is re-sealed with the newest on use; rotate() re-seals all; an unknown keyId is token_seal_invalid", async () => {
    const s = memoryStore();
    const old = new Connections({ store: s, keys: { k1: K1 } });
    await old.save({ token: config.tokens.us.valid, me: fake("acmeus01") });
    for (let i = 0; i < 3; i++) await old.save({ token: `tok-${i}-abcdefgh`, me: fake(`rot${i}0000`) });
    const sealedOf = (id) => JSON.parse(s.dump()[`intercom-edge:connection:${id}`]).sealed;
    const now = new Connections({ store: s, keys: { k2: K2, k1: K1 } });
    const c = await now.client("acmeus01", base);
    assert((await c.me()).app.id_code === "acmeus01", "opened with k1");
    assert(sealedOf("acmeus01").startsWith("v1.k2.") && sealedOf("rot00000").startsWith("v1.k1."), "not re-sealed on use");
    const r = await now.rotate();
    assert(r.total === 4 && r.resealed === 3, JSON.stringify(r));
    assert(Object.values(s.dump()).every((v) => JSON.parse(v).sealed.startsWith("v1.k2.")), "rotate left a k1 record");
    const e = await rejection(new Connections({ store: s, keys: { k3: K3 } }).client("acmeus01", base));
    assert(e instanceof IntercomError && e.code === "token_seal_invalid", e.code);
    clean(JSON.stringify(s.dump()) + JSON.stringify(e) + String(e) + e.stack, "rotation");
  });

  await check("a re-seal or a reconnect mark never undoes a re-install that landed in between", async () => {
    const inner = memoryStore();
    let between = null; // runs after the next get has read its value, before it returns it
    const store = {
      async get(k) {
        const v = await inner.get(k);
        const f = between;
        between = null;
        if (f) await f();
        return v;
      },
      put: (k, v) => inner.put(k, v),
      delete: (k) => inner.delete(k),
      list: (p, c) => inner.list(p, c),
    };
    const tokenIn = async (id) => conn.openToken(JSON.parse(inner.dump()[`intercom-edge:connection:${id}`]).sealed, { keys: { k2: K2, k1: K1 } });
    const old = new Connections({ store, keys: { k1: K1 } });
    const now = new Connections({ store, keys: { k2: K2, k1: K1 } });
    await old.save({ token: "tok-first-abcdefgh", me: fake("race0001") });
    between = () => old.save({ token: "tok-again-abcdefgh", me: fake("race0001") });
    await now.client("race0001", base); // opens the k1 token, re-seals it with k2: the re-install must win
    assert((await tokenIn("race0001")) === "tok-again-abcdefgh", "the re-seal wrote the old token back");
    await old.save({ token: UNKNOWN, me: fake("race0002") });
    const c = await now.client("race0002", base);
    await old.save({ token: config.tokens.us.valid, me: fake("race0002") }); // re-installed before the refusal
    await rejection(c.listAdmins());
    assert((await now.get("race0002")).status === "connected", "the old token's refusal marked the new install");
  });

  await check("bad input is IntercomError invalid_argument: options, keys, me, workspace ids", async () => {
    const bad = [
      () => new Connections(),
      () => new Connections({ keys: { k1: K1 } }),
      () => new Connections({ store: {}, keys: { k1: K1 } }),
      () => new Connections({ store: memoryStore(), keys: {} }),
      () => new Connections({ store: memoryStore(), keys: { 2: K2, 1: K1 } }),
    ];
    for (const f of bad) {
      const e = thrown(f);
      assert(e instanceof IntercomError && e.code === "invalid_argument", String(e));
    }
    for (const p of [
      connections.save({ token: 7, me: fake("x0000001") }),
      connections.save({ token: "t-abcdefgh", me: {} }),
      connections.save({ token: "t-abcdefgh", me: fake("has:colon") }),
      connections.save({ token: "t-abcdefgh", me: fake("x0000001", "Mars") }),
      connections.get("a*b"),
      connections.client(""),
      connections.receive({ appId: "../etc" }),
      new Connections({ store: memoryStore(), keys: { k1: "short" } }).save({ token: "t-abcdefgh", me: fake("x0000001") }),
    ]) {
      const e = await rejection(p);
      assert(e instanceof IntercomError && e.code === "invalid_argument", `${e?.code} ${e}`);
    }
  });

  if (!browser) {
    await check("after an install through the mock's consent: save, then client() reaches that workspace", async () => {
      const { createState, parseCallback, authorizeUrl, exchangeCode } = conn;
      const secret = "state-secret-0123456789abcdef";
      const nonce = "connections-scenario-nonce";
      const state = await createState({ secret, nonce });
      const url = new URL(authorizeUrl({ clientId: config.oauth.client_id, state, baseUrl: config.url }));
      url.searchParams.set("__consent", "authorize");
      url.searchParams.set("workspace", "eu");
      const res = await fetch(url, { redirect: "manual" });
      const cb = await parseCallback(res.headers.get("location"), { secret, nonce });
      const { token } = await exchangeCode({ code: cb.code, clientId: config.oauth.client_id, clientSecret: config.oauth.client_secret, tokenUrl: `${config.url}/auth/eagle/token` });
      const saved = await connections.save({ token, me: await meOf(token) });
      assert(saved.workspaceId === "bergeu02" && saved.region === "eu", JSON.stringify(saved));
      const eu = await connections.client("bergeu02", { baseUrl: config.hosts.eu });
      assert((await eu.listAdmins()).type === "admin.list", "EU client");
      secrets.push(token);
      clean(JSON.stringify(store.dump()), "the store");
    });

    await check("disconnect: uninstalls with the workspace's token (Intercom revokes it), then forgets the workspace", async () => {
      const sealed = JSON.parse(store.dump()["intercom-edge:connection:bergeu02"]).sealed;
      const token = await conn.openToken(sealed, { keys: { k1: K1 } });
      // Only the token the install above minted: the mock is shared by every runtime's run.
      assert(token !== config.tokens.eu.valid, "bergeu02 still holds the shared EU token; the install check did not replace it");
      const out = await connections.disconnect("bergeu02", { baseUrl: config.url });
      assert(out.removed === "bergeu02" && (await connections.get("bergeu02")) === null, JSON.stringify(out));
      const after = await new IntercomClient({ ...base, token }).verifyConnection();
      assert(!after.ok && after.error.code === "token_revoked", JSON.stringify(after));
      assert((await connections.disconnect("bergeu02")).removed === null, "a second disconnect");
      assert((await connections.get("acmeus01")) !== null, "another workspace went too");
    });
  }
  return results;
}
