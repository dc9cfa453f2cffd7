// The demo page: asks the worker, shows what it answers. It never holds a token.
const $ = (id) => document.getElementById(id);
const text = (id, value) => ($(id).textContent = value ?? "—");

async function api(path, body) {
  const init = body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const res = await fetch(path, { ...init, credentials: "same-origin" });
  return res.json().catch(() => ({ ok: false, error: { code: "internal", message: `The worker answered ${res.status}.` } }));
}

const ACTIONS = {
  reconnect: "the token no longer works: install the app again.",
  grant_permission: "grant the missing permission in the app's settings, then reconnect.",
  contact_support: "contact Intercom support: the app or workspace is blocked.",
  retry: "try again in a moment.",
  fix_request: "the request itself is wrong: a bug on the calling side.",
};

function showNotice(title, error) {
  text("notice-title", title);
  text("notice-code", error.code);
  text("notice-message", error.message);
  $("notice-hint").textContent = error.hint ? `What to do: ${error.hint}` : "";
  $("notice-action").textContent = error.action ? `Action: ${error.action} — ${ACTIONS[error.action] ?? ""}` : "";
  $("reconnect").hidden = error.action !== "reconnect";
  $("notice").hidden = false;
}
const hideNotice = () => ($("notice").hidden = true);

function setConnected(connected) {
  for (const id of ["refresh", "disconnect"]) $(id).disabled = !connected;
  $("revoke").disabled = !connected || $("revoke").dataset.unavailable === "true";
}

function showDashboard(d) {
  const verified = d.admin.emailVerified
    ? Object.assign(document.createElement("span"), { className: "verified", textContent: " ✓ email verified" })
    : Object.assign(document.createElement("span"), { className: "unverified", textContent: " ✗ email not verified" });
  text("f-workspace", `${d.workspace.name} (${d.workspace.id})`);
  text("f-region", d.workspace.region.toUpperCase());
  $("f-admin").replaceChildren(`${d.admin.name} <${d.admin.email}>`, verified);
  text("f-version", d.apiVersion);
  text("f-latency", `${d.latencyMs} ms`);
  text("f-ratelimit", d.rateLimit ? `${d.rateLimit.remaining} of ${d.rateLimit.limit}` : "not reported");
  text("f-kind", d.kind === "oauth" ? "OAuth (public app)" : "access token (private app)");
  const rows = d.admins.map((a) => {
    const tr = document.createElement("tr");
    for (const v of [a.name, a.email, a.jobTitle, a.id]) tr.append(Object.assign(document.createElement("td"), { textContent: v ?? "" }));
    return tr;
  });
  $("admins").tBodies[0].replaceChildren(...rows);
  $("admins").hidden = false;
  $("facts").hidden = false;
  text("dashboard-status", `Connected to ${d.workspace.name}. Checked at ${new Date().toLocaleTimeString()}.`);
  hideNotice();
  setConnected(true);
}

function clearDashboard(status) {
  $("facts").hidden = true;
  $("admins").hidden = true;
  text("dashboard-status", status);
}

async function refresh() {
  $("dashboard").setAttribute("aria-busy", "true");
  const d = await api("/api/dashboard");
  $("dashboard").setAttribute("aria-busy", "false");
  if (d.ok) return showDashboard(d);
  if (d.error?.code === "not_connected") return clearDashboard("Not connected yet.");
  clearDashboard(`The worker could not use the connection: ${d.error?.code}.`);
  showNotice("The connection to Intercom is broken", d.error);
  setConnected(true);
}

const FLASH_TITLES = { oauth_denied: "Access was not granted" };

async function start() {
  const state = await api("/api/state");
  const mock = state.mode === "mock";
  $("mode").textContent = mock ? "against the local mock Intercom" : "against Intercom";
  $("revoke").dataset.unavailable = String(!mock);
  $("revoke").hidden = !mock;
  $("webhook-actions").hidden = !mock;
  if (mock && state.sampleToken) $("sample-token").textContent = `The mock's Acme Inc token: ${state.sampleToken}`;
  setConnected(Boolean(state.connected));
  if (state.connected) await refresh();
  // After the dashboard: what just happened at the consent page matters more than an old failure.
  if (state.flash) showNotice(FLASH_TITLES[state.flash.code] ?? "The install did not complete", state.flash);
  await loadDeliveries();
  setInterval(loadDeliveries, 2000);
}

$("private-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const token = $("private-token").value;
  $("private-token").value = ""; // the worker keeps it from here on
  const d = await api("/api/token", { token });
  if (d.ok) showDashboard(d);
  else showNotice("The token was refused", d.error);
});

$("refresh").addEventListener("click", refresh);

// The JWT's payload, decoded as the Messenger (and anyone holding it) can: it is signed, not secret.
const payloadOf = (jwt) => JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));

$("sign").addEventListener("click", async () => {
  const m = await api("/api/messenger");
  if (!m.ok) {
    $("identity").hidden = true;
    text("identity-status", `${m.error?.code}: ${m.error?.message}`);
    return;
  }
  const payload = payloadOf(m.jwt);
  const rows = Object.entries(payload).map(([k, v]) => {
    const tr = document.createElement("tr");
    const shown = k === "exp" ? `${v} (${new Date(v * 1000).toLocaleTimeString()})` : typeof v === "string" ? v : JSON.stringify(v);
    tr.append(Object.assign(document.createElement("th"), { scope: "row", textContent: k }), Object.assign(document.createElement("td"), { textContent: shown }));
    return tr;
  });
  $("claims").tBodies[0].replaceChildren(...rows);
  text("user-hash", m.userHash);
  text("snippet", `window.intercomSettings = {\n  app_id: ${JSON.stringify(m.appId ?? "your_app_id")},\n  intercom_user_jwt: "${m.jwt}",\n};`);
  $("identity").hidden = false;
  text("identity-status", `Signed for ${m.verified.userId}; valid until ${new Date(m.verified.exp * 1000).toLocaleTimeString()}.`);
});

$("revoke").addEventListener("click", async () => {
  const r = await api("/api/mock/revoke", {});
  text("dashboard-status", r.ok ? "The mock revoked the token, as an admin can in Intercom's settings. Refresh to see what the worker gets now." : "The mock did not revoke the token.");
});

$("disconnect").addEventListener("click", async () => {
  const r = await api("/api/disconnect", {});
  setConnected(false);
  hideNotice();
  const after = r.after?.ok === false ? `The next call with the old token got ${r.after.error.code} (${r.after.error.status}).` : "";
  clearDashboard(r.ok ? `Disconnected: the worker called uninstall and forgot the token. ${after}` : `Uninstall failed: ${r.error?.code}. The worker forgot the token anyway. ${after}`);
});

async function loadDeliveries() {
  const { deliveries } = await api("/api/webhooks");
  if (!deliveries?.length) return;
  const rows = deliveries.map((d) => {
    const tr = document.createElement("tr");
    const cells = [new Date(d.at).toLocaleTimeString(), d.result, d.topic ?? "?", d.appId ?? "?", d.reason ?? (d.kind === "ping" ? "ping answered" : "signature valid"), d.workspace ?? "—"];
    cells.forEach((v, i) => tr.append(Object.assign(document.createElement("td"), { textContent: v, className: i === 1 ? d.result : "" })));
    return tr;
  });
  $("deliveries").tBodies[0].replaceChildren(...rows);
}

for (const button of $("webhook-actions").querySelectorAll("button")) {
  button.addEventListener("click", async () => {
    await api("/api/mock/webhook", { kind: button.dataset.kind });
    await loadDeliveries();
  });
}

// Connected workspaces (Connections): one row each, with what the worker can do for it.
const WORKSPACE_ACTIONS = [["check", "Check"], ["webhook", "Deliver a notification"], ["revoke", "Revoke at the mock"], ["disconnect", "Disconnect"]];
let mockActions = false;
let shownWorkspaces = "";

function showWorkspaces(list) {
  if (!Array.isArray(list)) return;
  // Unchanged: keep the rows (and the buttons a person may be about to press).
  const seen = JSON.stringify(list);
  if (seen === shownWorkspaces) return;
  shownWorkspaces = seen;
  const rows = list.map((w) => {
    const tr = document.createElement("tr");
    for (const v of [w.name, w.workspaceId, w.region.toUpperCase(), w.status]) tr.append(Object.assign(document.createElement("td"), { textContent: v }));
    tr.lastChild.className = w.status === "connected" ? "accepted" : "refused";
    const cell = document.createElement("td");
    for (const [action, label] of WORKSPACE_ACTIONS) {
      if (!mockActions && (action === "webhook" || action === "revoke")) continue;
      const b = Object.assign(document.createElement("button"), { type: "button", textContent: label });
      b.dataset.action = action;
      b.dataset.id = w.workspaceId;
      cell.append(b, " ");
    }
    tr.append(cell);
    return tr;
  });
  $("workspaces").tBodies[0].replaceChildren(...rows);
  $("workspaces").hidden = rows.length === 0;
  const broken = list.filter((w) => w.status !== "connected").length;
  text("workspaces-status", list.length ? `${list.length} connected${broken ? `, ${broken} needing a reconnect` : ""}.` : "None yet.");
}

async function loadWorkspaces() {
  showWorkspaces((await api("/api/workspaces")).workspaces);
}

$("workspaces").addEventListener("click", async (e) => {
  const b = e.target.closest("button[data-action]");
  if (!b) return;
  const r = await api(`/api/workspaces/${b.dataset.action}`, { workspaceId: b.dataset.id });
  showWorkspaces(r.workspaces);
  await loadDeliveries();
});

const started = start();
started.then(async () => {
  mockActions = !$("webhook-actions").hidden;
  await loadWorkspaces();
  setInterval(loadWorkspaces, 2000);
});
