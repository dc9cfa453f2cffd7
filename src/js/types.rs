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

/**
 * The spec versions whose paths the typed calls know; any other `version` works at run time
 * with the default's (2.14) types. The types are generated from Intercom's OpenAPI specs
 * (intercom-api-2.14.d.ts, intercom-api-2.16.d.ts).
 */
export type TypedVersion = "2.14" | "2.16";

/** `V`'s spec paths (the default's for any other version). */
export type IntercomPaths<V extends string = "2.14"> = V extends "2.16" ? IntercomApi.v2_16.paths : IntercomApi.v2_14.paths;

/** The methods the typed calls take, as the spec's path items name them. */
export type IntercomMethod = "get" | "post" | "put" | "patch" | "delete";

/** The paths of `V`'s spec that have method `M`, e.g. `PathsWith<"2.14", "get">`. */
export type PathsWith<V extends string, M extends IntercomMethod> = {
  [P in keyof IntercomPaths<V>]: IntercomPaths<V>[P] extends { [K in M]: unknown } ? P : never;
}[keyof IntercomPaths<V>];

/** The operation `M path` of `V`'s spec. */
export type OperationOf<V extends string, P, M extends IntercomMethod> = P extends keyof IntercomPaths<V>
  ? IntercomPaths<V>[P] extends { [K in M]: infer O } ? O : never
  : never;

type JsonOf<T> = T extends { content: { "application/json": infer B } } ? B : T extends { content: { [type: string]: infer B } } ? B : null;

/** What an operation resolves to: the JSON of any of its 2xx answers (null for an empty one). */
export type SuccessOf<O> = O extends { responses: infer R }
  ? { [C in keyof R]: C extends 200 | 201 | 202 | 203 | 204 | 206 | "200" | "201" | "202" | "2XX" ? JsonOf<R[C]> : never }[keyof R]
  : unknown;

type PathAndQuery<O> = O extends { parameters: infer P } ? { [K in keyof P as K extends "path" | "query" ? K : never]: P[K] } : {};
type ParamsInit<O> = {} extends PathAndQuery<O> ? { params?: PathAndQuery<O> } : { params: PathAndQuery<O> };
type BodyInit<O> = O extends { requestBody: infer B }
  ? { body: JsonOf<B> }
  : O extends { requestBody?: infer B } ? ([NonNullable<B>] extends [never] ? { body?: never } : { body?: JsonOf<NonNullable<B>> }) : { body?: never };

/**
 * A typed call's `init`: `params.path` fills the path's `{names}` (each value one encoded
 * segment), `params.query` the query, `body` is sent as JSON; with per-call options.
 */
export type CallInit<O> = ParamsInit<O> & BodyInit<O> & CallOptions & {
  headers?: Record<string, string>;
  /** Retry a POST, PUT, PATCH or DELETE too (only when it is safe to repeat). */
  retry?: boolean;
};
type InitArgs<I> = {} extends I ? [init?: I] : [init: I];

/** `V`'s list and search endpoints: path → method → the member of the answer holding its items. */
export type Paginated<V extends string = "2.14"> = V extends "2.16" ? IntercomApi.v2_16.paginated : IntercomApi.v2_14.paginated;
type PagedMethod<V extends string, P> = P extends keyof Paginated<V> ? keyof Paginated<V>[P] & IntercomMethod : never;
type ItemsKey<V extends string, P> = P extends keyof Paginated<V> ? Paginated<V>[P][PagedMethod<V, P> & keyof Paginated<V>[P]] : never;

/** The item type `paginate(path)` yields. */
export type ItemOf<V extends string, P> = SuccessOf<OperationOf<V, P, PagedMethod<V, P>>> extends infer S
  ? S extends unknown
    ? ItemsKey<V, P> extends keyof S ? (NonNullable<S[ItemsKey<V, P> & keyof S]> extends ReadonlyArray<infer I> ? I : unknown) : unknown
    : never
  : never;

/**
 * `paginate()`'s `init`: a typed call's, plus `limit` (at most that many items) and
 * `pageSize` (sent as `per_page` on every page, 1 to 150). A search is a POST: its `body`
 * (its `query`) is resent on every page with `pagination.starting_after` set.
 */
export type PageInit<V extends string, P> = CallInit<OperationOf<V, P, PagedMethod<V, P>>> & {
  limit?: number;
  pageSize?: number;
} & (PagedMethod<V, P> extends "get" ? { method?: "GET" } : { method: "POST" } | { method?: "POST"; body: unknown });

/**
 * The typed calls, in the openapi-fetch convention: `path` is a template of the `version`'s
 * spec, the promise resolves to the 2xx answer's JSON and rejects with an IntercomError.
 *
 * ```ts
 * const intercom = new IntercomClient({ token, version: "2.16" });
 * const contact = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } });
 * for await (const c of intercom.paginate("/contacts", { pageSize: 50 })) console.log(c.id);
 * for await (const c of intercom.paginate("/contacts/search", {
 *   body: { query: { field: "email", operator: "~", value: "@example.com" } },
 * })) console.log(c.email);
 * ```
 */
export interface IntercomClient<V extends string = "2.14"> {
  /** `GET path`; retried on 429, 5xx, timeouts. */
  GET<P extends PathsWith<V, "get">>(path: P, ...init: InitArgs<CallInit<OperationOf<V, P, "get">>>): Promise<SuccessOf<OperationOf<V, P, "get">>>;
  /** `POST path`; not retried unless `init.retry`. */
  POST<P extends PathsWith<V, "post">>(path: P, ...init: InitArgs<CallInit<OperationOf<V, P, "post">>>): Promise<SuccessOf<OperationOf<V, P, "post">>>;
  /** `PUT path`; not retried unless `init.retry`. */
  PUT<P extends PathsWith<V, "put">>(path: P, ...init: InitArgs<CallInit<OperationOf<V, P, "put">>>): Promise<SuccessOf<OperationOf<V, P, "put">>>;
  /** `PATCH path`; not retried unless `init.retry`. */
  PATCH<P extends PathsWith<V, "patch">>(path: P, ...init: InitArgs<CallInit<OperationOf<V, P, "patch">>>): Promise<SuccessOf<OperationOf<V, P, "patch">>>;
  /** `DELETE path`; not retried unless `init.retry`. */
  DELETE<P extends PathsWith<V, "delete">>(path: P, ...init: InitArgs<CallInit<OperationOf<V, P, "delete">>>): Promise<SuccessOf<OperationOf<V, P, "delete">>>;
  /**
   * The items of a list or search endpoint, fetched one page at a time as the loop asks for
   * them (`for await`); `break` stops fetching, `init.signal` ends it with `aborted`.
   */
  paginate<P extends keyof Paginated<V>>(path: P, ...init: InitArgs<PageInit<V, P>>): AsyncGenerator<ItemOf<V, P>, void, undefined>;
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
