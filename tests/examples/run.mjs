// Builds every example in examples/ with its own toolchain, as a user following the README
// would, with the packed tarball installed, and runs it against the mock Intercom over real
// HTTP. Each run must return the mock's admins and an IntercomError for a wrong token.
// Usage: make package && node tests/examples/run.mjs [node deno bun esbuild wrangler types nextjs vite]
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock/server.mjs";
import { workerdConfig } from "../support/runtimes.mjs";
import { chromiumPage, closeChromium, exec, freePort, getJson, installTarball, killTree, lastJson, serve, track } from "./tools.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const examples = path.join(root, "examples");
const compat = path.join(here, "compat");
const scratch = path.join(root, "tests/.scratch/examples");
// EXAMPLES_TARBALL runs the same checks against another build (e.g. an older release).
const tarball = path.resolve(process.env.EXAMPLES_TARBALL ?? path.join(root, "dist/intercom-edge.tgz"));
const rootBin = (name) => path.join(root, "node_modules/.bin", name);
const examplesBin = (name) => path.join(examples, "node_modules/.bin", name);
const compatBin = (name) => path.join(compat, "node_modules/.bin", name);
const node22 = path.join(compat, "node_modules/node22/bin/node");

if (!existsSync(tarball)) throw new Error("dist/intercom-edge.tgz is missing: run make package");
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });

const mock = await startMock();
const token = mock.tokens.us.valid;
const expectedAdmins = mock.workspaces.us.admins.map((a) => a.name);
const env = { ...process.env, INTERCOM_ACCESS_TOKEN: token, INTERCOM_BASE_URL: mock.url, NO_COLOR: "1" };

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`PASS ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(err?.stack ?? err).split("\n").join("\n     ")}`);
  }
}

/** What every example answers: the mock's admins, and the IntercomError of a wrong token. */
function assertExampleResult(result) {
  assert.deepEqual(result.admins, expectedAdmins, "the admins listed");
  assert.equal(result.error?.code, "unauthorized", `the IntercomError caught: ${JSON.stringify(result.error)}`);
  assert.equal(result.error?.status, 401);
}

/** Runs a program and checks the JSON it prints. */
async function runsOk(cmd, args, opts) {
  const r = await exec(cmd, args, { env, ...opts });
  assert.equal(r.code, 0, r.out);
  assertExampleResult(lastJson(r.out));
}

/** Bundles with a CLI, failing with its output. */
async function build(cmd, args, opts) {
  const r = await exec(cmd, args, { env, ...opts });
  assert.equal(r.code, 0, `${path.basename(cmd)} ${args.join(" ")}\n${r.out}`);
  return r.out;
}

/**
 * The Worker example imports `intercom-edge/client`: its bundle must carry that entry's wasm
 * and no other (not the whole package's, not a second copy).
 */
function onlyClientWasm(out) {
  const wasms = readdirSync(out).filter((f) => f.endsWith(".wasm"));
  const client = readFileSync(path.join(example("cloudflare-worker"), "node_modules/intercom-edge/client/intercom_edge_client_bg.wasm"));
  assert.equal(wasms.length, 1, `one .wasm expected in ${out}: ${wasms}`);
  assert.ok(readFileSync(path.join(out, wasms[0])).equals(client), `${wasms[0]} is not intercom-edge/client's wasm`);
}

/** Serves a Worker bundle (one .js, one .wasm module) in workerd and GETs /admins. */
async function inWorkerd(dir, { expectStartError } = {}) {
  const js = readdirSync(dir).find((f) => f.endsWith(".js"));
  renameSync(path.join(dir, js), path.join(dir, "worker.js"));
  const wasmName = readdirSync(dir).find((f) => f.endsWith(".wasm"));
  const port = await freePort();
  const bindings = { INTERCOM_ACCESS_TOKEN: token, INTERCOM_BASE_URL: mock.url };
  writeFileSync(path.join(dir, "config.capnp"), workerdConfig({ port, bindings, wasm: Boolean(wasmName), wasmName }));
  // workerd prints nothing when it is up: start it and poll.
  const child = track(spawn(rootBin("workerd"), ["serve", "--verbose", "config.capnp"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], detached: true }));
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  try {
    let res;
    for (let i = 0; i < 100 && !res && child.exitCode === null; i++) {
      res = await fetch(`http://127.0.0.1:${port}/admins`).catch(() => null);
      if (!res) await new Promise((r) => setTimeout(r, 100));
    }
    if (expectStartError) {
      assert.notEqual(res?.status, 200, "the Worker should not have started");
      assert.match(log, expectStartError, `workerd's log should name the fix:\n${log}`);
      return;
    }
    assert.ok(res, `workerd did not answer:\n${log}`);
    const text = await res.text();
    assert.equal(res.status, 200, `${text}\n${log}`);
    assertExampleResult(JSON.parse(text));
  } finally {
    killTree(child);
  }
}

const example = (name) => path.join(examples, name);
for (const name of ["node", "deno", "bun", "cloudflare-worker"]) await installTarball(tarball, example(name));

const suites = {
  async node() {
    const dir = example("node");
    await check("node 20: import (ESM)", () => runsOk("node", ["index.mjs"], { cwd: dir }));
    await check("node 20: require (CJS)", () => runsOk("node", ["index.cjs"], { cwd: dir }));
    await check("node 22: import (ESM)", () => runsOk(node22, ["index.mjs"], { cwd: dir }));
    await check("node 22: require (CJS)", () => runsOk(node22, ["index.cjs"], { cwd: dir }));
  },

  async deno() {
    const dir = example("deno");
    const host = new URL(mock.url).host;
    await check("deno 2: --allow-net=<listen,mock> --allow-env, no --allow-read", async () => {
      const server = await serve(
        rootBin("deno"),
        ["run", `--allow-net=127.0.0.1,${host}`, "--allow-env=INTERCOM_ACCESS_TOKEN,INTERCOM_BASE_URL,PORT", "main.ts"],
        { cwd: dir, env: { ...env, PORT: "0" }, ready: /listening on (http:\/\/\S+)/ },
      );
      try {
        assertExampleResult(await getJson(`${server.url}/admins`));
      } finally {
        await server.stop();
      }
    });
  },

  async bun() {
    const dir = example("bun");
    const bunServer = async (file, cwd) => {
      const server = await serve(rootBin("bun"), [file], { cwd, env: { ...env, PORT: "0" }, ready: /listening on (http:\/\/\S+?)\/?$/m });
      try {
        assertExampleResult(await getJson(`${server.url}/admins`));
      } finally {
        await server.stop();
      }
    };
    await check("bun: server.ts", () => bunServer("server.ts", dir));
    await check("bun build --target=bun: the bundle runs alone (no node_modules beside it)", async () => {
      const out = path.join(scratch, "bun-server");
      await build(rootBin("bun"), ["build", "server.ts", "--target=bun", `--outdir=${out}`], { cwd: dir });
      await bunServer("server.js", out);
    });
    await check("bun build --target=node: a Node server bundle runs alone", async () => {
      const out = path.join(scratch, "bun-node");
      await build(rootBin("bun"), ["build", "index.mjs", "--target=node", `--outdir=${out}`], { cwd: example("node") });
      await runsOk("node", ["index.js"], { cwd: out });
    });
    await check("bun build Worker with --external '*.wasm' + the file copied: runs in workerd", async () => {
      const out = path.join(scratch, "bun-worker");
      const dir = example("cloudflare-worker");
      await build(rootBin("bun"), ["build", "src/index.ts", "--conditions=workerd", "--external", "*.wasm", `--outdir=${out}`], { cwd: dir });
      cpSync(path.join(dir, "node_modules/intercom-edge/client/intercom_edge_client_bg.wasm"), path.join(out, "intercom_edge_client_bg.wasm"));
      await inWorkerd(out);
    });
    await check("bun build Worker without the flag: the Worker's start error names the file and the fix", async () => {
      const out = path.join(scratch, "bun-worker-plain");
      await build(rootBin("bun"), ["build", "src/index.ts", "--conditions=workerd", `--outdir=${out}`], { cwd: example("cloudflare-worker") });
      for (const f of readdirSync(out)) if (f.endsWith(".wasm")) rmSync(path.join(out, f));
      await inWorkerd(out, { expectStartError: /importing intercom_edge_client_bg\.wasm gave the string .*--loader:\.wasm=copy.*--external '\*\.wasm'/s });
    });
  },

  async esbuild() {
    const esbuild = rootBin("esbuild");
    await check("esbuild --platform=node (ESM): the server bundle runs alone", async () => {
      const out = path.join(scratch, "esbuild-node-esm/index.mjs");
      await build(esbuild, ["index.mjs", "--bundle", "--platform=node", "--format=esm", `--outfile=${out}`], { cwd: example("node") });
      await runsOk("node", [out], { cwd: path.dirname(out) });
    });
    await check("esbuild --platform=node (CJS): the server bundle runs alone", async () => {
      const out = path.join(scratch, "esbuild-node-cjs/index.cjs");
      await build(esbuild, ["index.cjs", "--bundle", "--platform=node", "--format=cjs", `--outfile=${out}`], { cwd: example("node") });
      await runsOk("node", [out], { cwd: path.dirname(out) });
    });
    await check("esbuild Worker (intercom-edge/client) --conditions=workerd --loader:.wasm=copy: only the client wasm; runs in workerd", async () => {
      const out = path.join(scratch, "esbuild-worker");
      await build(esbuild, ["src/index.ts", "--bundle", "--format=esm", "--conditions=workerd", "--loader:.wasm=copy", `--outdir=${out}`], {
        cwd: example("cloudflare-worker"),
      });
      onlyClientWasm(out);
      await inWorkerd(out);
    });
    await check("esbuild Worker without the loader: esbuild's error names the .wasm file", async () => {
      const r = await exec(esbuild, ["src/index.ts", "--bundle", "--format=esm", "--conditions=workerd", "--outdir=/dev/null/x"], {
        cwd: example("cloudflare-worker"),
      });
      assert.notEqual(r.code, 0);
      assert.match(r.out, /No loader is configured for "\.wasm" files: node_modules\/intercom-edge\/client\/intercom_edge_client_bg\.wasm/);
    });
  },

  async types() {
    // One project per setting, under compat/ so @types/node resolves; strict, no skipLibCheck.
    const settings = {
      "bundler + DOM lib": { type: "module", module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"], types: [] },
      "bundler, no DOM, @types/node": { type: "module", module: "esnext", moduleResolution: "bundler", lib: ["es2022"], types: ["node"] },
      "node16 ESM, no DOM, @types/node": { type: "module", module: "node16", moduleResolution: "node16", lib: ["es2022"], types: ["node"] },
      "node16 CJS package, no DOM, @types/node": { type: "commonjs", module: "node16", moduleResolution: "node16", lib: ["es2022"], types: ["node"] },
      "nodenext ESM + DOM lib": { type: "module", module: "nodenext", moduleResolution: "nodenext", lib: ["es2022", "dom"], types: [] },
      "nodenext CJS package + DOM lib": { type: "commonjs", module: "nodenext", moduleResolution: "nodenext", lib: ["es2022", "dom"], types: [] },
    };
    const compilers = { "TypeScript 7.0.2": rootBin("tsc"), "TypeScript 5.0.4 (the minimum)": path.join(compat, "node_modules/typescript-min/bin/tsc") };
    let n = 0;
    for (const [setting, { type, ...options }] of Object.entries(settings)) {
      const dir = path.join(compat, "work/types", String(n++));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      cpSync(path.join(here, "types/check.ts"), path.join(dir, "check.ts"));
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "types-check", private: true, type }));
      const compilerOptions = { strict: true, noEmit: true, skipLibCheck: false, target: "es2022", ...options };
      writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["check.ts"] }, null, 2));
      await installTarball(tarball, dir);
      for (const [compiler, tsc] of Object.entries(compilers)) {
        await check(`${compiler}: ${setting}`, async () => {
          const r = await exec(tsc, ["-p", "."], { cwd: dir });
          assert.equal(r.code, 0, r.out);
        });
      }
    }
    for (const [compiler, tsc] of Object.entries(compilers)) {
      await check(`${compiler}: the Worker example with @cloudflare/workers-types, no DOM`, async () => {
        const r = await exec(tsc, ["-p", "."], { cwd: example("cloudflare-worker") });
        assert.equal(r.code, 0, r.out);
      });
    }
  },

  async nextjs() {
    // Next.js 16 from examples/ in place; Next.js 15 on a copy beside the older toolchains.
    const v16 = example("nextjs");
    const v15 = path.join(compat, "work/nextjs");
    rmSync(v15, { recursive: true, force: true });
    cpSync(v16, v15, { recursive: true, filter: (f) => !/[\\/](node_modules|\.next)$/.test(f) });
    for (const dir of [v15, v16]) {
      rmSync(path.join(dir, ".next"), { recursive: true, force: true });
      await installTarball(tarball, dir);
    }
    const next = { 15: compatBin("next"), 16: examplesBin("next") };
    const nenv = { ...env, NEXT_TELEMETRY_DISABLED: "1" };
    const routes = async (origin, { action = true } = {}) => {
      for (const route of ["/api/node", "/api/edge", "/middleware"]) {
        try {
          assertExampleResult(await getJson(`${origin}${route}`));
        } catch (err) {
          throw new Error(`${route}: ${err.message}`);
        }
      }
      if (!action) return;
      const page = await chromiumPage(root);
      try {
        await page.goto(`${origin}/action`);
        await page.click("text=Check Intercom");
        await page.waitForFunction(() => document.querySelector("#result")?.textContent, null, { timeout: 120_000 });
        assertExampleResult(JSON.parse(await page.textContent("#result")));
      } finally {
        await page.close();
      }
    };
    const built = async (version, dir, flags, label) => {
      await check(`Next.js ${version} next build${label} + next start: Node route, edge route, middleware, server action`, async () => {
        await build(next[version], ["build", ...flags], { cwd: dir, env: nenv, timeoutMs: 400_000 });
        const port = await freePort();
        const server = await serve(next[version], ["start", "-H", "127.0.0.1", "-p", String(port)], { cwd: dir, env: nenv, ready: /Ready|started server/i });
        try {
          await routes(`http://127.0.0.1:${port}`);
        } finally {
          await server.stop();
        }
      });
    };
    const dev = async (version, dir, flags, label) => {
      await check(`Next.js ${version} next dev${label}: Node route, edge route, middleware, server action`, async () => {
        rmSync(path.join(dir, ".next"), { recursive: true, force: true });
        const port = await freePort();
        const server = await serve(next[version], ["dev", ...flags, "-H", "127.0.0.1", "-p", String(port)], { cwd: dir, env: nenv, ready: /Ready/i });
        try {
          await routes(`http://127.0.0.1:${port}`);
        } finally {
          await server.stop();
        }
      });
    };
    await built(15, v15, [], " (webpack, the default)");
    await dev(15, v15, [], " (webpack, the default)");
    await built(16, v16, [], " (Turbopack, the default)");
    await dev(16, v16, [], " (Turbopack, the default)");
    await built(16, v16, ["--webpack"], " --webpack");
    await dev(15, v15, ["--turbopack"], " --turbopack");
    await closeChromium();
  },

  async vite() {
    // Vite 8 from examples/ in place; Vite 7 on a copy beside the older toolchains.
    const v8 = example("vite");
    const v7 = path.join(compat, "work/vite");
    rmSync(v7, { recursive: true, force: true });
    cpSync(v8, v7, { recursive: true, filter: (f) => !/[\\/](node_modules|dist)$/.test(f) });
    for (const dir of [v7, v8]) await installTarball(tarball, dir);
    const vite = { 7: compatBin("vite"), 8: examplesBin("vite") };
    const usePage = async (origin) => {
      const page = await chromiumPage(root);
      const problems = [];
      page.on("pageerror", (e) => problems.push(String(e)));
      try {
        page.on("console", (m) => problems.push(`console: ${m.text()}`));
        await page.goto(origin);
        // Wait for the page's script (init() done, handler attached) before using the form.
        await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
        await page.fill("#token", token);
        await page.fill("#baseUrl", mock.url);
        await page.click("text=List admins");
        await page.waitForFunction(() => document.querySelector("#result")?.textContent, null, { timeout: 60_000 }).catch(() => {
          throw new Error(`no result in the page; page errors: ${problems.join("\n") || "none"}`);
        });
        const result = JSON.parse(await page.textContent("#result"));
        assertExampleResult(result);
        assert.equal(result.beforeInit, "not_initialized", "a call before init() is IntercomError not_initialized");
      } finally {
        await page.close();
      }
    };
    for (const [version, dir] of [[7, v7], [8, v8]]) {
      await check(`Vite ${version} dev server (dependency pre-bundling): the page in Chromium`, async () => {
        rmSync(path.join(dir, "node_modules/.vite"), { recursive: true, force: true });
        const port = await freePort();
        const server = await serve(vite[version], ["--host", "127.0.0.1", "--port", String(port), "--strictPort"], { cwd: dir, env, ready: /Local:\s+(http\S+)/ });
        try {
          await usePage(server.url);
        } finally {
          await server.stop();
        }
      });
      await check(`Vite ${version} vite build + vite preview: the page in Chromium`, async () => {
        await build(vite[version], ["build"], { cwd: dir });
        const port = await freePort();
        const server = await serve(vite[version], ["preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], { cwd: dir, env, ready: /Local:\s+(http\S+)/ });
        try {
          await usePage(server.url);
        } finally {
          await server.stop();
        }
      });
    }
    await closeChromium();
  },

  async wrangler() {
    const dir = example("cloudflare-worker");
    const wrangler = examplesBin("wrangler");
    const wenv = { ...env, WRANGLER_SEND_METRICS: "false", CI: "1", WRANGLER_LOG_PATH: path.join(scratch, "wrangler-logs") };
    await check("wrangler 4.86.0 deploy --dry-run: the Worker (intercom-edge/client) uploads only the client .wasm, as a module", async () => {
      const out = path.join(scratch, "wrangler-dry-run");
      const log = await build(wrangler, ["deploy", "--dry-run", `--outdir=${out}`], { cwd: dir, env: wenv });
      assert.ok(readdirSync(out).some((f) => f.endsWith(".wasm")), `no .wasm module in ${readdirSync(out)}\n${log}`);
      onlyClientWasm(out);
    });
    await check("wrangler 4.86.0 dev --local: /admins", async () => {
      const [port, inspector] = [await freePort(), await freePort()];
      const server = await serve(
        wrangler,
        ["dev", "--local", "--ip=127.0.0.1", `--port=${port}`, `--inspector-port=${inspector}`, "--var", `INTERCOM_ACCESS_TOKEN:${token}`, "--var", `INTERCOM_BASE_URL:${mock.url}`],
        { cwd: dir, env: wenv, ready: /Ready on (http:\/\/\S+)/ },
      );
      try {
        assertExampleResult(await getJson(`http://127.0.0.1:${port}/admins`));
      } finally {
        await server.stop();
      }
    });
  },
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(suites);
for (const name of wanted) {
  if (!suites[name]) throw new Error(`unknown suite ${name}; known: ${Object.keys(suites).join(" ")}`);
  await suites[name]();
}
await mock.stop();
console.log(`examples: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
