// `make demo`: the demo worker in workerd, built on the packed package as a user would build
// it, against the mock Intercom (or real Intercom when INTERCOM_CLIENT_ID and
// INTERCOM_CLIENT_SECRET are set). Prints one URL; Ctrl-C stops everything.
// Usage: node www/serve.mjs [--port 8787]   (a taken port → a free one)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../tests/mock/server.mjs";
import { workerdConfig } from "../tests/support/runtimes.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const tarball = path.join(root, "dist/intercom-edge.tgz");
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const verbose = process.argv.includes("--verbose");
const say = (line) => verbose && console.error(`demo: ${line}`);

function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} failed:\n${out}`))));
  });
}

const portFree = (port) =>
  new Promise((resolve) => {
    const s = net.createServer().once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
const anyPort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// --- the user's project: the worker's files and the packed package, installed by npm ---
if (!existsSync(tarball)) throw new Error("dist/intercom-edge.tgz is missing: run `make package` (make demo does)");
const app = mkdtempSync(path.join(os.tmpdir(), "intercom-edge-demo-"));
for (const f of ["worker.mjs", "connection.mjs", "webhooks.mjs", "messenger.mjs", "static"]) cpSync(path.join(here, f), path.join(app, f), { recursive: true });
writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "intercom-demo-worker", private: true, type: "module", dependencies: { "intercom-edge": `file:${tarball}` } }));
say(`installing the package into ${app}`);
await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--offline"], app).catch(() =>
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], app),
);

// Bundled as wrangler does: workerd conditions, the .wasm a module of its own, pages as text.
const esbuild = await import(path.join(root, "node_modules/esbuild/lib/main.js"));
const out = path.join(app, "out");
mkdirSync(out);
await esbuild.build({
  entryPoints: [path.join(app, "worker.mjs")], outfile: path.join(out, "worker.js"), bundle: true, format: "esm",
  conditions: ["workerd", "worker", "browser"], external: ["*.wasm"], loader: { ".html": "text", ".css": "text" }, logLevel: "error",
  plugins: [{ name: "static-as-text", setup: (b) => b.onLoad({ filter: /[\\/]static[\\/].*\.js$/ }, async (a) => ({ contents: await import("node:fs/promises").then((fs) => fs.readFile(a.path, "utf8")), loader: "text" })) }],
});
cpSync(path.join(app, "node_modules/intercom-edge/intercom_edge_bg.wasm"), path.join(out, "intercom_edge_bg.wasm"));

// --- ports: the preferred one when free, any free one otherwise ---
const preferred = Number(arg("port") ?? 8787);
const port = preferred && (await portFree(preferred)) ? preferred : await anyPort();
const origin = `http://127.0.0.1:${port}`;

// --- Intercom: real when the app's credentials are set, else the mock ---
const real = Boolean(process.env.INTERCOM_CLIENT_ID && process.env.INTERCOM_CLIENT_SECRET);
let mock = null;
// Random per run unless given: a restart then simply asks the browser to connect again.
const secret = (name) => process.env[name] ?? randomBytes(32).toString("hex");
const env = { STATE_SECRET: secret("STATE_SECRET"), TOKEN_KEY: secret("TOKEN_KEY") };
if (real) {
  Object.assign(env, { INTERCOM_CLIENT_ID: process.env.INTERCOM_CLIENT_ID, INTERCOM_CLIENT_SECRET: process.env.INTERCOM_CLIENT_SECRET });
  if (process.env.MESSENGER_SECRET) env.MESSENGER_SECRET = process.env.MESSENGER_SECRET;
} else {
  env.MESSENGER_SECRET = secret("MESSENGER_SECRET");
  mock = await startMock({ uninstallNotifyUrl: `${origin}/intercom/uninstalled` });
  Object.assign(env, {
    INTERCOM_CLIENT_ID: mock.oauth.client_id,
    INTERCOM_CLIENT_SECRET: mock.oauth.client_secret,
    INTERCOM_MOCK_URL: mock.url,
    INTERCOM_MOCK_SAMPLE_TOKEN: mock.tokens.us.valid,
    INTERCOM_MOCK_HOSTS: JSON.stringify(mock.hosts),
  });
}

// Secrets reach workerd through its environment, never through a file on disk.
writeFileSync(path.join(out, "config.capnp"), workerdConfig({ fromEnv: Object.keys(env), port }));
const workerd = spawn(path.join(root, "node_modules/.bin/workerd"), ["serve", "config.capnp"], {
  cwd: out,
  env: { ...process.env, ...env },
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
workerd.stdout.on("data", (d) => (log += d));
workerd.stderr.on("data", (d) => (log += d));

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  workerd.kill("SIGTERM");
  await mock?.stop();
  rmSync(app, { recursive: true, force: true });
  process.exit(code);
}
workerd.on("exit", (code) => {
  if (stopping) return;
  console.error(`workerd exited (${code}):\n${log}`);
  stop(1);
});
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

// The URL is printed once it answers.
for (let i = 0; ; i++) {
  if (await fetch(`${origin}/api/state`).then((r) => r.ok, () => false)) break;
  if (i > 300) {
    console.error(`workerd did not answer on ${origin}:\n${log}`);
    await stop(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}
say(real ? "against Intercom: register this redirect URL in the Developer Hub: " + `${origin}/oauth/callback` : `mock Intercom at ${mock.url}`);
console.log(`intercom-edge demo: ${origin}/`);
