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

// An IntercomClient method reached with a `this` that is not a live client: unbound
// (`const f = client.listAdmins; f()`), or after `free()` (or the end of a `using` block).
// The glue would pass no pointer, or 0, to the wasm, which throws a plain Error; each method's
// pointer read goes through here instead (scripts/entries.mjs `guardReceivers`).
export function receiver(self, cls) {
  const ptr = self instanceof cls ? self.__wbg_ptr : undefined;
  if (ptr) return ptr;
  const closed = ptr === 0;
  throw new IntercomError(
    closed
      ? "This IntercomClient was freed (free() was called, or its `using` block ended): make a new one"
      : "An IntercomClient method was called without its client: call it as client.method(), or bind it (client.listAdmins.bind(client))",
    {
      code: closed ? "client_closed" : "invalid_argument",
      status: null,
      requestId: null,
      errors: [],
      rateLimit: null,
      retryable: false,
      hint: closed ? "Do not use a client after free(); make a new IntercomClient." : "Call methods on the client, or pass a bound function.",
      action: "fix_request",
    },
  );
}
