// Intercom's deliveries to this worker and what the worker made of them, newest first.
// Subscriptions belong to the app, so one log serves every connected workspace.
// (In-memory: one workerd isolate. A deployed worker would answer, then log via waitUntil.)
import { IntercomError, parseUninstallNotice, receiveWebhook, verifyCanvasRequest } from "intercom-edge";

const log = [];
const MAX = 50;

function record(entry) {
  log.unshift({ at: new Date().toISOString(), ...entry });
  log.length = Math.min(log.length, MAX);
}

export const webhookLog = () => log.slice();

/**
 * A request body as text, read chunk by chunk up to `max` bytes; null past that (the rest is
 * cancelled, never buffered). What the package does for the bodies it reads itself.
 */
async function boundedText(body, max) {
  if (!body) return "";
  const reader = body.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > max) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

// What a refused body claims to be, for the log only: nothing in it is trusted, and no more
// than 64 KiB of it is read (a refused sender may be sending a great deal).
async function claimed(copy) {
  try {
    const j = JSON.parse(await boundedText(copy.body, 64 * 1024));
    return { topic: typeof j?.topic === "string" ? j.topic : null, appId: typeof j?.app_id === "string" ? j.app_id : null };
  } catch {
    return { topic: null, appId: null };
  }
}

/** The connected workspace a delivery's app_id names, for the log. */
async function workspaceName(connections, appId) {
  const w = appId ? await connections.get(appId).catch(() => null) : null;
  return w ? w.name : "not connected";
}

/** /webhooks: HEAD (Intercom's URL check), ping and notifications, each signature checked; routed to the workspace by app_id. */
export async function receive(request, env, connections) {
  const copy = request.clone();
  try {
    const event = await receiveWebhook(request, { clientSecret: env.INTERCOM_CLIENT_SECRET });
    if (event.kind === "check") return new Response(null, { status: 200 });
    record({ result: "accepted", kind: event.kind, topic: event.topic, appId: event.appId, id: event.id, workspace: await workspaceName(connections, event.appId) });
    return Response.json({ received: event.topic });
  } catch (err) {
    if (!(err instanceof IntercomError)) throw err;
    if (err.status !== 405) record({ result: "refused", ...(await claimed(copy)), reason: err.code });
    return new Response(err.code, { status: err.status ?? 400 });
  }
}

/** POST /intercom/uninstalled: Intercom's notice that a workspace removed the app (X-Body-Signature). */
export async function uninstalled(request, env, connections) {
  // An uninstall notice is `{ "app_id": … }`; 1 MiB is verifyCanvasRequest's own cap.
  const body = await boundedText(request.body, 1024 * 1024);
  if (body === null) {
    record({ result: "refused", topic: "uninstall", appId: null, reason: "payload_too_large" });
    return new Response("payload_too_large", { status: 413 });
  }
  const ok = await verifyCanvasRequest({ body, signature: request.headers.get("x-body-signature"), clientSecret: env.INTERCOM_CLIENT_SECRET });
  let appId = null;
  try {
    ({ appId } = parseUninstallNotice(body));
  } catch {}
  if (!ok || !appId) {
    record({ result: "refused", topic: "uninstall", appId, reason: ok ? "not an uninstall notice" : "X-Body-Signature does not match" });
    return new Response("refused", { status: ok ? 400 : 401 });
  }
  // The workspace's sealed token is deleted: Connections applies the notice.
  const name = await workspaceName(connections, appId);
  const { removed } = await connections.receive({ appId });
  record({ result: "accepted", kind: "uninstall", topic: "uninstall", appId, workspace: removed ? `${name}: removed` : name });
  return new Response(null, { status: 200 });
}
