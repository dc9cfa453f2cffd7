export {
  IntercomClient, authorizeUrl, createState, verifyState, stateCookie, parseCallback, exchangeCode, uninstall,
  verifyIdentity, verifyWebhook, parseUninstallNotice,
  messengerJwt, verifyMessengerJwt, userHash, verifyCanvasRequest, decryptSheetUser, receiveWebhook, sealToken, openToken,
  appStoreRedirect,
} from "./intercom_edge.js";
export type {
  IntercomClientOptions, CallOptions, RequestOptions, RateLimit, Admin, AdminList, AdminWithApp, App, Avatar,
  IntercomErrorItem, ConnectionResult, AuthorizeUrlOptions, CreateStateOptions, VerifyStateOptions, VerifiedState,
  StateCookieOptions, ParseCallbackOptions, OAuthCallback, ExchangeCodeOptions, OAuthToken, UninstallOptions,
  VerifyWebhookOptions,
  MessengerJwtOptions, VerifyMessengerJwtOptions, VerifiedMessengerJwt, UserHashOptions, VerifyCanvasRequestOptions,
  DecryptSheetUserOptions, ReceiveWebhookOptions, WebhookEvent, SealTokenOptions, OpenTokenOptions, AppStoreRedirectOptions,
  IntercomAction,
} from "./intercom_edge.js";
export { IntercomError, type IntercomErrorCode } from "./error.js";

/**
 * Loads the wasm. Needed once in browsers (before the first call); a no-op in Node, Deno,
 * Bun, workerd and Vercel Edge, where the package loads synchronously.
 */
export function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
