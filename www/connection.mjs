// Where the connected workspace's token lives between requests. The page never sees it: the
// browser holds only an opaque, HttpOnly session id, and the token stays in the worker.
// (A deployed worker keeps this in KV or a Durable Object; workerd keeps one isolate here.)

const SESSION = "demo_session";
const FLASH = "demo_flash";
const sessions = new Map(); // session id → { token, kind: "oauth" | "private", region }

function cookies(request) {
  const out = {};
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

const attributes = (request) => `Path=/; HttpOnly; SameSite=Lax${new URL(request.url).protocol === "https:" ? "; Secure" : ""}`;

/** The connection of this browser, or null. */
export async function loadConnection(request) {
  return sessions.get(cookies(request)[SESSION]) ?? null;
}

/** Keeps `connection` for this browser; returns the Set-Cookie value. */
export async function saveConnection(request, connection) {
  const id = crypto.randomUUID();
  sessions.set(id, connection);
  const old = cookies(request)[SESSION];
  if (old) sessions.delete(old);
  return `${SESSION}=${id}; ${attributes(request)}`;
}

/** Forgets this browser's connection; returns the Set-Cookie value. */
export async function clearConnection(request) {
  sessions.delete(cookies(request)[SESSION]);
  return `${SESSION}=; Max-Age=0; ${attributes(request)}`;
}

/** A one-time message for the next page load (an OAuth callback failure), without secrets. */
export function flashCookie(request, error) {
  const value = encodeURIComponent(JSON.stringify(error));
  return `${FLASH}=${value}; Max-Age=120; ${attributes(request)}`;
}

/** Reads and clears the flash: [message or null, Set-Cookie value]. */
export function takeFlash(request) {
  const raw = cookies(request)[FLASH];
  if (!raw) return [null, null];
  let message = null;
  try {
    message = JSON.parse(decodeURIComponent(raw));
  } catch {}
  return [message, `${FLASH}=; Max-Age=0; ${attributes(request)}`];
}
