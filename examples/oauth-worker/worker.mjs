// A reference Intercom app in one edge worker (Cloudflare Workers, Vercel Edge, …):
//   GET  /install              → signed state + nonce cookie, redirect to Intercom's consent page
//   GET  /oauth/callback       → check state and cookie, exchange the code, save the workspace (Connections)
//   GET  /connection?workspace → that workspace's client, verifyConnection; `action` says what to do
//   GET  /workspaces           → every installed workspace and its status
//   GET  /contacts?workspace   → the workspace's first 20 contacts, paged (paginate)
//   GET  /messenger?user=…     → Messenger settings with a signed intercom_user_jwt for that user
//   POST /webhooks             → receiveWebhook: HEAD check, ping, notifications (X-Hub-Signature)
//   POST /canvas/initialize    → Canvas Kit initialize, verified (X-Body-Signature)
//   POST /sheet                → open-sheet request: the user decrypted from intercom_data
//   POST /uninstall            → the signed uninstall notice: forget the workspace's token
//   POST /health               → the daily Installation Health Check: { "state": "OK" }
// env: INTERCOM_CLIENT_ID, INTERCOM_CLIENT_SECRET, STATE_SECRET (≥ 16 random characters),
// TOKEN_KEY (≥ 32 random characters; seals stored tokens), MESSENGER_SECRET (Settings >
// Messenger > Security), optional TOKENS (a KV namespace) or DB (a D1 database, after
// intercom-edge's connections-d1.sql); for a local mock: INTERCOM_APP_URL (consent host) and
// INTERCOM_BASE_URL (API host).
import {
  authorizeUrl, createState, stateCookie, parseCallback, exchangeCode, verifyIdentity, parseUninstallNotice,
  messengerJwt, receiveWebhook, verifyCanvasRequest, decryptSheetUser, appStoreRedirect,
  IntercomClient, IntercomError, Connections, kvStore, d1Store, memoryStore,
} from "intercom-edge";

const page = (status, title, body, headers = {}) =>
  new Response(`<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1>${body}`, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", ...headers },
  });
const escape = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Enough to recognise a token in a support ticket, not enough to use it.
const mask = (token) => `${token.slice(0, 4)}…${token.slice(-2)} (${token.length} chars)`;

// Every installed workspace, keyed by its id (me.app.id_code, a webhook's app_id), its token
// sealed with TOKEN_KEY: in D1 or KV when bound, else this isolate's memory (demo only).
// KV is eventually consistent: a webhook served elsewhere may not see a minute-old install.
const memory = memoryStore();
const connectionsOf = (env) => new Connections({
  store: env.DB ? d1Store(env.DB) : env.TOKENS ? kvStore(env.TOKENS) : memory,
  keys: { [env.TOKEN_KEY_ID ?? "default"]: env.TOKEN_KEY }, // rotation: add the new key first
});
const apiHost = (env) => (env.INTERCOM_BASE_URL ? { baseUrl: env.INTERCOM_BASE_URL } : {});
const clientFor = (env, token) =>
  new IntercomClient({ token, ...(env.INTERCOM_BASE_URL ? { baseUrl: env.INTERCOM_BASE_URL } : { region: "auto" }) });

// Canvas Kit, uninstall and health checks are signed with X-Body-Signature over the raw body.
async function signedJson(request, env) {
  const body = await request.text();
  const ok = await verifyCanvasRequest({ body, signature: request.headers.get("x-body-signature"), clientSecret: env.INTERCOM_CLIENT_SECRET });
  return ok ? JSON.parse(body) : null;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const redirectUri = `${url.origin}/oauth/callback`;
    const cookieScope = { secure: url.protocol === "https:" };

    if (url.pathname === "/install") {
      const nonce = crypto.randomUUID();
      // `data` must be a same-origin path ("/settings?x=1"): "https://evil" or "//evil" from the
      // query string is refused, so /install cannot be turned into an open redirect.
      const state = await createState({ secret: env.STATE_SECRET, nonce, data: url.searchParams.get("return") ?? "/" });
      const location = authorizeUrl({ clientId: env.INTERCOM_CLIENT_ID, state, redirectUri, baseUrl: env.INTERCOM_APP_URL });
      // `__Host-` prefixed and Secure on https; plain http (local development) needs the fallback.
      const cookie = stateCookie(nonce, cookieScope);
      return new Response(null, { status: 302, headers: { location, "set-cookie": cookie } });
    }

    if (url.pathname === "/oauth/callback") {
      try {
        // The nonce cookie set by /install is read from the request; setCookie clears it.
        const { code, data, setCookie } = await parseCallback(request, { secret: env.STATE_SECRET, ...cookieScope });
        const { token } = await exchangeCode({
          code,
          clientId: env.INTERCOM_CLIENT_ID,
          clientSecret: env.INTERCOM_CLIENT_SECRET,
          redirectUri,
          tokenUrl: env.INTERCOM_BASE_URL && `${env.INTERCOM_BASE_URL}/auth/eagle/token`,
        });
        const me = await clientFor(env, token).me();
        verifyIdentity(me); // "Log in with Intercom": only verified emails
        // Tokens never expire: kept sealed, keyed by workspace; a re-install replaces it.
        await connectionsOf(env).save({ token, me });
        return page(200, "Connected to Intercom", `<p>Workspace <b>${escape(me.app?.name)}</b> (region ${escape(me.app?.region)}), app ${escape(me.app?.id_code)}</p>
<p>Admin ${escape(me.name)} &lt;${escape(me.email)}&gt;</p><p>Token ${escape(mask(token))}, stored sealed</p><p>Next: <a href="${escape(data)}">${escape(data)}</a></p>
<p><a id="done" href="${escape(appStoreRedirect({ ok: true }))}">Back to Intercom</a></p>`, { "set-cookie": setCookie });
      } catch (err) {
        if (err instanceof IntercomError) {
          const back = appStoreRedirect({ ok: false, message: err.message });
          return page(400, "Intercom install failed", `<p><code>${escape(err.code)}</code>: ${escape(err.message)}</p><p>${escape(err.hint)}</p>
<p><a id="done" href="${escape(back)}">Back to Intercom</a></p>`);
        }
        throw err;
      }
    }

    if (url.pathname === "/connection") {
      try {
        // A refusal that means "reconnect" marks the workspace reconnect_needed by itself.
        const result = await (await connectionsOf(env).client(url.searchParams.get("workspace") ?? "", apiHost(env))).verifyConnection();
        return result.ok
          ? Response.json({ ok: true, workspace: result.workspace })
          : Response.json({ ok: false, action: result.action, code: result.error.code, hint: result.error.hint });
      } catch (err) {
        if (err instanceof IntercomError) return Response.json({ ok: false, action: err.action, code: err.code }, { status: err.code === "not_connected" ? 404 : 500 });
        throw err;
      }
    }

    if (url.pathname === "/contacts") {
      const intercom = await connectionsOf(env).client(url.searchParams.get("workspace") ?? "", apiHost(env));
      const contacts = [];
      // Pages of 10, fetched as the loop asks; `limit` stops after 20 items.
      for await (const c of intercom.paginate("/contacts", { pageSize: 10, limit: 20 })) contacts.push({ id: c.id, email: c.email });
      return Response.json({ ok: true, contacts });
    }

    if (url.pathname === "/workspaces") {
      // An operator's page, behind your own auth in a real app.
      const list = [];
      for await (const w of connectionsOf(env).list()) list.push(w);
      return Response.json(list);
    }

    if (url.pathname === "/messenger") {
      // A real app takes the user from its own session, never from the query string.
      const userId = url.searchParams.get("user");
      if (!userId) return new Response("sign in first", { status: 401 });
      const jwt = await messengerJwt({ secret: env.MESSENGER_SECRET, userId, expiresInSeconds: 3600 });
      return Response.json({ app_id: env.INTERCOM_APP_ID ?? null, intercom_user_jwt: jwt });
    }

    if (url.pathname === "/webhooks") {
      try {
        const event = await receiveWebhook(request, { clientSecret: env.INTERCOM_CLIENT_SECRET });
        if (event.kind === "check" || event.kind === "ping") return new Response(null, { status: 200 });
        // Answer at once (Intercom favours endpoints under 500 ms): do the work after the
        // response (ctx.waitUntil), deduplicating on event.id, since deliveries can repeat.
        const connection = event.appId ? await connectionsOf(env).get(event.appId).catch(() => null) : null;
        return Response.json({ received: event.topic, id: event.id, workspace: event.appId, connected: connection?.status ?? null });
      } catch (err) {
        if (err instanceof IntercomError) return new Response(err.code, { status: err.status ?? 400 });
        throw err;
      }
    }

    if (request.method === "POST" && url.pathname === "/canvas/initialize") {
      const req = await signedJson(request, env);
      if (!req) return new Response("bad signature", { status: 401 });
      return Response.json({
        canvas: { content: { components: [{ type: "text", id: "hello", text: `Hello from workspace ${req.workspace_id ?? "?"}`, style: "header" }] } },
      });
    }

    if (request.method === "POST" && url.pathname === "/sheet") {
      // The Messenger posts the form field intercom_data; its user is encrypted, not signed.
      const form = await request.formData();
      try {
        const user = await decryptSheetUser({ intercomData: form.get("intercom_data"), clientSecret: env.INTERCOM_CLIENT_SECRET });
        return page(200, "Sheet", `<p>Hello ${escape(user.name ?? user.email ?? "there")}</p>`, {
          "content-security-policy": "frame-ancestors https://intercom-sheets.com",
        });
      } catch (err) {
        if (err instanceof IntercomError) return new Response(err.code, { status: 403 });
        throw err;
      }
    }

    if (request.method === "POST" && url.pathname === "/uninstall") {
      const notice = await signedJson(request, env);
      if (!notice) return new Response("bad signature", { status: 401 });
      await connectionsOf(env).receive(parseUninstallNotice(notice)); // the token is dead: forget it
      return new Response(null, { status: 200 });
    }

    if (request.method === "POST" && url.pathname === "/health") {
      const check = await signedJson(request, env);
      if (!check) return new Response("bad signature", { status: 401 });
      const stored = await connectionsOf(env).get(String(check.workspace_id ?? "")).catch(() => null);
      return Response.json(stored?.status === "connected"
        ? { state: "OK" }
        : { state: "UNHEALTHY", message: "This workspace is not connected: reinstall the app from the App Store." });
    }

    return new Response("not found", { status: 404 });
  },
};
