// Stands in for the wasm exports until the wasm is loaded, so a call made too early (the browser
// entry before `await init()`) is an IntercomError that says what to do, not a TypeError about
// `undefined` from inside the glue.
import { IntercomError } from "./error.js";

/** The IntercomError for "the wasm is not loaded": `code: "not_initialized"`. */
export function notInitializedError(message, hint) {
  return new IntercomError(message, {
    code: "not_initialized",
    status: null,
    requestId: null,
    errors: [],
    rateLimit: null,
    retryable: false,
    hint,
  });
}

export const notInitialized = new Proxy(
  {},
  {
    get() {
      throw notInitializedError(
        "intercom-edge is not initialized: call `await init()` (exported by intercom-edge) once before the first call. Only the browser entry needs it; Node, Deno, Bun, workerd and Vercel Edge load by themselves.",
        'await init() from "intercom-edge" before the first call',
      );
    },
  },
);
