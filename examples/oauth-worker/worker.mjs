// An Intercom OAuth install flow in one edge worker (Cloudflare Workers, Vercel Edge, …).
//   GET  /install         → signed state + nonce cookie, redirect to Intercom's consent page
//   GET  /oauth/callback  → check state and cookie, exchange the code, greet the workspace
//   POST /webhooks        → check X-Hub-Signature; handle the uninstall notice
// env: INTERCOM_CLIENT_ID, INTERCOM_CLIENT_SECRET, STATE_SECRET (≥ 16 random characters);
// for a local mock: INTERCOM_APP_URL (consent host) and INTERCOM_BASE_URL (API host).
import {
  authorizeUrl, createState, stateCookie, parseCallback, exchangeCode, verifyIdentity, verifyWebhook,
  parseUninstallNotice, IntercomClient, IntercomError,
} from "intercom-edge";

const page = (status, title, body) =>
  new Response(`<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1>${body}`, {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
  });
const escape = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Enough to recognise a token in a support ticket, not enough to use it.
const mask = (token) => `${token.slice(0, 4)}…${token.slice(-2)} (${token.length} chars)`;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const redirectUri = `${url.origin}/oauth/callback`;

    if (url.pathname === "/install") {
      const nonce = crypto.randomUUID();
      const state = await createState({ secret: env.STATE_SECRET, nonce, data: url.searchParams.get("return") ?? "/" });
      const location = authorizeUrl({ clientId: env.INTERCOM_CLIENT_ID, state, redirectUri, baseUrl: env.INTERCOM_APP_URL });
      const cookie = stateCookie(nonce, { secure: url.protocol === "https:" });
      return new Response(null, { status: 302, headers: { location, "set-cookie": cookie } });
    }

    if (url.pathname === "/oauth/callback") {
      try {
        // The nonce cookie set by /install is read from the request.
        const { code, data } = await parseCallback(request, { secret: env.STATE_SECRET });
        const { token } = await exchangeCode({
          code,
          clientId: env.INTERCOM_CLIENT_ID,
          clientSecret: env.INTERCOM_CLIENT_SECRET,
          redirectUri,
          tokenUrl: env.INTERCOM_BASE_URL && `${env.INTERCOM_BASE_URL}/auth/eagle/token`,
        });
        const intercom = new IntercomClient({ token, ...(env.INTERCOM_BASE_URL ? { baseUrl: env.INTERCOM_BASE_URL } : { region: "auto" }) });
        const me = await intercom.me();
        verifyIdentity(me); // "Log in with Intercom": only verified emails
        // A real app stores `token` here (encrypted, keyed by me.app.id_code).
        return page(200, "Connected to Intercom", `<p>Workspace <b>${escape(me.app?.name)}</b> (region ${escape(me.app?.region)}), app ${escape(me.app?.id_code)}</p>
<p>Admin ${escape(me.name)} &lt;${escape(me.email)}&gt;</p><p>Token ${escape(mask(token))}</p><p>Next: <a href="${escape(data)}">${escape(data)}</a></p>`);
      } catch (err) {
        if (err instanceof IntercomError) {
          return page(400, "Intercom install failed", `<p><code>${escape(err.code)}</code>: ${escape(err.message)}</p><p>${escape(err.hint)}</p>`);
        }
        throw err;
      }
    }

    if (url.pathname === "/webhooks" && request.method === "POST") {
      const body = new Uint8Array(await request.arrayBuffer()); // the raw bytes Intercom signed
      const signature = request.headers.get("x-hub-signature");
      if (!(await verifyWebhook({ body, signature, clientSecret: env.INTERCOM_CLIENT_SECRET }))) {
        return new Response("bad signature", { status: 401 });
      }
      const json = JSON.parse(new TextDecoder().decode(body));
      if (json.type === "notification_event") return Response.json({ received: json.topic });
      const { appId } = parseUninstallNotice(json);
      // A real app deletes the stored token of workspace `appId` here.
      return Response.json({ uninstalled: appId });
    }

    return new Response("not found", { status: 404 });
  },
};
