// Local mock of Intercom's REST API and OAuth endpoints (node:http only, no runtime deps).
// Facts followed: ../shared/docs/intercom-api-facts.md; behaviour table: ./README.md.
import http from "node:http";
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SCENARIO = path.join(HERE, "scenario.json");

const REGION_KEYS = { US: "us", Europe: "eu", Australia: "au" };
const REGION_HOSTNAMES = { "api.intercom.io": "us", "api.eu.intercom.io": "eu", "api.au.intercom.io": "au" };

// Token states → error (facts §4.3; messages from the docs' code table or seen in the wild).
const TOKEN_ERRORS = {
  revoked: { status: 401, code: "token_revoked", message: "Token or API Key has been revoked" },
  blocked: { status: 401, code: "token_blocked", message: "API Key or App has been blocked" },
  suspended: { status: 401, code: "token_suspended", message: "Unauthorized token, suspended application" },
  not_found: { status: 401, code: "token_not_found", message: "Unauthorized" },
  expired: { status: 401, code: "token_expired", message: "The token is expired" },
  unauthorized: { status: 401, code: "token_unauthorized", message: "Token not allowed to access the resource" },
};
const INVALID_TOKEN = { status: 401, code: "unauthorized", message: "Access Token Invalid" };

// Request fields that must never reach the log in clear text.
const SECRET_KEYS = new Set(["client_secret", "code", "token", "access_token", "refresh_token", "password"]);

export function tokenFromSeed(seed) {
  return Buffer.from(`tok:${seed}`).toString("base64");
}

/** "sha1=" + lowercase hex HMAC-SHA1(client_secret, raw body) — facts §7. */
export function signWebhook(body, clientSecret) {
  return "sha1=" + createHmac("sha1", clientSecret).update(typeof body === "string" ? Buffer.from(body) : body).digest("hex");
}

/** Lowercase hex HMAC-SHA256(client_secret, raw body): X-Body-Signature (toolkit facts §3, §6). */
export function signBody(body, clientSecret) {
  return createHmac("sha256", clientSecret).update(typeof body === "string" ? Buffer.from(body) : body).digest("hex");
}

/** POST a notification signed like Intercom's (X-Hub-Signature). Returns { status, body }. */
export async function deliverWebhook(url, body, clientSecret, { headers = {} } = {}) {
  const raw = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "intercom-parrot-service-client/1.0",
      "x-hub-signature": signWebhook(raw, clientSecret),
      ...headers,
    },
    body: raw,
  });
  return { status: res.status, body: await res.text() };
}

/**
 * An Intercom notification envelope (toolkit facts §5): `ping` carries `id: null` and a ping
 * item; any other topic a `notif_<uuid>` id and the given item.
 */
export function notificationBody({ topic = "ping", appId, item, now = Date.now() } = {}) {
  const secs = Math.floor(now / 1000);
  const ping = topic === "ping";
  return {
    type: "notification_event",
    app_id: appId,
    data: { type: "notification_event_data", item: item ?? (ping ? { type: "ping", message: "something interesting happened" } : { type: "contact", id: randomUUID() }) },
    links: {},
    id: ping ? null : `notif_${randomUUID()}`,
    topic,
    delivery_status: ping ? null : "pending",
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: secs,
    created_at: secs,
    self: null,
  };
}

export function loadScenario(scenario) {
  if (scenario == null) scenario = DEFAULT_SCENARIO;
  if (typeof scenario === "string") return JSON.parse(readFileSync(scenario, "utf8"));
  return structuredClone(scenario);
}

function setPath(obj, dotted, value) {
  const parts = dotted.split(".");
  let o = obj;
  for (const p of parts.slice(0, -1)) o = o[p] ??= {};
  o[parts.at(-1)] = value;
}

// Numeric compare of "2.11" style versions; Preview/Unstable count as newest.
function versionRank(v) {
  if (v === "Preview" || v === "Unstable") return 1e9;
  const [maj, min] = v.split(".").map(Number);
  return maj * 1000 + min;
}

/** mulberry32: a tiny seeded generator, so fault sequences repeat run to run. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parseFault(spec) {
  if (!spec) return null;
  const f = {};
  for (const part of String(spec).split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^latency=(\d+)$/.exec(part);
    if (m) f.latency = Number(m[1]);
    else f.kind = part;
  }
  return f;
}

function parseBody(contentType, buf) {
  const ct = (contentType || "").split(";")[0].trim().toLowerCase();
  const text = buf.toString("utf8");
  if (!buf.length) return { kind: "none", fields: {} };
  if (ct === "application/json") {
    try {
      const v = JSON.parse(text);
      return { kind: "json", fields: v && typeof v === "object" && !Array.isArray(v) ? v : {}, json: v };
    } catch {
      return { kind: "invalid-json", fields: {} };
    }
  }
  if (ct === "application/x-www-form-urlencoded" || ct === "") {
    return { kind: "form", fields: Object.fromEntries(new URLSearchParams(text)) };
  }
  return { kind: "other", fields: {} };
}

function isLocalOrigin(origin) {
  return typeof origin === "string" && /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/.test(origin);
}

function acceptsJson(accept) {
  if (accept == null || accept.trim() === "") return false; // facts §4.2: missing Accept → 406
  return accept.split(",").some((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(";").map((s) => s.trim());
    const q = params.find((p) => p.startsWith("q="));
    if (q && Number(q.slice(2)) === 0) return false;
    return ["application/json", "application/*", "*/*"].includes(type) || type.endsWith("+json");
  });
}

// Echo what the browser asks for, always including the headers an Intercom call needs.
function allowHeaders(requested) {
  const base = ["authorization", "accept", "content-type", "intercom-version"];
  const extra = (requested || "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  return [...new Set([...base, ...extra])].join(", ");
}

// The body an attacker sends after copying a valid signature: one character changed.
function tampered(raw) {
  const i = raw.lastIndexOf('"');
  return i > 0 ? `${raw.slice(0, i - 1)}${raw[i - 1] === "x" ? "y" : "x"}${raw.slice(i)}` : `${raw} `;
}

function htmlEscape(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/**
 * Start the mock. Resolves to a handle; see README.md for the full API.
 * options: { port=0, host="127.0.0.1", scenario, rateLimit, rateLimitWindowMs, codeTtlMs,
 *            regionPorts: { eu, au }, now, uninstallNotifyUrl, onResponse }
 */
export async function startMock(options = {}) {
  const host = options.host ?? "127.0.0.1";
  const scenario = loadScenario(options.scenario);
  const now = options.now ?? (() => Date.now());
  const baseLimit = {
    limit: options.rateLimit ?? scenario.rateLimit?.limit ?? 1000,
    windowMs: options.rateLimitWindowMs ?? scenario.rateLimit?.windowMs ?? 10000,
  };
  const oauthApp = scenario.oauth ?? {};
  const codeTtlMs = options.codeTtlMs ?? oauthApp.code_ttl_ms ?? 300000;
  const versions = new Set(scenario.versions);

  // --- state (reset() restores it) ---
  const workspaces = {};
  for (const ws of scenario.workspaces) {
    workspaces[ws.key] = { ...ws, contactList: buildContacts(ws), conversationList: buildConversations(ws), companyList: buildCompanies(ws), tagList: buildTags(ws) };
  }
  let tokens; // token value → record
  let windows; // bucket key → { start, count }
  let codes; // code → { workspace, admin, expires, used }
  let pendingFaults; // [{ fault, times, token }]
  let randomFaults = null; // { rate, kinds, next(), counts } — soak tests; survives reset()
  let log;
  function resetState() {
    tokens = new Map();
    for (const t of scenario.tokens) {
      const value = t.token ?? tokenFromSeed(t.seed);
      tokens.set(value, { ...t, value, state: t.state ?? "valid" });
    }
    windows = new Map();
    codes = new Map();
    pendingFaults = [];
    log = [];
  }
  resetState();

  const tokenMap = {};
  for (const t of tokens.values()) if (t.alias) setPath(tokenMap, t.alias, t.value);

  // --- servers: one per region so regional hosts are real URLs ---
  const sockets = new Set();
  const servers = {};
  const hosts = {};
  const regionPorts = { us: options.port ?? 0, eu: options.regionPorts?.eu ?? 0, au: options.regionPorts?.au ?? 0 };
  for (const region of ["us", "eu", "au"]) {
    const srv = http.createServer((req, res) => {
      handle(req, res, region).catch((err) => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(`mock internal error: ${err.message}`);
        } else res.destroy();
      });
    });
    // Idle keep-alive sockets outlive any client's own idle timeout (undici's is about 4 s and
    // fires late on a loaded machine): a server closing first races a reused socket into
    // "fetch failed". stop() destroys the sockets, so nothing lingers.
    srv.keepAliveTimeout = 60_000;
    srv.on("connection", (s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    await new Promise((resolve, reject) => {
      srv.once("error", reject);
      srv.listen(regionPorts[region], host, resolve);
    });
    servers[region] = srv;
    const urlHost = host.includes(":") ? `[${host}]` : host;
    hosts[region] = `http://${urlHost}:${srv.address().port}`;
  }

  // --- helpers bound to this instance ---
  function sendJson(res, status, body, extraHeaders = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
      ...extraHeaders,
    });
    res.end(text);
    // Test hook: lets the conformance tests validate every JSON body the mock returns.
    if (res.mockInfo && options.onResponse) options.onResponse({ ...res.mockInfo, status, body: text });
  }
  function errorBody(ctx, code, message, field) {
    const e = { code, message };
    if (field) e.field = field;
    return { type: "error.list", request_id: ctx.noRequestId ? null : ctx.requestId, errors: [e] };
  }
  function sendError(res, ctx, status, code, message, field) {
    sendJson(res, status, errorBody(ctx, code, message, field));
  }

  function adminShape(admin, version, { withAvatar = true } = {}) {
    const rank = versionRank(version);
    const a = {
      type: "admin",
      id: admin.id,
      name: admin.name,
      email: admin.email,
      job_title: admin.job_title,
      away_mode_enabled: admin.away_mode_enabled,
      away_mode_reassign: admin.away_mode_reassign,
    };
    if (rank >= versionRank("2.14")) a.away_status_reason_id = admin.away_status_reason_id ?? null;
    a.has_inbox_seat = admin.has_inbox_seat;
    a.team_ids = admin.team_ids;
    if (withAvatar) {
      // 2.11 and older: object; 2.14+: URI string (facts §6.2).
      a.avatar = rank >= versionRank("2.14") ? admin.avatar ?? null : { type: "avatar", image_url: admin.avatar };
    }
    if (rank >= versionRank("2.16") && admin.role) a.role = admin.role;
    return a;
  }
  function meShape(admin, ws) {
    return {
      type: "admin",
      id: admin.id,
      email: admin.email,
      name: admin.name,
      job_title: admin.job_title,
      away_mode_enabled: admin.away_mode_enabled,
      away_mode_reassign: admin.away_mode_reassign,
      has_inbox_seat: admin.has_inbox_seat,
      team_ids: admin.team_ids,
      email_verified: admin.email_verified ?? true,
      app: {
        type: "app",
        id_code: ws.id_code,
        name: ws.name,
        created_at: ws.created_at,
        secure: false,
        identity_verification: ws.identity_verification ?? false,
        timezone: ws.timezone,
        region: ws.region,
      },
      avatar: { type: "avatar", image_url: admin.avatar ?? null },
    };
  }

  function rateLimitCheck(tok) {
    const cfg = tok.rateLimit
      ? { limit: tok.rateLimit.limit ?? tok.rateLimit, windowMs: tok.rateLimit.windowMs ?? baseLimit.windowMs }
      : baseLimit;
    const key = tok.rateLimit ? `token:${tok.value}` : `app:${tok.workspace}`;
    const t = now();
    let w = windows.get(key);
    if (!w || t >= w.start + cfg.windowMs) {
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    const over = w.count > cfg.limit;
    return {
      over,
      cfg,
      headers: {
        "x-ratelimit-limit": String(cfg.limit),
        "x-ratelimit-remaining": String(Math.max(0, cfg.limit - w.count)),
        "x-ratelimit-reset": String(Math.ceil((w.start + cfg.windowMs) / 1000)),
      },
    };
  }

  function takeFault(ctx, tok) {
    const explicit = ctx.req.headers["x-mock-fault"] ?? ctx.url.searchParams.get("__fault");
    if (explicit) return parseFault(explicit);
    const i = pendingFaults.findIndex((p) => !p.token || (tok && p.token === tok.value));
    // `after`: that many matching requests pass first (a fault in the middle of a paging).
    if (i >= 0 && pendingFaults[i].after > 0) pendingFaults[i].after--;
    else if (i >= 0) {
      const p = pendingFaults[i];
      if (--p.times <= 0) pendingFaults.splice(i, 1);
      return parseFault(p.fault);
    }
    if (tok?.fault) return parseFault(tok.fault);
    if (randomFaults && randomFaults.next() < randomFaults.rate) {
      const kind = randomFaults.kinds[Math.floor(randomFaults.next() * randomFaults.kinds.length)];
      randomFaults.counts[kind] = (randomFaults.counts[kind] ?? 0) + 1;
      return parseFault(kind);
    }
    return null;
  }

  // Returns true when the fault fully handled the response.
  async function applyFault(fault, res, ctx) {
    if (!fault) return false;
    if (fault.latency) await new Promise((r) => setTimeout(r, fault.latency));
    switch (fault.kind) {
      case undefined:
        return false;
      case "hang":
        return true; // never answer; stop() destroys the socket
      case "reset":
        ctx.req.socket.resetAndDestroy();
        return true;
      case "500":
        sendError(res, ctx, 500, "server_error", "Server Error");
        return true;
      case "429":
        // A rate-limit answer without a window of its own: Retry-After says when.
        res.setHeader("retry-after", "1");
        sendError(res, ctx, 429, "rate_limit_exceeded", "Exceeded rate limit of 1000 in 10_seconds");
        return true;
      case "502":
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n");
        return true;
      case "503":
        sendError(res, ctx, 503, "service_unavailable", "Service Unavailable");
        return true;
      case "504":
        sendError(res, ctx, 504, "request_timeout", "Gateway Timeout");
        return true;
      case "invalid-json": {
        const text = '{"type":"admin.list","admins":[{"type":"admin",,}';
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": text.length });
        res.end(text);
        return true;
      }
      case "truncated":
      case "stall": {
        // Headers and the body's first 12 bytes, then the connection cut ("truncated"), or
        // nothing ever again ("stall": a timeout must still end the body read; stop()
        // destroys the socket).
        const text = JSON.stringify({ type: "admin.list", admins: [] });
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": text.length + 40 });
        res.write(text.slice(0, 12));
        if (fault.kind === "truncated") setTimeout(() => ctx.req.socket.destroy(), 20);
        return true;
      }
      case "endless":
      case "oversize": {
        // An answer that never ends (chunked, "endless"), or one that declares 64 MiB up front
        // ("oversize"): what a hostile or broken host sends. Written as fast as the client
        // reads, until it hangs up; a bounded reader cancels and the socket closes.
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const declared = 64 * 1024 * 1024;
        const head = { "content-type": "application/json; charset=utf-8" };
        if (fault.kind === "oversize") head["content-length"] = String(declared);
        res.writeHead(200, head);
        let sent = 0;
        const pump = () => {
          while (!res.destroyed && (fault.kind === "endless" || sent < declared)) {
            sent += chunk.length;
            if (!res.write(chunk)) return;
          }
          if (!res.destroyed) res.end();
        };
        res.on("drain", pump);
        pump();
        return true;
      }
      case "echo": {
        // A proxy's error page that shows the request it got, credentials and all.
        const h = ctx.req.headers;
        const lines = [`authorization: ${h.authorization}`, `as a query: auth=${encodeURIComponent(h.authorization ?? "")}`];
        for (const [k, v] of Object.entries(h)) if (k !== "authorization") lines.push(`${k}: ${v}`);
        res.writeHead(502, { "content-type": "text/html" });
        res.end(`<html><body><h1>502 Bad Gateway</h1><pre>${ctx.req.method} ${ctx.req.url}\n${lines.join("\n")}</pre></body></html>`);
        return true;
      }
      case "no-request-id":
        ctx.noRequestId = true; // the docs allow request_id to be null on "a few" errors (facts §4.1)
        return false;
      default:
        sendError(res, ctx, 400, "parameter_invalid", `Unknown mock fault '${fault.kind}'`, "X-Mock-Fault");
        return true;
    }
  }

  function authenticate(req, region) {
    const auth = req.headers.authorization;
    if (!auth) return { error: INVALID_TOKEN };
    const m = /^(bearer|basic)\s+(\S+)\s*$/i.exec(auth);
    if (!m) return { error: INVALID_TOKEN };
    let value = m[2];
    if (m[1].toLowerCase() === "basic") {
      // Legacy Basic auth: base64("<token>:") — facts §1.4.
      value = Buffer.from(value, "base64").toString("utf8").replace(/:.*$/s, "");
    }
    const tok = tokens.get(value);
    if (!tok) return { error: INVALID_TOKEN };
    // Regional hosts know only their own workspaces; the US host routes any token (facts §2).
    const tokRegion = REGION_KEYS[workspaces[tok.workspace].region];
    if (region !== "us" && tokRegion !== region) return { error: INVALID_TOKEN, tok: null };
    if (tok.state !== "valid") return { error: tok.error ?? TOKEN_ERRORS[tok.state] ?? INVALID_TOKEN, tok };
    return { tok };
  }

  function corsHeaders(req) {
    const origin = req.headers.origin;
    if (!isLocalOrigin(origin)) return null;
    return {
      "access-control-allow-origin": origin,
      vary: "Origin",
      "access-control-expose-headers": "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-Request-Id, Retry-After",
    };
  }

  function logRequest(req, url, body, region) {
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (k === "authorization") headers[k] = `${String(v).split(/\s+/)[0] || "Bearer"} [redacted]`;
      else if (k === "cookie") headers[k] = "[redacted]";
      else headers[k] = v;
    }
    const query = {};
    let secretInUrl = false;
    for (const [k, v] of url.searchParams) {
      if (SECRET_KEYS.has(k) && k !== "code") {
        secretInUrl = true;
        query[k] = "[redacted]";
      } else if (k === "code") query[k] = "[redacted]";
      else query[k] = v;
    }
    const keys = Object.keys(body.fields);
    const sensitive = keys.some((k) => SECRET_KEYS.has(k)) || url.pathname.startsWith("/auth/");
    const entry = {
      method: req.method,
      path: url.pathname,
      query,
      headers,
      bodyShape: {
        contentType: req.headers["content-type"] ?? null,
        encoding: body.kind,
        length: body.length,
        keys,
      },
      secretInUrl,
      region,
      time: new Date(now()).toISOString(),
      status: null,
    };
    if (body.length && !sensitive) entry.rawBody = body.text;
    log.push(entry);
    return entry;
  }

  async function readBody(req) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    return Buffer.concat(chunks);
  }

  // --- main handler ---
  async function handle(req, res, region) {
    const url = new URL(req.url, "http://mock.invalid");
    // Host header routing as an alternative to per-region ports.
    const hostName = (req.headers.host || "").split(":")[0].toLowerCase();
    if (REGION_HOSTNAMES[hostName]) region = REGION_HOSTNAMES[hostName];
    const requestId = randomUUID();
    const ctx = { req, url, requestId, region };
    res.setHeader("x-request-id", requestId);
    res.mockInfo = { method: req.method, path: url.pathname, region, version: null };

    if (url.pathname.startsWith("/__mock/")) {
      res.mockInfo = null;
      return control(req, res, url);
    }

    const buf = await readBody(req);
    const body = { ...parseBody(req.headers["content-type"], buf), length: buf.length, text: buf.toString("utf8") };
    const entry = logRequest(req, url, body, region);
    res.on("finish", () => (entry.status = res.statusCode));

    const cors = corsHeaders(req);
    if (cors) for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    if (req.method === "OPTIONS") {
      if (!cors) {
        // Intercom's API does not do CORS; a browser preflight got 406 (facts §9).
        res.writeHead(406, { "content-type": "text/plain" });
        return res.end("Not Acceptable");
      }
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
        "access-control-allow-headers": allowHeaders(req.headers["access-control-request-headers"]),
        "access-control-max-age": "600",
      });
      return res.end();
    }

    if (url.pathname === "/oauth" || url.pathname === "/oauth/decision") return oauthPage(req, res, ctx, body);
    if (url.pathname === "/auth/eagle/token") return tokenEndpoint(req, res, ctx, body);

    // Everything else is the authenticated REST API.
    const auth = authenticate(req, region);
    const fault = takeFault(ctx, auth.tok);
    if (await applyFault(fault, res, ctx)) return;
    if (auth.error) return sendError(res, ctx, auth.error.status, auth.error.code, auth.error.message);
    const tok = auth.tok;
    const ws = workspaces[tok.workspace];

    // Rate-limit headers only on authenticated responses (facts §5).
    const rl = rateLimitCheck(tok);
    for (const [k, v] of Object.entries(rl.headers)) res.setHeader(k, v);
    if (rl.over) {
      const secs = rl.cfg.windowMs / 1000;
      return sendError(res, ctx, 429, "rate_limit_exceeded", `Exceeded rate limit of ${rl.cfg.limit} in ${secs}_seconds`);
    }

    const requested = req.headers["intercom-version"];
    if (requested != null && requested !== "" && !versions.has(requested)) {
      return sendError(res, ctx, 400, "intercom_version_invalid", `The requested API version '${requested}' is not valid.`, "Intercom-Version");
    }
    const version = requested || ws.default_version;
    res.setHeader("x-intercom-version", version);
    res.mockInfo.version = version;

    if (url.pathname === "/auth/uninstall" && req.method === "POST") return uninstall(res, ctx, tok);

    if (!acceptsJson(req.headers.accept)) {
      return sendError(res, ctx, 406, "client_error", "Not Acceptable: the Accept header must allow application/json");
    }

    const need = (scope) => {
      if (tok.scopes && !tok.scopes.includes(scope)) {
        sendError(res, ctx, 403, "forbidden", `You do not have the required scope (${scope}) to access this resource`);
        return false;
      }
      return true;
    };
    const meAdmin = () => ws.admins.find((a) => a.id === tok.admin) ?? ws.admins[0];

    if (req.method === "GET" && url.pathname === "/me") {
      if (!need("read_single_admin")) return;
      return sendJson(res, 200, meShape(meAdmin(), ws));
    }
    if (req.method === "GET" && url.pathname === "/admins") {
      if (!need("read_admins")) return;
      // Avatars only with display_avatar=true (spec listAdmins parameter, facts §6.2).
      const withAvatar = url.searchParams.get("display_avatar") === "true";
      return sendJson(res, 200, { type: "admin.list", admins: ws.admins.map((a) => adminShape(a, version, { withAvatar })) });
    }
    const am = /^\/admins\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && am) {
      if (!need("read_admins")) return;
      const admin = ws.admins.find((a) => a.id === decodeURIComponent(am[1]));
      if (!admin) return sendError(res, ctx, 404, "admin_not_found", "Admin not found");
      return sendJson(res, 200, adminShape(admin, version));
    }
    if (req.method === "GET" && url.pathname === "/contacts") {
      if (!need("read_users")) return;
      return listContacts(res, ctx, ws);
    }
    // The lists of issue 22, with Intercom's three ways of paging (see cursorPage, numberedPage).
    const cm = /^\/contacts\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && cm && cm[1] !== "search") {
      if (!need("read_users")) return;
      const contact = ws.contactList.find((c) => c.id === decodeURIComponent(cm[1]));
      if (!contact) return sendError(res, ctx, 404, "not_found", "User Not Found");
      return sendJson(res, 200, contact);
    }
    if (req.method === "POST" && url.pathname === "/contacts/search") {
      if (!need("read_users")) return;
      return search(res, ctx, ws, body, ws.contactList, "list", "data");
    }
    if (req.method === "GET" && url.pathname === "/conversations") {
      if (!need("read_conversations")) return;
      return cursorPage(res, ctx, ws, ws.conversationList, sp(ctx, "per_page"), sp(ctx, "starting_after"), "conversation.list", "conversations", "20");
    }
    if (req.method === "POST" && url.pathname === "/conversations/search") {
      if (!need("read_conversations")) return;
      return search(res, ctx, ws, body, ws.conversationList, "conversation.list", "conversations");
    }
    if (req.method === "GET" && url.pathname === "/companies") {
      if (!need("read_companies")) return;
      return numberedPage(res, ctx, ws.companyList);
    }
    if (req.method === "GET" && url.pathname === "/companies/scroll") {
      if (!need("read_companies")) return;
      return scrollPage(res, ctx, ws);
    }
    if (req.method === "GET" && url.pathname === "/tags") {
      if (!need("read_tags")) return;
      return sendJson(res, 200, { type: "list", data: ws.tagList });
    }
    // Unknown path or method → 404 (facts §4.2: also for unsupported methods).
    return sendError(res, ctx, 404, "not_found", "Resource Not Found");
  }

  function buildContacts(ws) {
    const n = typeof ws.contacts === "number" ? ws.contacts : 0;
    const list = Array.isArray(ws.contacts) ? ws.contacts : [];
    const out = [...list];
    for (let i = 0; i < n; i++) {
      const id = `6762f0dd1bb69f9f2193${ws.id_code.slice(0, 2)}${String(i).padStart(2, "0")}`;
      const created = ws.created_at + 86400 * (i + 1);
      out.push({
        type: "contact", id, workspace_id: ws.id_code, external_id: `ext-${ws.key}-${i + 1}`, role: "user",
        email: `user${i + 1}@${ws.key}.example`, email_domain: `${ws.key}.example`, phone: null,
        name: `User ${i + 1}`, avatar: null, owner_id: null, social_profiles: { type: "list", data: [] },
        has_hard_bounced: false, marked_email_as_spam: false, unsubscribed_from_emails: false,
        created_at: created, updated_at: created, signed_up_at: created, last_seen_at: null, last_replied_at: null,
        last_contacted_at: null, last_email_opened_at: null, last_email_clicked_at: null, language_override: null,
        browser: null, browser_version: null, browser_language: null, os: null,
        location: { type: "location", country: null, region: null, city: null, country_code: null, continent_code: null },
        // tags/notes/companies left out: optional, and the spec's examples give them relative `url`s
        // that its own `format: uri` rejects.
        custom_attributes: {},
      });
    }
    return out;
  }

  function buildConversations(ws) {
    const out = [];
    for (let i = 0; i < (ws.conversations ?? 0); i++) {
      const created = ws.created_at + 3600 * (i + 1);
      out.push({
        type: "conversation", id: String(1911149811 + i), title: null, created_at: created, updated_at: created + 60,
        // priority and the assignees left out: their types differ between 2.14 and 2.16.
        open: i % 3 !== 0, state: i % 3 !== 0 ? "open" : "closed", read: i % 2 === 0, custom_attributes: {},
      });
    }
    return out;
  }

  function buildCompanies(ws) {
    const out = [];
    for (let i = 0; i < (ws.companies ?? 0); i++) {
      const created = ws.created_at + 86400 * (i + 1);
      out.push({
        type: "company", id: `6762f0e01bb69f9f2193${String(i).padStart(4, "0")}`, name: `Company ${i + 1}`, app_id: ws.id_code,
        company_id: `co-${i + 1}`, remote_created_at: created, created_at: created, updated_at: created, last_request_at: created,
        size: 10 + i, website: `https://company${i + 1}.example`, industry: "Software", monthly_spend: 100 + i, session_count: i, user_count: i % 7,
        custom_attributes: {},
      });
    }
    return out;
  }

  function buildTags(ws) {
    return (ws.tags ?? []).map((name, i) => ({ type: "tag", id: String(17513 + i), name }));
  }

  const sp = (ctx, key) => ctx.url.searchParams.get(key);

  /** `per_page` as Intercom checks it: 1–150, or the endpoint's default. */
  function perPageOf(res, ctx, raw, fallback) {
    const perPage = Number(raw ?? fallback);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 150) {
      sendError(res, ctx, 400, "parameter_invalid", "per_page must be an integer between 1 and 150", "per_page");
      return null;
    }
    return perPage;
  }

  /** An opaque base64 cursor naming the workspace, the list and an offset. */
  const cursorOf = (ws, list, offset) => Buffer.from(JSON.stringify([ws.id_code, list, offset])).toString("base64");
  function offsetOf(ws, list, cursor) {
    let parsed;
    try {
      parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
    } catch {}
    return Array.isArray(parsed) && parsed[0] === ws.id_code && parsed[1] === list && Number.isInteger(parsed[2]) ? parsed[2] : null;
  }

  /** Cursor pages (`pages.next.starting_after`), as GET /conversations and the searches answer. */
  function cursorPage(res, ctx, ws, all, perPageRaw, after, type, key, fallback, list = key) {
    const perPage = perPageOf(res, ctx, perPageRaw, fallback);
    if (perPage == null) return;
    let offset = 0;
    if (after) {
      offset = offsetOf(ws, list, after);
      if (offset == null) return sendError(res, ctx, 400, "parameter_invalid", "starting_after is invalid", "starting_after");
    }
    const items = all.slice(offset, offset + perPage);
    const pages = { type: "pages", page: Math.floor(offset / perPage) + 1, per_page: perPage, total_pages: Math.ceil(all.length / perPage) };
    if (offset + perPage < all.length) pages.next = { page: pages.page + 1, starting_after: cursorOf(ws, list, offset + perPage) };
    return sendJson(res, 200, { type, total_count: all.length, pages, [key]: items });
  }

  /**
   * POST /contacts/search, /conversations/search: `{ query, pagination: { per_page, starting_after } }`.
   * A query is `{ field, operator, value }` (=, !=, ~ contains, !~, >, <, IN, NIN) or
   * `{ operator: "AND" | "OR", value: [queries] }`; a cursor belongs to the query it was made for.
   */
  function search(res, ctx, ws, body, all, type, key) {
    const q = body.json?.query;
    if (!q || typeof q !== "object") return sendError(res, ctx, 400, "parameter_not_found", "query parameter must be present", "query");
    const matches = (item, query) => {
      if (query.operator === "AND") return query.value.every((x) => matches(item, x));
      if (query.operator === "OR") return query.value.some((x) => matches(item, x));
      const have = item[query.field];
      const want = query.value;
      switch (query.operator) {
        case "=": return String(have) === String(want);
        case "!=": return String(have) !== String(want);
        case "~": return String(have ?? "").includes(String(want));
        case "!~": return !String(have ?? "").includes(String(want));
        case ">": return Number(have) > Number(want);
        case "<": return Number(have) < Number(want);
        case "IN": return Array.isArray(want) && want.map(String).includes(String(have));
        case "NIN": return Array.isArray(want) && !want.map(String).includes(String(have));
        default: return false;
      }
    };
    let found;
    try {
      found = all.filter((item) => matches(item, q));
    } catch {
      return sendError(res, ctx, 400, "query_invalid", "the query could not be read", "query");
    }
    const pagination = body.json.pagination ?? {};
    const list = `${key}:${createHash("sha256").update(JSON.stringify(q)).digest("base64url").slice(0, 12)}`;
    return cursorPage(res, ctx, ws, found, pagination.per_page, pagination.starting_after, type, key, "50", list);
  }

  /** Page numbers (`page`, `pages.total_pages`, `pages.next` a URL), as GET /companies answers. */
  function numberedPage(res, ctx, all) {
    const perPage = perPageOf(res, ctx, sp(ctx, "per_page"), "15");
    if (perPage == null) return;
    const page = Number(sp(ctx, "page") ?? 1);
    if (!Number.isInteger(page) || page < 1) return sendError(res, ctx, 400, "parameter_invalid", "page must be a positive integer", "page");
    const totalPages = Math.ceil(all.length / perPage);
    const next = page < totalPages ? new URL(`/companies?per_page=${perPage}&page=${page + 1}`, `https://${ctx.req.headers.host}`).href : null;
    const data = all.slice((page - 1) * perPage, page * perPage);
    return sendJson(res, 200, { type: "list", data, pages: { type: "pages", next, page, per_page: perPage, total_pages: totalPages }, total_count: all.length });
  }

  /** GET /companies/scroll: pages of 100 under one `scroll_param`, then an empty page. */
  function scrollPage(res, ctx, ws) {
    const param = sp(ctx, "scroll_param");
    let offset = 0;
    if (param) {
      offset = offsetOf(ws, "scroll", param.split(".")[0]);
      const at = Number(param.split(".")[1]);
      if (offset == null || !Number.isInteger(at)) return sendError(res, ctx, 400, "parameter_invalid", "scroll_param is invalid", "scroll_param");
      offset = at;
    }
    const data = ws.companyList.slice(offset, offset + 100);
    // The mock carries the position in its scroll_param (Intercom may keep one for the whole scroll).
    const scroll = `${cursorOf(ws, "scroll", 0)}.${offset + data.length}`;
    return sendJson(res, 200, { type: "list", data, pages: null, total_count: ws.companyList.length, scroll_param: scroll });
  }

  function listContacts(res, ctx, ws) {
    const sp = ctx.url.searchParams;
    const perPageRaw = sp.get("per_page");
    const perPage = perPageRaw == null ? 50 : Number(perPageRaw);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 150) {
      return sendError(res, ctx, 400, "parameter_invalid", "per_page must be an integer between 1 and 150", "per_page");
    }
    let offset = 0;
    const after = sp.get("starting_after");
    if (after) {
      // Opaque base64 cursor (Intercom's look similar and may end in "=").
      let parsed;
      try {
        parsed = JSON.parse(Buffer.from(after, "base64").toString("utf8"));
      } catch {}
      if (!Array.isArray(parsed) || parsed[0] !== ws.id_code || !Number.isInteger(parsed[1])) {
        return sendError(res, ctx, 400, "parameter_invalid", "starting_after is invalid", "starting_after");
      }
      offset = parsed[1];
    }
    const all = ws.contactList;
    const data = all.slice(offset, offset + perPage);
    const totalPages = Math.ceil(all.length / perPage);
    const pages = { type: "pages", page: Math.floor(offset / perPage) + 1, per_page: perPage, total_pages: totalPages };
    if (offset + perPage < all.length) {
      pages.next = { per_page: perPage, starting_after: Buffer.from(JSON.stringify([ws.id_code, offset + perPage])).toString("base64") };
    }
    return sendJson(res, 200, { type: "list", data, total_count: all.length, pages });
  }

  // --- OAuth (facts §1) ---
  function redirectAllowed(uri) {
    const list = oauthApp.redirect_uris ?? [];
    return list.some((p) => uri.startsWith(p));
  }
  function htmlPage(res, status, title, inner) {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${htmlEscape(title)}</title></head><body>${inner}</body></html>`);
  }
  function redirectWith(res, redirectUri, params) {
    // Literal trailing "=" in the code, as the docs warn (facts §1.2); other reserved chars percent-encoded.
    const qs = Object.entries(params)
      .filter(([, v]) => v != null)
      .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%3D/g, "=")}`)
      .join("&");
    const sep = redirectUri.includes("?") ? "&" : "?";
    res.writeHead(302, { location: `${redirectUri}${sep}${qs}` });
    res.end();
  }
  function newCode() {
    // base64 of 20 bytes always ends in one "="; insist on a "+" so decoders that turn "+" into space fail.
    for (;;) {
      const c = randomBytes(20).toString("base64");
      if (c.includes("+")) return c;
    }
  }

  function oauthPage(req, res, ctx, body) {
    const p = req.method === "POST" ? { ...Object.fromEntries(ctx.url.searchParams), ...body.fields } : Object.fromEntries(ctx.url.searchParams);
    if (p.client_id !== oauthApp.client_id) return htmlPage(res, 400, "Error", "<h1>Unknown client_id</h1>");
    // No redirect_uri → the app's first (default) registered URL (facts §1.1).
    const redirectUri = p.redirect_uri || oauthApp.default_redirect_uri || null;
    if (!redirectUri || !redirectAllowed(redirectUri)) return htmlPage(res, 400, "Error", "<h1>redirect_uri is not registered for this app</h1>");
    const wsKey = p.workspace || "us";
    const ws = workspaces[wsKey];
    if (!ws) return htmlPage(res, 400, "Error", "<h1>Unknown workspace</h1>");
    const decision = ctx.url.pathname === "/oauth/decision" ? p.decision : p.__consent;
    if (decision === "authorize") {
      const code = newCode();
      const admin = p.admin && ws.admins.some((a) => a.id === p.admin) ? p.admin : ws.admins[0].id;
      codes.set(code, { workspace: wsKey, admin, expires: now() + codeTtlMs, used: false });
      return redirectWith(res, redirectUri, { code, state: p.state });
    }
    if (decision === "cancel") return redirectWith(res, redirectUri, { error: "access_denied", state: p.state });
    const hidden = ["client_id", "state", "redirect_uri", "admin"]
      .filter((k) => p[k] != null)
      .map((k) => `<input type="hidden" name="${k}" value="${htmlEscape(p[k])}">`)
      .join("");
    const radios = Object.values(workspaces)
      .map((w) => `<label><input type="radio" name="workspace" value="${w.key}"${w.key === wsKey ? " checked" : ""}> ${htmlEscape(w.name)} (${w.region})</label><br>`)
      .join("");
    return htmlPage(
      res,
      200,
      `Connect ${oauthApp.name ?? "app"} to Intercom`,
      `<h1>${htmlEscape(oauthApp.name ?? "App")} wants to access ${htmlEscape(ws.name)}</h1>
<form method="post" action="/oauth/decision">${hidden}
<fieldset><legend>Workspace</legend>${radios}</fieldset>
<button type="submit" name="decision" value="authorize" id="authorize">Authorize access</button>
<button type="submit" name="decision" value="cancel" id="cancel">Cancel</button>
</form>`,
    );
  }

  function tokenEndpoint(req, res, ctx, body) {
    if (req.method !== "POST") return sendError(res, ctx, 404, "not_found", "Resource Not Found");
    const { code, client_id, client_secret } = body.fields;
    const rec = code != null ? codes.get(String(code)) : undefined;
    const ok =
      client_id === oauthApp.client_id &&
      client_secret === oauthApp.client_secret &&
      rec && !rec.used && now() < rec.expires;
    if (rec && client_id === oauthApp.client_id && client_secret === oauthApp.client_secret) rec.used = true; // single use even if expired
    if (!ok) return sendError(res, ctx, 401, "unauthorized", "Unauthorized Code");
    const value = tokenFromSeed(`${rec.workspace}-oauth-${randomBytes(8).toString("hex")}`);
    tokens.set(value, { value, workspace: rec.workspace, admin: rec.admin, state: "valid", oauth: true });
    return sendJson(res, 200, { token_type: "Bearer", token: value, access_token: value });
  }

  function uninstall(res, ctx, tok) {
    tok.state = "revoked";
    if (options.uninstallNotifyUrl) {
      // Uninstall notice: { app_id } (facts §1.5), signed with X-Body-Signature (toolkit facts §6).
      const notice = JSON.stringify({ app_id: workspaces[tok.workspace].id_code });
      fetch(options.uninstallNotifyUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-body-signature": signBody(notice, oauthApp.client_secret) },
        body: notice,
      }).catch(() => {});
    }
    return sendJson(res, 200, {});
  }

  // --- control endpoints for out-of-process tests (not Intercom) ---
  async function control(req, res, url) {
    const buf = await readBody(req);
    let args = {};
    try {
      if (buf.length) args = JSON.parse(buf.toString("utf8"));
    } catch {
      return sendJson(res, 400, { error: "invalid JSON" });
    }
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case "GET /__mock/requests":
        return sendJson(res, 200, log);
      case "DELETE /__mock/requests":
        log.length = 0;
        return sendJson(res, 200, { ok: true });
      case "GET /__mock/scenario":
        return sendJson(res, 200, { tokens: tokenMap, hosts, oauth: { client_id: oauthApp.client_id } });
      case "POST /__mock/reset":
        resetState();
        return sendJson(res, 200, { ok: true });
      case "POST /__mock/fault":
        handle_.injectFault(args.fault, { times: args.times, token: args.token, after: args.after });
        return sendJson(res, 200, { ok: true });
      case "POST /__mock/webhook": {
        // args: { url, body } or { url, topic, appId, item } (an Intercom envelope is built);
        // tamper: true signs the body, then changes it on the way, as an attacker would.
        if (typeof args.url !== "string") return sendJson(res, 400, { error: "url is required" });
        const secret = args.clientSecret ?? oauthApp.client_secret;
        const body = args.body ?? JSON.stringify(notificationBody({ topic: args.topic, appId: args.appId ?? oauthApp.app_id, item: args.item, now: now() }));
        const raw = typeof body === "string" ? body : JSON.stringify(body);
        const r = args.tamper
          ? await deliverWebhook(args.url, tampered(raw), secret, { headers: { "x-hub-signature": signWebhook(raw, secret) } })
          : await deliverWebhook(args.url, raw, secret);
        return sendJson(res, 200, r);
      }
      case "POST /__mock/revoke": {
        // What an admin does in Intercom's settings: the token answers token_revoked from now on.
        // `{ appId }` instead: every OAuth token issued for that workspace (a demo knows no token).
        if (typeof args.appId === "string") return sendJson(res, 200, { ok: true, revoked: handle_.revokeApp(args.appId) });
        if (!handle_.revoke(args.token)) return sendJson(res, 404, { error: "unknown token" });
        return sendJson(res, 200, { ok: true });
      }
      default:
        return sendJson(res, 404, { error: "unknown control route" });
    }
  }

  const publicWorkspaces = {};
  for (const ws of Object.values(workspaces)) {
    publicWorkspaces[ws.key] = {
      key: ws.key, name: ws.name, region: ws.region, id_code: ws.id_code, default_version: ws.default_version,
      host: hosts[REGION_KEYS[ws.region]], admins: ws.admins,
      token: scenario.tokens.filter((t) => t.workspace === ws.key && !t.state && !t.scopes && !t.fault && !t.rateLimit).map((t) => t.token ?? tokenFromSeed(t.seed))[0],
    };
  }

  const handle_ = {
    url: hosts.us,
    port: servers.us.address().port,
    hosts,
    tokens: tokenMap,
    workspaces: publicWorkspaces,
    oauth: { client_id: oauthApp.client_id, client_secret: oauthApp.client_secret, app_id: oauthApp.app_id, authorizeUrl: `${hosts.us}/oauth` },
    requests: () => log.slice(),
    clearLog: () => void (log.length = 0),
    reset: resetState,
    /** Next `times` matching requests (optionally only for `token`, after `after` of them) get `fault`. */
    injectFault(fault, { times = 1, token, after = 0 } = {}) {
      pendingFaults.push({ fault, times, token, after });
    },
    /** Revoke a token (as uninstalling or an admin would); false for an unknown token. */
    revoke(token) {
      const tok = typeof token === "string" ? tokens.get(token) : undefined;
      if (!tok) return false;
      tok.state = "revoked";
      return true;
    },
    /** Revoke every OAuth token issued for the workspace `appId` (id_code); returns how many. */
    revokeApp(appId) {
      let n = 0;
      for (const tok of tokens.values()) {
        if (tok.oauth && tok.state === "valid" && workspaces[tok.workspace]?.id_code === appId) {
          tok.state = "revoked";
          n++;
        }
      }
      return n;
    },
    /**
     * From now on a `rate` share of REST requests (0–1) gets one of `kinds`, drawn by a
     * seeded generator so a run can be repeated; `null` stops it. Returns the counts so far.
     */
    randomFaults(cfg) {
      if (cfg === undefined) return { ...(randomFaults?.counts ?? {}) };
      randomFaults = cfg && { rate: cfg.rate, kinds: cfg.kinds, next: seededRandom(cfg.seed ?? 1), counts: {} };
      return {};
    },
    /** Deliver a signed notification with the scenario app's client_secret. */
    webhook: (url, body) => deliverWebhook(url, body, oauthApp.client_secret),
    async stop() {
      for (const s of sockets) s.destroy();
      await Promise.all(Object.values(servers).map((srv) => new Promise((r) => srv.close(() => r()))));
    },
  };
  return handle_;
}

// --- CLI ---
function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    out[m[1]] = m[2] ?? argv[++i];
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const mock = await startMock({
    port: args.port ? Number(args.port) : 0,
    host: args.host,
    scenario: args.scenario,
    rateLimit: args["rate-limit"] ? Number(args["rate-limit"]) : undefined,
    regionPorts: { eu: args["eu-port"] ? Number(args["eu-port"]) : 0, au: args["au-port"] ? Number(args["au-port"]) : 0 },
  });
  const lines = [`intercom-mock listening on ${mock.url}`];
  for (const ws of Object.values(mock.workspaces)) {
    lines.push(`workspace ${ws.name} region ${ws.region} app ${ws.id_code} token ${ws.token}`);
  }
  lines.push(`region-hosts US ${mock.hosts.us} Europe ${mock.hosts.eu} Australia ${mock.hosts.au}`);
  lines.push(`oauth client_id ${mock.oauth.client_id} authorize ${mock.oauth.authorizeUrl}`);
  process.stdout.write(lines.join("\n") + "\n");
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await mock.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
