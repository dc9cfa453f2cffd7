// Intercom's deliveries to this worker and what the worker made of them, newest first.
// Subscriptions belong to the app, so one log serves every connected workspace.
import { verifyWebhook, parseUninstallNotice } from "intercom-edge";

const log = [];
const MAX = 50;

function record(entry) {
  log.unshift({ at: new Date().toISOString(), ...entry });
  log.length = Math.min(log.length, MAX);
}

export const webhookLog = () => log.slice();

// The raw bytes as received: a signature covers them, not a re-serialised object.
async function verified(request, env) {
  const body = new Uint8Array(await request.arrayBuffer());
  const signature = request.headers.get("x-hub-signature");
  const ok = await verifyWebhook({ body, signature, clientSecret: env.INTERCOM_CLIENT_SECRET });
  let json = null;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {}
  return { ok, json, signed: signature != null };
}

/** POST /webhooks (and the HEAD check Intercom makes when the URL is saved). */
export async function receive(request, env) {
  if (request.method === "HEAD") return new Response(null, { status: 200 });
  if (request.method !== "POST") return new Response("method not allowed", { status: 405 });
  const { ok, json, signed } = await verified(request, env);
  const claimed = { topic: json?.topic ?? null, appId: json?.app_id ?? null };
  if (!ok) {
    record({ result: "refused", ...claimed, reason: signed ? "signature does not match the body" : "no X-Hub-Signature" });
    return new Response("bad signature", { status: 401 });
  }
  if (json?.type !== "notification_event") {
    record({ result: "refused", ...claimed, reason: "not an Intercom notification" });
    return new Response("not a notification", { status: 400 });
  }
  record({ result: "accepted", ...claimed, kind: json.topic === "ping" ? "ping" : "notification", id: json.id ?? null });
  return Response.json({ received: json.topic });
}

/** POST /intercom/uninstalled: Intercom's notice that a workspace removed the app. */
export async function uninstalled(request, env) {
  const { ok, json } = await verified(request, env);
  if (!ok) {
    record({ result: "refused", topic: "uninstall", appId: json?.app_id ?? null, reason: "signature does not match the body" });
    return new Response("bad signature", { status: 401 });
  }
  let appId;
  try {
    ({ appId } = parseUninstallNotice(json));
  } catch {
    record({ result: "refused", topic: "uninstall", appId: null, reason: "not an uninstall notice" });
    return new Response("not an uninstall notice", { status: 400 });
  }
  record({ result: "accepted", topic: "uninstall", appId, kind: "uninstall" });
  return Response.json({ uninstalled: appId });
}
