// The demo: an edge worker that connects an Intercom workspace with intercom-edge.
// The page (static/) talks only to this worker; the token never leaves it.
//   GET  /install, /oauth/callback     OAuth install flow (state + nonce cookie)
//   GET  /api/state                    mode, whether this browser is connected, a flash message
//   GET  /api/dashboard                verifyConnection + listAdmins with the kept token
//   POST /api/token                    private app: verify a pasted access token server-side
//   POST /api/disconnect               uninstall, then show what Intercom answers the old token
//   GET  /api/messenger                a Messenger JWT and user_hash for a sample user
//   GET  /api/webhooks                 the deliveries log;  POST /webhooks, /intercom/uninstalled
//   POST /api/mock/revoke, /api/mock/webhook   ask the mock Intercom (mock mode only)
//   GET  /api/workspaces               every OAuth-installed workspace (Connections) and its status
//   POST /api/workspaces/{check,disconnect,revoke,webhook}   one of them, by workspace id
// env: INTERCOM_CLIENT_ID, INTERCOM_CLIENT_SECRET, STATE_SECRET (≥ 16 chars), TOKEN_KEY (≥ 32
// chars, seals the token), MESSENGER_SECRET (optional; Settings > Messenger > Security);
// with the mock also INTERCOM_MOCK_URL (API, consent page, control routes) and
// INTERCOM_MOCK_SAMPLE_TOKEN (offered for the private-app path) and INTERCOM_MOCK_HOSTS (its
// regional hosts, JSON).
import {
  IntercomClient, IntercomError, authorizeUrl, createState, stateCookie, parseCallback, exchangeCode,
  verifyIdentity, uninstall, Connections, memoryStore,
} from "intercom-edge";
import { messenger } from "./messenger.mjs";
import { clearConnection, flashCookie, loadConnection, saveConnection, takeFlash } from "./connection.mjs";
import { receive, uninstalled, webhookLog } from "./webhooks.mjs";
import indexHtml from "./static/index.html";
import appJs from "./static/app.js";
import appCss from "./static/app.css";

const statics = {
  "/": [indexHtml, "text/html; charset=utf-8"],
  "/app.js": [appJs, "text/javascript; charset=utf-8"],
  "/app.css": [appCss, "text/css; charset=utf-8"],
};
const security = {
  "content-security-policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const withCookies = (headers, cookies) => {
  for (const c of cookies) headers.append("set-cookie", c);
  return headers;
};
const json = (body, status = 200, cookies = []) =>
  Response.json(body, { status, headers: withCookies(new Headers({ "cache-control": "no-store" }), cookies) });
const redirect = (location, cookies = []) => new Response(null, { status: 302, headers: withCookies(new Headers({ location }), cookies) });
const notConnected = () => json({ ok: false, error: { code: "not_connected", message: "No workspace is connected.", hint: null, action: "reconnect" } }, 409);

// An IntercomError as the page shows it: what happened, why, and what to do. No secrets in any field.
export function describe(err) {
  if (!(err instanceof IntercomError)) return { code: "internal", message: "The worker failed; see its log.", hint: null, action: null };
  return { code: err.code, status: err.status ?? null, message: err.message, hint: err.hint ?? null, action: err.action ?? null, requestId: err.requestId ?? null };
}

const mockMode = (env) => Boolean(env.INTERCOM_MOCK_URL);

// Every workspace installed through OAuth, keyed by its id (me.app.id_code, a webhook's app_id),
// its token sealed. In this isolate's memory, as the webhook log is; a deployed app passes
// kvStore(env.CONNECTIONS) or d1Store(env.DB) instead, and nothing else changes.
const store = memoryStore();
let connections;
const workspacesOf = (env) => (connections ??= new Connections({ store, keys: { demo: env.TOKEN_KEY } }));
// With the mock, each region's host is a server of its own; with Intercom, the region picks the host.
const regionHost = (env, region) => (mockMode(env) ? { baseUrl: JSON.parse(env.INTERCOM_MOCK_HOSTS ?? "{}")[region] ?? env.INTERCOM_MOCK_URL } : {});
async function listWorkspaces(env) {
  const out = [];
  for await (const w of workspacesOf(env).list()) out.push(w);
  return out.sort((a, b) => a.installedAt.localeCompare(b.installedAt));
}
const apiBase = (env) => (mockMode(env) ? { baseUrl: env.INTERCOM_MOCK_URL } : { region: "auto" });
const client = (env, token) => new IntercomClient({ token, ...apiBase(env) });

// The dashboard: one verifyConnection (GET /me, timed) and the admins list.
async function dashboard(env, connection) {
  const intercom = client(env, connection.token);
  const check = await intercom.verifyConnection();
  if (!check.ok) return { ok: false, error: { ...describe(check.error), action: check.action ?? check.error.action ?? null } };
  try {
    const { admins } = await intercom.listAdmins();
    const rateLimit = intercom.lastRateLimit ?? check.rateLimit;
    return {
      ok: true,
      kind: connection.kind,
      workspace: check.workspace,
      admin: check.admin,
      apiVersion: check.apiVersion,
      latencyMs: check.latencyMs,
      rateLimit,
      admins: admins.map((a) => ({ id: a.id, name: a.name, email: a.email, jobTitle: a.job_title ?? null })),
    };
  } catch (err) {
    return { ok: false, error: describe(err) };
  }
}

// The nonce cookie is `__Host-` prefixed and Secure by default; the demo also runs on plain
// http://127.0.0.1, where it falls back to the plain name (the same options for both calls).
const cookieScope = (url) => ({ secure: url.protocol === "https:" });

async function install(request, env) {
  const url = new URL(request.url);
  const nonce = crypto.randomUUID();
  const state = await createState({ secret: env.STATE_SECRET, nonce, data: "/" });
  const location = authorizeUrl({
    clientId: env.INTERCOM_CLIENT_ID,
    state,
    redirectUri: `${url.origin}/oauth/callback`,
    ...(mockMode(env) ? { baseUrl: env.INTERCOM_MOCK_URL } : {}),
  });
  return redirect(location, [stateCookie(nonce, cookieScope(url))]);
}

async function callback(request, env) {
  const url = new URL(request.url);
  try {
    // setCookie clears the nonce: the callback URL works once in this browser.
    const { code, setCookie } = await parseCallback(request, { secret: env.STATE_SECRET, ...cookieScope(url) });
    const { token } = await exchangeCode({
      code,
      clientId: env.INTERCOM_CLIENT_ID,
      clientSecret: env.INTERCOM_CLIENT_SECRET,
      redirectUri: `${url.origin}/oauth/callback`,
      ...(mockMode(env) ? { tokenUrl: `${env.INTERCOM_MOCK_URL}/auth/eagle/token` } : {}),
    });
    const intercom = client(env, token);
    const me = await intercom.me();
    verifyIdentity(me); // "Log in with Intercom": only verified emails
    await workspacesOf(env).save({ token, me });
    const region = await intercom.detectRegion();
    return redirect("/", [setCookie, ...(await saveConnection(request, env, { token, kind: "oauth", region, appId: me.app?.id_code }))]);
  } catch (err) {
    return redirect("/", [flashCookie(request, describe(err))]);
  }
}

async function privateToken(request, env) {
  let token;
  try {
    ({ token } = await request.json());
  } catch {}
  if (typeof token !== "string" || token.trim() === "") {
    return json({ ok: false, error: { code: "invalid_argument", message: "Paste an access token.", hint: null, action: "fix_request" } }, 400);
  }
  const connection = { token: token.trim(), kind: "private" };
  let result;
  try {
    result = await dashboard(env, connection);
  } catch (err) {
    result = { ok: false, error: describe(err) }; // e.g. a token with characters a header cannot carry
  }
  if (!result.ok) return json(result);
  Object.assign(connection, { region: result.workspace.region, appId: result.workspace.id });
  return json(result, 200, await saveConnection(request, env, connection));
}

async function disconnect(request, env) {
  const connection = await loadConnection(request, env);
  if (!connection) return notConnected();
  let uninstalled = true;
  let error = null;
  try {
    await uninstall({ token: connection.token, ...(mockMode(env) ? { baseUrl: env.INTERCOM_MOCK_URL } : { region: connection.region ?? "us" }) });
  } catch (err) {
    uninstalled = false;
    error = describe(err);
  }
  // Proof for the page: the next call with the old token, before the worker forgets it.
  const after = await client(env, connection.token).verifyConnection();
  return json({ ok: uninstalled, error, after: after.ok ? { ok: true } : { ok: false, error: describe(after.error) } }, 200, clearConnection(request));
}

// Mock mode only: what an admin or Intercom would do, asked of the mock's control routes.
async function mockControl(request, env, what) {
  if (!mockMode(env)) return json({ error: "only with the mock Intercom" }, 404);
  const ask = (route, body) =>
    fetch(`${env.INTERCOM_MOCK_URL}/__mock/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (what === "revoke") {
    const connection = await loadConnection(request, env);
    if (!connection) return notConnected();
    const r = await ask("revoke", { token: connection.token });
    return json({ ok: r.ok });
  }
  let kind;
  try {
    ({ kind } = await request.json());
  } catch {}
  if (!["notification", "ping", "tampered"].includes(kind)) return json({ error: "kind: notification | ping | tampered" }, 400);
  const appId = (await loadConnection(request, env))?.appId ?? undefined;
  const r = await ask("webhook", {
    url: `${new URL(request.url).origin}/webhooks`,
    topic: kind === "ping" ? "ping" : "contact.user.created",
    appId,
    tamper: kind === "tampered",
  });
  const delivery = await r.json().catch(() => ({}));
  return json({ ok: r.ok, status: delivery.status ?? null });
}

/** One workspace of the list, by id: check it (a refusal marks it), or, with the mock, act on it as Intercom or an admin would. */
async function workspaceAction(request, env, action) {
  let id;
  try {
    ({ workspaceId: id } = await request.json());
  } catch {}
  const ws = workspacesOf(env);
  const w = typeof id === "string" ? await ws.get(id).catch(() => null) : null;
  if (!w) return json({ ok: false, error: { code: "not_connected", message: "No such workspace is connected.", hint: null, action: "reconnect" }, workspaces: await listWorkspaces(env) }, 404);
  let result = { ok: true };
  if (action === "check") {
    const check = await (await ws.client(id, regionHost(env, w.region))).verifyConnection();
    result = check.ok ? { ok: true } : { ok: false, error: describe(check.error) };
  } else if (action === "disconnect") {
    try {
      await ws.disconnect(id, regionHost(env, w.region));
    } catch (err) {
      result = { ok: false, error: describe(err) };
    }
  } else if (!mockMode(env)) {
    return json({ error: "only with the mock Intercom" }, 404);
  } else {
    const body = action === "revoke" ? { appId: id } : { url: `${new URL(request.url).origin}/webhooks`, topic: "contact.user.created", appId: id };
    const r = await fetch(`${env.INTERCOM_MOCK_URL}/__mock/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    result = { ok: r.ok };
  }
  return json({ ...result, workspaces: await listWorkspaces(env) });
}

async function route(request, env) {
  const url = new URL(request.url);
  const { pathname } = url;
  const method = request.method;
  if (method === "GET" && statics[pathname]) {
    const [body, type] = statics[pathname];
    return new Response(body, { headers: { "content-type": type, ...security } });
  }
  if (method === "GET" && pathname === "/install") return install(request, env);
  if (method === "GET" && pathname === "/oauth/callback") return callback(request, env);
  if (pathname === "/webhooks") return receive(request, env, workspacesOf(env));
  if (method === "POST" && pathname === "/intercom/uninstalled") return uninstalled(request, env, workspacesOf(env));
  if (method === "GET" && pathname === "/api/workspaces") return json({ workspaces: await listWorkspaces(env) });
  if (method === "GET" && pathname === "/api/state") {
    const [flash, clear] = takeFlash(request);
    const connection = await loadConnection(request, env);
    const body = {
      mode: mockMode(env) ? "mock" : "intercom",
      connected: connection ? connection.kind : null,
      flash,
      sampleToken: mockMode(env) ? env.INTERCOM_MOCK_SAMPLE_TOKEN ?? null : null,
    };
    return json(body, 200, clear ? [clear] : []);
  }
  if (method === "GET" && pathname === "/api/dashboard") {
    const connection = await loadConnection(request, env);
    if (!connection) return notConnected();
    return json(await dashboard(env, connection));
  }
  if (method === "GET" && pathname === "/api/messenger") return json(await messenger(env, await loadConnection(request, env)));
  // A cross-site form cannot send JSON without a preflight this worker never answers.
  if (method === "POST" && pathname.startsWith("/api/") && !/^application\/json\b/.test(request.headers.get("content-type") ?? "")) {
    return json({ error: "expected application/json" }, 415);
  }
  if (method === "POST" && pathname === "/api/token") return privateToken(request, env);
  if (method === "POST" && pathname === "/api/disconnect") return disconnect(request, env);
  if (method === "GET" && pathname === "/api/webhooks") return json({ deliveries: webhookLog() });
  if (method === "POST" && pathname === "/api/mock/revoke") return mockControl(request, env, "revoke");
  if (method === "POST" && pathname === "/api/mock/webhook") return mockControl(request, env, "webhook");
  const one = /^\/api\/workspaces\/(check|disconnect|revoke|webhook)$/.exec(pathname);
  if (method === "POST" && one) return workspaceAction(request, env, one[1]);
  return new Response("not found", { status: 404 });
}

export default {
  async fetch(request, env) {
    try {
      return await route(request, env);
    } catch (err) {
      // Log the code only: an unexpected error's text could quote a request.
      console.error(`demo worker: ${err instanceof IntercomError ? err.code : err?.name ?? "error"}`);
      return json({ ok: false, error: describe(err) }, 500);
    }
  },
};
