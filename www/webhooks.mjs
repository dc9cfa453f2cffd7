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

/** /webhooks: HEAD (Intercom's URL check), ping and notifications, each signature checked. */
export async function receive(request, env) {
  const copy = request.clone();
  try {
    const event = await receiveWebhook(request, { clientSecret: env.INTERCOM_CLIENT_SECRET });
    if (event.kind === "check") return new Response(null, { status: 200 });
    record({ result: "accepted", kind: event.kind, topic: event.topic, appId: event.appId, id: event.id });
    return Response.json({ received: event.topic });
  } catch (err) {
    if (!(err instanceof IntercomError)) throw err;
    if (err.status !== 405) record({ result: "refused", ...(await claimed(copy)), reason: err.code });
    return new Response(err.code, { status: err.status ?? 400 });
  }
}

/** POST /intercom/uninstalled: Intercom's notice that a workspace removed the app (X-Body-Signature). */
export async function uninstalled(request, env) {
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
  // A multi-tenant app deletes the workspace's sealed token here.
  record({ result: "accepted", kind: "uninstall", topic: "uninstall", appId });
  return new Response(null, { status: 200 });
}
