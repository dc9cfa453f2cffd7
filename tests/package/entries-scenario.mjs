// The subpath exports (intercom-edge/client, /oauth, /webhooks), in every runtime the root
// runs in: each loads its own wasm, carries exactly its exports, makes a real call against the
// mock, and rejects with the root's IntercomError class (one class across entries).
import { harness } from "./harness.mjs";

/** What each subpath exports (scripts/entries.mjs says why); `init` is in every entry. */
const SURFACE = {
  client: ["IntercomClient", "IntercomError", "init"],
  oauth: ["IntercomClient", "IntercomError", "appStoreRedirect", "authorizeUrl", "createState", "exchangeCode", "init",
    "openToken", "parseCallback", "sealToken", "stateCookie", "uninstall", "verifyIdentity", "verifyState"],
  webhooks: ["IntercomError", "init", "parseUninstallNotice", "receiveWebhook", "verifyCanvasRequest", "verifyWebhook"],
};
// /connections: /oauth's exports (its wasm) plus Connections and its stores.
SURFACE.connections = [...SURFACE.oauth, "Connections", "d1Store", "denoKvStore", "kvStore", "memoryStore", "postgresStore", "redisStore"].sort();

export async function runEntries(entries, root, config, runtime) {
  const { results, check, assert, rejection } = harness();
  const browser = /^(chromium|firefox)-/.test(runtime);
  const base = { baseUrl: config.url, dangerouslyAllowBrowser: true };
  const rootError = (e, code, what) => {
    assert(e instanceof root.IntercomError, `${what}: not the root's IntercomError: ${e?.stack ?? e}`);
    assert(e.code === code, `${what}: ${e.code}`);
  };

  for (const [name, pkg] of Object.entries(entries)) {
    await check(`${name}: exports exactly its surface; its IntercomError is the root's class`, async () => {
      const names = Object.keys(pkg).sort();
      assert(JSON.stringify(names) === JSON.stringify(SURFACE[name]), `${name} exports ${names.join(", ")}`);
      assert(pkg.IntercomError === root.IntercomError, "a second IntercomError class");
    });
  }

  const { client, oauth, webhooks } = entries;
  await check("client: listAdmins against the mock; a bad token is the root's IntercomError", async () => {
    const list = await new client.IntercomClient({ ...base, token: config.tokens.us.valid }).listAdmins();
    assert(list.type === "admin.list" && list.admins.length > 0, JSON.stringify(list).slice(0, 200));
    const e = await rejection(new client.IntercomClient({ ...base, token: "dG9rOm5vLXN1Y2gtdG9rZW4=" }).listAdmins());
    rootError(e, "unauthorized", "bad token");
    assert(e.status === 401, `status ${e.status}`);
  });

  await check("oauth: state round trip, consent, callback; the code exchange or its refusal", async () => {
    const secret = "state-secret-0123456789abcdef";
    const { client_id: clientId, client_secret: clientSecret } = config.oauth;
    const nonce = "entries-nonce-0123";
    const state = await oauth.createState({ secret, data: "/back", nonce });
    const tokenUrl = `${config.url}/auth/eagle/token`;
    if (browser) {
      // A page cannot follow the consent redirect (opaque); the secret-free steps, then the refusal.
      const cb = await oauth.parseCallback(`http://localhost/cb?code=c%3D&state=${state}`, { secret, nonce });
      assert(cb.code === "c=" && cb.data === "/back", JSON.stringify(cb));
      rootError(await rejection(oauth.exchangeCode({ code: cb.code, clientId, clientSecret, tokenUrl })), "browser_not_allowed", "browser exchange");
      return;
    }
    const url = new URL(oauth.authorizeUrl({ clientId, state, baseUrl: config.url }));
    url.searchParams.set("__consent", "authorize");
    url.searchParams.set("workspace", "us");
    const res = await fetch(url, { redirect: "manual" });
    assert(res.status === 302, `consent answered ${res.status}`);
    const cb = await oauth.parseCallback(res.headers.get("location"), { secret, nonce });
    assert(cb.data === "/back" && cb.code.length > 0, JSON.stringify({ ...cb, code: "…" }));
    const { token } = await oauth.exchangeCode({ code: cb.code, clientId, clientSecret, tokenUrl });
    const me = await new oauth.IntercomClient({ token, baseUrl: config.url }).me();
    oauth.verifyIdentity(me);
    const key = "token-key-0123456789abcdef0123456789";
    assert((await oauth.openToken(await oauth.sealToken(token, { key }), { keys: key })) === token, "seal round trip");
    rootError(await rejection(oauth.exchangeCode({ code: cb.code, clientId, clientSecret, tokenUrl })), "oauth_code_invalid", "code reuse");
  });

  await check("webhooks: the mock's signed delivery; a bad signature is the root's IntercomError (401)", async () => {
    const { body, signature } = config.webhook;
    const clientSecret = config.oauth.client_secret;
    const post = (sig) => new Request("http://127.0.0.1:9/webhooks", { method: "POST", body, headers: { "x-hub-signature": sig } });
    const event = await webhooks.receiveWebhook(post(signature), { clientSecret });
    assert(event.kind === "notification" && event.topic === "contact.created", JSON.stringify(event));
    assert((await webhooks.verifyWebhook({ body, signature, clientSecret })) === true, "verifyWebhook refused");
    const e = await rejection(webhooks.receiveWebhook(post("sha1=" + "0".repeat(40)), { clientSecret }));
    rootError(e, "webhook_signature_invalid", "bad signature");
    assert(e.status === 401, `status ${e.status}`);
    assert(webhooks.parseUninstallNotice('{"app_id":"mockapp01"}').appId === "mockapp01", "uninstall notice");
  });

  return results;
}
