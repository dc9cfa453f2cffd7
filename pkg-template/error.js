// The one error class of intercom-edge. Every rejection from the package is an instance,
// in every runtime, so `err instanceof IntercomError` and `err.code` are all a caller needs.
export class IntercomError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "IntercomError";
    if (fields) Object.assign(this, fields);
  }
}
