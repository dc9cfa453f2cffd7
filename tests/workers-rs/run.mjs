// The workers-rs Worker (tests/workers-rs) built offline — cargo, then the wasm-bindgen CLI of
// the version Cargo.lock holds, then a shim as worker-build writes one — and served by workerd
// against the mock Intercom. Prints what the Worker answers. Run by `make test` (test-workers-rs).
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock/server.mjs";
import { workerdConfig } from "../support/runtimes.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
// A target dir of its own: intercom-edge is a cdylib, so its rlib has no hash in its file name
// and a build with other features in the main target dir would overwrite the one make test uses.
const target = path.join(root, "target/workers-rs-build");
const out = path.join(root, "target/workers-rs");
const esbuild = await import(path.join(root, "node_modules/esbuild/lib/main.js"));

execFileSync("cargo", ["build", "--quiet", "--locked", "--target", "wasm32-unknown-unknown", "--manifest-path", path.join(here, "Cargo.toml")], {
  stdio: "inherit", env: { ...process.env, CARGO_TARGET_DIR: target },
});
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync("wasm-bindgen", ["--target", "web", "--out-name", "intercom_edge", "--out-dir", out,
  path.join(target, "wasm32-unknown-unknown/debug/intercom_edge_workers_rs.wasm")], { stdio: "inherit" });
// The shim: the wasm arrives as a compiled module (workerd), the handler is the `fetch` export
// that `#[event(fetch)]` generates.
writeFileSync(path.join(out, "shim.mjs"), `import { initSync, fetch as handler } from "./intercom_edge.js";
import wasm from "./intercom_edge_bg.wasm";
initSync({ module: wasm });
export default { fetch: (request, env, ctx) => handler(request, env, ctx) };
`);
await esbuild.build({ entryPoints: [path.join(out, "shim.mjs")], outfile: path.join(out, "worker.js"), bundle: true,
  format: "esm", external: ["*.wasm"], logLevel: "error" });

const mock = await startMock();
const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const port = await freePort();
writeFileSync(path.join(out, "config.capnp"), workerdConfig({
  port,
  bindings: {
    INTERCOM_BASE_URL: mock.url,
    INTERCOM_ACCESS_TOKEN: mock.tokens.us.valid,
    REVOKED_TOKEN: mock.tokens.revoked,
    STATE_SECRET: "workers-rs-state-secret-0123456789",
  },
}));
const workerd = spawn(path.join(root, "node_modules/.bin/workerd"), ["serve", "config.capnp"], { cwd: out, stdio: ["ignore", "pipe", "pipe"] });
let log = "";
workerd.stdout.on("data", (d) => (log += d));
workerd.stderr.on("data", (d) => (log += d));
const origin = `http://127.0.0.1:${port}`;

let failed = 0;
try {
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    up = await fetch(`${origin}/nothing`).then(() => true, () => false);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) throw new Error(`workerd did not serve the Worker:\n${log}`);
  const cases = [
    ["/admins", 200, /^\d+ admins: .+/],
    ["/revoked", 500, /^401 IntercomError \[token_revoked\]: Intercom 401 token_revoked/],
    ["/state", 200, /^state verified, data "\/settings"; tampered state: oauth_state_invalid$/],
    ["/connections", 200, /^saved acmeus01 us; \d+ admins; resealed true; token in store false; missing not_connected; revk0001 reconnect_needed, acmeus01 connected$/],
  ];
  for (const [p, status, body] of cases) {
    const res = await fetch(origin + p);
    const text = await res.text();
    const ok = res.status === status && body.test(text);
    console.log(`${ok ? "PASS" : "FAIL"} workers-rs in workerd: GET ${p} → ${res.status} ${text}`);
    if (!ok) failed++;
  }
} catch (e) {
  console.log(`FAIL workers-rs in workerd: ${e.message}`);
  failed++;
} finally {
  workerd.kill("SIGTERM");
  await mock.stop();
}
if (failed) {
  console.log(log);
  process.exit(1);
}
process.exit(0);
