// What every Connections store must do against its real engine; plain JS, so it runs in
// Node, Deno and workerd alike. `pkg` is intercom-edge/connections as installed from the
// packed tarball, `store` a fresh adapter over an empty table/namespace/database.
// Returns { results: [{ name, ok, detail }], figures }.
import { harness } from "./harness.mjs";

import { INSTALLS, KEYS, WORKSPACES, tokenOf } from "./fixtures.mjs";

const me = (id, region = "US") => ({ type: "admin", id: "42", email: `owner@${id}.example`, app: { type: "app", id_code: id, name: `Workspace ${id}`, region } });
const revoked = async () => new Response(
  JSON.stringify({ type: "error.list", request_id: "req-1", errors: [{ code: "token_revoked", message: "Token or API Key has been revoked" }] }),
  { status: 401, headers: { "content-type": "application/json" } },
);
const admins = async (url, init) => new Response(JSON.stringify({ type: "admin.list", admins: [], seen: init.headers.Authorization }), {
  status: 200, headers: { "content-type": "application/json" },
});

export async function storeSuite(pkg, store, { settle = async () => {} } = {}) {
  const { Connections, openToken, IntercomError } = pkg;
  const { results, check, assert, rejection } = harness();
  const figures = {};
  const connections = new Connections({ store, keys: { k1: KEYS.k1 } });
  const sealedOf = async (id) => {
    const v = await store.get(`intercom-edge:connection:${id}`);
    return (typeof v === "string" ? JSON.parse(v) : v)?.sealed;
  };

  await check("save, get, client (the token it opens is the one saved), remove", async () => {
    const saved = await connections.save({ token: tokenOf("basic001", 0), me: me("basic001", "Europe") });
    assert(saved.region === "eu" && saved.status === "connected", JSON.stringify(saved));
    await settle();
    const got = await connections.get("basic001");
    assert(got?.workspaceId === "basic001" && got.installedAt === saved.installedAt, JSON.stringify(got));
    const answer = await (await connections.client("basic001", { fetch: admins, baseUrl: "http://127.0.0.1:9" })).listAdmins();
    assert(answer.seen === `Bearer ${tokenOf("basic001", 0)}`, "the client did not carry the saved token");
    assert((await connections.get("nosuch00")) === null, "missing is not null");
    const e = await rejection(connections.client("nosuch00", { fetch: admins }));
    assert(e instanceof IntercomError && e.code === "not_connected", String(e));
    await connections.remove("basic001");
    await settle();
    assert((await connections.get("basic001")) === null, "remove");
  });

  await check("list pages through 250 workspaces (more than one page of every adapter but KV's)", async () => {
    const t0 = Date.now();
    for (let i = 0; i < 250; i += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, j) => connections.save({ token: tokenOf(`page${i + j}`, 0), me: me(`page${String(i + j).padStart(4, "0")}`) })));
    }
    await settle();
    const ids = new Set();
    for await (const c of connections.list()) if (c.workspaceId.startsWith("page")) ids.add(c.workspaceId);
    assert(ids.size === 250, `${ids.size} of 250 listed`);
    figures.list250Ms = Date.now() - t0;
    // Other keys in the same store are not records and are left alone.
    await store.put("someone-else:key", "x");
    let n = 0;
    for await (const _ of connections.list()) n++;
    assert(n === 250, `${n} listed with a foreign key present`);
    await store.delete("someone-else:key");
    for (let i = 0; i < 250; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => connections.remove(`page${String(i + j).padStart(4, "0")}`)));
    }
  });

  await check(`concurrency: ${WORKSPACES * INSTALLS} installs (${WORKSPACES} workspaces × ${INSTALLS}) and ${WORKSPACES * INSTALLS} reads in flight; nothing lost, each keeps its last token`, async () => {
    const t0 = Date.now();
    const ids = Array.from({ length: WORKSPACES }, (_, i) => `conc${String(i).padStart(4, "0")}`);
    let readsOk = 0;
    const reads = Array.from({ length: WORKSPACES * INSTALLS }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i % 10));
      const c = await connections.get(ids[i % WORKSPACES]);
      assert(c === null || c.workspaceId === ids[i % WORKSPACES], JSON.stringify(c));
      readsOk++;
    });
    // A workspace's installs follow each other (one admin, one callback after another); the
    // workspaces install all at once.
    const installs = ids.map(async (id) => {
      for (let n = 1; n <= INSTALLS; n++) await connections.save({ token: tokenOf(id, n), me: me(id) });
    });
    await Promise.all([...installs, ...reads]);
    figures.concurrencyMs = Date.now() - t0;
    await settle();
    let lost = 0;
    let stale = 0;
    for (const id of ids) {
      const sealed = await sealedOf(id);
      if (!sealed) {
        lost++;
        continue;
      }
      if ((await openToken(sealed, { keys: KEYS })) !== tokenOf(id, INSTALLS)) stale++;
    }
    figures.concurrency = { installs: WORKSPACES * INSTALLS, reads: readsOk, workspaces: WORKSPACES, lost, stale };
    assert(lost === 0 && stale === 0 && readsOk === WORKSPACES * INSTALLS, JSON.stringify(figures.concurrency));
  });

  await check("a revoked token marks its workspace reconnect_needed; the others stay connected", async () => {
    await connections.save({ token: tokenOf("revk0001", 0), me: me("revk0001") });
    await connections.save({ token: tokenOf("keep0001", 0), me: me("keep0001") });
    await settle();
    const e = await rejection((await connections.client("revk0001", { fetch: revoked, maxRetries: 0 })).listAdmins());
    assert(e.code === "token_revoked", e.code);
    await settle();
    assert((await connections.get("revk0001")).status === "reconnect_needed", "not marked");
    assert((await connections.get("keep0001")).status === "connected", "the other was marked");
    assert((await connections.get("conc0000")).status === "connected", "a third was marked");
  });

  await check("the uninstall notice removes that workspace; a notification does nothing", async () => {
    const out = await connections.receive({ appId: "keep0001" }); // what parseUninstallNotice returns
    await settle();
    assert(out.removed === "keep0001" && (await connections.get("keep0001")) === null, JSON.stringify(out));
    await connections.receive({ kind: "notification", appId: "revk0001" });
    assert((await connections.get("revk0001")) !== null, "a notification removed");
  });

  await check("rotation: k2 added, a k1 record re-sealed on use, rotate() re-seals the rest", async () => {
    const next = new Connections({ store, keys: { k2: KEYS.k2, k1: KEYS.k1 } });
    await next.client("conc0001", { fetch: admins });
    await settle();
    assert((await sealedOf("conc0001")).startsWith("v1.k2."), "not re-sealed on use");
    const r = await next.rotate();
    await settle();
    assert(r.total === WORKSPACES + 1 && r.resealed === WORKSPACES, JSON.stringify(r));
    for (const id of ["conc0000", "conc0019", "revk0001"]) assert((await sealedOf(id)).startsWith("v1.k2."), `${id} not re-sealed`);
    const e = await rejection(new Connections({ store, keys: { k3: KEYS.k2.replace("k2", "k3") } }).client("conc0000"));
    assert(e.code === "token_seal_invalid", e.code);
    assert((await openToken(await sealedOf("conc0007"), { keys: { k2: KEYS.k2 } })) === tokenOf("conc0007", INSTALLS), "lost its token in rotation");
  });
  return { results, figures };
}
