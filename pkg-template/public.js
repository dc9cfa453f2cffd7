// The package's public surface, shared by every entry file.
export { IntercomClient } from "./intercom_edge.js";
export { IntercomError } from "./error.js";
