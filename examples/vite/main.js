import { init, IntercomClient, IntercomError } from "intercom-edge";

// Used before init(), the package says so with an IntercomError (code "not_initialized").
let beforeInit;
try {
  new IntercomClient({ token: "x", dangerouslyAllowBrowser: true });
} catch (err) {
  beforeInit = err instanceof IntercomError ? err.code : String(err);
}

await init();

const $ = (id) => document.getElementById(id);
$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  // dangerouslyAllowBrowser: a local tool only; never ship a token to a public page.
  const options = { baseUrl: $("baseUrl").value || undefined, dangerouslyAllowBrowser: true };
  const { admins } = await new IntercomClient({ ...options, token: $("token").value }).listAdmins();
  let error;
  try {
    await new IntercomClient({ ...options, token: "not-a-real-token" }).listAdmins();
  } catch (err) {
    if (!(err instanceof IntercomError)) throw err;
    error = { code: err.code, status: err.status, hint: err.hint };
  }
  $("result").textContent = JSON.stringify({ admins: admins.map((a) => a.name), error, beforeInit });
});
document.body.dataset.ready = "true"; // the form works from here on
