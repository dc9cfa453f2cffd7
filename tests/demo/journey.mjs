// The demo's journey as a person walks it, asserting what the page shows at each step and
// saving a screenshot per step. Browser-neutral: `page` comes from tests/support/browsers.mjs.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Every mock token is base64("tok:…"); a page showing one (other than the advertised sample) leaked it.
const TOKEN_LIKE = /dG9rO[A-Za-z0-9+/=]{8,}/g;

/** Starts `make demo`'s server (www/serve.mjs), by default on a free port; resolves to { url, output(), stop() }. */
export async function startDemo({ port = 0 } = {}) {
  const child = spawn(process.execPath, ["www/serve.mjs", "--port", String(port)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stderr.on("data", (d) => (out += d));
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /intercom-edge demo: (http\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`www/serve.mjs exited ${code}:\n${out}`)));
  });
  return {
    url,
    output: () => out,
    stop: () => new Promise((resolve) => (child.exitCode != null ? resolve() : (child.once("exit", resolve), child.kill("SIGTERM")))),
  };
}

/**
 * Walks the journey in `page` against the demo at `url`. `shot(name)` saves a screenshot;
 * `showcase(page)` is called once at the richest moment (for docs/demo.png).
 * Returns [{ step, shows }] for the report.
 */
export async function journey(page, url, { shot = async () => {}, showcase = async () => {} } = {}) {
  const seen = [];
  const step = async (name, fn) => {
    const shows = await fn();
    await shot(name);
    seen.push({ step: name, shows });
  };
  const noTokenOnPage = async (sample) => {
    const leaked = ((await page.html()) ?? "").match(TOKEN_LIKE)?.filter((t) => t !== sample) ?? [];
    assert.deepEqual(leaked, [], "a token reached the page");
    assert.equal(await page.cookies(), "", "the page's script can read a cookie");
    assert.doesNotMatch(page.url(), TOKEN_LIKE);
  };
  let sample;

  await step("01-start", async () => {
    await page.goto(url);
    await page.waitText("#mode", /against the local mock Intercom/);
    assert.match(await page.text("#connect-oauth"), /Connect Intercom/);
    await page.waitText("#dashboard-status", /Not connected yet/);
    sample = (/token: (\S+)/.exec((await page.text("#sample-token")) ?? "") ?? [])[1];
    assert.ok(sample, "the mock's sample token is offered for the private-app path");
    return "Connect Intercom button, private-app token field, 'Not connected yet'";
  });

  await step("02-consent", async () => {
    await page.click("#connect-oauth");
    await page.waitText("h1", /Edge Mock App wants to access Acme Inc/);
    assert.ok(!page.url().startsWith(url), "the consent page is Intercom's (the mock's), not the worker's");
    return "the mock's consent page: 'Edge Mock App wants to access Acme Inc', Authorize / Cancel";
  });

  await step("03-dashboard", async () => {
    await page.click("#authorize");
    await page.waitText("#f-workspace", /^Acme Inc \(acmeus01\)$/);
    assert.equal(page.url(), url, "back on the demo, with no code or token in the URL");
    assert.equal(await page.text("#f-region"), "US");
    assert.match(await page.text("#f-admin"), /^Ada Lovelace <ada@acme\.example> ✓ email verified$/);
    assert.equal(await page.text("#f-version"), "2.14");
    assert.match(await page.text("#f-latency"), /^\d+ ms$/);
    assert.match(await page.text("#f-ratelimit"), /^\d+ of 1000$/);
    assert.equal(await page.text("#f-kind"), "OAuth (public app)");
    const admins = await page.rows("#admins");
    assert.deepEqual(admins.map((r) => r[0]), ["Ada Lovelace", "Grace Hopper", "Unverified Ursula"]);
    await noTokenOnPage(sample);
    return "Acme Inc (acmeus01), US, Ada Lovelace ✓ email verified, 2.14, N ms, N of 1000, 3 admins";
  });

  await step("04-webhooks", async () => {
    await page.click('#webhook-actions [data-kind="notification"]');
    await page.waitText("#deliveries tbody", /accepted.*contact\.user\.created.*acmeus01/s);
    await page.click('#webhook-actions [data-kind="ping"]');
    await page.waitText("#deliveries tbody tr:first-child", /acceptedpingacmeus01ping answered/);
    await page.click('#webhook-actions [data-kind="tampered"]');
    await page.waitText("#deliveries tbody tr:first-child", /refusedcontact\.user\.createdacmeus01webhook_signature_invalid/);
    const results = (await page.rows("#deliveries")).map((r) => `${r[1]} ${r[2]}`);
    assert.deepEqual(results, ["refused contact.user.created", "accepted ping", "accepted contact.user.created"]);
    return "live log: accepted contact.user.created, accepted ping, refused tampered one (webhook_signature_invalid)";
  });

  await step("05-messenger", async () => {
    await page.click("#sign");
    await page.waitText("#identity-status", /^Signed for user-1042; valid until /);
    const claims = Object.fromEntries(await page.rows("#claims"));
    assert.deepEqual(Object.keys(claims).sort(), ["email", "exp", "name", "plan", "user_id"]);
    assert.equal(claims.user_id, "user-1042");
    assert.equal(claims.email, "sam.sample@example.com");
    assert.match(claims.exp, /^\d{10} \(/);
    assert.match(await page.text("#user-hash"), /^[0-9a-f]{64}$/);
    assert.match(await page.text("#snippet"), /^window\.intercomSettings = \{\n  app_id: "acmeus01",\n  intercom_user_jwt: "eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+",\n\};$/);
    await showcase(page);
    return "claims user_id user-1042, email, name, plan, exp; a 64-hex user_hash; window.intercomSettings with intercom_user_jwt";
  });

  await step("06-revoked", async () => {
    await page.click("#revoke");
    await page.waitText("#dashboard-status", /The mock revoked the token/);
    await page.click("#refresh");
    await page.waitText("#notice-code", /^token_revoked$/);
    assert.equal(await page.text("#notice-title"), "The connection to Intercom is broken");
    assert.match(await page.text("#notice-hint"), /^What to do: .{10,}/);
    assert.match(await page.text("#notice-action"), /^Action: reconnect — /);
    assert.equal(await page.shown("#reconnect"), true, "a Reconnect button");
    assert.equal(await page.shown("#facts"), false, "stale workspace facts are gone");
    return "alert: 'The connection to Intercom is broken', token_revoked, the hint, action reconnect, a Reconnect button";
  });

  await step("07-denied", async () => {
    await page.click("#reconnect");
    await page.waitText("h1", /wants to access/);
    await page.click("#cancel");
    await page.waitText("#notice-code", /^oauth_denied$/);
    assert.equal(await page.text("#notice-title"), "Access was not granted");
    assert.equal(page.url(), url);
    return "alert: 'Access was not granted', oauth_denied";
  });

  await step("08-private-app", async () => {
    await page.fill("#private-token", "dG9rOm5vdC1hLXJlYWwtdG9rZW4=");
    await page.click("#private-verify");
    await page.waitText("#notice-code", /^unauthorized$/);
    assert.equal(await page.text("#notice-title"), "The token was refused");
    assert.equal(await page.value("#private-token"), "", "the page forgets the pasted token");
    await page.fill("#private-token", sample);
    await page.click("#private-verify");
    await page.waitText("#f-kind", /^access token \(private app\)$/);
    assert.equal(await page.shown("#notice"), false);
    assert.equal(await page.text("#f-workspace"), "Acme Inc (acmeus01)");
    assert.equal(await page.value("#private-token"), "");
    return "wrong token → 'The token was refused', unauthorized; the mock's token → dashboard, 'access token (private app)'";
  });

  await step("09-disconnected", async () => {
    await page.click("#disconnect");
    await page.waitText("#dashboard-status", /Disconnected: the worker called uninstall and forgot the token\. The next call with the old token got token_revoked \(401\)\./);
    assert.equal(await page.shown("#facts"), false);
    // Intercom's uninstall notice reaches the worker too (X-Body-Signature checked).
    await page.waitText("#deliveries tbody tr:first-child", /accepteduninstallacmeus01/);
    assert.equal(await page.disabled("#refresh"), true, "nothing left to refresh");
    return "'Disconnected … the next call with the old token got token_revoked (401)'; the log shows the accepted uninstall notice";
  });

  // Many workspaces (Connections): the same app installed by a US and an EU workspace at once.
  const workspaceRows = async () => (await page.rows("#workspaces")).map((r) => r.slice(0, 4).join(" | "));
  const onRow = (action, id) => page.click(`#workspaces button[data-action="${action}"][data-id="${id}"]`);

  await step("10-two-workspaces", async () => {
    // Disconnect (09) uninstalled Acme Inc, and its uninstall notice removed it from the list.
    await page.waitText("#workspaces-status", /^None yet\.$/);
    await page.click("#connect-oauth");
    await page.waitText("h1", /wants to access Acme Inc/);
    await page.click("#authorize");
    await page.waitText("#workspaces tbody", /Acme Inc/);
    await page.click("#connect-oauth");
    await page.waitText("h1", /wants to access/);
    await page.click('input[name="workspace"][value="eu"]');
    await page.click("#authorize");
    await page.waitText("#workspaces tbody", /Bergen AS/);
    assert.deepEqual(await workspaceRows(), ["Acme Inc | acmeus01 | US | connected", "Bergen AS | bergeu02 | EU | connected"]);
    await page.waitText("#workspaces-status", /^2 connected\.$/);
    await noTokenOnPage(sample);
    return "two workspaces at once: Acme Inc (acmeus01, US) and Bergen AS (bergeu02, EU), both connected";
  });

  await step("11-webhook-by-app-id", async () => {
    await onRow("webhook", "bergeu02");
    await page.waitText("#deliveries tbody tr:first-child", /acceptedcontact\.user\.createdbergeu02signature validBergen AS/);
    await onRow("webhook", "acmeus01");
    await page.waitText("#deliveries tbody tr:first-child", /acceptedcontact\.user\.createdacmeus01signature validAcme Inc/);
    return "a notification for app_id bergeu02 reaches Bergen AS, one for acmeus01 reaches Acme Inc";
  });

  await step("12-revoke-one", async () => {
    await onRow("revoke", "bergeu02");
    await onRow("check", "bergeu02");
    await page.waitText("#workspaces tbody", /bergeu02 ?EU ?reconnect_needed/);
    await onRow("check", "acmeus01");
    assert.deepEqual(await workspaceRows(), ["Acme Inc | acmeus01 | US | connected", "Bergen AS | bergeu02 | EU | reconnect_needed"]);
    await page.waitText("#workspaces-status", /^2 connected, 1 needing a reconnect\.$/);
    return "Bergen AS's token revoked at the mock: its check marks it reconnect_needed; Acme Inc stays connected";
  });

  await step("13-uninstall-one", async () => {
    await onRow("disconnect", "acmeus01");
    await page.waitText("#deliveries tbody tr:first-child", /accepteduninstallacmeus01.*Acme Inc: removed|accepteduninstallacmeus01.*not connected/);
    assert.deepEqual(await workspaceRows(), ["Bergen AS | bergeu02 | EU | reconnect_needed"]);
    await noTokenOnPage(sample);
    return "Acme Inc disconnected (uninstalled, its notice logged): only Bergen AS is left, still reconnect_needed";
  });

  await step("14-phone-width", async () => {
    await page.setSize(390, 844);
    await page.waitText("#workspaces-status", /^1 connected, 1 needing a reconnect\.$/);
    const overflow = await page.run(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, "no sideways scrolling at 390 px");
    const narrowest = await page.run(() => Math.min(...[...document.querySelectorAll("section")].map((s) => s.getBoundingClientRect().width)));
    assert.ok(narrowest > 300, `sections use the width (${narrowest}px)`);
    return "one column, no sideways scrolling at 390 px";
  });

  assert.deepEqual(page.errors, [], "no script errors on the page");
  return seen;
}
