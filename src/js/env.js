// IntercomClient.fromEnv's options from environment variables (src/js/env.rs), read in one
// call: from wasm each variable was a crossing with its name copied out.
// Option ← variable, in order of preference: the first non-empty one sets an option.
const VARIABLES = [
  ["token", "INTERCOM_ACCESS_TOKEN"],
  ["token", "INTERCOM_API_KEY"],
  ["region", "INTERCOM_REGION"],
  ["version", "INTERCOM_VERSION"],
  ["baseUrl", "INTERCOM_BASE_URL"],
];

// The options object, `overrides` copied over it as Object.assign would. Otherwise: the name
// of a variable that cannot be read or is not a string (Rust reads it again to word the
// error), or false when `overrides` cannot be read.
export function envOptions(env, overrides) {
  const options = {};
  for (const [key, name] of VARIABLES) {
    if (key in options) continue;
    let value;
    try {
      value = env[name];
    } catch {
      return name;
    }
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") return name;
    if (value) options[key] = key === "region" ? value.toLowerCase() : value;
  }
  try {
    if (typeof overrides === "object" && overrides !== null) Object.assign(options, overrides);
  } catch {
    return false;
  }
  return options;
}
