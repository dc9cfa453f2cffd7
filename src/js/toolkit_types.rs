//! TypeScript declarations for the auth toolkit's options and results (messenger, canvas,
//! webhook, seal and app_store rims), one section per capability feature. `IntercomAction`
//! serves every build (IntercomError carries it).

use wasm_bindgen::prelude::*;

#[cfg(feature = "toolkit")]
#[wasm_bindgen(typescript_custom_section)]
const TS_MESSENGER: &'static str = r#"
export interface MessengerJwtOptions {
  /** The Messenger API secret (Settings > Messenger > Security). Keep it on the server. */
  secret: string;
  /** Required; numbers are written as strings. */
  userId: string | number;
  email?: string;
  /** Adds `exp = floor(now / 1000) + expiresInSeconds`. Intercom suggests 30–120 minutes. */
  expiresInSeconds?: number;
  /** More signed attributes (name, plan, …); may not set user_id or exp. */
  claims?: Record<string, unknown>;
  /** ms since the epoch, like `Date.now()`; default now. */
  now?: number;
}

export interface VerifyMessengerJwtOptions {
  secret: string;
  /** ms since the epoch; default now. */
  now?: number;
  /** Clock skew allowed on exp (and nbf), default 0. */
  leewaySeconds?: number;
}

export interface VerifiedMessengerJwt {
  userId: string;
  email?: string;
  /** Unix seconds. */
  exp?: number;
  /** Every other claim of the payload (name, iat, custom attributes, …). */
  claims: Record<string, unknown>;
}

export interface UserHashOptions {
  secret: string;
  /** Hashed when given (it wins over email). */
  userId?: string | number;
  email?: string;
}
"#;

#[cfg(feature = "webhooks")]
#[wasm_bindgen(typescript_custom_section)]
const TS_CANVAS: &'static str = r#"
export interface VerifyCanvasRequestOptions {
  /** The raw request body, exactly as received (`await request.text()` or its bytes). */
  body: string | Uint8Array | ArrayBuffer;
  /** The X-Body-Signature header; missing or wrong resolves false. */
  signature: string | null | undefined;
  /** The app's OAuth client secret. */
  clientSecret: string;
  /** A body over this many bytes rejects with `payload_too_large` (413) before it is hashed; default 1 MiB. */
  maxBodyBytes?: number;
}
"#;

#[cfg(feature = "toolkit")]
#[wasm_bindgen(typescript_custom_section)]
const TS_SHEET: &'static str = r#"
export type DecryptSheetUserOptions =
  | { /** The `intercom_data` form field (a JSON string) of the open-sheet POST. */ intercomData: string | Record<string, unknown>; user?: undefined; clientSecret: string }
  | { /** The `user` value of intercom_data (base64). */ user: string; intercomData?: undefined; clientSecret: string };
"#;

#[cfg(feature = "webhooks")]
#[wasm_bindgen(typescript_custom_section)]
const TS_WEBHOOK: &'static str = r#"
export interface ReceiveWebhookOptions {
  /** The app's client secret; several during rotation (any may match); or one per app id. */
  clientSecret: string | string[] | Record<string, string | string[]>;
  /**
   * Default 5 MiB. A body over it rejects with `payload_too_large` (413): refused from its
   * `content-length`, or while it streams in (the rest is never read).
   */
  maxBodyBytes?: number;
}

/** What `receiveWebhook` resolves to. Times are Unix seconds, as Intercom sends them. */
export type WebhookEvent =
  | { kind: "check" }
  | {
      kind: "notification" | "ping";
      /** "notif_…"; null for ping. Deduplicate on it: deliveries can repeat. */
      id: string | null;
      topic: string;
      /** The workspace's id_code. */
      appId: string | null;
      /** `data.item`: the contact, conversation, … the notification is about. */
      item: Record<string, unknown> | null;
      deliveryAttempts: number | null;
      firstSentAt: number | null;
      createdAt: number | null;
      /** The whole parsed body. */
      raw: Record<string, unknown>;
    };
"#;

#[cfg(feature = "oauth")]
#[wasm_bindgen(typescript_custom_section)]
const TS_SEAL: &'static str = r#"
export interface SealTokenOptions {
  /** A secret of your own, at least 32 characters (e.g. 32 random bytes as hex). */
  key: string;
  /** Names the key inside the sealed string, for rotation; default "default". */
  keyId?: string;
}

export interface OpenTokenOptions {
  /** One key, or every key still in use by keyId. */
  keys: string | Record<string, string>;
}

export interface AppStoreRedirectOptions {
  ok: boolean;
  /** Shown to the admin when ok is false. */
  message?: string;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_ACTION: &'static str = r#"
/** What to do about an error: reinstall, add a permission, call support, retry, or fix the call. */
export type IntercomAction = "reconnect" | "grant_permission" | "contact_support" | "retry" | "fix_request";
"#;
