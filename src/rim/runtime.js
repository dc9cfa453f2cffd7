// Which kind of JS runtime this is, and its environment: reads of the runtime's globals
// (src/rim/runtime.rs), done here because each read from wasm is a crossing and a string.
// Server runtimes are recognised first by their own globals: a `window` is no guide (Deno
// has one).

// True in a browser page or a browser worker: places where a credential would be handed to
// every visitor. False in Node, Deno, Bun, workerd and Vercel Edge.
export function isBrowser() {
  // Each read on its own: a getter that throws reads as absent.
  const get = (o, k) => {
    try {
      return o[k];
    } catch {}
  };
  const object = (v) => typeof v === "object" && v !== null;
  const g = globalThis;
  const process = get(g, "process");
  const navigator = get(g, "navigator");
  const server =
    object(get(g, "Deno")) ||
    object(get(g, "Bun")) ||
    typeof get(g, "EdgeRuntime") === "string" ||
    (object(navigator) && get(navigator, "userAgent") === "Cloudflare-Workers") ||
    (object(process) && object(get(process, "versions")) && typeof get(get(process, "versions"), "node") === "string");
  if (server) return false;
  return (object(get(g, "document")) && object(get(g, "window"))) || typeof get(g, "importScripts") === "function";
}

// The runtime's own environment as a plain object: `process.env` (Node, Bun, Deno's
// compatibility layer) or `Deno.env.toObject()`. Empty where neither is readable (browsers;
// Deno without --allow-env), never an exception.
export function processEnv() {
  try {
    const env = globalThis.process.env;
    if (typeof env === "object" && env !== null) return env;
  } catch {}
  try {
    return globalThis.Deno.env.toObject();
  } catch {}
  return {};
}
