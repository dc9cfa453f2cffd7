// The one error class of intercom-edge. Every rejection from the package is an instance,
// in every runtime, so `err instanceof IntercomError` and `err.code` are all a caller needs.
// Each entry's Node bundle (node.js, node.cjs) carries a copy of this file, so a cold start
// loads one module, not two: the first copy to run registers its class under a global symbol
// and every later copy (another entry, the CommonJS build, a second install) takes that one.
const registered = Symbol.for("intercom-edge.IntercomError");

class IntercomError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "IntercomError";
    if (fields) Object.assign(this, fields);
  }
}

const shared = globalThis[registered] ?? (globalThis[registered] = IntercomError);
export { shared as IntercomError };
