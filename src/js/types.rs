//! TypeScript declarations for the shapes the JS API takes and returns. Hand-written so they
//! can say what Intercom really sends across versions (avatar string or object, optional
//! fields), which derived types cannot. One section per capability feature, so each subpath's
//! declarations name only what it exports.

use wasm_bindgen::prelude::*;

#[cfg(feature = "client")]
#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &'static str = r#"
/** Options of `new IntercomClient(...)`. */
export interface IntercomClientOptions {
  /** Access token (private app) or OAuth token. Sent only as `Authorization: Bearer`. */
  token: string;
  /**
   * Workspace region; default "us". "auto" asks `/me` once on first use and then calls the
   * workspace's regional host (ignored when `baseUrl` is set).
   */
  region?: "us" | "eu" | "au" | "auto";
  /**
   * Overrides the region's host (mock servers, proxies). An IP address or an internal name
   * (`10.0.0.5`, `proxy.internal`, `169.254.169.254` in any spelling) is refused unless
   * `allowPrivateHosts`; the local-dev `http://localhost`, `127.0.0.1` and `[::1]` are allowed.
   */
  baseUrl?: string;
  /**
   * Lets `baseUrl` be an IP address or an internal host name, e.g. a proxy on a private
   * network: `new IntercomClient({ token, baseUrl: "https://10.0.0.5", allowPrivateHosts: true })`.
   */
  allowPrivateHosts?: boolean;
  /**
   * The most of an answer read into memory, in bytes (1024 to 268435456); default 10485760
   * (10 MiB). A longer answer is cancelled while it streams in and the call fails with
   * `response_too_large`, never retried: `new IntercomClient({ token, maxResponseBytes: 2 ** 20 })`.
   */
  maxResponseBytes?: number;
  /** `Intercom-Version`; default "2.14". */
  version?: `${number}.${number}` | "Preview" | "Unstable";
  /** Per attempt, default 20000. */
  timeoutMs?: number;
  /** Default 2; 0 disables retries. */
  maxRetries?: number;
  /** Total waiting across retries of one call, default 10000. */
  retryBudgetMs?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Extra headers; Authorization and Intercom-Version cannot be set here. */
  headers?: Record<string, string>;
  /**
   * In a browser page or worker a client with a token is refused (`browser_not_allowed`):
   * the token would reach every visitor. Set this only for local tools and tests.
   */
  dangerouslyAllowBrowser?: boolean;
}

/** What `verifyConnection()` resolves to; it never rejects for HTTP or auth failures. */
export type ConnectionResult =
  | {
      ok: true;
      workspace: { id: string | null; name: string | null; region: "us" | "eu" | "au" };
      admin: { id: string | null; name: string | null; email: string | null; emailVerified: boolean | null };
      apiVersion: string;
      baseUrl: string;
      latencyMs: number;
      rateLimit: RateLimit | null;
    }
  | { ok: false; action: IntercomAction; error: import("./error.js").IntercomError };

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface RequestOptions {
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Starts with "/", e.g. "/contacts". */
  path: string;
  query?: Record<string, string | number | boolean | ReadonlyArray<string | number | boolean> | null | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Retry a non-GET/HEAD request too (only when it is safe to repeat). */
  retry?: boolean;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_RATE_LIMIT: &'static str = r#"
/** The rate-limit window Intercom reported; `resetAt` is ms since the epoch. */
export interface RateLimit {
  limit: number | null;
  remaining: number | null;
  resetAt: number | null;
}
"#;

#[cfg(any(feature = "client", feature = "oauth"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_ADMIN: &'static str = r#"
export interface Avatar {
  type?: string;
  image_url?: string | null;
}

/** An admin as 2.11–2.16 send it: every field may be missing; unknown fields are kept. */
export interface Admin {
  type?: "admin" | string;
  id: string;
  name?: string;
  email?: string;
  job_title?: string | null;
  away_mode_enabled?: boolean;
  away_mode_reassign?: boolean;
  away_status_reason_id?: number | null;
  has_inbox_seat?: boolean;
  team_ids?: Array<number | string>;
  /** A URI string from 2.14 on, an object in 2.11. */
  avatar?: string | Avatar | null;
  /** 2.16, only when the admin has a role. */
  role?: { type?: string; id?: string; name?: string } | null;
  team_priority_level?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export interface AdminList {
  type?: "admin.list" | string;
  admins: Admin[];
  [key: string]: unknown;
}

export interface App {
  type?: "app" | string;
  id_code?: string;
  name?: string;
  /** "US", "Europe" or "Australia". */
  region?: string;
  timezone?: string;
  created_at?: number;
  identity_verification?: boolean;
  [key: string]: unknown;
}

/** `GET /me`. (Not `Omit<Admin, …>`: over an index signature that erases every named field.) */
export interface AdminWithApp extends Admin {
  email_verified?: boolean | null;
  app?: App | null;
}
"#;

#[cfg(feature = "oauth")]
#[wasm_bindgen(typescript_custom_section)]
const TS_OAUTH: &'static str = r#"
export interface AuthorizeUrlOptions {
  clientId: string;
  /** From `createState`. */
  state: string;
  /** One of the app's registered redirect URLs; https, or http on localhost/127.0.0.1 only. */
  redirectUri?: string;
  /** Consent host: app.intercom.com (us), app.eu.intercom.com, app.au.intercom.com. */
  region?: "us" | "eu" | "au";
  /**
   * Overrides the consent host: Intercom's own, or a local mock on http://localhost,
   * 127.0.0.1 or [::1]. Any other host needs `allowCustomConsentHost`.
   */
  baseUrl?: string;
  /**
   * Lets `baseUrl` be any host (a test server), e.g.
   * `authorizeUrl({ clientId, state, baseUrl: "https://consent.test", allowCustomConsentHost: true })`.
   */
  allowCustomConsentHost?: boolean;
}

export interface CreateStateOptions {
  /** Server-side secret (≥ 16 characters) that signs the state; keep it out of the browser. */
  secret: string;
  /** Default 600. */
  ttlSeconds?: number;
  /**
   * Where to send the admin back (≤ 512 bytes): a same-origin path such as "/settings?x=1";
   * a full URL only on one of `allowedOrigins`. "//evil", "https://evil", "javascript:…",
   * backslashes and control characters are refused.
   */
  data?: string;
  /** Binds the state to the browser holding this nonce (see `stateCookie`). Required unless `unsafeNoBrowserBinding`. */
  nonce?: string;
  /**
   * A state bound to no browser: anyone's callback verifies with it, so an attacker can finish
   * their own install in a victim's session (login CSRF). `verifyState`/`parseCallback` must opt out too.
   */
  unsafeNoBrowserBinding?: boolean;
  /** Origins such as "https://app.example" that `data` may name besides a same-origin path. */
  allowedOrigins?: string[];
}

export interface VerifyStateOptions {
  secret: string;
  nonce?: string;
  /** ms since the epoch, like `Date.now()`; default now. */
  now?: number;
  /** Accept a state made without a nonce (see `CreateStateOptions.unsafeNoBrowserBinding`). */
  unsafeNoBrowserBinding?: boolean;
  /** As given to `createState`. */
  allowedOrigins?: string[];
}

export interface VerifiedState {
  data?: string;
  /** ms since the epoch. */
  issuedAt: number;
}

/**
 * By default the cookie is `__Host-intercom_oauth_nonce` (Secure, Path=/, no Domain: a sibling
 * subdomain cannot plant it). A `path` other than "/" or `secure: false` falls back to the
 * plain name `intercom_oauth_nonce`; give `parseCallback` the same options.
 */
export interface StateCookieOptions {
  /** Default 600. */
  maxAgeSeconds?: number;
  /** Default "/"; another path drops the `__Host-` prefix. */
  path?: string;
  /** Default true; false only for plain-http development (drops the `__Host-` prefix). */
  secure?: boolean;
}

export interface ParseCallbackOptions {
  secret: string;
  /** The nonce from the nonce cookie; read from the Request when omitted. */
  nonce?: string;
  /** The cookie's `path` as given to `stateCookie`. */
  path?: string;
  /** The cookie's `secure` as given to `stateCookie`. */
  secure?: boolean;
  /** Accept a state made without a nonce (see `CreateStateOptions.unsafeNoBrowserBinding`). */
  unsafeNoBrowserBinding?: boolean;
  /** As given to `createState`. */
  allowedOrigins?: string[];
}

export interface OAuthCallback {
  /** Byte-exact: a trailing "=" is kept. */
  code: string;
  state: string;
  data?: string;
  /**
   * Send it back as a `Set-Cookie` header: it clears the nonce cookie, so this callback URL
   * cannot be replayed in this browser.
   */
  setCookie: string;
}

export interface ExchangeCodeOptions {
  code: string;
  clientId: string;
  clientSecret: string;
  redirectUri?: string;
  /** Token host region; default "us" (api.intercom.io). */
  region?: "us" | "eu" | "au";
  /**
   * Overrides the token endpoint URL (mock servers). An IP address or an internal host name
   * is refused unless `allowPrivateHosts`; the local-dev http://localhost / 127.0.0.1 / [::1]
   * are allowed. The answer is read up to 64 KiB (`response_too_large` beyond).
   */
  tokenUrl?: string;
  /** Lets `tokenUrl` be an IP address or an internal host name: `{ tokenUrl: "https://10.0.0.5/token", allowPrivateHosts: true }`. */
  allowPrivateHosts?: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** `token` is not enumerable, so JSON.stringify(result) and logs of it leave it out. */
export interface OAuthToken {
  readonly token: string;
  tokenType: "Bearer";
}

export interface UninstallOptions {
  token: string;
  region?: "us" | "eu" | "au";
  /** As IntercomClient's `baseUrl`: internal hosts need `allowPrivateHosts`. */
  baseUrl?: string;
  /** Lets `baseUrl` be an IP address or an internal host name: `{ token, baseUrl: "https://10.0.0.5", allowPrivateHosts: true }`. */
  allowPrivateHosts?: boolean;
  fetch?: typeof fetch;
}
"#;

#[cfg(feature = "webhooks")]
#[wasm_bindgen(typescript_custom_section)]
const TS_VERIFY_WEBHOOK: &'static str = r#"
export interface VerifyWebhookOptions {
  /** The raw request body, exactly as received; over 5 MiB resolves false. */
  body: string | Uint8Array | ArrayBuffer;
  /** The X-Hub-Signature header ("sha1=<hex>"). */
  signature: string | null | undefined;
  clientSecret: string;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR_ITEM: &'static str = r#"
/** One entry of Intercom's `errors[]`. */
export interface IntercomErrorItem {
  code: string;
  message: string | null;
  field?: string;
  data?: Record<string, unknown>;
}
"#;
