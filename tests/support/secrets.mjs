// The secret scan: every secret a suite used, searched for in everything a user or an
// operator could see (errors and their fields, stacks, toString, JSON.stringify, console
// output, the mock's request log and the URLs it saw). Zero hits is the only pass.

export function secretScanner(secrets) {
  const list = [...new Set(secrets.filter((s) => typeof s === "string" && s.length >= 8))];
  // Also the encodings a leak would take on its way into a URL, a JSON string or Basic auth.
  const basic = (s) => btoa(String.fromCharCode(...new TextEncoder().encode(`${s}:`))).slice(0, -4);
  const forms = list.map((s) => [s, ...new Set([encodeURIComponent(s), JSON.stringify(s).slice(1, -1), basic(s)])].filter((f) => f.length >= 8));
  const hits = [];
  let observed = 0;
  let bytes = 0;
  /** Search `text` (what `where` shows) for every secret. */
  function scan(where, text) {
    if (typeof text !== "string" || text === "") return;
    observed++;
    bytes += text.length;
    list.forEach((s, i) => {
      if (forms[i].some((form) => text.includes(form))) hits.push({ where, secret: `${s.slice(0, 3)}…(${s.length} chars)` });
    });
  }
  /** Everything observable about a value a call threw, rejected or resolved with. */
  function scanValue(where, v) {
    if (v === null || v === undefined) return;
    const safe = (f) => {
      try {
        return f();
      } catch {
        return "";
      }
    };
    scan(`${where} String()`, safe(() => String(v)));
    scan(`${where} JSON`, safe(() => JSON.stringify(v)));
    if (typeof v === "object") {
      for (const k of ["message", "hint", "stack", "excerpt", "code", "requestId"]) scan(`${where}.${k}`, safe(() => String(v[k] ?? "")));
      scan(`${where}.errors`, safe(() => JSON.stringify(v.errors ?? null)));
      scan(`${where} toString`, safe(() => v.toString()));
      if (v.error) scanValue(`${where}.error`, v.error);
    }
  }
  /** Captures console output for the scan; returns a function that restores the console. */
  function captureConsole() {
    const saved = {};
    for (const m of ["log", "info", "warn", "error", "debug", "trace"]) {
      saved[m] = console[m];
      console[m] = (...args) => {
        scan(`console.${m}`, args.map((a) => (typeof a === "string" ? a : safeJson(a))).join(" "));
        saved[m].apply(console, args);
      };
    }
    return () => Object.assign(console, saved);
  }
  return {
    scan,
    scanValue,
    captureConsole,
    /** The mock's log: paths, queries, headers and kept bodies of every request it saw. */
    scanMock(mock, where = "mock request log") {
      for (const entry of mock.requests()) scan(where, JSON.stringify(entry));
    },
    report: () => ({ secrets: list.length, observed, bytes, hits }),
  };
}

function safeJson(v) {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    try {
      return String(v);
    } catch {
      return "";
    }
  }
}

/** Every token of the mock's scenario (`mock.tokens` nests them by workspace). */
export function allTokens(tokens) {
  return typeof tokens === "string" ? [tokens] : Object.values(tokens ?? {}).flatMap(allTokens);
}
