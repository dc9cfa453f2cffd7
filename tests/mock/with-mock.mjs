// Run a command against a fresh mock: node tests/mock/with-mock.mjs [--port N] [--scenario F] -- <command> [args...]
// Exits with the command's exit code (128+signal if it was killed).
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { startMock } from "./server.mjs";

const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
const own = sep >= 0 ? argv.slice(0, sep) : [];
const cmd = sep >= 0 ? argv.slice(sep + 1) : argv;
if (cmd.length === 0) {
  console.error("usage: node tests/mock/with-mock.mjs [--port N] [--scenario FILE] -- <command> [args...]");
  process.exit(2);
}
const opt = (name) => {
  const i = own.indexOf(`--${name}`);
  return i >= 0 ? own[i + 1] : undefined;
};

const mock = await startMock({ port: Number(opt("port") ?? 0), scenario: opt("scenario") });
const env = {
  ...process.env,
  INTERCOM_MOCK_URL: mock.url,
  INTERCOM_MOCK_TOKEN: mock.tokens.us.valid,
  INTERCOM_MOCK_EU_URL: mock.hosts.eu,
  INTERCOM_MOCK_AU_URL: mock.hosts.au,
  INTERCOM_MOCK_TOKENS: JSON.stringify(mock.tokens),
  INTERCOM_MOCK_CLIENT_ID: mock.oauth.client_id ?? "",
  INTERCOM_MOCK_CLIENT_SECRET: mock.oauth.client_secret ?? "",
};

const child = spawn(cmd[0], cmd.slice(1), { stdio: "inherit", env });
// Forward termination so the child can clean up; we exit when it does.
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));

const code = await new Promise((resolve) => {
  child.on("error", (err) => {
    console.error(`with-mock: cannot run ${cmd[0]}: ${err.message}`);
    resolve(err.code === "ENOENT" ? 127 : 126);
  });
  child.on("exit", (c, signal) => resolve(c ?? 128 + (constants.signals[signal] ?? 1)));
});
await mock.stop();
process.exit(code);
