// What every runtime must do with the installed package, against the mock over real HTTP.
// Runs unchanged in Node, Deno, Bun, workerd, an EdgeVM, a Chromium page and a worker:
// plain JS, no runtime APIs but fetch. Returns [{ name, ok, detail }].

import { runClient } from "./client-scenario.mjs";
import { runOAuth } from "./oauth-scenario.mjs";
import { runToolkit } from "./toolkit-scenario.mjs";
import { runEntries } from "./entries-scenario.mjs";
import { runHardeningInbound } from "./hardening-inbound-scenario.mjs";
import { runHardeningOutbound } from "./hardening-outbound-scenario.mjs";
import { runPages } from "./pages-scenario.mjs";
import { runConnections } from "./connections-scenario.mjs";
import { harness } from "./harness.mjs";

/** `pkg` is the root entry, `entries` the subpaths by name ({ client, oauth, webhooks, connections }). */
export async function run(pkg, config, runtime, entries) {
  const { IntercomClient, IntercomError } = pkg;
  const { results, check, assert } = harness();
  const base = { baseUrl: config.url, dangerouslyAllowBrowser: true };

  await check("listAdmins resolves to the admin.list", async () => {
    const list = await new IntercomClient({ ...base, token: config.tokens.us.valid }).listAdmins();
    assert(list.type === "admin.list", `type ${list.type}`);
    assert(Array.isArray(list.admins) && list.admins.length > 0, "no admins");
    assert(typeof list.admins[0].id === "string", "admin without id");
  });

  await check("sends Bearer, Accept and Intercom-Version; no mode or credentials", async () => {
    let seen;
    const spy = (url, init) => {
      seen = { url: String(url), init };
      return fetch(url, init);
    };
    await new IntercomClient({ ...base, token: config.tokens.us.valid, fetch: spy }).listAdmins();
    const h = seen.init.headers;
    assert(seen.url === `${config.url}/admins`, `url ${seen.url}`);
    assert(h.Authorization === `Bearer ${config.tokens.us.valid}`, "Authorization");
    assert(h.Accept === "application/json", "Accept");
    assert(h["Intercom-Version"] === "2.14", "Intercom-Version");
    for (const k of ["mode", "credentials", "cache", "redirect", "referrer"]) {
      assert(seen.init[k] === undefined, `RequestInit.${k} is set`);
    }
  });

  await check("an unknown token rejects with IntercomError 401 unauthorized", async () => {
    const bad = "dG9rOm5vLXN1Y2gtdG9rZW4=";
    let err;
    try {
      await new IntercomClient({ ...base, token: bad }).listAdmins();
    } catch (e) {
      err = e;
    }
    assert(err instanceof IntercomError, `not an IntercomError: ${err}`);
    assert(err instanceof Error, "not an Error");
    assert(err.status === 401 && err.code === "unauthorized", `${err.status} ${err.code}`);
    assert(typeof err.requestId === "string", "no requestId");
    assert(!JSON.stringify(err).includes(bad) && !String(err).includes(bad), "token leaked");
  });

  await check("odd input is an IntercomError, and the instance survives it", async () => {
    for (const input of [undefined, 42, "x", {}, { token: 7 }, { token: "a\nb" }]) {
      let err;
      try {
        new IntercomClient(input);
      } catch (e) {
        err = e;
      }
      assert(err instanceof IntercomError && err.code === "invalid_argument", `accepted ${JSON.stringify(input)}`);
    }
    const list = await new IntercomClient({ ...base, token: config.tokens.us.valid }).listAdmins();
    assert(list.admins.length > 0, "instance broken after bad input");
  });

  results.push(...(await runClient(pkg, config, runtime)));
  results.push(...(await runOAuth(pkg, config, runtime)));
  results.push(...(await runToolkit(pkg, config, runtime)));
  results.push(...(await runEntries(entries, pkg, config, runtime)));
  results.push(...(await runHardeningInbound(pkg, config, runtime)));
  results.push(...(await runHardeningOutbound(pkg, config, runtime)));
  results.push(...(await runPages(pkg, config, runtime)));
  if (entries.connections) results.push(...(await runConnections(entries.connections, pkg, config, runtime)));
  return results;
}
