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
} from "./intercom_edge.js";
export { IntercomError } from "./error.js";
