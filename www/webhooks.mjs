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

// What a refused body claims to be, for the log only: nothing in it is trusted.
async function claimed(copy) {
  try {
    const j = JSON.parse(await copy.text());
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
  const body = await request.text();
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
