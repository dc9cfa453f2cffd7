// One IntercomClient call's JS plumbing (src/js/flight.rs, src/rim/transport.rs): the loop
// that awaits each step, one fetch attempt, the wait between attempts, following the caller's
// signal. Each wasm↔JS crossing (string copies, closures, property sets) cost more than the
// work it did. Only rim work here; Rust classifies what comes back and makes every decision.
// Few snippet files on purpose (this, runtime.js, query.js): with five, wasm-bindgen-test's
// server left a Chromium test page loading for good in 2 runs of 6.

// The awaiting for one IntercomClient call: Rust makes every step and decision synchronously;
// this loop only awaits the promise each step hands back (a fetch attempt or a backoff) and
// passes what it settled with to the next. Done in JS so the wasm needs no async executor, and
// each settled promise costs one crossing, not a task wake-up.
export async function drive(flight) {
  try {
    for (let pending, outcome; (pending = flight.step(outcome)) !== undefined; ) {
      // A call's promises never reject; one a task awaits may, and is read as undefined.
      try {
        outcome = await pending;
      } catch {
        outcome = undefined;
      }
    }
    // The call's value, or its IntercomError thrown.
    return flight.result();
  } finally {
    flight.free();
  }
}

// The response headers Rust reads, by position (transport.rs `HEADERS`, checked by its test).
const NAMES = ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-request-id"];

// One fetch attempt. `head` is method, URL, then header names and values, NUL-separated (none
// can hold a NUL; see transport.rs); `body` is the body text or undefined; `maxBytes` the most
// of the answer's body read (Rust's limit).
// Resolves, never rejects, to [0, status, body, ...header values], [1, timedOut, error] or,
// when the body passed `maxBytes`, [2, status].
// One async function with one closure on the platform's path: the IIFE, `race` and `release`
// closures it had cost 8–13 µs a call over HTTP in Node 20 (issue 12).
export async function attempt(custom, head, body, signal, timeoutMs, maxBytes) {
  const parts = head.split("\0");
  const headers = {};
  for (let i = 2; i + 1 < parts.length; i += 2) headers[parts[i]] = parts[i + 1];
  // Only method, headers, body and signal: workerd rejects `mode` and `credentials`.
  const init = { method: parts[0], headers };
  if (body !== undefined) init.body = body;

  let controller;
  let timedOut = false;
  let timer;
  let follow;
  let stopped;
  let reject;
  try {
    controller = new AbortController();
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  } catch {}
  if (controller) {
    if (signal) {
      follow = () => controller.abort();
      try {
        signal.addEventListener("abort", follow);
      } catch {
        follow = undefined;
      }
    }
    // Rejects once our controller aborts (timeout or the caller's signal): a custom fetch, or
    // its body, that ignores the signal must not keep the call from ending (found by fuzzing).
    // The platform's fetch ends its promise and its body read on abort (the package test's
    // stalled body, every runtime); racing it too cost 6–17 µs a call (issue 12).
    if (custom) {
      stopped = new Promise((_, r) => (reject = r));
      controller.signal.addEventListener("abort", reject);
    }
    init.signal = controller.signal;
  }
  try {
    const url = parts[1];
    const res = await (custom ? Promise.race([Promise.resolve(custom.call(undefined, url, init)), stopped]) : fetch(url, init));
    // Read defensively: a custom fetch may resolve to anything, with throwing getters.
    let status;
    let h;
    try {
      status = res.status;
    } catch {}
    try {
      h = res.headers;
    } catch {}
    const out = [0, status, undefined];
    for (const name of NAMES) {
      let v;
      try {
        v = h.get(name);
      } catch {}
      out.push(typeof v === "string" ? v : undefined);
    }
    // Not a Response (ResponseHead::read rejects it): its body is never asked for.
    if (!(typeof status === "number" && status >= 100 && status <= 599)) return out;
    // A HEAD answer's content-length is the GET's; it has no body to bound.
    const text = await read(res, h, parts[0] === "HEAD" ? Infinity : maxBytes, custom && stopped);
    if (text === undefined) return [2, status];
    out[2] = text;
    return out;
  } catch (error) {
    return [1, timedOut, error];
  } finally {
    // Removed however the attempt ends. Left on our signal, the listener keeps the settled
    // races (the Response, the body text) reachable from the signal, which Node's fetch holds
    // in a FinalizationRegistry until a later GC: the heap grew to ~160 MB between forced GCs
    // over 25,000 calls (commit 5db62f3).
    try {
      clearTimeout(timer);
    } catch {}
    if (follow) signal.removeEventListener("abort", follow);
    if (reject) controller.signal.removeEventListener("abort", reject);
  }
}

// The body as text, or undefined once it passes `max` bytes. A platform answer that declares
// its length, uncompressed and within `max`, is read whole with text(): the common case, at
// the old speed (the platform holds it to its content-length). Any other is read chunk by
// chunk and cancelled as soon as the count passes `max`, so memory holds at most `max` plus
// one chunk. A custom fetch's answer without a body stream is read whole, then measured.
// `stopped` (custom fetch only) ends a read the custom body does not end on abort.
async function read(res, h, max, stopped) {
  let length, encoding, stream;
  try {
    length = h.get("content-length");
    encoding = h.get("content-encoding");
  } catch {}
  if (length != null && +length > max) {
    try {
      res.body.cancel().catch(() => {});
    } catch {}
    return;
  }
  const race = (p) => (stopped ? Promise.race([Promise.resolve(p), stopped]) : p);
  if (!stopped && length != null && !encoding) return res.text();
  try {
    stream = res.body;
  } catch {}
  if (!stream || typeof stream.getReader !== "function") {
    const text = await race(res.text());
    return typeof text === "string" && text.length > max ? undefined : text;
  }
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (let n = 0; ; ) {
    const { done, value } = await race(reader.read());
    if (done) return text + decoder.decode();
    n += value.byteLength;
    if (!(n <= max)) {
      reader.cancel().catch(() => {});
      return;
    }
    text += decoder.decode(value, { stream: true });
  }
}

// The wait between attempts: resolves after `ms`, or as soon as `signal` (our own, see
// js/options.rs) aborts, so a caller's abort does not sit out a backoff. Never rejects;
// without timers it resolves at once.
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    let timer;
    const done = () => {
      try {
        clearTimeout(timer);
      } catch {}
      if (signal) signal.removeEventListener("abort", done);
      resolve();
    };
    if (!(ms > 0) || (signal && signal.aborted)) return resolve();
    try {
      timer = setTimeout(done, ms);
    } catch {
      return resolve();
    }
    if (signal) signal.addEventListener("abort", done);
  });
}

// A call's `signal`, followed by an AbortSignal of our own (js/options.rs). The caller's
// object is read here once, with catching reads: a getter that throws later (found by
// fuzzing) must not throw through the wasm. Returns [ownSignal, release], or undefined when
// `signal` is not an AbortSignal; `release` stops following.
export function follow(signal) {
  let aborted, add, own;
  try {
    // Duck-typed: AbortSignal classes differ across realms (EdgeVM) and polyfills.
    aborted = signal.aborted;
    add = signal.addEventListener;
    own = new AbortController();
  } catch {}
  if (typeof aborted !== "boolean" || typeof add !== "function" || !own) return;
  if (aborted) {
    own.abort();
    return [own.signal];
  }
  const forward = () => own.abort();
  try {
    add.call(signal, "abort", forward);
  } catch {
    return;
  }
  return [
    own.signal,
    () => {
      try {
        signal.removeEventListener("abort", forward);
      } catch {}
    },
  ];
}

// paginate(): an async iterable of a list's items. `flight` (js/flight.rs) is stepped as
// `drive` steps a call, one page at a time; its result is the page's items, or undefined once
// the paging is over. One page is held at a time; `break` ends the generator, which frees it.
export async function* pages(flight) {
  try {
    for (let items; ; ) {
      for (let pending, outcome; (pending = flight.step(outcome)) !== undefined; ) outcome = await pending;
      if ((items = flight.result()) === undefined) return;
      for (const item of items) yield item;
    }
  } finally {
    flight.free();
  }
}

// What a page's answer says, read in one crossing for protocol/pagination.rs: its array members'
// names (NUL-separated), pages.next.starting_after, pages.page, pages.total_pages, scroll_param (each
// undefined when absent or of another type). `answer` is JSON.parse's, so reading cannot throw.
export function pageOf(answer) {
  const o = (v) => (v !== null && typeof v === "object" ? v : {});
  const str = (v) => (typeof v === "string" ? v : undefined);
  const num = (v) => (typeof v === "number" ? v : undefined);
  const a = o(answer);
  const p = o(a.pages);
  return [Object.keys(a).filter((k) => Array.isArray(a[k])).join("\0"), str(o(p.next).starting_after), num(p.page), num(p.total_pages), str(a.scroll_param)];
}

// A search's body for one page as JSON text: the caller's, its `pagination` given the page size
// and cursor; undefined when it cannot be read or written (a throwing getter, a cycle).
export function pagedBody(body, perPage, startingAfter) {
  try {
    const pagination = { ...body.pagination };
    if (perPage !== undefined) pagination.per_page = perPage;
    if (startingAfter !== undefined) pagination.starting_after = startingAfter;
    return JSON.stringify({ ...body, pagination });
  } catch {}
}
