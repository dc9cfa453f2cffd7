// Where the connected workspace's token lives between requests: sealed (sealToken: AES-256-GCM
// under a key only the worker holds) in an HttpOnly cookie. The worker stays stateless, the
// page's script cannot read the cookie, and what the browser stores is useless without the key.
// A multi-tenant app seals into KV or D1 by workspace instead; the calls are the same.
import { openToken, sealToken } from "intercom-edge";

const SEALED = "demo_token"; // the sealed token
const ABOUT = "demo_workspace"; // not secret: how it was connected, its region and app id
const FLASH = "demo_flash";

function cookies(request) {
  const out = {};
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

const attributes = (request) => `Path=/; HttpOnly; SameSite=Lax${new URL(request.url).protocol === "https:" ? "; Secure" : ""}`;
const gone = (request, name) => `${name}=; Max-Age=0; ${attributes(request)}`;

/** This browser's connection { token, kind, region, appId }, or null (none, or sealed under another key). */
export async function loadConnection(request, env) {
  const jar = cookies(request);
  if (!jar[SEALED]) return null;
  try {
    const token = await openToken(jar[SEALED], { keys: env.TOKEN_KEY });
    return { token, ...JSON.parse(decodeURIComponent(jar[ABOUT] ?? "%7B%7D")) };
  } catch {
    return null; // token_seal_invalid: e.g. the key changed; the browser connects again
  }
}

/** The Set-Cookie values that keep `connection` for this browser. */
export async function saveConnection(request, env, { token, ...about }) {
  const sealed = await sealToken(token, { key: env.TOKEN_KEY });
  return [`${SEALED}=${sealed}; ${attributes(request)}`, `${ABOUT}=${encodeURIComponent(JSON.stringify(about))}; ${attributes(request)}`];
}

/** The Set-Cookie values that forget this browser's connection. */
export const clearConnection = (request) => [gone(request, SEALED), gone(request, ABOUT)];

/** A one-time message for the next page load (an OAuth callback failure), without secrets. */
export function flashCookie(request, error) {
  return `${FLASH}=${encodeURIComponent(JSON.stringify(error))}; Max-Age=120; ${attributes(request)}`;
}

/** Reads and clears the flash: [message or null, Set-Cookie value or null]. */
export function takeFlash(request) {
  const raw = cookies(request)[FLASH];
  if (!raw) return [null, null];
  let message = null;
  try {
    message = JSON.parse(decodeURIComponent(raw));
  } catch {}
  return [message, gone(request, FLASH)];
}
