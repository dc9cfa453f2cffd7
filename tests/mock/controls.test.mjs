// The control routes the demo uses: revoke a token as an admin would, and deliver a signed
// notification envelope (or a tampered one) to a URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startMock, signBody, signWebhook, notificationBody } from "./server.mjs";

let mock;
let receiver;
let received = [];
before(async () => {
  mock = await startMock();
  receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
});
after(async () => {
  await mock.stop();
  await new Promise((r) => receiver.close(r));
});

const control = (route, body) =>
  fetch(`${mock.url}/__mock/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const me = (token) => fetch(`${mock.url}/me`, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
const target = () => `http://127.0.0.1:${receiver.address().port}/hook`;

test("POST /__mock/revoke: the token answers 401 token_revoked from then on; others keep working", async () => {
  const token = mock.tokens.us.valid;
  assert.equal((await me(token)).status, 200);
  const r = await control("revoke", { token });
  assert.deepEqual([r.status, await r.json()], [200, { ok: true }]);
  const after = await me(token);
  assert.equal(after.status, 401);
  assert.equal((await after.json()).errors[0].code, "token_revoked");
  assert.equal((await me(mock.workspaces.eu.token)).status, 200);
  mock.reset();
  assert.equal((await me(token)).status, 200, "reset() restores it");
});

test("POST /__mock/revoke: an unknown or missing token is 404, nothing changes", async () => {
  assert.equal((await control("revoke", { token: "dG9rOm5vcGU=" })).status, 404);
  assert.equal((await control("revoke", {})).status, 404);
});

test("POST /__mock/webhook { topic, appId }: an Intercom envelope, signed with the app's secret", async () => {
  received = [];
  const r = await control("webhook", { url: target(), topic: "contact.user.created", appId: "acmeus01" });
  assert.deepEqual(await r.json(), { status: 204, body: "" });
  const [{ headers, body }] = received;
  assert.equal(headers["x-hub-signature"], signWebhook(body, mock.oauth.client_secret));
  assert.equal(headers["user-agent"], "intercom-parrot-service-client/1.0");
  const n = JSON.parse(body);
  assert.equal(n.type, "notification_event");
  assert.equal(n.topic, "contact.user.created");
  assert.equal(n.app_id, "acmeus01");
  assert.match(n.id, /^notif_[0-9a-f-]{36}$/);
  assert.equal(n.data.type, "notification_event_data");
  assert.ok(Number.isInteger(n.created_at) && n.created_at === n.first_sent_at);
});

test("POST /__mock/webhook { topic: ping }: id and delivery_status null, a ping item; app id defaults to the app's", async () => {
  received = [];
  await control("webhook", { url: target(), topic: "ping" });
  const n = JSON.parse(received[0].body);
  assert.equal(n.id, null);
  assert.equal(n.delivery_status, null);
  assert.equal(n.data.item.type, "ping");
  assert.equal(n.app_id, mock.oauth.app_id);
  assert.deepEqual(Object.keys(notificationBody({ topic: "ping", appId: "x" })), Object.keys(n));
});

test("POST /__mock/webhook { tamper: true }: the signature is of another body (one character differs)", async () => {
  received = [];
  await control("webhook", { url: target(), topic: "contact.user.created", appId: "acmeus01", tamper: true });
  const [{ headers, body }] = received;
  assert.notEqual(headers["x-hub-signature"], signWebhook(body, mock.oauth.client_secret));
  assert.match(headers["x-hub-signature"], /^sha1=[0-9a-f]{40}$/);
  JSON.parse(body); // still JSON: only the signature gives it away
});

test("POST /__mock/webhook without a url is 400", async () => {
  assert.equal((await control("webhook", { topic: "ping" })).status, 400);
});

test("uninstall with uninstallNotifyUrl: the notice { app_id } is POSTed, signed with X-Body-Signature", async () => {
  const notified = await startMock({ uninstallNotifyUrl: target() });
  try {
    received = [];
    const token = notified.tokens.us.valid;
    const r = await fetch(`${notified.url}/auth/uninstall`, { method: "POST", headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
    assert.equal(r.status, 200);
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((ok) => setTimeout(ok, 20));
    const [{ headers, body }] = received;
    assert.deepEqual(JSON.parse(body), { app_id: "acmeus01" });
    assert.equal(headers["x-body-signature"], signBody(body, notified.oauth.client_secret));
    assert.match(headers["x-body-signature"], /^[0-9a-f]{64}$/);
  } finally {
    await notified.stop();
  }
});

test("POST /__mock/revoke { appId }: every OAuth token of that workspace, and only those", async () => {
  const install = async (workspace) => {
    const url = new URL(`${mock.url}/oauth`);
    for (const [k, v] of Object.entries({ client_id: mock.oauth.client_id, state: "s", redirect_uri: "http://localhost:8787/oauth/callback", __consent: "authorize", workspace })) url.searchParams.set(k, v);
    const code = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")).searchParams.get("code");
    const r = await fetch(`${mock.url}/auth/eagle/token`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ code, client_id: mock.oauth.client_id, client_secret: mock.oauth.client_secret }),
    });
    return (await r.json()).token;
  };
  const [eu1, eu2, us] = [await install("eu"), await install("eu"), await install("us")];
  const r = await control("revoke", { appId: mock.workspaces.eu.id_code });
  assert.deepEqual([r.status, await r.json()], [200, { ok: true, revoked: 2 }]);
  for (const t of [eu1, eu2]) assert.equal((await (await me(t)).json()).errors[0].code, "token_revoked");
  assert.equal((await me(us)).status, 200, "another workspace's OAuth token");
  assert.equal((await me(mock.workspaces.eu.token)).status, 200, "a seeded (private app) token of that workspace");
  mock.reset();
});
