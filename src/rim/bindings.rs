//! Private bindings to globals. Timers live in attempt.js (the per-attempt timeout and the
//! backoff wait), looked up on `globalThis` at call time: `window()` is `None` in workers and
//! Node, and wrongly `Some` in Deno.

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
