// The package's public surface, shared by every entry file.
export {
  IntercomClient,
  authorizeUrl,
  createState,
  verifyState,
  stateCookie,
  parseCallback,
  exchangeCode,
  uninstall,
  verifyIdentity,
  verifyWebhook,
  parseUninstallNotice,
  messengerJwt,
  verifyMessengerJwt,
  userHash,
  verifyCanvasRequest,
  decryptSheetUser,
  receiveWebhook,
  sealToken,
  openToken,
  appStoreRedirect,
} from "./intercom_edge.js";
export { IntercomError } from "./error.js";
