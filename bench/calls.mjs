// The calls the bench compares, shared by Node and the workerd worker so both run the same code:
// intercom-edge's listAdmins, intercom-client's admins.list, and a raw fetch + res.json(); and,
// for reference, that raw fetch with a per-call timeout as a careful caller writes it (an
// AbortController, its signal and a timer), which every intercom-edge call has.
export const CONTENDERS = ["intercom-edge", "intercom-client", "raw fetch", "raw fetch + timeout"];

/** One listAdmins call for `who`, bound to a client built once. `lib` is that package's module. */
export function makeCall(who, lib, { url, token }) {
  if (who === "intercom-edge") {
    const c = new lib.IntercomClient({ token, baseUrl: url });
    return () => c.listAdmins();
  }
  if (who === "intercom-client") {
    const c = new lib.IntercomClient({ token, baseUrl: url });
    return () => c.admins.list();
  }
  const init = { headers: { authorization: `Bearer ${token}`, accept: "application/json", "intercom-version": "2.14" } };
  if (who === "raw fetch + timeout") {
    return async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 20_000);
      try {
        return await (await fetch(`${url}/admins`, { ...init, signal: controller.signal })).json();
      } finally {
        clearTimeout(timer);
      }
    };
  }
  return () => fetch(`${url}/admins`, init).then((r) => r.json());
}

/** Memory runs go in rounds of 1,000 calls with a client built per round, as a Worker builds one
 *  per request; RSS is read after rounds 1, 10, 25, 40 and 50: the points between tell a plateau
 *  reached after warm-up (workerd's RSS steps up until ~30,000 calls, then stays) from a leak. */
export const ROUND = 1_000;
export const ROUNDS = 50;
export const MARKS = [1, 10, 25, 40, 50];
export async function round(who, lib, target) {
  const call = makeCall(who, lib, target);
  for (let i = 0; i < ROUND; i++) {
    const r = await call();
    if (i === 0 && !Array.isArray(r?.admins)) throw new Error(`not an admin list: ${JSON.stringify(r).slice(0, 200)}`);
  }
}
