// A request's `query` encoded by the platform's URLSearchParams (src/js/encode.rs), in one
// call: read from wasm, each key, value and array item was a crossing of its own.
// `{ per_page: 50, tags: ["a", "b"] }` → "?per_page=50&tags=a&tags=b" ("" for none). A number
// is written as JS writes it ("0.5", "1e+21"); null and undefined items are left out.
// Otherwise: [key] for a value that is not a string, finite number, boolean or an array of
// them; false when the object cannot be read (a throwing getter or Proxy); null without
// URLSearchParams. Rust words each as an IntercomError.
export function queryString(query) {
  if (typeof URLSearchParams !== "function") return null;
  const params = new URLSearchParams();
  try {
    for (const [key, value] of Object.entries(query)) {
      for (const v of Array.isArray(value) ? Array.from(value) : [value]) {
        if (v === undefined || v === null) continue;
        const type = typeof v;
        if (!(type === "string" || type === "boolean" || (type === "number" && Number.isFinite(v)))) return [key];
        params.append(key, String(v));
      }
    }
  } catch {
    return false;
  }
  const text = params.toString();
  return text && "?" + text;
}
