// Runs worker.mjs against the mock Intercom, in workerd (served on a loopback port) and in
// an EdgeVM (wasm compilation from bytes disabled, as on Vercel Edge), driving the whole
// flow as a browser would: /install → consent → /oauth/callback, then signed webhooks.
// Usage: make package && node examples/oauth-worker/run.mjs
import { spawn } from "node:child_process";
import { createCipheriv, createHmac, createHash, randomBytes } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { signWebhook, startMock } from "../../tests/mock/server.mjs";
import { edgeVm, wasmModulePlugin, workerdConfig } from "../../tests/support/runtimes.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const pkg = path.join(root, "dist/pkg");
const work = path.join(root, "tests/.scratch/oauth-example");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const esbuild = await import(path.join(root, "node_modules/esbuild/lib/main.js"));

const mock = await startMock();
const env = {
  INTERCOM_CLIENT_ID: mock.oauth.client_id,
  INTERCOM_CLIENT_SECRET: mock.oauth.client_secret,
  STATE_SECRET: "example-state-secret-8f2a61c4b9d0",
  INTERCOM_APP_URL: mock.url,
  INTERCOM_BASE_URL: mock.url,
  TOKEN_KEY: "example-token-key-5d1c0a9e7b3f42d8a6c1e0f9b2d4",
  MESSENGER_SECRET: "example-messenger-secret-77",
};
const jose = await import(path.join(root, "node_modules/jose/dist/webapi/index.js"));

// What Intercom sends, made here with node:crypto (not with the package under test).
const bodySignature = (body) => createHmac("sha256", env.INTERCOM_CLIENT_SECRET).update(body).digest("hex");
const signedPost = (body, signature = bodySignature(body)) =>
  ({ method: "POST", headers: { "content-type": "application/json", "x-body-signature": signature }, body });
function sheetUser(user) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", createHash("sha256").update(env.INTERCOM_CLIENT_SECRET).digest(), iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(user)), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString("base64");
}

// "intercom-edge" resolves to the built package's entry for the runtime, as a bundler would.
const entryPlugin = (entry) => ({
  name: "intercom-edge",
  setup(b) {
    b.onResolve({ filter: /^intercom-edge$/ }, () => ({ path: path.join(pkg, entry) }));
  },
});

let passed = 0;
let failed = 0;
const report = (runtime, name, ok, detail = "") => {
  ok ? passed++ : failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${runtime}: ${name}${ok ? "" : `\n     ${detail}`}`);
};

// The flow, given `send(url, init) → { status, headers, body }` into the worker, and where
// bound, `dump()` → the worker's store (KV, D1) as text.
async function flow(runtime, origin, send, dump) {
  const step = async (name, fn) => {
    try {
      report(runtime, name, ...((await fn()) ?? [true]));
    } catch (err) {
      report(runtime, name, false, err?.stack ?? err);
    }
  };
  let cookie;
  let lastCallbackPage = "";
  let consentUrl;
  let callbackUrl;
  await step("/install sets an HttpOnly nonce cookie and redirects to the consent page", async () => {
    const r = await send(`${origin}/install?return=/settings`, { method: "GET" });
    cookie = (r.headers["set-cookie"] ?? "").split(";")[0];
    consentUrl = r.headers.location;
    const ok = r.status === 302 && /^intercom_oauth_nonce=/.test(cookie) && /HttpOnly/.test(r.headers["set-cookie"]) &&
      consentUrl?.startsWith(`${mock.url}/oauth?client_id=`) && !consentUrl.includes(env.INTERCOM_CLIENT_SECRET);
    return [ok, JSON.stringify(r)];
  });
  await step("consent: Authorize redirects back with a code ending in '='", async () => {
    const url = new URL(consentUrl);
    url.searchParams.set("__consent", "authorize");
    const r = await fetch(url, { redirect: "manual" });
    callbackUrl = r.headers.get("location");
    return [r.status === 302 && callbackUrl.startsWith(`${origin}/oauth/callback?code=`) && /code=[^&]*=/.test(callbackUrl), callbackUrl];
  });
  await step("/oauth/callback exchanges the code and shows the workspace, token masked", async () => {
    const r = await send(callbackUrl, { method: "GET", headers: { cookie } });
    lastCallbackPage = r.body;
    if (process.env.VERBOSE) console.log(`     ${runtime} callback page: ${r.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ")}`);
    const tokenShown = /Token .{1,8}… ?/.test(r.body);
    const full = [...r.body.matchAll(/dG9rO[A-Za-z0-9+/=]{10,}/g)];
    return [r.status === 200 && /Acme Inc/.test(r.body) && /region US/.test(r.body) && tokenShown && full.length === 0 &&
      /\/settings/.test(r.body), r.body];
  });
  await step("the same callback again: the code was single-use → oauth_code_invalid page", async () => {
    const r = await send(callbackUrl, { method: "GET", headers: { cookie } });
    return [r.status === 400 && /oauth_code_invalid/.test(r.body), r.body];
  });
  await step("a callback from another browser (other cookie) → oauth_state_mismatch", async () => {
    const r = await send(callbackUrl, { method: "GET", headers: { cookie: "intercom_oauth_nonce=another-browser-nonce" } });
    return [r.status === 400 && /oauth_state_mismatch/.test(r.body), r.body];
  });
  let workspace;
  await step("the callback stored the token sealed and links back to the App Store", async () => {
    const r = await send(callbackUrl.replace(/code=[^&]*/, "code=unused"), { method: "GET", headers: { cookie } });
    workspace = /app ([A-Za-z0-9]+)<\/p>/.exec(lastCallbackPage)?.[1];
    const link = /id="done" href="([^"]+)"/.exec(lastCallbackPage)?.[1]?.replace(/&#38;/g, "&");
    return [Boolean(workspace) && /stored sealed/.test(lastCallbackPage) &&
      link === "https://app.intercom.com/appstore/redirect?install_success=true" &&
      r.status === 400 && /install_success=false&amp;error_message=|install_success=false&#38;error_message=/.test(r.body), `${workspace} ${link} ${r.body}`];
  });
  await step("/workspaces lists the workspace (Connections), connected; the store holds no token", async () => {
    const r = await send(`${origin}/workspaces`, { method: "GET" });
    const list = JSON.parse(r.body);
    const stored = dump ? await dump() : "";
    const tokens = [...(r.body + stored).matchAll(/dG9rO[A-Za-z0-9+/=]{10,}/g)];
    return [list.length === 1 && list[0].workspaceId === workspace && list[0].status === "connected" && list[0].region === "us" &&
      tokens.length === 0 && (!dump || stored.includes(`intercom-edge:connection:${workspace}`)), `${r.body} ${stored.slice(0, 300)}`];
  });
  await step("/connection opens the sealed token and verifies the connection", async () => {
    const r = await send(`${origin}/connection?workspace=${workspace}`, { method: "GET" });
    const j = JSON.parse(r.body);
    return [r.status === 200 && j.ok === true && j.workspace.id === workspace, r.body];
  });
  await step("/contacts pages through the workspace's contacts (paginate)", async () => {
    const r = await send(`${origin}/contacts?workspace=${workspace}`, { method: "GET" });
    const j = JSON.parse(r.body);
    return [r.status === 200 && j.ok === true && j.contacts.length === 7 && new Set(j.contacts.map((c) => c.id)).size === 7, r.body];
  });
  await step("/messenger signs an HS256 JWT for the user that jose verifies", async () => {
    const r = await send(`${origin}/messenger?user=42`, { method: "GET" });
    const { intercom_user_jwt: jwt } = JSON.parse(r.body);
    const { payload, protectedHeader } = await jose.jwtVerify(jwt, new TextEncoder().encode(env.MESSENGER_SECRET), { algorithms: ["HS256"] });
    const ttl = payload.exp - Math.floor(Date.now() / 1000);
    return [protectedHeader.typ === "JWT" && payload.user_id === "42" && ttl > 3500 && ttl <= 3600 && !r.body.includes(env.MESSENGER_SECRET), r.body];
  });
  await step("/webhooks: HEAD check, ping, signed notification; tampered 401, GET 405", async () => {
    const hook = `${origin}/webhooks`;
    const body = JSON.stringify({ type: "notification_event", topic: "conversation.user.created", app_id: workspace, id: "notif_1", data: { item: { type: "conversation" } } });
    const ping = JSON.stringify({ type: "notification_event", topic: "ping", app_id: workspace, id: null, data: { item: { type: "ping", message: "hi" } } });
    const sig = (b) => ({ "content-type": "application/json", "x-hub-signature": signWebhook(b, env.INTERCOM_CLIENT_SECRET) });
    const head = await send(hook, { method: "HEAD" });
    const p = await send(hook, { method: "POST", headers: sig(ping), body: ping });
    const good = await send(hook, { method: "POST", headers: sig(body), body });
    const bad = await send(hook, { method: "POST", headers: sig(body), body: body.replace("user", "admin") });
    const get = await send(hook, { method: "GET" });
    const ok = head.status === 200 && p.status === 200 && good.status === 200 && JSON.parse(good.body).received === "conversation.user.created" &&
      bad.status === 401 && bad.body === "webhook_signature_invalid" && get.status === 405;
    return [ok, [head, p, good, bad, get].map((x) => `${x.status} ${x.body}`).join(" | ")];
  });
  await step("/canvas/initialize answers a signed request with a canvas; unsigned 401", async () => {
    const body = JSON.stringify({ workspace_id: workspace, context: { location: "conversation" } });
    const r = await send(`${origin}/canvas/initialize`, signedPost(body));
    const bad = await send(`${origin}/canvas/initialize`, signedPost(body, "0".repeat(64)));
    const canvas = JSON.parse(r.body).canvas;
    return [r.status === 200 && canvas.content.components[0].text.includes(workspace) && bad.status === 401, `${r.status} ${r.body} / ${bad.status}`];
  });
  await step("/sheet decrypts the open-sheet user; a tampered one is refused", async () => {
    const user = sheetUser({ type: "user", user_id: "12345", name: "Zoë <Admin>" });
    const form = (u) => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intercom_data: JSON.stringify({ workspace_id: workspace, user: u }) }).toString() });
    const r = await send(`${origin}/sheet`, form(user));
    const flipped = user.slice(0, -4) + (user.at(-4) === "A" ? "B" : "A") + user.slice(-3);
    const bad = await send(`${origin}/sheet`, form(flipped));
    return [r.status === 200 && r.body.includes("Hello Zoë &#60;Admin&#62;") && bad.status === 403 && bad.body === "sheet_invalid", `${r.status} ${r.body} / ${bad.status} ${bad.body}`];
  });
  await step("/health answers the signed Installation Health Check with {\"state\":\"OK\"}", async () => {
    const r = await send(`${origin}/health`, signedPost(JSON.stringify({ workspace_id: workspace })));
    const bad = await send(`${origin}/health`, signedPost(JSON.stringify({ workspace_id: workspace }), "ab".repeat(32)));
    return [r.status === 200 && r.body === '{"state":"OK"}' && bad.status === 401, `${r.body} / ${bad.status}`];
  });
  await step("a token revoked in Intercom: /connection says reconnect and marks the workspace reconnect_needed", async () => {
    mock.revokeApp(workspace); // as an admin can, in Intercom's settings
    const conn = JSON.parse((await send(`${origin}/connection?workspace=${workspace}`, { method: "GET" })).body);
    const list = JSON.parse((await send(`${origin}/workspaces`, { method: "GET" })).body);
    const health = JSON.parse((await send(`${origin}/health`, signedPost(JSON.stringify({ workspace_id: workspace })))).body);
    return [conn.ok === false && conn.action === "reconnect" && conn.code === "token_revoked" && list[0]?.status === "reconnect_needed" &&
      health.state === "UNHEALTHY", `${JSON.stringify(conn)} ${JSON.stringify(list)} ${JSON.stringify(health)}`];
  });
  await step("/uninstall (signed) forgets the token: health turns UNHEALTHY, /connection says reconnect", async () => {
    const notice = `{"app_id":"${workspace}"}`;
    const forged = await send(`${origin}/uninstall`, signedPost(notice, bodySignature(notice + " ")));
    const r = await send(`${origin}/uninstall`, signedPost(notice));
    const health = JSON.parse((await send(`${origin}/health`, signedPost(JSON.stringify({ workspace_id: workspace })))).body);
    const conn = JSON.parse((await send(`${origin}/connection?workspace=${workspace}`, { method: "GET" })).body);
    const list = JSON.parse((await send(`${origin}/workspaces`, { method: "GET" })).body);
    return [forged.status === 401 && r.status === 200 && health.state === "UNHEALTHY" && health.message && conn.action === "reconnect" &&
      conn.code === "not_connected" && list.length === 0, `${forged.status} ${r.status} ${JSON.stringify(health)} ${JSON.stringify(conn)} ${JSON.stringify(list)}`];
  });
  await step("the client secret never reached a URL the mock saw", async () => {
    const leaked = mock.requests().filter((q) => JSON.stringify({ path: q.path, query: q.query }).includes(env.INTERCOM_CLIENT_SECRET));
    return [leaked.length === 0, JSON.stringify(leaked)];
  });
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const plain = async (res) => ({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() });

// --- workerd: the worker served for real on a loopback port ---
{
  const dir = path.join(work, "workerd");
  mkdirSync(dir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(here, "worker.mjs")], outfile: path.join(dir, "worker.js"), bundle: true, format: "esm",
    external: ["*.wasm"], plugins: [entryPlugin("workerd.js")], logLevel: "error",
  });
  cpSync(path.join(pkg, "intercom_edge_bg.wasm"), path.join(dir, "intercom_edge_bg.wasm"));
  const port = await freePort();
  writeFileSync(path.join(dir, "config.capnp"), workerdConfig({ bindings: env, port }));
  const workerd = spawn(path.join(root, "node_modules/.bin/workerd"), ["serve", "config.capnp"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  workerd.stdout.on("data", (d) => (log += d));
  workerd.stderr.on("data", (d) => (log += d));
  const origin = `http://127.0.0.1:${port}`;
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    up = await fetch(`${origin}/nothing`).then(() => true, () => false);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) report("workerd", "serves the worker", false, log);
  else await flow("workerd", origin, async (url, init) => plain(await fetch(url, { ...init, redirect: "manual" })));
  workerd.kill("SIGTERM");
}

// --- EdgeVM: requests dispatched into the worker's fetch handler ---
{
  const entry = path.join(work, "edge-entry.mjs");
  writeFileSync(entry, `import worker from ${JSON.stringify(path.join(here, "worker.mjs"))};
export async function dispatch(url, init, env) {
  const res = await worker.fetch(new Request(url, init), env);
  return JSON.stringify({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() });
}
`);
  const out = path.join(work, "edge-bundle.js");
  await esbuild.build({
    entryPoints: [entry], outfile: out, bundle: true, format: "iife", globalName: "__edge", logLevel: "error",
    plugins: [entryPlugin("edge-light.js"), wasmModulePlugin],
  });
  const vm = await edgeVm(path.join(pkg, "intercom_edge_bg.wasm"));
  vm.evaluate(readFileSync(out, "utf8"));
  await flow("edge", "http://127.0.0.1:8787", async (url, init) =>
    JSON.parse(await vm.evaluate(`__edge.dispatch(${JSON.stringify(url)}, ${JSON.stringify(init)}, ${JSON.stringify(env)})`)),
  );
}

// --- workerd through miniflare, with a KV namespace (TOKENS), then a D1 database (DB) ---
for (const binding of ["kv", "d1"]) {
  const runtime = `workerd+${binding}`;
  const miniflare = path.join(root, "examples/node_modules/miniflare/dist/src/index.js");
  const dir = path.join(work, `miniflare-${binding}`);
  mkdirSync(dir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(here, "worker.mjs")], outfile: path.join(dir, "worker.js"), bundle: true, format: "esm",
    external: ["*.wasm"], plugins: [entryPlugin("workerd.js")], logLevel: "error",
  });
  cpSync(path.join(pkg, "intercom_edge_bg.wasm"), path.join(dir, "intercom_edge_bg.wasm"));
  const { Miniflare } = await import(miniflare);
  const mf = new Miniflare({
    scriptPath: path.join(dir, "worker.js"), modules: true, modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01", bindings: env, ...(binding === "kv" ? { kvNamespaces: ["TOKENS"] } : { d1Databases: ["DB"] }),
  });
  try {
    let dump;
    if (binding === "kv") {
      const kv = await mf.getKVNamespace("TOKENS");
      dump = async () => JSON.stringify(await Promise.all((await kv.list()).keys.map(async (k) => [k.name, await kv.get(k.name)])));
    } else {
      const db = await mf.getD1Database("DB");
      // The migration the package ships (one statement; D1's exec() splits on lines).
      const sql = readFileSync(path.join(pkg, "connections-d1.sql"), "utf8").split("\n").filter((l) => !l.startsWith("--")).join("\n");
      await db.prepare(sql).run();
      dump = async () => JSON.stringify((await db.prepare("SELECT key, value FROM intercom_connections").all()).results);
    }
    await flow(runtime, "http://127.0.0.1:8787", async (url, init) => plain(await mf.dispatchFetch(url, { ...init, redirect: "manual" })), dump);
  } catch (err) {
    report(runtime, "runs in miniflare", false, err?.stack ?? err);
  } finally {
    await mf.dispose();
  }
}

await mock.stop();
console.log(`oauth-example: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
