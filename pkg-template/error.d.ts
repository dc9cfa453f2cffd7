import type { IntercomAction, IntercomErrorItem, RateLimit } from "./intercom_edge.js";

/** Intercom's first error code, or one of ours. Other Intercom codes may appear. */
export type IntercomErrorCode =
  | "unauthorized" | "token_revoked" | "token_blocked" | "token_suspended" | "token_not_found"
  | "token_unauthorized" | "token_expired" | "missing_authorization" | "forbidden" | "action_forbidden"
  | "api_plan_restricted" | "not_found" | "admin_not_found" | "intercom_version_invalid"
  | "rate_limit_exceeded" | "server_error" | "bad_request" | "parameter_invalid" | "parameter_not_found"
  | "oauth_state_invalid" | "oauth_state_expired" | "oauth_state_mismatch" | "oauth_code_missing" | "oauth_denied"
  | "oauth_code_invalid" | "email_not_verified" | "crypto_unavailable"
  | "jwt_invalid" | "jwt_expired" | "sheet_invalid" | "webhook_signature_invalid" | "webhook_invalid" | "token_seal_invalid"
  | "payload_too_large"
  | "timeout" | "aborted" | "network_error" | "invalid_response" | "invalid_argument" | "browser_not_allowed"
  | "not_initialized" | "not_connected"
  | "response_too_large" | "client_closed"
  | (string & {});

export declare class IntercomError extends Error {
  constructor(message?: string, fields?: Partial<Omit<IntercomError, "name" | "message">>);
  readonly name: "IntercomError";
  code: IntercomErrorCode;
  /**
   * HTTP status, or null when no answer came (timeout, network, bad argument). The install
   * flow's refusals carry the status a worker can answer with as it is: 400 for a bad, expired
   * or mismatched state and a callback without a code (`oauth_state_*`, `oauth_code_missing`),
   * 403 for a denied install (`oauth_denied`).
   */
  status: number | null;
  requestId: string | null;
  /** Intercom's `errors[]`, verbatim. */
  errors: IntercomErrorItem[];
  rateLimit: RateLimit | null;
  /** True when the same call may succeed later (408, 429, 5xx, timeout, network). */
  retryable: boolean;
  /** One line on what to do. */
  hint: string;
  /** The class of remedy: reconnect, grant_permission, contact_support, retry or fix_request. */
  action: IntercomAction;
  /** The start of a body that was not Intercom JSON. */
  excerpt?: string;
}
