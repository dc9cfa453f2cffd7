// The tiny test harness every scenario uses: plain JS, so it runs in every runtime.

export function harness() {
  const results = [];
  return {
    results,
    /** Runs one named case; a throw marks it failed with the stack. */
    async check(name, fn) {
      try {
        await fn();
        results.push({ name, ok: true });
      } catch (err) {
        results.push({ name, ok: false, detail: String(err?.stack ?? err) });
      }
    },
    assert(cond, msg) {
      if (!cond) throw new Error(msg);
    },
    /** The rejection of `promise`; fails if it resolves. */
    async rejection(promise) {
      try {
        await promise;
      } catch (e) {
        return e;
      }
      throw new Error("expected a rejection");
    },
    /** What `fn` throws; fails if it returns. */
    thrown(fn) {
      try {
        fn();
      } catch (e) {
        return e;
      }
      throw new Error("expected a throw");
    },
  };
}
